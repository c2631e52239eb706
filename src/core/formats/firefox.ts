import { FlamekitError, isFlamekitError } from '../errors';
import type { Profile, ProfileThread, SampleType } from '../model/profile';
import { ProfileBuilder } from '../model/profile-builder';
import { finishThreadedProfile } from '../model/profile-threads';
import { TimeOrderBuilder, withTimeOrder } from '../model/time-order-builder';
import { addSampleLanes } from '../model/time-order-threads';
import {
  describe,
  fail,
  FIREFOX_FORMAT as FORMAT,
  isRecord,
  Table,
  ThreadTables,
  type Json,
} from './firefox-tables';
import { toInputSource as toSource, type InputSource, type ProfileInput } from './input';
import type { ImportOptions } from './options';

/**
 * Firefox Profiler *processed* profiles, as saved by profiler.firefox.com, samply and other tools
 * that write the format: every version, from those Firefox 53 saved before
 * `meta.preprocessedProfileVersion` existed (read as version 0) to 70, the newest the Firefox
 * Profiler had at the commit flamekit was checked against (df31314e1); a newer one is read as
 * the newest, with a warning, and an error that names its version if it cannot be.
 *
 * Read, in the struct-of-arrays tables every version uses:
 * - each thread's `samples`: `stack`, the `weight` column (`weightType` `samples`, `tracing-ms` or
 *   `bytes`; 1 per sample without it) and `time` or `timeDeltas` (milliseconds after
 *   `meta.startTime`), turned into nanoseconds since the epoch;
 * - `stackTable` (`prefix`, or from version 66 `prefixOffset`: 0 at a root, else the distance
 *   back to the parent), `frameTable.func`, `funcTable` (`name`, `resource`, `fileName` or, from
 *   version 58, `source` into `shared.sources`, `lineNumber`; gated by `flags` bits 2, 3 and 4
 *   where a file has them) and `resourceTable.name` as the frame's module;
 * - the tables per thread, or from version 60 in `shared`; strings in the thread's `stringArray`
 *   (or `stringTable`), from version 56 in `shared.stringArray`.
 * Older profiles get what the Firefox Profiler's upgraders change in these: JS function names split
 * into name, file and line (version 4), `AutoEntryScript ` dropped (17), file names holding the
 * line fixed (18), and threads given their process type, a `Content` thread renamed `GeckoMain` of
 * a `tab` process (1). Resources keep their URLs (version 4 groups http ones by origin: only
 * modules' names differ).
 *
 * One frame per function, as the Firefox Profiler's call tree: a frame's line is its function's
 * line. Unsymbolicated functions are already named by address (`0x1a2b`), with their library as
 * module. Samples without a stack are left out and counted in a warning.
 *
 * Threads: every thread is read, each a view of the whole (`profile.alternatives`: All threads,
 * then each thread by its name, with its process where names repeat). The default is the main
 * thread (`isMainThread`, or named GeckoMain) with the most samples, else the busiest thread, as
 * the Firefox Profiler opens; `options.profile` picks another, or the whole. Not read: markers,
 * counters, allocation tables, JS tracer data, categories, inline depth and frame addresses beyond
 * naming. Raw Gecko profiles (before processing) and the older Cleopatra format are refused with
 * their version and what to do.
 */
const NEWEST_CHECKED_VERSION = 70;

