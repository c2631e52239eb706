import {
  FlamekitError,
  computeDiffWeight,
  createDiffColorScale,
  createFlameLayout,
  createLabelValueFormatter,
  createNodeColorLookup,
  dimColor,
  muteColor,
  type CallTree,
  type ColorScheme,
  type DiffColorMode,
  type DiffColorScale,
  type DiffPalette,
  type DiffWidthMode,
  type FlameLayout,
  type LabelValue,
  type NodeIndex,
} from '../../core/index';
import { gallopAtOrBefore, lastAtOrBefore, type CssPx, type Orientation } from '../geometry';
import { LEGEND_HEIGHT, TITLE_LINE_HEIGHT } from './export-legend';
import { describeBox, parseFont } from './svg-parts';
import { estimateTextWidth } from '../text-estimate';
import { darkTheme, lightTheme, type FlameGraphTheme } from '../theme';

/** What a picture of a flame graph shows: shared by the SVG, PNG and HTML exports. */
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
  /** Nodes drawn faded (1), as a search's misses are in the graph. Default none. */
  dimmed?: Uint8Array;
  /** Unit of the values, for the tooltips and the title line. Default `'samples'`. */
  unit?: string;
  /** A line of text drawn at the top. Default none (and no title line). */
  title?: string;
  /**
   * The text on the right of the title line (SVG and PNG), instead of the shown node's name and
   * values: the command line writes the profile's total, sample type and format there, as the
   * explorer's status bar does. Only with a `title`.
   */
  summary?: string;
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
  /** How a label too long for its box is cut, as `<FlameGraph textAlign>`. Default `'left'`. */
  textAlign?: 'left' | 'right';
  /** What a label shows after the name when there is room, as `<FlameGraph labelValue>`. Default `'none'`. */
  labelValue?: LabelValue;
  /**
   * Boxes too narrow for a label drawn in a muted version of their colour, as
   * `<FlameGraph muteNarrowBoxes>`. Default true; never for a diff, whose colours carry meaning.
   */
  muteNarrowBoxes?: boolean;
}

export interface ResolvedExportOptions {
  width: CssPx;
  rowHeight: CssPx;
  theme: FlameGraphTheme;
  orientation: Orientation;
  focus: NodeIndex;
  unit: string;
  minBoxWidth: CssPx;
  textAlign: 'left' | 'right';
  labelValue: LabelValue;
  muteNarrowBoxes: boolean;
}

/** Items of a row: node, left, width, fill, and the number of frames of a merged run (0 for a box). */
export const ITEM_STRIDE = 5;

/** Everything an export draws, in CSS px, before it is written as SVG or painted on a canvas. */
export interface ExportScene {
  settings: ResolvedExportOptions;
  layout: FlameLayout;
  /** A node's fill before fading (the colour scheme's, or the diff's). */
  colorOf: (node: NodeIndex) => number;
  /** The diff's colours, for a tree that compares two profiles. */
  diffScale: DiffColorScale | undefined;
  /** Rows from the root's (0) outwards, each a flat list of `ITEM_STRIDE` items. */
  rows: number[][];
  /** Height of the title line (0 without a title), of the graph, and of the whole picture. */
  titleHeight: CssPx;
  graphHeight: CssPx;
  height: CssPx;
  /** Top edge of a row (counted from the root's) in the picture. */
  rowY: (row: number) => CssPx;
  /** The text of a box's tooltip: name, value and share, or both sides of a diff. */
  describe: (node: NodeIndex) => string;
  /** The text on the right of the title line: what the picture shows. */
  summary: string;
  /** The text after a label's name (`''` for none), as `labelValue` says. */
  labelValueOf: (node: NodeIndex) => string;
  /** Boxes narrower than this get no label (and are muted): three characters and an ellipsis. */
  labelMinWidth: CssPx;
}

/** Space between a label and its box's left edge, and at its right. */
export const LABEL_PADDING = 4;
/** No box narrower than this is labelled, whatever its font. */
const MIN_LABEL_WIDTH = 24;

/** What is left of a box clipped to the view below which it is not drawn at all. */
const EPSILON = 1e-6;

