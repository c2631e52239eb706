import {
  describeProfileType,
  gridStyle,
  loadingStyle,
  mutedStyle,
  queryKey,
  QueryStatus,
  stackStyle,
  SmallSeries,
  type FleetContext,
} from './fleet-parts';
import { buttonStyle } from './styles';
import { useSourceQuery } from './use-source-query';

/**
 * The profile types of the selection (a service, usually) side by side, one small series each:
 * CPU, memory, goroutines, locks... Each opens its flame graph.
 */
export function FleetProfileTypes({ context }: { context: FleetContext }) {
  const { source, state, update, window, theme } = context;
  const { matchers } = state;
  const query = useSourceQuery(queryKey(context, 'types', matchers, window), async (signal) => {
    const types = await source.queryProfileTypes({ range: window, matchers }, signal);
    const totals = await Promise.all(
      types.map((type) =>
        source.queryTotals({ profileType: type.id, matchers, range: window }, signal),
      ),
    );
    return types.map((type, k) => ({ type, totals: totals[k] }));
  });
  return (
    <div data-flamekit="fleet-profile-types" style={stackStyle}>
      <QueryStatus query={query} what="the profile types" />
      {query.value && query.value.length === 0 && !query.loading && (
        <p style={mutedStyle}>No profiles match this selection in the time window.</p>
      )}
      {query.value && (
        <div
          role="list"
          aria-label="Profile types"
          style={{ ...gridStyle, ...loadingStyle(query) }}
        >
          {query.value.map(({ type, totals }) => {
            const group = totals.groups[0];
            const name = describeProfileType(type);
            return (
              <div role="listitem" key={type.id}>
                {group ? (
                  <SmallSeries
                    totals={totals}
                    group={group}
                    theme={theme}
                    name={name}
                    actions={
                      <button
                        type="button"
                        style={buttonStyle}
                        aria-pressed={type.id === context.profileType?.id}
                        onClick={() =>
                          update((old) => ({
                            view: 'flame-graph',
                            profileType: type.id,
                            explorer: { ...old.explorer, zoomPath: [], selectedPath: undefined },
                          }))
                        }
                      >
                        Flame graph
                      </button>
                    }
                  />
                ) : (
                  <p style={mutedStyle}>{name}: no data in the window</p>
                )}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
