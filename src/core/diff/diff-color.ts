import type { CallTree } from '../model/call-tree';
import type { ColorTheme } from '../views/color';
import { FlamekitError } from '../errors';
import type { NodeIndex } from '../types';

/**
 * Colours for a tree that compares two profiles: a diverging scale from "decreased" through a
 * neutral grey to "increased", plus flat colours for nodes that only one side has. The scales are
 * documented on {@link createDiffColorScale}.
 */

export type DiffColorMode = 'relative' | 'absolute' | 'self';
export type DiffPalette = 'default' | 'colorblind';
export type DiffChange = 'new' | 'removed' | 'increase' | 'decrease' | 'unchanged';

export interface DiffColorOptions {
  /** Which metric colours the boxes. Default `'relative'`. */
  mode?: DiffColorMode;
  /** Default `'default'` (green/red). */
  palette?: DiffPalette;
  /** Pale boxes under dark text, or darker boxes for a dark background. Default `'light'`. */
  theme?: ColorTheme;
}

/** A point of the legend: the metric and its colour. */
export interface DiffLegendStop {
  value: number;
  color: number;
}

export interface DiffColorScale {
  readonly mode: DiffColorMode;
  readonly palette: DiffPalette;
  readonly theme: ColorTheme;
  /**
   * The metric where colour saturates: 100 (percent) for `'relative'`; for `'absolute'`/`'self'`
   * the largest |change| over non-root nodes (1 when all are 0).
   */
  readonly limit: number;
  /** The node's metric for the scale's mode, not clamped to the limit. */
  metricOf(node: NodeIndex): number;
  changeOf(node: NodeIndex): DiffChange;
  /** The node's colour as `0xRRGGBB`. */
  colorOf(node: NodeIndex): number;
  /**
   * Nine stops from −limit to +limit (the middle one is 0 with the neutral colour), and the flat
   * colours of new, removed and unchanged nodes.
   */
  readonly legend: {
    stops: DiffLegendStop[];
    newColor: number;
    removedColor: number;
    unchangedColor: number;
  };
}

/** OKLCH lightness and chroma of the neutral middle and of both saturated ends. */
const RAMP_STYLE = {
  light: { neutral: 0.92, end: 0.65, chroma: 0.17 },
  dark: { neutral: 0.4, end: 0.68, chroma: 0.16 },
} as const;

/** OKLCH hues of the two halves; chosen so that neither end leaves the sRGB gamut. */
const PALETTE_HUES = {
  default: { decrease: 145, increase: 27 },
  colorblind: { decrease: 250, increase: 40 },
} as const;

/** Lightness (0 to 1), chroma and hue in degrees. */
type Oklch = readonly [lightness: number, chroma: number, hue: number];

/**
 * Flat colours as OKLCH. New is a saturated violet: its hue lies between both palettes' ends (red
 * 27°, orange 40°, green 145°, blue 250°) and it is darker than the light ramp's ends, so it reads
 * as its own category rather than "a big increase". Removed is a near-grey slate whose lightness
 * is outside every ramp colour (darker than the light ramp, lighter than the dark one), so it
 * cannot be mistaken for "no change" nor for a decrease; being desaturated, it reads as "gone".
 */
const MARKER_STYLE: Record<ColorTheme, { new: Oklch; removed: Oklch }> = {
  light: { new: [0.55, 0.2, 305], removed: [0.45, 0.025, 255] },
  dark: { new: [0.58, 0.2, 305], removed: [0.8, 0.02, 255] },
};

/** Ramp entries per half, the neutral middle shared: index 0 is the strongest decrease. */
const HALF_STEPS = 255;
const LEGEND_STOPS = 9;

