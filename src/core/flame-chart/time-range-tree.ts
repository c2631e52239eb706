import type { CallTree } from '../model/call-tree';
import { computeCallTree, type ComputeCallTreeOptions } from '../model/call-tree-from-stacks';
import { FlamekitError } from '../errors';
import type { StackTable } from '../model/stack-table';
import type { TimeOrder, TimeOrderLane } from '../model/time-order';

export interface TimeRangeTreeOptions extends Pick<
  ComputeCallTreeOptions,
  'siblingOrder' | 'rootName'
> {
  /** Indices of the lanes to include; all by default. */
  lanes?: readonly number[];
}

/**
 * The merged call tree of the time range `[rangeStart, rangeEnd)` (in the time order's unit after
 * its origin), valued in that unit: each sample and span counts for the part of its time inside the
 * range, so a box cut by the range's edge counts as much as is shown of it. A span's self time is its time less the
 * time of the spans inside it. The lanes chosen merge into one tree (their stacks share a table).
 *
 * The whole range gives the tree of all the time recorded, so a selected range of a flame chart
 * becomes a flame graph, a top table and a sandwich. Linear in the samples and spans that start
 * before the range ends.
 *
 * ```ts
 * const tree = computeTimeRangeTree(profile.timeOrder!, 2e6, 5e6); // 2 ms to 5 ms in
 * ```
 */
export function computeTimeRangeTree(
  timeOrder: TimeOrder,
  rangeStart: number,
  rangeEnd: number,
  options: TimeRangeTreeOptions = {},
): CallTree {
  if (!(Number.isFinite(rangeStart) && Number.isFinite(rangeEnd)) || rangeEnd < rangeStart) {
    throw new FlamekitError(
      'invalid-argument',
      `the time range ${rangeStart} to ${rangeEnd} is not a range; give a start before the end, in the time order's unit (${timeOrder.unit})`,
    );
  }
  const { lanes = timeOrder.lanes.map((_, index) => index), siblingOrder, rootName } = options;
  const { stacks } = timeOrder;
  const self = new Float64Array(stacks.size);
  for (const index of lanes) {
    const lane = timeOrder.lanes[index];
    if (!lane)
      throw new FlamekitError(
        'invalid-argument',
        `lane ${index} does not exist (the time order has ${timeOrder.lanes.length})`,
      );
    if (lane.kind === 'samples') addSamples(lane, rangeStart, rangeEnd, self);
    else addSpans(lane, rangeStart, rangeEnd, self, stacks);
  }
  // A span's self is its time less its inner spans': rounding may leave a hair below zero.
  for (let s = 0; s < self.length; s++) if (self[s] < 0 && self[s] > -1e-3) self[s] = 0;
  return computeCallTree(stacks, self, { siblingOrder, rootName });
}

/** Samples do not overlap, so their ends ascend: the first one in the range is a binary search. */
function addSamples(
  lane: TimeOrderLane,
  rangeStart: number,
  rangeEnd: number,
  self: Float64Array,
): void {
  const { start: starts, end: ends, stack, count } = lane;
  let low = 0;
  let high = count;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (ends[middle] <= rangeStart) low = middle + 1;
    else high = middle;
  }
  for (let i = low; i < count && starts[i] < rangeEnd; i++) {
    const overlap = Math.min(ends[i], rangeEnd) - Math.max(starts[i], rangeStart);
    if (overlap > 0) self[stack[i]] += overlap;
  }
}

/** Spans nest, so a long outer span may start long before the range: every span before its end is read. */
function addSpans(
  lane: TimeOrderLane,
  rangeStart: number,
  rangeEnd: number,
  self: Float64Array,
  stacks: StackTable,
): void {
  const { start: starts, end: ends, stack, count } = lane;
  for (let i = 0; i < count && starts[i] < rangeEnd; i++) {
    const overlap = Math.min(ends[i], rangeEnd) - Math.max(starts[i], rangeStart);
    if (!(overlap > 0)) continue;
    const s = stack[i];
    self[s] += overlap;
    const parent = stacks.parentOf(s);
    if (parent > 0) self[parent] -= overlap;
  }
}
