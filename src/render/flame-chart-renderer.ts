import {
  boxAt,
  boxEnd,
  boxStart,
  boxDepth,
  computeLabelForms,
  computeTimeTicks,
  dimColor,
  muteColor,
  type ChartBox,
  type FlameChart,
} from '../core/index';
import { computeLaneLayout, laneAtY, visibleLanes, type LaneLayout } from './chart-layout';
import {
  drawAxis,
  drawGrid,
  drawSelection,
  faintColor,
  foregroundOf,
  type DecorationFrame,
} from './chart-decorations';
import { createCoarseRowCache, paintChartRow, type ChartPaintList } from './chart-painter';
import { fillBoxes, openLabelPen, strokeOutline } from './row-painter';
import { cachePerColor, openCanvasSurface, type RendererEnvironment } from './canvas-surface';
import { scaleFont } from './flame-graph-renderer';
import type { CssPx } from './geometry';
import { TextFitter } from './text-fit';
import { lightTheme, type FlameGraphTheme } from './theme';

/** What part of the chart the canvas shows: a time range, and how far the lanes are scrolled. */
export interface FlameChartViewport {
  /** The visible time range, in the time order's unit after its origin: the zoom. */
  start: number;
  end: number;
  /** How far the lanes are scrolled under the time axis. */
  scrollTop: CssPx;
  width: CssPx;
  height: CssPx;
}

/** A box of the chart: its lane and its index in the lane's box columns (core's `ChartBox`). */
export type ChartBoxRef = ChartBox;

export interface FlameChartRendererOptions {
  theme: FlameGraphTheme;
  rowHeight: CssPx;
  /** Height of the band above each lane that holds its name; 0 for none (the overview). */
  headerHeight: CssPx;
  /** Space between two lanes. */
  laneGap: CssPx;
  /** Height of the time axis at the top; 0 for none. */
  axisHeight: CssPx;
  /** Draw each lane's name in its band (a host that puts its own elements there turns it off). */
  laneNames: boolean;
  /** Draw the boxes' labels. */
  labels: boolean;
  /** Fill of a frame's boxes as `0xRRGGBB` (core's `createFrameColorLookup`); grey when absent. */
  colorOf?: (frame: number) => number;
  /** Frames drawn faded: 1 for a search miss (core's `computeFrameMatches`, inverted). */
  dimmed?: Uint8Array;
  /** A frame whose boxes are outlined (the hovered function); -1 for none. */
  highlightedFrame: number;
  /** The keyboard-selected box, outlined in the focus colour. */
  selected?: ChartBoxRef;
  /** Lanes shown as their header only. */
  collapsed?: ReadonlySet<number>;
  /**
   * Lanes whose boxes are not drawn yet (they keep their place): a host that computes lanes
   * in the background (core's `createFlameChart` does a lane when first asked) draws the rest.
   */
  pendingLanes?: ReadonlySet<number>;
  /** A selected time range, shaded across the lanes and the axis. */
  selection?: { start: number; end: number };
  /** How a label too long for its box is cut (as in the flame graph). */
  textAlign: 'left' | 'right';
  minLabelWidth: CssPx;
  /** Boxes too narrow for a label drawn in a muted version of their colour. */
  muteUnlabeled: boolean;
}

export interface FlameChartRenderer {
  setData(chart: FlameChart | undefined): void;
  setOptions(options: Partial<FlameChartRendererOptions>): void;
  setViewport(viewport: Partial<FlameChartViewport>): void;
  readonly viewport: FlameChartViewport;
  /** Where the lanes lie (content px, before the scroll and below the axis). */
  readonly layout: LaneLayout | undefined;
  /** Height of all lanes, for a scrollbar. */
  readonly contentHeight: CssPx;
  /** The box under a point in CSS px of the canvas. */
  hitTest(x: CssPx, y: CssPx): ChartBoxRef | undefined;
  /** The lane under a point (its header, rows or the gap below), or -1; `header` when on its band. */
  laneAt(y: CssPx): { lane: number; header: boolean };
  /** The time at an x position. */
  timeAt(x: CssPx): number;
  /** Where a box is, in CSS px of the canvas (it may lie outside the view). */
  boxRect(ref: ChartBoxRef): { x: CssPx; y: CssPx; width: CssPx; height: CssPx } | undefined;
  draw(): void;
  /** Draws at once; returns the number of boxes and labels drawn. */
  drawNow(): { boxes: number; labels: number };
  destroy(): void;
}

