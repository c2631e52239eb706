import { computeDiff } from '../../diff/diff';
import { FlamekitError } from '../../errors';
import type { Profile, SampleType } from '../../model/profile';
import { mergeSeries, seriesLabels, seriesTotals } from '../series-query';
import type { SeriesStore } from '../series-store';
import type { SeriesQuery } from '../series-types';
import type {
  SourceDiff,
  SourceDiffQuery,
  SourceLabelQuery,
  SourceProfile,
  SourceProfileType,
  SourceQuery,
  SourceTotals,
  SourceTotalsQuery,
  SourceTreeQuery,
} from './profile-source';
import { computeTreeCut } from './tree-cut';
import { createProfileFromTree } from './tree-profile';

/**
 * A {@link ProfileSeries} as a `ProfileSource`: the queries run in the page, at once. Profile types
 * are the series' sample types, by name. Trees are merged by function name and cut to `maxNodes`
 * as Grafana Pyroscope merges and cuts them, so that the views show the same on either source.
 */

/** Runs a synchronous query as a source call: refused when `signal` is already aborted. */
export function answer<T>(signal: AbortSignal | undefined, run: () => T): Promise<T> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  try {
    return Promise.resolve(run());
  } catch (error) {
    return Promise.reject(error);
  }
}

export function seriesProfileTypes(
  store: SeriesStore,
  query: SourceLabelQuery,
): SourceProfileType[] {
  const range = query.range ?? store.timeRange();
  if (!range) return [];
  const wanted = query.profileType;
  return store.sampleTypes.flatMap((sampleType, index): SourceProfileType[] => {
    if (wanted !== undefined && sampleType.type !== wanted) return [];
    const whole = seriesTotals(store, {
      range,
      matchers: query.matchers,
      sampleType: index,
      stepNs: range.endNs - range.startNs || 1,
    });
    if (whole.groups.length === 0) return [];
    return [{ id: sampleType.type, sampleType: { type: sampleType.type, unit: sampleType.unit } }];
  });
}

export function seriesLabelNames(store: SeriesStore, query: SourceLabelQuery): string[] {
  return selectedLabels(store, query).map((label) => label.name);
}

export function seriesLabelValues(
  store: SeriesStore,
  name: string,
  query: SourceLabelQuery,
): string[] {
  return [...(selectedLabels(store, query).find((label) => label.name === name)?.values ?? [])];
}

function selectedLabels(store: SeriesStore, query: SourceLabelQuery) {
  const types =
    query.profileType === undefined ? store.sampleTypes.map((_, t) => t) : [query.profileType];
  const names = new Map<string, Set<string>>();
  for (const sampleType of types) {
    for (const label of seriesLabels(store, { ...seriesQueryOf(store, query, sampleType) })) {
      let values = names.get(label.name);
      if (!values) names.set(label.name, (values = new Set()));
      for (const value of label.values) values.add(value);
    }
  }
  return [...names]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, values]) => ({ name, values: [...values].sort() }));
}

function seriesQueryOf(
  store: SeriesStore,
  query: SourceLabelQuery | SourceQuery,
  sampleType: number | string | undefined,
): SeriesQuery {
  checkType(store, sampleType);
  return {
    ...(query.range && { range: query.range }),
    ...(query.matchers !== undefined && { matchers: query.matchers }),
    ...(sampleType !== undefined && { sampleType }),
  };
}

export function seriesSourceTotals(store: SeriesStore, query: SourceTotalsQuery): SourceTotals {
  const groupBy =
    query.groupBy === undefined
      ? []
      : typeof query.groupBy === 'string'
        ? [query.groupBy]
        : [...query.groupBy];
  const totals = seriesTotals(store, {
    ...seriesQueryOf(store, query, query.profileType),
    ...(query.stepNs !== undefined && { stepNs: query.stepNs }),
    ...(groupBy.length > 0 && { groupBy }),
    ...(query.aggregation && { aggregation: query.aggregation }),
    // 0 means no limit, as Grafana Pyroscope reads it.
    ...(query.limit !== undefined && query.limit > 0 && { limit: query.limit }),
  });
  return {
    startNs: totals.startNs,
    stepNs: totals.stepNs,
    steps: totals.steps,
    sampleType: totals.sampleType,
    aggregation: totals.aggregation,
    groupBy,
    groups: totals.groups.map((group) => ({ ...group, labels: group.labels ?? {} })),
    omittedGroups: totals.omittedGroups,
    partial: totals.omittedGroups > 0,
  };
}

/**
 * The merged profile of one type, by function name (or, for `lines`, as the profiles were added:
 * line granularity where they were imported so), narrowed to the call site and cut.
 */
export function seriesMergedProfile(
  store: SeriesStore,
  query: SourceTreeQuery,
  lines: boolean,
): SourceProfile {
  const merged = mergeSeries(store, seriesQueryOf(store, query, query.profileType));
  const sampleType = typeOf(store, query.profileType);
  const details = {
    format: merged.format,
    ...(merged.period && { period: merged.period }),
    ...(merged.timeRange && { timeRange: merged.timeRange }),
  };
  const tree = lines
    ? merged.tree(query.profileType)
    : createProfileFromTree(merged.tree(query.profileType), sampleType, { byName: true }).tree();
  const cut = computeTreeCut(tree, { maxNodes: query.maxNodes, callSite: query.callSite });
  const profile = createProfileFromTree(cut.tree, sampleType, {
    ...details,
    truncated: cut.partial || merged.truncated,
  });
  if (lines && merged.granularity) profile.granularity = merged.granularity;
  return {
    profile,
    partial: cut.partial,
    otherTotal: cut.otherTotal,
    callSite: [...(query.callSite ?? [])],
  };
}

/** Each side merged by name and cut, the diff of the two, cut again (as Pyroscope's Diff does). */
export function seriesDiff(store: SeriesStore, query: SourceDiffQuery): SourceDiff {
  if (query.baseline.profileType !== query.comparison.profileType) {
    throw new FlamekitError(
      'invalid-argument',
      `a diff compares one profile type; got ${query.baseline.profileType} and ${query.comparison.profileType}`,
    );
  }
  const side = (part: SourceQuery): Profile =>
    seriesMergedProfile(store, { ...part, maxNodes: query.maxNodes }, false).profile;
  const diff = computeDiff(side(query.baseline).tree(), side(query.comparison).tree());
  const cut = computeTreeCut(diff, { maxNodes: query.maxNodes });
  return {
    tree: cut.tree,
    partial: cut.partial,
    sampleType: typeOf(store, query.comparison.profileType),
  };
}

function typeOf(store: SeriesStore, name: string): SampleType {
  const found = store.sampleTypes.find((type) => type.type === name);
  if (!found) checkType(store, name);
  return { type: found!.type, unit: found!.unit };
}

function checkType(store: SeriesStore, sampleType: number | string | undefined): void {
  if (typeof sampleType !== 'string') return;
  if (store.sampleTypes.some((type) => type.type === sampleType)) return;
  const known = store.sampleTypes.map((type) => type.type).join(', ') || 'none yet';
  throw new FlamekitError(
    'invalid-argument',
    `the series has no profile type ${JSON.stringify(sampleType)}; it has ${known}`,
  );
}
