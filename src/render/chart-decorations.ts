import { contrastingTextColor, dimColor } from '../core/index';
import type { DevicePx } from './geometry';
import type { FlameGraphTheme } from './theme';

/**
 * What the flame chart draws around its boxes: the time axis, the faint lines of its ticks across
 * the lanes, and a selected range. Each takes the frame being drawn.
 */
export interface DecorationFrame {
  ctx: CanvasRenderingContext2D;
  cssOf: (color: number) => string;
  theme: FlameGraphTheme;
  ratio: number;
  /** The canvas in device px. */
  width: DevicePx;
  height: DevicePx;
  /** The device x of a time. */
  xOf: (time: number) => DevicePx;
}

/** The foreground of a theme: the text colour that reads on its background. */
export function foregroundOf(theme: FlameGraphTheme): number {
  return contrastingTextColor(theme.background) === 0 ? theme.darkText : theme.lightText;
}

/** The foreground moved `amount` of the way to the background: lines and bands that stay quiet. */
export function faintColor(theme: FlameGraphTheme, amount: number): number {
  return dimColor(foregroundOf(theme), theme.background, amount);
}

/** Faint vertical lines at the ticks, behind the boxes, so that times can be read across lanes. */
export function drawGrid(
  { ctx, cssOf, theme, ratio, height, xOf }: DecorationFrame,
  values: number[],
): void {
  ctx.fillStyle = cssOf(faintColor(theme, 0.9));
  const width = Math.max(1, Math.round(ratio));
  for (const value of values) ctx.fillRect(xOf(value), 0, width, height);
}

/**
 * A selected range: what lies outside it is veiled (as the Performance panel dims what is not
 * selected), its edges are drawn; the boxes inside keep their colours.
 */
export function drawSelection(
  { ctx, cssOf, theme, ratio, width, height, xOf }: DecorationFrame,
  selection: { start: number; end: number },
  top: DevicePx,
): void {
  if (!(selection.end > selection.start)) return;
  const x0 = Math.max(0, xOf(selection.start));
  const x1 = Math.min(width, xOf(selection.end));
  ctx.globalAlpha = 0.45;
  ctx.fillStyle = cssOf(theme.background);
  if (x0 > 0) ctx.fillRect(0, top, Math.min(x0, width), height - top);
  if (x1 < width) ctx.fillRect(Math.max(0, x1), top, width - x1, height - top);
  ctx.globalAlpha = 1;
  ctx.fillStyle = cssOf(theme.focusOutline);
  const line = Math.max(1, Math.round(ratio));
  if (x0 > 0 && x0 < width) ctx.fillRect(x0, 0, line, height);
  if (x1 > 0 && x1 < width) ctx.fillRect(x1 - line, 0, line, height);
}

/** The time axis: a band `axisHeight` tall with a tick and a label at each tick's time. */
export function drawAxis(
  { ctx, cssOf, theme, ratio, width, xOf }: DecorationFrame,
  ticks: { values: number[]; labels: string[] },
  axisHeight: DevicePx,
  selection: { start: number; end: number } | undefined,
): void {
  ctx.fillStyle = cssOf(theme.background);
  ctx.fillRect(0, 0, width, axisHeight);
  if (selection && selection.end > selection.start) {
    ctx.globalAlpha = 0.25;
    ctx.fillStyle = cssOf(theme.focusOutline);
    const x0 = Math.max(0, xOf(selection.start));
    ctx.fillRect(x0, 0, Math.max(0, Math.min(width, xOf(selection.end)) - x0), axisHeight);
    ctx.globalAlpha = 1;
  }
  ctx.fillStyle = cssOf(faintColor(theme, 0.75));
  const line = Math.max(1, Math.round(ratio));
  ctx.fillRect(0, axisHeight - line, width, line);
  ctx.fillStyle = cssOf(foregroundOf(theme));
  ctx.textBaseline = 'middle';
  ticks.values.forEach((value, k) => {
    const x = xOf(value);
    ctx.fillRect(x, axisHeight - 5 * ratio, line, 5 * ratio);
    ctx.fillText(ticks.labels[k], x + 3 * ratio, axisHeight / 2 - ratio);
  });
}
