// flamekit/core: the tree model. No React, no DOM: runs in Node, browsers and workers.
export type { Frame, FrameIndex, NodeIndex, StringIndex } from './types';
export { FlamekitError, isFlamekitError, describePosition } from './errors';
export type { FlamekitErrorCode, FlamekitErrorDetails, InputPosition } from './errors';
export { StringTable } from './model/string-table';
export { FrameTable } from './model/frame-table';
export { CallTree, ROOT_FRAME, DEFAULT_ROOT_NAME } from './model/call-tree';
export type { DerivedColumns, NodesByDepth, PreOrderColumns } from './model/call-tree';
export { StackTable } from './model/stack-table';
export type { StackIndex } from './model/stack-table';
export { computeCallTree } from './model/call-tree-from-stacks';
export type { ComputeCallTreeOptions, SiblingOrder } from './model/call-tree-from-stacks';
export { CallTreeBuilder } from './model/tree-builder';
export type { CallTreeBuilderOptions } from './model/tree-builder';
export {
  isDescendant,
  children,
  forEachChild,
  childCount,
  ancestors,
  ancestorAtDepth,
  computePostOrder,
} from './model/traversal';
export { computeNodePath, findNodeByPath } from './views/node-path';
export type { NodePath } from './views/node-path';
export { createFlameLayout, computeNonNegativeWeight } from './views/layout';
export type { FlameLayout, FlameLayoutOptions } from './views/layout';
export {
  formatValue,
  formatNumber,
  formatInteger,
  normalizeUnit,
  isTimeUnit,
  computeDisplayScale,
} from './units';
export type { ValueUnit, FormatValueOptions } from './units';
export { printTree } from './model/print-tree';
export type { PrintTreeOptions } from './model/print-tree';
export { treeFromFolded } from './model/folded-tree';
export type { TreeFromFoldedOptions } from './model/folded-tree';
export type {
  Profile,
  ProfileFormat,
  SampleType,
  ProfilePeriod,
  ProfileTimeline,
  Label,
  ImportWarning,
  SampleTable,
  ProfileComparison,
  ProfileThread,
} from './model/profile';
export {
  ProfileBuilder,
  createProfile,
  resolveSampleType,
  sumPerStack,
} from './model/profile-builder';
export {
  ALL_THREADS,
  computeThreadProfile,
  selectProfileView,
  threadLabels,
} from './model/profile-threads';
export type { ProfileDetails } from './model/profile-builder';
export { InputSource, toInputSource, isGzip } from './formats/input';
export type { ProfileInput } from './formats/input';
export type { ImportOptions, ImportProgress, PerfScriptOptions } from './formats/options';
export { importProfile, listFormats } from './formats/import-profile';
export { importFolded, isFolded } from './formats/folded';
export { importPprof, isPprof } from './formats/pprof';
export { exportProfile, exportProfileChunks } from './export/export-profile';
export type { ExportFormat, ExportOptions } from './export/export-profile';
export { serializeProfile, deserializeProfile, transferablesOf } from './model/profile-transfer';
export type {
  CallTreePayload,
  ProfilePayload,
  SerializeProfileOptions,
} from './model/profile-transfer';
export type { FrameColumns } from './model/frame-table';
export { importFlamebearer, isFlamebearer } from './formats/flamebearer';
export { importSpeedscope, isSpeedscope } from './formats/speedscope';
export { importGrafanaNestedSet, isGrafanaNestedSet } from './formats/grafana-nested-set';
export { importD3FlameGraph, isD3FlameGraph } from './formats/d3-flamegraph';
export { importPerfScript, isPerfScript } from './formats/perf-script';
export { importFirefoxProfile, isFirefoxProfile } from './formats/firefox';
export { importChromeCpuProfile, isChromeCpuProfile } from './formats/chrome-cpuprofile';
export { importChromeTrace, isChromeTrace } from './formats/chrome-trace';
export { TimeOrderBuilder, SpanRecorder } from './model/time-order-builder';
export { SAMPLE_GAP_LIMIT, MAX_ABSOLUTE_TIME } from './model/time-order';
export type { TimeOrder, TimeOrderLane, LaneName } from './model/time-order';
export {
  createFlameChart,
  computeBoxesInRange,
  computeBoxSelf,
  computeBoxNeighbour,
  boxAt,
  boxDepth,
  boxStart,
  boxEnd,
  firstBoxEndingAfter,
} from './flame-chart/flame-chart';
export type { FlameChart, FlameChartLane, BoxIndex, BoxStep } from './flame-chart/flame-chart';
export { computeBoxSummary, describeBox } from './flame-chart/box-summary';
export { computeCoarseLevels, finestCoarseResolution } from './flame-chart/coarse-rows';
export type { CoarseRow } from './flame-chart/coarse-rows';
export { findMatchingBox } from './flame-chart/box-search';
export type { ChartBox } from './flame-chart/box-search';
export type { BoxSummary } from './flame-chart/box-summary';
export { computeTimeRangeTree } from './flame-chart/time-range-tree';
export { computeTimeTicks } from './flame-chart/time-ticks';
export type { TimeTicks } from './flame-chart/time-ticks';
export type { TimeRangeTreeOptions } from './flame-chart/time-range-tree';
export { computeNeighbour } from './views/navigation';
export type { NavigationStep } from './views/navigation';
export { computeNodeSummary, describeNode, formatShare } from './views/node-summary';
export type { NodeSummary } from './views/node-summary';
export {
  computeMergeFunction,
  computeDropFramesMatching,
  computeDropFunction,
  computeFocusSubtree,
  computeFocusFunction,
  computeCollapseRecursion,
  computeCollapseIndirectRecursion,
  computeInvertedTree,
} from './views/transforms';
export type { TransformOptions } from './views/transforms';
export {
  computeNodeColors,
  createNodeColorLookup,
  createFrameColorLookup,
  dimColor,
  muteColor,
  colorToCss,
  contrastingTextColor,
  hashString,
} from './views/color';
export type { ColorScheme, ColorTheme, NodeColorOptions } from './views/color';
export { computeLabelForms, createLabelValueFormatter } from './views/frame-label';
export type { LabelValue } from './views/frame-label';
export {
  computePackageName,
  KERNEL_PACKAGE,
  UNKNOWN_PACKAGE,
  VM_PACKAGE,
} from './views/package-name';
export {
  computeFrameMatches,
  computeSearch,
  nextMatch,
  searchMissedFrames,
  searchMisses,
} from './views/search';
export type { SearchQuery, SearchResult } from './views/search';
export { compileLinearRegex, MAX_PROGRAM_SIZE } from './regex/linear-regex';
export type { LinearRegex, LinearRegexOptions } from './regex/linear-regex';
export { encodeViewState, decodeViewState } from './state/view-state';
export type { FlameGraphViewState } from './state/view-state';
export { computeTopTable, sortTopTable, filterTopTable } from './views/top-table';
export type { TopTable, TopTableColumn } from './views/top-table';
export { computeDiff, diffProfiles } from './diff/diff';
export type { DiffOptions } from './diff/diff';
export { createDiffColorScale } from './diff/diff-color';
export {
  computeDiffWeight,
  computeDiffNodeSummary,
  describeDiffNode,
  formatSignedShare,
} from './diff/diff-summary';
export type { DiffWidthMode, DiffNodeSummary } from './diff/diff-summary';
export type {
  DiffChange,
  DiffColorMode,
  DiffColorOptions,
  DiffColorScale,
  DiffLegendStop,
  DiffPalette,
} from './diff/diff-color';
export { computeSandwich } from './views/sandwich';
export type { Sandwich } from './views/sandwich';
export { createInvertedTree } from './views/inverted-tree';
export type { InvertedTree, InvertedTreeOptions } from './views/inverted-tree';
export type { InvertedNode } from './views/inverted-node';
export { computeCallerTotals } from './views/caller-totals';
export type { CallerTotals } from './views/caller-totals';
export {
  compileLabelMatchers,
  matchesLabels,
  parseLabelSelector,
  formatLabelSelector,
  MATCH_OPERATORS,
} from './series/label-matchers';
export type { LabelMatcher, MatchOperator, LabelValues, LabelTest } from './series/label-matchers';
export { ProfileSeries } from './series/profile-series';
export type { SeriesProfileOptions } from './series/profile-series';
export { defaultAggregation } from './series/series-query';
export { profileTimelineTotals } from './series/profile-timeline';
export type {
  TimeRange,
  SeriesAggregation,
  SeriesQuery,
  TotalsQuery,
  SeriesTotals,
  SeriesTotalsGroup,
  LabelSummary,
} from './series/series-types';
export type {
  Finding,
  FindingFrame,
  InsightRuntime,
  ExplainMessage,
  ExplainRequest,
  ExplainProvider,
} from './insights/types';
export { createOpenAIProvider } from './insights/openai-provider';
export type { OpenAIProviderOptions, FetchFunction } from './insights/openai-provider';
export {
  buildExplainMessages,
  MAX_PROMPT_FINDINGS,
  MAX_PROMPT_EVIDENCE,
  MAX_PROMPT_HISTORY,
} from './insights/explain-prompt';
export type { ExplainPromptOptions, ExplainFollowUp } from './insights/explain-prompt';
export { computeLineTable } from './insights/line-table';
export type { LineCost, LineTable, LineTableOptions } from './insights/line-table';
export { sourceUrls } from './insights/source';
export { parseSourceRepository, sourceRepositoryFromLabels } from './model/source-repository';
export type { SourceProvider, SourceRequest } from './insights/source';
export type { ProfileFunction, SourceRepository } from './model/profile';
export { analyzeProfile } from './insights/analyze';
export type { AnalyzeOptions } from './insights/analyze';
export { summarizeProfile } from './insights/summarize';
export type { SummaryLimits } from './insights/summarize';
export type {
  ProfileSource,
  SourceProfileType,
  SourceQuery,
  SourceLabelQuery,
  SourceTotalsQuery,
  SourceTotals,
  SourceTotalsGroup,
  SourceTreeQuery,
  SourceProfile,
  SourceDiffQuery,
  SourceDiff,
} from './series/sources/profile-source';
export { computeTreeCut, OTHER_NODE_NAME } from './series/sources/tree-cut';
export type { TreeCut, TreeCutOptions } from './series/sources/tree-cut';
export { createProfileFromTree } from './series/sources/tree-profile';
export type { TreeProfileOptions } from './series/sources/tree-profile';
export { createPyroscopeSource } from './series/sources/pyroscope/pyroscope-source';
export type { PyroscopeSourceOptions } from './series/sources/pyroscope/pyroscope-source';
export { parseProfileTypeId } from './series/sources/pyroscope/profile-type-id';
export type {
  ConnectCode,
  ConnectFailure,
  ConnectFetch,
  ConnectHeaders,
} from './series/sources/pyroscope/connect-client';
