// flamekit/render: the framework-free canvas layer. Imports core and DOM types, never React.
export {
  createFlameGraphRenderer,
  scaleFont,
  MARK_NONE,
  MARK_NEW,
  MARK_REMOVED,
} from './flame-graph-renderer';
export type {
  FlameGraphRenderer,
  FlameGraphRendererOptions,
  RendererEnvironment,
} from './flame-graph-renderer';
export { createFlameChartRenderer } from './flame-chart-renderer';
export type {
  FlameChartRenderer,
  FlameChartRendererOptions,
  FlameChartViewport,
  ChartBoxRef,
} from './flame-chart-renderer';
export { computeLaneLayout, laneAtY } from './chart-layout';
export type { LaneLayout, LaneLayoutOptions } from './chart-layout';
export { rowAtY, rowTop, visibleRows, xToValue, valueToX } from './geometry';
export type { CssPx, DevicePx, FlameViewport, Orientation } from './geometry';
export { lightTheme, darkTheme } from './theme';
export type { FlameGraphTheme } from './theme';
export { readCanvasTheme, parseCssColor } from './css-theme';
export { TextFitter } from './text-fit';
export { renderFlameGraphSvg } from './export/svg-export';
export type { SvgExportOptions } from './export/export-scene';
export { drawFlameGraphImage, renderFlameGraphPng } from './export/image-export';
export type { DrawnImage, ExportCanvas, ImageExportOptions } from './export/image-export';
export { renderFlameGraphHtml, HTML_MIN_WIDTH_SHARE } from './export/html-export';
export type { HtmlExportOptions } from './export/html-export';
export type { HtmlPageData } from './export/html-viewer-parts';
