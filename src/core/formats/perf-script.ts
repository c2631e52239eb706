import { FlamekitError } from '../errors';
import type { Profile, SampleType } from '../profile';
import { ProfileBuilder } from '../profile-builder';
import type { FrameIndex } from '../types';
import { toInputSource as toSource, type InputSource, type ProfileInput } from './input';
import type { ImportOptions } from './options';
import {
  parseHeader,
  parseStackLine,
  withoutOffset,
  isBlank,
  type SampleHeader,
} from './perf-script-lines';

/**
 * Linux `perf script` text: optional `#` comment lines (the `perf script --header` preamble), then
 * one block per sample, blocks separated by blank lines:
 *
 * ```
 * java  3244/3250 [001] 184694.229089:    1001001 cpu-clock:ppp:
 * 	    7f1e214c24d9 SpinPause+0x19 (/usr/lib/jvm/libjvm.so)
 * 	    7f1e21c41e9a start_thread (/lib/x86_64-linux-gnu/libpthread-2.15.so)
 * ```
 *
 * The header is `comm pid[/tid] [cpu] time: [period] event:`, each bracketed part optional; the
 * comm (process name) may hold spaces and may be right-aligned. Stack lines are `address symbol
 * (dso)`, leaf first; they are reversed to root first and the comm is put on top as the root frame,
 * as FlameGraph's stackcollapse-perf does. A frame is its symbol without the `+0x…` offset, with the
 * dso as its module. An `[unknown]` symbol is named after its dso's file (`[libc-2.31.so]`), as
 * stackcollapse-perf names it, so that unknown frames of different libraries read apart.
 *
 * Values: sample type 0, the default, is `samples` (count, one per block). When the first sample
 * header carries a period, a second type holds the periods: `cpu` in nanoseconds for the
 * cpu-clock and task-clock events, else the event's name (`cycles`, ...) as a count. A header's
 * timestamp (seconds on perf's clock) becomes the sample's time.
 *
 * Read line by line, so files beyond the string limit work. Not read: tracepoint arguments,
 * `srcline` and other non-address lines under a sample (skipped and counted in a warning), branch
 * stacks, and `PERF_RECORD_*` side-band lines (skipped and counted).
 */
const CLOCK_EVENTS = new Set(['cpu-clock', 'task-clock']);

