import {
  colorToCss,
  computeDiffNodeSummary,
  contrastingTextColor,
  formatShare,
  formatSignedShare,
  formatValue,
  hashString,
  type CallTree,
  type DiffColorScale,
  type NodeIndex,
} from '../../core/index';
import {
  LEGEND_HEIGHT,
  SWATCH_HEIGHT,
  TITLE_LINE_HEIGHT,
  layoutDiffLegend,
  layoutTitleLine,
  type HatchKind,
} from './export-legend';
import type { CssPx } from '../geometry';
import type { FlameGraphTheme } from '../theme';

/**
 * Pieces of the SVG export other than the geometry: escaping, the text-width estimate, fonts,
 * hatch patterns, the diff legend, the title line and what boxes say. Everything here builds
 * strings; nothing needs a DOM.
 */

/**
 * Characters XML 1.0 forbids (C0 controls other than tab, LF and CR, lone surrogates, U+FFFE and
 * U+FFFF), plus DEL and the C1 controls, which XML allows but no font draws and XML 1.1 forbids.
 */
const NOT_XML_TEXT = /[^\t\n\r\u0020-\u007e\u00a0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;
const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** The text without the characters an XML document cannot hold (see {@link NOT_XML_TEXT}). */
export function stripNonXmlCharacters(text: string): string {
  return text.replace(NOT_XML_TEXT, '');
}

/**
 * Text from a profile made safe as element content or an attribute value: characters XML cannot
 * hold are dropped and all five markup characters escaped, so that a frame named
 * `<script>` or `]]>` stays text.
 */
export function escapeXml(text: string): string {
  return stripNonXmlCharacters(text).replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}

/** A coordinate with at most two decimals and no `-0`, to keep the file small. */
export function formatCoordinate(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return String(rounded === 0 ? 0 : rounded);
}

const FALLBACK_FAMILY =
  'ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace';
const GENERIC_FAMILIES = /(^|,)\s*(monospace|sans-serif|serif|system-ui|ui-monospace)\s*$/;

/**
 * Size and family of a CSS font shorthand such as the theme's `'12px ui-monospace, …'`; a family
 * list without a generic family at its end gets `monospace`, so that every viewer has a fallback.
 */
export function parseFont(font: string): { size: CssPx; family: string } {
  const match = /(\d+(?:\.\d+)?)px(?:\s*\/\s*\S+)?\s+(.+)$/.exec(font);
  const size = match ? Number(match[1]) : 12;
  const family = match ? match[2].trim() : FALLBACK_FAMILY;
  return {
    size: size > 0 && size < 200 ? size : 12,
    family: GENERIC_FAMILIES.test(family) ? family : `${family}, monospace`,
  };
}

/** The theme's label ink that contrasts with a fill: `darkText` on light boxes, else `lightText`. */
export function inkOn(fill: number, theme: FlameGraphTheme): number {
  return contrastingTextColor(fill) === 0xffffff ? theme.lightText : theme.darkText;
}

/** Distance between hatch lines along the x axis, and their opacity: as the canvas renderer's. */
const HATCH_SPACING = 6;
const HATCH_OPACITY = 0.4;
const BORDER_OPACITY = 0.75;
const BORDER_DASH = 3;

/** The id of a hatch pattern: by kind and ink, so that SVGs inlined in one page do not clash. */
export function hatchId(kind: HatchKind, ink: number): string {
  return `flamekit-${kind}-${colorToCss(ink).slice(1)}`;
}

/**
 * A pattern of 45° lines 6 px apart, anchored to the document like the canvas renderer's so that
 * neighbouring boxes continue each other's lines: rising (`/`) for new frames, falling (`\`) for
 * removed ones. The two short strokes in the corners complete the lines cut by the tile's edge.
 */
export function hatchPattern(kind: HatchKind, ink: number): string {
  const s = HATCH_SPACING;
  const path =
    kind === 'new'
      ? `M-1,1l2,-2M0,${s}l${s},-${s}M${s - 1},${s + 1}l2,-2`
      : `M-1,${s - 1}l2,2M0,0l${s},${s}M${s - 1},-1l2,2`;
  return (
    `<pattern id="${hatchId(kind, ink)}" patternUnits="userSpaceOnUse" width="${s}" height="${s}">` +
    `<path d="${path}" stroke="${colorToCss(ink)}" stroke-opacity="${HATCH_OPACITY}" stroke-width="1"/></pattern>`
  );
}

/**
 * The hatching over a box (inset by half a pixel so the dashed border stays inside it): the
 * pattern, and for a removed frame a dashed border too, so that the two marks differ by more
 * than colour.
 */
export function hatchOverlay(
  kind: HatchKind,
  ink: number,
  x: number,
  y: number,
  width: number,
  height: number,
): string {
  const border =
    kind === 'removed'
      ? ` stroke="${colorToCss(ink)}" stroke-opacity="${BORDER_OPACITY}" stroke-dasharray="${BORDER_DASH} ${BORDER_DASH}"`
      : '';
  return `<rect x="${formatCoordinate(x + 0.5)}" y="${formatCoordinate(y + 0.5)}" width="${formatCoordinate(width - 1)}" height="${formatCoordinate(height - 1)}" fill="url(#${hatchId(kind, ink)})"${border}/>`;
}

export interface LegendPlacement {
  y: CssPx;
  width: CssPx;
  fontSize: CssPx;
  unit: string;
  theme: FlameGraphTheme;
}

/**
 * The diff legend in one row, like the React `DiffLegend`: the ramp (a gradient of the scale's
 * nine stops) between its end values, hatched swatches for new and removed frames, and what the
 * colours mean in words, cut with an ellipsis when the row is too narrow. The hatch patterns it
 * references are the document's (see {@link hatchPattern}).
 */
export function renderDiffLegend(
  scale: DiffColorScale,
  at: LegendPlacement,
): { markup: string; defs: string } {
  const { fontSize, theme } = at;
  const ink = inkOn(theme.background, theme);
  const middle = at.y + LEGEND_HEIGHT / 2;
  const baseline = formatCoordinate(middle + fontSize * 0.35);
  const swatchTop = middle - SWATCH_HEIGHT / 2;
  const { stops } = scale.legend;
  // Named after its colours, so that two exports inlined in one page never take each other's ramp.
  const gradientId = `flamekit-ramp-${hashString(stops.map((s) => s.color).join()).toString(16)}`;
  const parts = layoutDiffLegend(scale, at).map((item) => {
    const x = formatCoordinate(item.x);
    if (item.kind === 'text')
      return `<text x="${x}" y="${baseline}">${escapeXml(item.text)}</text>`;
    if (item.kind === 'ramp')
      return `<rect x="${x}" y="${swatchTop}" width="${item.width}" height="${SWATCH_HEIGHT}" fill="url(#${gradientId})"/>`;
    return (
      `<rect x="${x}" y="${swatchTop}" width="${item.width}" height="${SWATCH_HEIGHT}" fill="${colorToCss(item.fill)}"/>` +
      hatchOverlay(item.mark, inkOn(item.fill, theme), item.x, swatchTop, item.width, SWATCH_HEIGHT)
    );
  });
  const gradientStops = stops
    .map(
      (stop, i) =>
        `<stop offset="${formatCoordinate(i / (stops.length - 1))}" stop-color="${colorToCss(stop.color)}"/>`,
    )
    .join('');
  return {
    markup: `<g class="flamekit-legend" fill="${colorToCss(ink)}">${parts.join('')}</g>`,
    defs: `<linearGradient id="${gradientId}">${gradientStops}</linearGradient>`,
  };
}

/** The tooltip of a box: `name — value (share)`, or for a diff both sides and the change. */
export function describeBox(tree: CallTree, node: NodeIndex, unit: string, diff: boolean): string {
  const value = (v: number) => formatValue(v, unit);
  if (!diff) {
    const share = tree.total[0] !== 0 ? tree.total[node] / tree.total[0] : 0;
    return `${tree.name(node)} — ${value(tree.total[node])} (${formatShare(share)})`;
  }
  const s = computeDiffNodeSummary(tree, node);
  if (s.presence === 'new')
    return `${s.name} — new: ${value(s.comparison)} (${formatShare(s.comparisonShare)} of the comparison), not in the baseline`;
  if (s.presence === 'removed')
    return `${s.name} — removed: was ${value(s.baseline)} (${formatShare(s.baselineShare)} of the baseline), not in the comparison`;
  return (
    `${s.name} — baseline ${value(s.baseline)} (${formatShare(s.baselineShare)}), ` +
    `comparison ${value(s.comparison)} (${formatShare(s.comparisonShare)}), ` +
    `change ${s.delta > 0 ? '+' : ''}${value(s.delta)} (${formatSignedShare(s.relativeDelta)})`
  );
}

/** The `<desc>`: what a screen reader or a search engine learns about the picture. */
export function describeDocument(
  tree: CallTree,
  focus: NodeIndex,
  diff: DiffColorScale | undefined,
): string {
  const what = diff
    ? 'A diff flame graph: each box is a function in a call stack, coloured by how it changed between two profiles.'
    : 'A flame graph: each box is a function in a call stack, as wide as its share of the profile.';
  return `${what} ${tree.nodeCount} frames${focus > 0 ? `, zoomed to ${tree.name(focus)}` : ''}. Each box's title gives its values.`;
}

/**
 * The line above the graph: the caller's title in bold on the left, what is shown (the root's
 * or the zoomed node's values) on the right, both cut by the estimate so they do not overlap.
 */
export function renderTitleLine(
  title: string,
  summary: string,
  { width, fontSize, ink }: { width: CssPx; fontSize: CssPx; ink: number },
): string {
  const { left, right } = layoutTitleLine(
    stripNonXmlCharacters(title),
    stripNonXmlCharacters(summary),
    { width, fontSize },
  );
  const baseline = formatCoordinate(TITLE_LINE_HEIGHT / 2 + fontSize * 0.35);
  return (
    `<g class="flamekit-title" fill="${colorToCss(ink)}">` +
    `<text x="4" y="${baseline}" font-weight="bold" font-size="${fontSize + 1}">${escapeXml(left)}</text>` +
    `<text x="${width - 4}" y="${baseline}" text-anchor="end">${escapeXml(right)}</text></g>`
  );
}
