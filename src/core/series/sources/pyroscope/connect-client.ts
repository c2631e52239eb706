import { FlamekitError } from '../../../errors';

/**
 * Unary calls of the Connect protocol with the JSON codec (connectrpc.com/docs/protocol): a POST
 * of `application/json` to `<base>/<package>.<Service>/<Method>`, answered with status 200 and the
 * response message as JSON, or with another status and a JSON error `{ code, message }`.
 */

/** The part of `fetch` the client calls. The global `fetch` of browsers and Node 18+ fits. */
export type ConnectFetch = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{
  ok: boolean;
  status: number;
  statusText: string;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

/** Request headers, or a function that gives them for each request (a token that rotates). */
export type ConnectHeaders =
  | Readonly<Record<string, string>>
  | (() => Readonly<Record<string, string>> | Promise<Readonly<Record<string, string>>>);

export interface ConnectSettings {
  /** The base URL the procedure paths are appended to, without credentials. */
  base: string;
  /** The base as error messages show it: no credentials, no query. */
  shown: string;
  /** Sent first, so that `headers` can replace them. */
  fixedHeaders: Record<string, string>;
  headers?: ConnectHeaders;
  /** Sent last: these win over `headers` (the tenant). */
  overrideHeaders: Record<string, string>;
  fetch?: ConnectFetch;
  /** Sent as `Connect-Timeout-Ms`, and the call gives up locally then. */
  timeoutMs?: number;
}

/** Connect's error codes and the HTTP statuses it maps them to, for messages and retries. */
export type ConnectCode =
  | 'canceled'
  | 'unknown'
  | 'invalid_argument'
  | 'deadline_exceeded'
  | 'not_found'
  | 'already_exists'
  | 'permission_denied'
  | 'resource_exhausted'
  | 'failed_precondition'
  | 'aborted'
  | 'out_of_range'
  | 'unimplemented'
  | 'internal'
  | 'unavailable'
  | 'data_loss'
  | 'unauthenticated';

const CODES = new Set<string>([
  'canceled',
  'unknown',
  'invalid_argument',
  'deadline_exceeded',
  'not_found',
  'already_exists',
  'permission_denied',
  'resource_exhausted',
  'failed_precondition',
  'aborted',
  'out_of_range',
  'unimplemented',
  'internal',
  'unavailable',
  'data_loss',
  'unauthenticated',
]);

/** The protocol's table for an error answer without a readable `code`. */
function codeOfStatus(status: number): ConnectCode {
  switch (status) {
    case 400:
      return 'internal';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'permission_denied';
    case 404:
      return 'unimplemented';
    case 429:
    case 502:
    case 503:
    case 504:
      return 'unavailable';
    default:
      return 'unknown';
  }
}

/** What a failed call's `FlamekitError` carries as its `cause`. */
export interface ConnectFailure {
  /** The Connect code the server sent, or the one its HTTP status stands for. */
  connectCode: ConnectCode;
  /** The HTTP status; 0 when no answer came (unreachable, timed out). */
  httpStatus: number;
  /** The server's own message. */
  serverMessage: string;
  /** The procedure called, such as `querier.v1.QuerierService/SelectSeries`. */
  procedure: string;
}

/** Longest server message kept in an error: a proxy may answer with a whole HTML page. */
const MAX_MESSAGE = 300;

/**
 * Calls `procedure` with `request` (a JSON value) and resolves to the parsed response. Failures are
 * `FlamekitError`s: `network-error` (with a {@link ConnectFailure} as `cause`) for an error
 * answer, no answer or the timeout; `parse-error` for a 200 answer that is not JSON. Cancelling
 * `signal` rejects with its `reason` as it is.
 */
export async function callConnect(
  settings: ConnectSettings,
  procedure: string,
  request: unknown,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  if (signal?.aborted) throw signal.reason;
  const fetchFunction = settings.fetch ?? (globalThis as { fetch?: ConnectFetch }).fetch;
  if (fetchFunction === undefined) {
    throw new FlamekitError('invalid-argument', 'this runtime has no fetch: pass options.fetch');
  }
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timer =
    settings.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, settings.timeoutMs);
  const fail = (failure: Omit<ConnectFailure, 'procedure'>, reason: string, cause?: unknown) =>
    new FlamekitError('network-error', `${settings.shown}/${procedure}: ${reason}`, {
      cause: { ...failure, procedure, ...(cause !== undefined && { error: cause }) },
    });
  const stopped = (error: unknown) => {
    if (signal?.aborted) return signal.reason;
    if (timedOut) {
      return fail(
        { connectCode: 'deadline_exceeded', httpStatus: 0, serverMessage: '' },
        `no answer within ${settings.timeoutMs} ms (timeoutMs)`,
      );
    }
    return error;
  };
  try {
    const headers = await composeHeaders(settings);
    let response: Awaited<ReturnType<ConnectFetch>>;
    try {
      response = await fetchFunction(`${settings.base}/${procedure}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(request),
        signal: controller.signal,
      });
    } catch (error) {
      throw stopped(
        fail(
          { connectCode: 'unavailable', httpStatus: 0, serverMessage: '' },
          `the server could not be reached (${describe(error)}); check the URL, the network and, in a browser, that the server or a proxy allows this origin (CORS)`,
          error,
        ),
      );
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw stopped(
        fail(
          { connectCode: 'unavailable', httpStatus: response.status, serverMessage: '' },
          `the answer broke off (${describe(error)})`,
          error,
        ),
      );
    }
    if (!response.ok) throw describeErrorAnswer(response, text, fail);
    return parseAnswer(text, response.headers.get('content-type'), settings.shown, procedure);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (timer !== undefined) clearTimeout(timer);
  }
}

async function composeHeaders(settings: ConnectSettings): Promise<Record<string, string>> {
  const host = typeof settings.headers === 'function' ? await settings.headers() : settings.headers;
  return { ...settings.fixedHeaders, ...host, ...settings.overrideHeaders };
}

/** An error answer: Connect's JSON `{ code, message }`, else the code its HTTP status stands for. */
function describeErrorAnswer(
  response: { status: number; statusText: string; headers: { get(name: string): string | null } },
  text: string,
  fail: (failure: Omit<ConnectFailure, 'procedure'>, reason: string) => FlamekitError,
): FlamekitError {
  let code: ConnectCode | undefined;
  let message = '';
  if (response.headers.get('content-type')?.includes('json')) {
    try {
      const body = JSON.parse(text) as { code?: unknown; message?: unknown };
      if (typeof body.code === 'string' && CODES.has(body.code)) code = body.code as ConnectCode;
      if (typeof body.message === 'string') message = body.message;
    } catch {
      // Not JSON after all: the status says what happened.
    }
  } else {
    message = text.trim();
  }
  code ??= codeOfStatus(response.status);
  message = message.replace(/\s+/g, ' ').slice(0, MAX_MESSAGE);
  const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  return fail(
    { connectCode: code, httpStatus: response.status, serverMessage: message },
    `the server answered ${status} (${code})${message ? `: ${message}` : ''}${advice(code)}`,
  );
}

function advice(code: ConnectCode): string {
  switch (code) {
    case 'unauthenticated':
      return '; give the tenant (X-Scope-OrgID) or credentials the server asks for';
    case 'permission_denied':
      return '; the credentials may not read this tenant';
    case 'unimplemented':
      return '; is the URL the Pyroscope server (or its Grafana data-source proxy) itself?';
    case 'unavailable':
    case 'deadline_exceeded':
    case 'resource_exhausted':
      return '; try again, or ask for a shorter time range';
    default:
      return '';
  }
}

function parseAnswer(
  text: string,
  contentType: string | null,
  shown: string,
  procedure: string,
): unknown {
  if (contentType !== null && !contentType.includes('json')) {
    throw new FlamekitError(
      'parse-error',
      `${shown}/${procedure} answered ${contentType}, not JSON; is the URL the Pyroscope server (or its Grafana data-source proxy)?`,
      { format: 'connect' },
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new FlamekitError(
      'parse-error',
      `${shown}/${procedure} answered with text that is not JSON (${describe(error)})`,
      { format: 'connect', cause: error },
    );
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause instanceof Error && cause.message ? `: ${cause.message}` : '';
    return `${error.message}${detail}`;
  }
  return String(error);
}
