import { FlamekitError } from '../../../errors';

/**
 * Reading values in protobuf's JSON mapping (protobuf.dev/programming-guides/json): a field is
 * found under its JSON name (lowerCamelCase) or its proto name, `null` and absence mean the
 * default, 64-bit integers come as strings or numbers, doubles as numbers or `"NaN"`,
 * `"Infinity"`, `"-Infinity"`. Errors are `parse-error`s with the JSON path of the value.
 */

export type JsonObject = Record<string, unknown>;

const FORMAT = 'pyroscope';

export function protoJsonError(reason: string, jsonPath: string): FlamekitError {
  return new FlamekitError('parse-error', reason, { format: FORMAT, position: { jsonPath } });
}

/** The message at `path`: an object, or `{}` for `null`/absent (a message left at its default). */
export function readMessage(value: unknown, path: string): JsonObject {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw protoJsonError(`expected a message (a JSON object), got ${kindOf(value)}`, path);
  }
  return value as JsonObject;
}

/** A field by its JSON name, or by its proto name when the sender used those. */
export function field(message: JsonObject, jsonName: string, protoName = jsonName): unknown {
  const value = Object.hasOwn(message, jsonName) ? message[jsonName] : undefined;
  if (value !== undefined && value !== null) return value;
  return Object.hasOwn(message, protoName) ? message[protoName] : undefined;
}

/** A repeated field: an array, or `[]` for `null`/absent. */
export function readRepeated(value: unknown, path: string): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw protoJsonError(`expected an array, got ${kindOf(value)}`, path);
  return value;
}

export function readString(value: unknown, path: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string')
    throw protoJsonError(`expected a string, got ${kindOf(value)}`, path);
  return value;
}

/**
 * An int64 or uint64: a decimal string (as servers write them) or a number, exact up to 2^53.
 * Larger values are kept as the nearest double.
 */
export function readInt64(value: unknown, path: string): number {
  if (typeof value === 'string') {
    if (isDecimalInteger(value)) return Number(value);
  } else if (typeof value === 'number') {
    if (Number.isInteger(value)) return value;
  } else if (value === undefined || value === null) {
    return 0;
  }
  throw protoJsonError(
    `expected a 64-bit integer (a string of digits), got ${kindOf(value)}`,
    path,
  );
}

/**
 * Whether the text is an optional minus and digits: a loop rather than a regular expression, as a
 * flame graph has four such values per node.
 */
function isDecimalInteger(text: string): boolean {
  const length = text.length;
  let at = length > 1 && text.charCodeAt(0) === 45 ? 1 : 0;
  if (at === length) return false;
  for (; at < length; at++) {
    const code = text.charCodeAt(at);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/** A double: a number, or one of the strings the mapping uses for NaN and the infinities. */
export function readDouble(value: unknown, path: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return value;
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  throw protoJsonError(`expected a number, got ${kindOf(value)}`, path);
}

/** An int64 as the mapping writes it: a decimal string. */
export function int64(value: number): string {
  if (!Number.isFinite(value)) {
    throw new FlamekitError('invalid-argument', `${value} is not a 64-bit integer`);
  }
  return Math.trunc(value).toFixed(0);
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
