import { FlamekitError } from '../errors';
import { FrameTable } from './frame-table';
import { growFloat64, growInt32 } from './growable';
import type { ImportWarning, Profile } from './profile';
import { StackTable, type StackIndex } from './stack-table';
import {
  MAX_ABSOLUTE_TIME,
  SAMPLE_GAP_LIMIT,
  computeStackDepths,
  type LaneName,
  type TimeOrder,
  type TimeOrderLane,
} from './time-order';

const isTime = (value: number) => Math.abs(value) <= MAX_ABSOLUTE_TIME;

/**
 * Collects lanes from importers and seals them into a {@link TimeOrder}. Stacks given from another
 * table (another thread's profile builder) are copied into this one, each distinct stack once.
 */
export class TimeOrderBuilder {
  readonly frames: FrameTable;
  readonly stacks: StackTable;
  private readonly lanes: TimeOrderLane[] = [];
  private readonly stackMaps = new Map<StackTable, Int32Array>();

  /**
   * `frames` and `stacks`: the profile's own tables, when every lane comes from them (nothing is
   * copied then). `unit`: what the times count, when not nanoseconds.
   */
  constructor(
    frames?: FrameTable,
    stacks?: StackTable,
    readonly unit = 'nanoseconds',
  ) {
    this.frames = frames ?? stacks?.frames ?? new FrameTable();
    this.stacks = stacks ?? new StackTable(this.frames);
    if (this.stacks.frames !== this.frames)
      throw new FlamekitError('invalid-argument', 'the stacks must use the frame table given');
  }

  get laneCount(): number {
    return this.lanes.length;
  }

  /**
   * Adds a lane of samples: sample `i` on `stack[i]` (of `source`) taken at `timeNs[i]`, lasting
   * `durationNs[i]` when given, else as {@link SAMPLE_GAP_LIMIT} says (with `intervalNs` as the
   * usual gap when the source declares one). Samples without a time (or one past
   * {@link MAX_ABSOLUTE_TIME}) are left out; the rest are sorted by time. Nothing is added when no sample remains.
   */
  addSamples(
    lane: LaneName,
    source: StackTable,
    stack: ArrayLike<StackIndex>,
    timeNs: ArrayLike<number>,
    durationNs?: ArrayLike<number>,
    intervalNs?: number,
  ): void {
    const order = sortedByTime(stack.length, timeNs, durationNs);
    const n = order.length;
    if (n === 0) return;
    const startColumn = new Float64Array(n);
    const endColumn = new Float64Array(n);
    const stackColumn = new Int32Array(n);
    const map = this.stackMap(source);
    for (let k = 0; k < n; k++) {
      const i = order[k];
      startColumn[k] = timeNs[i];
      stackColumn[k] = this.translate(source, map, stack[i]);
    }
    if (durationNs) {
      // A sample ends where the next begins at the latest: samples of one thread never overlap.
      for (let k = 0; k < n; k++) {
        const end = startColumn[k] + Math.max(0, durationNs[order[k]]);
        endColumn[k] = k + 1 < n ? Math.min(end, startColumn[k + 1]) : end;
      }
    } else {
      const usual =
        intervalNs !== undefined && intervalNs > 0 ? intervalNs : medianGap(startColumn);
      const limit = usual * SAMPLE_GAP_LIMIT;
      for (let k = 0; k < n; k++) {
        const gap = k + 1 < n ? startColumn[k + 1] - startColumn[k] : usual;
        endColumn[k] = startColumn[k] + Math.min(gap, limit);
      }
    }
    this.lanes.push(makeLane(lane, 'samples', startColumn, endColumn, stackColumn));
  }

  /**
   * Adds the samples of a profile (or of a thread's profile builder, sealed) as a lane, when they
   * carry times: durations from sample type `durationType` times `nsPerUnit` when given (V8's
   * `time` column is each sample's gap to the next), else by {@link SAMPLE_GAP_LIMIT}.
   */
  addProfileSamples(
    lane: LaneName,
    profile: {
      stacks: StackTable;
      samples: { stack: Int32Array; values: Float64Array[]; timeNs?: Float64Array };
    },
    duration?: { type: number; nsPerUnit: number },
    intervalNs?: number,
  ): void {
    const { samples } = profile;
    if (!samples.timeNs) return;
    const values = duration && samples.values[duration.type];
    const durationNs = values && Float64Array.from(values, (v) => v * duration.nsPerUnit);
    this.addSamples(lane, profile.stacks, samples.stack, samples.timeNs, durationNs, intervalNs);
  }

