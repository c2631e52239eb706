/** What the dress page (dress.tsx) shows and the tests that open it check: no side effects here. */

/** Every component the package exports, by the name the page's `component` query takes. */
export const COMPONENTS = [
  'flame-graph',
  'diff-flame-graph',
  'diff-legend',
  'top-table',
  'call-tree',
  'sandwich',
  'explorer',
  'timeline',
  'label-filter',
  'series-explorer',
  'source-view',
  'markdown',
  'explain-panel',
  'export-menu',
  'fleet-explorer',
] as const;

/** What the host stylesheet sets: a warm dark theme no flamekit default has. */
export const HOST_COLORS = {
  bg: 'rgb(32, 24, 16)',
  fg: 'rgb(250, 236, 210)',
  border: 'rgb(150, 110, 60)',
  panel: 'rgb(60, 44, 28)',
  accent: 'rgb(255, 140, 0)',
};
