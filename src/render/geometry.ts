/**
 * Units of the renderer, named so that the two are never mixed: CSS pixels (what layout, events and
 * tooltips use) and device pixels (what the canvas's backing store has: CSS px × devicePixelRatio).
 */
export type CssPx = number;
export type DevicePx = number;

export type Orientation = 'flame' | 'icicle';

/** What part of the graph the canvas shows. */
export interface FlameViewport {
  /** Visible range of the root's width in value units: the zoom. */
  valueStart: number;
  valueEnd: number;
  /** How far the view is scrolled from the root's row into the deeper rows. */
  scrollTop: CssPx;
  width: CssPx;
  height: CssPx;
}

/** The row under a vertical position, or -1 above/below the graph's rows. */
export function rowAtY(
  y: CssPx,
  viewport: FlameViewport,
  rowHeight: CssPx,
  orientation: Orientation,
  rowCount: number,
): number {
  const fromRoot =
    orientation === 'icicle' ? y + viewport.scrollTop : viewport.height - y + viewport.scrollTop;
  const row = Math.floor(fromRoot / rowHeight);
  return row >= 0 && row < rowCount && fromRoot >= 0 ? row : -1;
}

/** The top edge of a row. */
export function rowTop(
  row: number,
  viewport: FlameViewport,
  rowHeight: CssPx,
  orientation: Orientation,
): CssPx {
  return orientation === 'icicle'
    ? row * rowHeight - viewport.scrollTop
    : viewport.height - (row + 1) * rowHeight + viewport.scrollTop;
}

/** Rows that intersect the viewport: [first, last]. */
export function visibleRows(
  viewport: FlameViewport,
  rowHeight: CssPx,
  rowCount: number,
): [first: number, last: number] {
  const first = Math.max(0, Math.floor(viewport.scrollTop / rowHeight));
  const last = Math.min(
    rowCount - 1,
    Math.floor((viewport.scrollTop + viewport.height) / rowHeight),
  );
  return [first, last];
}

export function xToValue(x: CssPx, viewport: FlameViewport): number {
  return viewport.valueStart + (x / viewport.width) * (viewport.valueEnd - viewport.valueStart);
}

export function valueToX(value: number, viewport: FlameViewport): CssPx {
  return (
    ((value - viewport.valueStart) / (viewport.valueEnd - viewport.valueStart)) * viewport.width
  );
}

/** Index of the last element of a sorted array that is <= value, or -1. */
export function lastAtOrBefore(sorted: Float64Array, value: number, from = 0): number {
  let low = from;
  let high = sorted.length - 1;
  let found = from - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] <= value) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/**
 * Like {@link lastAtOrBefore}, searching forward from `from` by doubling steps first: when the
 * answer is near (the next pixel column of a row of tiny boxes), it reads a few neighbouring
 * entries instead of jumping across a large array.
 */
export function gallopAtOrBefore(sorted: Float64Array, value: number, from: number): number {
  const length = sorted.length;
  if (from >= length || sorted[from] > value) return from - 1;
  let low = from;
  let step = 1;
  while (low + step < length && sorted[low + step] <= value) {
    low += step;
    step *= 2;
  }
  let high = Math.min(low + step, length) - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (sorted[middle] <= value) low = middle;
    else high = middle - 1;
  }
  return low;
}
