import { Gunzip, gunzipSync } from 'fflate';
import { FlamekitError, type InputPosition } from '../errors';

/** What `importProfile` accepts: the file's bytes, or its text. */
export type ProfileInput = Uint8Array | ArrayBuffer | string;

type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

const LINE_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * One input, viewed as bytes, text, lines or JSON as each importer needs, decoding each view at
 * most once. Large inputs stay bytes: `forEachLine` decodes them a few megabytes at a time, so a
 * file far beyond V8's string limit (about 512 MiB) can be read line by line.
 */
export class InputSource {
  private readonly raw: Uint8Array | string;
  private readonly encoding: TextEncoding;
  private decoded: string | undefined;
  private parsed: { value: unknown } | undefined;
  /** Whether the bytes were gzip-compressed (and have been decompressed). */
  readonly gzipped: boolean;

  private constructor(raw: Uint8Array | string, gzipped: boolean) {
    this.raw = raw;
    this.gzipped = gzipped;
    this.encoding = typeof raw === 'string' ? 'utf-8' : detectEncoding(raw);
  }

  /** Wraps an input, decompressing gzip (found by its magic bytes, never by a file name). */
  static from(input: ProfileInput): InputSource {
    if (typeof input === 'string') return new InputSource(input, false);
    let bytes: Uint8Array;
    if (input instanceof Uint8Array) bytes = input;
    else if (input instanceof ArrayBuffer) bytes = new Uint8Array(input);
    else if (ArrayBuffer.isView(input))
      bytes = new Uint8Array(
        (input as ArrayBufferView).buffer,
        (input as ArrayBufferView).byteOffset,
        (input as ArrayBufferView).byteLength,
      );
    else {
      throw new FlamekitError(
        'invalid-argument',
        `importProfile takes a Uint8Array, an ArrayBuffer or a string, not ${describeType(input)}`,
      );
    }
    if (isGzip(bytes)) return new InputSource(gunzip(bytes), true);
    return new InputSource(bytes, false);
  }

  get byteLength(): number {
    return typeof this.raw === 'string' ? this.raw.length : this.raw.byteLength;
  }

  /** The raw bytes; text given as a string is encoded as UTF-8. */
  bytes(): Uint8Array {
    return typeof this.raw === 'string' ? new TextEncoder().encode(this.raw) : this.raw;
  }

  /**
   * True when the input came as bytes that look binary rather than text: more than a tenth of
   * its first KB are control characters other than white space (protobuf's field tags and
   * lengths are). A few stray control bytes (a NUL in a frame name) do not make text binary: the
   * text formats read such bytes as they read the same text given as a string. (Text in another
   * 8-bit encoding, Latin-1 say, is text too.)
   */
  isBinary(): boolean {
    if (typeof this.raw === 'string' || this.encoding !== 'utf-8') return false;
    const head = this.raw.subarray(0, 1024);
    let controls = 0;
    for (let i = 0; i < head.length; i++) {
      const byte = head[i];
      if (byte < 32 && (byte < 9 || byte > 13)) controls++;
    }
    return controls * 10 > head.length;
  }

  /** The whole input as text, without a byte-order mark. */
  text(): string {
    if (this.decoded === undefined)
      this.decoded =
        typeof this.raw === 'string' ? stripBom(this.raw) : decode(this.raw, this.encoding);
    return this.decoded;
  }

  /** About the first `length` characters, for sniffing, without decoding everything. */
  head(length = 4096): string {
    if (typeof this.raw === 'string') return stripBom(this.raw.slice(0, length));
    if (this.decoded !== undefined) return this.decoded.slice(0, length);
    const byteLength = this.encoding === 'utf-8' ? length : length * 2 + 2;
    return decode(this.raw.subarray(0, byteLength), this.encoding);
  }

  /** About the last `length` characters, for sniffing a file whose first line is very long. */
  tail(length = 256): string {
    if (typeof this.raw === 'string' || this.decoded !== undefined)
      return this.text().slice(-length);
    if (this.encoding === 'utf-8')
      return decode(this.raw.subarray(Math.max(this.raw.length - length, 0)), 'utf-8');
    // UTF-16: start after the byte-order mark, on a code-unit boundary.
    let start = Math.max(this.raw.length - length * 2, 2);
    if ((this.raw.length - start) % 2 !== 0) start++;
    return decode(this.raw.subarray(start), this.encoding);
  }

  /** The input parsed as JSON; a syntax error becomes a `parse-error` with line and column. */
  json(format: string): unknown {
    if (!this.parsed) {
      const text = this.text();
      try {
        this.parsed = { value: JSON.parse(text) };
      } catch (error) {
        throw jsonSyntaxError(error, text, format);
      }
    }
    return this.parsed.value;
  }

