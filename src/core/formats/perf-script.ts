import { FlamekitError } from '../errors';
import { FrameTable } from '../model/frame-table';
import { growFloat64, growInt32 } from '../model/growable';
import type { Profile, SampleType } from '../model/profile';
import { MAX_TOTAL_VALUE, ProfileBuilder } from '../model/profile-builder';
import { finishThreadedProfile } from '../model/profile-threads';
import { TimeOrderBuilder, withTimeOrder } from '../model/time-order-builder';
import { addSampleLanes } from '../model/time-order-threads';
import { StackTable } from '../model/stack-table';
import type { FrameIndex } from '../types';
import { toInputSource as toSource, type InputSource, type ProfileInput } from './input';
import type { ImportOptions, PerfScriptOptions } from './options';
import { parseHeader, parseStackLine, isBlank, type SampleHeader } from './perf-script-lines';
import { perfFrameName, perfRootName, splitSymbolAndDso } from './perf-script-names';

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
 * (dso)`, leaf first (indented, or not, as some perf versions print them); they are reversed to
 * root first under a root frame named after the process, and each frame is named as FlameGraph's
 * stackcollapse-perf names it (perf-script-names.ts; `options.perfScript` has its options), with
 * the dso as its module.
 *
 * Values, per event (`cycles`, `cpu-clock:ppp`, ... in order of first appearance): the sample
 * count, and, when its headers carry periods, the period sum (`cpu` in nanoseconds for cpu-clock
 * and task-clock, else the event's name as a count). The default sample type is the first event's
 * period sum, else its count: what stackcollapse-perf and `perf report` count, and only the first
 * event, as stackcollapse-perf counts only it (mixing cycles with instructions misleads). Each
 * other event has its own sample types (a warning says so). With one event the count is named
 * `samples`; with several, `<event> samples`.
 *
 * Threads: each `pid/tid` (or tid) is a thread named `comm pid/tid` as the header writes it; the
 * whole profile is all of them (the default, as stackcollapse-perf), and `options.profile` picks
 * one. A header's timestamp (seconds on perf's clock) becomes the sample's time.
 *
 * Read line by line in one pass, so files beyond the string limit work. Not read: tracepoint
 * arguments, `srcline` and other non-address lines under a sample (skipped and counted in a
 * warning), branch stacks, and `PERF_RECORD_*` side-band lines (skipped and counted).
 */
const FORMAT = 'perf-script';
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
  return parseStackLine(lines[i + 1])?.text !== undefined;
}

export function importPerfScript(
  input: ProfileInput | InputSource,
  options: ImportOptions = {},
): Profile {
  const source = toSource(input);
  const reader = new PerfScriptReader(options.perfScript ?? {});
  source.forEachLine(
    (line, lineNumber) => reader.readLine(line, lineNumber),
    (done, total) => options.onProgress?.({ phase: 'read', done, total }),
  );
  return reader.finish(options.profile);
}

/** An event's samples: its column of counts and, when its headers carry periods, of periods. */
interface PerfEvent {
  name: string;
  hasPeriods: boolean;
  /** Sum of the periods so far, checked against MAX_TOTAL_VALUE as they are read. */
  periodSum: number;
  missingPeriods: number;
}

/**
 * The parse state: one sample block is open at a time. Samples are kept as columns (stack, event,
 * period, time, thread) until the end, when the events, and so the sample types, are known.
 */
class PerfScriptReader {
  private readonly frames = new FrameTable();
  private readonly stacks = new StackTable(this.frames);
  private readonly events: PerfEvent[] = [];
  private readonly eventIndex = new Map<string, number>();
  private readonly threads: {
    name: string;
    pid?: string;
    tid: string;
    /** The root frame of the comm it was last made for, and whether that comm is Java's. */
    rootFor?: string;
    root?: FrameIndex;
    java?: boolean;
  }[] = [];
  private readonly threadIndex = new Map<string, number>();
  private count = 0;
  private sampleStack = new Int32Array(1024);
  private sampleEvent = new Int32Array(1024);
  private sampleThread = new Int32Array(1024);
  private samplePeriod = new Float64Array(1024);
  private sampleTime = new Float64Array(1024);
  private hasTimes = false;

  private header: SampleHeader | undefined;
  private event = 0;
  private thread = 0;
  private java = false;
  /** Frames of the open block, leaf first. */
  private readonly leafFirst: FrameIndex[] = [];
  /** Reused root-first stack for interning. */
  private readonly rootFirst: FrameIndex[] = [];
  /** Frames by the text after the address (and the address, for `[dso <address>]` names). */
  private readonly frameByText = new Map<string, FrameIndex>();
  private readonly javaFrameByText = new Map<string, FrameIndex>();
  private startNs = Infinity;
  private endNs = -Infinity;
  private skipped = 0;
  private firstSkipped = 0;

  constructor(private readonly options: PerfScriptOptions) {}

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
        this.openBlock(header, lineNumber);
        return;
      }
    }
    const stackLine = this.header ? parseStackLine(line) : undefined;
    if (stackLine) this.addFrame(line, stackLine.text ?? '');
    else if (this.skipped++ === 0) this.firstSkipped = lineNumber;
  }

  finish(wanted: number | string | undefined): Profile {
    this.closeBlock();
    if (this.events.length === 0) {
      const reason =
        this.skipped === 0
          ? 'the input is empty'
          : `none of its ${this.skipped} lines is a sample header such as "java 3244 [001] 1.5: cpu-clock:"`;
      throw new FlamekitError(
        'parse-error',
        `${reason}; pass the output of \`perf script\` (run on a perf.data file recorded with -g)`,
        { format: FORMAT, position: { line: this.firstSkipped || 1 } },
      );
    }
    const { types, countColumn, periodColumn } = sampleTypesOf(this.events);
    const builder = new ProfileBuilder(FORMAT, types, this.frames, this.stacks);
    for (const thread of this.threads)
      builder.addThread({
        name: thread.pid
          ? `${thread.name} ${thread.pid}/${thread.tid}`
          : `${thread.name} ${thread.tid}`,
        ...(thread.pid !== undefined && { pid: thread.pid }),
        tid: thread.tid,
        processName: thread.name,
      });
    const values = new Float64Array(types.length);
    for (let i = 0; i < this.count; i++) {
      const event = this.sampleEvent[i];
      values.fill(0);
      values[countColumn[event]] = 1;
      if (periodColumn[event] >= 0) values[periodColumn[event]] = this.samplePeriod[i];
      builder.setThread(this.sampleThread[i]);
      const time = this.hasTimes ? this.sampleTime[i] : undefined;
      builder.addSample(this.sampleStack[i], values, -1, Number.isNaN(time) ? undefined : time);
    }
    this.warn(builder);
    const profile = finishThreadedProfile(
      builder,
      {
        defaultSampleType: periodColumn[0] >= 0 ? periodColumn[0] : countColumn[0],
        ...(this.startNs <= this.endNs && {
          timeRange: { startNs: this.startNs, endNs: this.endNs },
        }),
      },
      wanted,
      0,
    );
    // With times, every thread's samples in time order: a sample lasts until the thread's next,
    // at most 2.5 times its usual gap (perf samples a thread only while it runs).
    const whole = profile.allThreads ?? profile;
    const timeOrder = new TimeOrderBuilder(whole.frames, whole.stacks);
    addSampleLanes(timeOrder, whole);
    return withTimeOrder(profile, timeOrder);
  }

  private warn(builder: ProfileBuilder): void {
    if (this.skipped > 0) {
      const s = this.skipped === 1 ? '' : 's';
      builder.warn({
        code: 'unparsed-lines',
        message: `${this.skipped} line${s} matched neither a sample header nor a stack line "address symbol (dso)" and ${s ? 'were' : 'was'} skipped (first: line ${this.firstSkipped})`,
        count: this.skipped,
        position: { line: this.firstSkipped },
      });
    }
    for (const event of this.events) {
      if (!event.hasPeriods || event.missingPeriods === 0) continue;
      builder.warn({
        code: 'missing-period',
        message: `${event.missingPeriods} sample header(s) of ${event.name} had no period; their ${event.name} value is 0`,
        count: event.missingPeriods,
      });
    }
    if (this.events.length > 1) {
      const names = this.events.map((event) => event.name);
      builder.warn({
        code: 'several-events',
        message: `the samples are of ${names.length} events (${names.join(', ')}); the default sample type counts the first, ${names[0]}, as stackcollapse-perf does, and each other event has sample types of its own`,
        count: names.length,
      });
    }
  }

  private openBlock(header: SampleHeader, lineNumber: number): void {
    this.closeBlock();
    const { event: eventName, period } = header;
    let event = this.eventIndex.get(eventName);
    if (event === undefined) {
      event =
        this.events.push({ name: eventName, hasPeriods: false, periodSum: 0, missingPeriods: 0 }) -
        1;
      this.eventIndex.set(eventName, event);
    }
    const counts = this.events[event];
    if (period === undefined) counts.missingPeriods++;
    else {
      counts.hasPeriods = true;
      counts.periodSum += Number(period);
      if (!(counts.periodSum <= MAX_TOTAL_VALUE)) {
        throw new FlamekitError(
          'invalid-value',
          `the periods of ${eventName} add up to more than ${MAX_TOTAL_VALUE.toPrecision(2)} (this one is ${period.length > 40 ? `${period.slice(0, 40)}…` : period}), past what totals can hold as numbers`,
          { format: FORMAT, position: { line: lineNumber } },
        );
      }
    }
    let thread = this.threadIndex.get(header.ids);
    if (thread === undefined) {
      thread = this.threads.push({ name: header.comm, pid: header.pid, tid: header.tid }) - 1;
      this.threadIndex.set(header.ids, thread);
    }
    const record = this.threads[thread];
    // The root frame, made again only when the thread's comm changes (an exec, a rename).
    if (record.rootFor !== header.comm) {
      record.rootFor = header.comm;
      const root = perfRootName(header.comm, header.pid, header.tid, this.options.root);
      record.root = this.frames.internName(root);
      record.java = header.comm.startsWith('java');
    }
    this.header = header;
    this.event = event;
    this.thread = thread;
    this.java = record.java!;
    // Without -g, perf prints the sampled address on the header line itself.
    const single = header.trailing === undefined ? undefined : parseStackLine(header.trailing);
    if (single?.text !== undefined) this.addFrame(header.trailing!, single.text);
  }

  private closeBlock(): void {
    const header = this.header;
    if (!header) return;
    this.header = undefined;
    const leafFirst = this.leafFirst;
    const rootFirst = this.rootFirst;
    const depth = leafFirst.length + 1;
    rootFirst.length = depth;
    rootFirst[0] = this.threads[this.thread].root!;
    for (let i = 1; i < depth; i++) rootFirst[i] = leafFirst[depth - 1 - i];
    leafFirst.length = 0;
    const { seconds, fraction, period } = header;
    const timeNs =
      seconds === undefined
        ? NaN
        : Number(seconds) * 1e9 + Number(fraction!.slice(0, 9).padEnd(9, '0'));
    if (timeNs < this.startNs) this.startNs = timeNs;
    if (timeNs > this.endNs) this.endNs = timeNs;
    const i = this.count++;
    if (i >= this.sampleStack.length) this.grow(i + 1);
    this.sampleStack[i] = this.stacks.intern(rootFirst, depth);
    this.sampleEvent[i] = this.event;
    this.sampleThread[i] = this.thread;
    this.samplePeriod[i] = period === undefined ? 0 : Number(period);
    this.sampleTime[i] = timeNs;
    if (!Number.isNaN(timeNs)) this.hasTimes = true;
  }

  private grow(length: number): void {
    this.sampleStack = growInt32(this.sampleStack, length);
    const capacity = this.sampleStack.length;
    this.sampleEvent = growInt32(this.sampleEvent, capacity);
    this.sampleThread = growInt32(this.sampleThread, capacity);
    this.samplePeriod = growFloat64(this.samplePeriod, capacity);
    this.sampleTime = growFloat64(this.sampleTime, capacity);
  }

  /** The frame of a stack line (`address symbol+0x1f (dso)`), `text` being what follows the address. */
  private addFrame(line: string, text: string): void {
    const cache = this.java ? this.javaFrameByText : this.frameByText;
    let frame = cache.get(text);
    if (frame === undefined) {
      const { symbol, dso } = splitSymbolAndDso(text);
      const address = this.options.addresses ? addressOf(line) : '';
      const name = perfFrameName(symbol, dso, address, this.java, this.options);
      frame = this.frames.intern({ name, ...(dso && { module: dso }) });
      // A name that holds its address is the frame of that address only.
      if (!name.endsWith(`<${address}>]`) || address === '') cache.set(text, frame);
    }
    this.leafFirst.push(frame);
  }
}

