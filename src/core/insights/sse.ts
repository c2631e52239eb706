/**
 * Server-sent events (the `text/event-stream` format of the HTML standard), read from bytes that
 * arrive in pieces of any size. Model endpoints stream their answers this way.
 *
 * Only what a client of such an endpoint needs: `data` lines (joined with "\n" when an event has
 * several) and the `event` type. `id` and `retry` are ignored because nothing here reconnects.
 */
import { FlamekitError } from '../errors';

/** One event: its type (`'message'` unless an `event:` line named another) and its data. */
export interface ServerSentEvent {
  type: string;
  data: string;
}

/** Where the bytes come from: a `ReadableStream`'s default reader fits. */
export interface ByteChunkReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
}

/**
 * The longest line accepted, in UTF-16 code units. A model's chunk is a few hundred bytes; a line
 * that never ends means the other side is not speaking this format, and would otherwise grow
 * without bound.
 */
export const MAX_SSE_LINE_LENGTH = 1 << 20;

const LF = 10;
const CR = 13;

/**
 * Turns text into events as it arrives. A line may end in "\n", "\r\n" or "\r", and a piece may
 * stop anywhere, even between the "\r" and the "\n" of one line ending. An event is complete at a
 * blank line; lines starting with ":" are comments.
 */
export class ServerSentEventParser {
  /** Text after the last complete line. */
  private pending = '';
  private dataLines: string[] = [];
  private eventType = '';

  /** Feeds the next piece of text; returns the events it completed, in order. */
  push(text: string): ServerSentEvent[] {
    return this.consume(this.pending + text, false);
  }

  /**
   * Ends the stream. A last line without a line ending still counts, but an event without its
   * closing blank line is dropped, as the standard says: it may have been cut short.
   */
  end(): ServerSentEvent[] {
    const events = this.consume(this.pending, true);
    this.dataLines = [];
    this.eventType = '';
    return events;
  }

  private consume(text: string, atEnd: boolean): ServerSentEvent[] {
    const events: ServerSentEvent[] = [];
    let lineStart = 0;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code !== LF && code !== CR) continue;
      // A "\r" at the end of a piece may be the first half of "\r\n": wait for the next piece.
      if (code === CR && index === text.length - 1 && !atEnd) break;
      this.takeLine(text.slice(lineStart, index), events);
      if (code === CR && text.charCodeAt(index + 1) === LF) index++;
      lineStart = index + 1;
    }
    const rest = text.slice(lineStart);
    if (atEnd) {
      if (rest.length > 0) this.takeLine(rest, events);
      this.pending = '';
    } else {
      if (rest.length > MAX_SSE_LINE_LENGTH) {
        throw new FlamekitError(
          'parse-error',
          `an event-stream line is longer than ${MAX_SSE_LINE_LENGTH} characters; the server does not seem to send server-sent events`,
        );
      }
      this.pending = rest;
    }
    return events;
  }

  private takeLine(line: string, events: ServerSentEvent[]): void {
    if (line === '') {
      if (this.dataLines.length > 0) {
        events.push({ type: this.eventType || 'message', data: this.dataLines.join('\n') });
      }
      this.dataLines = [];
      this.eventType = '';
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.dataLines.push(value);
    else if (field === 'event') this.eventType = value;
  }
}

/**
 * Reads events from a byte stream until it ends. UTF-8 characters split across chunks are put
 * back together. Errors of `reader.read()` propagate unchanged; the caller owns the reader and
 * cancels it if it stops early.
 */
export async function* readServerSentEvents(
  reader: ByteChunkReader,
): AsyncGenerator<ServerSentEvent, void, undefined> {
  const decoder = new TextDecoder('utf-8');
  const parser = new ServerSentEventParser();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (value === undefined || value.length === 0) continue;
    yield* parser.push(decoder.decode(value, { stream: true }));
  }
  yield* parser.push(decoder.decode());
  yield* parser.end();
}