export function isPerfScript(input: ProfileInput | InputSource): boolean {
  const source = toSource(input);
  if (source.isBinary()) return false;
  const head = source.head(32768);
  if (/^\s*[[{]/.test(head)) return false;
  // The last line of the head may be cut short; it can still confirm a stack line.
  const lines = head.split('\n');
  let i = 0;
  while (i < lines.length && (lines[i].trim() === '' || lines[i].trimStart().startsWith('#'))) i++;
  if (i >= lines.length - 1) return false;
  const header = parseHeader(lines[i].trim());
  if (!header) return false;
  const trailing = header.trailing === undefined ? undefined : parseStackLine(header.trailing);
  if (trailing?.text !== undefined) return true;
  const next = lines[i + 1];
  return isBlank(next.charCodeAt(0)) && parseStackLine(next) !== undefined;
}

export function importPerfScript(
  input: ProfileInput | InputSource,
  options: ImportOptions = {},
): Profile {
  const source = toSource(input);
  const reader = new PerfScriptReader();
  source.forEachLine(
    (line, lineNumber) => reader.readLine(line, lineNumber),
    (done, total) => options.onProgress?.({ phase: 'read', done, total }),
  );
  return reader.finish();
}

/** The parse state: one sample block is open at a time. */
class PerfScriptReader {
  private builder: ProfileBuilder | undefined;
  private hasPeriods = false;
  private periodEvent = '';
  private comm = '';
  private period = 0;
  private timeNs: number | undefined;
  private inBlock = false;
  /** Frames of the open block, leaf first. */
  private readonly leafFirst: FrameIndex[] = [];
  /** Reused root-first stack for interning. */
  private readonly rootFirst: FrameIndex[] = [];
  /** Frames by the text after the address, so each distinct stack line is parsed once. */
  private readonly frameByText = new Map<string, FrameIndex>();
  private readonly values = [0, 0];
  private startNs = Infinity;
  private endNs = -Infinity;
  private skipped = 0;
  private firstSkipped = 0;
  private missingPeriods = 0;
  private mixedEvents = 0;

  /** The line of the open block's header, where its sample's values come from. */
  private blockLine = 0;

  readLine(line: string, lineNumber: number): void {
    const trimmed = line.trim();
    if (trimmed === '') {
      this.closeBlock();
      return;
    }
    if (trimmed.startsWith('#')) return;
    // perf indents stack lines with a tab; other indentation can belong to a right-aligned comm.
    if (!line.startsWith('\t')) {
      const header = trimmed.includes('PERF_RECORD_') ? undefined : parseHeader(trimmed);
      if (header) {
        this.openBlock(header);
        this.blockLine = lineNumber;
        return;
      }
    }
    const stackLine =
      this.inBlock && isBlank(line.charCodeAt(0)) ? parseStackLine(line) : undefined;
    if (stackLine) this.leafFirst.push(this.frameOf(stackLine.text ?? ''));
    else if (this.skipped++ === 0) this.firstSkipped = lineNumber;
  }

  finish(): Profile {
    this.closeBlock();
    const builder = this.builder;
    if (!builder) {
      const reason =
        this.skipped === 0
          ? 'the input is empty'
          : `none of its ${this.skipped} lines is a sample header such as "java 3244 [001] 1.5: cpu-clock:"`;
      throw new FlamekitError(
        'parse-error',
        `${reason}; pass the output of \`perf script\` (run on a perf.data file recorded with -g)`,
        { format: 'perf-script', position: { line: this.firstSkipped || 1 } },
      );
    }
    if (this.skipped > 0) {
      const s = this.skipped === 1 ? '' : 's';
      builder.warn({
        code: 'unparsed-lines',
        message: `${this.skipped} line${s} matched neither a sample header nor a stack line "address symbol (dso)" and ${s ? 'were' : 'was'} skipped (first: line ${this.firstSkipped})`,
        count: this.skipped,
        position: { line: this.firstSkipped },
      });
    }
    if (this.missingPeriods > 0) {
      builder.warn({
        code: 'missing-period',
        message: `${this.missingPeriods} sample header(s) had no period; their ${this.periodEvent} value is 0`,
        count: this.missingPeriods,
      });
    }
    if (this.mixedEvents > 0) {
      builder.warn({
        code: 'mixed-events',
        message: `${this.mixedEvents} sample(s) are of another event than ${this.periodEvent}; their periods are added to the same column, so read the samples column instead`,
        count: this.mixedEvents,
      });
    }
    return builder.finish({
      defaultSampleType: 0,
      ...(this.startNs <= this.endNs && {
        timeRange: { startNs: this.startNs, endNs: this.endNs },
      }),
    });
  }

  private openBlock(header: SampleHeader): void {
    this.closeBlock();
    const { comm, seconds, fraction, period, event, trailing } = header;
    const baseEvent = event.split(':')[0];
    if (!this.builder) {
      this.hasPeriods = period !== undefined;
      this.periodEvent = baseEvent;
      const types: SampleType[] = [{ type: 'samples', unit: 'count' }];
      if (this.hasPeriods) {
        types.push(
          CLOCK_EVENTS.has(baseEvent)
            ? { type: 'cpu', unit: 'nanoseconds' }
            : { type: baseEvent, unit: 'count' },
        );
      }
      this.builder = new ProfileBuilder('perf-script', types);
      this.builder.locate = () => ({ line: this.blockLine });
    }
    if (this.hasPeriods) {
      if (period === undefined) this.missingPeriods++;
      if (baseEvent !== this.periodEvent) this.mixedEvents++;
    }
    this.comm = comm;
    this.period = period === undefined ? 0 : Number(period);
    this.timeNs =
      seconds === undefined
        ? undefined
        : Number(seconds) * 1e9 + Number(fraction!.slice(0, 9).padEnd(9, '0'));
    this.inBlock = true;
    // Without -g, perf prints the sampled address on the header line itself.
    const single = trailing === undefined ? undefined : parseStackLine(trailing);
    if (single?.text !== undefined) this.leafFirst.push(this.frameOf(single.text));
  }

  private closeBlock(): void {
    if (!this.inBlock) return;
    this.inBlock = false;
    const builder = this.builder!;
    const leafFirst = this.leafFirst;
    const rootFirst = this.rootFirst;
    const depth = leafFirst.length + 1;
    rootFirst.length = depth;
    rootFirst[0] = builder.frames.internName(this.comm);
    for (let i = 1; i < depth; i++) rootFirst[i] = leafFirst[depth - 1 - i];
    leafFirst.length = 0;
    const timeNs = this.timeNs;
    if (timeNs !== undefined) {
      if (timeNs < this.startNs) this.startNs = timeNs;
      if (timeNs > this.endNs) this.endNs = timeNs;
    }
    if (this.hasPeriods) {
      this.values[0] = 1;
      this.values[1] = this.period;
      builder.addStackSample(rootFirst, depth, this.values, -1, timeNs);
    } else {
      builder.addStackSample(rootFirst, depth, 1, -1, timeNs);
    }
  }

  /** The frame of a stack line's text after the address: `symbol+0x1f (dso)`. */
  private frameOf(text: string): FrameIndex {
    let frame = this.frameByText.get(text);
    if (frame !== undefined) return frame;
    let symbol = text;
    let dso: string | undefined;
    const open = text.endsWith(')') ? matchingOpenParen(text) : -1;
    // The dso is the last balanced "(...)" set off by a space: "(/memfd:x (deleted))" included.
    if (open === 0 || (open > 0 && isBlank(text.charCodeAt(open - 1)))) {
      dso = text.slice(open + 1, -1);
      symbol = text.slice(0, open).trimEnd();
    }
    symbol = withoutOffset(symbol);
    if ((symbol === '' || symbol === '[unknown]') && dso && dso !== '[unknown]')
      symbol = `[${dso.slice(dso.lastIndexOf('/') + 1)}]`;
    frame = this.builder!.frames.intern({
      name: symbol === '' ? '[unknown]' : symbol,
      ...(dso && { module: dso }),
    });
    this.frameByText.set(text, frame);
    return frame;
  }
}

/** The index of the "(" that closes with the text's final ")", or -1 if unbalanced. */
function matchingOpenParen(text: string): number {
  let depth = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 41 /* ) */) depth++;
    else if (c === 40 /* ( */ && --depth === 0) return i;
  }
  return -1;
}
