import type { FrameTable } from './frame-table';
import type { StackTable } from './stack-table';

/**
 * What a program did when: the samples and traced spans of each thread in time order, beside the
 * merged profile, for the flame chart (`computeFlameChart`) and for the tree of any time range
 * (`computeTimeRangeTree`). Importers fill it where the format records times.
 *
 * Times are in {@link TimeOrder.unit} (nanoseconds, except for a speedscope file that counts
 * something else along its time) after {@link TimeOrder.origin}, the start of the earliest sample
 * or span, so that they keep their precision however far the clock's zero lies (an epoch in
 * nanoseconds has no room left in a double for a sub-microsecond span).
 */
export interface TimeOrder {
  /** Frames and stacks of every lane: one table for all, so that lanes merge into one tree. */
  frames: FrameTable;
  stacks: StackTable;
  lanes: readonly TimeOrderLane[];
  /**
   * The number of frames of every stack of `stacks` (when the time order was sealed): a chart
   * lays its lanes out, and walks stacks, without a pass over the whole table first.
   */
  depths: Int32Array;
  /** `'nanoseconds'`, or the unit of a speedscope profile whose axis is not time (`none`, bytes). */
  unit: string;
  /** Where time 0 of the lanes lies, on the clock of the profile's `timeRange`. */
  origin: number;
  /** End of the last sample or span, after the origin. */
  duration: number;
}

/**
 * One thread's (or one profile's) samples or spans as columns, ordered by start time.
 * - `'samples'`: entry `i` is a sample whose stack ran from `start[i]` to `end[i]`; samples do
 *   not overlap. Consecutive samples on a shared prefix make one box per frame (`computeFlameChart`).
 * - `'spans'`: entry `i` is one traced call (a Chrome `X` event, a `B`/`E` pair, a speedscope
 *   open/close), `stack[i]` its path from the root down to its own frame. Spans nest: a span lies
 *   within the span of its parent stack, which comes before it.
 *
 * 20 bytes per entry.
 */
export interface TimeOrderLane {
  /** As the source names it: a thread, a profile. */
  name: string;
  /** The process the thread belongs to, when the source says; its lanes are listed together. */
  process?: string;
  kind: 'samples' | 'spans';
  count: number;
  /** Start of each entry, in the time order's unit after its origin; ascending. */
  start: Float64Array;
  end: Float64Array;
  stack: Int32Array;
}

/** A lane's name and process. */
export interface LaneName {
  name: string;
  process?: string;
}

/**
 * How long a sample lasts when the source does not say: until the next sample, but no longer than
 * 2.5 times the usual gap between samples (the sampling interval the source declares, else the
 * median gap), so that a thread that went to sleep shows a gap rather than its last stack
 * stretched over the sleep, while one missed sample does not break a box. Gaps cluster at whole
 * multiples of the interval (one, two, three missed samples): a limit between two of them never
 * depends on the jitter of a clock. The last sample lasts the usual gap.
 */
export const SAMPLE_GAP_LIMIT = 2.5;

/**
 * Times further than this from zero (in the time order's unit: 10^21 ns is 30,000 years) are left
 * out like times that are not numbers: their differences would not be finite.
 */
export const MAX_ABSOLUTE_TIME = 1e21;

/** The number of frames of every stack: parents come before their children, so one pass. */
export function computeStackDepths(parent: Int32Array): Int32Array {
  const depth = new Int32Array(parent.length);
  for (let s = 1; s < parent.length; s++) depth[s] = depth[parent[s]] + 1;
  return depth;
}