const DEFAULT_OPTIONS: FlameChartRendererOptions = {
  theme: lightTheme,
  rowHeight: 18,
  headerHeight: 20,
  laneGap: 6,
  axisHeight: 22,
  laneNames: true,
  labels: true,
  highlightedFrame: -1,
  textAlign: 'left',
  minLabelWidth: 24,
  muteUnlabeled: true,
};
const NO_COLOR = 0xb0b7c3;
const LABEL_PADDING: CssPx = 4;
const SHORTEST_LABEL = 'abc…';
/**
 * Boxes narrower than this are merged into runs: at this width no box can be told apart or
 * labelled, and a canvas pays for every rectangle (Firefox snaps to two device pixels too).
 */
const MERGE_WIDTH: CssPx = 2;
/**
 * After a chart's first draw, the renderer collects the rows in view as if zoomed by each of these
 * around the middle, fills their boxes and writes their labels into a canvas of one pixel (the
 * chart's canvas is left alone), one pass per animation frame while nothing else is drawn. V8 runs
 * the painting code in its slower tiers until it has run a while: without these passes the first
 * zoom steps of a million-sample chart take twice the time of later ones (8 to 10 ms against 4 to
 * 5, and the loop of `fillRect` calls alone 2.6 ms against 0.5; docs/performance.md). A pass costs
 * about what a frame's drawing does, off screen. Eight passes, since rows walked over their coarse
 * items take few steps a pass: after four, the first zoom step still found the row walk in V8's
 * middle tier (2 to 4 ms of collection against 0.8 a frame later).
 */
const WARM_UP_ZOOMS = [0.5, 0.25, 1, 0.1, 0.75, 0.35, 0.05, 0.6];

/** A 2D context on a canvas of one pixel, for work whose drawing nobody sees; null without one. */
function openPixelCanvas(document: Document | undefined): CanvasRenderingContext2D | null {
  const element = document?.createElement('canvas');
  if (!element) return null;
  element.width = 1;
  element.height = 1;
  return element.getContext('2d');
}

/** Ticks on the time axis are at least this far apart. */
const TICK_SPACING: CssPx = 90;

/**
 * A canvas flame chart: the boxes of each lane in time order, drawn with the flame graph's
 * discipline. Only the lanes and rows inside the viewport are visited, boxes under a device pixel
 * are merged, the canvas is the size of the viewport (scrolling is virtual), device pixels are
 * tracked, labels keep the function first, and redraws are coalesced into one animation frame.
 */
