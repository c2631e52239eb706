import type { LabelMatcher } from './label-matchers';
import type { SampleType } from '../model/profile';

/** A span of time in nanoseconds since the Unix epoch: from `startNs` (included) to `endNs` (not). */
export interface TimeRange {
  startNs: number;
  endNs: number;
}

/**
 * How the profiles of one source add up over time.
 * - `'sum'`: values add up (CPU time, allocations, contentions: counts of things that happened).
 * - `'average'`: each source's profiles are averaged over time, then the sources add up
 *   (in-use memory, goroutines: gauges, where adding ten snapshots of one process means nothing).
 */
export type SeriesAggregation = 'sum' | 'average';

/** What to select from a profile series. Everything is optional: no field selects everything. */
export interface SeriesQuery {
  /** Profiles whose timestamp is in this range; all when absent. */
  range?: TimeRange;
  /** Label matchers (all must hold), or a selector such as `{service="api", pod=~"api-.*"}`. */
  matchers?: readonly LabelMatcher[] | string;
  /** Sample type index or name (the series' default when absent). */
  sampleType?: number | string;
  /** Default: `'average'` for gauge-like types (`inuse_*`, goroutines), else `'sum'`. */
  aggregation?: SeriesAggregation;
}

/** A query for totals over time. */
export interface TotalsQuery extends SeriesQuery {
  /**
   * Width of a step. Default: the range (or the series' span) cut into about 120 steps, but not
   * shorter than the usual time between two profiles of one source, nor than the usual length of
   * a profile (so that steps have data), rounded up to a round duration (1 s, 5 s, 10 s, 15 s, 30 s, 1 min, 5 min, ... 1 day).
   */
  stepNs?: number;
  /**
   * A label to split the totals by: one group per value (`""` for profiles without it); or several
   * labels, one group per combination of their values.
   */
  groupBy?: string | readonly string[];
  /** Keep the groups with the largest totals, at most this many; the rest are counted as omitted. */
  limit?: number;
}

/** Totals over time, in steps, one line per group (one group when not grouped). */
export interface SeriesTotals {
  /** Start of the first step, in nanoseconds since the Unix epoch. */
  startNs: number;
  stepNs: number;
  /** Number of steps; step `k` covers `startNs + k * stepNs` up to the next. */
  steps: number;
  sampleType: SampleType;
  aggregation: SeriesAggregation;
  /** The label (or labels) the groups are split by, when they are. */
  groupBy?: string | readonly string[];
  /** Largest total first. */
  groups: SeriesTotalsGroup[];
  /** Groups left out by the query's `limit`. */
  omittedGroups: number;
}

export interface SeriesTotalsGroup {
  /**
   * The `groupBy` label's value (`""` for profiles without it), or the values of several labels
   * joined by `", "`; absent when not grouped.
   */
  value?: string;
  /** Each `groupBy` label's value, when grouped. */
  labels?: Record<string, string>;
  /** Total per step; NaN for a step with no profile in it (no data, which is not zero). */
  values: Float64Array;
  /** Sum of the steps that have data. */
  total: number;
}

/** A label name and the values it takes in a series, for pickers. */
export interface LabelSummary {
  name: string;
  /** Distinct values, sorted. */
  values: readonly string[];
}
