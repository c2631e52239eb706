import { FlamekitError, colorToCss, computeLabelForms, type CallTree } from '../../core/index';
import {
  LEGEND_HEIGHT,
  SWATCH_HEIGHT,
  TITLE_LINE_HEIGHT,
  layoutDiffLegend,
  layoutTitleLine,
} from './export-legend';
import {
  ITEM_STRIDE,
  LABEL_PADDING,
  createExportScene,
  type ExportScene,
  type SvgExportOptions,
} from './export-scene';
import { scaleFont } from '../flame-graph-renderer';
import { MARK_NEW, MARK_REMOVED, drawMarks } from '../row-painter';
import { inkOn, parseFont, stripNonXmlCharacters } from './svg-parts';
import { TextFitter } from '../text-fit';

export interface ImageExportOptions extends SvgExportOptions {
  /**
   * Device pixels per CSS px. Default `window.devicePixelRatio` in a browser, else 1. Lowered when
   * the picture would pass the largest canvas browsers draw (16,384 px a side, 2^28 pixels): the
   * ratio used is returned.
   */
  pixelRatio?: number;
}

/**
 * What {@link drawFlameGraphImage} draws on: a DOM canvas, an `OffscreenCanvas`, or in Node a
 * canvas from @napi-rs/canvas or node-canvas.
 */
export interface ExportCanvas {
  width: number;
  height: number;
  getContext(kind: '2d'): unknown;
}

/** The picture drawn: its size in CSS px and the device pixel ratio it was drawn at. */
export interface DrawnImage {
  width: number;
  height: number;
  pixelRatio: number;
}

const MAX_CANVAS_SIDE = 16_384;
const MAX_CANVAS_AREA = 2 ** 28;
const MIN_MARK_WIDTH = 4;

/**
 * Draws a flame graph as a picture on a canvas, which it resizes: the same scene as
 * `renderFlameGraphSvg` (rows, colours, faded ancestors of the zoomed node and search misses,
 * title line, diff hatching and legend), in device pixels so that it is sharp at the ratio given.
 * Labels are measured with the canvas's own font metrics. Needs no DOM: with the `createCanvas` of
 * @napi-rs/canvas or node-canvas it runs in Node (that is how `flamekit render -o out.png` draws).
 *
 * Throws {@link FlamekitError} `'invalid-argument'` for bad options, as the SVG export does.
 */
export function drawFlameGraphImage(
  canvas: ExportCanvas,
  tree: CallTree,
  options: ImageExportOptions = {},
): DrawnImage {
  const scene = createExportScene(tree, options);
  const { width } = scene.settings;
  const ratio = fitPixelRatio(options.pixelRatio ?? defaultPixelRatio(), width, scene.height);
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(scene.height * ratio);
  const context = canvas.getContext('2d') as CanvasRenderingContext2D | null;
  if (!context)
    throw new FlamekitError('invalid-argument', 'the canvas given has no 2d context to draw on');
  const ctx = context;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = colorToCss(scene.settings.theme.background);
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const marks = drawRows(ctx, scene, ratio);
  if (scene.diffScale) marks.push(...drawLegend(ctx, scene, ratio));
  if (marks.length > 0) drawMarks(ctx, marks, scene.settings.theme, ratio);
  drawLabels(ctx, tree, scene, ratio);
  if (options.title !== undefined) drawTitle(ctx, options.title, scene, ratio);
  return { width, height: scene.height, pixelRatio: ratio };
}

/**
 * The picture as a PNG in a browser, at the device pixel ratio by default: an `OffscreenCanvas`
 * where there is one, else a detached `<canvas>`.
 */
export async function renderFlameGraphPng(
  tree: CallTree,
  options: ImageExportOptions = {},
): Promise<Blob> {
  if (typeof OffscreenCanvas === 'function') {
    const canvas = new OffscreenCanvas(1, 1);
    drawFlameGraphImage(canvas, tree, options);
    return canvas.convertToBlob({ type: 'image/png' });
  }
  if (typeof document === 'undefined')
    throw new FlamekitError(
      'invalid-argument',
      'renderFlameGraphPng needs a browser; in Node, draw on a canvas from @napi-rs/canvas or node-canvas with drawFlameGraphImage',
    );
  const canvas = document.createElement('canvas');
  drawFlameGraphImage(canvas, tree, options);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) =>
      blob
        ? resolve(blob)
        : reject(new FlamekitError('invalid-argument', 'the browser could not encode the PNG')),
    ),
  );
}

function defaultPixelRatio(): number {
  return typeof window !== 'undefined' && window.devicePixelRatio > 0 ? window.devicePixelRatio : 1;
}

/** The ratio asked for, lowered so that the canvas stays within what every browser draws. */
function fitPixelRatio(asked: number, width: number, height: number): number {
  if (!(asked > 0 && asked <= 16))
    throw new FlamekitError(
      'invalid-argument',
      `pixelRatio must be above 0 and at most 16, not ${asked}`,
    );
  return Math.min(
    asked,
    MAX_CANVAS_SIDE / width,
    MAX_CANVAS_SIDE / height,
    Math.sqrt(MAX_CANVAS_AREA / (width * height)),
  );
}

