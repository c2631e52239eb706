import type { ProfileFormat } from '../profile';

export interface ImportProgress {
  phase: 'read' | 'build';
  /** Work done and total, in bytes while reading. */
  done: number;
  total: number;
}

export interface ImportOptions {
  /** Read the input as this format instead of detecting it. */
  format?: ProfileFormat;
  /**
   * For files that hold several profiles (speedscope) or threads (Firefox Profiler): which one to
   * import, by index or by name. Default: the first profile; Firefox's main thread.
   */
  profile?: number | string;
  /** pprof only: one frame per function (default) or per source line. */
  granularity?: 'function' | 'line';
  /** Unit of the values of formats that do not name one (folded stacks, d3 JSON). Default `samples`. */
  unit?: string;
  /** Called now and then while importing, for a progress bar on large files. */
  onProgress?: (progress: ImportProgress) => void;
}
