import { formatValue, type LabelMatcher, type SourceQuery, type TimeRange } from '../core/index';
import { DiffFlameGraph } from './DiffFlameGraph';
import {
  ChoiceSelect,
  loadingStyle,
  mutedStyle,
  queryKey,
  QueryStatus,
  stackStyle,
  rowStyle,
  withMatcher,
  type FleetContext,
} from './fleet-parts';
import type { FleetExplorerState } from './fleet-state';
import { buttonStyle } from './styles';
import { Timeline } from './Timeline';
import type { TimelineBrush } from './timeline-geometry';
import { TopTable } from './TopTable';
import { useSourceQuery } from './use-source-query';

const BRUSHES: TimelineBrush[] = [
  { id: 'baseline', label: 'Baseline', color: '#1f77b4' },
  { id: 'comparison', label: 'Comparison', color: '#d62728' },
];
const HOUR_NS = 3600e9;
/** The length a preset compares when no comparison range is brushed yet (Explore Profiles' 30 min). */
const PRESET_LENGTH_NS = 1800e9;
const PRESETS = [
  { label: '1 h ago vs now', shiftNs: HOUR_NS },
  { label: '24 h ago vs now', shiftNs: 24 * HOUR_NS },
];

/**
 * A diff flame graph and diff table of two selections: two ranges brushed on the series (or set by
 * a preset, "1 h ago vs now", "24 h ago vs now": the comparison's length ending at the window's
 * end, against the same length that much earlier), or two values of a label over the brushed
 * range. With "Same length", brushing one range gives the other its length.
 */
export function FleetDiff({ context }: { context: FleetContext }) {
  const { source, state, update, window, profileType, maxNodes, theme, height } = context;
  const typeId = profileType?.id;
  const unit = profileType?.sampleType.unit ?? 'count';
  const totals = useSourceQuery(
    typeId && state.compareBy === 'time'
      ? queryKey(context, 'diff-timeline', typeId, state.matchers, window)
      : undefined,
    (signal) =>
      source.queryTotals({ profileType: typeId!, matchers: state.matchers, range: window }, signal),
  );
  const sides = describeSides(state, window);
  const diff = useSourceQuery(
    typeId && sides.baseline && sides.comparison
      ? queryKey(context, 'diff', typeId, sides, maxNodes)
      : undefined,
    (signal) =>
      source.queryDiff(
        {
          baseline: { ...sides.baseline!, profileType: typeId! },
          comparison: { ...sides.comparison!, profileType: typeId! },
          maxNodes,
        },
        signal,
      ),
  );

  return (
    <div data-flamekit="fleet-diff" style={stackStyle}>
      <div role="toolbar" aria-label="Diff" style={rowStyle}>
        <ChoiceSelect
          label="Compare"
          value={state.compareBy}
          choices={[
            ['time', 'two time ranges'],
            ['label', 'two label values'],
          ]}
          onChange={(compareBy) =>
            update({ compareBy: compareBy as FleetExplorerState['compareBy'] })
          }
        />
        {state.compareBy === 'time' &&
          PRESETS.map((preset) => (
            <button
              key={preset.label}
              type="button"
              style={buttonStyle}
              onClick={() => update((old) => presetRanges(old, window, preset.shiftNs))}
            >
              {preset.label}
            </button>
          ))}
        {state.compareBy === 'time' && (
          <label style={{ ...rowStyle, gap: 4 }}>
            <input
              type="checkbox"
              checked={state.syncRanges}
              onChange={(event) => update({ syncRanges: event.target.checked })}
            />
            Same length
          </label>
        )}
      </div>
      {state.compareBy === 'label' && <LabelValuesPicker context={context} />}
      <QueryStatus query={totals} what="the totals over time" />
      {state.compareBy === 'time' && totals.value && (
        <div style={loadingStyle(totals)}>
          <Timeline
            totals={totals.value}
            brushes={BRUSHES}
            ranges={{ baseline: state.ranges.baseline, comparison: state.ranges.comparison }}
            onRangesChange={(ranges, changed) =>
              update((old) => ({
                ranges: { ...old.ranges, ...syncLengths(old, ranges, changed, window) },
              }))
            }
            theme={theme}
            unit={unit}
            ariaLabel="Totals over time: brush the baseline and the comparison"
          />
        </div>
      )}
      {sides.hint && (
        <p role="status" style={mutedStyle}>
          {sides.hint}
        </p>
      )}
      <QueryStatus query={diff} what="the diff" />
      {diff.value?.partial && (
        <p role="status" data-flamekit="fleet-partial" style={{ ...mutedStyle, margin: 0 }}>
          Partial diff: small calls of both sides are folded into <code>other</code> nodes.
        </p>
      )}
      {diff.value && (
        <div style={{ ...loadingStyle(diff), ...stackStyle }}>
          <span data-flamekit="fleet-diff-totals" style={mutedStyle}>
            Baseline {formatValue(diff.value.tree.baselineTotal?.[0] ?? 0, unit)} · Comparison{' '}
            {formatValue(diff.value.tree.total[0], unit)}
          </span>
          <DiffFlameGraph tree={diff.value.tree} unit={unit} height={height} theme={theme} />
          <TopTable
            tree={diff.value.tree}
            unit={unit}
            height={240}
            aria-label="Functions compared"
          />
        </div>
      )}
    </div>
  );
}

