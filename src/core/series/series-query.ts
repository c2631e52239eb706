import { FlamekitError } from '../errors';
import { compileLabelMatchers, parseLabelSelector } from './label-matchers';
import type { Profile, SampleType } from '../model/profile';
import { createProfile } from '../model/profile-builder';
import type { SeriesEntry, SeriesStore } from './series-store';
import type {
  LabelSummary,
  SeriesAggregation,
  SeriesQuery,
  SeriesTotals,
  SeriesTotalsGroup,
  TimeRange,
  TotalsQuery,
} from './series-types';

/** Gauges, whose snapshots are averaged over time rather than added: in-use memory, goroutines. */
export function defaultAggregation(sampleType: SampleType): SeriesAggregation {
  return /^inuse_|goroutine/i.test(sampleType.type) ? 'average' : 'sum';
}

/** Steps a default `stepNs` is rounded up to, so that axis ticks fall on round times. */
const NICE_STEPS_S = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
];
const DEFAULT_STEP_COUNT = 120;
const MAX_STEPS = 100_000;

/**
 * The selected samples added up per stack into one Profile over the series' frame and stack tables,
 * with every sample type of the series. Each type is summed or averaged as the query says, or as
 * {@link defaultAggregation} says for it. Averaging divides each profile's values by the number
 * of profiles of its source (same profile labels) in the range: each source's mean over time, the
 * sources added up. The merged profile has no labels.
 */
export function mergeSeries(store: SeriesStore, query: SeriesQuery): Profile {
  const selection = select(store, query);
  const stackCount = store.stacks.size;
  const columns = store.sampleTypes.map((type) => {
    const aggregation = query.aggregation ?? defaultAggregation(type);
    return { type, aggregation, self: new Float64Array(stackCount) };
  });
  const perSource = columns.map((_, t) => countPerSource(selection.entries, t, 1, () => 0));
  for (const entry of selection.entries) {
    const matches = selection.matches;
    columns.forEach(({ aggregation, self }, t) => {
      const values = entry.values[t];
      if (!values) return;
      const weight = aggregation === 'average' ? 1 / perSource[t].get(entry.source)![0] : 1;
      addSamples(entry, values, weight, matches, self);
    });
  }
  // One sample per stack that has a value of any type.
  const used: number[] = [];
  for (let s = 0; s < stackCount; s++) if (columns.some(({ self }) => self[s] !== 0)) used.push(s);
  const stack = Int32Array.from(used);
  const first = selection.entries[0];
  const range = spanOf(selection.entries);
  return createProfile({
    format: first?.format ?? 'pprof',
    sampleTypes:
      store.sampleTypes.length > 0 ? store.sampleTypes : [{ type: 'samples', unit: 'count' }],
    defaultSampleType: selection.sampleType,
    frames: store.frames,
    stacks: store.stacks,
    samples: {
      count: stack.length,
      stack,
      values: (columns.length > 0 ? columns : [{ self: new Float64Array(0) }]).map(({ self }) =>
        Float64Array.from(stack, (s) => self[s]),
      ),
      labelSets: [],
    },
    truncated: selection.entries.some((entry) => entry.truncated),
    warnings: [],
    // Lines of some profiles and functions of others cannot be read as one or the other.
    ...(first &&
      selection.entries.every((e) => e.granularity === first.granularity) && {
        granularity: first.granularity,
      }),
    ...(first?.period && { period: first.period }),
    ...(range && { timeRange: range }),
  });
}

/** Adds the matching samples of one profile, times `weight`, into `self` by stack. */
function addSamples(
  entry: SeriesEntry,
  values: Float64Array,
  weight: number,
  matches: (set: number) => boolean,
  self: Float64Array,
): void {
  const { stack, labelSet } = entry;
  if (!labelSet) {
    if (!matches(entry.source)) return;
    for (let i = 0; i < stack.length; i++) self[stack[i]] += values[i] * weight;
    return;
  }
  for (let i = 0; i < stack.length; i++)
    if (matches(labelSet[i])) self[stack[i]] += values[i] * weight;
}

/**
 * Totals per step of the query's sample type, per value of `groupBy`. Reads only each profile's
 * totals per label set (kept when it was added), so it costs a pass over the profiles, not over
 * their samples. Averaging: each source's profiles in a step are averaged, then added up.
 */
