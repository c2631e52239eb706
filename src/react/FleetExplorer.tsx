import { useCallback, useRef, useState, type ReactNode } from 'react';
import type { LabelSummary, ProfileSource, SourceProvider, TimeRange } from '../core/index';
import { FleetDiff } from './FleetDiff';
import { FleetFlameGraph } from './FleetFlameGraph';
import { FleetLabels } from './FleetLabels';
import {
  ChoiceSelect,
  describeProfileType,
  queryKey,
  QueryStatus,
  rowStyle,
  type FleetContext,
} from './fleet-parts';
import { FleetProfileTypes } from './FleetProfileTypes';
import { FleetServices } from './FleetServices';
import {
  DEFAULT_FLEET_EXPLORER_STATE,
  type FleetExplorerState,
  type FleetView,
} from './fleet-state';
import { LabelFilter } from './LabelFilter';
import { buttonStyle, rootStyle } from './styles';
import { themedRootProps, useResolvedTheme, type ThemedProps } from './use-theme';
import { formatTimelineRange } from './timeline-geometry';
import { useSourceQuery } from './use-source-query';

export interface FleetExplorerProps extends ThemedProps {
  /** Where the profiles are: a `ProfileSeries`, `createPyroscopeSource(...)`, or a host's own. */
  source: ProfileSource;
  /** Everything shown, in one object (see `encodeFleetExplorerState`). Controllable. */
  state?: FleetExplorerState;
  defaultState?: Partial<FleetExplorerState>;
  onStateChange?: (state: FleetExplorerState) => void;
  /** Milliseconds since the epoch, for the default window (the last hour) and the presets. */
  now?: () => number;
  /** The most nodes a merged tree is asked for; the source folds the rest into `other`. Default 16,384. */
  maxNodes?: number;
  /** The label naming a service; default `service_name` when the source has it, else `service`. */
  serviceLabel?: string;
  /**
   * Bump it when the source's profiles change in place (profiles added to a `ProfileSeries`):
   * every view asks again.
   */
  revision?: number;
  /** Fetches source code for the source lines view (flamekit fetches nothing itself). */
  sourceProvider?: SourceProvider;
  /** Height of the flame graphs in CSS px. Default 420. */
  height?: number;
  /** Host elements at the end of the toolbar (a share link...). */
  toolbarItems?: ReactNode;
}

const VIEWS: readonly (readonly [FleetView, string])[] = [
  ['services', 'Services'],
  ['profile-types', 'Profile types'],
  ['labels', 'Labels'],
  ['flame-graph', 'Flame graph'],
  ['diff', 'Diff'],
];
const HOUR_MS = 3_600_000;
const WINDOWS = [
  ['1', 'Last hour'],
  ['6', 'Last 6 hours'],
  ['24', 'Last 24 hours'],
  ['168', 'Last 7 days'],
] as const;
/** Label filters offer the values of this many labels; more would be a query each for little. */
const MAX_FILTER_LABELS = 24;

/**
 * What Grafana's Explore Profiles shows, on any {@link ProfileSource}: the services of a fleet as
 * small series, the profile types of one side by side, a label's values with include / exclude /
 * compare, the flame graph of a selection with its source lines, and the diff of two ranges or two
 * label values. Each view asks the source for what it shows; a new question cancels the one it
 * replaces, the last answer stays (dimmed) while the next loads, and a failure offers Retry.
 *
 * One state object holds the selection (view, profile type, matchers, window and brushed ranges,
 * group-by, comparison, the flame graph's own state): controllable, and a link with
 * `encodeFleetExplorerState`.
 */
