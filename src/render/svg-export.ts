import {
  FlamekitError,
  colorToCss,
  computeDiffWeight,
  createDiffColorScale,
  createFlameLayout,
  createNodeColorLookup,
  dimColor,
  type CallTree,
  type ColorScheme,
  type DiffColorMode,
  type DiffPalette,
  type DiffWidthMode,
  type FlameLayout,
  type NodeIndex,
} from '../core/index';
import { gallopAtOrBefore, lastAtOrBefore, type CssPx, type Orientation } from './geometry';
import {
  LEGEND_HEIGHT,
  TITLE_LINE_HEIGHT,
  describeBox,
  describeDocument,
  escapeXml,
  fitText,
  formatCoordinate,
  hatchOverlay,
  hatchPattern,
  inkOn,
  parseFont,
  renderDiffLegend,
  renderTitleLine,
  stripNonXmlCharacters,
} from './svg-parts';
import { darkTheme, lightTheme, type FlameGraphTheme } from './theme';

export interface SvgExportOptions {
  /** Width of the document in CSS px, rounded to whole px. Default 1200; the height follows from the rows drawn. */
  width?: CssPx;
  /** Height of a row in CSS px. Default 18. */
  rowHeight?: CssPx;
  /** Default `'light'`. */
  theme?: 'light' | 'dark' | FlameGraphTheme;
  /** `'flame'` (default) puts the root at the bottom, `'icicle'` at the top. */
  orientation?: Orientation;
  /** How boxes of a one-sided tree are coloured, as `<FlameGraph colorScheme>`. Default `'package'`. */
  colorScheme?: ColorScheme;
  /**
   * The node to zoom to: its box spans the width, its subtree is drawn above (flame) or below
   * (icicle) it, and its ancestors are drawn faded on the other side. Default the root.
   */
  focus?: NodeIndex;
  /** Unit of the values, for the tooltips and the title line. Default `'samples'`. */
  unit?: string;
  /** A line of text drawn at the top. Default none (and no title line). */
  title?: string;
  /**
   * For a tree that compares two profiles (one with `baselineTotal`), which colours and widths to
   * use, as `<DiffFlameGraph>`: colour mode (default `'relative'`), palette (default `'default'`)
   * and width mode (default `'both'`). Such a tree is always drawn as a diff, with a legend.
   */
  diff?: { colorMode?: DiffColorMode; palette?: DiffPalette; widthMode?: DiffWidthMode };
  /**
   * Boxes narrower than this (CSS px, at least 1) are not drawn one by one: neighbouring ones are
   * merged into runs on whole-pixel columns, like the canvas renderer merges boxes under a device
   * pixel. Default 1. For finer detail, export wider instead.
   */
  minBoxWidth?: CssPx;
  /** Which end of a cut label survives, as `<FlameGraph textAlign>`. Default `'left'`. */
  textAlign?: 'left' | 'right';
}

const MIN_LABEL_WIDTH: CssPx = 24;
const LABEL_PADDING: CssPx = 4;
const MIN_MARK_WIDTH: CssPx = 4;
/** What is left of a box clipped to the view below which it is not drawn at all. */
const EPSILON = 1e-6;

/**
 * A flame graph as a standalone SVG document (a string; no DOM needed, so it runs in Node for the
 * command line): the same rows, colours, labels, faded ancestors of the zoomed node and diff
 * hatching as the canvas renderer, with no script and no external reference, so it opens in any
 * viewer.
 *
 * Each box is a `<rect>` whose `<title>` child (the tooltip viewers show) says
 * `name — value (share of the profile)`, or for a diff both sides and the change. Labels are cut
 * with an ellipsis by an estimated character width (see `CELL_WIDTH_EM`: there is no font to
 * measure) and clipped to their box by a nested `<svg>` viewport, so a wrong estimate never
 * spills. All profile text is escaped and stripped of characters XML cannot hold.
 *
 * Size: only boxes at least `minBoxWidth` wide are drawn one by one; narrower neighbours become
 * runs of whole pixels, so a row holds at most about `width` elements whatever the tree's size,
 * and the document at most rows × width elements of about 150 bytes each (a box with its title,
 * its label when it is wide). Measured at the default 1200 px: the Kafka CPU diff fixture (2,863
 * nodes) gives 590 KB; a Go CPU profile of 425,052 nodes, 375 KB; a Node.js profile of 90,090
 * nodes and 330 rows (long names), 4.1 MB, or 2.3 MB with `minBoxWidth: 4`. Time is dominated by
 * the layout, linear in the tree (0.3 s for 1.2 million nodes).
 *
 * Throws {@link FlamekitError} `'invalid-argument'` for bad options or a zoom node that does not
 * exist or has no width.
 */