/** Fills the boxes, one style change per colour run; returns the marks (device px) to hatch. */
function drawRows(ctx: CanvasRenderingContext2D, scene: ExportScene, ratio: number): number[] {
  const { rowHeight } = scene.settings;
  const boxHeight = Math.max(1, rowHeight - 1); // a pixel between rows
  const marks: number[] = [];
  scene.rows.forEach((items, row) => {
    const y = scene.rowY(row);
    for (let i = 0; i < items.length; i += ITEM_STRIDE) {
      const [node, left, boxWidth, fill, runCount] = items.slice(i, i + ITEM_STRIDE);
      ctx.fillStyle = colorToCss(fill);
      const rect = deviceRect(left, y, boxWidth, boxHeight, ratio);
      ctx.fillRect(rect[0], rect[1], rect[2], rect[3]);
      if (runCount > 0 || !scene.diffScale || boxWidth < MIN_MARK_WIDTH) continue;
      const change = scene.diffScale.changeOf(node);
      if (change === 'new' || change === 'removed')
        marks.push(change === 'new' ? MARK_NEW : MARK_REMOVED, fill, ...rect);
    }
  });
  if (scene.rows.length === 0) {
    const ink = inkOn(scene.settings.theme.background, scene.settings.theme);
    ctx.fillStyle = colorToCss(ink);
    ctx.font = scaleFont(scene.settings.theme.font, ratio);
    ctx.textBaseline = 'middle';
    ctx.fillText('No samples to draw.', 4 * ratio, (scene.titleHeight + rowHeight / 2) * ratio);
  }
  return marks;
}

/** A rectangle in CSS px as whole device px: edges rounded, so neighbours neither overlap nor gap. */
function deviceRect(x: number, y: number, width: number, height: number, ratio: number) {
  const left = Math.round(x * ratio);
  const top = Math.round(y * ratio);
  return [
    left,
    top,
    Math.round((x + width) * ratio) - left,
    Math.round((y + height) * ratio) - top,
  ];
}

function drawLabels(
  ctx: CanvasRenderingContext2D,
  tree: CallTree,
  scene: ExportScene,
  ratio: number,
): void {
  const { theme, rowHeight, textAlign } = scene.settings;
  const font = scaleFont(theme.font, ratio);
  ctx.font = font;
  ctx.textBaseline = 'middle';
  const fitter = new TextFitter((text) => ctx.measureText(text).width);
  const boxHeight = Math.max(1, rowHeight - 1);
  scene.rows.forEach((items, row) => {
    const y = scene.rowY(row);
    for (let i = 0; i < items.length; i += ITEM_STRIDE) {
      const [node, left, boxWidth, fill, runCount] = items.slice(i, i + ITEM_STRIDE);
      if (runCount > 0 || boxWidth < scene.labelMinWidth) continue;
      const text = fitter.fitLabel(
        stripNonXmlCharacters(tree.name(node)),
        scene.labelValueOf(node),
        (boxWidth - 2 * LABEL_PADDING) * ratio,
        textAlign,
        computeLabelForms,
      );
      if (!text) continue;
      ctx.fillStyle = colorToCss(inkOn(fill, theme));
      ctx.fillText(text, (left + LABEL_PADDING) * ratio, (y + boxHeight / 2) * ratio);
    }
  });
}

/** The legend's ramp and words, drawn; returns its swatches' hatch marks (device px). */
function drawLegend(ctx: CanvasRenderingContext2D, scene: ExportScene, ratio: number): number[] {
  const { theme, width, unit } = scene.settings;
  const diffScale = scene.diffScale!;
  const { size: fontSize } = parseFont(theme.font);
  const middle = scene.titleHeight + scene.graphHeight + LEGEND_HEIGHT / 2;
  const swatchTop = middle - SWATCH_HEIGHT / 2;
  const marks: number[] = [];
  ctx.font = scaleFont(theme.font, ratio);
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  for (const item of layoutDiffLegend(diffScale, { width, fontSize, unit })) {
    if (item.kind === 'text') {
      ctx.fillStyle = colorToCss(inkOn(theme.background, theme));
      ctx.fillText(item.text, item.x * ratio, middle * ratio);
      continue;
    }
    const rect = deviceRect(item.x, swatchTop, item.width, SWATCH_HEIGHT, ratio);
    if (item.kind === 'ramp') {
      const { stops } = diffScale.legend;
      const gradient = ctx.createLinearGradient(rect[0], 0, rect[0] + rect[2], 0);
      stops.forEach((stop, i) =>
        gradient.addColorStop(i / (stops.length - 1), colorToCss(stop.color)),
      );
      ctx.fillStyle = gradient;
    } else {
      ctx.fillStyle = colorToCss(item.fill);
      marks.push(item.mark === 'new' ? MARK_NEW : MARK_REMOVED, item.fill, ...rect);
    }
    ctx.fillRect(rect[0], rect[1], rect[2], rect[3]);
  }
  return marks;
}

function drawTitle(
  ctx: CanvasRenderingContext2D,
  title: string,
  scene: ExportScene,
  ratio: number,
) {
  const { theme, width } = scene.settings;
  const { size: fontSize, family } = parseFont(theme.font);
  const { left, right } = layoutTitleLine(
    stripNonXmlCharacters(title),
    stripNonXmlCharacters(scene.summary),
    { width, fontSize },
  );
  const middle = (TITLE_LINE_HEIGHT / 2) * ratio;
  ctx.fillStyle = colorToCss(inkOn(theme.background, theme));
  ctx.textBaseline = 'middle';
  ctx.font = `bold ${(fontSize + 1) * ratio}px ${family}`; // as the SVG's title: bold, 1 px larger
  ctx.textAlign = 'left';
  ctx.fillText(left, 4 * ratio, middle);
  ctx.font = scaleFont(theme.font, ratio);
  ctx.textAlign = 'right';
  ctx.fillText(right, (width - 4) * ratio, middle);
  ctx.textAlign = 'left';
}