/**
 * Lays out an export: options checked, the diff's scale and widths, and the boxes of each row in
 * whole CSS px, merged into runs where narrower than `minBoxWidth` so that a row never holds more
 * items than the picture has pixels. Time is dominated by the layout, linear in the tree.
 */
export function createExportScene(tree: CallTree, options: SvgExportOptions): ExportScene {
  if (!tree || typeof tree !== 'object' || !(tree.total instanceof Float64Array))
    throw new FlamekitError('invalid-argument', 'a flame graph export needs a CallTree');
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
  const dimmed = options.dimmed;
  const fillOf = (node: NodeIndex) =>
    tree.depth[node] < focusDepth || dimmed?.[node] === 1
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
  const { size: fontSize } = parseFont(theme.font);
  const labelMinWidth = Math.max(
    MIN_LABEL_WIDTH,
    estimateTextWidth('abc…', fontSize) + 2 * LABEL_PADDING,
  );
  if (settings.muteNarrowBoxes && !diffScale) {
    const muted = new Map<number, number>();
    for (const items of rows)
      for (let i = 0; i < items.length; i += ITEM_STRIDE) {
        if (items[i + 4] === 0 && items[i + 2] >= labelMinWidth) continue;
        const fill = items[i + 3];
        let value = muted.get(fill);
        if (value === undefined) muted.set(fill, (value = muteColor(fill, theme.background)));
        items[i + 3] = value;
      }
  }
  const titleHeight = options.title !== undefined ? TITLE_LINE_HEIGHT : 0;
  const graphHeight = Math.max(rows.length, 1) * rowHeight;
  const describe = (node: NodeIndex) => describeBox(tree, node, unit, diffScale !== undefined);
  return {
    settings,
    layout,
    colorOf: baseColor,
    diffScale,
    rows,
    titleHeight,
    graphHeight,
    height: titleHeight + graphHeight + (diffScale ? LEGEND_HEIGHT : 0),
    rowY: (row) =>
      titleHeight + (settings.orientation === 'icicle' ? row : rows.length - 1 - row) * rowHeight,
    describe,
    summary: options.summary ?? (focus > 0 ? 'zoomed to ' : '') + describe(focus),
    labelValueOf: createLabelValueFormatter(tree, settings.labelValue, unit),
    labelMinWidth,
  };
}

/**
 * The boxes of one row inside the view, in whole CSS px, the way the canvas renderer's `placeRow`
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
  const weight = layout.weight;
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
    const x1 = Math.min(width, (starts[i] + weight[nodes[i]] - valueStart) * scale);
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

function resolveOptions(tree: CallTree, options: SvgExportOptions): ResolvedExportOptions {
  const bad = (message: string): never => {
    throw new FlamekitError('invalid-argument', message);
  };
  if (typeof options !== 'object' || options === null)
    bad(`the export options must be an object, not ${options === null ? 'null' : typeof options}`);
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
  if (typeof theme !== 'object' || theme === null) oneOf('theme', theme, ['light', 'dark']);
  else if (typeof theme.palette !== 'string' || typeof theme.font !== 'string')
    bad("theme must be 'light', 'dark' or a FlameGraphTheme (with a palette and a font)");
  oneOf('orientation', orientation, ['flame', 'icicle']);
  oneOf('textAlign', textAlign, ['left', 'right']);
  const { labelValue = 'none', muteNarrowBoxes = true } = options;
  oneOf('labelValue', labelValue, ['none', 'share', 'total']);
  if (!(Number.isInteger(focus) && focus >= 0 && focus < tree.nodeCount))
    bad(`focus node ${focus} does not exist (the tree has ${tree.nodeCount})`);
  if (options.title !== undefined && typeof options.title !== 'string')
    bad('title must be a string');
  if (options.summary !== undefined && typeof options.summary !== 'string')
    bad('summary must be a string');
  if (options.dimmed !== undefined && !(options.dimmed instanceof Uint8Array))
    bad('dimmed must be a Uint8Array with one entry per node');
  return {
    width,
    rowHeight,
    theme: typeof theme === 'object' ? theme : theme === 'dark' ? darkTheme : lightTheme,
    orientation,
    focus,
    unit: options.unit ?? 'samples',
    minBoxWidth,
    textAlign,
    labelValue,
    muteNarrowBoxes: muteNarrowBoxes !== false,
  };
}
