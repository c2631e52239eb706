import { FlamekitError } from '../errors';

/**
 * The little of the protocol-buffers wire format that pprof needs, read and written by hand so
 * that int64 values come out as signed JavaScript numbers (exact up to 2^53, the nearest double
 * beyond) instead of BigInts or unsigned numbers, and so that nothing is allocated per field.
 */

export const VARINT = 0;
export const FIXED64 = 1;
export const LENGTH_DELIMITED = 2;
export const FIXED32 = 5;

const TWO_32 = 4294967296;

export class ProtobufReader {
  readonly bytes: Uint8Array;
  pos: number;
  end: number;
  private readonly format: string;

  constructor(bytes: Uint8Array, format: string, start = 0, end = bytes.length) {
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
    this.format = format;
  }

  /** Reads a varint as a signed 64-bit number (two's complement), as int64 fields are encoded. */
  varint(): number {
    const bytes = this.bytes;
    let lo = 0;
    let hi = 0;
    let shift = 0;
    let pos = this.pos;
    for (let i = 0; i < 10; i++) {
      if (pos >= this.end) throw this.error('a number is cut off (truncated varint)', pos);
      const byte = bytes[pos++];
      if (shift < 28) lo |= (byte & 0x7f) << shift;
      else if (shift === 28) {
        lo |= (byte & 0x0f) << 28;
        hi |= (byte & 0x7f) >> 4;
      } else hi |= (byte & 0x7f) << (shift - 32);
      shift += 7;
      if (byte < 0x80) {
        this.pos = pos;
        return (hi | 0) * TWO_32 + (lo >>> 0);
      }
    }
    throw this.error('a number is longer than 10 bytes (malformed varint)', pos);
  }

  /** A field's tag: `field << 3 | wireType`. */
  tag(): number {
    return this.varint();
  }

  /** The end offset of a length-delimited field whose length comes next. */
  lengthDelimitedEnd(): number {
    const length = this.varint();
    const end = this.pos + length;
    if (length < 0 || end > this.end)
      throw this.error(
        `a field claims ${length} bytes but only ${this.end - this.pos} remain (truncated or corrupt)`,
        this.pos,
      );
    return end;
  }

  string(decoder: TextDecoder): string {
    const end = this.lengthDelimitedEnd();
    const value = decoder.decode(this.bytes.subarray(this.pos, end));
    this.pos = end;
    return value;
  }

  skip(wireType: number): void {
    switch (wireType) {
      case VARINT:
        this.varint();
        return;
      case FIXED64:
        this.advance(8);
        return;
      case LENGTH_DELIMITED:
        this.pos = this.lengthDelimitedEnd();
        return;
      case FIXED32:
        this.advance(4);
        return;
      default:
        throw this.error(
          `wire type ${wireType} is not valid protobuf (the data is corrupt or not a pprof profile)`,
          this.pos,
        );
    }
  }

  /**
   * Calls `visit` for each value of a repeated integer field, packed (one length-delimited run) or
   * not (one value per tag).
   */
  repeatedVarint(wireType: number, visit: (value: number) => void): void {
    if (wireType === VARINT) {
      visit(this.varint());
      return;
    }
    if (wireType !== LENGTH_DELIMITED)
      throw this.error(`a list of numbers has wire type ${wireType}`, this.pos);
    const end = this.lengthDelimitedEnd();
    const outer = this.end;
    this.end = end;
    while (this.pos < end) visit(this.varint());
    this.end = outer;
  }

  error(reason: string, byteOffset: number): FlamekitError {
    return new FlamekitError('parse-error', reason, {
      format: this.format,
      position: { byteOffset },
    });
  }

  private advance(count: number): void {
    if (this.pos + count > this.end)
      throw this.error('a fixed-size field is cut off (truncated data)', this.pos);
    this.pos += count;
  }
}

/**
 * Reads a packed run of varints from `bytes[pos .. end)` into `out` from index `at`, for ids
 * (pprof's location ids): each must fit in 31 bits. Returns the index after the last one, or -1
 * when one does not fit or the run is cut off (the caller then reads the run the general way).
 * `out` must have room for `end - pos` more values. The loop over a million samples' stacks
 * spends its time here, so it reads bytes directly rather than through a reader's method.
 */
export function readPackedIds(
  bytes: Uint8Array,
  pos: number,
  end: number,
  out: Int32Array,
  at: number,
): number {
  while (pos < end) {
    let byte = bytes[pos++];
    let value = byte & 0x7f;
    let shift = 7;
    while (byte >= 0x80) {
      if (pos >= end || shift > 21) return -1; // cut off, or 29 bits or more: not an id
      byte = bytes[pos++];
      value |= (byte & 0x7f) << shift;
      shift += 7;
    }
    out[at++] = value;
  }
  return at;
}

/** A growable byte buffer that writes protobuf fields. */
export class ProtobufWriter {
  private buffer = new Uint8Array(64);
  private length = 0;
  private readonly encoder = new TextEncoder();

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  /** A varint of a signed 64-bit integer (negative values take ten bytes, as protobuf says). */
  varint(value: number): void {
    let integer = Math.trunc(value);
    if (!Number.isFinite(integer)) integer = 0;
    let hi = Math.floor(integer / TWO_32);
    let lo = integer - hi * TWO_32; // 0 <= lo < 2^32
    hi = hi | 0; // two's complement of the high word
    this.ensure(10);
    if (hi === 0) {
      while (lo >= 0x80) {
        this.buffer[this.length++] = (lo & 0x7f) | 0x80;
        lo = Math.floor(lo / 128);
      }
      this.buffer[this.length++] = lo;
      return;
    }
    // Ten bytes at most: shift the 64-bit value right 7 bits at a time.
    let loBits = lo >>> 0;
    let hiBits = hi >>> 0;
    for (let i = 0; i < 10; i++) {
      const byte = loBits & 0x7f;
      loBits = ((loBits >>> 7) | (hiBits << 25)) >>> 0;
      hiBits = hiBits >>> 7;
      if (loBits === 0 && hiBits === 0) {
        this.buffer[this.length++] = byte;
        return;
      }
      this.buffer[this.length++] = byte | 0x80;
    }
  }

  tag(field: number, wireType: number): void {
    this.varint((field << 3) | wireType);
  }

  int(field: number, value: number): void {
    if (value === 0) return; // proto3 default: omitted
    this.tag(field, VARINT);
    this.varint(value);
  }

  string(field: number, value: string): void {
    this.bytesField(field, this.encoder.encode(value));
  }

  /** A repeated string field that must keep empty strings (the string table starts with ""). */
  stringAlways(field: number, value: string): void {
    const bytes = this.encoder.encode(value);
    this.tag(field, LENGTH_DELIMITED);
    this.varint(bytes.length);
    this.raw(bytes);
  }

  bytesField(field: number, bytes: Uint8Array): void {
    this.tag(field, LENGTH_DELIMITED);
    this.varint(bytes.length);
    this.raw(bytes);
  }

  packed(field: number, values: ArrayLike<number>): void {
    if (values.length === 0) return;
    const inner = new ProtobufWriter();
    for (let i = 0; i < values.length; i++) inner.varint(values[i]);
    this.bytesField(field, inner.finish());
  }

  message(field: number, write: (writer: ProtobufWriter) => void): void {
    const inner = new ProtobufWriter();
    write(inner);
    this.bytesField(field, inner.finish());
  }

  private raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const next = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra));
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }
}
