import {
  compileLabelMatchers,
  decodeViewState,
  encodeViewState,
  FlamekitError,
  formatLabelSelector,
  isFlamekitError,
  parseLabelSelector,
  type FlameGraphViewState,
  type LabelMatcher,
  type TimeRange,
} from '../core/index';
import {
  DEFAULT_EXPLORER_STATE,
  explorerStateFromViewState,
  explorerStateToViewState,
  type ExplorerState,
} from './explorer-state';
import type { SeriesExplorerMode } from './SeriesExplorer';
import type { LabelComparison, SeriesCompareBy } from './use-series-views';

/**
 * Everything a `<SeriesExplorer>` shows besides its series, each field the value of the prop of
 * the same name (`explorer` is `explorerState`): hold it in one place and it serialises with
 * {@link encodeSeriesExplorerState}.
 */
export interface SeriesExplorerState {
  mode: SeriesExplorerMode;
  compareBy: SeriesCompareBy;
  matchers: LabelMatcher[];
  /** The timeline's grouping label; none when absent. */
  groupBy?: string;
  /**
   * Brushed ranges by brush id (`selection`, `baseline`, `comparison`). An id whose range is
   * undefined (as `onRangesChange` may report) has no brush and is not encoded. Empty means
   * nothing is brushed: single mode then merges the whole series, and comparing time ranges asks
   * for a brush.
   */
  ranges: Record<string, TimeRange | undefined>;
  /** Absent: the explorer picks the first label with two values, and its two heaviest values. */
  labelComparison?: LabelComparison;
  /** The state of the `<ProfileExplorer>` that single mode shows. */
  explorer: ExplorerState;
}

export const DEFAULT_SERIES_EXPLORER_STATE: SeriesExplorerState = {
  mode: 'single',
  compareBy: 'time',
  matchers: [],
  ranges: {},
  explorer: DEFAULT_EXPLORER_STATE,
};

/**
 * The state as a short URL-safe string (`[A-Za-z0-9_-]`), empty for the default state. It is a
 * view state of `encodeViewState`, with the explorer's fields and the series' fields in one object
 * (defaults left out) and the matchers as selector text (`{service="api"}`), so a link stays short
 * and readable once decoded.
 *
 * Throws {@link FlamekitError} `invalid-argument` for a malformed field: a matcher that is not
 * `{ name, op, value }` or whose regular expression does not compile, a range that is not finite
 * numbers with `startNs < endNs`, an unknown mode.
 *
 * ```ts
 * location.hash = encodeSeriesExplorerState({ ...DEFAULT_SERIES_EXPLORER_STATE, mode: 'compare' });
 * ```
 */
export function encodeSeriesExplorerState(state: SeriesExplorerState): string {
  const d = DEFAULT_SERIES_EXPLORER_STATE;
  return encodeViewState({
    ...explorerStateToViewState(state.explorer),
    ...(state.mode !== d.mode && { seriesMode: state.mode }),
    ...(state.compareBy !== d.compareBy && { compareBy: state.compareBy }),
    ...selectionToViewState(state.matchers, state.ranges),
    ...(state.groupBy !== undefined && { groupBy: state.groupBy }),
    ...(state.labelComparison !== undefined && { labelComparison: state.labelComparison }),
  });
}

/**
 * The matchers (as selector text) and the brushed ranges as view-state fields, left out when
 * empty; shared by the explorers' state codecs. A range id whose range is undefined is dropped.
 *
 * @throws FlamekitError `invalid-argument` when the matchers are not matchers or do not compile.
 */
export function selectionToViewState(
  matchers: readonly LabelMatcher[],
  ranges: Readonly<Record<string, TimeRange | undefined>> | undefined,
): Pick<FlameGraphViewState, 'labelSelector' | 'ranges'> {
  if (!Array.isArray(matchers)) {
    throw new FlamekitError('invalid-argument', 'matchers must be an array of label matchers');
  }
  // Refuse here what the decoder's selector parser would refuse later.
  compileLabelMatchers(matchers);
  const brushed = Object.entries(ranges ?? {}).filter(
    (entry): entry is [string, TimeRange] => entry[1] !== undefined,
  );
  return {
    ...(matchers.length > 0 && { labelSelector: formatLabelSelector(matchers) }),
    // fromEntries defines own properties, so an id such as "__proto__" stays an id.
    ...(brushed.length > 0 && { ranges: Object.fromEntries(brushed) }),
  };
}

/**
 * The state a string from {@link encodeSeriesExplorerState} stands for, with defaults for what it
 * leaves out. Unknown keys and choices (from a newer version) are dropped; anything else wrong,
 * the label selector included, throws {@link FlamekitError} `parse-error` saying what.
 */
export function decodeSeriesExplorerState(text: string): SeriesExplorerState {
  const decoded = decodeViewState(text);
  const d = DEFAULT_SERIES_EXPLORER_STATE;
  return {
    mode: decoded.seriesMode ?? d.mode,
    compareBy: decoded.compareBy ?? d.compareBy,
    matchers: decoded.labelSelector === undefined ? [] : readSelector(decoded.labelSelector),
    ...(decoded.groupBy !== undefined && { groupBy: decoded.groupBy }),
    ranges: decoded.ranges ?? {},
    ...(decoded.labelComparison && { labelComparison: decoded.labelComparison }),
    explorer: explorerStateFromViewState(decoded),
  };
}

/** Matchers from a decoded state's selector text, or a `parse-error` naming the state. */
export function readSelector(selector: string): LabelMatcher[] {
  try {
    return parseLabelSelector(selector);
  } catch (error) {
    if (!isFlamekitError(error)) throw error;
    throw new FlamekitError(
      'parse-error',
      `cannot be read: its label selector ${JSON.stringify(selector)} is not valid (${error.message})`,
      { format: 'view-state', cause: error },
    );
  }
}
