import { FlamekitError } from '../errors';
import type { ProfileBuilder } from '../model/profile-builder';

/** Small helpers shared by the JSON importers for checking shapes and saying what is wrong. */

export type JsonObject = Record<string, unknown>;

/** A plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A value as an error message shows it: JSON, cut at `limit` characters; `missing` for undefined.
 * Written without recursion and stopping at the limit: the value is whatever a file held, and
 * `JSON.stringify` (or `String`) of an array nested 5,000 deep overflows the call stack, and of a
 * huge one builds megabytes only to cut them.
 */
export function describeJsonValue(value: unknown, limit = 40): string {
  if (value === undefined) return 'missing';
  let text = '';
  // Values to write, and literal text (a Punctuation) between them, last first.
  const pending: unknown[] = [value];
  while (pending.length > 0 && text.length <= limit) {
    const item = pending.pop();
    if (item instanceof Punctuation) text += item.text;
    else if (typeof item === 'string')
      text += JSON.stringify(item.length > limit ? item.slice(0, limit + 1) : item);
    else if (typeof item === 'number' || typeof item === 'boolean' || typeof item === 'bigint')
      text += String(item);
    else if (Array.isArray(item)) {
      // Only what can fit is queued: a million entries cost no more than forty.
      const shown = Math.min(item.length, limit);
      pending.push(new Punctuation(item.length > shown ? ',…]' : ']'));
      for (let i = shown - 1; i >= 0; i--) {
        pending.push(item[i] === undefined ? null : item[i]);
        if (i > 0) pending.push(COMMA);
      }
      pending.push(new Punctuation('['));
    } else if (typeof item === 'object' && item !== null) {
      const entries: unknown[] = [];
      for (const key in item) {
        if (!Object.hasOwn(item, key)) continue;
        if (entries.length >= limit * 2) break;
        entries.push(new Punctuation(`${JSON.stringify(key.slice(0, limit + 1))}:`));
        entries.push((item as JsonObject)[key]);
      }
      pending.push(new Punctuation('}'));
      for (let i = entries.length - 1; i >= 0; i -= 2) {
        pending.push(entries[i], entries[i - 1]);
        if (i > 1) pending.push(COMMA);
      }
      pending.push(new Punctuation('{'));
    } else text += item === null ? 'null' : typeof item;
  }
  return text.length > limit || pending.length > 0 ? `${text.slice(0, limit)}…` : text;
}

/**
 * A short text for a value that should have been a number or a string, for keys and labels
 * (thread ids and the like): numbers and strings as they are, anything else described.
 */
export function describeScalar(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : describeJsonValue(value);
}

class Punctuation {
  constructor(readonly text: string) {}
}

const COMMA = new Punctuation(',');

/**
 * Says what negative sample weights mean, for formats whose tools write none (speedscope, Chrome
 * traces): they are kept, and each subtracts from its stack as in a pprof `-diff_base` profile,
 * so a total can be less than its parts; a diff view is the place to read them.
 */
export function warnNegativeWeights(builder: ProfileBuilder, count: number, first: string): void {
  if (count === 0) return;
  builder.warn({
    code: 'negative-weights',
    message: `${count} sample${count === 1 ? ' has a negative weight' : 's have negative weights'} (first: ${first}); each subtracts from its stack, as in a diff, so totals can be smaller than their parts`,
    count,
    position: { jsonPath: first },
  });
}

/** The parse error of a JSON format at a JSON path. */
export function jsonShapeError(format: string, jsonPath: string, reason: string): FlamekitError {
  return new FlamekitError('parse-error', reason, { format, position: { jsonPath } });
}