type Side = Omit<SourceQuery, 'profileType'>;

/** The two sides' selections, or what is missing in words. */
function describeSides(
  state: FleetExplorerState,
  window: TimeRange,
): { baseline?: Side; comparison?: Side; hint?: string } {
  const { matchers, ranges } = state;
  if (state.compareBy === 'time') {
    if (!ranges.baseline)
      return { hint: 'Drag on the chart to choose the baseline range, or pick a preset.' };
    if (!ranges.comparison)
      return { hint: 'Choose Comparison, then drag on the chart to choose its range.' };
    return {
      baseline: { matchers, range: ranges.baseline },
      comparison: { matchers, range: ranges.comparison },
    };
  }
  const compared = state.labelComparison;
  if (!compared || compared.baseline === '' || compared.comparison === '')
    return { hint: 'Choose a label and two of its values to compare.' };
  const side = (value: string): Side => ({
    matchers: withMatcher(matchers, { name: compared.name, op: '=', value }) as LabelMatcher[],
    range: ranges.selection ?? window,
  });
  return { baseline: side(compared.baseline), comparison: side(compared.comparison) };
}

/** A preset's ranges: the comparison ends at the window's end; the window grows to hold both. */
function presetRanges(
  state: FleetExplorerState,
  window: TimeRange,
  shiftNs: number,
): Partial<FleetExplorerState> {
  const current = state.ranges.comparison;
  const length = current ? current.endNs - current.startNs : PRESET_LENGTH_NS;
  const comparison = { startNs: window.endNs - length, endNs: window.endNs };
  const baseline = { startNs: comparison.startNs - shiftNs, endNs: comparison.endNs - shiftNs };
  return {
    compareBy: 'time',
    ranges: {
      ...state.ranges,
      window: { startNs: Math.min(window.startNs, baseline.startNs), endNs: window.endNs },
      baseline,
      comparison,
    },
  };
}

/**
 * The brushed ranges, with the other range given the changed one's length when lengths are kept in
 * sync: it keeps its start, or moves back when it would pass the window's end.
 */
export function syncLengths(
  state: FleetExplorerState,
  ranges: Record<string, TimeRange | undefined>,
  changed: string,
  window: TimeRange,
): Partial<Record<'baseline' | 'comparison', TimeRange>> {
  const next = { baseline: ranges.baseline, comparison: ranges.comparison };
  const source = changed === 'baseline' ? next.baseline : next.comparison;
  const otherId = changed === 'baseline' ? 'comparison' : 'baseline';
  const other = next[otherId];
  if (!state.syncRanges || !source || !other) return next;
  const length = source.endNs - source.startNs;
  const startNs = Math.max(window.startNs, Math.min(other.startNs, window.endNs - length));
  next[otherId] = { startNs, endNs: startNs + length };
  return next;
}

/** The label and two values of a comparison by label, from the values the source has. */
function LabelValuesPicker({ context }: { context: FleetContext }) {
  const { source, state, update, window, profileType } = context;
  const names = useSourceQuery(
    profileType && queryKey(context, 'diff-names', profileType.id, state.matchers, window),
    (signal) =>
      source.queryLabelNames(
        { profileType: profileType!.id, matchers: state.matchers, range: window },
        signal,
      ),
  );
  const labels = (names.value ?? []).filter((name) => !name.startsWith('__'));
  const compared = state.labelComparison;
  const name = compared?.name ?? labels[0];
  const values = useSourceQuery(
    profileType && name !== undefined
      ? queryKey(context, 'diff-values', profileType.id, name, state.matchers, window)
      : undefined,
    (signal) =>
      source.queryLabelValues(
        name!,
        { profileType: profileType!.id, matchers: state.matchers, range: window },
        signal,
      ),
  );
  const options = (values.value ?? []).map((value) => [value, value] as const);
  const set = (change: Partial<{ name: string; baseline: string; comparison: string }>) =>
    update((old) => {
      const base = old.labelComparison ?? {
        name: name ?? '',
        baseline: values.value?.[0] ?? '',
        comparison: values.value?.[1] ?? values.value?.[0] ?? '',
      };
      return { labelComparison: { ...base, ...change } };
    });
  return (
    <div role="group" aria-label="Label values compared" style={rowStyle}>
      <QueryStatus query={names} what="the label names" />
      {name !== undefined && (
        <ChoiceSelect
          label="Label"
          value={name}
          choices={labels.map((label) => [label, label] as const)}
          onChange={(label) => set({ name: label, baseline: '', comparison: '' })}
        />
      )}
      <ChoiceSelect
        label="Baseline"
        value={compared?.baseline ?? ''}
        choices={[['', '(choose)'], ...options]}
        onChange={(baseline) => set({ baseline })}
      />
      <ChoiceSelect
        label="Comparison"
        value={compared?.comparison ?? ''}
        choices={[['', '(choose)'], ...options]}
        onChange={(comparison) => set({ comparison })}
      />
    </div>
  );
}
