import { useMemo } from 'react';
import {
  computeDiff,
  isFlamekitError,
  type CallTree,
  type LabelMatcher,
  type Profile,
  type ProfileSeries,
  type SeriesTotals,
  type TimeRange,
} from '../core/index';

/** What the explorer compares: two time ranges, or two values of one label. */
export type SeriesCompareBy = 'time' | 'label';

export interface LabelComparison {
  name: string;
  baseline: string;
  comparison: string;
}

export interface SeriesViewsInput {
  series: ProfileSeries;
  revision: number;
  matchers: readonly LabelMatcher[];
  sampleType: number;
  groupBy: string | undefined;
  mode: 'single' | 'compare';
  compareBy: SeriesCompareBy;
  ranges: Readonly<Record<string, TimeRange | undefined>>;
  labelComparison: LabelComparison | undefined;
}

export interface SeriesViews {
  totals: SeriesTotals | undefined;
  /** The merged profile of the selection (single mode). */
  merged: Profile | undefined;
  /** The diff tree (compare mode), once both sides are chosen. */
  diff: CallTree | undefined;
  /** What is missing before a comparison can be shown, in words. */
  hint: string | undefined;
  error: string | undefined;
}

/**
 * The explorer's derived data, each memoised on what it reads: the timeline's totals, and the
 * merged profile or the diff of the two sides. Merging is the costly step (a pass over the
 * selected samples), so it reruns only when the selection changes.
 */
export function useSeriesViews(input: SeriesViewsInput): SeriesViews {
  const { series, revision, matchers, sampleType, groupBy, mode, compareBy, ranges } = input;
  const { labelComparison } = input;
  const totals = useMemo(
    () => attempt(() => series.totals({ matchers, sampleType, groupBy, limit: 8 })),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- revision: the series grew
    [series, revision, matchers, sampleType, groupBy],
  );
  const sides = useMemo(
    () => describeSides({ mode, compareBy, ranges, matchers, labelComparison }),
    [mode, compareBy, ranges, matchers, labelComparison],
  );

  const merged = useMemo(
    () =>
      mode === 'single'
        ? attempt(() => series.merge({ range: ranges.selection, matchers, sampleType }))
        : undefined,
    // eslint-disable-next-line react-hooks/exhaustive-deps -- revision: the series grew
    [series, revision, mode, ranges.selection, matchers, sampleType],
  );
  const diff = useMemo(() => {
    if (!sides.baseline || !sides.comparison) return undefined;
    const { baseline, comparison } = sides;
    return attempt(() =>
      computeDiff(
        series.merge({ ...baseline, sampleType }).tree(sampleType),
        series.merge({ ...comparison, sampleType }).tree(sampleType),
      ),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- revision: the series grew
  }, [series, revision, sides, sampleType]);
  const error = [totals, merged, diff].find((result) => result?.error)?.error;
  return {
    totals: totals.value,
    merged: merged?.value,
    diff: diff?.value,
    hint: sides.hint,
    error,
  };
}

export interface SideQuery {
  range: TimeRange | undefined;
  matchers: readonly LabelMatcher[];
}

/**
 * The queries of the two sides of a comparison, or in words what is missing. Comparing labels
 * adds `name="value"` to the shared matchers and keeps the `selection` range (all time if none).
 */
export function describeSides(
  input: Pick<SeriesViewsInput, 'mode' | 'compareBy' | 'ranges' | 'matchers' | 'labelComparison'>,
): { baseline?: SideQuery; comparison?: SideQuery; hint?: string } {
  const { mode, compareBy, ranges, matchers, labelComparison } = input;
  if (mode === 'single') return {};
  if (compareBy === 'time') {
    if (!ranges.baseline) return { hint: 'Drag on the timeline to choose the baseline range.' };
    if (!ranges.comparison)
      return { hint: 'Choose Comparison, then drag on the timeline to choose its range.' };
    return {
      baseline: { range: ranges.baseline, matchers },
      comparison: { range: ranges.comparison, matchers },
    };
  }
  if (!labelComparison) return { hint: 'These profiles have no label with two values.' };
  const side = (value: string): SideQuery => ({
    range: ranges.selection,
    matchers: [...matchers, { name: labelComparison.name, op: '=', value }],
  });
  return { baseline: side(labelComparison.baseline), comparison: side(labelComparison.comparison) };
}

/** Runs a query; flamekit's errors become a message for the page, anything else is a bug. */
function attempt<T>(run: () => T): { value?: T; error?: string } {
  try {
    return { value: run() };
  } catch (error) {
    if (isFlamekitError(error)) return { error: error.message };
    throw error;
  }
}
