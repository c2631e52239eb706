import type { CssPx } from './geometry';

/**
 * The width estimate used to cut labels, since there is no canvas to measure text with: every
 * character is one cell of 0.6 em, the advance of the common monospace fonts of the theme's
 * fallback list (DejaVu Sans Mono, Menlo, SF Mono; Consolas is 0.55 em, narrower, so safe);
 * East Asian wide characters and emoji are two cells; combining marks, zero-width spaces and
 * variation selectors are none. With a proportional font most text is narrower than this, so the
 * estimate errs towards cutting early; the label is also clipped to its box, so a wrong guess
 * never spills into a neighbour.
 */
export const CELL_WIDTH_EM = 0.6;

/** Code point ranges drawn in no cell (combining marks, zero-width, variation selectors)... */
const ZERO_WIDTH = [0x300, 0x36f, 0x200b, 0x200f, 0xfe00, 0xfe0f];
/** ...and in two: East Asian wide and fullwidth characters, emoji. */
const DOUBLE_WIDTH = [
  0x1100, 0x115f, 0x2e80, 0xa4cf, 0xac00, 0xd7a3, 0xf900, 0xfaff, 0xfe30, 0xfe4f, 0xff00, 0xff60,
  0xffe0, 0xffe6, 0x1f300, 0x1faff, 0x20000, 0x3fffd,
];

function inRanges(codePoint: number, ranges: number[]): boolean {
  for (let i = 0; i < ranges.length; i += 2)
    if (codePoint >= ranges[i] && codePoint <= ranges[i + 1]) return true;
  return false;
}

function cellsOf(codePoint: number): number {
  return inRanges(codePoint, ZERO_WIDTH) ? 0 : inRanges(codePoint, DOUBLE_WIDTH) ? 2 : 1;
}

/** The estimated width of `text` in px at `fontSize` (see {@link CELL_WIDTH_EM}). */
export function estimateTextWidth(text: string, fontSize: CssPx): CssPx {
  let cells = 0;
  for (const character of text) cells += cellsOf(character.codePointAt(0)!);
  return cells * CELL_WIDTH_EM * fontSize;
}

/**
 * The text, or as much of it as is estimated to fit in `available` px with an ellipsis: the start
 * kept for `'left'`, the end for `'right'`. Whole code points are kept, never half a surrogate
 * pair. Empty when not even one character and the ellipsis fit.
 */
export function fitText(
  text: string,
  available: CssPx,
  fontSize: CssPx,
  keep: 'left' | 'right' = 'left',
): string {
  const cell = CELL_WIDTH_EM * fontSize;
  const characters = Array.from(text);
  const widths = characters.map((character) => cellsOf(character.codePointAt(0)!) * cell);
  const whole = widths.reduce((sum, width) => sum + width, 0);
  if (whole <= available) return text;
  let budget = available - cell; // the ellipsis is one cell
  let count = 0;
  const at = (k: number) => (keep === 'left' ? k : characters.length - 1 - k);
  while (count < characters.length && widths[at(count)] <= budget) budget -= widths[at(count++)];
  if (count === 0) return '';
  return keep === 'left'
    ? characters.slice(0, count).join('') + '…'
    : '…' + characters.slice(characters.length - count).join('');
}
