import type { CallTree } from '../model/call-tree';
import { FlamekitError } from '../errors';
import { UNKNOWN_PACKAGE, VM_PACKAGE, computePackageName } from './package-name';
import type { FrameTable } from '../model/frame-table';
import type { FrameIndex, NodeIndex } from '../types';

/**
 * Box colours, computed in core as `0xRRGGBB` numbers; the renderer turns them into CSS.
 *
 * Palettes and scales are defined in OKLCH (lightness, chroma, hue), where equal steps look equal,
 * and converted to sRGB with the chroma reduced until the colour fits the gamut, so that lightness
 * (what the eye reads first) stays exactly as designed.
 */

/** How boxes are coloured: by package, by a sequential scale of total or self, or by the host. */
export type ColorScheme =
  'package' | 'total' | 'self' | ((tree: CallTree, node: NodeIndex) => number);

export type ColorTheme = 'light' | 'dark';

export interface NodeColorOptions {
  /** Light boxes under dark text, or darker boxes for a dark background. Default `'light'`. */
  theme?: ColorTheme;
}

/**
 * Package colours: 24 hues 15° apart, alternating between two lightness tiers, so that hues next
 * to each other also differ in lightness. Light-theme boxes are pale enough for dark labels;
 * dark-theme boxes are darker so they do not glare on a dark background. `neutral` is the grey of
 * the root and of frames without a package (`[unknown]`, `(vm)`).
 */
const PALETTE_STYLE = {
  light: { tiers: [0.86, 0.09, 0.77, 0.11], neutral: 0.85 },
  dark: { tiers: [0.62, 0.11, 0.52, 0.11], neutral: 0.42 },
} as const;
const HUE_COUNT = 24;

/**
 * Sequential scales as OKLCH at share 0 and at share 1, hue interpolated linearly. Light: pale
 * yellow to deep red, heavy boxes darkest. Dark: dim indigo through red to bright yellow (like
 * inferno), heavy boxes brightest, light boxes receding into the background.
 */
const RAMPS = {
  light: [0.96, 0.05, 100, 0.52, 0.2, 28],
  dark: [0.32, 0.08, 285, 0.9, 0.16, 455],
} as const;
const RAMP_STEPS = 256;

/**
 * The colour of every node as `0xRRGGBB`, for one scheme:
 * - `'package'`: a stable hash of the frame's package ({@link computePackageName}) into a palette
 *   tuned per theme, so a package keeps its colour across trees and sessions;
 * - `'total'` / `'self'`: a sequential scale by the node's total (share of the root) or self
 *   (share of the largest self), clamped;
 * - A function: called once per node; it must return an integer from 0 to 0xFFFFFF.
 *
 * ```ts
 * const colors = computeNodeColors(tree, 'package', { theme: 'dark' });
 * colorToCss(colors[1]); // '#b06a4f', for example
 * ```
 */
export function computeNodeColors(
  tree: CallTree,
  scheme: ColorScheme,
  options: NodeColorOptions = {},
): Uint32Array {
  const colorOf = createNodeColorLookup(tree, scheme, options);
  const colors = new Uint32Array(tree.nodeCount);
  for (let node = 0; node < colors.length; node++) colors[node] = colorOf(node);
  return colors;
}

/**
 * The same colours as {@link computeNodeColors}, computed when first asked for and kept per frame:
 * a renderer that colours only the boxes it draws pays for what is on screen, not for the tree.
 */
export function createNodeColorLookup(
  tree: CallTree,
  scheme: ColorScheme,
  options: NodeColorOptions = {},
): (node: NodeIndex) => number {
  const theme = checkTheme(options.theme);
  if (typeof scheme === 'function') {
    return (node) => {
      const color = scheme(tree, node);
      if (!isColor(color)) {
        const name = tree.name(node);
        throw new FlamekitError(
          'invalid-argument',
          `the colour function returned ${describe(color)} for node ${node} (${JSON.stringify(name.length > 80 ? name.slice(0, 80) + '…' : name)}); return an integer from 0x000000 to 0xffffff, such as 0x3d7ab8`,
        );
      }
      return color;
    };
  }
  if (scheme === 'package') return packageColorLookup(tree, theme);
  if (scheme === 'total' || scheme === 'self') {
    const ramp = createRamp(theme);
    const values = scheme === 'total' ? tree.total : tree.self;
    let scale = 0;
    if (scheme === 'total') scale = tree.total[0];
    else for (let node = 0; node < tree.nodeCount; node++) scale = Math.max(scale, values[node]);
    const factor = scale > 0 ? (RAMP_STEPS - 1) / scale : 0;
    return (node) => {
      const step = Math.round(values[node] * factor);
      return ramp[step < 0 ? 0 : step >= RAMP_STEPS ? RAMP_STEPS - 1 : step];
    };
  }
  throw new FlamekitError(
    'invalid-argument',
    `colour scheme ${describe(scheme)} is unknown; use 'package', 'total', 'self' or a function (tree, node) => 0xRRGGBB`,
  );
}

