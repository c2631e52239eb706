import { isGzip, type ProfileInput } from '../core/index';

/** Smaller inputs are left to the library's own decoder: the native one gains on large ones. */
export const NATIVE_GUNZIP_MIN_BYTES = 1 << 20;
/** Deflate's best ratio is about 1032 to 1: no gzip member can inflate to more. */
const MAX_DEFLATE_RATIO = 1032;
/**
 * The output buffer starts at the size the trailer declares, but no more than this many times the
 * input: a damaged trailer may declare 4 GiB. Profiles inflate 3 to 10 times; more grows it.
 */
const FIRST_GUESS_RATIO = 16;
const TWO_32 = 2 ** 32;

/**
 * The bytes of an input that {@link gunzipNatively} may decompress: gzip of a megabyte or more,
 * in memory of its own (the streams take no view of shared memory), where the platform has a
 * `DecompressionStream`. Anything else goes to `importProfile` as it is.
 */
export function nativeGunzipInput(input: ProfileInput): Uint8Array<ArrayBuffer> | undefined {
  if (typeof DecompressionStream !== 'function') return undefined;
  const bytes =
    input instanceof Uint8Array
      ? input
      : input instanceof ArrayBuffer
        ? new Uint8Array(input)
        : undefined;
  if (!bytes || bytes.length < NATIVE_GUNZIP_MIN_BYTES || !isGzip(bytes)) return undefined;
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : undefined;
}

/**
 * Large gzip input (see {@link nativeGunzipInput}) decompressed by the platform's own
 * `DecompressionStream` (native zlib: about 200 ms for a 50 MB profile in Chromium's worker, where
 * the library's decoder takes 350 to 500), or undefined to leave the input to `importProfile`'s
 * decoder, which reads what this path refuses (several gzip members, which Chromium's, Firefox's
 * and Safari's streams reject) or says what is wrong with it (a damaged file). So undefined also
 * when the output's length is not the one the gzip trailer declares: a platform that read only a
 * first member would otherwise lose the rest. Never rejects.
 */
export async function gunzipNatively(
  bytes: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array | undefined> {
  try {
    const n = bytes.length;
    const declared =
      (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0;
    const limit = n * MAX_DEFLATE_RATIO;
    if (declared > limit) return undefined;
    const source = new ReadableStream<BufferSource>({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
    });
    const reader = source.pipeThrough(new DecompressionStream('gzip')).getReader();
    let out = new Uint8Array(Math.min(declared, n * FIRST_GUESS_RATIO));
    let size = 0;
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
    if (size % TWO_32 !== declared) return undefined;
    const result = size === out.length ? out : out.subarray(0, size);
    // Gzip inside gzip is left as importProfile has always read it.
    return isGzip(result) ? undefined : result;
  } catch {
    // A stream that fails (a damaged file, several members) or memory that cannot be had.
    return undefined;
  }
}
