import { boxEnd, boxStart, firstBoxEndingAfter, type FlameChartLane } from '../core/index';
import type { DevicePx } from './geometry';
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
}

/**
 * Collects the boxes of one row of a lane that overlap the visible time range, with the flame
 * graph's discipline: boxes narrower than `mergeWidth` are merged into runs, and the walk jumps
 * (by a galloping search over the row's ends) to the first box that reaches the next pixel
 * column, so a row of a million samples costs at most a step per pixel.
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
  const rowEnd = lane.rowStart[row + 1];
  let runStart = -1;
  let runEnd = -1;
  let runColor = 0;
  const flushRun = () => {
    if (runStart >= 0) push(list.boxes, runColor, runStart, y, runEnd - runStart, height);
    runStart = -1;
  };
  let k = firstBoxEndingAfter(lane, row, viewStart);
  while (k < rowEnd) {
    const start = boxStart(lane, k);
    if (start >= viewEnd) break;
    const end = boxEnd(lane, k);
    const x0 = (start - viewStart) * scale;
    const x1 = (end - viewStart) * scale;
    if (x1 - x0 < context.mergeWidth) {
      const column = Math.floor(x0);
      const reach = Math.max(column + 1, Math.ceil(x1));
      if (runStart >= 0 && column <= runEnd) runEnd = Math.max(runEnd, reach);
      else {
        flushRun();
        runStart = Math.max(0, column);
        runEnd = reach;
        const fill = context.fillOf(lane.frame[k]);
        runColor = context.mutedFillOf ? context.mutedFillOf(fill) : fill;
      }
      // The next box that ends beyond the run's last pixel column.
      const next = gallopEndingAfter(lane, k + 1, rowEnd, viewStart + runEnd / scale);
      k = next > k ? next : k + 1;
      continue;
    }
    flushRun();
    const left = Math.max(0, Math.round(x0));
    const right = Math.min(width, Math.round(x1));
    const boxWidth = right - left > 2 ? right - left - 1 : right - left; // a pixel of gap between wide boxes
    if (boxWidth > 0) {
      const labelled = boxWidth >= context.minLabelWidth;
      const base = context.fillOf(lane.frame[k]);
      const fill = labelled || !context.mutedFillOf ? base : context.mutedFillOf(base);
      push(list.boxes, fill, left, y, boxWidth, height);
      if (labelled) list.labels.push(lane.index, k, left, left + boxWidth, y);
      if (context.isOutlined(lane.index, k))
        list.outlines.push(lane.index, k, left, y, boxWidth, height);
    }
    k++;
  }
  flushRun();
}

/**
 * The first box in `[from, to)` that ends after `time`: a doubling search from `from`, since the
 * answer is usually a few boxes on, then a binary search within the last step.
 */
function gallopEndingAfter(lane: FlameChartLane, from: number, to: number, time: number): number {
  if (from >= to || boxEnd(lane, from) > time) return from;
  let low = from; // ends at or before time
  let step = 1;
  while (low + step < to && boxEnd(lane, low + step) <= time) {
    low += step;
    step *= 2;
  }
  let high = Math.min(low + step, to); // ends after time, or the end of the row
  while (high - low > 1) {
    const middle = (low + high) >>> 1;
    if (boxEnd(lane, middle) <= time) low = middle;
    else high = middle;
  }
  return high;
}
