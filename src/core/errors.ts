/**
 * The one error type flamekit throws on purpose. Anything else escaping the library is a bug.
 *
 * `code` is stable and meant for programs; `message` is meant for people and says what is wrong,
 * where, and what to do about it.
 */
export type FlamekitErrorCode =
  /** A sample value is NaN or infinite. */
  | 'invalid-value'
  /** A frame id does not exist in the frame table. */
  | 'invalid-frame'
  /** A caller passed an argument of the wrong kind or out of range. */
  | 'invalid-argument'
  /** A tree's columns are inconsistent (for example not in depth-first pre-order). */
  | 'invalid-tree'
  /** Text or bytes could not be parsed. */
  | 'parse-error'
  /** A remote service (a model endpoint) could not be reached, refused the request or broke off. */
  | 'network-error'
  /** The import worker failed, stopped or was disposed before it answered. */
  | 'worker-error'
  /** A bug in flamekit itself (reported across a worker boundary); please report it. */
  | 'internal-error';

/** Where in an input a problem was found. Only the fields that apply are set. */
export interface InputPosition {
  /** 1-based line in a text input. */
  line?: number;
  /** 1-based column in a text input. */
  column?: number;
  /** 0-based offset in a binary input. */
  byteOffset?: number;
  /** Path into a JSON document, such as `$.profiles[0].samples[12]`. */
  jsonPath?: string;
}

export interface FlamekitErrorDetails {
  /** The input format being read, such as `"folded"` or `"pprof"`. */
  format?: string;
  position?: InputPosition;
  cause?: unknown;
}

export class FlamekitError extends Error {
  override readonly name = 'FlamekitError';
  readonly code: FlamekitErrorCode;
  readonly format: string | undefined;
  readonly position: InputPosition | undefined;
  /** The message without the format and position prefix. */
  readonly reason: string;

  constructor(code: FlamekitErrorCode, reason: string, details: FlamekitErrorDetails = {}) {
    super(
      composeMessage(reason, details),
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.code = code;
    this.reason = reason;
    this.format = details.format;
    this.position = details.position;
  }
}

/** Type guard that also works across bundles (ESM and CJS copies of flamekit in one app). */
export function isFlamekitError(error: unknown): error is FlamekitError {
  return (
    error instanceof FlamekitError ||
    (typeof error === 'object' &&
      error !== null &&
      (error as { name?: unknown }).name === 'FlamekitError')
  );
}

export function describePosition(position: InputPosition): string {
  const parts: string[] = [];
  if (position.line !== undefined) parts.push(`line ${position.line}`);
  if (position.column !== undefined) parts.push(`column ${position.column}`);
  if (position.byteOffset !== undefined) parts.push(`byte ${position.byteOffset}`);
  if (position.jsonPath !== undefined) parts.push(position.jsonPath);
  return parts.join(', ');
}

function composeMessage(reason: string, { format, position }: FlamekitErrorDetails): string {
  const where = position ? describePosition(position) : '';
  const prefix = [format, where].filter(Boolean).join(' at ');
  return prefix ? `${prefix}: ${reason}` : reason;
}