export function createFlameChartRenderer(
  canvas: HTMLCanvasElement,
  initialOptions: Partial<FlameChartRendererOptions> = {},
  environment: RendererEnvironment = {},
): FlameChartRenderer {
  const { ctx, cssOf, clear, scheduler, openScheduler, stopWatchingRatio } = openCanvasSurface(
    canvas,
    environment,
    { draw: () => renderer.draw(), drawNow: () => renderer.drawNow() },
  );
  let options: FlameChartRendererOptions = { ...DEFAULT_OPTIONS, ...initialOptions };
  let chart: FlameChart | undefined;
  let layout: LaneLayout | undefined;
  const viewport: FlameChartViewport = {
    start: 0,
    end: 1,
    scrollTop: 0,
    width: canvas.clientWidth || canvas.width,
    height: canvas.clientHeight || canvas.height,
  };
  const fitter = new TextFitter((text) => ctx.measureText(text).width);
  const reused: ChartPaintList = { boxes: new Map(), labels: [], outlines: [] };
  const coarseRowOf = createCoarseRowCache();
  const mutedFillOf = cachePerColor((fill) => muteColor(fill, options.theme.background));
  const fillOf = (frame: number): number => {
    const base = options.colorOf ? options.colorOf(frame) : NO_COLOR;
    return options.dimmed?.[frame]
      ? dimColor(base, options.theme.background, options.theme.dimAmount)
      : base;
  };
  const isOutlined = (lane: number, box: number): boolean =>
    (options.selected?.lane === lane && options.selected.box === box) ||
    (options.highlightedFrame >= 0 && chart?.lane(lane).frame[box] === options.highlightedFrame);
  const relayout = () => {
    layout = chart
      ? computeLaneLayout(chart, {
          rowHeight: options.rowHeight,
          headerHeight: options.headerHeight,
          laneGap: options.laneGap,
          collapsed: options.collapsed,
        })
      : undefined;
  };
  /** Canvas y of a content position. */
  const canvasY = (contentY: CssPx) => options.axisHeight + contentY - viewport.scrollTop;
  /** How many of {@link WARM_UP_ZOOMS} are still to run for the current chart. */
  let warmUpsLeft = 0;
  /**
   * The one-pixel canvas the warm-up draws into: undefined until first needed, null where there
   * is no document to make one in.
   */
  let warmUpCanvas: CanvasRenderingContext2D | null | undefined;
  /** The device pixel ratio of the last draw, which the warm-up passes draw at. */
  let lastRatio = 1;
  const warmUp = openScheduler(() => warmUpStep());

  const renderer: FlameChartRenderer = {
    get viewport() {
      return { ...viewport };
    },
    get layout() {
      return layout;
    },
    get contentHeight() {
      return layout?.contentHeight ?? 0;
    },
    setData(next) {
      chart = next;
      warmUpsLeft = next ? WARM_UP_ZOOMS.length : 0;
      relayout();
      viewport.start = 0;
      viewport.end = next && next.timeOrder.duration > 0 ? next.timeOrder.duration : 1;
      viewport.scrollTop = 0;
      renderer.draw();
    },
    setOptions(next) {
      if (next.theme && next.theme.background !== options.theme.background) mutedFillOf.clear();
      const lanesMove =
        (next.collapsed !== undefined && next.collapsed !== options.collapsed) ||
        (next.rowHeight !== undefined && next.rowHeight !== options.rowHeight) ||
        (next.headerHeight !== undefined && next.headerHeight !== options.headerHeight) ||
        (next.laneGap !== undefined && next.laneGap !== options.laneGap);
      options = { ...options, ...next };
      if (lanesMove) relayout();
      renderer.draw();
    },
    setViewport(next) {
      Object.assign(viewport, next);
      if (!(viewport.end > viewport.start)) viewport.end = viewport.start + 1;
      renderer.draw();
    },
    laneAt(y) {
      if (!layout || y < options.axisHeight) return { lane: -1, header: false };
      const contentY = y - options.axisHeight + viewport.scrollTop;
      const lane = laneAtY(layout, contentY);
      return { lane, header: lane >= 0 && contentY < layout.rowsTop[lane] };
    },
    timeAt(x) {
      return viewport.start + (x / viewport.width) * (viewport.end - viewport.start);
    },
    hitTest(x, y) {
      if (!chart || !layout || x < 0 || x >= viewport.width) return undefined;
      const { lane, header } = renderer.laneAt(y);
      if (lane < 0 || header) return undefined;
      const rowY = y - options.axisHeight + viewport.scrollTop - layout.rowsTop[lane];
      if (rowY >= layout.rowsHeight[lane]) return undefined;
      const box = boxAt(chart.lane(lane), Math.floor(rowY / options.rowHeight), renderer.timeAt(x));
      return box >= 0 ? { lane, box } : undefined;
    },
    boxRect({ lane, box }) {
      const chartLane = chart?.lane(lane);
      if (!chartLane || !layout || !(box >= 0 && box < chartLane.frame.length)) return undefined;
      const scale = viewport.width / (viewport.end - viewport.start);
      const start = boxStart(chartLane, box);
      return {
        x: (start - viewport.start) * scale,
        y: canvasY(layout.rowsTop[lane] + boxDepth(chartLane, box) * options.rowHeight),
        width: (boxEnd(chartLane, box) - start) * scale,
        height: options.rowHeight,
      };
    },
    draw() {
      scheduler.request();
    },
    drawNow() {
      scheduler.cancel();
      const { ratio, deviceWidth, deviceHeight } = clear(
        viewport.width,
        viewport.height,
        options.theme.background,
      );
      if (!chart || !layout) return { boxes: 0, labels: 0 };
      lastRatio = ratio;
      const font = scaleFont(options.theme.font, ratio);
      ctx.font = font;
      fitter.setFont(font, (text) => ctx.measureText(text).width);
      const ticks =
        viewport.end > viewport.start
          ? computeTimeTicks(
              viewport.start,
              viewport.end,
              viewport.width,
              TICK_SPACING,
              chart.timeOrder.unit,
            )
          : undefined;
      const frame: DecorationFrame = {
        ctx,
        cssOf,
        theme: options.theme,
        ratio,
        width: deviceWidth,
        height: deviceHeight,
        xOf: (time) => xOf(time, ratio),
      };
      if (ticks && options.axisHeight > 0) drawGrid(frame, ticks.values);
      const counts = drawLanes(ratio, deviceWidth);
      if (warmUpsLeft > 0) warmUp.request();
      const axisHeight = Math.round(options.axisHeight * ratio);
      if (options.selection) drawSelection(frame, options.selection, axisHeight);
      if (ticks && axisHeight > 0) drawAxis(frame, ticks, axisHeight, options.selection);
      return counts;
    },
    destroy() {
      scheduler.cancel();
      warmUp.cancel();
      stopWatchingRatio();
      chart = undefined;
      layout = undefined;
    },
  };

  const faint = (amount: number) => faintColor(options.theme, amount);
  const xOf = (time: number, ratio: number) =>
    Math.round(
      ((time - viewport.start) / (viewport.end - viewport.start)) * viewport.width * ratio,
    );

  function drawLanes(ratio: number, deviceWidth: number): { boxes: number; labels: number } {
    const list = clearList();
    const headers = collectLanes(viewport.start, viewport.end, ratio, deviceWidth, list);
    drawHeaders(headers, ratio, deviceWidth);
    const boxes = fillBoxes(ctx, list.boxes, cssOf);
    const labels = drawLabels(list, options.rowHeight * ratio, ratio);
    drawOutlines(list, ratio);
    return { boxes, labels };
  }

  /**
   * Collects the boxes of the rows in view between times `start` and `end` into `list`; returns
   * the lanes whose headers are in view.
   */
  function collectLanes(
    start: number,
    end: number,
    ratio: number,
    deviceWidth: number,
    list: ChartPaintList,
  ): number[] {
    const rowHeight = options.rowHeight * ratio;
    const minLabelWidth = Math.max(
      options.minLabelWidth * ratio,
      fitter.width(SHORTEST_LABEL) + 2 * LABEL_PADDING * ratio,
    );
    const paint = {
      start,
      end,
      width: deviceWidth,
      rowHeight,
      minLabelWidth: options.labels ? minLabelWidth : Infinity,
      mergeWidth: MERGE_WIDTH * ratio,
      fillOf,
      ...(options.muteUnlabeled && options.labels && { mutedFillOf }),
      isOutlined,
      coarseRowOf,
    };
    const top = viewport.scrollTop;
    const bottom = top + viewport.height - options.axisHeight;
    const [first, last] = visibleLanes(layout!, top, bottom);
    const headers: number[] = [];
    for (let lane = first; lane <= last; lane++) {
      if (options.headerHeight > 0) headers.push(lane);
      if (options.pendingLanes?.has(lane)) continue;
      const rowsTop = layout!.rowsTop[lane];
      const rowCount = layout!.rowsHeight[lane] / options.rowHeight;
      const firstRow = Math.max(0, Math.floor((top - rowsTop) / options.rowHeight));
      const lastRow = Math.min(rowCount - 1, Math.floor((bottom - rowsTop) / options.rowHeight));
      for (let row = firstRow; row <= lastRow; row++) {
        const y = Math.round(canvasY(rowsTop + row * options.rowHeight) * ratio);
        paintChartRow(chart!.lane(lane), row, y, paint, list);
      }
    }
    return headers;
  }

  /**
   * One warm-up pass: the rows in view collected as if zoomed around the middle of the view (see
   * {@link WARM_UP_ZOOMS}), their boxes and labels drawn into the one-pixel canvas, not the
   * chart's. A frame that has a draw coming is left to the draw.
   */
  function warmUpStep(): void {
    if (!chart || !layout || warmUpsLeft <= 0) return;
    if (scheduler.pending) {
      warmUp.request();
      return;
    }
    const zoom = WARM_UP_ZOOMS[WARM_UP_ZOOMS.length - warmUpsLeft--];
    const middle = (viewport.start + viewport.end) / 2;
    const half = ((viewport.end - viewport.start) * zoom) / 2;
    const ratio = lastRatio;
    const list = clearList();
    collectLanes(middle - half, middle + half, ratio, canvas.width, list);
    if (warmUpCanvas === undefined) warmUpCanvas = openPixelCanvas(canvas.ownerDocument);
    if (warmUpCanvas) {
      fillBoxes(warmUpCanvas, list.boxes, cssOf);
      // Labels are fitted (measured on the chart's canvas, whose measures are cached) and written.
      warmUpCanvas.font = ctx.font;
      drawLabels(list, options.rowHeight * ratio, ratio, warmUpCanvas);
    }
    if (warmUpsLeft > 0) warmUp.request();
  }

  /**
   * The paint list of the last frame, emptied: its arrays keep their room, so that a redraw
   * while zooming allocates next to nothing (and leaves the collector nothing to pause for).
   */
  function clearList(): ChartPaintList {
    if (reused.boxes.size > 256) reused.boxes.clear(); // colours come and go with a search
    for (const bucket of reused.boxes.values()) bucket.length = 0;
    reused.labels.length = 0;
    reused.outlines.length = 0;
    return reused;
  }

  function drawHeaders(lanes: number[], ratio: number, deviceWidth: number): void {
    if (lanes.length === 0) return;
    const height = Math.round(options.headerHeight * ratio);
    ctx.fillStyle = cssOf(faint(0.94));
    for (const lane of lanes)
      ctx.fillRect(0, Math.round(canvasY(layout!.top[lane]) * ratio), deviceWidth, height);
    if (!options.laneNames) return;
    ctx.fillStyle = cssOf(foregroundOf(options.theme));
    ctx.textBaseline = 'middle';
    for (const lane of lanes) {
      const { name } = chart!.timeOrder.lanes[lane];
      const marker = options.collapsed?.has(lane) ? '▸ ' : '▾ ';
      const text = fitter.fit(marker + name, deviceWidth - 2 * LABEL_PADDING * ratio);
      const y = Math.round(canvasY(layout!.top[lane]) * ratio) + height / 2;
      ctx.fillText(text, LABEL_PADDING * ratio, y);
    }
  }

  function drawLabels(
    list: ChartPaintList,
    rowHeight: number,
    ratio: number,
    target: CanvasRenderingContext2D = ctx,
  ): number {
    const padding = LABEL_PADDING * ratio;
    const write = openLabelPen(target, cssOf, options.theme);
    let drawn = 0;
    for (let i = 0; i < list.labels.length; i += 5) {
      const frame = chart!.lane(list.labels[i]).frame[list.labels[i + 1]];
      const text = fitter.fitLabel(
        chart!.timeOrder.frames.name(frame),
        '',
        list.labels[i + 3] - list.labels[i + 2] - 2 * padding,
        options.textAlign,
        computeLabelForms,
      );
      if (!text) continue;
      write(text, list.labels[i + 2] + padding, list.labels[i + 4] + rowHeight / 2, fillOf(frame));
      drawn++;
    }
    return drawn;
  }

  function drawOutlines(list: ChartPaintList, ratio: number): void {
    for (let i = 0; i < list.outlines.length; i += 6) {
      const at = (k: number) => list.outlines[i + k];
      const selected = options.selected?.lane === at(0) && options.selected.box === at(1);
      strokeOutline(ctx, cssOf, options.theme, ratio, selected, at(2), at(3), at(4), at(5));
    }
  }

  return renderer;
}