  /**
   * Adds a lane of traced calls: span `i` on `stack[i]` (of `source`, its path down to its own
   * frame) from `startNs[i]` to `endNs[i]`. Spans are sorted by start, the shallower first on a
   * tie; one that outlasts the span it lies in is cut at that span's end (as the importers cut
   * them), and one without finite times, or whose stack has no frame, is left out.
   */
  addSpans(
    lane: LaneName,
    source: StackTable,
    stack: ArrayLike<StackIndex>,
    startNs: ArrayLike<number>,
    endNs: ArrayLike<number>,
  ): void {
    const map = this.stackMap(source);
    const kept: number[] = [];
    for (let i = 0; i < stack.length; i++) {
      if (isTime(startNs[i]) && isTime(endNs[i]) && stack[i] > 0) kept.push(i);
    }
    const stacks = Int32Array.from(kept, (i) => this.translate(source, map, stack[i]));
    const depth = stackDepths(this.stacks, stacks);
    const order = Int32Array.from(kept.keys());
    order.sort((a, b) => startNs[kept[a]] - startNs[kept[b]] || depth[a] - depth[b] || a - b);
    const n = order.length;
    if (n === 0) return;
    const startColumn = new Float64Array(n);
    const endColumn = new Float64Array(n);
    const stackColumn = new Int32Array(n);
    // Open spans by depth: a span's end is cut to the end of the span it lies in.
    let openEnds = new Float64Array(64);
    for (let k = 0; k < n; k++) {
      const i = kept[order[k]];
      const d = depth[order[k]] - 1; // the row of the span: 0 for an outermost one
      if (d >= openEnds.length) openEnds = growFloat64(openEnds, d + 1);
      const start = startNs[i];
      const outer = d > 0 && openEnds[d - 1] >= start ? openEnds[d - 1] : Infinity;
      const end = Math.min(Math.max(start, endNs[i]), outer);
      startColumn[k] = start;
      endColumn[k] = end;
      stackColumn[k] = stacks[order[k]];
      openEnds[d] = end;
    }
    this.lanes.push(makeLane(lane, 'spans', startColumn, endColumn, stackColumn));
  }

  /**
   * The lanes with their times moved so that the earliest start is 0; undefined when no lane was
   * added. The busiest lanes come first, as a profiler lists the main thread first: lanes are
   * grouped by process, the process whose busiest lane is busiest first, and within a process
   * the busier lane first (busy: the time its samples, or its outermost spans, cover).
   */
  finish(): TimeOrder | undefined {
    if (this.lanes.length === 0) return undefined;
    let origin = Infinity;
    for (const lane of this.lanes) origin = Math.min(origin, lane.start[0]);
    let end = 0;
    for (const lane of this.lanes) {
      for (let i = 0; i < lane.count; i++) {
        lane.start[i] -= origin;
        lane.end[i] -= origin;
        if (lane.end[i] > end) end = lane.end[i];
      }
    }
    const busy = new Map(this.lanes.map((lane) => [lane, this.busyTime(lane)]));
    const processBusy = new Map<string | undefined, number>();
    for (const [lane, time] of busy)
      processBusy.set(lane.process, Math.max(time, processBusy.get(lane.process) ?? 0));
    const lanes = [...this.lanes].sort((a, b) => {
      const byProcess = processBusy.get(b.process)! - processBusy.get(a.process)!;
      if (byProcess !== 0 || a.process !== b.process)
        return byProcess || (a.process ?? '').localeCompare(b.process ?? '');
      return busy.get(b)! - busy.get(a)!;
    });
    const { frames, stacks, unit } = this;
    const depths = computeStackDepths(stacks.parentColumn());
    return { frames, stacks, lanes, depths, unit, origin, duration: end };
  }

  private busyTime(lane: TimeOrderLane): number {
    let time = 0;
    for (let i = 0; i < lane.count; i++)
      if (lane.kind === 'samples' || this.stacks.parentOf(lane.stack[i]) === 0)
        time += lane.end[i] - lane.start[i];
    return time;
  }

  private stackMap(source: StackTable): Int32Array | undefined {
    if (source === this.stacks) return undefined;
    let map = this.stackMaps.get(source);
    if (!map || map.length < source.size) {
      const grown = new Int32Array(source.size).fill(-1);
      if (map) grown.set(map);
      this.stackMaps.set(source, (map = grown));
    }
    return map;
  }

