import { FlamekitError } from '../errors';
import type { Frame, FrameIndex } from '../types';
import type { Profile, SampleType } from '../profile';
import { ProfileBuilder } from '../profile-builder';
import type { StackIndex } from '../stack-table';
import { toInputSource as toSource, type InputSource, type ProfileInput } from './input';
import type { ImportOptions } from './options';
import { describeJsonValue } from './json-values';

/**
 * Firefox Profiler *processed* profiles (`meta.preprocessedProfileVersion`), as saved by
 * profiler.firefox.com, samply and other tools that write the format; one thread at a time.
 *
 * Read, in the struct-of-arrays tables every version uses:
 * - the thread's `samples`: `stack`, the `weight` column (`weightType` `samples`, `tracing-ms` or
 *   `bytes`; 1 per sample without it) and `time` or `timeDeltas` (milliseconds after
 *   `meta.startTime`), turned into nanoseconds since the epoch;
 * - `stackTable` (`prefix`, or in versions after 63 `prefixOffset`: 0 at a root, else the distance
 *   back to the parent), `frameTable.func`, `funcTable` (`name`, `resource`, `fileName` or, from
 *   version 58, `source` into `shared.sources`, `lineNumber`; from version 73 gated by `flags` bits
 *   2, 3 and 4) and `resourceTable.name` as the frame's module;
 * - the tables per thread, or from version 60 in `shared`; strings in the thread's `stringArray`
 *   (or `stringTable`), from version 56 in `shared.stringArray`.
 *
 * One frame per function, as the Firefox Profiler's call tree: a frame's line is its function's
 * line. Unsymbolicated functions are already named by address (`0x1a2b`), with their library as
 * module. Samples without a stack are left out and counted in a warning.
 *
 * Which thread: `options.profile` (index or name, the first of that name); by default the main
 * thread (`isMainThread`, or named GeckoMain) with the most samples, else the busiest thread.
 * Every thread's name is listed in `alternatives`. Not read: markers, counters, allocation
 * tables, JS tracer data, categories, inline depth and frame addresses beyond naming.
 */
const FORMAT = 'firefox';
const FUNC_HAS_RESOURCE = 1 << 2;
const FUNC_HAS_SOURCE = 1 << 3;
const FUNC_HAS_LINE = 1 << 4;

type Json = Record<string, unknown>;