export function FleetExplorer(props: FleetExplorerProps) {
  const { source, theme, height = 420, maxNodes = 16_384 } = props;
  const resolvedTheme = useResolvedTheme(theme);
  const now = props.now ?? Date.now;
  const [own, setOwn] = useState<FleetExplorerState>(() => ({
    ...DEFAULT_FLEET_EXPLORER_STATE,
    ...props.defaultState,
  }));
  const controlled = props.state !== undefined;
  const state = controlled ? props.state! : own;
  // The state after this event's changes so far, so that two updates in one event both land.
  const latest = useRef(state);
  latest.current = state;
  const onChange = useRef(props.onStateChange);
  onChange.current = props.onStateChange;
  const update = useCallback<FleetContext['update']>(
    (change) => {
      const base = latest.current;
      const next = { ...base, ...(typeof change === 'function' ? change(base) : change) };
      latest.current = next;
      if (!controlled) setOwn(next);
      onChange.current?.(next);
    },
    [controlled],
  );
  // The hour before the explorer opened, until a window is chosen.
  const [openedAt] = useState(now);
  const window: TimeRange = state.ranges.window ?? {
    startNs: (openedAt - HOUR_MS) * 1e6,
    endNs: openedAt * 1e6,
  };

  const revisionOf = { revision: props.revision ?? 0 };
  const types = useSourceQuery(queryKey(revisionOf, 'profile-types', window), (signal) =>
    source.queryProfileTypes({ range: window }, signal),
  );
  const available = types.value ?? [];
  const profileType =
    available.find((type) => type.id === state.profileType) ??
    available.find((type) => type.sampleType.type === 'cpu') ??
    available[0];
  const filterLabels = useSourceQuery(
    profileType && queryKey(revisionOf, 'filter-labels', profileType.id, window),
    async (signal): Promise<LabelSummary[]> => {
      const query = { profileType: profileType!.id, range: window };
      const names = (await source.queryLabelNames(query, signal))
        .filter((name) => !name.startsWith('__'))
        .slice(0, MAX_FILTER_LABELS);
      const values = await Promise.all(
        names.map((name) => source.queryLabelValues(name, query, signal)),
      );
      return names.map((name, k) => ({ name, values: values[k] }));
    },
  );
  const labelNames = filterLabels.value?.map((label) => label.name) ?? [];
  const serviceLabel =
    props.serviceLabel ??
    (labelNames.includes('service_name') || !labelNames.includes('service')
      ? 'service_name'
      : 'service');
  const context: FleetContext = {
    source,
    state,
    update,
    window,
    profileType,
    serviceLabel,
    maxNodes,
    theme,
    height,
    now,
    revision: revisionOf.revision,
  };
  const setWindow = (hours: number) => {
    const end = now();
    update((old) => ({
      ranges: { window: { startNs: (end - hours * HOUR_MS) * 1e6, endNs: end * 1e6 } },
      explorer: { ...old.explorer, zoomPath: [], selectedPath: undefined },
    }));
  };

  return (
    <div
      data-flamekit="fleet-explorer"
      {...themedRootProps(resolvedTheme, props, { ...rootStyle, gap: 8 })}
    >
      <div role="toolbar" aria-label="Fleet explorer" style={rowStyle}>
        <div role="group" aria-label="View" style={{ ...rowStyle, gap: 4 }}>
          {VIEWS.map(([view, label]) => (
            <button
              key={view}
              type="button"
              aria-pressed={state.view === view}
              onClick={() => update({ view })}
              style={{ ...buttonStyle, fontWeight: state.view === view ? 600 : 400 }}
            >
              {label}
            </button>
          ))}
        </div>
        {available.length > 0 && profileType && (
          <ChoiceSelect
            label="Profile type"
            value={profileType.id}
            choices={available.map((type) => [type.id, describeProfileType(type)] as const)}
            onChange={(id) =>
              update((old) => ({ profileType: id, explorer: { ...old.explorer, zoomPath: [] } }))
            }
          />
        )}
        <ChoiceSelect
          label="Window"
          value=""
          choices={[['', formatTimelineRange(window, 'local', 60e9)], ...WINDOWS]}
          onChange={(hours) => hours !== '' && setWindow(Number(hours))}
        />
        {props.toolbarItems}
      </div>
      <QueryStatus query={types} what="the profile types" />
      <LabelFilter
        labels={filterLabels.value ?? []}
        matchers={state.matchers}
        onChange={(matchers) => update({ matchers })}
        theme={theme}
      />
      <section aria-label={VIEWS.find(([view]) => view === state.view)?.[1]}>
        {state.view === 'services' && <FleetServices context={context} />}
        {state.view === 'profile-types' && <FleetProfileTypes context={context} />}
        {state.view === 'labels' && <FleetLabels context={context} />}
        {state.view === 'flame-graph' && (
          <FleetFlameGraph context={context} sourceProvider={props.sourceProvider} />
        )}
        {state.view === 'diff' && <FleetDiff context={context} />}
      </section>
    </div>
  );
}
