import { FlamekitError } from '../errors';
import { FrameTable } from '../model/frame-table';
import type { Profile, SampleType } from '../model/profile';
import { mergeSeries, seriesTotals, summarizeLabelSets } from './series-query';
import type { SeriesEntry, SeriesStore } from './series-store';
import type { LabelSummary, SeriesQuery, SeriesTotals, TotalsQuery } from './series-types';
import type {
  ProfileSource,
  SourceDiff,
  SourceDiffQuery,
  SourceLabelQuery,
  SourceProfile,
  SourceProfileType,
  SourceTotals,
  SourceTotalsQuery,
  SourceTreeQuery,
} from './sources/profile-source';
import {
  answer,
  seriesDiff,
  seriesLabelNames,
  seriesLabelValues,
  seriesMergedProfile,
  seriesProfileTypes,
  seriesSourceTotals,
} from './sources/series-source';
import { StackTable } from '../model/stack-table';

/** Where a profile sits in a series: its time, length and labels. */
export interface SeriesProfileOptions {
  /** Timestamp in nanoseconds since the Unix epoch; default the profile's `timeRange.startNs`. */
  timeNs?: number;
  /** Default the length of the profile's `timeRange`, else 0. */
  durationNs?: number;
  /** Labels of the whole profile (service, pod, region, version...). */
  labels?: Readonly<Record<string, string>>;
}

/**
 * Many profiles over time, stored compactly for the browser: one frame table and one stack table
 * for all of them, and per profile only its sample columns (a stack id, a value per type and a
 * label set id per sample), with no object per sample. Label sets are interned: profiles and
 * samples that carry the same labels share one.
 *
 * A profile's labels are its own (`labels` when added) plus, per sample, its string labels from
 * pprof (a sample label wins over a profile label of the same name). Numeric pprof labels (such
 * as `bytes`) describe samples, not sources, and are not labels here.
 *
 * Query it with {@link ProfileSeries.merge} (one Profile of a time range and label matchers) and
 * {@link ProfileSeries.totals} (totals over time, grouped by a label). Adding a profile costs
 * about one pass over its samples; profiles built over shared frame and stack tables (a host's
 * own generator) are mapped once per table.
 *
 * It is also a {@link ProfileSource}, the one the views use when no server holds the profiles:
 * the `query*` methods answer at once, profile types being the sample types by name.
 */
export class ProfileSeries implements ProfileSource {
  readonly frames = new FrameTable();
  readonly stacks = new StackTable(this.frames);
  private readonly types: SampleType[] = [];
  /** The series type of the first profile's default type. */
  private defaultType = 0;
  private readonly entries: SeriesEntry[] = [];
  private readonly labelSets: ReadonlyMap<string, string>[] = [];
  private readonly labelSetIds = new Map<string, number>();
  private readonly frameMaps = new WeakMap<FrameTable, Int32Array>();
  private readonly stackMaps = new WeakMap<StackTable, Int32Array>();

  /** Number of profiles. */
  get size(): number {
    return this.entries.length;
  }

  /** The sample types of all profiles so far, in the order first met. */
  get sampleTypes(): readonly SampleType[] {
    return this.types;
  }

  /** Index of the type shown by default: the first profile's default type. */
  get defaultSampleType(): number {
    return this.defaultType;
  }

  /** When and how long each profile is, and its own labels (in the order added). */
  profiles(): { timeNs: number; durationNs: number; labels: Record<string, string> }[] {
    return this.entries.map((entry) => ({
      timeNs: entry.timeNs,
      durationNs: entry.durationNs,
      labels: Object.fromEntries(this.labelSets[entry.source]),
    }));
  }

  /**
   * From the earliest profile's start to the latest profile's end (past its timestamp, so that a
   * query of this range selects every profile); undefined when empty.
   */
  timeRange(): { startNs: number; endNs: number } | undefined {
    if (this.entries.length === 0) return undefined;
    let startNs = Infinity;
    let endNs = -Infinity;
    for (const entry of this.entries) {
      startNs = Math.min(startNs, entry.timeNs);
      // Past the last timestamp even for a profile of no duration: the range's end is excluded.
      // Epoch nanoseconds are past 2^53, where doubles are 256 ns apart, so 1 ns would not do.
      const past = entry.timeNs + Math.max(1, Math.abs(entry.timeNs) * Number.EPSILON);
      endNs = Math.max(endNs, entry.timeNs + entry.durationNs, past);
    }
    return { startNs, endNs };
  }