function packageColorLookup(tree: CallTree, theme: ColorTheme): (node: NodeIndex) => number {
  const frameColor = createFrameColorLookup(tree.frames, { theme });
  const grey = oklchToRgb(PALETTE_STYLE[theme].neutral, 0, 0);
  return (node) => (node === 0 ? grey : frameColor(tree.frame[node]));
}

/**
 * Colours by frame, for views that draw calls rather than call-tree nodes (the flame chart): the
 * package colours of {@link computeNodeColors}, so that a function looks the same in both; or,
 * with `shareOf`, the sequential scale of `'total'` and `'self'` over a share from 0 to 1 per
 * frame (of the recording's time, say).
 */
export function createFrameColorLookup(
  frames: FrameTable,
  options: NodeColorOptions & { shareOf?: (frame: FrameIndex) => number } = {},
): (frame: FrameIndex) => number {
  const theme = checkTheme(options.theme);
  const { shareOf } = options;
  if (shareOf) {
    const ramp = createRamp(theme);
    // Kept per frame: a flame chart asks for every box it draws, and shares come from a Map.
    return memoizePerFrame(frames.size, (frame) => {
      const step = Math.round(shareOf(frame) * (RAMP_STEPS - 1));
      return ramp[step < 0 || !(step >= 0) ? 0 : step >= RAMP_STEPS ? RAMP_STEPS - 1 : step];
    });
  }
  const { tiers, neutral } = PALETTE_STYLE[theme];
  const palette = new Uint32Array(HUE_COUNT);
  for (let i = 0; i < HUE_COUNT; i++) {
    const tier = (i % 2) * 2;
    palette[i] = oklchToRgb(tiers[tier], tiers[tier + 1], 20 + (360 / HUE_COUNT) * i);
  }
  const grey = oklchToRgb(neutral, 0, 0);
  return memoizePerFrame(frames.size, (frame) => {
    if (!(frame >= 0 && frame < frames.size)) return grey;
    const name = computePackageName(frames.name(frame), frames.file(frame));
    return name === UNKNOWN_PACKAGE || name === VM_PACKAGE
      ? grey
      : palette[mix(hashString(name)) % HUE_COUNT];
  });
}

/** `compute` of each frame below `size` made once and kept; any other frame computed each time. */
function memoizePerFrame(
  size: number,
  compute: (frame: FrameIndex) => number,
): (frame: FrameIndex) => number {
  const colors = new Uint32Array(size);
  const known = new Uint8Array(size);
  return (frame) => {
    if (!(frame >>> 0 === frame && frame < size)) return compute(frame);
    if (!known[frame]) {
      colors[frame] = compute(frame);
      known[frame] = 1;
    }
    return colors[frame];
  };
}

function checkTheme(theme: ColorTheme = 'light'): ColorTheme {
  if (theme !== 'light' && theme !== 'dark') {
    throw new FlamekitError(
      'invalid-argument',
      `theme must be 'light' or 'dark', not ${describe(theme)}`,
    );
  }
  return theme;
}

function createRamp(theme: ColorTheme): Uint32Array {
  const [l0, c0, h0, l1, c1, h1] = RAMPS[theme];
  const ramp = new Uint32Array(RAMP_STEPS);
  for (let i = 0; i < RAMP_STEPS; i++) {
    const t = i / (RAMP_STEPS - 1);
    ramp[i] = oklchToRgb(l0 + (l1 - l0) * t, c0 + (c1 - c0) * t, h0 + (h1 - h0) * t);
  }
  return ramp;
}

/**
 * `color` moved toward `background` by `amount` (0 keeps it, 1 gives the background), channel by
 * channel. Used for search misses and for the ancestors of the zoomed node.
 *
 * ```ts
 * dimColor(0xff0000, 0xffffff, 0.5); // 0xff8080
 * ```
 */
export function dimColor(color: number, background: number, amount: number): number {
  checkColor(color, 'color');
  checkColor(background, 'background');
  if (!Number.isFinite(amount)) {
    throw new FlamekitError(
      'invalid-argument',
      `amount must be a number from 0 to 1, not ${amount}`,
    );
  }
  const t = amount < 0 ? 0 : amount > 1 ? 1 : amount;
  let result = 0;
  for (let shift = 16; shift >= 0; shift -= 8) {
    const from = (color >> shift) & 0xff;
    const to = (background >> shift) & 0xff;
    result |= Math.round(from + (to - from) * t) << shift;
  }
  return result;
}

