import { FlamekitError } from '../errors';

/** Small helpers shared by the JSON importers for checking shapes and saying what is wrong. */

export type JsonObject = Record<string, unknown>;

/** A plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as an error message shows it: JSON, cut at 40 characters; `missing` for undefined. */
export function describeJsonValue(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** The parse error of a JSON format at a JSON path. */
export function jsonShapeError(format: string, jsonPath: string, reason: string): FlamekitError {
  return new FlamekitError('parse-error', reason, { format, position: { jsonPath } });
}
