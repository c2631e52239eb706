import { contrastingTextColor } from '../core/index';
import type { FlameGraphTheme } from './theme';

/**
 * The canvas follows the same CSS custom properties as the HTML around it, so that a host
 * stylesheet that sets `--flamekit-bg` (in `:root`, on a class, on the component) recolours the
 * graph too. A variable the host did not set leaves the theme's own colour.
 *
 * - `--flamekit-bg`: the canvas background (and what dimmed and muted boxes fade towards); a dark
 *   background also picks core's dark box palette.
 * - `--flamekit-fg` and `--flamekit-bg`: label text, the darker of the two on light boxes and the
 *   lighter on dark ones (unless the two are too alike to read on each other).
 * - `--flamekit-fg`: the outline of the hovered function's boxes.
 * - `--flamekit-accent`: the outline of the selected box.
 *
 * With `inherited` (a component given no theme of its own), the defaults of the flamekit
 * component around it (`--flamekit-default-*`) come before `base`.
 */
export function readCanvasTheme(
  element: Element,
  base: FlameGraphTheme,
  options: { inherited?: boolean } = {},
): FlameGraphTheme {
  const style = getComputedStyle(element);
  // A component given no theme takes the one of the flamekit component around it, whose root
  // declares its defaults as --flamekit-default-*.
  const read = (name: string) =>
    parseCssColor(style.getPropertyValue(`--flamekit-${name}`)) ??
    (options.inherited
      ? parseCssColor(style.getPropertyValue(`--flamekit-default-${name}`))
      : undefined);
  const background = read('bg');
  const foreground = read('fg');
  const accent = read('accent');
  if (background === undefined && foreground === undefined && accent === undefined) return base;
  const theme: FlameGraphTheme = { ...base };
  if (background !== undefined) {
    theme.background = background;
    theme.palette = isLight(background) ? 'light' : 'dark';
  }
  if (foreground !== undefined) {
    theme.highlightOutline = foreground;
    // Labels: the lighter of text and background on dark boxes, the darker on light ones.
    const ground = theme.background;
    const foregroundIsLight = isLight(foreground);
    if (foregroundIsLight !== isLight(ground)) {
      theme.lightText = foregroundIsLight ? foreground : ground;
      theme.darkText = foregroundIsLight ? ground : foreground;
    }
  }
  if (accent !== undefined) theme.focusOutline = accent;
  return theme;
}

/** Whether black text reads better on the colour than white. */
const isLight = (color: number) => contrastingTextColor(color) === 0x000000;

const parsed = new Map<string, number | undefined>();
let probe: CanvasRenderingContext2D | null | undefined;

/**
 * Any CSS colour (`#0d1117`, `rgb(…)`, `oklch(…)`, `white`) as `0xRRGGBB`, or undefined for an
 * empty or invalid value. A 1×1 canvas paints it and reads the pixel back, so every colour syntax
 * the browser knows works.
 */
export function parseCssColor(value: string): number | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  if (parsed.has(text)) return parsed.get(text);
  probe ??= createProbe();
  let color: number | undefined;
  if (probe && CSS.supports('color', text)) {
    // On an opaque white ground, so that a translucent colour comes out as it would look.
    probe.globalCompositeOperation = 'copy';
    probe.fillStyle = '#ffffff';
    probe.fillRect(0, 0, 1, 1);
    probe.globalCompositeOperation = 'source-over';
    probe.fillStyle = text;
    probe.fillRect(0, 0, 1, 1);
    const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
    color = (r << 16) | (g << 8) | b;
  }
  if (parsed.size > 256) parsed.clear();
  parsed.set(text, color);
  return color;
}

function createProbe(): CanvasRenderingContext2D | null {
  if (typeof document === 'undefined' || typeof CSS === 'undefined') return null;
  try {
    const canvas = document.createElement('canvas');
    canvas.width = 1;
    canvas.height = 1;
    return canvas.getContext('2d', { willReadFrequently: true });
  } catch {
    return null; // a DOM without canvases (a test DOM): the theme's own colours stay
  }
}
