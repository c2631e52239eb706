// flamekit: React components, plus everything from flamekit/core and flamekit/render so that an
// app needs one import.
export * from '../core/index';
export * from '../render/index';
export { FlameGraph } from './FlameGraph';
export type {
  FlameGraphProps,
  FlameGraphNode,
  FlameGraphHandle,
  NodeContextMenuEvent,
  NodeStyle,
} from './flame-graph-props';
export { FlameChart } from './FlameChart';
export type { FlameChartProps } from './FlameChart';
export type { SelectionView, SelectionLanes } from './FlameChartSelection';
export type { ChartRange } from './use-flame-chart-pointer';
export type { ChartColorScheme } from './flame-chart-parts';
export { DiffFlameGraph } from './DiffFlameGraph';
export type { DiffFlameGraphProps } from './DiffFlameGraph';
export { DiffLegend } from './DiffLegend';
export type { ContextMenuItem } from './ContextMenu';
export { TopTable } from './TopTable';
export { CallTree } from './CallTree';
export { SandwichView } from './SandwichView';
export type { SandwichViewProps, SandwichViewHandle } from './SandwichView';
export type { ThemeChoice, ThemedProps } from './use-theme';
export type { CallTreeProps, CallTreeMode, CallTreeHandle } from './CallTree';
export type { TopTableProps, TopTableSort } from './TopTable';
export type { TreeTransform } from './tree-transforms';
export { applyTransforms } from './tree-transforms';
export { useControllableState } from './use-controllable-state';
export type { StateUpdate } from './use-controllable-state';
export { ProfileExplorer } from './ProfileExplorer';
export type { ProfileExplorerProps, ProfileExplorerHandle } from './profile-explorer-props';
export { encodeExplorerState, decodeExplorerState, DEFAULT_EXPLORER_STATE } from './explorer-state';
export type { ExplorerState, ExplorerView } from './explorer-state';
export {
  encodeSeriesExplorerState,
  decodeSeriesExplorerState,
  DEFAULT_SERIES_EXPLORER_STATE,
} from './series-explorer-state';
export type { SeriesExplorerState } from './series-explorer-state';
export { Timeline } from './Timeline';
export type { TimelineProps } from './Timeline';
export type { TimelineBrush } from './timeline-geometry';
export { LabelFilter } from './LabelFilter';
export type { LabelFilterProps } from './LabelFilter';
export { SeriesExplorer } from './SeriesExplorer';
export type {
  SeriesExplorerProps,
  SeriesExplorerMode,
  SeriesCompareBy,
  LabelComparison,
} from './SeriesExplorer';
export { SourceView } from './SourceView';
export type { SourceViewProps } from './SourceView';
export { Markdown } from './Markdown';
export { ExplainPanel } from './ExplainPanel';
export type { ExplainPanelProps } from './ExplainPanel';
export { ExportMenu } from './ExportMenu';
export type { ExportMenuProps } from './ExportMenu';
export {
  EXPORT_FILE_FORMATS,
  createExportFile,
  downloadFile,
  describeExportFormat,
} from './export-files';
export type { ExportedFile } from './export-files';
export type { ExportFileFormat, ExportSource, PictureOptions } from './export-source';
export { FleetExplorer } from './FleetExplorer';
export type { FleetExplorerProps } from './FleetExplorer';
export {
  encodeFleetExplorerState,
  decodeFleetExplorerState,
  DEFAULT_FLEET_EXPLORER_STATE,
} from './fleet-state';
export type { FleetExplorerState, FleetView } from './fleet-state';
