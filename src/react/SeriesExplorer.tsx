import { useMemo, type CSSProperties } from 'react';
import type { LabelMatcher, ProfileSeries, TimeRange } from '../core/index';
import { DiffFlameGraph } from './DiffFlameGraph';
import { DEFAULT_EXPLORER_STATE, type ExplorerState } from './explorer-state';
import { LabelFilter } from './LabelFilter';
import { ProfileExplorer } from './ProfileExplorer';
import { buttonStyle, inputStyle, themeColor } from './styles';
import { themedRootProps, useResolvedTheme, type ThemedProps } from './use-theme';
import { Timeline } from './Timeline';
import type { TimelineBrush } from './timeline-geometry';
import { TopTable } from './TopTable';
import { useControllableState } from './use-controllable-state';
import { useSeriesViews, type LabelComparison, type SeriesCompareBy } from './use-series-views';

export type { LabelComparison, SeriesCompareBy } from './use-series-views';
export type SeriesExplorerMode = 'single' | 'compare';
type Ranges = Record<string, TimeRange | undefined>;

export interface SeriesExplorerProps extends ThemedProps {
  series: ProfileSeries;
  /**
   * Bump it after adding profiles to `series`: the series is changed in place, so the explorer
   * cannot see that it grew.
   */
  revision?: number;
  /** One profile of the selection, or a comparison of two. Controllable. */
  mode?: SeriesExplorerMode;
  defaultMode?: SeriesExplorerMode;
  onModeChange?: (mode: SeriesExplorerMode) => void;
  /** Compare two time ranges (two brushes) or two values of a label. Controllable. */
  compareBy?: SeriesCompareBy;
  defaultCompareBy?: SeriesCompareBy;
  onCompareByChange?: (compareBy: SeriesCompareBy) => void;
  /** Label matchers applied to everything shown. Controllable. */
  matchers?: readonly LabelMatcher[];
  defaultMatchers?: readonly LabelMatcher[];
  onMatchersChange?: (matchers: LabelMatcher[]) => void;
  /**
   * Brushed ranges: `selection` (single mode, and comparing labels), `baseline` and `comparison`
   * (comparing time ranges). Controllable. When comparing time ranges with none set, the first
   * and second halves of the series are compared.
   */
  ranges?: Readonly<Ranges>;
  defaultRanges?: Readonly<Ranges>;
  onRangesChange?: (ranges: Ranges) => void;
  /** The label and two values compared; default the first label with two values, top two. */
  labelComparison?: LabelComparison;
  defaultLabelComparison?: LabelComparison;
  onLabelComparisonChange?: (comparison: LabelComparison) => void;
  /** The timeline's grouping label (default none). Controllable. */
  groupBy?: string;
  defaultGroupBy?: string;
  onGroupByChange?: (groupBy: string | undefined) => void;
  /**
   * The state of the {@link ProfileExplorer} of single mode (view, search, zoom...), whose diff
   * colour, palette and width modes are also compare mode's. Controllable; kept while compare
   * mode hides that explorer. With the props above it makes a
   * `SeriesExplorerState`, which `encodeSeriesExplorerState` turns into a link.
   */
  explorerState?: ExplorerState;
  defaultExplorerState?: Partial<ExplorerState>;
  onExplorerStateChange?: (state: ExplorerState) => void;
  /** Sample type index or name; default the series' default type. */
  sampleType?: number | string;
  /** Height of the flame graphs in CSS pixels. */
  height?: number;
}

const SINGLE_BRUSHES: TimelineBrush[] = [{ id: 'selection', label: 'Selection' }];
/** One colour for the baseline and one for the comparison, wherever either is shown. */
const BASELINE_COLOR = '#1f77b4';
const COMPARISON_COLOR = '#d62728';
const TIME_BRUSHES: TimelineBrush[] = [
  { id: 'baseline', label: 'Baseline', color: BASELINE_COLOR },
  { id: 'comparison', label: 'Comparison', color: COMPARISON_COLOR },
];

/** When each value of a label is first seen (the earliest start of its profiles). */
function firstTimes(series: ProfileSeries, name: string): Map<string, number> {
  const first = new Map<string, number>();
  const totals = series.totals({ groupBy: name });
  for (const group of totals.groups) {
    const step = Array.prototype.findIndex.call(group.values, Number.isFinite);
    if (step >= 0) first.set(group.value ?? '', totals.startNs + step * totals.stepNs);
  }
  return first;
}

