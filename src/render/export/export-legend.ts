import { formatValue, type DiffColorMode, type DiffColorScale } from '../../core/index';
import type { CssPx } from '../geometry';
import { estimateTextWidth, fitText } from '../text-estimate';

/**
 * Where the pieces of an export's title line and diff legend go, in CSS px, decided once so that
 * the SVG and the canvas (PNG) exports draw the same picture. Text widths are estimated (see
 * `estimateTextWidth`): an SVG has no font to measure, and the PNG should match it.
 */

/** Height of the title line (when there is a title) and of the diff legend's row. */
export const TITLE_LINE_HEIGHT: CssPx = 24;
export const LEGEND_HEIGHT: CssPx = 26;
export const RAMP_WIDTH: CssPx = 160;
export const SWATCH_WIDTH: CssPx = 22;
export const SWATCH_HEIGHT: CssPx = 12;
const GAP: CssPx = 8;

/** How a new or a removed frame is marked: hatched, in SVG (svg-parts.ts) and on canvas alike. */
export type HatchKind = 'new' | 'removed';

const MODE_WORDS: Record<DiffColorMode, string> = {
  relative: 'change of each frame’s share of its profile',
  absolute: 'change of each frame’s total',
  self: 'change of each frame’s self value',
};

export type LegendItem =
  | { kind: 'text'; x: CssPx; text: string }
  | { kind: 'ramp'; x: CssPx; width: CssPx }
  | { kind: 'swatch'; x: CssPx; width: CssPx; mark: HatchKind; fill: number };

/**
 * The diff legend in one row, like the React `DiffLegend`: the ramp between its end values,
 * hatched swatches for new and removed frames, and what the colours mean in words, cut with an
 * ellipsis when the row is too narrow. Items are in order from the left; x is from the row's start.
 */
export function layoutDiffLegend(
  scale: DiffColorScale,
  { width, fontSize, unit }: { width: CssPx; fontSize: CssPx; unit: string },
): LegendItem[] {
  const { legend, limit, mode, palette } = scale;
  const end = (value: number) => {
    const sign = value > 0 ? '+' : value < 0 ? '−' : '';
    return mode === 'relative'
      ? `${sign}${Math.abs(value)} %`
      : `${sign}${formatValue(Math.abs(value), unit)}`;
  };
  const items: LegendItem[] = [];
  let x = 4;
  const word = (text: string) => {
    items.push({ kind: 'text', x, text });
    x += estimateTextWidth(text, fontSize) + GAP;
  };
  const swatch = (mark: HatchKind, fill: number) => {
    items.push({ kind: 'swatch', x, width: SWATCH_WIDTH, mark, fill });
    x += SWATCH_WIDTH + 4;
  };
  word(end(-limit));
  items.push({ kind: 'ramp', x, width: RAMP_WIDTH });
  x += RAMP_WIDTH + GAP;
  word(end(limit));
  swatch('new', legend.newColor);
  word('new');
  swatch('removed', legend.removedColor);
  word('removed');
  const increase = palette === 'colorblind' ? 'red-orange' : 'red';
  const decrease = palette === 'colorblind' ? 'blue' : 'green';
  const meaning = fitText(
    `Colour: ${MODE_WORDS[mode]}; ${increase} grew, ${decrease} shrank, grey unchanged`,
    width - x - 4,
    fontSize,
  );
  if (meaning) word(meaning);
  return items;
}

/**
 * The title line's two texts: the caller's title (drawn bold, one px larger) on the left, what is
 * shown on the right, both cut by the estimate so that they never overlap.
 */
export function layoutTitleLine(
  title: string,
  summary: string,
  { width, fontSize }: { width: CssPx; fontSize: CssPx },
): { left: string; right: string } {
  const right = fitText(summary, width / 2, fontSize);
  const left = fitText(title, width - 16 - estimateTextWidth(right, fontSize), fontSize + 1);
  return { left, right };
}
