import { Inflate } from 'fflate';
import { FlamekitError } from '../errors';

/**
 * The byte layer of view-state strings: strict base64url and an inflate that stops at a size
 * limit, with errors worded as "the view state cannot be read: ...".
 */

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function fail(reason: string): never {
  throw new FlamekitError('parse-error', `cannot be read: ${reason}`, {
    format: 'view-state',
  });
}

export function inflateLimited(bytes: Uint8Array, limit: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  const inflater = new Inflate((chunk, final) => {
    ended ||= final;
    size += chunk.length;
    if (size > limit) {
      fail(`it inflates to more than ${limit} bytes`);
    }
    chunks.push(chunk);
  });
  // Small pushes keep the output of each one small, so the limit acts before memory runs out.
  const step = 1024;
  try {
    for (let i = 0; i === 0 || i < bytes.length; i += step) {
      inflater.push(bytes.subarray(i, i + step), i + step >= bytes.length);
    }
  } catch (error) {
    if (error instanceof FlamekitError) throw error;
    fail(`it does not inflate (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!ended) fail('it does not inflate (the compressed data is cut short)');
  const result = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    result.set(chunk, offset);
    offset += chunk.length;
  }
  return result;
}

export function encodeBase64Url(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const triple = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) text += BASE64URL[(triple >> (18 - 6 * k)) & 63];
  }
  return text;
}

/** Strict: only the alphabet, no padding, and unused trailing bits zero, so each state has one form. */
export function decodeBase64Url(text: string, start: number): Uint8Array {
  const length = text.length - start;
  if (length % 4 === 1) fail(`its length ${text.length} is not a base64url length`);
  const bytes = new Uint8Array(Math.floor((length * 6) / 8));
  let bits = 0;
  let bitCount = 0;
  let out = 0;
  for (let i = start; i < text.length; i++) {
    const value = BASE64URL.indexOf(text[i]);
    if (value < 0) fail(`character ${i + 1} ("${text[i]}") is not base64url (A-Z a-z 0-9 - _)`);
    bits = ((bits << 6) | value) & 0xffffff;
    bitCount += 6;
    if (bitCount >= 8) {
      bitCount -= 8;
      bytes[out++] = (bits >> bitCount) & 0xff;
    }
  }
  if ((bits & ((1 << bitCount) - 1)) !== 0) fail('it ends with stray base64url bits (truncated?)');
  return bytes;
}