  /** A stack of `source` as a stack of this table, walking up only to a stack copied before. */
  private translate(
    source: StackTable,
    map: Int32Array | undefined,
    stack: StackIndex,
  ): StackIndex {
    if (!map) return stack;
    if (stack === 0) return 0;
    if (map[stack] >= 0) return map[stack];
    const path: StackIndex[] = [];
    let s = stack;
    for (; s > 0 && map[s] < 0; s = source.parentOf(s)) path.push(s);
    let result = s > 0 ? map[s] : 0;
    const sameFrames = source.frames === this.frames;
    for (let k = path.length - 1; k >= 0; k--) {
      const frame = source.frameOf(path[k]);
      result = this.stacks.child(
        result,
        sameFrames ? frame : this.frames.intern(source.frames.get(frame)),
      );
      map[path[k]] = result;
    }
    return result;
  }
}

/**
 * The profile with the builder's lanes as its `timeOrder` (when it has any), and the whole it is
 * a thread's view of too (so that every view of the file, switched to later, has it): for
 * importers, which add the lanes once the profile is sealed.
 */
export function withTimeOrder<T extends Pick<Profile, 'timeOrder' | 'allThreads' | 'warnings'>>(
  profile: T,
  builder: TimeOrderBuilder,
  /** What was left out of the time order, said on every view. */
  warning?: ImportWarning,
): T {
  const timeOrder = builder.finish();
  for (const view of profile.allThreads ? [profile, profile.allThreads] : [profile]) {
    if (timeOrder) view.timeOrder = timeOrder;
    if (warning) view.warnings = [...view.warnings, warning];
  }
  return profile;
}

/** Records spans as an importer opens and closes them, for {@link TimeOrderBuilder.addSpans}. */
export class SpanRecorder {
  count = 0;
  stack = new Int32Array(256);
  startNs = new Float64Array(256);
  endNs = new Float64Array(256);

  /** Records a span whose end is known; returns its index. */
  add(stack: StackIndex, startNs: number, endNs = NaN): number {
    const i = this.count++;
    if (i >= this.stack.length) {
      this.stack = growInt32(this.stack, i + 1);
      this.startNs = growFloat64(this.startNs, this.stack.length);
      this.endNs = growFloat64(this.endNs, this.stack.length);
    }
    this.stack[i] = stack;
    this.startNs[i] = startNs;
    this.endNs[i] = endNs;
    return i;
  }

  /** Sets the end of a span recorded before. */
  end(span: number, endNs: number): void {
    if (span >= 0 && span < this.count) this.endNs[span] = endNs;
  }

  /** Adds the recorded spans to `builder` as one lane. */
  addTo(builder: TimeOrderBuilder, lane: LaneName, source: StackTable): void {
    const n = this.count;
    builder.addSpans(
      lane,
      source,
      this.stack.subarray(0, n),
      this.startNs.subarray(0, n),
      this.endNs.subarray(0, n),
    );
  }
}

function makeLane(
  { name, process }: LaneName,
  kind: TimeOrderLane['kind'],
  startNs: Float64Array,
  endNs: Float64Array,
  stack: Int32Array,
): TimeOrderLane {
  return {
    name,
    ...(process !== undefined && { process }),
    kind,
    count: stack.length,
    start: startNs,
    end: endNs,
    stack,
  };
}

/** The samples with a finite time (and duration, when given), in time order (stable). */
function sortedByTime(
  n: number,
  timeNs: ArrayLike<number>,
  durationNs: ArrayLike<number> | undefined,
): Int32Array {
  const kept: number[] = [];
  let ordered = true;
  let last = -Infinity;
  for (let i = 0; i < n; i++) {
    const time = timeNs[i];
    if (!isTime(time) || (durationNs && !isTime(durationNs[i]))) continue;
    if (time < last) ordered = false;
    last = time;
    kept.push(i);
  }
  const order = Int32Array.from(kept);
  if (!ordered) order.sort((a, b) => timeNs[a] - timeNs[b] || a - b);
  return order;
}

/** The median gap between consecutive times (sorted), 0 with fewer than two. */
function medianGap(times: Float64Array): number {
  if (times.length < 2) return 0;
  const gaps = new Float64Array(times.length - 1);
  for (let i = 1; i < times.length; i++) gaps[i - 1] = times[i] - times[i - 1];
  gaps.sort();
  return gaps[gaps.length >>> 1];
}

/** The number of frames of each stack given (0 for the empty stack), from one pass over the table. */
function stackDepths(stacks: StackTable, list: Int32Array): Int32Array {
  const all = computeStackDepths(stacks.parentColumn());
  return Int32Array.from(list, (stack) => all[stack]);
}
