import { gunzipSync, gzipSync } from 'fflate';

/**
 * Seeded mutations of an input for the import fuzz suite: blind ones on the bytes (flips,
 * truncation, deletions, insertions, duplications, overwrites) and structured ones that reach
 * deeper than blind bytes do: JSON fields duplicated or given another type, huge declared lengths
 * and counts, values nested thousands deep, protobuf lengths that claim more than there is, and
 * text with long runs of blanks or line separators.
 */
export type Random = () => number;

const TOKENS = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '0',
  '-1',
  '1e309',
  'null',
  'NaN',
  ';',
  ' ',
  '\n',
  '\t',
  '__proto__',
  '"constructor"',
  '\u0000',
  '\uffff',
  '\u2028',
  '\u202e',
  '9007199254740993',
];

/** Numbers that files declare as lengths, counts and indices, chosen to hurt. */
const HUGE = [2 ** 32, 2 ** 31, 2 ** 53 + 2, 1e300, -1, -1e300, 1.5, 4294967295];

const encoder = new TextEncoder();
const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)];

/** `bytes` with `remove` bytes at `at` replaced by `insert` (typed arrays: no spread of big data). */
function splice(bytes: Uint8Array, at: number, remove: number, insert = new Uint8Array(0)) {
  const result = new Uint8Array(bytes.length - remove + insert.length);
  result.set(bytes.subarray(0, at));
  result.set(insert, at);
  result.set(bytes.subarray(Math.min(at + remove, bytes.length)), at + insert.length);
  return result;
}

/** A blind mutation of the bytes. */
export function mutateBytes(input: Uint8Array, random: Random): Uint8Array {
  const bytes = Uint8Array.from(input);
  const n = bytes.length;
  const at = Math.floor(random() * (n + 1));
  const anywhere = () => Math.floor(random() * n);
  switch (Math.floor(random() * 8)) {
    case 0: // flip bits
      for (let i = 0; i < 1 + Math.floor(random() * 8) && n > 0; i++)
        bytes[anywhere()] ^= 1 << Math.floor(random() * 8);
      return bytes;
    case 1: // truncate
      return bytes.subarray(0, at);
    case 2: // delete a range
      return splice(bytes, at, Math.min(Math.floor(random() * 64), n - at));
    case 3: // insert a token
      return splice(bytes, at, 0, encoder.encode(pick(random, TOKENS)));
    case 4: {
      // duplicate a range
      const from = Math.min(anywhere(), at);
      return splice(bytes, at, 0, bytes.slice(from, at));
    }
    case 5: // overwrite with random bytes
      for (let i = 0; i < 16 && n > 0; i++)
        bytes[Math.min(at + i, n - 1)] = Math.floor(random() * 256);
      return bytes;
    case 6: // a long run of blanks (quadratic for a backtracking line reader)
      return splice(bytes, at, 0, encoder.encode(' '.repeat(20_000)));
    default: // swap bytes
      for (let i = 0; i < 4 && n > 0; i++) {
        const [a, b] = [anywhere(), anywhere()];
        [bytes[a], bytes[b]] = [bytes[b], bytes[a]];
      }
      return bytes;
  }
}

/** A structured mutation of a JSON document: undefined when the input is not JSON. */
export function mutateJson(text: string, random: Random): string | undefined {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return undefined;
  }
  // Every container and key, found without recursion, up to a few thousand.
  const slots: [container: Record<string, unknown> | unknown[], key: string | number][] = [];
  const pending: unknown[] = [root];
  while (pending.length > 0 && slots.length < 5000) {
    const value = pending.pop();
    if (typeof value !== 'object' || value === null) continue;
    for (const key of Array.isArray(value) ? value.keys() : Object.keys(value)) {
      slots.push([value as Record<string, unknown>, key as string]);
      pending.push((value as Record<string, unknown>)[key as string]);
    }
  }
  if (slots.length === 0) return undefined;
  const [container, key] = pick(random, slots);
  const old = (container as Record<string, unknown>)[key];
  const set = (value: unknown) => ((container as Record<string, unknown>)[key] = value);
  switch (Math.floor(random() * 4)) {
    case 0: // another type
      set(pick(random, ['', 'x', 0, -1, 1.5, null, true, [], {}, [old], { value: old }]));
      break;
    case 1: // a huge or impossible number where a number (a length, a count, an index) was
      set(typeof old === 'number' || random() < 0.5 ? pick(random, HUGE) : [pick(random, HUGE)]);
      break;
    case 2: {
      // nested thousands deep: a marker replaced in the text, since JSON.stringify would recurse
      set('\u0000deep\u0000');
      const depth = 3000 + Math.floor(random() * 20_000);
      return JSON.stringify(root).replace(
        '"\\u0000deep\\u0000"',
        `${'['.repeat(depth)}${JSON.stringify(old) ?? 'null'}${']'.repeat(depth)}`,
      );
    }
    default: {
      // a duplicated field: the same key twice in one object, the first with another value
      if (Array.isArray(container)) return undefined;
      set('\u0000dup\u0000');
      const first = JSON.stringify(pick(random, HUGE));
      return JSON.stringify(root).replace(
        `${JSON.stringify(key)}:"\\u0000dup\\u0000"`,
        `${JSON.stringify(key)}:${first},${JSON.stringify(key)}:${JSON.stringify(old) ?? 'null'}`,
      );
    }
  }
  return JSON.stringify(root);
}

/**
 * A protobuf message with one length-delimited field's length rewritten to claim far more than
 * the message holds (a varint of 2^32, or the largest 10-byte one).
 */
export function mutateProtobufLength(bytes: Uint8Array, random: Random): Uint8Array | undefined {
  const fields: number[] = []; // offsets of the length varints of top-level LEN fields
  let pos = 0;
  const varint = () => {
    let value = 0;
    for (let shift = 0; pos < bytes.length && shift < 49; shift += 7) {
      const byte = bytes[pos++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    return -1;
  };
  while (pos < bytes.length && fields.length < 2000) {
    const tag = varint();
    if (tag < 0) break;
    const wire = tag % 8;
    if (wire === 0) varint();
    else if (wire === 2) {
      fields.push(pos);
      const length = varint();
      if (length < 0) break;
      pos += length;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else break;
  }
  if (fields.length === 0) return undefined;
  const at = pick(random, fields);
  let end = at;
  while (end < bytes.length && bytes[end] >= 0x80) end++;
  const claim = pick(random, [
    [0x80, 0x80, 0x80, 0x80, 0x10], // 2^32
    [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
    [0xff, 0xff, 0xff, 0xff, 0x07], // 2^31 - 1
  ]);
  return splice(bytes, at, end + 1 - at, Uint8Array.from(claim));
}

/** The input mutated one way or another; gzip is taken off first, and sometimes put back. */
export function mutate(input: Uint8Array, random: Random): Uint8Array {
  const gzipped = input[0] === 0x1f && input[1] === 0x8b;
  const plain = gzipped && random() < 0.8 ? gunzipSync(input) : input;
  let result: Uint8Array | undefined;
  const roll = random();
  if (roll < 0.3) {
    const text = new TextDecoder().decode(plain);
    const json = mutateJson(text, random);
    if (json !== undefined) result = encoder.encode(json);
  } else if (roll < 0.4) {
    result = mutateProtobufLength(plain, random);
  }
  result ??= mutateBytes(plain, random);
  return gzipped && plain !== input && random() < 0.5 ? gzipSync(result) : result;
}
