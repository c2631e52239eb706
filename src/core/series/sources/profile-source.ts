import type { CallTree } from '../../model/call-tree';
import type { LabelMatcher } from '../label-matchers';
import type { NodePath } from '../../views/node-path';
import type { Profile, SampleType } from '../../model/profile';
import type {
  SeriesAggregation,
  SeriesTotals,
  SeriesTotalsGroup,
  TimeRange,
} from '../series-types';

/**
 * Where the time-and-labels views get their profiles: a {@link ProfileSeries} the page filled
 * itself (the embedded default), or a server that keeps them, such as Grafana Pyroscope
 * (`createPyroscopeSource`). Every call takes an `AbortSignal`: a view that asks again cancels
 * what it asked before. Cancelling rejects the promise with the signal's `reason` unchanged (a
 * `DOMException` named `AbortError` unless the caller gave another). Other failures are
 * `FlamekitError`s.
 *
 * Results that a source cut short say so with `partial`: a tree whose small calls were folded into
 * `other` nodes (a server's cut to `maxNodes`), totals whose smaller groups were left out.
 */
export interface ProfileSource {
  /** The profile types that have profiles in the range (and match the matchers, when given). */
  queryProfileTypes(query: SourceLabelQuery, signal?: AbortSignal): Promise<SourceProfileType[]>;
  /** Label names of the selected profiles, sorted; private ones (`__name__`...) included. */
  queryLabelNames(query: SourceLabelQuery, signal?: AbortSignal): Promise<string[]>;
  /** The values a label takes in the selected profiles, sorted. */
  queryLabelValues(name: string, query: SourceLabelQuery, signal?: AbortSignal): Promise<string[]>;
  /** Totals over time in steps, one group per value of the group-by labels, largest first. */
  queryTotals(query: SourceTotalsQuery, signal?: AbortSignal): Promise<SourceTotals>;
  /** The selected profiles merged into one flame graph (one frame per function). */
  queryMergedTree(query: SourceTreeQuery, signal?: AbortSignal): Promise<SourceProfile>;
  /**
   * The selected profiles merged with their lines, for line-level detail: a profile whose
   * `granularity` is `'line'` where the source has lines (`computeLineTable` reads it).
   */
  queryMergedPprof(query: SourceTreeQuery, signal?: AbortSignal): Promise<SourceProfile>;
  /** The comparison against the baseline, as a diff tree (see `computeDiff`). */
  queryDiff(query: SourceDiffQuery, signal?: AbortSignal): Promise<SourceDiff>;
}

/** A kind of profile a source holds: CPU time, allocated bytes, goroutines... */
export interface SourceProfileType {
  /**
   * What queries name it by: Grafana Pyroscope's profile type ID
   * (`process_cpu:cpu:nanoseconds:cpu:nanoseconds`), a {@link ProfileSeries}' sample type name.
   */
  id: string;
  /** The profile's own name (`process_cpu`, `memory`) where the source has one. */
  name?: string;
  /** What a value counts, for formatting and for choosing sum or average. */
  sampleType: SampleType;
  /** What one sample stands for (`cpu`/`nanoseconds`), where the source says. */
  period?: { type: string; unit: string };
}

/** Which profiles a query reads: a profile type, label matchers and a time range. */
export interface SourceQuery {
  /** A {@link SourceProfileType.id}. */
  profileType: string;
  /** Label matchers (all must hold), or a selector such as `{service_name="api"}`. */
  matchers?: readonly LabelMatcher[] | string;
  range: TimeRange;
}

/** What label and type listings are narrowed to; everything is optional. */
export interface SourceLabelQuery {
  profileType?: string;
  matchers?: readonly LabelMatcher[] | string;
  /** Default: everything the source has (a server takes its own default, often the last hour). */
  range?: TimeRange;
}

export interface SourceTotalsQuery extends SourceQuery {
  /** Width of a step in nanoseconds; default the source's choice (about 120 steps). */
  stepNs?: number;
  /** Labels to split the totals by: one group per combination of their values. */
  groupBy?: string | readonly string[];
  /**
   * `'sum'` adds the profiles of a step up; `'average'` averages them. Default as
   * `defaultAggregation` says for the type. A server averages as it defines (Grafana Pyroscope:
   * over all profiles of the group in the step).
   */
  aggregation?: SeriesAggregation;
  /** Keep the groups with the largest totals, at most this many (0 or absent: all). */
  limit?: number;
}

/** A group of {@link SourceTotals}: its labels as well as the one value `SeriesTotals` has. */
export interface SourceTotalsGroup extends SeriesTotalsGroup {
  /** The group-by labels' values (`""` for a profile without the label); empty when not grouped. */
  labels: Record<string, string>;
}

/**
 * Totals over time: step `k` covers `startNs + k * stepNs` up to the next step. `value` of a group
 * is its one group-by label's value, or the values of several joined by `", "`.
 */
export interface SourceTotals extends Omit<SeriesTotals, 'groups' | 'groupBy'> {
  groupBy: readonly string[];
  groups: SourceTotalsGroup[];
  /**
   * True when groups were left out by `limit`. `omittedGroups` counts them where the source
   * knows; a server that returns the top N only says that there were more (`omittedGroups` 1).
   */
  partial: boolean;
}

export interface SourceTreeQuery extends SourceQuery {
  /**
   * At most about this many nodes: the smallest calls of each caller are folded into one node
   * named `other`, as Grafana Pyroscope cuts trees. Default: no limit for a series, the server's
   * for a server (Grafana Pyroscope: 8,192).
   */
  maxNodes?: number;
  /**
   * Only the stacks that start with these frame names, root first: the subtree of one call site,
   * with its callers above it, so that what a cut tree folded into `other` there comes back.
   */
  callSite?: NodePath;
}

/** A merged profile of one profile type, and how much of it a cut left out. */
export interface SourceProfile {
  /** One sample type: the query's. */
  profile: Profile;
  /** True when small calls were folded into `other` nodes. */
  partial: boolean;
  /** The value the `other` nodes hold, 0 when the profile is whole. */
  otherTotal: number;
  /** The query's call site, empty for the whole tree. */
  callSite: NodePath;
}

export interface SourceDiffQuery {
  baseline: SourceQuery;
  comparison: SourceQuery;
  /** As in {@link SourceTreeQuery}, applied to the two trees aligned. */
  maxNodes?: number;
}

export interface SourceDiff {
  /** The comparison's tree with the baseline's values beside it (`baselineTotal`...). */
  tree: CallTree;
  /** True when small calls of either side were folded into `other` nodes. */
  partial: boolean;
  sampleType: SampleType;
}
