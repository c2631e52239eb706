import {
  decodeViewState,
  encodeViewState,
  type LabelMatcher,
  type NodePath,
  type TimeRange,
} from '../core/index';
import {
  DEFAULT_EXPLORER_STATE,
  explorerStateFromViewState,
  explorerStateToViewState,
  type ExplorerState,
} from './explorer-state';
import { readSelector, selectionToViewState } from './series-explorer-state';
import type { LabelComparison, SeriesCompareBy } from './use-series-views';

/** What the fleet explorer shows: as Grafana's Explore Profiles lays its views out. */
export type FleetView = 'services' | 'profile-types' | 'labels' | 'flame-graph' | 'diff';

/**
 * Everything a `<FleetExplorer>` shows besides its source, in one object that
 * {@link encodeFleetExplorerState} turns into a link.
 */
export interface FleetExplorerState {
  view: FleetView;
  /** The profile type shown, by the source's id; the source's first CPU type when absent. */
  profileType?: string;
  /** Label matchers of everything shown; the service is one of them (`service_name="api"`). */
  matchers: LabelMatcher[];
  /**
   * The time window (Grafana's time picker), and the ranges brushed in it: `selection` (the flame
   * graph's), `baseline` and `comparison` (the diff's). No `window`: the hour before now.
   */
  ranges: Partial<Record<'window' | 'selection' | 'baseline' | 'comparison', TimeRange>>;
  /** The label the labels view splits by. */
  groupBy?: string;
  /** The diff compares two time ranges or two values of a label. */
  compareBy: SeriesCompareBy;
  labelComparison?: LabelComparison;
  /** Brushing one of the diff's ranges gives the other its length. */
  syncRanges: boolean;
  /** The flame graph view's `<ProfileExplorer>`: view, search, zoom (which asks for detail)... */
  explorer: ExplorerState;
  /** The node whose function's source lines the flame graph view shows (from the merged pprof). */
  sourcePath?: NodePath;
}

export const DEFAULT_FLEET_EXPLORER_STATE: FleetExplorerState = {
  view: 'services',
  matchers: [],
  ranges: {},
  compareBy: 'time',
  syncRanges: false,
  explorer: DEFAULT_EXPLORER_STATE,
};

/**
 * The state as a short URL-safe string (`[A-Za-z0-9_-]`), empty for the default state: a view
 * state of `encodeViewState` (the explorer's fields, then the fleet's: `fleetView`,
 * `profileType`, `labelSelector`, `ranges`, `groupBy`, `compareBy`, `labelComparison`,
 * `syncRanges`, `sourcePath`), defaults left out.
 *
 * @throws FlamekitError `invalid-argument` for a matcher that does not compile or a range that is
 * not finite numbers with `startNs < endNs`.
 */
export function encodeFleetExplorerState(state: FleetExplorerState): string {
  const d = DEFAULT_FLEET_EXPLORER_STATE;
  return encodeViewState({
    ...explorerStateToViewState(state.explorer),
    ...(state.view !== d.view && { fleetView: state.view }),
    ...(state.profileType !== undefined && { profileType: state.profileType }),
    ...selectionToViewState(state.matchers, state.ranges),
    ...(state.groupBy !== undefined && { groupBy: state.groupBy }),
    ...(state.compareBy !== d.compareBy && { compareBy: state.compareBy }),
    ...(state.labelComparison && { labelComparison: state.labelComparison }),
    ...(state.syncRanges !== d.syncRanges && { syncRanges: state.syncRanges }),
    ...(state.sourcePath !== undefined && { sourcePath: state.sourcePath }),
  });
}

/**
 * The state a string of {@link encodeFleetExplorerState} stands for, defaults for what it leaves
 * out; ranges other than the four the explorer knows are dropped, as are unknown keys and choices.
 *
 * @throws FlamekitError `parse-error` for a string that is not such a state.
 */
export function decodeFleetExplorerState(text: string): FleetExplorerState {
  const decoded = decodeViewState(text);
  const d = DEFAULT_FLEET_EXPLORER_STATE;
  const ranges: FleetExplorerState['ranges'] = {};
  for (const id of ['window', 'selection', 'baseline', 'comparison'] as const)
    if (decoded.ranges?.[id]) ranges[id] = decoded.ranges[id];
  return {
    view: decoded.fleetView ?? d.view,
    ...(decoded.profileType !== undefined && { profileType: decoded.profileType }),
    matchers: decoded.labelSelector === undefined ? [] : readSelector(decoded.labelSelector),
    ranges,
    ...(decoded.groupBy !== undefined && { groupBy: decoded.groupBy }),
    compareBy: decoded.compareBy ?? d.compareBy,
    ...(decoded.labelComparison && { labelComparison: decoded.labelComparison }),
    syncRanges: decoded.syncRanges ?? d.syncRanges,
    explorer: explorerStateFromViewState(decoded),
    ...(decoded.sourcePath && { sourcePath: decoded.sourcePath }),
  };
}
