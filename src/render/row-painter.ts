import { contrastingTextColor, type FlameLayout, type NodeIndex } from '../core/index';
import { gallopAtOrBefore, lastAtOrBefore, type DevicePx } from './geometry';
import type { FlameGraphTheme } from './theme';

/** No mark: the box is drawn as it is. */
export const MARK_NONE = 0;
/** A frame only in the new profile: hatched rising to the right (`/`). */
export const MARK_NEW = 1;
/** A frame only in the old profile: hatched falling to the right (`\`), inside a dashed border. */
export const MARK_REMOVED = 2;

/** What one frame's pass over the visible rows collects, before anything is drawn. */
export interface PaintList {
  /** Boxes by fill colour, as x, y, width, height quadruples in device px. */
  boxes: Map<number, number[]>;
  /** Boxes wide enough for a label: node, visible x0, visible x1, y (device px). */
  labels: number[];
  /** Outlined boxes: node, x, y, width, height. */
  outlines: number[];
  /** Marked boxes: mark (`MARK_NEW` or `MARK_REMOVED`), fill, x, y, width, height. */
  marks: number[];
}

/** What placing a row's boxes depends on: the view, not the colours. */
export interface RowPlacementContext {
  layout: FlameLayout;
  valueStart: number;
  valueEnd: number;
  /** Canvas width in device px. */
  width: DevicePx;
  rowHeight: DevicePx;
  minLabelWidth: DevicePx;
}

/** What colouring placed boxes depends on. */
export interface BoxColorContext {
  /** The colour to fill a node with (dimming already applied). */
  fillOf: (node: NodeIndex) => number;
  /** The muted colour of a fill, for boxes too narrow for a label; absent: not muted. */
  mutedFillOf?: (fill: number) => number;
  /** Whether the node gets an outline (selected, or a box of the hovered function). */
  isOutlined: (node: NodeIndex) => boolean;
  /** The node's mark (`MARK_*`); absent when nothing is marked. */
  markOf?: (node: NodeIndex) => number;
  /** Boxes narrower than this get no mark: a hatch a few pixels wide reads as noise. */
  minMarkWidth: DevicePx;
}

export type RowPaintContext = RowPlacementContext & BoxColorContext;

/** Numbers a placed box takes in its array: node, kind, x, y, width, height (device px). */
const PLACED_STRIDE = 6;
/** A run of merged boxes narrower than a device pixel, coloured as its first node. */
const RUN = 0;
/** A box too narrow for a label. */
const UNLABELLED = 1;
/** A box wide enough for a label. */
const LABELLED = 2;

/**
 * Places the boxes of one row that intersect the visible value range, appending them to `placed`
 * ({@link PLACED_STRIDE} numbers a box). Work is bounded by the canvas width, not by the row:
 * boxes narrower than a device pixel are merged into runs, and the walk jumps (by binary search)
 * to the first node that reaches the next pixel column, so a row of a million tiny boxes costs at
 * most one step per pixel. Nothing here depends on colours, so a redraw that changes only colours,
 * outlines or labels (a search, a hover) can colour the same placed boxes again.
 */
export function placeRow(
  row: number,
  y: DevicePx,
  context: RowPlacementContext,
  placed: number[],
): void {
  const { layout, valueStart, valueEnd, width, rowHeight } = context;
  const nodes = layout.rowNodes(row);
  const starts = layout.rowStarts(row);
  const weight = layout.weight;
  const scale = width / (valueEnd - valueStart);
  const height = Math.max(1, rowHeight - 1); // one device pixel between rows
  let runStart = -1;
  let runEnd = -1;
  let runNode = 0;
  const flushRun = () => {
    if (runStart >= 0) placed.push(runNode, RUN, runStart, y, runEnd - runStart, height);
    runStart = -1;
  };
  let i = Math.max(0, lastAtOrBefore(starts, valueStart));
  while (i < nodes.length) {
    const start = starts[i];
    if (start >= valueEnd) break;
    const node = nodes[i];
    const end = start + weight[node];
    if (end <= valueStart) {
      i++;
      continue;
    }
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
        runNode = node;
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
      const kind = boxWidth >= context.minLabelWidth ? LABELLED : UNLABELLED;
      placed.push(node, kind, left, y, boxWidth, height);
    }
    i++;
  }
  flushRun();
}