export function seriesTotals(store: SeriesStore, query: TotalsQuery): SeriesTotals {
  const selection = select(store, query);
  const type = selection.sampleType;
  const sampleType = store.sampleTypes[type] ?? { type: 'samples', unit: 'count' };
  const aggregation = query.aggregation ?? defaultAggregation(sampleType);
  const range = query.range ?? store.timeRange();
  const empty: SeriesTotals = {
    startNs: range?.startNs ?? 0,
    stepNs: query.stepNs ?? 1,
    steps: 0,
    sampleType,
    aggregation,
    groups: [],
    omittedGroups: 0,
    ...(query.groupBy !== undefined && { groupBy: query.groupBy }),
  };
  if (!range || range.endNs <= range.startNs) return empty;
  const stepNs =
    query.stepNs ??
    niceStep(
      Math.max((range.endNs - range.startNs) / DEFAULT_STEP_COUNT, collectionInterval(selection)),
    );
  if (!(stepNs > 0 && Number.isFinite(stepNs))) {
    throw new FlamekitError('invalid-argument', `stepNs ${stepNs} is not a positive duration`);
  }
  const steps = Math.ceil((range.endNs - range.startNs) / stepNs);
  if (steps > MAX_STEPS) {
    throw new FlamekitError(
      'invalid-argument',
      `the range makes ${steps} steps of ${stepNs} ns (at most ${MAX_STEPS}); choose a larger stepNs`,
    );
  }
  // Clamped: rounding of nanosecond timestamps must not put the last profile past the last step.
  const stepOf = (entry: SeriesEntry) =>
    Math.min(steps - 1, Math.floor((entry.timeNs - range.startNs) / stepNs));
  const perSource = countPerSource(selection.entries, type, steps, stepOf);
  const groupOf = groupIndex(store, query.groupBy, selection.matches);
  const groups: SeriesTotalsGroup[] = [];
  for (const entry of selection.entries) {
    const totals = entry.setTotals[type];
    if (!totals) continue;
    const k = stepOf(entry);
    const weight = aggregation === 'average' ? 1 / perSource.get(entry.source)![k] : 1;
    for (let j = 0; j < entry.setIds.length; j++) {
      const g = groupOf(entry.setIds[j]);
      if (g.index < 0) continue;
      const group = (groups[g.index] ??= {
        ...(query.groupBy !== undefined && { value: g.value, labels: g.labels }),
        values: new Float64Array(steps).fill(NaN),
        total: 0,
      });
      if (Number.isNaN(group.values[k])) group.values[k] = 0;
      group.values[k] += totals[j] * weight;
    }
  }
  const present = groups.filter(Boolean);
  for (const group of present)
    group.total = group.values.reduce((sum, v) => (Number.isNaN(v) ? sum : sum + v), 0);
  present.sort((a, b) => b.total - a.total || ((a.value ?? '') < (b.value ?? '') ? -1 : 1));
  const limit = query.limit ?? Infinity;
  if (!(limit >= 0)) throw new FlamekitError('invalid-argument', `limit ${limit} is not a count`);
  return {
    ...empty,
    stepNs,
    steps,
    groups: present.slice(0, limit),
    omittedGroups: Math.max(0, present.length - limit),
  };
}

interface Selection {
  /** The profiles in the range, in the order added. */
  entries: SeriesEntry[];
  /** Whether a label set satisfies the matchers (memoised per set). */
  matches: (set: number) => boolean;
  sampleType: number;
}

function select(store: SeriesStore, query: SeriesQuery): Selection {
  const sampleType = resolveType(store, query.sampleType);
  const matchers =
    typeof query.matchers === 'string'
      ? parseLabelSelector(query.matchers)
      : (query.matchers ?? []);
  const test = compileLabelMatchers(matchers);
  const known = new Int8Array(store.labelSets.length); // 0 unknown, 1 yes, -1 no
  const matches = (set: number) => {
    if (known[set] === 0) {
      const labels = store.labelSets[set];
      known[set] = test((name) => labels.get(name)) ? 1 : -1;
    }
    return known[set] === 1;
  };
  const range = query.range;
  if (range && !(range.startNs <= range.endNs)) {
    throw new FlamekitError(
      'invalid-argument',
      `the range ends (${range.endNs}) before it starts (${range.startNs})`,
    );
  }
  const entries = range
    ? store.entries.filter((e) => e.timeNs >= range.startNs && e.timeNs < range.endNs)
    : [...store.entries];
  return { entries, matches, sampleType };
}

function resolveType(store: SeriesStore, sampleType: number | string | undefined): number {
  if (sampleType === undefined) return store.defaultSampleType;
  const index =
    typeof sampleType === 'number'
      ? sampleType
      : store.sampleTypes.findIndex((t) => t.type === sampleType);
  if (!(Number.isInteger(index) && index >= 0 && index < store.sampleTypes.length)) {
    const known = store.sampleTypes.map((t) => t.type).join(', ') || 'none yet';
    throw new FlamekitError(
      'invalid-argument',
      `the series has no sample type ${JSON.stringify(sampleType)}; it has ${known}`,
    );
  }
  return index;
}

/**
 * Profiles per source and step that have the sample type: the divisors of averaging. A profile
 * without the type (a CPU profile beside the heap profiles of the same process) is not one of them.
 */