export function isFirefoxProfile(input: ProfileInput | InputSource): boolean {
  const source = toSource(input);
  if (source.isBinary() || !/^\s*\{/.test(source.head(64))) return false;
  let root: unknown;
  try {
    root = source.json(FORMAT);
  } catch {
    return false;
  }
  return kindOf(root) !== undefined;
}

type Kind =
  | { kind: 'processed'; version: number }
  | { kind: 'gecko'; version: unknown }
  | { kind: 'cleopatra'; version: unknown; format: string };

/** Which member of the Firefox profiler's family of formats a JSON document is, if any. */
function kindOf(root: unknown): Kind | undefined {
  if (!isRecord(root) || !isRecord(root.meta)) return undefined;
  const { meta, threads } = root;
  if (
    typeof root.format === 'string' &&
    root.format.startsWith('profileJSONWithSymbolicationTable')
  )
    return { kind: 'cleopatra', version: meta.version, format: root.format };
  if (!Array.isArray(threads)) return undefined;
  if (typeof meta.preprocessedProfileVersion === 'number')
    return { kind: 'processed', version: meta.preprocessedProfileVersion };
  const first: unknown = threads[0];
  // As the Firefox Profiler tells them apart: a processed thread has its strings in an array.
  if (isRecord(first) && (first.stringArray !== undefined || isRecord(first.stringTable)))
    return { kind: 'processed', version: 0 };
  const geckoThread =
    typeof first === 'string' ||
    (isRecord(first) && isRecord(first.samples) && 'schema' in first.samples);
  if (typeof meta.version === 'number' && geckoThread)
    return { kind: 'gecko', version: meta.version };
  return undefined;
}

export function importFirefoxProfile(
  input: ProfileInput | InputSource,
  options: ImportOptions = {},
): Profile {
  const root = toSource(input).json(FORMAT);
  const kind = kindOf(root);
  if (!isRecord(root) || !isRecord(root.meta))
    fail('$', 'the top level needs a "meta" object; this is not a Firefox Profiler profile');
  if (kind?.kind === 'cleopatra') {
    fail(
      '$.format',
      `this is a profile in the Cleopatra format (${JSON.stringify(kind.format)}, meta.version ${describe(kind.version)}), which Firefox's profiler wrote before 2017; flamekit does not upgrade it: open it in profiler.firefox.com, which does, and save it from there`,
    );
  }
  if (kind?.kind === 'gecko') {
    fail(
      '$.meta.version',
      `this is a raw Gecko profile (meta.version ${describe(kind.version)}), as Firefox writes it before processing; flamekit reads the processed format: open it in profiler.firefox.com and save it from there`,
    );
  }
  const threads = root.threads;
  if (!Array.isArray(threads) || threads.length === 0)
    fail('$.threads', 'a Firefox profile needs a non-empty "threads" array');
  if (kind === undefined) {
    fail(
      '$.meta.preprocessedProfileVersion',
      `meta.preprocessedProfileVersion is ${describe(root.meta.preprocessedProfileVersion)} and the threads have no string array: this is neither a processed Firefox profile flamekit can read nor a raw Gecko one`,
    );
  }
  const version = kind.version;
  if (version <= NEWEST_CHECKED_VERSION) return readProcessed(root, threads, version, options);
  try {
    return readProcessed(root, threads, version, options);
  } catch (error) {
    if (!isFlamekitError(error)) throw error;
    throw new FlamekitError(
      error.code,
      `this processed profile is version ${version}, newer than the newest flamekit reads (${NEWEST_CHECKED_VERSION}), and could not be read as one: ${error.reason}; open it in a Firefox Profiler of its time to see it`,
      { format: FORMAT, ...(error.position && { position: error.position }) },
    );
  }
}

function readProcessed(
  root: Json,
  threads: unknown[],
  version: number,
  options: ImportOptions,
): Profile {
  const meta = root.meta as Json;
  const shared = isRecord(root.shared) ? root.shared : undefined;
  // Every thread's weights must mean the same thing to add up; the first thread's decide.
  const first = threads.find((thread) => isRecord(thread) && isRecord(thread.samples));
  const weightType =
    isRecord(first) && isRecord(first.samples)
      ? (first.samples.weightType ?? 'samples')
      : 'samples';
  const sampleType = SAMPLE_TYPES.get(weightType);
  const builder = new ProfileBuilder(FORMAT, [
    { ...(sampleType ?? { type: 'weight', unit: 'count' }) },
  ]);
  if (!sampleType) {
    builder.warn({
      code: 'unknown-weight-type',
      message: `weightType ${describe(weightType)} is not one flamekit knows; the weights are read as counts`,
    });
  }
  if (version > NEWEST_CHECKED_VERSION) {
    builder.warn({
      code: 'newer-version',
      message: `this processed profile is version ${version}, newer than the newest flamekit was checked against (${NEWEST_CHECKED_VERSION}); it was read as that one, and what changed since is not read`,
    });
  }
  const startMs = typeof meta.startTime === 'number' ? meta.startTime : 0;
  const range = { startNs: Infinity, endNs: -Infinity };
  const counts = { withoutStack: 0, otherWeights: 0 };
  let sharedTables: ThreadTables | undefined;
  threads.forEach((thread, index) => {
    const threadPath = `$.threads[${index}]`;
    if (!isRecord(thread)) fail(threadPath, 'a thread must be an object');
    builder.setThread(builder.addThread(threadOf(thread, index, version)));
    const ownsTables = TABLES.some((key) => thread[key] !== undefined);
    const tables = ownsTables
      ? new ThreadTables(thread, threadPath, shared, builder, version)
      : (sharedTables ??= new ThreadTables(thread, threadPath, shared, builder, version));
    readSamples(thread, threadPath, tables, builder, { meta, startMs, range, counts, weightType });
    options.onProgress?.({ phase: 'build', done: index + 1, total: threads.length });
  });
  if (counts.withoutStack > 0) {
    builder.warn({
      code: 'samples-without-stack',
      message: `${counts.withoutStack} sample(s) have no stack (the profiler could not walk it) and were left out`,
      count: counts.withoutStack,
    });
  }
  if (counts.otherWeights > 0) {
    builder.warn({
      code: 'mixed-weight-types',
      message: `${counts.otherWeights} thread(s) weigh their samples in another weightType than the first thread's ${describe(weightType)}; their weights are added as they are`,
      count: counts.otherWeights,
    });
  }
  const interval = meta.interval;
  const profile = finishThreadedProfile(
    builder,
    {
      ...(weightType === 'samples' &&
        typeof interval === 'number' &&
        interval > 0 && { period: { type: 'wall', unit: 'milliseconds', value: interval } }),
      ...(range.startNs <= range.endNs && { timeRange: range }),
    },
    options.profile,
    mainThread(threads) + 1,
  );
  // Every thread's samples in time order: a sample lasts until the next, at most 2.5 sampling
  // intervals; the JS tracer's `tracing-ms` weights are the samples' durations.
  const whole = profile.allThreads ?? profile;
  const timeOrder = new TimeOrderBuilder(whole.frames, whole.stacks);
  addSampleLanes(timeOrder, whole, {
    ...(weightType === 'tracing-ms' && { duration: { type: 0, nsPerUnit: 1e6 } }),
    ...(typeof interval === 'number' && interval > 0 && { intervalNs: interval * 1e6 }),
  });
  return withTimeOrder(profile, timeOrder);
}

const TABLES = [
  'stackTable',
  'frameTable',
  'funcTable',
  'resourceTable',
  'stringArray',
  'stringTable',
];

const SAMPLE_TYPES = new Map<unknown, SampleType>([
  ['samples', { type: 'samples', unit: 'count' }],
  ['tracing-ms', { type: 'tracing', unit: 'milliseconds' }],
  ['bytes', { type: 'bytes', unit: 'bytes' }],
]);

/** A thread as the source names it; version 0's `Content` is version 1's tab `GeckoMain`. */
function threadOf(thread: Json, index: number, version: number): ProfileThread {
  let name = typeof thread.name === 'string' ? thread.name : `Thread ${index}`;
  let processType = thread.processType;
  if (version < 1 && processType === undefined) {
    processType = name === 'Content' ? 'tab' : name === 'Plugin' ? 'plugin' : 'default';
    if (name === 'Content') name = 'GeckoMain';
  }
  const processName =
    typeof thread.processName === 'string'
      ? thread.processName
      : typeof processType === 'string'
        ? processType
        : undefined;
  const id = (value: unknown) =>
    typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  const pid = id(thread.pid);
  const tid = id(thread.tid);
  return {
    name,
    ...(processName !== undefined && { processName }),
    ...(pid !== undefined && { pid }),
    ...(tid !== undefined && { tid }),
  };
}

interface SampleContext {
  meta: Json;
  startMs: number;
  range: { startNs: number; endNs: number };
  counts: { withoutStack: number; otherWeights: number };
  weightType: unknown;
}

function readSamples(
  thread: Json,
  threadPath: string,
  tables: ThreadTables,
  builder: ProfileBuilder,
  { meta, startMs, range, counts, weightType }: SampleContext,
): void {
  const samples = new Table(thread.samples, `${threadPath}.samples`, 'stack');
  if ((samples.record.weightType ?? 'samples') !== weightType) counts.otherWeights++;
  const weighted = samples.column('weight', false) !== undefined;
  const stackColumn = samples.column('stack', true)!;
  // Version 50 may store time deltas instead of times; version 54 may store byte offsets.
  const timeName = samples.column('time', false) ? 'time' : 'timeDeltas';
  const hasTime =
    samples.column(timeName, false) !== undefined &&
    !(isRecord(meta.sampleUnits) && meta.sampleUnits.time === 'bytes');
  let timeMs = 0;
  let i = 0;
  builder.locate = () => ({ jsonPath: `${samples.path}.${weighted ? 'weight' : 'stack'}[${i}]` });
  for (; i < samples.length; i++) {
    if (hasTime) timeMs = (timeName === 'time' ? 0 : timeMs) + samples.number(timeName, i);
    const stack = stackColumn[i];
    if (stack === null || stack === -1) {
      counts.withoutStack++;
      continue;
    }
    const weight = weighted ? samples.number('weight', i) : 1;
    let timeNs: number | undefined;
    if (hasTime) {
      timeNs = (startMs + timeMs) * 1e6;
      if (timeNs < range.startNs) range.startNs = timeNs;
      if (timeNs > range.endNs) range.endNs = timeNs;
    }
    builder.addSample(tables.resolve(stack, `${samples.path}.stack[${i}]`), weight, -1, timeNs);
  }
}

/** The busiest main thread (`isMainThread`, or named GeckoMain), else the busiest thread. */
function mainThread(threads: unknown[]): number {
  const count = (i: number) => {
    const thread = threads[i];
    const samples = isRecord(thread) ? thread.samples : undefined;
    return isRecord(samples) && Array.isArray(samples.stack) ? samples.stack.length : 0;
  };
  const all = threads.map((_, i) => i);
  const main = all.filter((i) => {
    const thread = threads[i];
    const isMain =
      isRecord(thread) &&
      (thread.isMainThread === true || thread.name === 'GeckoMain' || thread.name === 'Content');
    return isMain && count(i) > 0;
  });
  const pool = main.length > 0 ? main : all;
  return pool.reduce((best, i) => (count(i) > count(best) ? i : best), pool[0]);
}
