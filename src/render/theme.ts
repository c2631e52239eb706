/**
 * Colours and fonts the renderer draws with. The theme type lives here, in render, so that the
 * renderer never imports from the view layer; React components pass a theme in.
 */
export interface FlameGraphTheme {
  name: 'light' | 'dark' | (string & {});
  background: string;
  /** Label text on a box. */
  text: string;
  /** Label text on a dimmed box (a search miss, an ancestor of the zoomed node). */
  dimmedText: string;
  /** Fill of a dimmed box. */
  dimmedFill: string;
  /** Outline of the focused box (keyboard selection). */
  focusOutline: string;
  /** Outline of boxes of the hovered function. */
  highlightOutline: string;
  /** CSS font shorthand for labels. */
  font: string;
}

export const lightTheme: FlameGraphTheme = {
  name: 'light',
  background: '#ffffff',
  text: '#1f2328',
  dimmedText: '#6e7781',
  dimmedFill: '#e6e8eb',
  focusOutline: '#0969da',
  highlightOutline: '#1f2328',
  font: '12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
};

export const darkTheme: FlameGraphTheme = {
  name: 'dark',
  background: '#0d1117',
  text: '#f0f6fc',
  dimmedText: '#8b949e',
  dimmedFill: '#262c36',
  focusOutline: '#4493f8',
  highlightOutline: '#f0f6fc',
  font: '12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
};