function countPerSource(
  entries: readonly SeriesEntry[],
  sampleType: number,
  steps: number,
  stepOf: (entry: SeriesEntry) => number,
): Map<number, Int32Array> {
  const counts = new Map<number, Int32Array>();
  for (const entry of entries) {
    if (!entry.values[sampleType]) continue;
    let count = counts.get(entry.source);
    if (!count) counts.set(entry.source, (count = new Int32Array(steps)));
    count[stepOf(entry)]++;
  }
  return counts;
}

/** The group of each label set: its `groupBy` values' index, -1 if the set does not match. */
function groupIndex(
  store: SeriesStore,
  groupBy: string | readonly string[] | undefined,
  matches: (set: number) => boolean,
): (set: number) => { index: number; value: string; labels?: Record<string, string> } {
  const names = groupBy === undefined ? [] : typeof groupBy === 'string' ? [groupBy] : groupBy;
  const byValue = new Map<string, number>();
  const cache = new Map<
    number,
    { index: number; value: string; labels?: Record<string, string> }
  >();
  return (set) => {
    let group = cache.get(set);
    if (!group) {
      const values = names.map((name) => store.labelSets[set].get(name) ?? '');
      const key = JSON.stringify(values);
      let index = byValue.get(key);
      if (index === undefined) byValue.set(key, (index = byValue.size));
      const value = values.join(', ');
      const labels = groupBy === undefined ? undefined : labelRecord(names, values);
      group = { index: matches(set) ? index : -1, value, ...(labels && { labels }) };
      cache.set(set, group);
    }
    return group;
  };
}

/** Names and values as an object, with own properties even for names such as `__proto__`. */
function labelRecord(names: readonly string[], values: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name, k) => [name, values[k]]));
}

/**
 * The label names and values of the profiles and samples a query selects (range and matchers;
 * those with a value of the query's sample type), both sorted; `""` values left out.
 */
export function seriesLabels(store: SeriesStore, query: SeriesQuery): LabelSummary[] {
  const selection = select(store, query);
  const seen = new Set<number>();
  for (const entry of selection.entries) {
    const totals = entry.setTotals[selection.sampleType];
    if (!totals) continue;
    entry.setIds.forEach((set, j) => {
      if (totals[j] !== 0 && selection.matches(set)) seen.add(set);
    });
  }
  return summarizeLabelSets(
    [...seen].map((set) => store.labelSets[set]),
    (value) => value !== '',
  );
}

/** Every label name of the sets with its distinct values (those `keep` keeps), both sorted. */
export function summarizeLabelSets(
  sets: Iterable<ReadonlyMap<string, string>>,
  keep: (value: string) => boolean = () => true,
): LabelSummary[] {
  const values = new Map<string, Set<string>>();
  for (const set of sets)
    for (const [name, value] of set) {
      if (!keep(value)) continue;
      let list = values.get(name);
      if (!list) values.set(name, (list = new Set()));
      list.add(value);
    }
  return [...values]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, list]) => ({ name, values: [...list].sort() }));
}

/**
 * How long a step should at least be: the median time between consecutive profiles of a source,
 * or the median length of a profile if longer. Shorter steps would leave most steps without
 * data, a chart of dots. 0 when there is nothing to go by.
 */
function collectionInterval(selection: Selection): number {
  const times = new Map<number, number[]>();
  const durations: number[] = [];
  for (const entry of selection.entries) {
    let list = times.get(entry.source);
    if (!list) times.set(entry.source, (list = []));
    list.push(entry.timeNs);
    if (entry.durationNs > 0) durations.push(entry.durationNs);
  }
  const gaps: number[] = [];
  for (const list of times.values()) {
    list.sort((a, b) => a - b);
    for (let k = 1; k < list.length; k++)
      if (list[k] > list[k - 1]) gaps.push(list[k] - list[k - 1]);
  }
  return Math.max(median(gaps), median(durations));
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  values.sort((a, b) => a - b);
  return values[values.length >> 1];
}

/**
 * `rawNs` rounded up to a round step (1 s, 2 s, 5 s, 10 s, 15 s, 30 s, 1 min, ... 1 day, then
 * whole days), so that axis ticks fall on round times; below a second, whole nanoseconds.
 */
export function niceStep(rawNs: number): number {
  const seconds = rawNs / 1e9;
  if (seconds < 1) return Math.max(1, Math.ceil(rawNs)); // a short trace, not a day of profiles
  const nice = NICE_STEPS_S.find((step) => step >= seconds);
  return (nice ?? Math.ceil(seconds / 86400) * 86400) * 1e9;
}

function spanOf(entries: readonly SeriesEntry[]): TimeRange | undefined {
  if (entries.length === 0) return undefined;
  let startNs = Infinity;
  let endNs = -Infinity;
  for (const entry of entries) {
    startNs = Math.min(startNs, entry.timeNs);
    endNs = Math.max(endNs, entry.timeNs + entry.durationNs);
  }
  return { startNs, endNs };
}