export function isFirefoxProfile(input: ProfileInput | InputSource): boolean {
  const source = toSource(input);
  if (source.isBinary() || !/^\s*\{/.test(source.head(64))) return false;
  let root: unknown;
  try {
    root = source.json(FORMAT);
  } catch {
    return false;
  }
  return (
    isRecord(root) &&
    isRecord(root.meta) &&
    typeof root.meta.preprocessedProfileVersion === 'number' &&
    Array.isArray(root.threads)
  );
}

export function importFirefoxProfile(
  input: ProfileInput | InputSource,
  options: ImportOptions = {},
): Profile {
  const root = toSource(input).json(FORMAT);
  if (!isRecord(root) || !isRecord(root.meta))
    fail('$', 'the top level needs a "meta" object; this is not a Firefox Profiler profile');
  const threads = root.threads;
  if (!Array.isArray(threads) || threads.length === 0)
    fail('$.threads', 'a Firefox profile needs a non-empty "threads" array');
  if (typeof root.meta.preprocessedProfileVersion !== 'number') {
    fail(
      '$.meta.preprocessedProfileVersion',
      'this is a raw Gecko profile, not a processed one; open it in profiler.firefox.com and save it from there to get the processed format',
    );
  }
  const names = threads.map((thread, i) =>
    isRecord(thread) && typeof thread.name === 'string' ? thread.name : `Thread ${i}`,
  );
  const index = pickThread(threads, names, options.profile);
  const thread = threads[index];
  const threadPath = `$.threads[${index}]`;
  if (!isRecord(thread)) fail(threadPath, 'a thread must be an object');
  const shared = isRecord(root.shared) ? root.shared : undefined;
  const samples = new Table(thread.samples, `${threadPath}.samples`, 'stack');

  const weightType = samples.record.weightType ?? 'samples';
  const weighted = samples.column('weight', false) !== undefined;
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
  const stacks = new ThreadTables(thread, threadPath, shared, builder);
  const stackColumn = samples.column('stack', true)!;
  // Version 50 may store time deltas instead of times; version 54 may store byte offsets.
  const timeName = samples.column('time', false) ? 'time' : 'timeDeltas';
  const meta = root.meta;
  const hasTime =
    samples.column(timeName, false) !== undefined &&
    !(isRecord(meta.sampleUnits) && meta.sampleUnits.time === 'bytes');
  const startMs = typeof meta.startTime === 'number' ? meta.startTime : 0;
  let timeMs = 0;
  let startNs = Infinity;
  let endNs = -Infinity;
  let withoutStack = 0;
  let i = 0;
  builder.locate = () => ({ jsonPath: `${samples.path}.${weighted ? 'weight' : 'stack'}[${i}]` });
  for (; i < samples.length; i++) {
    if (hasTime) timeMs = (timeName === 'time' ? 0 : timeMs) + samples.number(timeName, i);
    const stack = stackColumn[i];
    if (stack === null || stack === -1) {
      withoutStack++;
      continue;
    }
    const weight = weighted ? samples.number('weight', i) : 1;
    let timeNs: number | undefined;
    if (hasTime) {
      timeNs = (startMs + timeMs) * 1e6;
      if (timeNs < startNs) startNs = timeNs;
      if (timeNs > endNs) endNs = timeNs;
    }
    builder.addSample(stacks.resolve(stack, `${samples.path}.stack[${i}]`), weight, -1, timeNs);
    if ((i & 0xffff) === 0xffff)
      options.onProgress?.({ phase: 'build', done: i + 1, total: samples.length });
  }
  if (withoutStack > 0) {
    builder.warn({
      code: 'samples-without-stack',
      message: `${withoutStack} sample(s) have no stack (the profiler could not walk it) and were left out`,
      count: withoutStack,
    });
  }
  const interval = meta.interval;
  return builder.finish({
    name: names[index],
    alternatives: { names, index },
    ...(weightType === 'samples' &&
      typeof interval === 'number' &&
      interval > 0 && { period: { type: 'wall', unit: 'milliseconds', value: interval } }),
    ...(startNs <= endNs && { timeRange: { startNs, endNs } }),
  });
}

const SAMPLE_TYPES = new Map<unknown, SampleType>([
  ['samples', { type: 'samples', unit: 'count' }],
  ['tracing-ms', { type: 'tracing', unit: 'milliseconds' }],
  ['bytes', { type: 'bytes', unit: 'bytes' }],
]);

/** The thread asked for, else the busiest main thread, else the busiest thread. */
function pickThread(threads: unknown[], names: string[], wanted: number | string | undefined) {
  if (wanted !== undefined) {
    const found = typeof wanted === 'number' ? wanted : names.indexOf(wanted);
    if (Number.isInteger(found) && found >= 0 && found < threads.length) return found;
    const list = names.map((name, i) => `${i}: ${JSON.stringify(name)}`).join(', ');
    throw new FlamekitError(
      'invalid-argument',
      `there is no thread ${JSON.stringify(wanted)}; pick one by index or name (${list})`,
      { format: FORMAT },
    );
  }
  const count = (i: number) => {
    const samples = isRecord(threads[i]) ? threads[i].samples : undefined;
    return isRecord(samples) && Array.isArray(samples.stack) ? samples.stack.length : 0;
  };
  const all = threads.map((_, i) => i);
  const main = all.filter((i) => {
    const thread = threads[i];
    const isMain =
      isRecord(thread) && (thread.isMainThread === true || thread.name === 'GeckoMain');
    return isMain && count(i) > 0;
  });
  const pool = main.length > 0 ? main : all;
  return pool.reduce((best, i) => (count(i) > count(best) ? i : best), pool[0]);
}

/** A struct-of-arrays table: columns of one length, read with their JSON paths for errors. */
class Table {
  readonly record: Json;
  readonly length: number;

  constructor(
    value: unknown,
    readonly path: string,
    lengthColumn: string,
  ) {
    if (!isRecord(value)) fail(path, 'this table is missing or not an object');
    this.record = value;
    const column = value[lengthColumn];
    const length = typeof value.length === 'number' ? value.length : undefined;
    if (!Array.isArray(column) && length !== 0)
      fail(`${path}.${lengthColumn}`, 'this column is missing or not an array');
    this.length = length ?? (column as unknown[]).length;
    if (!Number.isInteger(this.length) || this.length < 0)
      fail(`${path}.length`, `the length is ${describe(value.length)}, not a count`);
    // The declared length sizes what is allocated for the table: it must be one the file holds.
    const held = Array.isArray(column) ? column.length : 0;
    if (this.length > held)
      fail(
        `${path}.${lengthColumn}`,
        `this column has ${held} values, but the table's length is ${this.length}; the file is damaged or truncated`,
      );
  }

  /** A column as long as the table; `undefined` when optional and absent or null. */
  column(name: string, required: boolean): unknown[] | undefined {
    const column = this.record[name];
    if (column === undefined || column === null) {
      if (required) fail(`${this.path}.${name}`, 'this column is missing');
      return undefined;
    }
    if (!Array.isArray(column) || column.length < this.length) {
      fail(`${this.path}.${name}`, `this column must be an array of ${this.length} values`);
    }
    return column;
  }

  number(name: string, row: number): number {
    const value = this.column(name, true)![row];
    if (typeof value !== 'number' || !Number.isFinite(value))
      fail(`${this.path}.${name}[${row}]`, `${describe(value)} is not a number`);
    return value;
  }

  /** The value at `row` of column `name` as an index below `limit`, or -1 for null. */
  index(name: string, row: number, limit: number, nullable = false): number {
    const value = this.column(name, true)![row];
    if (nullable && value === null) return -1;
    if (!isIndex(value, limit))
      fail(`${this.path}.${name}[${row}]`, `${describe(value)} is not an index below ${limit}`);
    return value;
  }
}

/**
 * The chosen thread's tables (its own or the shared ones) and the strings they index. Maps
 * Firefox stacks to flamekit stacks, each resolved once, walking prefixes without recursion.
 */
class ThreadTables {
  private readonly stackTable: Table;
  private readonly frameTable: Table;
  private readonly funcTable: Table;
  private readonly resourceTable: Table | undefined;
  private readonly sources: Table | undefined;
  private readonly strings: unknown[];
  private readonly stringsPath: string;
  private readonly byOffset: boolean;
  /** flamekit stack of each Firefox stack row and frame of each frame row; -1 until needed. */
  private readonly stacks: Int32Array;
  private readonly frames: Int32Array;
  private readonly onPath: Uint8Array;
  private readonly path: number[] = [];

  constructor(
    thread: Json,
    threadPath: string,
    shared: Json | undefined,
    private readonly builder: ProfileBuilder,
  ) {
    const pick = (key: string, lengthColumn: string, required: boolean) => {
      if (thread[key] !== undefined)
        return new Table(thread[key], `${threadPath}.${key}`, lengthColumn);
      if (shared?.[key] !== undefined)
        return new Table(shared[key], `$.shared.${key}`, lengthColumn);
      if (required) fail(`${threadPath}.${key}`, 'the thread has no such table, nor has $.shared');
      return undefined;
    };
    this.stackTable = pick('stackTable', 'frame', true)!;
    this.frameTable = pick('frameTable', 'func', true)!;
    this.funcTable = pick('funcTable', 'name', true)!;
    this.resourceTable = pick('resourceTable', 'name', false);
    this.sources = pick('sources', 'filename', false);
    const own = thread.stringArray !== undefined ? 'stringArray' : 'stringTable';
    const strings = thread[own] ?? shared?.stringArray;
    this.stringsPath = thread[own] !== undefined ? `${threadPath}.${own}` : '$.shared.stringArray';
    if (!Array.isArray(strings))
      fail(this.stringsPath, 'the string array is missing or not an array');
    this.strings = strings;
    this.byOffset = this.stackTable.record.prefix === undefined;
    this.stacks = new Int32Array(this.stackTable.length).fill(-1);
    this.onPath = new Uint8Array(this.stackTable.length);
    this.frames = new Int32Array(this.frameTable.length).fill(-1);
  }

  resolve(value: unknown, where: string): StackIndex {
    const table = this.stackTable;
    if (!isIndex(value, table.length))
      fail(where, `${describe(value)} is not a stack index below ${table.length}`);
    const path = this.path;
    let stack = value;
    while (stack >= 0 && this.stacks[stack] < 0) {
      if (this.onPath[stack]) fail(`${table.path}.prefix[${stack}]`, 'the prefixes form a cycle');
      this.onPath[stack] = 1;
      path.push(stack);
      if (this.byOffset) {
        const offset = table.index('prefixOffset', stack, stack + 1);
        stack = offset === 0 ? -1 : stack - offset;
      } else {
        stack = table.index('prefix', stack, table.length, true);
      }
    }
    let result = stack < 0 ? 0 : this.stacks[stack];
    for (let i = path.length - 1; i >= 0; i--) {
      const row = path[i];
      const frame = this.frameOf(table.index('frame', row, this.frameTable.length));
      result = this.builder.stacks.child(result, frame);
      this.stacks[row] = result;
      this.onPath[row] = 0;
    }
    path.length = 0;
    return result;
  }

  private frameOf(row: number): FrameIndex {
    if (this.frames[row] >= 0) return this.frames[row];
    const { frameTable, funcTable: funcs, resourceTable, sources } = this;
    const func = frameTable.index('func', row, funcs.length);
    const flags = funcs.column('flags', false) && funcs.number('flags', func);
    // Before version 73 a null (or a -1 resource) says "none"; from 73 on, a flag bit does.
    const present = (name: string, bit: number) => {
      const value = funcs.column(name, false)?.[func];
      return (
        value !== undefined && (flags === undefined ? value !== null && value !== -1 : flags & bit)
      );
    };
    const frame: Frame = { name: this.string(funcs, 'name', func) };
    if (frame.name === '') {
      const address = frameTable.record.address;
      const value = Array.isArray(address) ? address[row] : undefined;
      frame.name = isIndex(value, Infinity) ? `0x${value.toString(16)}` : '(unnamed)';
    }
    if (present('resource', FUNC_HAS_RESOURCE)) {
      if (!resourceTable) fail(`${funcs.path}.resource[${func}]`, 'there is no resourceTable');
      const resource = funcs.index('resource', func, resourceTable.length);
      frame.module = this.string(resourceTable, 'name', resource);
    }
    if (present('fileName', FUNC_HAS_SOURCE)) {
      frame.file = this.string(funcs, 'fileName', func);
    } else if (present('source', FUNC_HAS_SOURCE)) {
      if (!sources) fail(`${funcs.path}.source[${func}]`, 'there is no $.shared.sources table');
      frame.file = this.string(sources, 'filename', funcs.index('source', func, sources.length));
    }
    const line = present('lineNumber', FUNC_HAS_LINE) && funcs.column('lineNumber', true)![func];
    if (isIndex(line, 0x80000000) && line > 0) frame.line = line;
    return (this.frames[row] = this.builder.frames.intern(frame));
  }

  /** The string that row `row` of `table`'s column `name` points at. */
  private string(table: Table, name: string, row: number): string {
    const index = table.index(name, row, this.strings.length);
    const value = this.strings[index];
    if (typeof value !== 'string')
      fail(`${this.stringsPath}[${index}]`, `${describe(value)} is not a string`);
    return value;
  }
}

function isIndex(value: unknown, limit: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < limit;
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  return value === undefined ? 'a missing value' : describeJsonValue(value);
}

function fail(jsonPath: string, reason: string): never {
  throw new FlamekitError('parse-error', reason, { format: FORMAT, position: { jsonPath } });
}