/**
 * A colour scale for a tree that compares two profiles: a diverging ramp from "decreased"
 * through a neutral grey to "increased", plus flat colours for nodes that only one side has.
 *
 * The comparison side is the tree's `self`/`total`; the baseline side is
 * `baselineSelf`/`baselineTotal` (in folded text `stack before after`, the first count).
 *
 * Scales (the metric of a node, and where its colour saturates):
 * - `'relative'` (default): the change of the node's share of its side, in percent:
 *   `(shareC − shareB) / |shareB| × 100`, with `share = total[n] / total[0]` on each side (0 when
 *   that side's root total is 0). A node that keeps its share is unchanged even if both profiles
 *   grew. ±Infinity when the baseline share is 0 and the comparison share is not (a new node);
 *   −100 for a removed node. Saturates at ±100 %.
 * - `'absolute'`: `total − baselineTotal`. Saturates at the largest |change| of a non-root node.
 * - `'self'`: `self − baselineSelf`, the change in the node's own samples; saturates like
 *   `'absolute'`. New and removed are still judged on totals.
 *
 * A node is `'new'` when its baseline total is 0 and its comparison total is not, `'removed'` in the
 * opposite case; these get flat colours in every scale (the renderer also hatches them). Otherwise
 * the sign of the metric says `'increase'`, `'decrease'` or `'unchanged'` (the neutral grey).
 *
 * Palettes: `'default'` is green for less and red for more (what Grafana and Pyroscope users
 * expect); `'colorblind'` is blue for less and red-orange for more, which stay apart for people who
 * confuse red and green. Both halves keep the same lightness and chroma at the same |metric|, so
 * neither direction looks more alarming than the other.
 *
 * Creating a scale reads the tree once; `colorOf` is a table look-up, cheap enough per drawn box.
 *
 * Throws {@link FlamekitError} `'invalid-argument'` for a tree with one side or unknown options.
 *
 * ```ts
 * const scale = createDiffColorScale(treeFromFolded('a 3 6\nb 3 2'), { mode: 'absolute' });
 * scale.changeOf(1); // 'increase'
 * ```
 */
export function createDiffColorScale(
  tree: CallTree,
  options: DiffColorOptions = {},
): DiffColorScale {
  const { mode = 'relative', palette = 'default', theme = 'light' } = options;
  if (mode !== 'relative' && mode !== 'absolute' && mode !== 'self') {
    throw new FlamekitError(
      'invalid-argument',
      `diff colour mode ${describe(mode)} is unknown; use 'relative', 'absolute' or 'self'`,
    );
  }
  if (palette !== 'default' && palette !== 'colorblind') {
    throw new FlamekitError(
      'invalid-argument',
      `diff palette ${describe(palette)} is unknown; use 'default' or 'colorblind'`,
    );
  }
  if (theme !== 'light' && theme !== 'dark') {
    throw new FlamekitError(
      'invalid-argument',
      `theme must be 'light' or 'dark', not ${describe(theme)}`,
    );
  }
  const { total, self, baselineTotal, baselineSelf, nodeCount } = tree;
  if (!baselineTotal || !baselineSelf) {
    throw new FlamekitError(
      'invalid-argument',
      'diff colours need a tree that compares two profiles (with a baseline side); build one from two profiles, or from folded lines with two counts "stack before after"',
    );
  }

  let metricOf: (node: NodeIndex) => number;
  let limit = 100;
  if (mode === 'relative') {
    const rootC = total[0];
    const rootB = baselineTotal[0];
    metricOf = (node) => {
      const shareC = rootC === 0 ? 0 : total[node] / rootC;
      const shareB = rootB === 0 ? 0 : baselineTotal[node] / rootB;
      if (shareB === 0) return shareC === 0 ? 0 : shareC > 0 ? Infinity : -Infinity;
      // |shareB| keeps "positive means the share grew" for trees with negative values.
      return ((shareC - shareB) / Math.abs(shareB)) * 100;
    };
  } else {
    const comparison = mode === 'absolute' ? total : self;
    const baseline = mode === 'absolute' ? baselineTotal : baselineSelf;
    metricOf = (node) => comparison[node] - baseline[node];
    const largest = largestChange(comparison, baseline);
    limit = largest > 0 ? largest : 1;
  }

  const ramp = createDiffRamp(palette, theme);
  const middle = HALF_STEPS;
  // -limit, 0 and +limit map to the ramp's two ends and its middle, clamped beyond; a metric that
  // is no number (0 / 0) is unchanged. A plain linear map: d3-scale would bring d3-interpolate,
  // d3-color and d3-format (9 KB gzip) into every app that draws a flame graph.
  const position = (metric: number) =>
    Number.isNaN(metric) ? middle : middle + middle * Math.max(-1, Math.min(1, metric / limit));
  const rampColor = (metric: number) => ramp[Math.round(position(metric))];

  const markers = MARKER_STYLE[theme];
  const newColor = oklchToRgb(...markers.new);
  const removedColor = oklchToRgb(...markers.removed);
  const stops: DiffLegendStop[] = [];
  const half = (LEGEND_STOPS - 1) / 2;
  for (let i = 0; i < LEGEND_STOPS; i++) {
    const value = (limit * (i - half)) / half;
    stops.push({ value, color: rampColor(value) });
  }

  const checkNode = (node: NodeIndex) => {
    if (!(Number.isInteger(node) && node >= 0 && node < nodeCount)) {
      throw new FlamekitError(
        'invalid-argument',
        `node ${node} does not exist (the tree has ${nodeCount})`,
      );
    }
  };
  // New and removed are judged on totals in every mode: a node whose own samples vanished but
  // whose callees remain has not gone.
  const presence = (node: NodeIndex): DiffChange | undefined => {
    const before = baselineTotal[node];
    const after = total[node];
    if (before === 0 && after !== 0) return 'new';
    if (after === 0 && before !== 0) return 'removed';
    return undefined;
  };

  return {
    mode,
    palette,
    theme,
    limit,
    metricOf(node) {
      checkNode(node);
      return metricOf(node);
    },
    changeOf(node) {
      checkNode(node);
      const change = presence(node);
      if (change) return change;
      const metric = metricOf(node);
      return metric > 0 ? 'increase' : metric < 0 ? 'decrease' : 'unchanged';
    },
    colorOf(node) {
      checkNode(node);
      const change = presence(node);
      if (change) return change === 'new' ? newColor : removedColor;
      return rampColor(metricOf(node));
    },
    legend: { stops, newColor, removedColor, unchangedColor: ramp[middle] },
  };
}

