import type { FlameLayout, NodeIndex } from '../core/index';
import { gallopAtOrBefore, lastAtOrBefore, type DevicePx } from './geometry';

/** What one frame's pass over the visible rows collects, before anything is drawn. */
export interface PaintList {
  /** Boxes by fill colour, as x, y, width, height quadruples in device px. */
  boxes: Map<number, number[]>;
  /** Boxes wide enough for a label: node, visible x0, visible x1, y (device px). */
  labels: number[];
  /** Outlined boxes: node, x, y, width, height. */
  outlines: number[];
}

export interface RowPaintContext {
  layout: FlameLayout;
  valueStart: number;
  valueEnd: number;
  /** Canvas width in device px. */
  width: DevicePx;
  rowHeight: DevicePx;
  minLabelWidth: DevicePx;
  /** The colour to fill a node with (dimming already applied). */
  fillOf: (node: NodeIndex) => number;
  /** Whether the node gets an outline (selected, or a box of the hovered function). */
  isOutlined: (node: NodeIndex) => boolean;
}

/**
 * Collects the boxes of one row that intersect the visible value range. Work is bounded by the
 * canvas width, not by the row: boxes narrower than a device pixel are merged into runs, and the
 * walk jumps (by binary search) to the first node that reaches the next pixel column, so a row of a
 * million tiny boxes costs at most one step per pixel.
 */
export function paintRow(
  row: number,
  y: DevicePx,
  context: RowPaintContext,
  list: PaintList,
): void {
  const { layout, valueStart, valueEnd, width, rowHeight } = context;
  const nodes = layout.rowNodes(row);
  const starts = layout.rowStarts(row);
  const ends = layout.rowEnds(row);
  const scale = width / (valueEnd - valueStart);
  const height = Math.max(1, rowHeight - 1); // one device pixel between rows
  let runStart = -1;
  let runEnd = -1;
  let runColor = 0;
  const flushRun = () => {
    if (runStart >= 0) push(list.boxes, runColor, runStart, y, runEnd - runStart, height);
    runStart = -1;
  };
  let i = Math.max(0, lastAtOrBefore(starts, valueStart));
  while (i < nodes.length) {
    const start = starts[i];
    if (start >= valueEnd) break;
    const end = ends[i];
    if (end <= valueStart) {
      i++;
      continue;
    }
    const node = nodes[i];
    const x0 = (start - valueStart) * scale;
    const x1 = (end - valueStart) * scale;
    if (x1 - x0 < 1) {
      // Under a device pixel: extend the current run, then jump to the node at the next pixel.
      const column = Math.floor(x0);
      if (runStart >= 0 && column <= runEnd) runEnd = Math.max(runEnd, column + 1);
      else {
        flushRun();
        runStart = Math.max(0, column);
        runEnd = column + 1;
        runColor = context.fillOf(node);
      }
      const next = gallopAtOrBefore(starts, valueStart + (column + 1) / scale, i + 1);
      i = next > i ? next : i + 1;
      continue;
    }
    flushRun();
    const left = Math.max(0, Math.round(x0));
    const right = Math.min(width, Math.round(x1));
    const boxWidth = right - left > 2 ? right - left - 1 : right - left; // a pixel of gap between wide boxes
    if (boxWidth > 0) {
      push(list.boxes, context.fillOf(node), left, y, boxWidth, height);
      if (boxWidth >= context.minLabelWidth) list.labels.push(node, left, left + boxWidth, y);
      if (context.isOutlined(node)) list.outlines.push(node, left, y, boxWidth, height);
    }
    i++;
  }
  flushRun();
}

function push(
  boxes: Map<number, number[]>,
  color: number,
  x: number,
  y: number,
  width: number,
  height: number,
): void {
  let bucket = boxes.get(color);
  if (!bucket) boxes.set(color, (bucket = []));
  bucket.push(x, y, width, height);
}
