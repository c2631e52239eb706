import {
  gridStyle,
  loadingStyle,
  mutedStyle,
  queryKey,
  QueryStatus,
  stackStyle,
  SmallSeries,
  withMatcher,
  withoutLabel,
  type FleetContext,
} from './fleet-parts';
import { buttonStyle } from './styles';
import { useSourceQuery } from './use-source-query';

/** What a service's card opens: its flame graph, or its profile types. */
const OPEN_ACTIONS = [
  ['Flame graph', 'flame-graph'],
  ['Profile types', 'profile-types'],
] as const;

/**
 * Every service as a small series of the profile type, heaviest first (one query grouped by the
 * service label); each opens its flame graph or its profile types. The selector applies, except
 * for a service matcher of its own, so that the list stays the fleet.
 */
export function FleetServices({ context }: { context: FleetContext }) {
  const { source, state, update, window, profileType, serviceLabel, theme } = context;
  const matchers = withoutLabel(state.matchers, serviceLabel);
  const key =
    profileType && queryKey(context, 'services', profileType.id, matchers, window, serviceLabel);
  const query = useSourceQuery(key, (signal) =>
    source.queryTotals(
      { profileType: profileType!.id, matchers, range: window, groupBy: serviceLabel },
      signal,
    ),
  );
  const open = (service: string, view: 'flame-graph' | 'profile-types') =>
    update((old) => ({
      view,
      matchers: withMatcher(old.matchers, { name: serviceLabel, op: '=', value: service }),
      ranges: { ...old.ranges, selection: undefined },
      explorer: { ...old.explorer, zoomPath: [], selectedPath: undefined },
    }));
  const totals = query.value;
  return (
    <div data-flamekit="fleet-services" style={stackStyle}>
      <QueryStatus query={query} what="the services" />
      {!profileType && <p style={mutedStyle}>This source has no profiles in the time window.</p>}
      {totals && totals.groups.length === 0 && !query.loading && (
        <p style={mutedStyle}>
          No service has {profileType?.sampleType.type} profiles in this window.
        </p>
      )}
      {totals && (
        <div role="list" aria-label="Services" style={{ ...gridStyle, ...loadingStyle(query) }}>
          {totals.groups.map((group) => {
            const service = group.labels[serviceLabel] ?? '';
            const name = service === '' ? `(no ${serviceLabel})` : service;
            return (
              <div role="listitem" key={service}>
                <SmallSeries
                  totals={totals}
                  group={group}
                  theme={theme}
                  name={name}
                  actions={OPEN_ACTIONS.map(([text, view]) => (
                    <button
                      key={view}
                      type="button"
                      style={buttonStyle}
                      onClick={() => open(service, view)}
                    >
                      {text}
                    </button>
                  ))}
                />
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
