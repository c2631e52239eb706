import { isGzip, type ProfileInput } from '../core/index';

/** Smaller inputs are left to the library's own decoder: the native one saves time on large ones. */
export const NATIVE_GUNZIP_MIN_BYTES = 1 << 20;
/** Deflate's best ratio is about 1032 to 1: no gzip member can inflate to more. */
const MAX_DEFLATE_RATIO = 1032;
const TWO_32 = 2 ** 32;

/**
 * A large gzip input decompressed by the platform's own `DecompressionStream` (native zlib: about
 * 250 ms for a 50 MB profile in Chromium, where the library's decoder takes 350 to 500), or
 * undefined to leave the input to `importProfile`'s decoder, which reads what this path refuses
 * (several gzip members, which Chromium's stream rejects) or says what is wrong with it (a
 * damaged file). So undefined also when the output's length is not the one the gzip trailer
 * declares: a platform that read only a first member would otherwise lose the rest.
 */
export async function gunzipNatively(input: ProfileInput): Promise<Uint8Array | undefined> {
  if (typeof input === 'string' || typeof DecompressionStream !== 'function') return undefined;
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const n = bytes.length;
  // The streams take no view of shared memory.
  if (n < NATIVE_GUNZIP_MIN_BYTES || !isGzip(bytes) || !(bytes.buffer instanceof ArrayBuffer))
    return undefined;
  const declared =
    (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0;
  const limit = n * MAX_DEFLATE_RATIO;
  if (declared > limit) return undefined;
  const source = new ReadableStream<BufferSource>({
    start(controller) {
      controller.enqueue(bytes as Uint8Array<ArrayBuffer>);
      controller.close();
    },
  });
  const reader = source.pipeThrough(new DecompressionStream('gzip')).getReader();
  // The trailer's size is the output's when the file is whole, so the output is written in place.
  let out = new Uint8Array(declared);
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (size + value.length > out.length) {
        if (size + value.length > limit) {
          void reader.cancel().catch(() => {});
          return undefined;
        }
        const grown = new Uint8Array(
          Math.min(limit, Math.max(size + value.length, out.length * 2)),
        );
        grown.set(out.subarray(0, size));
        out = grown;
      }
      out.set(value, size);
      size += value.length;
    }
  } catch {
    return undefined;
  }
  if (size % TWO_32 !== declared) return undefined;
  const result = size === out.length ? out : out.subarray(0, size);
  // Gzip inside gzip is left as importProfile has always read it.
  return isGzip(result) ? undefined : result;
}
