import { FlamekitError } from '../errors';
import type { Profile, ProfileFormat, SampleType } from '../model/profile';
import { ProfileBuilder } from '../model/profile-builder';
import type { StackIndex } from '../model/stack-table';
import { TimeOrderBuilder, withTimeOrder } from '../model/time-order-builder';
import { addSampleLanes } from '../model/time-order-threads';
import type { FrameIndex } from '../types';
import { toInputSource as toSource, type InputSource, type ProfileInput } from './input';
import type { ImportOptions } from './options';
import { describeJsonValue, describeScalar } from './json-values';

/**
 * V8 CPU profiles (`.cpuprofile`), as saved by Chrome DevTools, `node --cpu-prof` and the
 * inspector's `Profiler.stop`.
 *
 * Read:
 * - the `nodes` form: nodes with `id`, `callFrame` (`functionName`, `url`, 0-based `lineNumber`),
 *   `children` ids and/or a `parent` id, `hitCount`; `samples` (node ids), `timeDeltas` (µs, the
 *   first from `startTime`), `startTime` and `endTime` (µs);
 * - the legacy form, a nested `head` tree with the call frame fields on each node, `startTime` and
 *   `endTime` in seconds and `timestamps` in µs, one per sample (one more ends the last sample).
 *
 * Values: `samples` (count) and `time` (microseconds, the default). A sample lasts until the next
 * sample in time; the last one gets the mean gap (0 when it is alone), since nothing marks its end.
 * Samples written out of time order (V8 does that now and then) are sorted, with a warning.
 * Without `samples`, each node's `hitCount` counts and `endTime - startTime` is spread evenly over
 * the hits; with no times at all the profile has only the `samples` type.
 *
 * Frames: name = `functionName` or `(anonymous)`, file = `url`, line = `lineNumber + 1`. V8's
 * parentless `(root)` is not a frame: its children are the top frames (samples on it are the
 * root's own). `(program)`, `(idle)` and `(garbage collector)` stay. Not read: columns, script ids,
 * `positionTicks`, deopt reasons; frames with the same name, url and line are one frame.
 */
const FORMAT = 'chrome-cpuprofile';

export const V8_SAMPLE_TYPES: readonly SampleType[] = [
  { type: 'samples', unit: 'count' },
  { type: 'time', unit: 'microseconds' },
];

/** A JSON path, or a function that makes it: legacy paths cost the node's depth, so only on error. */
export type JsonPath = string | (() => string);
type Built = { builder: ProfileBuilder; timeRange?: { startNs: number; endNs: number } };

export function isChromeCpuProfile(input: ProfileInput | InputSource): boolean {
  const source = toSource(input);
  if (source.isBinary() || !source.head(64).trimStart().startsWith('{')) return false;
  try {
    const value = source.json(FORMAT);
    if (!isObject(value)) return false;
    if (Array.isArray(value.nodes)) return isObject(value.nodes[0]?.callFrame);
    return isObject(value.head) && Array.isArray(value.head.children);
  } catch {
    return false;
  }
}

export function importChromeCpuProfile(
  input: ProfileInput | InputSource,
  _options: ImportOptions = {},
): Profile {
  const { builder, timeRange } = buildV8Profile(toSource(input).json(FORMAT), FORMAT, '$');
  const profile = builder.finish(timeRange ? { timeRange } : {});
  const timeOrder = new TimeOrderBuilder(profile.frames, profile.stacks);
  addSampleLanes(timeOrder, profile, { duration: V8_DURATION, name: 'Main thread' });
  return withTimeOrder(profile, timeOrder);
}

/** V8's `time` column holds each sample's gap to the next, in microseconds: its duration. */
export const V8_DURATION = { type: 1, nsPerUnit: 1e3 };

/**
 * Reads a whole V8 profile object, either form; the trace importer uses it for `CpuProfile` events,
 * passing the builder of all its threads (with both sample types; untimed samples then last 0).
 */
