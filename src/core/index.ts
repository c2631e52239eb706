// flamekit/core: the tree model. No React, no DOM: runs in Node, browsers and workers.
export type { Frame, FrameIndex, NodeIndex, StringIndex } from './types';
export { FlamekitError, isFlamekitError, describePosition } from './errors';
export type { FlamekitErrorCode, FlamekitErrorDetails, InputPosition } from './errors';
export { StringTable } from './string-table';
export { FrameTable } from './frame-table';
export { CallTree, ROOT_FRAME, DEFAULT_ROOT_NAME } from './call-tree';
export type { DerivedColumns, NodesByDepth, PreOrderColumns } from './call-tree';
export { StackTable } from './stack-table';
export type { StackIndex } from './stack-table';
export { computeCallTree } from './call-tree-from-stacks';
export type { ComputeCallTreeOptions, SiblingOrder } from './call-tree-from-stacks';
export { CallTreeBuilder } from './tree-builder';
export type { CallTreeBuilderOptions } from './tree-builder';
export {
  isDescendant,
  children,
  forEachChild,
  childCount,
  ancestors,
  ancestorAtDepth,
  computePostOrder,
} from './traversal';
export { computeNodePath, findNodeByPath } from './node-path';
export type { NodePath } from './node-path';
export { createFlameLayout, computeNonNegativeWeight } from './layout';
export type { FlameLayout, FlameLayoutOptions } from './layout';
export { formatValue, formatNumber, normalizeUnit, isTimeUnit, computeDisplayScale } from './units';
export type { ValueUnit, FormatValueOptions } from './units';
export { printTree } from './print-tree';
export type { PrintTreeOptions } from './print-tree';
export { treeFromFolded } from './folded-tree';
export type { TreeFromFoldedOptions } from './folded-tree';
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
} from './profile';
export { ProfileBuilder, createProfile, resolveSampleType, sumPerStack } from './profile-builder';
export {
  ALL_THREADS,
  computeThreadProfile,
  selectProfileView,
  threadLabels,
} from './profile-threads';
export type { ProfileDetails } from './profile-builder';
export { InputSource, toInputSource, isGzip } from './formats/input';
export type { ProfileInput } from './formats/input';
export type { ImportOptions, ImportProgress, PerfScriptOptions } from './formats/options';
export { importProfile, listFormats } from './import-profile';
export { importFolded, isFolded } from './formats/folded';
export { importPprof, isPprof } from './formats/pprof';
export { exportProfile, exportProfileChunks } from './export-profile';
export type { ExportFormat, ExportOptions } from './export-profile';
export { serializeProfile, deserializeProfile, transferablesOf } from './profile-transfer';
export type { CallTreePayload, ProfilePayload, SerializeProfileOptions } from './profile-transfer';
export type { FrameColumns } from './frame-table';
export { importFlamebearer, isFlamebearer } from './formats/flamebearer';
export { importSpeedscope, isSpeedscope } from './formats/speedscope';
export { importGrafanaNestedSet, isGrafanaNestedSet } from './formats/grafana-nested-set';
export { importD3FlameGraph, isD3FlameGraph } from './formats/d3-flamegraph';
export { importPerfScript, isPerfScript } from './formats/perf-script';
export { importFirefoxProfile, isFirefoxProfile } from './formats/firefox';
export { importChromeCpuProfile, isChromeCpuProfile } from './formats/chrome-cpuprofile';
export { importChromeTrace, isChromeTrace } from './formats/chrome-trace';
export { TimeOrderBuilder, SpanRecorder } from './time-order-builder';
export { SAMPLE_GAP_LIMIT, MAX_ABSOLUTE_TIME } from './time-order';
export type { TimeOrder, TimeOrderLane, LaneName } from './time-order';
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
} from './flame-chart';
export type { FlameChart, FlameChartLane, BoxIndex, BoxStep } from './flame-chart';
export { computeBoxSummary, describeBox } from './box-summary';
export { findMatchingBox } from './box-search';
export type { ChartBox } from './box-search';
export type { BoxSummary } from './box-summary';
export { computeTimeRangeTree } from './time-range-tree';
export { computeTimeTicks } from './time-ticks';
export type { TimeTicks } from './time-ticks';
export type { TimeRangeTreeOptions } from './time-range-tree';
export { computeNeighbour } from './navigation';
export type { NavigationStep } from './navigation';
export { computeNodeSummary, describeNode, formatShare } from './node-summary';
export type { NodeSummary } from './node-summary';
export {
  computeMergeFunction,
  computeDropFramesMatching,
  computeDropFunction,
  computeFocusSubtree,
  computeFocusFunction,
  computeCollapseRecursion,
  computeCollapseIndirectRecursion,
  computeInvertedTree,
} from './transforms';
export type { TransformOptions } from './transforms';
export {
  computeNodeColors,
  createNodeColorLookup,
  createFrameColorLookup,
  dimColor,
  muteColor,
  colorToCss,
  contrastingTextColor,
  hashString,
} from './color';
export type { ColorScheme, ColorTheme, NodeColorOptions } from './color';
export { computeLabelForms, createLabelValueFormatter } from './frame-label';
export type { LabelValue } from './frame-label';
export { computePackageName, KERNEL_PACKAGE, UNKNOWN_PACKAGE, VM_PACKAGE } from './package-name';
export {
  computeFrameMatches,
  computeSearch,
  nextMatch,
  searchMissedFrames,
  searchMisses,
} from './search';
export type { SearchQuery, SearchResult } from './search';
export { compileLinearRegex, MAX_PROGRAM_SIZE } from './linear-regex';
export type { LinearRegex, LinearRegexOptions } from './linear-regex';
export { encodeViewState, decodeViewState } from './view-state';
export type { FlameGraphViewState } from './view-state';
export { computeTopTable, sortTopTable, filterTopTable } from './top-table';
export type { TopTable, TopTableColumn } from './top-table';
export { computeDiff, diffProfiles } from './diff';
export type { DiffOptions } from './diff';
export { createDiffColorScale } from './diff-color';
export {
  computeDiffWeight,
  computeDiffNodeSummary,
  describeDiffNode,
  formatSignedShare,
} from './diff-summary';
export type { DiffWidthMode, DiffNodeSummary } from './diff-summary';
export type {
  DiffChange,
  DiffColorMode,
  DiffColorOptions,
  DiffColorScale,
  DiffLegendStop,
  DiffPalette,
} from './diff-color';
export { computeSandwich } from './sandwich';
export type { Sandwich } from './sandwich';
export { createInvertedTree } from './inverted-tree';
export type { InvertedTree, InvertedTreeOptions } from './inverted-tree';
export type { InvertedNode } from './inverted-node';
export { computeCallerTotals } from './caller-totals';
export type { CallerTotals } from './caller-totals';
export {
  compileLabelMatchers,
  matchesLabels,
  parseLabelSelector,
  formatLabelSelector,
  MATCH_OPERATORS,
} from './label-matchers';
export type { LabelMatcher, MatchOperator, LabelValues, LabelTest } from './label-matchers';
export { ProfileSeries } from './profile-series';
export type { SeriesProfileOptions } from './profile-series';
export { defaultAggregation } from './series-query';
export { profileTimelineTotals } from './profile-timeline';
export type {
  TimeRange,
  SeriesAggregation,
  SeriesQuery,
  TotalsQuery,
  SeriesTotals,
  SeriesTotalsGroup,
  LabelSummary,
} from './series-types';
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
export { parseSourceRepository, sourceRepositoryFromLabels } from './source-repository';
export type { SourceProvider, SourceRequest } from './insights/source';
export type { ProfileFunction, SourceRepository } from './profile';
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
} from './sources/profile-source';
export { computeTreeCut, OTHER_NODE_NAME } from './sources/tree-cut';
export type { TreeCut, TreeCutOptions } from './sources/tree-cut';
export { createProfileFromTree } from './sources/tree-profile';
export type { TreeProfileOptions } from './sources/tree-profile';
export { createPyroscopeSource } from './sources/pyroscope/pyroscope-source';
export type { PyroscopeSourceOptions } from './sources/pyroscope/pyroscope-source';
export { parseProfileTypeId } from './sources/pyroscope/profile-type-id';
export type {
  ConnectCode,
  ConnectFailure,
  ConnectFetch,
  ConnectHeaders,
} from './sources/pyroscope/connect-client';
