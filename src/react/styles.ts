import type { CSSProperties } from 'react';

/** The CSS custom properties a host sets to theme flamekit (docs/theming.md). */
export type ThemeVariable = 'bg' | 'fg' | 'muted' | 'border' | 'panel' | 'accent' | 'error';

/** Each theme's values, the fallbacks of the variables a host did not set. */
export const themeDefaults: Record<'light' | 'dark', Record<ThemeVariable, string>> = {
  light: {
    bg: '#ffffff',
    fg: '#1f2328',
    muted: '#59636e',
    border: '#d1d9e0',
    panel: '#f6f8fa',
    accent: '#0969da',
    error: '#cf222e',
  },
  dark: {
    bg: '#0d1117',
    fg: '#f0f6fc',
    muted: '#9198a1',
    border: '#3d444d',
    panel: '#151b23',
    accent: '#4493f8',
    error: '#f85149',
  },
};

/**
 * Colours for inline styles: the host's variable when set, else the theme's default. The
 * defaults are carried by `--flamekit-default-*`, which each component's root declares for its
 * theme ({@link themeRootStyle}); the public `--flamekit-*` variables are never declared inline,
 * so a host's `:root`, class or `style` wins.
 */
export const themeColor = {
  bg: themed('bg'),
  fg: themed('fg'),
  muted: themed('muted'),
  border: themed('border'),
  panel: themed('panel'),
  accent: themed('accent'),
  error: themed('error'),
} satisfies Record<ThemeVariable, string>;

function themed(name: ThemeVariable): string {
  return `var(--flamekit-${name}, var(--flamekit-default-${name}, ${themeDefaults.light[name]}))`;
}

/** What a component's root declares for its theme: the defaults, and the native controls' scheme. */
export function themeRootStyle(
  palette: 'light' | 'dark',
  values: Record<ThemeVariable, string> = themeDefaults[palette],
): CSSProperties {
  const style: Record<string, string> = {};
  for (const name of Object.keys(values) as ThemeVariable[])
    style[`--flamekit-default-${name}`] = values[name];
  // Native selects, inputs and scrollbars follow the theme; a host that themes with variables
  // alone sets --flamekit-color-scheme too.
  style.colorScheme = `var(--flamekit-color-scheme, ${palette})`;
  return style as CSSProperties;
}

export const rootStyle: CSSProperties = {
  fontFamily: 'system-ui, -apple-system, "Segoe UI", sans-serif',
  fontSize: 13,
  color: themeColor.fg,
  background: themeColor.bg,
  display: 'flex',
  flexDirection: 'column',
  gap: 6,
  minWidth: 0,
};

export const buttonStyle: CSSProperties = {
  font: 'inherit',
  color: 'inherit',
  background: themeColor.panel,
  border: `1px solid ${themeColor.border}`,
  borderRadius: 6,
  padding: '3px 8px',
  cursor: 'pointer',
};

export const inputStyle: CSSProperties = {
  font: 'inherit',
  color: 'inherit',
  background: themeColor.bg,
  border: `1px solid ${themeColor.border}`,
  borderRadius: 6,
  padding: '3px 8px',
  minWidth: 0,
};

export const panelStyle: CSSProperties = {
  position: 'absolute',
  zIndex: 10,
  background: themeColor.panel,
  color: themeColor.fg,
  border: `1px solid ${themeColor.border}`,
  borderRadius: 6,
  boxShadow: '0 4px 16px rgba(0, 0, 0, 0.18)',
  padding: '6px 8px',
  pointerEvents: 'none',
  maxWidth: 480,
  overflowWrap: 'anywhere',
};

/** Hidden from sight, not from screen readers. */
export const visuallyHidden: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  margin: -1,
  padding: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
};

/**
 * A row of a virtualised grid (the tables): placed at `top` in its scrolling body, its cells in
 * `columns`, tinted when selected and marked at its start when it is the keyboard's row.
 */
export function gridRowStyle(row: {
  top: number;
  height: number;
  columns: string;
  selected: boolean;
  active: boolean;
}): CSSProperties {
  return {
    position: 'absolute',
    top: 0,
    left: 0,
    right: 0,
    height: row.height,
    transform: `translateY(${row.top}px)`,
    display: 'grid',
    gridTemplateColumns: row.columns,
    alignItems: 'center',
    background: row.selected
      ? `color-mix(in srgb, ${themeColor.accent} 18%, transparent)`
      : row.active
        ? themeColor.panel
        : undefined,
    boxShadow: row.active ? `inset 2px 0 0 ${themeColor.accent}` : undefined,
  };
}