export function buildV8Profile(
  value: unknown,
  format: ProfileFormat,
  path: string,
  into?: ProfileBuilder,
): Built {
  const shape = 'expected an object with a "nodes" array (or a legacy "head" tree), as V8 writes';
  const ok = isObject(value) && (Array.isArray(value.nodes) || isObject(value.head));
  ensure(ok, format, shape, path);
  const legacy = !Array.isArray(value.nodes);
  const scale = legacy ? 1e6 : 1; // legacy start and end times are in seconds
  const startUs = optionalNumber(value.startTime, format, `${path}.startTime`) * scale;
  const endUs = optionalNumber(value.endTime, format, `${path}.endTime`) * scale;
  const spanUs = endUs - startUs; // NaN when either is missing
  const timesName = legacy ? 'timestamps' : 'timeDeltas';
  const times = value[timesName];
  const { samples } = value;
  const timed = (samples !== undefined && times !== undefined) || spanUs >= 0;
  const builder = into ?? new ProfileBuilder(format, V8_SAMPLE_TYPES.slice(0, timed ? 2 : 1));
  const withTime = builder.sampleTypes.length === 2;
  const graph = new V8NodeGraph(builder, format, (node) => `${path}.nodes[${node}]`);
  if (legacy) graph.addLegacyTree(value.head, `${path}.head`);
  else
    (value.nodes as unknown[]).forEach((node, i) => graph.addV8Node(node, `${path}.nodes[${i}]`));
  ensure(graph.size > 0, format, 'the profile has no nodes', `${path}.nodes`);
  graph.link();

  let extent: { startUs: number; endUs: number } | undefined;
  // Values are counts and gaps between times: a bad one comes from the times, or the hit counts.
  const valuesPath = samples === undefined ? `${path}.nodes` : `${path}.${timesName}`;
  builder.locate = () => ({ jsonPath: valuesPath });
  if (samples !== undefined) {
    ensure(Array.isArray(samples), format, 'must be an array of node ids', `${path}.samples`);
    const stacks = samples.map((id, k) => graph.stackOf(id, `${path}.samples[${k}]`));
    if (times !== undefined) {
      const list = numberArray(times, format, `${path}.${timesName}`);
      const ending = legacy && list.length === stacks.length + 1 ? list[stacks.length] : undefined;
      if (list.length !== stacks.length && ending === undefined) {
        const reason = `there are ${list.length} ${timesName} for ${stacks.length} samples; they must pair up`;
        fail(format, reason, `${path}.${timesName}`);
      }
      let at = legacy || Number.isNaN(startUs) ? 0 : startUs;
      const timesUs = stacks.map((_, i) => (legacy ? list[i] : (at += list[i])));
      extent = addTimedSamples(builder, stacks, timesUs, undefined, ending);
    } else {
      const each = timed ? spanUs / stacks.length : 0;
      for (const stack of stacks) builder.addSample(stack, withTime ? [1, each] : 1);
    }
  } else {
    const { total, byStack } = graph.hitCounts();
    const each = total > 0 && timed ? spanUs / total : 0;
    for (const [stack, hits] of byStack)
      builder.addSample(stack, withTime ? [hits, hits * each] : hits);
  }
  // The range covers the declared start and end and every sample, whichever are known.
  const startNs = Math.min(...[startUs, extent?.startUs ?? NaN].filter(isFinite)) * 1e3;
  const endNs = Math.max(...[endUs, extent?.endUs ?? NaN].filter(isFinite)) * 1e3;
  return endNs >= startNs ? { builder, timeRange: { startNs, endNs } } : { builder };
}

/**
 * The nodes of one V8 profile and how they nest, turned into stacks once all are known (a
 * `children` list may name nodes that come later, even in a later trace chunk). Ids are Map keys,
 * never keys of a plain object.
 */
export class V8NodeGraph {
  private readonly indexById = new Map<unknown, number>();
  private readonly ids: unknown[] = [];
  private readonly frames: FrameIndex[] = [];
  private readonly hits: number[] = [];
  private readonly parents: number[] = [];
  /** Parent ids, and children lists as [parent, child id, position], resolved by `link`. */
  private readonly parentIds: unknown[] = [];
  private readonly childLinks: [parent: number, child: unknown, position: number][] = [];
  private stacks: Int32Array = new Int32Array(0);

  constructor(
    private readonly builder: ProfileBuilder,
    private readonly format: ProfileFormat,
    public pathOf: (node: number) => string,
    /** Trace `stackFrames`: string ids, and every frame shown (V8 hides a parentless `(root)`). */
    private readonly stackFrameIds = false,
  ) {}

  get size(): number {
    return this.ids.length;
  }

  /** Adds a `nodes`-form node: `{ id, callFrame, children?, parent?, hitCount? }`. */
  addV8Node(node: unknown, path: string): void {
    ensure(isObject(node), this.format, 'a node must be an object', path);
    const { callFrame, children = [] } = node;
    ensure(
      isObject(callFrame),
      this.format,
      'a node needs a callFrame object',
      `${path}.callFrame`,
    );
    const frame = this.internCallFrame(callFrame, `${path}.callFrame`);
    const index = this.addNode(node.id, frame, node.hitCount, -1, node.parent);
    ensure(
      Array.isArray(children),
      this.format,
      'must be an array of node ids',
      `${path}.children`,
    );
    children.forEach((child, k) => this.childLinks.push([index, child, k]));
  }