export function renderFlameGraphSvg(tree: CallTree, options: SvgExportOptions = {}): string {
  if (!tree || typeof tree !== 'object' || !(tree.total instanceof Float64Array))
    throw new FlamekitError('invalid-argument', 'renderFlameGraphSvg needs a CallTree');
  const settings = resolveOptions(tree, options);
  const { theme, width, rowHeight, focus, unit } = settings;
  const diffScale = tree.baselineTotal
    ? createDiffColorScale(tree, {
        mode: options.diff?.colorMode,
        palette: options.diff?.palette,
        theme: theme.palette,
      })
    : undefined;
  const layout = createFlameLayout(
    tree,
    diffScale ? { weight: computeDiffWeight(tree, options.diff?.widthMode ?? 'both') } : {},
  );
  const valueStart = layout.start(focus);
  const span = layout.width(focus);
  if (focus > 0 && !(span > 0))
    throw new FlamekitError(
      'invalid-argument',
      `focus node ${focus} (${JSON.stringify(tree.name(focus).slice(0, 80))}) has no width to zoom to`,
    );
  const baseColor = diffScale
    ? (node: NodeIndex) => diffScale.colorOf(node)
    : createNodeColorLookup(tree, options.colorScheme ?? 'package', { theme: theme.palette });
  const focusDepth = tree.depth[focus];
  const fillOf = (node: NodeIndex) =>
    tree.depth[node] < focusDepth
      ? dimColor(baseColor(node), theme.background, theme.dimAmount)
      : baseColor(node);

  const rows: number[][] = [];
  if (span > 0) {
    const scale = width / span;
    for (let row = 0; row < layout.rowCount; row++) {
      const items = collectRow(layout, row, valueStart, scale, width, settings.minBoxWidth, fillOf);
      if (items.length === 0) break; // children fit in their parents: deeper rows are empty too
      rows.push(items);
    }
  }

  const { size: fontSize, family } = parseFont(theme.font);
  const titleHeight = options.title !== undefined ? TITLE_LINE_HEIGHT : 0;
  const graphHeight = Math.max(rows.length, 1) * rowHeight;
  const height = titleHeight + graphHeight + (diffScale ? LEGEND_HEIGHT : 0);
  const titleOf = (node: NodeIndex) => describeBox(tree, node, unit, diffScale !== undefined);
  const boxes: string[] = [];
  const marks: string[] = [];
  const labels: string[] = [];
  const boxHeight = Math.max(1, rowHeight - 1); // a pixel between rows
  const labelBaseline = formatCoordinate(boxHeight / 2 + fontSize * 0.35);
  const heightText = formatCoordinate(boxHeight);

  rows.forEach((items, row) => {
    const y =
      titleHeight + (settings.orientation === 'icicle' ? row : rows.length - 1 - row) * rowHeight;
    const yText = formatCoordinate(y);
    for (let i = 0; i < items.length; i += ITEM_STRIDE) {
      const [node, left, boxWidth, fill, runCount] = items.slice(i, i + ITEM_STRIDE);
      const title =
        runCount > 1 ? `${runCount} frames too narrow to draw one by one` : titleOf(node);
      boxes.push(
        `<rect x="${left}" y="${yText}" width="${boxWidth}" height="${heightText}" fill="${colorToCss(fill)}"><title>${escapeXml(title)}</title></rect>`,
      );
      if (runCount > 0) continue; // runs are never marked nor labelled: they are too narrow
      const ink = inkOn(fill, theme);
      const change = diffScale && boxWidth >= MIN_MARK_WIDTH ? diffScale.changeOf(node) : '';
      if (change === 'new' || change === 'removed')
        marks.push(hatchOverlay(change, ink, left, y, boxWidth, boxHeight));
      if (boxWidth < MIN_LABEL_WIDTH) continue;
      const text = fitText(
        stripNonXmlCharacters(tree.name(node)),
        boxWidth - 2 * LABEL_PADDING,
        fontSize,
        settings.textAlign,
      );
      if (text) {
        labels.push(
          `<svg x="${left}" y="${yText}" width="${boxWidth}" height="${heightText}"><text x="${LABEL_PADDING}" y="${labelBaseline}" fill="${colorToCss(ink)}">${escapeXml(text)}</text></svg>`,
        );
      }
    }
  });

  const ink = inkOn(theme.background, theme);
  const parts: string[] = [];
  if (options.title !== undefined) {
    const summary = (focus > 0 ? 'zoomed to ' : '') + titleOf(focus);
    parts.push(renderTitleLine(options.title, summary, { width, fontSize, ink }));
  }
  if (rows.length === 0) {
    const baseline = formatCoordinate(titleHeight + rowHeight / 2 + fontSize * 0.35);
    parts.push(`<text x="4" y="${baseline}" fill="${colorToCss(ink)}">No samples to draw.</text>`);
  }
  parts.push(`<g class="flamekit-boxes">${boxes.join('')}</g>`);
  let defs = '';
  if (diffScale) {
    const legendTop = titleHeight + graphHeight;
    const legend = renderDiffLegend(diffScale, { y: legendTop, width, fontSize, unit, theme });
    // Both inks' patterns, whether or not a box uses them: four small elements.
    for (const hatchInk of new Set([theme.darkText, theme.lightText]))
      defs += hatchPattern('new', hatchInk) + hatchPattern('removed', hatchInk);
    defs += legend.defs;
    parts.push(`<g class="flamekit-marks" pointer-events="none">${marks.join('')}</g>`);
    parts.push(legend.markup);
  }
  parts.push(`<g class="flamekit-labels" pointer-events="none">${labels.join('')}</g>`);

  const name =
    options.title !== undefined ? options.title : diffScale ? 'Diff flame graph' : 'Flame graph';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" font-family="${escapeXml(family)}" font-size="${fontSize}">` +
    `<title>${escapeXml(name)}</title>` +
    `<desc>${escapeXml(describeDocument(tree, focus, diffScale))}</desc>` +
    (defs ? `<defs>${defs}</defs>` : '') +
    `<rect width="${width}" height="${height}" fill="${colorToCss(theme.background)}"/>` +
    parts.join('') +
    `</svg>\n`
  );
}

