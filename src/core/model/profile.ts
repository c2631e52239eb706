import type { CallTree } from './call-tree';
import type { InputPosition } from '../errors';
import type { FrameTable } from './frame-table';
import type { StackTable } from './stack-table';
import type { TimeOrder } from './time-order';

/** The formats `importProfile` reads. */
export type ProfileFormat =
  | 'pprof'
  | 'folded'
  | 'speedscope'
  | 'chrome-cpuprofile'
  | 'chrome-trace'
  | 'perf-script'
  | 'firefox'
  | 'flamebearer'
  | 'grafana-nested-set'
  | 'd3-flamegraph';

/** One value column of a profile, such as `{ type: 'cpu', unit: 'nanoseconds' }`. */
export interface SampleType {
  type: string;
  /** As the profile spells it; `normalizeUnit` maps it to a known unit. */
  unit: string;
}

/** What one sample stands for, such as `{ type: 'cpu', unit: 'nanoseconds', value: 10_000_000 }`. */
export interface ProfilePeriod {
  type: string;
  unit: string;
  value: number;
}

/** A label of a sample: a string value, or a number with an optional unit (pprof `num_unit`). */
export interface Label {
  key: string;
  value?: string;
  num?: number;
  unit?: string;
}

/** Something an importer skipped or repaired: the import went on, but a person should know. */
export interface ImportWarning {
  code: string;
  message: string;
  /** How many times it happened. */
  count?: number;
  /** Where it happened first. */
  position?: InputPosition;
}

/**
 * The samples of a profile as columns: sample `i` has the stack `stack[i]` and the value
 * `values[t][i]` for each sample type `t`. Many samples may share a stack (they differ by labels or
 * time); a format that only has a merged tree gives one sample per stack.
 */
export interface SampleTable {
  count: number;
  stack: Int32Array;
  values: Float64Array[];
  /** Index into `labelSets` per sample, -1 for none; absent when the format has no labels. */
  labelSet?: Int32Array;
  labelSets: readonly (readonly Label[])[];
  /** Time of each sample in nanoseconds (on the profile's clock), where the format records it. */
  timeNs?: Float64Array;
  /**
   * Index into `Profile.threads` per sample, where the format records threads (Firefox, Chrome
   * traces, perf script): each thread's samples, in file order, with their times.
   */
  thread?: Int32Array;
}

/** A thread of a profile that records several, named as the source names it. */
export interface ProfileThread {
  name: string;
  /** The process it belongs to, where the source names it (`Web Content`, `Renderer`). */
  processName?: string;
  /** Process and thread ids as the source writes them. */
  pid?: string;
  tid?: string;
}

/** Totals per window: window `k` starts at `startNs + k * stepNs`. */
export interface ProfileTimeline {
  startNs: number;
  stepNs: number;
  values: Float64Array;
}

/** Which sample types hold the two sides of a profile that is itself a comparison. */
export interface ProfileComparison {
  baseline: number;
  comparison: number;
}

/** A function as the profile declares it (pprof `Function`): where its source starts. */
export interface ProfileFunction {
  name: string;
  file?: string;
  /** 1-based line of the function's declaration; absent when unknown. */
  startLine?: number;
}

/** Where a profile's source code lives, for fetching it and linking to it. */
export interface SourceRepository {
  /** The repository as given: `https://github.com/org/repo`, `git@gitlab.com:org/repo.git`, ... */
  url: string;
  /** Commit, tag or branch; absent means the default branch. */
  ref?: string;
  /** Directory of the repository that file paths are relative to, such as `services/api`. */
  rootPath?: string;
}

export interface Profile {
  format: ProfileFormat;
  /** The profile's own name (a speedscope profile, a Firefox thread), when it has one. */
  name?: string;
  sampleTypes: readonly SampleType[];
  /** Index into `sampleTypes` of the type shown by default. */
  defaultSampleType: number;
  period?: ProfilePeriod;
  /** Start and end in nanoseconds since the Unix epoch when the format says so, else on its own clock. */
  timeRange?: { startNs: number; endNs: number };
  frames: FrameTable;
  stacks: StackTable;
  samples: SampleTable;
  /** Set when the profile is a comparison (folded `stack before after`, flamebearer diff, ...). */
  comparison?: ProfileComparison;
  /** True when the source dropped data, such as a server's `other` node. */
  truncated: boolean;
  warnings: readonly ImportWarning[];
  /**
   * Totals per time window as the source recorded them (a Pyroscope flamebearer's `timeline`),
   * for showing a single profile over time; see `profileTimelineTotals`.
   */
  timeline?: ProfileTimeline;
  /**
   * The views a file offers, in the order a picker shows them, and which one this profile is:
   * speedscope's profiles; for formats that record threads, `All threads` first and then one per
   * thread. `importProfile`'s `options.profile` picks one by index or name; `selectProfileView`
   * switches between threads without importing again.
   */
  alternatives?: { names: readonly string[]; index: number };
  /** The threads the samples belong to (`samples.thread`), where the format records them. */
  threads?: readonly ProfileThread[];
  /** For the profile of one thread: the profile of all threads it was taken from. */
  allThreads?: Profile;
  /**
   * What a frame stands for: `'line'` when each frame is one source line of a function (pprof
   * imported with `granularity: 'line'`), `'function'` when each is a whole function whose line,
   * if any, is where it starts. Absent for formats that do not say; read it as `'function'`.
   */
  granularity?: 'function' | 'line';
  /**
   * The profile's functions with their start lines, kept at line granularity, where frames carry
   * the line that ran instead (pprof only).
   */
  functions?: readonly ProfileFunction[];
  /**
   * The source repository a pprof mapping names in its build id as JSON
   * `{"repository", "git_ref", "root_path"}` (as Pyroscope fills it from the labels
   * `service_repository`, `service_git_ref` and `service_root_path`); the first mapping that does.
   */
  sourceRepository?: SourceRepository;
  /**
   * The samples and traced spans of each thread in time order, where the format records times
   * (Chrome traces and `.cpuprofile`, speedscope, Firefox, `perf script` with times), for the
   * flame chart. It covers every thread of the file, whichever one `alternatives` picked.
   */
  timeOrder?: TimeOrder;
  /**
   * The merged call tree of a sample type (its index or its name; the default type if absent),
   * built the first time it is asked for. A comparison profile's tree for its comparison type also
   * carries the baseline side.
   */
  tree(sampleType?: number | string): CallTree;
}
