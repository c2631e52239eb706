import { FlamekitError } from '../errors';

/** About how long each piece of exported text is, in UTF-16 code units. */
export const EXPORT_CHUNK_LENGTH = 1 << 20;

/** V8's longest string (2^29 - 24 code units on 64-bit): one more character throws a RangeError. */
export const MAX_STRING_LENGTH = 2 ** 29 - 24;

/**
 * Collects small pieces of text and hands them out joined, about {@link EXPORT_CHUNK_LENGTH} at a
 * time, so that an exporter never builds one string per file, nor per stack: a stack 20,000 deep
 * is written name by name.
 */
export class TextChunks {
  private parts: string[] = [];
  private length = 0;

  write(text: string): void {
    this.parts.push(text);
    this.length += text.length;
  }

  /** Whether a piece is ready to be taken. */
  get full(): boolean {
    return this.length >= EXPORT_CHUNK_LENGTH;
  }

  /** The text written since the last take. */
  take(): string {
    const text = this.parts.join('');
    this.parts = [];
    this.length = 0;
    return text;
  }
}

/**
 * The pieces as one string, or a FlamekitError when they would pass V8's string limit: such
 * output can only be written piece by piece (`exportProfileChunks`, `flamekit convert`).
 */
export function joinChunks(chunks: Iterable<string>, format: string): string {
  const parts: string[] = [];
  let length = 0;
  for (const chunk of chunks) {
    length += chunk.length;
    if (length > MAX_STRING_LENGTH) {
      throw new FlamekitError(
        'invalid-argument',
        `the ${format} output is longer than the longest JavaScript string (about 512 MiB); write it in pieces with exportProfileChunks (flamekit convert does)`,
        { format },
      );
    }
    parts.push(chunk);
  }
  return parts.join('');
}