/** Items of a row: node, left, width, fill, and the number of frames of a merged run (0 for a box). */
const ITEM_STRIDE = 5;

/**
 * The boxes of one row inside the view, in whole CSS px, the way the canvas renderer's `paintRow`
 * does it: a pixel of gap after boxes wider than 2 px; boxes under `minBoxWidth` merged into runs
 * of whole-pixel columns, and the walk jumps (by binary search) to the node at the run's end, so a
 * row of a million tiny boxes costs one step per pixel.
 */
function collectRow(
  layout: FlameLayout,
  row: number,
  valueStart: number,
  scale: number,
  width: CssPx,
  minBoxWidth: CssPx,
  fillOf: (node: NodeIndex) => number,
): number[] {
  const nodes = layout.rowNodes(row);
  const starts = layout.rowStarts(row);
  const ends = layout.rowEnds(row);
  const items: number[] = [];
  let runStart = -1;
  let runEnd = -1;
  let runFirst = 0;
  const push = (at: number, left: number, boxWidth: number, runCount: number) =>
    items.push(nodes[at], left, boxWidth, fillOf(nodes[at]), runCount);
  const flushRun = (index: number) => {
    if (runStart >= 0) push(runFirst, runStart, runEnd - runStart, index - runFirst);
    runStart = -1;
  };
  let i = Math.max(0, lastAtOrBefore(starts, valueStart));
  while (i < nodes.length) {
    const x0 = Math.max(0, (starts[i] - valueStart) * scale);
    if (x0 >= width) break;
    const x1 = Math.min(width, (ends[i] - valueStart) * scale);
    if (!(x1 - x0 > EPSILON)) {
      i++; // no width, or left of the view
      continue;
    }
    if (x1 - x0 < minBoxWidth) {
      const column = Math.floor(x0);
      const columnEnd = Math.max(column + 1, Math.ceil(x1));
      if (runStart >= 0 && column <= runEnd) runEnd = Math.max(runEnd, columnEnd);
      else {
        flushRun(i);
        runStart = column;
        runEnd = columnEnd;
        runFirst = i;
      }
      // Nodes that start before the run's end and are not the last such are inside the run.
      const next = gallopAtOrBefore(starts, valueStart + runEnd / scale, i + 1);
      i = next > i ? next : i + 1;
      continue;
    }
    flushRun(i);
    const left = Math.round(x0);
    const right = Math.round(x1);
    push(i, left, right - left > 2 ? right - left - 1 : right - left, 0);
    i++;
  }
  flushRun(i);
  return items;
}