  /** Every label name with its distinct values, both sorted. */
  labels(): LabelSummary[] {
    return summarizeLabelSets(this.labelSets);
  }

  /**
   * Adds a profile; returns its index. Its time is `options.timeNs` or its `timeRange`; a profile
   * with neither is refused, as is a comparison profile (a series holds single profiles).
   */
  add(profile: Profile, options: SeriesProfileOptions = {}): number {
    const timeNs = options.timeNs ?? profile.timeRange?.startNs;
    if (typeof timeNs !== 'number' || !Number.isFinite(timeNs)) {
      throw new FlamekitError(
        'invalid-argument',
        'the profile has no time range; give its time with the timeNs option (nanoseconds since the Unix epoch)',
      );
    }
    const range = profile.timeRange;
    const durationNs = options.durationNs ?? (range ? range.endNs - range.startNs : 0);
    if (!Number.isFinite(durationNs) || durationNs < 0) {
      throw new FlamekitError('invalid-argument', `durationNs ${durationNs} is not a duration`);
    }
    if (profile.comparison) {
      throw new FlamekitError(
        'invalid-argument',
        'a comparison profile (two sides) cannot join a series; add its two profiles instead',
      );
    }
    const profileLabels = checkLabels(options.labels ?? {});
    const source = this.internLabelSet(new Map(Object.entries(profileLabels)));
    const stackMap = this.mapStacks(profile);
    const { samples } = profile;
    const count = samples.count;
    const stack = new Int32Array(count);
    for (let i = 0; i < count; i++) stack[i] = stackMap[samples.stack[i]];
    const labelSet = this.sampleLabelSets(profile, profileLabels, source);
    const values: (Float64Array | undefined)[] = [];
    profile.sampleTypes.forEach((type, t) => {
      values[this.typeIndex(type)] = samples.values[t].slice(0, count);
    });
    if (this.entries.length === 0) {
      this.defaultType = this.typeIndex(profile.sampleTypes[profile.defaultSampleType]);
    }
    const { setIds, setTotals } = totalsPerSet(labelSet, source, values, count);
    this.entries.push({
      timeNs,
      durationNs,
      format: profile.format,
      period: profile.period,
      truncated: profile.truncated,
      granularity: profile.granularity,
      source,
      stack,
      labelSet,
      values,
      setIds,
      setTotals,
    });
    return this.entries.length - 1;
  }

  /** One profile of the selected profiles and samples, added up (or averaged: see the query). */
  merge(query: SeriesQuery = {}): Profile {
    return mergeSeries(this.store(), query);
  }

  /** Totals over time at a step, one line per value of `groupBy` (or one line). */
  totals(query: TotalsQuery = {}): SeriesTotals {
    return seriesTotals(this.store(), query);
  }

  /** The values of `name` with the largest totals over the query's range, largest first. */
  topLabelValues(
    name: string,
    query: SeriesQuery & { limit?: number } = {},
  ): { value: string; total: number }[] {
    const range = query.range ?? this.timeRange();
    if (!range) return [];
    const whole = { ...query, range, groupBy: name, stepNs: range.endNs - range.startNs || 1 };
    return seriesTotals(this.store(), whole).groups.map((group) => ({
      value: group.value ?? '',
      total: group.total,
    }));
  }

  queryProfileTypes(query: SourceLabelQuery, signal?: AbortSignal): Promise<SourceProfileType[]> {
    return answer(signal, () => seriesProfileTypes(this.store(), query));
  }

  queryLabelNames(query: SourceLabelQuery, signal?: AbortSignal): Promise<string[]> {
    return answer(signal, () => seriesLabelNames(this.store(), query));
  }

  queryLabelValues(name: string, query: SourceLabelQuery, signal?: AbortSignal): Promise<string[]> {
    return answer(signal, () => seriesLabelValues(this.store(), name, query));
  }

  queryTotals(query: SourceTotalsQuery, signal?: AbortSignal): Promise<SourceTotals> {
    return answer(signal, () => seriesSourceTotals(this.store(), query));
  }

  queryMergedTree(query: SourceTreeQuery, signal?: AbortSignal): Promise<SourceProfile> {
    return answer(signal, () => seriesMergedProfile(this.store(), query, false));
  }

  /** The merged profile with the lines the added profiles have (imported with `granularity: 'line'`). */
  queryMergedPprof(query: SourceTreeQuery, signal?: AbortSignal): Promise<SourceProfile> {
    return answer(signal, () => seriesMergedProfile(this.store(), query, true));
  }

