/**
 * Colours and fonts the renderer draws with, as `0xRRGGBB` numbers (core computes colours as
 * numbers too). The theme type lives here, in render, so that the renderer never imports from the
 * view layer; React components pass a theme in.
 */
export interface FlameGraphTheme {
  name: 'light' | 'dark' | (string & {});
  /** Which of core's palettes the boxes use. */
  palette: 'light' | 'dark';
  background: number;
  /** Label text on boxes whose colour is light, and on dark ones. */
  darkText: number;
  lightText: number;
  /** How far a dimmed box (a search miss, an ancestor of the zoomed node) fades into the background. */
  dimAmount: number;
  /** Outline of the keyboard-selected box. */
  focusOutline: number;
  /** Outline of the boxes of the hovered function. */
  highlightOutline: number;
  /** CSS font shorthand for labels; its px size is scaled by the device pixel ratio. */
  font: string;
}

const FONT = '12px ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace';

export const lightTheme: FlameGraphTheme = {
  name: 'light',
  palette: 'light',
  background: 0xffffff,
  darkText: 0x1f2328,
  lightText: 0xffffff,
  dimAmount: 0.75,
  focusOutline: 0x0969da,
  highlightOutline: 0x1f2328,
  font: FONT,
};

export const darkTheme: FlameGraphTheme = {
  name: 'dark',
  palette: 'dark',
  background: 0x0d1117,
  darkText: 0x0d1117,
  lightText: 0xf0f6fc,
  dimAmount: 0.7,
  focusOutline: 0x4493f8,
  highlightOutline: 0xf0f6fc,
  font: FONT,
};
