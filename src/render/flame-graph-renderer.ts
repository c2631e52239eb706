import {
  computeLabelForms,
  muteColor,
  createFlameLayout,
  dimColor,
  type CallTree,
  type FlameLayout,
  type FrameIndex,
  type NodeIndex,
} from '../core/index';
import {
  lastAtOrBefore,
  rowAtY,
  rowTop,
  visibleRows,
  type CssPx,
  type DevicePx,
  type FlameViewport,
  type Orientation,
} from './geometry';
import {
  drawMarks,
  colorPlacedBoxes,
  fillBoxes,
  openLabelPen,
  placeRow,
  strokeOutline,
  type PaintList,
  type RowPaintContext,
} from './row-painter';
import { cachePerColor, openCanvasSurface, type RendererEnvironment } from './canvas-surface';
import { TextFitter } from './text-fit';
import { lightTheme, type FlameGraphTheme } from './theme';

export { MARK_NONE, MARK_NEW, MARK_REMOVED } from './row-painter';

export interface FlameGraphRendererOptions {
  theme: FlameGraphTheme;
  orientation: Orientation;
  /** Height of a row in CSS px. */
  rowHeight: CssPx;
  /** Fill of each node as `0xRRGGBB` (core's `computeNodeColors`); grey when absent. */
  colors?: Uint32Array;
  /**
   * Fill of a node, asked only for the boxes drawn (core's `createNodeColorLookup`): on a large
   * tree this keeps a first paint from colouring nodes it never shows. Wins over `colors`.
   */
  colorOf?: (node: NodeIndex) => number;
  /** Nodes drawn faded: 1 for a search miss. */
  dimmed?: Uint8Array;
  /**
   * Frames whose boxes are drawn faded, by frame (core's `searchMissedFrames`): a search's
   * misses without a mask over the tree. The root, which is no function, is faded too.
   */
  dimmedFrames?: Uint8Array;
  /**
   * A pattern over a node's box, so that a diff's new and removed frames differ by more than colour;
   * asked only for the boxes drawn at least 4 device px wide (merged runs of narrower boxes are never
   * marked). `MARK_NEW` (1): translucent hatching rising to the right (`/`); `MARK_REMOVED` (2):
   * hatching falling to the right (`\`) inside a dashed border; `MARK_NONE` (0) or any other value:
   * no mark. The pattern is drawn over the fill and under the label, in the label colour (the
   * theme's `darkText` or `lightText`, whichever contrasts with the box) at partial alpha.
   */
  markOf?: (node: NodeIndex) => number;
  /** Nodes outlined: 1 for the boxes of the hovered function. */
  highlighted?: Uint8Array;
  /**
   * Every box of this frame outlined, as `highlighted` does, without a mask over the tree: a
   * pointer moving over a million-node graph changes it at no cost. -1 (the default) for none.
   */
  highlightedFrame: FrameIndex;
  /** The keyboard-selected node, outlined in the focus colour; -1 for none. */
  selected: NodeIndex;
  /** The zoomed node: the ancestors above it are drawn faded. -1 when not zoomed. */
  focus: NodeIndex;
  /**
   * How a label too long for its box is cut, after its package path is shortened (core's
   * `computeLabelForms`): in the middle (`left`, the default) or at its start (`right`).
   */
  textAlign: 'left' | 'right';
  /**
   * Boxes narrower than this (CSS px) get no label; the renderer never labels a box narrower
   * than three characters and an ellipsis.
   */
  minLabelWidth: CssPx;
  /** Text after a label's name when it fits (core's `createLabelValueFormatter`); none when absent. */
  labelValueOf?: (node: NodeIndex) => string;
  /**
   * Boxes too narrow for a label drawn in a muted version of their colour (core's `muteColor`),
   * so that the labelled frames lead the eye. Default true.
   */
  muteUnlabeled: boolean;
  /**
   * The shallowest depth drawn: the rows above it are left out, and the graph starts at this
   * depth (a sandwich's halves start below their function, which the view shows once). Default 0.
   */
  firstDepth: number;
}

