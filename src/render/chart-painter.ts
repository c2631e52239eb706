import {
  computeCoarseLevels,
  finestCoarseResolution,
  firstBoxEndingAfter,
  type CoarseRow,
  type FlameChartLane,
} from '../core/index';
import { lastAtOrBefore, type DevicePx } from './geometry';
import { push } from './row-painter';

/** What one frame's pass over a flame chart's visible rows collects, before anything is drawn. */
export interface ChartPaintList {
  /** Boxes by fill colour, as x, y, width, height quadruples in device px. */
  boxes: Map<number, number[]>;
  /** Boxes wide enough for a label: lane, box, visible x0, visible x1, y (device px). */
  labels: number[];
  /** Outlined boxes: lane, box, x, y, width, height. */
  outlines: number[];
}

export interface ChartRowContext {
  /** The visible time range. */
  start: number;
  end: number;
  /** Canvas width in device px. */
  width: DevicePx;
  rowHeight: DevicePx;
  minLabelWidth: DevicePx;
  /** The fill of a frame's boxes (dimming applied). */
  fillOf: (frame: number) => number;
  /** Boxes narrower than this (device px) are merged with their neighbours into runs. */
  mergeWidth: DevicePx;
  /** The muted fill of a box too narrow for a label; absent: not muted. */
  mutedFillOf?: (fill: number) => number;
  isOutlined: (lane: number, box: number) => boolean;
  /**
   * A row's coarse level for a resolution ({@link createCoarseRowCache}), walked instead of its
   * boxes where one exists; absent: every row is walked over its boxes (tests compare the two).
   */
  coarseRowOf?: CoarseRowLookup;
}

/** The coarsest level of a lane's row at a resolution of at most `resolution` ns, if any. */
export type CoarseRowLookup = (
  lane: FlameChartLane,
  row: number,
  resolution: number,
) => CoarseRow | undefined;

/**
 * A lookup of rows' coarse levels (core's {@link computeCoarseLevels}), each row's computed the
 * first time a view wide enough for them asks, then kept while its lane lives.
 */
export function createCoarseRowCache(): CoarseRowLookup {
  const levelsByLane = new WeakMap<FlameChartLane, CoarseRow[][]>();
  return (lane, row, resolution) => {
    let rows = levelsByLane.get(lane);
    let levels = rows?.[row];
    if (!levels) {
      const finest = finestCoarseResolution(lane, row);
      // A view too close for any level leaves the work to the first view wide enough; a row too
      // short for levels is remembered as having none, so no later redraw asks again.
      if (finest !== Infinity && !(resolution >= finest)) return undefined;
      if (!rows) levelsByLane.set(lane, (rows = []));
      levels = rows[row] = computeCoarseLevels(lane, row);
    }
    // Levels go from coarse to fine: the first fine enough has the fewest items.
    for (const level of levels) if (level.resolution <= resolution) return level;
    return undefined;
  };
}

/**
 * Collects the boxes of one row of a lane that overlap the visible time range, with the flame
 * graph's discipline: boxes narrower than `mergeWidth` are merged into runs, and the walk jumps
 * (by a galloping search over the row's ends) to the first box that reaches the next pixel
 * column, so a row of a million samples costs at most a step per pixel. A view of most of a
 * long row walks the row's coarse items instead, which draw the same pixels from a few items per
 * pixel (where the boxes near every pixel's edge would be read from all over the row's memory).
 */
export function paintChartRow(
  lane: FlameChartLane,
  row: number,
  y: DevicePx,
  context: ChartRowContext,
  list: ChartPaintList,
): void {
  const { start: viewStart, end: viewEnd, width, rowHeight } = context;
  const scale = width / (viewEnd - viewStart);
  const height = Math.max(1, rowHeight - 1); // one device pixel between rows
  // Items narrower than the coarse resolution must fall under a pixel and under the merge width;
  // strictly, since at exactly a pixel rounding could split what the level merged.
  const resolution = (Math.min(1, context.mergeWidth) / scale) * (1 - 2 ** -20);
  const coarse = context.coarseRowOf?.(lane, row, resolution);
  const starts = coarse ? coarse.start : lane.start;
  const ends = coarse ? coarse.end : lane.end;
  const items = coarse?.box;
  const rowEnd = coarse ? coarse.box.length : lane.rowStart[row + 1];
  let runStart = -1;
  let runEnd = -1;
  let runColor = 0;
  const flushRun = () => {
    if (runStart >= 0) push(list.boxes, runColor, runStart, y, runEnd - runStart, height);
    runStart = -1;
  };
  let k = coarse ? lastAtOrBefore(ends, viewStart) + 1 : firstBoxEndingAfter(lane, row, viewStart);
  // The first run takes its colour from its first box that ends in view, where the walk over the
  // boxes starts (the run may begin with boxes that end before the view, or as it starts).
  const firstItem = k;
  const firstInView = items && items[k] < 0 ? firstBoxEndingAfter(lane, row, viewStart) : -1;
  while (k < rowEnd) {
    const start = starts[k];
    if (start >= viewEnd) break;
    const end = ends[k];
    const x0 = (start - viewStart) * scale;
    const x1 = (end - viewStart) * scale;
    const item = items ? items[k] : k;
    if (item < 0 || x1 - x0 < context.mergeWidth) {
      const column = Math.floor(x0);
      // Cut at the canvas's edge: a run of coarse items may reach far beyond it.
      const reach = Math.min(Math.ceil(width), Math.max(column + 1, Math.ceil(x1)));
      if (runStart >= 0 && column <= runEnd) runEnd = Math.max(runEnd, reach);
      else {
        flushRun();
        runStart = Math.max(0, column);
        runEnd = reach;
        const box = k === firstItem && firstInView >= 0 ? firstInView : item < 0 ? -1 - item : item;
        const fill = context.fillOf(lane.frame[box]);
        runColor = context.mutedFillOf ? context.mutedFillOf(fill) : fill;
      }
      // The next item that ends beyond the run's last pixel column.
      const next = gallopEndingAfter(ends, k + 1, rowEnd, viewStart + runEnd / scale);
      k = next > k ? next : k + 1;
      continue;
    }
    flushRun();
    const left = Math.max(0, Math.round(x0));
    const right = Math.min(width, Math.round(x1));
    const boxWidth = right - left > 2 ? right - left - 1 : right - left; // a pixel of gap between wide boxes
    if (boxWidth > 0) {
      const labelled = boxWidth >= context.minLabelWidth;
      const base = context.fillOf(lane.frame[item]);
      const fill = labelled || !context.mutedFillOf ? base : context.mutedFillOf(base);
      push(list.boxes, fill, left, y, boxWidth, height);
      if (labelled) list.labels.push(lane.index, item, left, left + boxWidth, y);
      if (context.isOutlined(lane.index, item))
        list.outlines.push(lane.index, item, left, y, boxWidth, height);
    }
    k++;
  }
  flushRun();
}

/**
 * The first box in `[from, to)` that ends after `time`: a doubling search from `from`, since the
 * answer is usually a few boxes on, then a binary search within the last step.
 */
function gallopEndingAfter(ends: Float64Array, from: number, to: number, time: number): number {
  if (from >= to || ends[from] > time) return from;
  let low = from; // ends at or before time
  let step = 1;
  while (low + step < to && ends[low + step] <= time) {
    low += step;
    step *= 2;
  }
  let high = Math.min(low + step, to); // ends after time, or the end of the row
  while (high - low > 1) {
    const middle = (low + high) >>> 1;
    if (ends[middle] <= time) low = middle;
    else high = middle;
  }
  return high;
}