interface ResolvedOptions {
  width: CssPx;
  rowHeight: CssPx;
  theme: FlameGraphTheme;
  orientation: Orientation;
  focus: NodeIndex;
  unit: string;
  minBoxWidth: CssPx;
  textAlign: 'left' | 'right';
}

function resolveOptions(tree: CallTree, options: SvgExportOptions): ResolvedOptions {
  const bad = (message: string): never => {
    throw new FlamekitError('invalid-argument', message);
  };
  const width = Math.round(options.width ?? 1200);
  if (!(width >= 1 && width <= 100_000))
    bad(`width must be from 1 to 100000 px, not ${options.width}`);
  const rowHeight = options.rowHeight ?? 18;
  if (!(rowHeight >= 2 && rowHeight <= 1000))
    bad(`rowHeight must be from 2 to 1000 px, not ${options.rowHeight}`);
  const minBoxWidth = options.minBoxWidth ?? 1;
  if (!(minBoxWidth >= 1 && minBoxWidth <= width))
    bad(
      `minBoxWidth must be from 1 px to the width, not ${options.minBoxWidth}; export wider for finer boxes`,
    );
  const { theme = 'light', orientation = 'flame', focus = 0, textAlign = 'left' } = options;
  const oneOf = (name: string, value: unknown, allowed: unknown[]) => {
    if (!allowed.includes(value))
      bad(
        `${name} must be ${allowed.map((a) => `'${a}'`).join(' or ')}, not ${JSON.stringify(value)}`,
      );
  };
  if (typeof theme !== 'object') oneOf('theme', theme, ['light', 'dark']);
  oneOf('orientation', orientation, ['flame', 'icicle']);
  oneOf('textAlign', textAlign, ['left', 'right']);
  if (!(Number.isInteger(focus) && focus >= 0 && focus < tree.nodeCount))
    bad(`focus node ${focus} does not exist (the tree has ${tree.nodeCount})`);
  if (options.title !== undefined && typeof options.title !== 'string')
    bad('title must be a string');
  return {
    width,
    rowHeight,
    theme: typeof theme === 'object' ? theme : theme === 'dark' ? darkTheme : lightTheme,
    orientation,
    focus,
    unit: options.unit ?? 'samples',
    minBoxWidth,
    textAlign,
  };
}