/** What the environment provides; injectable so that tests can record draws without a browser. */
export type { RendererEnvironment } from './canvas-surface';

export interface FlameGraphRenderer {
  /** Shows a tree (with its layout, when the caller already has one). */
  setData(tree: CallTree | undefined, layout?: FlameLayout): void;
  setOptions(options: Partial<FlameGraphRendererOptions>): void;
  /** Changes the zoom, scroll or size; a size change resizes the canvas's backing store. */
  setViewport(viewport: Partial<FlameViewport>): void;
  readonly viewport: FlameViewport;
  readonly layout: FlameLayout | undefined;
  /** Total height of all rows, for a scrollbar. */
  readonly contentHeight: CssPx;
  /** The node under a point in CSS px of the canvas, or -1. */
  hitTest(x: CssPx, y: CssPx): NodeIndex;
  /** Where a node's box is, in CSS px of the canvas (it may lie outside the view). */
  nodeRect(node: NodeIndex): { x: CssPx; y: CssPx; width: CssPx; height: CssPx } | undefined;
  /**
   * Schedules a redraw on the next animation frame (several requests make one draw). The first
   * draw of a tree of 50,000 nodes or more comes a few frames later: the frames before it prepare
   * the rows in view, 16 ms at a time, so that no task holds the page for long.
   */
  draw(): void;
  /** Draws at once (preparation or not); returns the number of boxes and labels drawn. */
  drawNow(): { boxes: number; labels: number };
  destroy(): void;
}

const DEFAULT_OPTIONS: FlameGraphRendererOptions = {
  theme: lightTheme,
  orientation: 'flame',
  rowHeight: 18,
  highlightedFrame: -1,
  selected: -1,
  focus: -1,
  textAlign: 'left',
  minLabelWidth: 24,
  muteUnlabeled: true,
  firstDepth: 0,
};
const NO_COLOR = 0xb0b7c3;
const LABEL_PADDING: CssPx = 4;
/** The narrowest label drawn: three characters and an ellipsis. */
const SHORTEST_LABEL = 'abc…';
const MIN_MARK_WIDTH: DevicePx = 4;
/**
 * A tree with at least this many nodes gets its first frame prepared over one or more animation
 * frames before the one that draws: the rows in view are painted once, unseen, a slice at a time,
 * which computes their layout, their colours and their labels' widths (tens of milliseconds at a
 * million nodes, measuring text included). No task then holds the page for long; smaller trees
 * draw at once.
 */
const PREPARED_NODE_COUNT = 50_000;
/**
 * A tree with at least this many nodes keeps the boxes placed for the view from one draw to the
 * next. A smaller tree's rows are walked again in about a millisecond, and the boxes kept would
 * cost a tenth of a megabyte or two, as much as the rest of a 10k-node graph's memory.
 */
const KEPT_PLACEMENT_NODE_COUNT = 50_000;
/** The work of one preparing frame, in ms: well under the 50 ms of a long task with the draw. */
const PREPARE_SLICE_MS = 16;
/**
 * Preparing frames in a row after which the next frame draws whatever is left: a host that sets a
 * new large tree every frame still sees its graph (a 1M-node tree takes about six).
 */
const MAX_PREPARING_FRAMES = 12;

/**
 * A canvas flame graph that draws only what is visible: the rows inside the viewport and the boxes
 * that intersect it, with boxes under a device pixel merged, so that a frame's work is bounded by
 * the canvas, not by the tree. The canvas is the size of the viewport; scrolling is virtual, so a
 * graph of any depth draws. Redraws are coalesced into one animation frame.
 */