/**
 * Colours placed boxes from index `from` of `placed` on into `list`: fills by colour, the labels
 * of the boxes wide enough, outlines and marks.
 */
export function colorPlacedBoxes(
  placed: number[],
  context: BoxColorContext,
  list: PaintList,
  from = 0,
): void {
  const { fillOf, mutedFillOf, markOf } = context;
  for (let i = from; i < placed.length; i += PLACED_STRIDE) {
    const node = placed[i];
    const kind = placed[i + 1];
    const x = placed[i + 2];
    const y = placed[i + 3];
    const boxWidth = placed[i + 4];
    const height = placed[i + 5];
    const base = fillOf(node);
    const fill = kind === LABELLED || !mutedFillOf ? base : mutedFillOf(base);
    push(list.boxes, fill, x, y, boxWidth, height);
    if (kind === RUN) continue;
    if (kind === LABELLED) list.labels.push(node, x, x + boxWidth, y);
    if (context.isOutlined(node)) list.outlines.push(node, x, y, boxWidth, height);
    // Runs are never marked: they mix nodes, and are too narrow for a pattern to read anyway.
    if (markOf && boxWidth >= context.minMarkWidth) {
      const mark = markOf(node);
      if (mark === MARK_NEW || mark === MARK_REMOVED)
        list.marks.push(mark, fill, x, y, boxWidth, height);
    }
  }
}

