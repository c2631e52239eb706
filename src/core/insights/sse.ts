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

/**
 * The most data one event may gather, in UTF-16 code units: `data:` lines keep adding to the
 * event until a blank line, and a server that never sends one would otherwise fill the memory.
 */
export const MAX_SSE_EVENT_LENGTH = 1 << 22;

export interface ServerSentEventLimits {
  /** Default {@link MAX_SSE_LINE_LENGTH}. */
  maxLineLength?: number;
  /** Default {@link MAX_SSE_EVENT_LENGTH}. */
  maxEventLength?: number;
}

const LF = 10;
const CR = 13;

/**
 * Turns text into events as it arrives. A line may end in "\n", "\r\n" or "\r", and a piece may
 * stop anywhere, even between the "\r" and the "\n" of one line ending. An event is complete at a
 * blank line; lines starting with ":" are comments.
 *
 * Each piece is scanned once: the text of an unfinished line is kept as a list of pieces and
 * joined when its line ends, so a stream sent one byte at a time costs what one piece would (a
 * parser that re-read the unfinished line at every piece took quadratic time).
 */
export class ServerSentEventParser {
  /** Pieces of the unfinished line, and their total length. */
  private pending: string[] = [];
  private pendingLength = 0;
  /** The last line ended with "\r": a "\n" starting the next piece belongs to it. */
  private skipLineFeed = false;
  private dataLines: string[] = [];
  private dataLength = 0;
  private eventType = '';
  private readonly maxLineLength: number;
  private readonly maxEventLength: number;

  constructor(limits: ServerSentEventLimits = {}) {
    this.maxLineLength = limits.maxLineLength ?? MAX_SSE_LINE_LENGTH;
    this.maxEventLength = limits.maxEventLength ?? MAX_SSE_EVENT_LENGTH;
  }

  /** Feeds the next piece of text; returns the events it completed, in order. */
  push(text: string): ServerSentEvent[] {
    const events: ServerSentEvent[] = [];
    let lineStart = 0;
    if (this.skipLineFeed && text.charCodeAt(0) === LF) lineStart = 1;
    this.skipLineFeed = false;
    for (let index = lineStart; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code !== LF && code !== CR) continue;
      this.takeLine(this.finishLine(text.slice(lineStart, index)), events);
      if (code === CR) {
        if (index + 1 === text.length) this.skipLineFeed = true;
        else if (text.charCodeAt(index + 1) === LF) index++;
      }
      lineStart = index + 1;
    }
    if (lineStart < text.length) {
      this.pendingLength += text.length - lineStart;
      if (this.pendingLength > this.maxLineLength) {
        throw new FlamekitError(
          'parse-error',
          `an event-stream line is longer than ${this.maxLineLength} characters; the server does not seem to send server-sent events`,
        );
      }
      this.pending.push(text.slice(lineStart));
    }
    return events;
  }

  /**
   * Ends the stream. A last line without a line ending still counts, but an event without its
   * closing blank line is dropped, as the standard says: it may have been cut short.
   */
  end(): ServerSentEvent[] {
    const events: ServerSentEvent[] = [];
    if (this.pendingLength > 0) this.takeLine(this.finishLine(''), events);
    this.dataLines = [];
    this.dataLength = 0;
    this.eventType = '';
    this.skipLineFeed = false;
    return events;
  }

  private finishLine(last: string): string {
    if (this.pending.length === 0) return last;
    this.pending.push(last);
    const line = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    return line;
  }

  private takeLine(line: string, events: ServerSentEvent[]): void {
    if (line === '') {
      if (this.dataLines.length > 0) {
        events.push({ type: this.eventType || 'message', data: this.dataLines.join('\n') });
      }
      this.dataLines = [];
      this.dataLength = 0;
      this.eventType = '';
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') {
      this.dataLength += value.length + 1;
      if (this.dataLength > this.maxEventLength) {
        throw new FlamekitError(
          'parse-error',
          `an event's data is longer than ${this.maxEventLength} characters without the blank line that ends an event; the server does not seem to send server-sent events`,
        );
      }
      this.dataLines.push(value);
    } else if (field === 'event') this.eventType = value;
  }
}

/**
 * Reads events from a byte stream until it ends. UTF-8 characters split across chunks are put
 * back together. Errors of `reader.read()` propagate unchanged; the caller owns the reader and
 * cancels it if it stops early.
 */
export async function* readServerSentEvents(
  reader: ByteChunkReader,
  limits: ServerSentEventLimits = {},
): AsyncGenerator<ServerSentEvent, void, undefined> {
  const decoder = new TextDecoder('utf-8');
  const parser = new ServerSentEventParser(limits);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (value === undefined || value.length === 0) continue;
    yield* parser.push(decoder.decode(value, { stream: true }));
  }
  yield* parser.push(decoder.decode());
  yield* parser.end();
}
