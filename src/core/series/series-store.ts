import type { FrameTable } from '../model/frame-table';
import type { ProfileFormat, ProfilePeriod, SampleType } from '../model/profile';
import type { TimeRange } from './series-types';
import type { StackTable } from '../model/stack-table';

// How a ProfileSeries keeps its profiles, apart from the class: the queries (series-query.ts) and
// the source functions (sources/series-source.ts) read this shape, and ProfileSeries imports
// them, so the shape sits below all three.

/** One profile of a series, as stored: its samples as columns over the series' stacks. */
export interface SeriesEntry {
  timeNs: number;
  durationNs: number;
  format: ProfileFormat;
  period: ProfilePeriod | undefined;
  truncated: boolean;
  /** One frame per source line (pprof imported with `granularity: 'line'`) or per function. */
  granularity: 'function' | 'line' | undefined;
  /** Label set of the profile's own labels: profiles with the same ones are one source. */
  source: number;
  stack: Int32Array;
  /** Label set of each sample (the profile's labels and the sample's); absent when all are `source`. */
  labelSet: Int32Array | undefined;
  /** Values per series sample type; absent for a type the profile does not have. */
  values: (Float64Array | undefined)[];
  /** The distinct label sets of the samples, and per sample type the value of each. */
  setIds: Int32Array;
  setTotals: (Float64Array | undefined)[];
}

/** What the queries read of a {@link ProfileSeries}. */
export interface SeriesStore {
  frames: FrameTable;
  stacks: StackTable;
  sampleTypes: readonly SampleType[];
  defaultSampleType: number;
  entries: readonly SeriesEntry[];
  labelSets: readonly ReadonlyMap<string, string>[];
  timeRange(): TimeRange | undefined;
}
