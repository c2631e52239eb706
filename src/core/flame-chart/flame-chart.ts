import { FlamekitError } from '../errors';
import { growInt32 } from '../model/growable';
import type { StackTable } from '../model/stack-table';
import type { TimeOrder, TimeOrderLane } from '../model/time-order';
import type { FrameIndex } from '../types';

/** A box of a {@link FlameChartLane}: its index in the lane's box columns. */
export type BoxIndex = number;

/**
 * The boxes of one lane of a flame chart, row by row (a row per stack depth, 0 the outermost
 * frame), each row in time order, as columns:
 * - box `k` is frame `frame[k]`, from the start of the lane's entry `first[k]` to the end of entry
 *   `last[k]` (for a span, `first[k] === last[k]`: the span itself);
 * - row `d` holds boxes `rowStart[d] .. rowStart[d + 1] - 1`; boxes of a row never overlap, so
 *   their starts and their ends both ascend and a time finds its box by binary search.
 *
 * 28 bytes per box; see {@link createFlameChart} for how many boxes a lane has.
 */
export interface FlameChartLane {
  /** Index of the lane in the time order. */
  index: number;
  lane: TimeOrderLane;
  rowCount: number;
  rowStart: Int32Array;
  first: Int32Array;
  last: Int32Array;
  frame: Int32Array;
  /**
   * Where each box starts and ends (`lane.start[first[k]]` and `lane.end[last[k]]`), kept
   * beside the entries: a redraw reads them for every box it passes, and reading through the
   * entries costs a cache miss a box.
   */
  start: Float64Array;
  end: Float64Array;
}

export interface FlameChart {
  timeOrder: TimeOrder;
  /** Rows of each lane (its deepest stack's frame count), known before any box is computed. */
  rowCounts: Int32Array;
  /** The boxes of lane `index`, computed the first time they are asked for, then kept. */
  lane(index: number): FlameChartLane;
}

/**
 * The boxes of every lane of a time order, each lane computed when first asked for (a chart
 * shows a few lanes at first; the rest wait until they scroll into view). Consecutive samples
 * that share a frame at a depth, below the same frames, make one box there (as speedscope's time
 * order and Chrome's flame chart draw them); a gap between samples (a thread that went quiet) ends
 * every box. Each traced span is a box of its own, so two calls of a function back to back stay
 * two boxes.
 *
 * A lane costs two passes over its samples, each linear in the samples plus the boxes: going
 * from one sample to the next walks up the new stack only as far as the frames it shares with the
 * old. A lane of samples has as many boxes as frames opened from one sample to the next, usually
 * a few per sample; a lane of spans one per span.
 */
export function createFlameChart(timeOrder: TimeOrder): FlameChart {
  const { stacks, depths } = timeOrder;
  const rowCounts = Int32Array.from(timeOrder.lanes, (lane) => {
    let deepest = 0;
    for (let i = 0; i < lane.count; i++) deepest = Math.max(deepest, depths[lane.stack[i]]);
    return deepest;
  });
  const lanes: (FlameChartLane | undefined)[] = [];
  return {
    timeOrder,
    rowCounts,
    lane(index) {
      const timeLane = timeOrder.lanes[index];
      if (!timeLane)
        throw new FlamekitError(
          'invalid-argument',
          `lane ${index} does not exist (the time order has ${timeOrder.lanes.length})`,
        );
      return (lanes[index] ??= computeLaneBoxes(index, timeLane, rowCounts[index], stacks, depths));
    },
  };
}

/**
 * A lane's boxes, in two passes of the same walk: the first counts the boxes of each row, the
 * second writes each where its row's run of the columns says, so that nothing is copied or
 * grown. A row's boxes close in time order, so each row comes out sorted.
 */
function computeLaneBoxes(
  index: number,
  lane: TimeOrderLane,
  rowCount: number,
  stacks: StackTable,
  depths: Int32Array,
): FlameChartLane {
  const rowStart = new Int32Array(rowCount + 1);
  const walk = lane.kind === 'spans' ? walkSpans : walkSamples;
  walk(lane, stacks, depths, (_first, _last, _frame, depth) => rowStart[depth + 1]++);
  for (let d = 0; d < rowCount; d++) rowStart[d + 1] += rowStart[d];
  const count = rowStart[rowCount];
  const first = new Int32Array(count);
  const last = new Int32Array(count);
  const frame = new Int32Array(count);
  const start = new Float64Array(count);
  const end = new Float64Array(count);
  const fill = rowStart.slice(0, rowCount);
  walk(lane, stacks, depths, (boxFirst, boxLast, boxFrame, depth) => {
    const at = fill[depth]++;
    first[at] = boxFirst;
    last[at] = boxLast;
    frame[at] = boxFrame;
    start[at] = lane.start[boxFirst];
    end[at] = lane.end[boxLast];
  });
  return { index, lane, rowCount, rowStart, first, last, frame, start, end };
}

type EmitBox = (first: number, last: number, frame: FrameIndex, depth: number) => void;

type Walk = (lane: TimeOrderLane, stacks: StackTable, depth: Int32Array, emit: EmitBox) => void;

const walkSpans: Walk = (lane, stacks, depth, emit) => {
  for (let i = 0; i < lane.count; i++) {
    const stack = lane.stack[i];
    emit(i, i, stacks.frameOf(stack), depth[stack] - 1);
  }
};

