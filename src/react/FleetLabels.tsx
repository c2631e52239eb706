import { useState } from 'react';
import {
  ChoiceSelect,
  gridStyle,
  loadingStyle,
  mutedStyle,
  queryKey,
  QueryStatus,
  stackStyle,
  rowStyle,
  SmallSeries,
  withMatcher,
  type FleetContext,
} from './fleet-parts';
import { buttonStyle } from './styles';
import { useSourceQuery } from './use-source-query';

/** The buttons that put a value into the selector: `label="value"` or `label!="value"`. */
const FILTER_ACTIONS = [
  ['Include', '='],
  ['Exclude', '!='],
] as const;

/** At most this many values of a label are charted: the heaviest, as Explore Profiles shows them. */
const MAX_VALUES = 24;

/**
 * The selection split by one label: a small series per value with its sum and maximum, buttons
 * that include or exclude the value in the selector, and a choice of two values to compare as a
 * diff. Private labels (`__name__`...) are not offered.
 */
export function FleetLabels({ context }: { context: FleetContext }) {
  const { source, state, update, window, profileType, theme } = context;
  const { matchers } = state;
  const names = useSourceQuery(
    profileType && queryKey(context, 'label-names', profileType.id, matchers, window),
    (signal) =>
      source.queryLabelNames({ profileType: profileType!.id, matchers, range: window }, signal),
  );
  const choices = (names.value ?? []).filter((name) => !name.startsWith('__'));
  // Default: the first label the selector does not already pin to one value.
  const pinned = new Set(matchers.filter((m) => m.op === '=').map((m) => m.name));
  const groupBy =
    state.groupBy !== undefined && choices.includes(state.groupBy)
      ? state.groupBy
      : (choices.find((name) => !pinned.has(name)) ?? choices[0]);
  const totals = useSourceQuery(
    profileType && groupBy !== undefined
      ? queryKey(context, 'label-totals', profileType.id, matchers, window, groupBy)
      : undefined,
    (signal) =>
      source.queryTotals(
        { profileType: profileType!.id, matchers, range: window, groupBy, limit: MAX_VALUES },
        signal,
      ),
  );
  const [picked, setPicked] = useState<{ label: string | undefined; values: string[] }>({
    label: undefined,
    values: [],
  });
  const chosen = picked.label === groupBy ? picked.values : [];
  const toggle = (value: string) =>
    setPicked({
      label: groupBy,
      values: chosen.includes(value)
        ? chosen.filter((v) => v !== value)
        : [...chosen, value].slice(-2),
    });
  const compare = () =>
    update({
      view: 'diff',
      compareBy: 'label',
      labelComparison: { name: groupBy!, baseline: chosen[0], comparison: chosen[1] },
    });
  const answer = totals.value;
  // The answer on screen may be the last label's while the next loads: it is drawn by its own.
  const shownLabel = answer?.groupBy[0];
  return (
    <div data-flamekit="fleet-labels" style={stackStyle}>
      <QueryStatus query={names} what="the label names" />
      <div style={rowStyle}>
        {groupBy !== undefined && (
          <ChoiceSelect
            label="Group by"
            value={groupBy}
            choices={choices.map((name) => [name, name] as const)}
            onChange={(name) => update({ groupBy: name })}
          />
        )}
        <button
          type="button"
          style={buttonStyle}
          disabled={chosen.length !== 2}
          onClick={compare}
          title="Tick two values below, then compare them as a diff flame graph"
        >
          {chosen.length === 2
            ? `Compare ${chosen[0] || '(none)'} with ${chosen[1] || '(none)'}`
            : `Compare two values (${chosen.length} of 2 ticked)`}
        </button>
        {answer?.partial && (
          <span style={mutedStyle}>The {MAX_VALUES} heaviest values; the rest are left out.</span>
        )}
      </div>
      {names.value && choices.length === 0 && !names.loading && (
        <p style={mutedStyle}>These profiles have no labels to split by.</p>
      )}
      <QueryStatus query={totals} what={`the values of ${groupBy ?? 'the label'}`} />
      {answer && shownLabel !== undefined && (
        <div
          role="list"
          aria-label={`Values of ${shownLabel}`}
          style={{ ...gridStyle, ...loadingStyle(totals) }}
        >
          {answer.groups.map((group) => {
            const value = group.labels[shownLabel] ?? '';
            const text = value === '' ? '(none)' : value;
            return (
              <div role="listitem" key={value}>
                <SmallSeries
                  totals={answer}
                  group={group}
                  theme={theme}
                  name={`${shownLabel} = ${text}`}
                  actions={
                    <>
                      {FILTER_ACTIONS.map(([text, op]) => (
                        <button
                          key={op}
                          type="button"
                          style={buttonStyle}
                          onClick={() =>
                            update((old) => ({
                              matchers: withMatcher(old.matchers, { name: shownLabel, op, value }),
                            }))
                          }
                        >
                          {text}
                        </button>
                      ))}
                      <label style={{ ...rowStyle, gap: 4 }}>
                        <input
                          type="checkbox"
                          checked={chosen.includes(value)}
                          onChange={() => toggle(value)}
                        />
                        Compare
                      </label>
                    </>
                  }
                />
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
