import type { ProfileFormat } from '../model/profile';

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
   * For files that hold several profiles (speedscope) or threads (Firefox Profiler, Chrome traces,
   * perf script): which one to import, by index into `profile.alternatives.names` or by name.
   * Files of threads list `All threads` (index 0) and then each thread. Default: speedscope's
   * active profile; Firefox's main thread; the busiest Chrome thread; all of perf's threads.
   */
  profile?: number | string;
  /** `perf script` only: stackcollapse-perf's options. */
  perfScript?: PerfScriptOptions;
  /** pprof only: one frame per function (default) or per source line. */
  granularity?: 'function' | 'line';
  /** Unit of the values of formats that do not name one (folded stacks, d3 JSON). Default `samples`. */
  unit?: string;
  /** Called now and then while importing, for a progress bar on large files. */
  onProgress?: (progress: ImportProgress) => void;
}

/**
 * How `perf script` samples are named, as FlameGraph's stackcollapse-perf.pl names them (its
 * options in brackets). The defaults are its defaults.
 */
export interface PerfScriptOptions {
  /**
   * The root frame of each stack: the process name (`'comm'`, default), `comm-PID` (`'pid'`,
   * [--pid]) or `comm-PID/TID` (`'tid'`, [--tid]); spaces in it become `_`, and a PID the header
   * lacks is `?`.
   */
  root?: 'comm' | 'pid' | 'tid';
  /** `_[k]` after kernel frames: a module that starts with `[` or ends in `vmlinux` [--kernel]. */
  annotateKernel?: boolean;
  /** `_[j]` after JIT frames: a module `/tmp/perf-<pid>.map` [--jit]. */
  annotateJit?: boolean;
  /** Frames without a symbol named `[module <address>]` instead of `[module]` [--addrs]. */
  addresses?: boolean;
  /**
   * Keep names as perf prints them. By default they are tidied as stackcollapse-perf tidies them:
   * everything from the first `(` is dropped (C++ argument lists), except in Go methods such as
   * `net/http.(*Client).Do` and in `(anonymous namespace)`; quotes are dropped, `;` becomes `:`,
   * and in processes named `java*` a leading `L` goes from names with a `/`.
   */
  keepArguments?: boolean;
}