const walkSamples: Walk = (lane, stacks, depth, emit) => {
  const { stack, start, end, count } = lane;
  // The stacks of the open boxes by depth (each the prefix of the next) and where each opened.
  let openStack = new Int32Array(64);
  let openFirst = new Int32Array(64);
  let openCount = 0;
  for (let i = 0; i < count; i++) {
    const s = stack[i];
    const length = depth[s];
    // A gap closes every box; else the boxes deeper than this stack close.
    const keep = i > 0 && start[i] <= end[i - 1] ? Math.min(openCount, length) : 0;
    for (let d = openCount - 1; d >= keep; d--)
      emit(openFirst[d], i - 1, stacks.frameOf(openStack[d]), d);
    if (length > openStack.length) {
      openStack = growInt32(openStack, length);
      openFirst = growInt32(openFirst, openStack.length);
    }
    // Up the stack from its top until a frame that is open already: below it, all are.
    for (let x = s, d = length; d > 0; x = stacks.parentOf(x), d--) {
      if (d <= keep) {
        if (openStack[d - 1] === x) break;
        emit(openFirst[d - 1], i - 1, stacks.frameOf(openStack[d - 1]), d - 1);
      }
      openStack[d - 1] = x;
      openFirst[d - 1] = i;
    }
    openCount = length;
  }
  for (let d = openCount - 1; d >= 0; d--)
    emit(openFirst[d], count - 1, stacks.frameOf(openStack[d]), d);
};

/** Where box `k` starts, in ns after the time order's origin. */
export function boxStart(lane: FlameChartLane, box: BoxIndex): number {
  return lane.start[box];
}

/** Where box `k` ends. */
export function boxEnd(lane: FlameChartLane, box: BoxIndex): number {
  return lane.end[box];
}

/** The row (depth) of a box: a binary search over the row offsets. */
export function boxDepth(lane: FlameChartLane, box: BoxIndex): number {
  checkBox(lane, box);
  let low = 0;
  let high = lane.rowCount - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (lane.rowStart[middle] <= box) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * The first box of row `depth` that ends after `time` (`rowStart[depth + 1]` when none does):
 * where a walk over the row's visible boxes starts.
 */
export function firstBoxEndingAfter(lane: FlameChartLane, depth: number, time: number): BoxIndex {
  let low = lane.rowStart[depth];
  let high = lane.rowStart[depth + 1];
  const ends = lane.end;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (ends[middle] <= time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The box of row `depth` that covers `time` (start inclusive, end exclusive), or -1. */
export function boxAt(lane: FlameChartLane, depth: number, time: number): BoxIndex {
  if (!(depth >= 0 && depth < lane.rowCount)) return -1;
  const k = firstBoxEndingAfter(lane, depth, time);
  return k < lane.rowStart[depth + 1] && boxStart(lane, k) <= time ? k : -1;
}

/**
 * The boxes that overlap the time range `[rangeStart, rangeEnd)` in rows `depthStart` to `depthEnd`
 * (inclusive), row by row, each row in time order.
 */
export function computeBoxesInRange(
  lane: FlameChartLane,
  rangeStart: number,
  rangeEnd: number,
  depthStart = 0,
  depthEnd = lane.rowCount - 1,
): Int32Array {
  const found: number[] = [];
  const last = Math.min(depthEnd, lane.rowCount - 1);
  for (let d = Math.max(0, depthStart); d <= last; d++) {
    const end = lane.rowStart[d + 1];
    for (let k = firstBoxEndingAfter(lane, d, rangeStart); k < end; k++) {
      if (boxStart(lane, k) >= rangeEnd) break;
      found.push(k);
    }
  }
  return Int32Array.from(found);
}

/**
 * The box's self time: its duration less the time of the boxes in the row below within it (the
 * calls it made). For samples, the time its frame was the innermost one.
 */
export function computeBoxSelf(lane: FlameChartLane, box: BoxIndex): number {
  const depth = boxDepth(lane, box);
  const start = boxStart(lane, box);
  const end = boxEnd(lane, box);
  let inner = 0;
  if (depth + 1 < lane.rowCount) {
    const rowEnd = lane.rowStart[depth + 2];
    for (let k = firstBoxEndingAfter(lane, depth + 1, start); k < rowEnd; k++) {
      const childStart = boxStart(lane, k);
      if (childStart >= end) break;
      inner += Math.min(end, boxEnd(lane, k)) - Math.max(start, childStart);
    }
  }
  return Math.max(0, end - start - inner);
}

/** Moves for the keyboard: to the enclosing box, the longest inner one, or a row neighbour. */
export type BoxStep = 'parent' | 'longest-child' | 'previous' | 'next';

/** The box one step from `box`, or `box` itself when there is none that way. */
export function computeBoxNeighbour(lane: FlameChartLane, box: BoxIndex, step: BoxStep): BoxIndex {
  const depth = boxDepth(lane, box);
  if (step === 'previous') return box > lane.rowStart[depth] ? box - 1 : box;
  if (step === 'next') return box + 1 < lane.rowStart[depth + 1] ? box + 1 : box;
  const start = boxStart(lane, box);
  if (step === 'parent') {
    const outer = boxAt(lane, depth - 1, start);
    return outer >= 0 ? outer : box;
  }
  if (depth + 1 >= lane.rowCount) return box;
  const end = boxEnd(lane, box);
  let best = box;
  let longest = -1;
  const rowEnd = lane.rowStart[depth + 2];
  for (let k = firstBoxEndingAfter(lane, depth + 1, start); k < rowEnd; k++) {
    const childStart = boxStart(lane, k);
    if (childStart >= end) break;
    const length = boxEnd(lane, k) - childStart;
    if (length > longest) {
      longest = length;
      best = k;
    }
  }
  return best;
}

function checkBox(lane: FlameChartLane, box: BoxIndex): void {
  if (!(box >= 0 && box < lane.frame.length && Number.isInteger(box)))
    throw new FlamekitError(
      'invalid-argument',
      `box ${box} does not exist (the lane has ${lane.frame.length})`,
    );
}
