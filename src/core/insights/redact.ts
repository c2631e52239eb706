import { FlamekitError, isFlamekitError } from '../errors';

/**
 * Keeps secrets out of what a provider throws. A server may echo the API key back (in an error
 * object, an `event: error`, a chunk that is not JSON, an error body), and `fetch` puts the URL it
 * was given, password and query included, into its own error text. So every message and every
 * cause of a thrown error goes through one redactor, whatever produced it: the key, the URL's
 * user name, password and query values, and the values of the extra headers are replaced with
 * `***`, and any `scheme://user:password@` left is cut to `scheme://***@`.
 */
export interface Redactor {
  text(text: string): string;
  /** The error with its message and causes redacted; other objects (an abort reason) as they are. */
  error(error: unknown): unknown;
}

/** Secrets shorter than this are not searched for: they would match ordinary words. */
const MIN_SECRET_LENGTH = 4;
const MAX_CAUSES = 8;

export function createRedactor(
  url: string,
  apiKey: string | undefined,
  headers: Record<string, string> | undefined,
): Redactor {
  const secrets = new Set<string>();
  const add = (value: string | undefined) => {
    if (!value || value.length < MIN_SECRET_LENGTH) return;
    for (const form of [value, safeDecode(value), encodeURIComponent(value)])
      if (form.length >= MIN_SECRET_LENGTH) secrets.add(form);
  };
  add(apiKey);
  for (const [name, value] of Object.entries(headers ?? {}))
    if (!/^(content-type|accept)$/i.test(name)) add(value);
  const credentials = /^[a-z][a-z0-9+.-]*:\/\/([^@/?#]*)@/i.exec(url.trim())?.[1];
  if (credentials) {
    const colon = credentials.indexOf(':');
    add(colon < 0 ? credentials : credentials.slice(0, colon));
    if (colon >= 0) add(credentials.slice(colon + 1));
  }
  const query = /\?([^#]*)/.exec(url)?.[1] ?? '';
  for (const pair of query.split('&')) add(pair.slice(pair.indexOf('=') + 1));
  // Longest first, so that a key containing another secret is replaced whole.
  const list = [...secrets].sort((a, b) => b.length - a.length);
  const text = (value: string) => {
    let result = value;
    for (const secret of list)
      if (result.includes(secret)) result = result.split(secret).join('***');
    return withoutUserInfo(result);
  };
  return { text, error: (error) => redactError(error, text) };
}

function redactError(error: unknown, text: (value: string) => string): unknown {
  if (isFlamekitError(error)) {
    const copy = new FlamekitError(error.code, text(error.reason), {
      format: error.format,
      position: error.position,
      ...(error.cause !== undefined && { cause: redactCause(error.cause, text, 0) }),
    });
    if (error.stack) copy.stack = text(error.stack);
    return copy;
  }
  return error;
}

/** A stand-in for a cause (fetch's TypeError and what it wraps) with the secrets taken out. */
function redactCause(cause: unknown, text: (value: string) => string, depth: number): unknown {
  if (!(cause instanceof Error)) return typeof cause === 'string' ? text(cause) : undefined;
  if (isFlamekitError(cause)) return redactError(cause, text);
  const copy = new Error(
    text(cause.message),
    depth < MAX_CAUSES && cause.cause !== undefined
      ? { cause: redactCause(cause.cause, text, depth + 1) }
      : undefined,
  );
  copy.name = cause.name;
  copy.stack = cause.stack === undefined ? undefined : text(cause.stack);
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(copy, { code });
  return copy;
}

/** `scheme://user:password@host` as `scheme://***@host`, at each "://" (one pass, no regex). */
function withoutUserInfo(text: string): string {
  let result = '';
  let copied = 0;
  for (let at = text.indexOf('://'); at >= 0; at = text.indexOf('://', at + 3)) {
    let end = at + 3;
    while (end < text.length && !/[\s@/?#]/.test(text[end])) end++;
    if (text[end] !== '@' || end === at + 3) continue;
    result += `${text.slice(copied, at + 3)}***`;
    copied = end;
  }
  return result + text.slice(copied);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