/** The address a stack line starts with (after its indentation). */
function addressOf(line: string): string {
  let start = 0;
  while (start < line.length && isBlank(line.charCodeAt(start))) start++;
  let end = start;
  while (end < line.length && !isBlank(line.charCodeAt(end))) end++;
  return line.slice(start, end);
}

/**
 * The sample types of the events, in order of first appearance: each event's count and, when it
 * has periods, its period sum. Returns, per event, the columns of its count and period (-1: none).
 */
function sampleTypesOf(events: PerfEvent[]) {
  const types: SampleType[] = [];
  const countColumn: number[] = [];
  const periodColumn: number[] = [];
  const taken = new Set<string>();
  for (const event of events) {
    countColumn.push(types.length);
    types.push({ type: events.length === 1 ? 'samples' : `${event.name} samples`, unit: 'count' });
    if (!event.hasPeriods) {
      periodColumn.push(-1);
      continue;
    }
    const base = event.name.split(':')[0];
    let type: SampleType = CLOCK_EVENTS.has(base)
      ? { type: 'cpu', unit: 'nanoseconds' }
      : { type: base, unit: 'count' };
    if (taken.has(type.type)) type = { ...type, type: event.name };
    taken.add(type.type);
    periodColumn.push(types.length);
    types.push(type);
  }
  return { types, countColumn, periodColumn };
}