  /** Adds the legacy nested tree, with an explicit stack: it may be deeper than the call stack. */
  addLegacyTree(head: unknown, path: string): void {
    const positions: number[] = [];
    this.pathOf = (node) => {
      const steps: string[] = [];
      for (let n = node; this.parents[n] >= 0; n = this.parents[n])
        steps.push(`.children[${positions[n]}]`);
      if (steps.length > 8) steps.splice(3, steps.length - 6, `…(${steps.length - 6} more)…`);
      return path + steps.reverse().join('');
    };
    const pending: [node: unknown, parent: number, position: number][] = [[head, -1, 0]];
    for (let item = pending.pop(); item; item = pending.pop()) {
      const [node, parent, position] = item;
      const index = positions.push(position) - 1;
      const nodePath = () => this.pathOf(index);
      this.parents[index] = parent; // read by pathOf before addNode sets it
      ensure(isObject(node), this.format, 'a node must be an object', nodePath);
      this.addNode(node.id, this.internCallFrame(node, nodePath), node.hitCount, parent);
      const { children = [] } = node;
      ensure(Array.isArray(children), this.format, 'must be an array', at(nodePath, '.children'));
      for (let k = children.length - 1; k >= 0; k--) pending.push([children[k], index, k]);
    }
  }

  /** Adds a node whose parent is known by index (`parent`, -1 for none) or by id (`parentId`). */
  addNode(id: unknown, frame: FrameIndex, hitCount: unknown, parent: number, parentId?: unknown) {
    const index = this.ids.length;
    const where = (field: string) => () => `${this.pathOf(index)}.${field}`;
    const kind = this.stackFrameIds ? 'string' : 'number';
    const idOk = typeof id === kind && (kind === 'string' || Number.isFinite(id));
    ensure(idOk, this.format, `the id must be a ${kind}`, where('id'));
    if (this.indexById.has(id))
      fail(this.format, `node id ${String(id)} is used twice`, where('id'));
    const hits = hitCount ?? 0;
    const hitsOk = typeof hits === 'number' && hits >= 0 && Number.isFinite(hits);
    ensure(hitsOk, this.format, 'must be a number of samples', where('hitCount'));
    this.indexById.set(id, index);
    this.ids.push(id);
    this.frames.push(frame);
    this.hits.push(hits);
    this.parents[index] = parent;
    this.parentIds.push(parentId);
    return index;
  }

  /** Resolves parent ids and children lists, checks them, and interns every node's stack. */
  link(): void {
    const { parents, format } = this;
    const setParent = (child = -1, parent = -1, id: unknown, path: JsonPath) => {
      if (child < 0 || parent < 0)
        fail(format, `${describeScalar(id)} is not the id of any node`, path);
      if (parents[child] >= 0 && parents[child] !== parent) {
        const [a, b, c] = [child, parents[child], parent].map((node) => String(this.ids[node]));
        fail(format, `node ${a} has two parents, ${b} and ${c}`, path);
      }
      parents[child] = parent;
    };
    // Paths are made only for an error: a trace's stackFrames may hold millions of nodes.
    this.parentIds.forEach((id, child) => {
      if (id !== undefined)
        setParent(child, this.indexById.get(id), id, () => `${this.pathOf(child)}.parent`);
    });
    for (const [parent, id, k] of this.childLinks)
      setParent(this.indexById.get(id), parent, id, () => `${this.pathOf(parent)}.children[${k}]`);
    this.stacks = this.computeStacks();
  }

  /** The stack of the sample on node `id`; a parse error at `path` when there is no such node. */
  stackOf(id: unknown, path: JsonPath): StackIndex {
    const index = this.indexById.get(id);
    if (index === undefined)
      fail(this.format, `${describeScalar(id)} is not the id of any node`, path);
    return this.stacks[index];
  }

  /** Each node's hit count by stack, for profiles that have no `samples`. */
  hitCounts(): { total: number; byStack: [StackIndex, number][] } {
    const byStack: [StackIndex, number][] = [];
    let total = 0;
    this.hits.forEach((hits, node) => {
      if (hits > 0) byStack.push([this.stacks[node], hits]);
      total += hits;
    });
    return { total, byStack };
  }

  /** Every node's stack, parents first: each walk up stops at a node done before, so it is linear. */
  private computeStacks(): Int32Array {
    const [UNSEEN, VISITING] = [-1, -2];
    const stacks = new Int32Array(this.size).fill(UNSEEN);
    const walk: number[] = [];
    for (let start = 0; start < stacks.length; start++) {
      let node = start;
      for (; node >= 0 && stacks[node] === UNSEEN; node = this.parents[node]) {
        stacks[node] = VISITING;
        walk.push(node);
      }
      if (node >= 0 && stacks[node] === VISITING) {
        const cycle = `node ${String(this.ids[node])} is its own ancestor: the parents form a cycle`;
        fail(this.format, cycle, this.pathOf(node));
      }
      let stack = node < 0 ? 0 : stacks[node];
      for (let next = walk.pop(); next !== undefined; next = walk.pop()) {
        const frame = this.frames[next];
        const hidden = !this.stackFrameIds && this.parents[next] < 0;
        if (!hidden || this.builder.frames.name(frame) !== '(root)')
          stack = this.builder.stacks.child(stack, frame);
        stacks[next] = stack;
      }
    }
    return stacks;
  }

