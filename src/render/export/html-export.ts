import {
  FlamekitError,
  colorToCss,
  computeLabelForms,
  type CallTree,
  type NodeIndex,
} from '../../core/index';
import { createExportScene, type ExportScene, type SvgExportOptions } from './export-scene';
import { LEGEND_HEIGHT } from './export-legend';
import { mergeLeftOut, type PageBox } from './html-merge';
import { runFlameGraphPage } from './html-viewer';
import { createViewerParts, type HtmlPageData } from './html-viewer-parts';
import {
  describeDocument,
  escapeXml,
  hatchPattern,
  inkOn,
  parseFont,
  renderDiffLegend,
} from './svg-parts';

export interface HtmlExportOptions extends SvgExportOptions {
  /**
   * At most this many frames (the widest) go into the page, plus the "other" boxes that the
   * frames left out are merged into. Default 200,000.
   */
  maxNodes?: number;
}

/** Frames narrower than this share of the root cannot be seen until zoomed in 100,000×. */
export const HTML_MIN_WIDTH_SHARE = 1e-5;
const DEFAULT_MAX_NODES = 200_000;
/** A neutral grey for the merged "other" boxes, so they read as not one frame. */
const OTHER_FILL = { light: 0xc4c8cf, dark: 0x4a5058 } as const;

/**
 * Nothing may be fetched, even by a bug: no source but the page's own inline script and style.
 * `default-src 'none'` also covers images, fonts, frames and connections.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/**
 * A flame graph as one self-contained HTML page (a string; no DOM needed, so it runs in Node for
 * the command line): a canvas as wide as the window that zooms on click (Escape, the root or
 * "Reset zoom" zoom out), a case-insensitive search that fades the boxes it misses and says how
 * many frames match and their share of the total, and a tooltip with each box's text as the SVG
 * export's titles. A diff gets the SVG export's legend. The page loads nothing: a
 * Content-Security-Policy forbids every fetch, and the script and data are inline.
 *
 * The nodes are embedded as JSON (see {@link HtmlPageData}) with `<`, `>` and `&` escaped, so
 * profile text can never end the script; the page sets profile text only as `textContent` or
 * draws it with `fillText`.
 *
 * Size: frames narrower than {@link HTML_MIN_WIDTH_SHARE} of the root are left out, and of the
 * rest only the `maxNodes` widest are kept (plus the path to `focus` if that would be left out);
 * a frame is never wider than its parent, so the kept frames form one tree from the root. The
 * frames left out are merged, per depth under each kept frame, into grey "other" boxes (see
 * `mergeLeftOut`), so every row is as wide as on screen; a note in the sticky toolbar says how
 * many. A frame costs 30 to 40 bytes of JSON, names once
 * each. Measured: the Kafka CPU diff fixture (2,863 nodes) gives 0.25 MB; a Node.js profile of
 * 90,090 nodes, 2.8 MB (1.6 MB with `maxNodes: 50_000`); a Go CPU profile of 425,052 nodes, of
 * which the default keeps 200,000 and merges the rest into 80,711 "other" boxes, 11.5 MB
 * (0.45 MB gzipped) in 0.9 s.
 *
 * Options are the SVG export's: `width` only lays out the legend (the canvas follows the window),
 * `minBoxWidth` and `dimmed` are ignored (the page merges boxes under a device pixel and has its
 * own search). Security: the policy also keeps `script-src 'unsafe-inline'`, which would let
 * injected markup run; nothing is injected, as the tests check with hostile names.
 *
 * Throws {@link FlamekitError} `'invalid-argument'` for bad options (a `maxNodes` that is not a
 * whole number of at least 1, or as {@link renderFlameGraphSvg} does).
 */
