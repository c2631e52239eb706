import type { CSSProperties } from 'react';

/**
 * Inline styles built on CSS custom properties, so a host themes flamekit with variables
 * (`--flamekit-bg`, `--flamekit-fg`, ...) and needs no stylesheet and no CSS-in-JS runtime.
 */
export const themeVariables = {
  light: {
    '--flamekit-bg': '#ffffff',
    '--flamekit-fg': '#1f2328',
    '--flamekit-muted': '#59636e',
    '--flamekit-border': '#d1d9e0',
    '--flamekit-panel': '#f6f8fa',
    '--flamekit-accent': '#0969da',
    '--flamekit-error': '#cf222e',
  },
  dark: {
    '--flamekit-bg': '#0d1117',
    '--flamekit-fg': '#f0f6fc',
    '--flamekit-muted': '#9198a1',
    '--flamekit-border': '#3d444d',
    '--flamekit-panel': '#151b23',
    '--flamekit-accent': '#4493f8',
    '--flamekit-error': '#f85149',
  },
} as const;

export const rootStyle: CSSProperties = {
  fontFamily: 'system-ui, -apple-system, "Segoe UI", sans-serif',
  fontSize: 13,
  color: 'var(--flamekit-fg)',
  background: 'var(--flamekit-bg)',
  display: 'flex',
  flexDirection: 'column',
  gap: 6,
  minWidth: 0,
};

export const buttonStyle: CSSProperties = {
  font: 'inherit',
  color: 'inherit',
  background: 'var(--flamekit-panel)',
  border: '1px solid var(--flamekit-border)',
  borderRadius: 6,
  padding: '3px 8px',
  cursor: 'pointer',
};

export const inputStyle: CSSProperties = {
  font: 'inherit',
  color: 'inherit',
  background: 'var(--flamekit-bg)',
  border: '1px solid var(--flamekit-border)',
  borderRadius: 6,
  padding: '3px 8px',
  minWidth: 0,
};

export const panelStyle: CSSProperties = {
  position: 'absolute',
  zIndex: 10,
  background: 'var(--flamekit-panel)',
  color: 'var(--flamekit-fg)',
  border: '1px solid var(--flamekit-border)',
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