  /**
   * Calls `visit` with each line (without its line break) and its 1-based number. UTF-8 bytes are
   * decoded in chunks cut at line breaks, so the whole text never has to exist as one string.
   */
  forEachLine(
    visit: (line: string, lineNumber: number) => void,
    onProgress?: (doneBytes: number, totalBytes: number) => void,
  ): void {
    let lineNumber = 0;
    const emitLines = (text: string, final: boolean): string => {
      let start = 0;
      for (;;) {
        const end = text.indexOf('\n', start);
        if (end < 0) break;
        visit(
          text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end),
          ++lineNumber,
        );
        start = end + 1;
      }
      const rest = text.slice(start);
      if (final && rest.length > 0)
        visit(rest.endsWith('\r') ? rest.slice(0, -1) : rest, ++lineNumber);
      return rest;
    };
    if (typeof this.raw === 'string' || this.encoding !== 'utf-8' || this.decoded !== undefined) {
      emitLines(this.text(), true);
      onProgress?.(this.byteLength, this.byteLength);
      return;
    }
    const bytes = this.raw;
    const decoder = new TextDecoder('utf-8');
    let offset = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    let carry = '';
    while (offset < bytes.length) {
      let end = Math.min(offset + LINE_CHUNK_BYTES, bytes.length);
      if (end < bytes.length) {
        const newline = bytes.lastIndexOf(10, end - 1);
        if (newline >= offset) end = newline + 1;
      }
      // stream: true keeps a character split across chunks (only possible on a very long line) whole.
      carry = emitLines(
        carry + decoder.decode(bytes.subarray(offset, end), { stream: end < bytes.length }),
        false,
      );
      offset = end;
      onProgress?.(offset, bytes.length);
    }
    emitLines(carry, true);
  }
}

/** Lets every `is<Format>`/`import<Format>` take raw input or a source already made. */
export function toInputSource(input: ProfileInput | InputSource): InputSource {
  return input instanceof InputSource ? input : InputSource.from(input);
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Deflate's best ratio is about 1032 to 1: no gzip member can inflate to more. */
const MAX_DEFLATE_RATIO = 1032;
const ONE_SHOT_GZIP_BYTES = 1 << 20;

/**
 * Decompresses gzip. fflate's one-shot `gunzipSync` writes into a buffer of the size the trailer
 * declares, which a damaged or hostile file sets as it likes (up to 4 GiB for a few bytes), and
 * silently cuts an output longer than that (a file of several gzip members declares only its
 * last one's size). So the declared size is used only when the bytes can hold it, with one byte
 * to spare: an output that fills it exactly is whole; anything else is inflated again by the
 * streaming decoder, which grows with the real output and reads every member. (Two members of
 * the same size still read as one on this path: only files over a megabyte take it.)
 */
function gunzip(bytes: Uint8Array): Uint8Array {
  try {
    const n = bytes.length;
    const declared =
      n >= 4
        ? (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0
        : 0;
    // Small inputs always stream: the one-shot path saves time only on large ones.
    if (n >= ONE_SHOT_GZIP_BYTES && declared <= n * MAX_DEFLATE_RATIO) {
      const out = gunzipSync(bytes, { out: new Uint8Array(declared + 1) });
      if (out.length === declared) return out;
    }
    return gunzipStreaming(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FlamekitError(
      'parse-error',
      `the gzip data is truncated or corrupt (${reason}); check that the whole file was saved or downloaded`,
      { format: 'gzip', position: { byteOffset: bytes.length }, cause: error },
    );
  }
}

function gunzipStreaming(bytes: Uint8Array): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  const inflater = new Gunzip((chunk, final) => {
    chunks.push(chunk);
    size += chunk.length;
    ended ||= final;
  });
  inflater.push(bytes, true);
  if (!ended) throw new Error('unexpected end of data');
  const result = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    result.set(chunk, offset);
    offset += chunk.length;
  }
  return result;
}

function detectEncoding(bytes: Uint8Array): TextEncoding {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

function decode(bytes: Uint8Array, encoding: TextEncoding): string {
  return stripBom(new TextDecoder(encoding).decode(bytes));
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object'
    ? `an object (${Object.prototype.toString.call(value)})`
    : `a ${typeof value}`;
}

/** Line and column (1-based) of a character offset. */
export function positionOfOffset(text: string, offset: number): InputPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function jsonSyntaxError(error: unknown, text: string, format: string): FlamekitError {
  const reason = error instanceof Error ? error.message : String(error);
  const match = /position (\d+)/.exec(reason);
  const offset = match ? Number(match[1]) : text.length;
  const where =
    text.trim() === ''
      ? 'the input is empty'
      : `it is not valid JSON (${reason.replace(/\s*in JSON at position \d+.*$/, '')})`;
  return new FlamekitError(
    'parse-error',
    `${where}; a ${format} file must be one complete JSON document`,
    {
      format,
      position: positionOfOffset(text, offset),
      cause: error,
    },
  );
}