export function createFlameGraphRenderer(
  canvas: HTMLCanvasElement,
  initialOptions: Partial<FlameGraphRendererOptions> = {},
  environment: RendererEnvironment = {},
): FlameGraphRenderer {
  const { ctx, cssOf, clear, scheduler, stopWatchingRatio } = openCanvasSurface(
    canvas,
    environment,
    { draw: () => renderer.draw(), drawNow: () => drawOnFrame() },
  );
  let options: FlameGraphRendererOptions = { ...DEFAULT_OPTIONS, ...initialOptions };
  let tree: CallTree | undefined;
  let layout: FlameLayout | undefined;
  /** Whether the first draw of a large tree is still to be prepared over animation frames. */
  let preparing = false;
  /** Frames spent preparing since the last draw. */
  let preparingFrames = 0;
  /**
   * The boxes placed for the rows in view, kept from one draw to the next: placing them walks
   * every row (9 ms at the root of a million-node graph), while a redraw for a search, a hover or
   * a selection changes only colours and outlines. Valid while `placedFor` still describes the view;
   * kept for large trees only ({@link KEPT_PLACEMENT_NODE_COUNT}).
   */
  const placed: number[] = [];
  /** What the placed boxes were placed for ({@link placementKey}); empty: nothing placed. */
  let placedFor: unknown[] = [];
  /** The next row to place into `placed`. */
  let nextRowToPlace = 0;
  const viewport: FlameViewport = {
    valueStart: 0,
    valueEnd: 1,
    scrollTop: 0,
    width: canvas.clientWidth || canvas.width,
    height: canvas.clientHeight || canvas.height,
  };
  const fitter = new TextFitter((text) => ctx.measureText(text).width);
  const fillOf = (node: NodeIndex): number => {
    const base = options.colorOf
      ? options.colorOf(node)
      : options.colors
        ? options.colors[node]
        : NO_COLOR;
    const fadedAncestor =
      options.focus > 0 && tree !== undefined && tree.depth[node] < tree.depth[options.focus];
    const dimmedFrames = options.dimmedFrames;
    const faded =
      options.dimmed?.[node] ||
      fadedAncestor ||
      (dimmedFrames !== undefined && (node === 0 || dimmedFrames[tree!.frame[node]] === 1));
    return faded ? dimmedFillOf(base) : base;
  };
  // Fading and muting are blends per colour, not per box: a search that fades most of a
  // million-node graph blends each of the few hundred colours once.
  const dimmedFillOf = cachePerColor((fill) =>
    dimColor(fill, options.theme.background, options.theme.dimAmount),
  );
  const mutedFillOf = cachePerColor((fill) => muteColor(fill, options.theme.background));
  /** Rows shown: the layout's rows from `firstDepth` down. */
  const shownRows = () => (layout ? Math.max(0, layout.rowCount - options.firstDepth) : 0);
  const isOutlined = (node: NodeIndex): boolean =>
    node === options.selected ||
    options.highlighted?.[node] === 1 ||
    (options.highlightedFrame >= 0 && tree!.frame[node] === options.highlightedFrame);

  const renderer: FlameGraphRenderer = {
    get viewport() {
      return { ...viewport };
    },
    get layout() {
      return layout;
    },
    get contentHeight() {
      return shownRows() * options.rowHeight;
    },
    setData(nextTree, nextLayout) {
      forgetPlacement(); // placed for the last tree, which it must not keep alive
      tree = nextTree;
      layout = nextTree ? (nextLayout ?? createFlameLayout(nextTree)) : undefined;
      preparing = nextTree !== undefined && nextTree.nodeCount >= PREPARED_NODE_COUNT;
      viewport.valueStart = 0;
      viewport.valueEnd = layout && layout.totalWidth > 0 ? layout.totalWidth : 1;
      viewport.scrollTop = 0;
      renderer.draw();
    },
    setOptions(next) {
      if (
        next.theme &&
        (next.theme.background !== options.theme.background ||
          next.theme.dimAmount !== options.theme.dimAmount)
      ) {
        mutedFillOf.clear();
        dimmedFillOf.clear();
      }
      options = { ...options, ...next };
      renderer.draw();
    },
    setViewport(next) {
      Object.assign(viewport, next);
      if (!(viewport.valueEnd > viewport.valueStart)) viewport.valueEnd = viewport.valueStart + 1;
      renderer.draw();
    },
    hitTest(x, y) {
      if (!layout || !tree) return -1;
      const shown = rowAtY(y, viewport, options.rowHeight, options.orientation, shownRows());
      if (shown < 0 || x < 0 || x >= viewport.width) return -1;
      const row = shown + options.firstDepth;
      const value =
        viewport.valueStart + (x / viewport.width) * (viewport.valueEnd - viewport.valueStart);
      const starts = layout.rowStarts(row);
      const index = lastAtOrBefore(starts, value);
      if (index < 0) return -1;
      const node = layout.rowNodes(row)[index];
      return value < starts[index] + layout.weight[node] ? node : -1;
    },
    nodeRect(node) {
      if (!layout || !tree || !(node >= 0 && node < tree.nodeCount)) return undefined;
      const span = viewport.valueEnd - viewport.valueStart;
      return {
        x: ((layout.start(node) - viewport.valueStart) / span) * viewport.width,
        y: rowTop(
          tree.depth[node] - options.firstDepth,
          viewport,
          options.rowHeight,
          options.orientation,
        ),
        width: (layout.width(node) / span) * viewport.width,
        height: options.rowHeight,
      };
    },
    draw() {
      scheduler.request();
    },
    drawNow() {
      scheduler.cancel();
      const { ratio, deviceWidth } = clearCanvas();
      if (!layout || !tree) return { boxes: 0, labels: 0 };
      preparing = false;
      preparingFrames = 0;

      const rowHeight = options.rowHeight * ratio;
      const paint = paintContext(layout, ratio, deviceWidth);
      placeRows(paint, ratio, Infinity);
      const list: PaintList = { boxes: new Map(), labels: [], outlines: [], marks: [] };
      colorPlacedBoxes(placed, paint, list);
      const boxes = fillBoxes(ctx, list.boxes, cssOf);
      if (list.marks.length > 0) drawMarks(ctx, list.marks, options.theme, ratio);
      const labels = drawLabels(list, rowHeight, ratio);
      drawOutlines(list, ratio);
      if (tree.nodeCount < KEPT_PLACEMENT_NODE_COUNT) forgetPlacement();
      return { boxes, labels };
    },
    destroy() {
      scheduler.cancel();
      stopWatchingRatio();
      tree = undefined;
      layout = undefined;
      forgetPlacement();
    },
  };

  /** Sizes the canvas to the viewport in device pixels and fills it with the background. */
  const clearCanvas = () => clear(viewport.width, viewport.height, options.theme.background);

  /** What painting a row needs for the current viewport, font and options. */
  function paintContext(layout: FlameLayout, ratio: number, deviceWidth: number): RowPaintContext {
    const font = scaleFont(options.theme.font, ratio);
    ctx.font = font;
    fitter.setFont(font, (text) => ctx.measureText(text).width);
    return {
      layout,
      valueStart: viewport.valueStart,
      valueEnd: viewport.valueEnd,
      width: deviceWidth,
      rowHeight: options.rowHeight * ratio,
      minLabelWidth: Math.max(
        options.minLabelWidth * ratio,
        fitter.width(SHORTEST_LABEL) + 2 * LABEL_PADDING * ratio,
      ),
      fillOf,
      ...(options.muteUnlabeled && { mutedFillOf }),
      isOutlined,
      markOf: options.markOf,
      minMarkWidth: MIN_MARK_WIDTH,
    };
  }

  /**
   * The scheduled draw. Before the first draw of a large tree, the rows in view are painted
   * unseen and their labels fitted, {@link PREPARE_SLICE_MS} of them per frame, while the canvas
   * shows only the background (not the last tree, whose boxes would no longer match the pointer);
   * the next frame draws, with the layout, the colours and the label widths at hand.
   */
  function drawOnFrame(): void {
    if (!preparing || preparingFrames >= MAX_PREPARING_FRAMES || !layout || !tree) {
      renderer.drawNow();
      return;
    }
    preparingFrames++;
    const deadline = performance.now() + PREPARE_SLICE_MS;
    const { ratio, deviceWidth } = clearCanvas();
    const paint = paintContext(layout, ratio, deviceWidth);
    const newRowsFrom = placeRows(paint, ratio, deadline);
    if (nextRowToPlace > lastRowInView()) preparing = false;
    // The new rows' colours and label widths, computed now so that the drawing frame finds them.
    const unseen: PaintList = { boxes: new Map(), labels: [], outlines: [], marks: [] };
    colorPlacedBoxes(placed, paint, unseen, newRowsFrom);
    for (let i = 0; i < unseen.labels.length; i += 4) labelAt(unseen, i, LABEL_PADDING * ratio);
    scheduler.request();
  }

  /**
   * Places the rows in view that are not placed yet for this view, in order, until `deadline`
   * (in `performance.now()` time) passes, a row at least; returns where in `placed` the rows
   * placed by this call begin. A change of view, size, pixel ratio or row height starts the
   * placement over.
   */
  function placeRows(paint: RowPaintContext, ratio: number, deadline: number): number {
    if (!samePlacement(paint, ratio)) {
      placed.length = 0;
      placedFor = placementKey(paint, ratio);
      nextRowToPlace = 0;
    }
    const from = placed.length;
    const [first, last] = visibleRows(viewport, options.rowHeight, shownRows());
    nextRowToPlace = Math.max(nextRowToPlace, first);
    do {
      if (nextRowToPlace > last) break;
      const y = rowTop(nextRowToPlace, viewport, options.rowHeight, options.orientation);
      placeRow(nextRowToPlace + options.firstDepth, Math.round(y * ratio), paint, placed);
      nextRowToPlace++;
    } while (performance.now() < deadline);
    return from;
  }

  const lastRowInView = () => visibleRows(viewport, options.rowHeight, shownRows())[1];

  function forgetPlacement(): void {
    placed.length = 0;
    placedFor = [];
  }

  /** Everything the placed boxes depend on, compared element by element. */
  function placementKey(paint: RowPaintContext, ratio: number): unknown[] {
    const { valueStart, valueEnd, scrollTop, width, height } = viewport;
    return [
      tree,
      layout,
      valueStart,
      valueEnd,
      scrollTop,
      width,
      height,
      ratio,
      paint.width,
      paint.rowHeight,
      paint.minLabelWidth,
      options.orientation,
      options.firstDepth,
    ];
  }

  function samePlacement(paint: RowPaintContext, ratio: number): boolean {
    const key = placementKey(paint, ratio);
    return key.length === placedFor.length && key.every((value, i) => value === placedFor[i]);
  }

  /** The text of the label at `i` of the list, fitted to its box. */
  function labelAt(list: PaintList, i: number, padding: DevicePx): string {
    const node = list.labels[i];
    return fitter.fitLabel(
      tree!.name(node),
      options.labelValueOf?.(node) ?? '',
      list.labels[i + 2] - list.labels[i + 1] - 2 * padding,
      options.textAlign,
      computeLabelForms,
    );
  }

  function drawLabels(list: PaintList, rowHeight: number, ratio: number): number {
    const padding = LABEL_PADDING * ratio;
    const write = openLabelPen(ctx, cssOf, options.theme);
    let drawn = 0;
    for (let i = 0; i < list.labels.length; i += 4) {
      const text = labelAt(list, i, padding);
      if (!text) continue;
      write(
        text,
        list.labels[i + 1] + padding,
        list.labels[i + 3] + rowHeight / 2,
        fillOf(list.labels[i]),
      );
      drawn++;
    }
    return drawn;
  }

  function drawOutlines(list: PaintList, ratio: number): void {
    for (let i = 0; i < list.outlines.length; i += 5) {
      const at = (k: number) => list.outlines[i + k];
      strokeOutline(
        ctx,
        cssOf,
        options.theme,
        ratio,
        at(0) === options.selected,
        at(1),
        at(2),
        at(3),
        at(4),
      );
    }
  }

  return renderer;
}

/** The font with its px size multiplied, since the canvas draws in device pixels. */
export function scaleFont(font: string, ratio: number): string {
  return font.replace(/(\d+(?:\.\d+)?)px/, (_, size: string) => `${Number(size) * ratio}px`);
}
