import type { FlameChart } from '../core/index';
import type { CssPx } from './geometry';

/**
 * Where each lane of a flame chart lies, top to bottom in CSS px of the content (before the
 * scroll): a header row with the lane's name, then its rows of boxes unless it is collapsed, then
 * a gap. The time axis sits above the content and does not scroll.
 */
export interface LaneLayout {
  /** Top of each lane's header. */
  top: Float64Array;
  /** Top of each lane's first row of boxes (its header's bottom). */
  rowsTop: Float64Array;
  /** Height of each lane's rows: 0 when collapsed. */
  rowsHeight: Float64Array;
  contentHeight: CssPx;
}

export interface LaneLayoutOptions {
  rowHeight: CssPx;
  headerHeight: CssPx;
  laneGap: CssPx;
  collapsed?: ReadonlySet<number>;
}

export function computeLaneLayout(chart: FlameChart, options: LaneLayoutOptions): LaneLayout {
  const n = chart.rowCounts.length;
  const top = new Float64Array(n);
  const rowsTop = new Float64Array(n);
  const rowsHeight = new Float64Array(n);
  let y = 0;
  for (let lane = 0; lane < n; lane++) {
    top[lane] = y;
    rowsTop[lane] = y + options.headerHeight;
    rowsHeight[lane] = options.collapsed?.has(lane) ? 0 : chart.rowCounts[lane] * options.rowHeight;
    y = rowsTop[lane] + rowsHeight[lane] + (lane + 1 < n ? options.laneGap : 0);
  }
  return { top, rowsTop, rowsHeight, contentHeight: y };
}

/** The lane whose header or rows hold content position `y` (its gap belongs to it too), or -1. */
export function laneAtY(layout: LaneLayout, y: CssPx): number {
  if (!(y >= 0 && y < layout.contentHeight)) return -1;
  let low = 0;
  let high = layout.top.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (layout.top[middle] <= y) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The lanes that show in content positions `from` to `to`: [first, last], empty when first > last. */
export function visibleLanes(layout: LaneLayout, from: CssPx, to: CssPx): [number, number] {
  const n = layout.top.length;
  if (n === 0) return [0, -1];
  const first = Math.max(0, laneAtY(layout, Math.max(0, from)));
  let last = laneAtY(layout, Math.min(to, layout.contentHeight - 1e-6));
  if (last < 0) last = to >= layout.contentHeight ? n - 1 : -1;
  return [first, last];
}