  /** A call frame from a `callFrame` object, or from a legacy node that holds the fields itself. */
  private internCallFrame(frame: Record<string, unknown>, path: JsonPath): FrameIndex {
    const { functionName = '', url = '', lineNumber = -1 } = frame;
    const string = 'must be a string';
    ensure(typeof functionName === 'string', this.format, string, at(path, '.functionName'));
    ensure(typeof url === 'string' || url === null, this.format, string, at(path, '.url'));
    const line = Number.isInteger(lineNumber) ? (lineNumber as number) + 1 : -1;
    const lineRule = 'must be a 0-based line number, or -1 for none';
    ensure(line >= 0 && line <= 0x7fffffff, this.format, lineRule, at(path, '.lineNumber'));
    const name = functionName || '(anonymous)';
    return this.builder.frames.intern({
      name,
      ...(url && { file: url }),
      ...(line > 0 && { line }),
    });
  }
}

/**
 * Adds samples timed by V8: sample `i` was taken at `timesUs[i]` on `stacks[i]` and counts
 * `counts[i]` (1 when absent). Its time is the gap to the next sample in time order; the last gets
 * `lastEndUs - time` when given, else the mean gap. Returns the time the samples span.
 */
export function addTimedSamples(
  builder: ProfileBuilder,
  stacks: ArrayLike<StackIndex>,
  timesUs: ArrayLike<number>,
  counts?: ArrayLike<number>,
  lastEndUs?: number,
): { startUs: number; endUs: number } | undefined {
  const n = stacks.length;
  if (n === 0) return undefined;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  let unordered = 0;
  for (let i = 1; i < n; i++) if (timesUs[i] < timesUs[i - 1]) unordered++;
  if (unordered > 0) {
    order.sort((a, b) => timesUs[a] - timesUs[b] || a - b);
    const were = unordered === 1 ? ' was' : 's were';
    const message = `${unordered} sample${were} recorded out of time order and sorted by time`;
    builder.warn({ code: 'samples-reordered', message, count: unordered });
  }
  const [startUs, lastUs] = [timesUs[order[0]], timesUs[order[n - 1]]];
  const meanGap = n > 1 ? (lastUs - startUs) / (n - 1) : 0;
  const lastGap = lastEndUs !== undefined && lastEndUs >= lastUs ? lastEndUs - lastUs : meanGap;
  const values = [0, 0];
  for (let k = 0; k < n; k++) {
    const i = order[k];
    values[0] = counts ? counts[i] : 1;
    values[1] = k + 1 < n ? timesUs[order[k + 1]] - timesUs[i] : lastGap;
    builder.addSample(stacks[i], values, -1, timesUs[i] * 1e3);
  }
  return { startUs, endUs: lastUs + lastGap };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Throws a parse error at `jsonPath` unless `condition` holds. */
export function ensure(
  condition: unknown,
  format: ProfileFormat,
  reason: string,
  jsonPath: JsonPath,
): asserts condition {
  if (!condition) fail(format, reason, jsonPath);
}

export function fail(format: ProfileFormat, reason: string, jsonPath: JsonPath): never {
  const position = { jsonPath: typeof jsonPath === 'string' ? jsonPath : jsonPath() };
  throw new FlamekitError('parse-error', reason, { format, position });
}

function at(path: JsonPath, suffix: string): JsonPath {
  return typeof path === 'string' ? path + suffix : () => path() + suffix;
}

/** A number, or NaN when absent. */
function optionalNumber(value: unknown, format: ProfileFormat, path: string): number {
  const ok = value === undefined || (typeof value === 'number' && Number.isFinite(value));
  ensure(ok, format, 'must be a number', path);
  return (value as number | undefined) ?? NaN;
}

/** A JSON array of finite numbers, checked entry by entry. */
export function numberArray(value: unknown, format: ProfileFormat, path: string): number[] {
  ensure(Array.isArray(value), format, 'must be an array of numbers', path);
  value.forEach((entry, k) => {
    if (typeof entry !== 'number' || !Number.isFinite(entry))
      fail(format, `${describeJsonValue(entry)} is not a number`, `${path}[${k}]`);
  });
  return value as number[];
}