/**
 * The muted version of a box's colour, for boxes too narrow to carry a label: half of its
 * saturation gone (towards its own grey) and then a third of the way to the background, so
 * that the labelled frames lead the eye while a muted box keeps its hue. Distinct from
 * {@link dimColor}'s search fading, which goes further towards the background.
 *
 * ```ts
 * muteColor(0xff0000, 0xffffff); // 0xc36e6e
 * ```
 */
export function muteColor(color: number, background: number): number {
  checkColor(color, 'color');
  checkColor(background, 'background');
  const r = (color >> 16) & 0xff;
  const g = (color >> 8) & 0xff;
  const b = color & 0xff;
  const grey = 0.299 * r + 0.587 * g + 0.114 * b;
  let result = 0;
  for (const [shift, channel] of [
    [16, r],
    [8, g],
    [0, b],
  ]) {
    const desaturated = channel + (grey - channel) * MUTE_DESATURATION;
    const to = (background >> shift) & 0xff;
    result |= Math.round(desaturated + (to - desaturated) * MUTE_TOWARDS_BACKGROUND) << shift;
  }
  return result;
}
const MUTE_DESATURATION = 0.5;
const MUTE_TOWARDS_BACKGROUND = 1 / 3;

/**
 * The colour as CSS: `colorToCss(0x3d7ab8)` is `'#3d7ab8'`.
 */
export function colorToCss(color: number): string {
  checkColor(color, 'color');
  return '#' + color.toString(16).padStart(6, '0');
}

/**
 * Black (`0x000000`) or white (`0xffffff`), whichever has the higher WCAG contrast ratio with
 * `color`, for labels that stay readable on any box.
 *
 * ```ts
 * contrastingTextColor(0xffe08a); // 0x000000
 * ```
 */
export function contrastingTextColor(color: number): number {
  checkColor(color, 'color');
  const luminance = relativeLuminance(color);
  // Contrast is (lighter + 0.05) / (darker + 0.05); black has luminance 0 and white 1.
  return (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) ? 0x000000 : 0xffffff;
}

/**
 * FNV-1a, 32 bits, over the string's UTF-16 code units (the same as over bytes for ASCII):
 * small, fast and the same in every session. `hashString('a')` is `0xe40c292c`.
 */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Murmur3's finaliser: FNV's low bits alone spread poorly over a small palette. */
function mix(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** WCAG 2 relative luminance of an sRGB colour. */
function relativeLuminance(color: number): number {
  const channel = (shift: number) => {
    const c = ((color >> shift) & 0xff) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0);
}

/** OKLCH to `0xRRGGBB`, lowering chroma (never lightness or hue) until the colour is in sRGB. */
function oklchToRgb(lightness: number, chroma: number, hueDegrees: number): number {
  const hue = (hueDegrees * Math.PI) / 180;
  const cos = Math.cos(hue);
  const sin = Math.sin(hue);
  const rgb = [0, 0, 0];
  oklabToLinearSrgb(lightness, chroma * cos, chroma * sin, rgb);
  if (!inGamut(rgb)) {
    let low = 0;
    let high = chroma;
    for (let i = 0; i < 20; i++) {
      const mid = (low + high) / 2;
      oklabToLinearSrgb(lightness, mid * cos, mid * sin, rgb);
      if (inGamut(rgb)) low = mid;
      else high = mid;
    }
    oklabToLinearSrgb(lightness, low * cos, low * sin, rgb);
  }
  return (encodeChannel(rgb[0]) << 16) | (encodeChannel(rgb[1]) << 8) | encodeChannel(rgb[2]);
}

/** Björn Ottosson's OKLab to linear sRGB. */
function oklabToLinearSrgb(l: number, a: number, b: number, out: number[]): void {
  const l_ = (l + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m_ = (l - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s_ = (l - 0.0894841775 * a - 1.291485548 * b) ** 3;
  out[0] = 4.0767416621 * l_ - 3.3077115913 * m_ + 0.2309699292 * s_;
  out[1] = -1.2684380046 * l_ + 2.6097574011 * m_ - 0.3413193965 * s_;
  out[2] = -0.0041960863 * l_ - 0.7034186147 * m_ + 1.707614701 * s_;
}

function inGamut(rgb: number[]): boolean {
  return rgb.every((c) => c >= -1e-7 && c <= 1 + 1e-7);
}

function encodeChannel(linear: number): number {
  const c = linear <= 0 ? 0 : linear >= 1 ? 1 : linear;
  const encoded = c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055;
  return Math.round(encoded * 255);
}

function isColor(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 0xffffff;
}

function checkColor(value: number, what: string): void {
  if (!isColor(value)) {
    throw new FlamekitError(
      'invalid-argument',
      `${what} must be an integer 0xRRGGBB from 0x000000 to 0xffffff, not ${describe(value)}`,
    );
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null)
    return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}