  queryDiff(query: SourceDiffQuery, signal?: AbortSignal): Promise<SourceDiff> {
    return answer(signal, () => seriesDiff(this.store(), query));
  }

  private store(): SeriesStore {
    return {
      frames: this.frames,
      stacks: this.stacks,
      sampleTypes: this.types,
      defaultSampleType: this.defaultType,
      entries: this.entries,
      labelSets: this.labelSets,
      timeRange: () => this.timeRange(),
    };
  }

  private typeIndex(type: SampleType): number {
    let index = this.types.findIndex((t) => t.type === type.type && t.unit === type.unit);
    if (index < 0) index = this.types.push({ type: type.type, unit: type.unit }) - 1;
    return index;
  }

  /** The series stack of each of the profile's stacks, extended as its table grows. */
  private mapStacks(profile: Profile): Int32Array {
    const frameMap = this.mapFrames(profile.frames);
    const known = this.stackMaps.get(profile.stacks);
    if (known && known.length === profile.stacks.size) return known;
    const { parent, frame } = profile.stacks.columns();
    const map = new Int32Array(parent.length);
    if (known) map.set(known);
    for (let s = known ? known.length : 1; s < parent.length; s++)
      map[s] = this.stacks.child(map[parent[s]], frameMap[frame[s]]);
    this.stackMaps.set(profile.stacks, map);
    return map;
  }

  private mapFrames(frames: FrameTable): Int32Array {
    const known = this.frameMaps.get(frames);
    if (known && known.length === frames.size) return known;
    const map = new Int32Array(frames.size);
    if (known) map.set(known);
    for (let f = known ? known.length : 0; f < frames.size; f++)
      map[f] = this.frames.intern(frames.get(f));
    this.frameMaps.set(frames, map);
    return map;
  }

  /** The label set of each sample, or undefined when no sample has string labels of its own. */
  private sampleLabelSets(
    profile: Profile,
    profileLabels: Readonly<Record<string, string>>,
    source: number,
  ): Int32Array | undefined {
    const { labelSet, labelSets, count } = profile.samples;
    if (!labelSet) return undefined;
    // The set of each of the profile's own label sets, made once.
    const combined = labelSets.map((labels) => {
      const strings = labels.filter((label) => label.value !== undefined);
      if (strings.length === 0) return source;
      const set = new Map(Object.entries(profileLabels));
      for (const label of strings) set.set(label.key, label.value!);
      return this.internLabelSet(set);
    });
    if (combined.every((set) => set === source)) return undefined;
    const result = new Int32Array(count);
    for (let i = 0; i < count; i++) result[i] = labelSet[i] < 0 ? source : combined[labelSet[i]];
    return result;
  }

  private internLabelSet(set: Map<string, string>): number {
    const sorted = [...set].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const key = JSON.stringify(sorted);
    let id = this.labelSetIds.get(key);
    if (id === undefined) {
      id = this.labelSets.push(new Map(sorted)) - 1;
      this.labelSetIds.set(key, id);
    }
    return id;
  }
}

function checkLabels(labels: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  if (typeof labels !== 'object' || labels === null) {
    throw new FlamekitError('invalid-argument', 'labels are an object of name to string value');
  }
  for (const [name, value] of Object.entries(labels)) {
    if (typeof value !== 'string') {
      throw new FlamekitError(
        'invalid-argument',
        `label ${JSON.stringify(name)} has a ${typeof value} value; label values are strings`,
      );
    }
  }
  return labels;
}

/** The distinct label sets of a profile's samples and each one's value per type. */
function totalsPerSet(
  labelSet: Int32Array | undefined,
  source: number,
  values: (Float64Array | undefined)[],
  count: number,
): { setIds: Int32Array; setTotals: (Float64Array | undefined)[] } {
  const slotOf = new Map<number, number>();
  const setIds: number[] = [];
  const slots = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const set = labelSet ? labelSet[i] : source;
    let slot = slotOf.get(set);
    if (slot === undefined) slotOf.set(set, (slot = setIds.push(set) - 1));
    slots[i] = slot;
  }
  if (count === 0) setIds.push(source);
  const setTotals = values.map((column) => {
    if (!column) return undefined;
    const totals = new Float64Array(setIds.length);
    for (let i = 0; i < count; i++) totals[slots[i]] += column[i];
    return totals;
  });
  return { setIds: Int32Array.from(setIds), setTotals };
}