/**
 * Continuous profiling in one component: a label filter, totals over time with brushing, and below
 * them the merged profile of the selection (a full {@link ProfileExplorer}), or in compare mode
 * the diff flame graph and diff table of two time ranges or two label values. Everything runs in
 * the browser on a {@link ProfileSeries}; every piece of state is controllable.
 */
export function SeriesExplorer(props: SeriesExplorerProps) {
  const { series, revision = 0, theme, height = 360 } = props;
  const resolvedTheme = useResolvedTheme(theme);
  const [mode, setMode] = useControllableState(
    props.mode,
    props.defaultMode ?? 'single',
    props.onModeChange,
  );
  const [compareBy, setCompareBy] = useControllableState(
    props.compareBy,
    props.defaultCompareBy ?? 'time',
    props.onCompareByChange,
  );
  const [matchers, setMatchers] = useControllableState<readonly LabelMatcher[]>(
    props.matchers,
    props.defaultMatchers ?? [],
    props.onMatchersChange as ((value: readonly LabelMatcher[]) => void) | undefined,
  );
  const [groupBy, setGroupBy] = useControllableState<string | undefined>(
    props.groupBy,
    props.defaultGroupBy,
    props.onGroupByChange,
  );
  // eslint-disable-next-line react-hooks/exhaustive-deps -- revision: the series grew
  const labels = useMemo(() => series.labels(), [series, revision]);
  const halves = useMemo(() => {
    const span = series.timeRange();
    if (!span) return {};
    // On a whole second, so that the ranges read as times people write.
    const half = (span.endNs - span.startNs) / 2;
    const middle = span.startNs + (half >= 1e9 ? Math.round(half / 1e9) * 1e9 : Math.floor(half));
    return {
      baseline: { startNs: span.startNs, endNs: middle },
      comparison: { startNs: middle, endNs: span.endNs },
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- revision: the series grew
  }, [series, revision]);
  const [ranges, setRanges] = useControllableState<Readonly<Ranges>>(
    props.ranges,
    props.defaultRanges ?? halves,
    props.onRangesChange as ((value: Readonly<Ranges>) => void) | undefined,
  );
  const defaultComparison = useMemo(() => {
    const label = labels.find((l) => !l.name.startsWith('__') && l.values.length >= 2);
    if (!label) return undefined;
    // The two heaviest values; values without data in the default type still count. The one
    // whose profiles come first is the baseline (before, then after; version 1, then 2).
    const top = series.topLabelValues(label.name, { limit: 2 }).map((entry) => entry.value);
    const pair = [...new Set([...top, ...label.values])].slice(0, 2);
    const first = firstTimes(series, label.name);
    pair.sort(
      (a, b) =>
        (first.get(a) ?? Infinity) - (first.get(b) ?? Infinity) ||
        a.localeCompare(b, 'en', { numeric: true }),
    );
    const [baseline, comparison] = pair;
    return { name: label.name, baseline, comparison };
  }, [series, labels]);
  const [labelComparison, setLabelComparison] = useControllableState(
    props.labelComparison,
    props.defaultLabelComparison ?? defaultComparison,
    props.onLabelComparisonChange as ((value: LabelComparison | undefined) => void) | undefined,
  );
  const [explorerState, setExplorerState] = useControllableState(
    props.explorerState,
    { ...DEFAULT_EXPLORER_STATE, ...props.defaultExplorerState },
    props.onExplorerStateChange,
  );
  const types = series.sampleTypes;
  const sampleType =
    typeof props.sampleType === 'string'
      ? Math.max(
          0,
          types.findIndex((t) => t.type === props.sampleType),
        )
      : (props.sampleType ?? series.defaultSampleType);
  const views = useSeriesViews({
    series,
    revision,
    matchers,
    sampleType,
    groupBy,
    mode,
    compareBy,
    ranges,
    labelComparison,
  });
  const unit = types[sampleType]?.unit ?? 'count';
  const brushes = mode === 'compare' && compareBy === 'time' ? TIME_BRUSHES : SINGLE_BRUSHES;

  return (
    <div data-flamekit="series-explorer" {...themedRootProps(resolvedTheme, props)}>
      <div role="toolbar" aria-label="Series view" style={rowStyle}>
        {(['single', 'compare'] as const).map((value) => (
          <button
            key={value}
            type="button"
            aria-pressed={mode === value}
            style={buttonStyle}
            onClick={() => setMode(value)}
          >
            {value === 'single' ? 'Single profile' : 'Compare'}
          </button>
        ))}
        {mode === 'compare' && (
          <Picker
            label="Compare"
            value={compareBy}
            options={[
              ['time', 'two time ranges'],
              ['label', 'two label values'],
            ]}
            onChange={(value) => setCompareBy(value as SeriesCompareBy)}
          />
        )}
        <Picker
          label="Timeline by"
          value={groupBy ?? ''}
          options={[['', 'total'], ...labels.map((l): [string, string] => [l.name, l.name])]}
          onChange={(value) => setGroupBy(value === '' ? undefined : value)}
        />
      </div>
      <LabelFilter labels={labels} matchers={matchers} onChange={setMatchers} theme={theme} />
      {mode === 'compare' && compareBy === 'label' && labelComparison && (
        <LabelComparisonPicker
          labels={labels}
          value={labelComparison}
          onChange={setLabelComparison}
        />
      )}
      {views.totals && (
        <Timeline
          totals={views.totals}
          brushes={brushes}
          // Comparing two values of the label the timeline shows: their lines in the colours
          // of the baseline and the comparison.
          {...(mode === 'compare' &&
            compareBy === 'label' &&
            labelComparison &&
            groupBy === labelComparison.name && {
              groupColors: {
                [labelComparison.baseline]: BASELINE_COLOR,
                [labelComparison.comparison]: COMPARISON_COLOR,
              },
            })}
          ranges={ranges}
          onRangesChange={(next) => setRanges(next)}
          theme={theme}
          unit={unit}
          ariaLabel="Totals over time"
        />
      )}
      {views.error && (
        <div role="alert" style={{ color: themeColor.error }}>
          {views.error}
        </div>
      )}
      {mode === 'single' && views.merged && (
        <ProfileExplorer
          profile={views.merged}
          theme={theme}
          state={explorerState}
          onStateChange={setExplorerState}
        />
      )}
      {mode === 'compare' && views.hint && <p role="status">{views.hint}</p>}
      {mode === 'compare' && views.diff && (
        <>
          <DiffFlameGraph
            tree={views.diff}
            unit={unit}
            height={height}
            theme={theme}
            // The comparison's colour and width modes live in the explorer state, as a diff
            // profile's do in the explorer, so that a link keeps them.
            colorMode={explorerState.diffColorMode}
            onColorModeChange={(diffColorMode) =>
              setExplorerState((previous) => ({ ...previous, diffColorMode }))
            }
            palette={explorerState.diffPalette}
            onPaletteChange={(diffPalette) =>
              setExplorerState((previous) => ({ ...previous, diffPalette }))
            }
            widthMode={explorerState.diffWidthMode}
            onWidthModeChange={(diffWidthMode) =>
              setExplorerState((previous) => ({ ...previous, diffWidthMode }))
            }
          />
          <TopTable tree={views.diff} unit={unit} height={280} theme={theme} />
        </>
      )}
    </div>
  );
}

const rowStyle: CSSProperties = { display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center' };

function Picker(props: {
  label: string;
  value: string;
  options: [string, string][];
  /** The colour the chosen value is drawn in (a comparison's sides), shown as the select's edge. */
  color?: string;
  onChange: (value: string) => void;
}) {
  return (
    <label style={{ display: 'inline-flex', gap: 4, alignItems: 'center' }}>
      {props.label}
      <select
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        style={{ ...inputStyle, ...(props.color && { borderLeft: `4px solid ${props.color}` }) }}
      >
        {props.options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The label compared and its two values, from the values present. */
function LabelComparisonPicker(props: {
  labels: readonly { name: string; values: readonly string[] }[];
  value: LabelComparison;
  onChange: (value: LabelComparison) => void;
}) {
  const { labels, value, onChange } = props;
  const values = labels.find((l) => l.name === value.name)?.values ?? [];
  const options = values.map((v): [string, string] => [v, v === '' ? '(none)' : v]);
  return (
    <div role="group" aria-label="Label values compared" style={rowStyle}>
      <Picker
        label="Label"
        value={value.name}
        options={labels.map((l): [string, string] => [l.name, l.name])}
        onChange={(name) => {
          const next = labels.find((l) => l.name === name)?.values ?? [];
          onChange({ name, baseline: next[0] ?? '', comparison: next[1] ?? next[0] ?? '' });
        }}
      />
      <Picker
        label="Baseline"
        value={value.baseline}
        options={options}
        color={BASELINE_COLOR}
        onChange={(baseline) => onChange({ ...value, baseline })}
      />
      <Picker
        label="Comparison"
        value={value.comparison}
        options={options}
        color={COMPARISON_COLOR}
        onChange={(comparison) => onChange({ ...value, comparison })}
      />
    </div>
  );
}