export function renderFlameGraphHtml(tree: CallTree, options: HtmlExportOptions = {}): string {
  // The page's summary follows its zoom (its script rewrites it): a fixed one does not apply.
  const scene = createExportScene(tree, { ...options, summary: undefined });
  const maxNodes = options.maxNodes ?? DEFAULT_MAX_NODES;
  if (!(Number.isInteger(maxNodes) && maxNodes >= 1))
    throw new FlamekitError(
      'invalid-argument',
      `maxNodes must be a whole number of at least 1, not ${options.maxNodes}`,
    );
  const kept = selectHtmlNodes(tree, scene, maxNodes);
  // The "other" boxes come on top of `maxNodes`: counting them in kept fewer than half as many
  // frames of the 425k-node Go profile (80k instead of 200k), a poorer picture for 3 MB less.
  const boxes = mergeLeftOut(tree, scene.layout, kept);
  const data = collectPageData(tree, scene, boxes);
  const { settings, diffScale } = scene;
  const { theme } = settings;
  const dropped = tree.nodeCount - kept.length;
  const title =
    options.title !== undefined ? options.title : diffScale ? 'Diff flame graph' : 'Flame graph';
  const { size: fontSize } = parseFont(theme.font);
  // The theme is the caller's, not the profile's, but a "<" in a font would still end the style.
  const family = parseFont(theme.font).family.replace(/[<>]/g, '');
  const ink = colorToCss(inkOn(theme.background, theme));
  const background = colorToCss(theme.background);
  // In the sticky toolbar, so it stays in view wherever the page scrolls (a flame graph opens
  // scrolled to its root, at the bottom).
  const note =
    dropped > 0
      ? `<p class="note" id="flamekit-note">${dropped.toLocaleString('en-US')} of ${tree.nodeCount.toLocaleString('en-US')} frames are merged into “other” boxes to keep the page small: each was at most ${formatPercent(widestLeftOut(scene, kept))} of the whole graph wide.</p>`
      : '';
  let legend = '';
  if (diffScale) {
    const parts = renderDiffLegend(diffScale, {
      y: 0,
      width: settings.width,
      fontSize,
      unit: settings.unit,
      theme,
    });
    let defs = parts.defs;
    for (const hatchInk of new Set([theme.darkText, theme.lightText]))
      defs += hatchPattern('new', hatchInk) + hatchPattern('removed', hatchInk);
    legend =
      `<svg class="legend" xmlns="http://www.w3.org/2000/svg" width="${settings.width}" height="${LEGEND_HEIGHT}" role="img" aria-label="Legend of the diff colours" font-family="${escapeXml(family)}" font-size="${fontSize}">` +
      `<defs>${defs}</defs>${parts.markup}</svg>`;
  }
  const style = [
    `:root{color-scheme:${theme.palette};background:${background};color:${ink};font:${fontSize}px ${family}}`,
    'body{margin:0}',
    `.toolbar{position:sticky;top:0;z-index:1;display:flex;flex-wrap:wrap;align-items:center;gap:8px;padding:8px;background:${background}}`,
    'h1{font-size:1.1em;margin:0 8px 0 0}',
    '.summary{margin-left:auto;opacity:.8}',
    '.note{margin:0 8px 8px;opacity:.8}',
    '.toolbar .note{flex-basis:100%;margin:0}',
    'input,button{font:inherit}',
    '.graph{margin:0 8px}',
    `canvas{display:block;width:100%}canvas:focus-visible{outline:2px solid ${colorToCss(theme.focusOutline)}}`,
    `.tooltip{position:fixed;z-index:2;max-width:min(640px,90vw);padding:4px 6px;border-radius:4px;background:${ink};color:${background};white-space:pre-wrap;overflow-wrap:anywhere;pointer-events:none}`,
    '.legend{display:block;margin:4px 8px}',
  ].join('\n');
  return (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeXml(title)}</title><style>${style}</style></head><body>` +
    `<div class="toolbar" role="toolbar" aria-label="Flame graph controls"><h1>${escapeXml(title)}</h1>` +
    '<label for="flamekit-search">Search</label><input id="flamekit-search" type="search" autocomplete="off" spellcheck="false">' +
    '<output id="flamekit-matches" aria-live="polite"></output>' +
    '<button id="flamekit-reset" type="button">Reset zoom</button>' +
    `<span id="flamekit-summary" class="summary">${escapeXml(scene.summary)}</span>${note}</div>` +
    '<noscript><p class="note">This page needs JavaScript to draw the flame graph.</p></noscript>' +
    `<div class="graph"><canvas id="flamekit-canvas" tabindex="0" role="img" aria-label="${escapeXml(describeDocument(tree, settings.focus, diffScale))}"></canvas></div>` +
    legend +
    '<div id="flamekit-tooltip" class="tooltip" role="tooltip" hidden></div>' +
    `<script type="application/json" id="flamekit-data">${embedJson(data)}</script>` +
    `<script>${pageScript()}</script>` +
    '</body></html>\n'
  );
}

/**
 * The nodes the page keeps, in pre-order: those at least {@link HTML_MIN_WIDTH_SHARE} of the
 * root wide (the root always), then the `maxNodes` widest of them, ties going to the earlier
 * node, so that an ancestor (never narrower, always earlier) is kept whenever its descendant is.
 * The path to the focus is kept too, so that the page can open zoomed to it.
 */
function selectHtmlNodes(tree: CallTree, scene: ExportScene, maxNodes: number): NodeIndex[] {
  const { layout, settings } = scene;
  const n = tree.nodeCount;
  const widths = new Float64Array(n);
  for (let node = 0; node < n; node++) widths[node] = layout.width(node);
  const threshold = widths[0] * HTML_MIN_WIDTH_SHARE;
  const visible = (node: NodeIndex) =>
    node === 0 || (widths[node] > 0 && widths[node] >= threshold);
  let candidates = 0;
  for (let node = 0; node < n; node++) if (visible(node)) candidates++;
  // Below `cutoff` nothing is kept; at it, only the first `atCutoff` in pre-order.
  let cutoff = -Infinity;
  let atCutoff = Infinity;
  if (candidates > maxNodes) {
    const sorted = widths.filter((_, node) => visible(node)).sort();
    cutoff = sorted[sorted.length - maxNodes];
    atCutoff = maxNodes - (sorted.length - upperBound(sorted, cutoff));
  }
  const keep = new Uint8Array(n);
  for (let node = 0; node < n; node++) {
    if (!visible(node) || widths[node] < cutoff) continue;
    if (widths[node] === cutoff) {
      if (atCutoff === 0) continue;
      atCutoff--;
    }
    keep[node] = 1;
  }
  for (let node = settings.focus; node > 0 && !keep[node]; node = tree.parent[node]) keep[node] = 1;
  const kept: NodeIndex[] = [];
  for (let node = 0; node < n; node++) if (keep[node]) kept.push(node);
  return kept;
}

/** The first index in ascending `sorted` whose value is greater than `value`. */
function upperBound(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

function collectPageData(tree: CallTree, scene: ExportScene, boxes: PageBox[]): HtmlPageData {
  const { layout, settings, diffScale } = scene;
  const { theme } = settings;
  const stringIndex = new Map<string, number>();
  const strings: string[] = [];
  const intern = (text: string) => {
    let index = stringIndex.get(text);
    if (index === undefined) {
      index = strings.length;
      strings.push(text);
      stringIndex.set(text, index);
    }
    return index;
  };
  const data: HtmlPageData = {
    version: 1,
    settings: {
      rowHeight: settings.rowHeight,
      orientation: settings.orientation,
      textAlign: settings.textAlign,
      fontSize: parseFont(theme.font).size,
      fontFamily: parseFont(theme.font).family,
      background: theme.background,
      darkText: theme.darkText,
      lightText: theme.lightText,
      dimAmount: theme.dimAmount,
      focus: boxes.findIndex((box) => box.node === settings.focus),
      muteNarrowBoxes: settings.muteNarrowBoxes && !diffScale,
      otherFill: OTHER_FILL[theme.palette],
    },
    strings,
    depth: [],
    start: [],
    width: [],
    fill: [],
    name: [],
    tip: [],
  };
  // Interned first, so that the many "other" boxes refer to them with one digit each.
  const otherName = intern('other');
  const otherTip = intern(' frames merged to keep the page small');
  const value: number[] = [];
  let valueDiffers = false;
  const labelValue: number[] = [];
  const labelForms = new Map<number, number[]>();
  const mark: number[] = [];
  const other: number[] = [];
  for (const box of boxes) {
    const { node } = box;
    data.depth.push(box.depth);
    data.start.push(box.start);
    data.width.push(box.width);
    other.push(box.leftOut);
    if (node < 0) {
      // The page writes the count and share into the tooltip: one shared tail keeps it small.
      // The page paints it in `settings.otherFill`; 0 and the first strings keep it small.
      data.fill.push(0);
      data.name.push(otherName);
      data.tip.push(otherTip);
      value.push(box.width); // never added up: a search skips "other" boxes
      labelValue.push(intern(''));
      if (diffScale) mark.push(0);
      continue;
    }
    const name = tree.name(node);
    const text = scene.describe(node);
    // Tooltips start with the name; the rest ("— 12 ms (3 %)") repeats across nodes too.
    const tail = text.startsWith(name) ? text.slice(name.length) : ` — ${text}`;
    data.fill.push(scene.colorOf(node));
    const nameIndex = intern(name);
    data.name.push(nameIndex);
    if (!labelForms.has(nameIndex)) {
      // The shorter forms are ends of the name: where each begins is enough.
      const forms = computeLabelForms(name);
      labelForms.set(
        nameIndex,
        forms.slice(1).map((form) => name.length - form.length),
      );
    }
    labelValue.push(intern(scene.labelValueOf(node)));
    data.tip.push(intern(tail));
    value.push(tree.total[node]);
    valueDiffers ||= tree.total[node] !== layout.width(node);
    if (diffScale) {
      const change = diffScale.changeOf(node);
      mark.push(change === 'new' ? 1 : change === 'removed' ? 2 : 0);
    }
  }
  if (valueDiffers) data.value = value;
  if (diffScale) data.mark = mark;
  if (other.some((count) => count > 0)) data.other = other;
  if (settings.labelValue !== 'none') data.labelValue = labelValue;
  if ([...labelForms.values()].some((offsets) => offsets.length > 0)) {
    data.labelForms = strings.map((_, index) => labelForms.get(index) ?? []);
  }
  return data;
}

/**
 * The viewer's source, called at once with its helpers' source. esbuild's `keepNames` (on in
 * tsx) wraps functions in a `__name(fn, "name")` helper defined at module scope, which the page
 * lacks: an identity stand-in takes its place. A bundle that both minifies and keeps names renames
 * that helper, and its pages would not run; our own build does neither.
 */
function pageScript(): string {
  const script = `(function(){var __name=function(target){return target};(${String(runFlameGraphPage)})(${String(createViewerParts)});})();`;
  if (/<\/script|<!--/i.test(script))
    throw new FlamekitError('internal-error', 'the page script contains "</script" or "<!--"');
  return script;
}

/** JSON that cannot end its `<script>` element nor open a comment in it, whatever the names hold. */
function embedJson(data: HtmlPageData): string {
  return JSON.stringify(data).replace(
    /[<>&]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The widest left-out frame's share of the root. */
function widestLeftOut(scene: ExportScene, kept: NodeIndex[]): number {
  const { layout } = scene;
  let widest = 0;
  for (let i = 1; i < kept.length; i++)
    for (let node = kept[i - 1] + 1; node < kept[i]; node++)
      widest = Math.max(widest, layout.width(node));
  for (let node = kept[kept.length - 1] + 1; node < layout.tree.nodeCount; node++)
    widest = Math.max(widest, layout.width(node));
  return layout.width(0) > 0 ? widest / layout.width(0) : 0;
}

/** A share as a percentage of two significant digits, rounded up so that "at most" holds. */
function formatPercent(share: number): string {
  const percent = share * 100;
  if (percent === 0) return '0 %';
  const step = 10 ** (Math.floor(Math.log10(percent)) - 1);
  return `${Number((Math.ceil(percent / step) * step).toPrecision(2))} %`;
}