/** Adds a box to its colour's bucket of quadruples. */
export function push(
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

/**
 * Fills the collected boxes, one style change per colour; returns how many. A function of its
 * own, shared by both renderers, so that its loop of thousands of `fillRect` calls is compiled
 * early (within the first frames) instead of running slowly inside a larger function.
 */
export function fillBoxes(
  ctx: CanvasRenderingContext2D,
  boxes: Map<number, number[]>,
  cssOf: (color: number) => string,
): number {
  let count = 0;
  for (const [color, rects] of boxes) {
    if (rects.length === 0) continue;
    ctx.fillStyle = cssOf(color);
    for (let i = 0; i < rects.length; i += 4)
      ctx.fillRect(rects[i], rects[i + 1], rects[i + 2], rects[i + 3]);
    count += rects.length / 4;
  }
  return count;
}

/**
 * Writes box labels one after another, in the theme's light or dark text as the box's fill asks,
 * changing the fill style only when that choice changes.
 */
export function openLabelPen(
  ctx: CanvasRenderingContext2D,
  cssOf: (color: number) => string,
  theme: FlameGraphTheme,
): (text: string, x: DevicePx, y: DevicePx, boxFill: number) => void {
  ctx.textBaseline = 'middle';
  let current = -1;
  return (text, x, y, boxFill) => {
    const ink = contrastingTextColor(boxFill) === 0xffffff ? theme.lightText : theme.darkText;
    if (ink !== current) {
      ctx.fillStyle = cssOf(ink);
      current = ink;
    }
    ctx.fillText(text, x, y);
  };
}

/** Outlines a box inside its edges: 2 device px wide when selected, else 1, at this ratio. */
export function strokeOutline(
  ctx: CanvasRenderingContext2D,
  cssOf: (color: number) => string,
  theme: FlameGraphTheme,
  ratio: number,
  selected: boolean,
  x: DevicePx,
  y: DevicePx,
  width: DevicePx,
  height: DevicePx,
): void {
  const lineWidth = Math.max(1, Math.round((selected ? 2 : 1) * ratio));
  ctx.lineWidth = lineWidth;
  ctx.strokeStyle = cssOf(selected ? theme.focusOutline : theme.highlightOutline);
  const inset = lineWidth / 2;
  ctx.strokeRect(x + inset, y + inset, width - lineWidth, height - lineWidth);
}

const MARK_STRIDE = 6;
/** Distance between hatch lines, measured along the x axis, in CSS px. */
const HATCH_SPACING = 6;
/** Hatches are translucent so that labels drawn over them stay readable. */
const HATCH_ALPHA = 0.4;
const BORDER_ALPHA = 0.75;
/** Dash and gap of the removed border, in CSS px. */
const BORDER_DASH = 3;

/**
 * Draws the marks collected by {@link colorPlacedBoxes}: diagonal hatching clipped to each marked box, in
 * the theme's label colour that contrasts with the box, translucent. Marks differ without colour:
 * `MARK_NEW` hatches rise (`/`), `MARK_REMOVED` hatches fall (`\`) and get a dashed border too.
 *
 * The line segments are clipped to the boxes here rather than with `ctx.clip`, so that all the
 * hatches of one mark and one ink are a single path and a single stroke: at most four hatch strokes
 * and two dashed-border strokes a frame, however many boxes are marked. The hatch phase is anchored
 * to the canvas, like a canvas pattern, so neighbouring marked boxes continue each other's lines.
 */
export function drawMarks(
  ctx: CanvasRenderingContext2D,
  marks: number[],
  theme: FlameGraphTheme,
  ratio: number,
): void {
  const count = marks.length / MARK_STRIDE;
  // Group 0/1: new on dark / light ink; 2/3: removed on dark / light ink.
  const groupOf = new Uint8Array(count);
  const sizes = [0, 0, 0, 0];
  for (let m = 0; m < count; m++) {
    const i = m * MARK_STRIDE;
    const group =
      (marks[i] === MARK_NEW ? 0 : 2) + (contrastingTextColor(marks[i + 1]) === 0xffffff ? 1 : 0);
    groupOf[m] = group;
    sizes[group]++;
  }
  const lineWidth = Math.max(1, Math.round(ratio));
  const spacing = Math.max(2, Math.round(HATCH_SPACING * ratio));
  const inset = lineWidth / 2; // keeps the stroke's width inside the box, off the gap between boxes
  ctx.lineWidth = lineWidth;
  for (let group = 0; group < 4; group++) {
    if (sizes[group] === 0) continue;
    const removed = group >= 2;
    const ink = group % 2 === 1 ? theme.lightText : theme.darkText;
    ctx.strokeStyle = rgba(ink, HATCH_ALPHA);
    ctx.beginPath();
    for (let m = 0; m < count; m++) {
      if (groupOf[m] !== group) continue;
      const i = m * MARK_STRIDE;
      const x = marks[i + 2];
      const y = marks[i + 3];
      traceHatch(
        ctx,
        x + inset,
        y + inset,
        x + marks[i + 4] - inset,
        y + marks[i + 5] - inset,
        spacing,
        removed,
      );
    }
    ctx.stroke();
    if (!removed) continue;
    ctx.strokeStyle = rgba(ink, BORDER_ALPHA);
    const dash = Math.max(1, Math.round(BORDER_DASH * ratio));
    ctx.setLineDash([dash, dash]);
    ctx.beginPath();
    for (let m = 0; m < count; m++) {
      if (groupOf[m] !== group) continue;
      const i = m * MARK_STRIDE;
      ctx.rect(
        marks[i + 2] + inset,
        marks[i + 3] + inset,
        marks[i + 4] - lineWidth,
        marks[i + 5] - lineWidth,
      );
    }
    ctx.stroke();
    ctx.setLineDash([]);
  }
}

/**
 * Adds to the path the 45° lines `x + y = k × spacing` (rising, `/`) or `x - y = k × spacing`
 * (falling, `\`) that cross the box from x0,y0 to x1,y1, each cut at the box's edges.
 */
function traceHatch(
  path: Pick<CanvasPath, 'moveTo' | 'lineTo'>,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  spacing: number,
  falling: boolean,
): void {
  if (!(x1 > x0 && y1 > y0)) return;
  // The lines that cross the box have c strictly between its two extreme corners; the ends of
  // that range touch a single corner and would draw nothing.
  const low = falling ? x0 - y1 : x0 + y0;
  const high = falling ? x1 - y0 : x1 + y1;
  for (let k = Math.floor(low / spacing) + 1; k * spacing < high; k++) {
    const c = k * spacing;
    if (falling) {
      const top = Math.max(y0, x0 - c);
      const bottom = Math.min(y1, x1 - c);
      path.moveTo(top + c, top);
      path.lineTo(bottom + c, bottom);
    } else {
      const top = Math.max(y0, c - x1);
      const bottom = Math.min(y1, c - x0);
      path.moveTo(c - top, top);
      path.lineTo(c - bottom, bottom);
    }
  }
}

/** `0xRRGGBB` with an alpha, as CSS. */
function rgba(color: number, alpha: number): string {
  return `rgba(${(color >> 16) & 0xff}, ${(color >> 8) & 0xff}, ${color & 0xff}, ${alpha})`;
}