/** The largest |comparison − baseline| over non-root nodes, in one pass without allocations. */
function largestChange(comparison: Float64Array, baseline: Float64Array): number {
  let largest = 0;
  for (let node = 1; node < comparison.length; node++) {
    const change = Math.abs(comparison[node] - baseline[node]);
    if (change > largest) largest = change;
  }
  return largest;
}

/**
 * The diverging ramp: from the decrease end through neutral grey to the increase end. Each half
 * moves lightness and chroma linearly at a fixed hue, so equal steps of metric look equal.
 */
function createDiffRamp(palette: DiffPalette, theme: ColorTheme): Uint32Array {
  const { neutral, end, chroma } = RAMP_STYLE[theme];
  const { decrease, increase } = PALETTE_HUES[palette];
  const ramp = new Uint32Array(2 * HALF_STEPS + 1);
  for (let step = 0; step <= HALF_STEPS; step++) {
    const t = step / HALF_STEPS;
    const lightness = neutral + (end - neutral) * t;
    ramp[HALF_STEPS - step] = oklchToRgb(lightness, chroma * t, decrease);
    ramp[HALF_STEPS + step] = oklchToRgb(lightness, chroma * t, increase);
  }
  return ramp;
}

/**
 * OKLCH to `0xRRGGBB`, lowering chroma (never lightness or hue) until the colour is in sRGB; the
 * same conversion as color.ts, which does not export it.
 */
function oklchToRgb(lightness: number, chroma: number, hueDegrees: number): number {
  const hue = (hueDegrees * Math.PI) / 180;
  const toRgb = (c: number) => oklabToLinearSrgb(lightness, c * Math.cos(hue), c * Math.sin(hue));
  let rgb = toRgb(chroma);
  if (!inGamut(rgb)) {
    let low = 0;
    let high = chroma;
    for (let i = 0; i < 20; i++) {
      const mid = (low + high) / 2;
      if (inGamut(toRgb(mid))) low = mid;
      else high = mid;
    }
    rgb = toRgb(low);
  }
  return (encodeChannel(rgb[0]) << 16) | (encodeChannel(rgb[1]) << 8) | encodeChannel(rgb[2]);
}

/** Björn Ottosson's OKLab to linear sRGB. */
function oklabToLinearSrgb(l: number, a: number, b: number): [number, number, number] {
  const l_ = (l + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m_ = (l - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s_ = (l - 0.0894841775 * a - 1.291485548 * b) ** 3;
  return [
    4.0767416621 * l_ - 3.3077115913 * m_ + 0.2309699292 * s_,
    -1.2684380046 * l_ + 2.6097574011 * m_ - 0.3413193965 * s_,
    -0.0041960863 * l_ - 0.7034186147 * m_ + 1.707614701 * s_,
  ];
}

function inGamut(rgb: readonly number[]): boolean {
  return rgb.every((c) => c >= -1e-7 && c <= 1 + 1e-7);
}

function encodeChannel(linear: number): number {
  const c = linear <= 0 ? 0 : linear >= 1 ? 1 : linear;
  const encoded = c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055;
  return Math.round(encoded * 255);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null)
    return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}
