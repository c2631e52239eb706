import type { Profile } from '../model/profile';
import { ProfileBuilder } from '../model/profile-builder';
import { finishThreadedProfile } from '../model/profile-threads';
import { SpanRecorder, withTimeOrder } from '../model/time-order-builder';
import { traceTimeOrder } from './chrome-trace-time-order';
import {
  addTimedSamples,
  buildV8Profile,
  ensure,
  isObject,
  numberArray,
  V8_SAMPLE_TYPES,
  V8NodeGraph,
  type JsonPath,
} from './chrome-cpuprofile';
import { toInputSource as toSource, type InputSource, type ProfileInput } from './input';
import type { ImportOptions } from './options';
import { describeScalar, warnNegativeWeights } from './json-values';
import { findEventThreads } from './chrome-trace-events';
import {
  groupByThread,
  readNumber,
  threadLabeller,
  threadOf,
  withRange,
  type Built,
  type Candidate,
  type Trace,
  type TraceEvent,
} from './chrome-trace-threads';
/**
 * Chrome trace-event JSON (chrome://tracing, the DevTools Performance panel, Perfetto's JSON
 * export, Hermes): a bare array of events or `{ traceEvents: [...] }`. An array without its closing
 * `]` (maybe after a trailing comma), which Chrome accepts, is repaired.
 *
 * Read, in this order of preference:
 * 1. CPU samples: V8's `Profile` + `ProfileChunk` events (chunks of one profile share `pid` and
 *    `id`; nodes, samples and `timeDeltas` accumulate across chunks in file order), older
 *    `CpuProfile` events holding a whole profile, and the `stackFrames` + `samples` sections (and
 *    `P` events with an `sf`) per thread. Values as in `.cpuprofile`: `samples` and `time` (µs),
 *    a sample lasting until the next one in time, the last one the mean gap.
 * 2. When there are no samples at all, duration events per thread: `B`/`E` pairs and `X` events
 *    (`dur`, else `tdur`), as the time (µs) spent in each stack of nested events. An `E` closes the
 *    innermost open `B`; a child that outlasts its parent is cut at the parent's end.
 * Every profile or thread is read, each a view of the whole (`profile.alternatives`: All threads,
 * then each, named `process: thread (pid, tid)` from the trace's metadata); the default is the
 * one with the most samples (or events), as before, and `options.profile` picks another, or the
 * whole.
 *
 * Not read: instant, counter, async (`b`/`e`/`n`), flow and object events; `args` (a duration
 * event's frame is its name). Problems that leave the rest usable are counted in warnings.
 */
const FORMAT = 'chrome-trace';

const check: (condition: unknown, reason: string, path: JsonPath) => asserts condition = (
  condition,
  reason,
  path,
) => ensure(condition, FORMAT, reason, path);

/** Repaired parses of unterminated arrays, kept so that sniffing and importing parse once. */
const repairedTraces = new WeakMap<InputSource, unknown>();

export function isChromeTrace(input: ProfileInput | InputSource): boolean {
  const source = toSource(input);
  if (source.isBinary() || !/^\s*[[{]/.test(source.head(64))) return false;
  try {
    const value = readTrace(source);
    if (isObject(value)) return Array.isArray(value.traceEvents);
    return Array.isArray(value) && isObject(value[0]) && typeof value[0].ph === 'string';
  } catch {
    return false;
  }
}

export function importChromeTrace(
  input: ProfileInput | InputSource,
  options: ImportOptions = {},
): Profile {
  const value = readTrace(toSource(input));
  const root = isObject(value) ? value : {};
  const path = isObject(value) ? '$.traceEvents' : '$';
  const events = isObject(value) ? value.traceEvents : value;
  check(
    Array.isArray(events),
    'expected an array of trace events, or { "traceEvents": [...] }',
    path,
  );
  events.forEach((event, i) =>
    check(isObject(event), 'an event must be an object', `${path}[${i}]`),
  );
  const trace: Trace = { events, path, ...threadLabeller(events) };
  const sampled = [...findCpuProfiles(trace), ...findSampledThreads(trace, root)];
  const candidates = sampled.length > 0 ? sampled : findEventThreads(trace);
  check(candidates.length > 0, 'the trace has no CPU samples and no B/E/X duration events', path);
  const builder = new ProfileBuilder(
    FORMAT,
    sampled.length > 0 ? V8_SAMPLE_TYPES : [{ type: 'time', unit: 'microseconds' }],
  );
  let startNs = Infinity;
  let endNs = -Infinity;
  // Duration events are also kept as spans, each call a box of the flame chart.
  const spans = new Map<Candidate, SpanRecorder>();
  for (const candidate of candidates) {
    builder.setThread(builder.addThread(threadOf(candidate, trace)));
    const recorded = sampled.length > 0 ? undefined : new SpanRecorder();
    if (recorded) spans.set(candidate, recorded);
    const { timeRange } = candidate.build(builder, recorded);
    if (timeRange) {
      startNs = Math.min(startNs, timeRange.startNs);
      endNs = Math.max(endNs, timeRange.endNs);
    }
  }
  const heaviest = candidates.reduce(
    (best, { weight }, k) => (weight > candidates[best].weight ? k : best),
    0,
  );
  const profile = finishThreadedProfile(
    builder,
    startNs <= endNs ? { timeRange: { startNs, endNs } } : {},
    options.profile,
    heaviest + 1,
  );
  // With samples, the threads' duration events are read for the time order only.
  const eventThreads = sampled.length > 0 ? findEventThreads(trace) : [];
  return withTimeOrder(
    profile,
    ...traceTimeOrder(profile.allThreads ?? profile, spans, eventThreads),
  );
}

function readTrace(source: InputSource): unknown {
  if (repairedTraces.has(source)) return repairedTraces.get(source);
  try {
    return source.json(FORMAT);
  } catch (error) {
    const text = source.text().trim();
    if (!text.startsWith('[') || text.endsWith(']')) throw error;
    try {
      const value: unknown = JSON.parse(`${text.replace(/,$/, '')}]`);
      repairedTraces.set(source, value);
      return value;
    } catch {
      throw error;
    }
  }
}

function findCpuProfiles({ events, path, label }: Trace): Candidate[] {
  const candidates: Candidate[] = [];
  const chunked = new Map<
    string,
    { event: TraceEvent; startUs: number; chunks: number[]; weight: number }
  >();
  events.forEach((event, i) => {
    const data = isObject(event.args) ? event.args.data : undefined;
    if (!isObject(data)) return;
    if (event.name === 'CpuProfile' && isObject(data.cpuProfile)) {
      const { samples } = data.cpuProfile;
      const build = (builder: ProfileBuilder) =>
        buildV8Profile(data.cpuProfile, FORMAT, `${path}[${i}].args.data.cpuProfile`, builder);
      const weight = Array.isArray(samples) ? samples.length : 0;
      candidates.push({ name: label(event, `, CpuProfile event ${i}`), event, weight, build });
    }
    if (event.ph !== 'P' || (event.name !== 'Profile' && event.name !== 'ProfileChunk')) return;
    const key = `${describeScalar(event.pid)}:${describeScalar(event.id)}`;
    const profile = chunked.get(key) ?? { event, startUs: 0, chunks: [], weight: 0 };
    chunked.set(key, profile);
    if (event.name === 'Profile') {
      const start = data.startTime ?? event.ts;
      if (typeof start === 'number') profile.startUs = start;
      profile.event = event; // its tid is the profiled thread; chunks come from the sampler
    } else {
      profile.chunks.push(i);
      const samples = isObject(data.cpuProfile) ? data.cpuProfile.samples : undefined;
      profile.weight += Array.isArray(samples) ? samples.length : 0;
    }
  });
  for (const { event, startUs, chunks, weight } of chunked.values()) {
    const build = (builder: ProfileBuilder) =>
      buildChunkedProfile(builder, events, path, chunks, startUs);
    const name = label(event, `, profile ${describeScalar(event.id)}`);
    candidates.push({ name, event, weight, build });
  }
  return candidates;
}

function buildChunkedProfile(
  builder: ProfileBuilder,
  events: TraceEvent[],
  path: string,
  chunks: number[],
  startUs: number,
) {
  const nodePaths: string[] = [];
  const graph = new V8NodeGraph(builder, FORMAT, (node) => nodePaths[node]);
  const samples: [id: unknown, path: string][] = [];
  const timesUs: number[] = [];
  let at = startUs;
  for (const i of chunks) {
    const data = (events[i].args as TraceEvent).data as TraceEvent;
    const dataPath = `${path}[${i}].args.data`;
    const { cpuProfile = {} } = data;
    check(isObject(cpuProfile), 'must be an object', `${dataPath}.cpuProfile`);
    const { nodes = [], samples: ids = [] } = cpuProfile;
    check(Array.isArray(nodes), 'must be an array of nodes', `${dataPath}.cpuProfile.nodes`);
    check(Array.isArray(ids), 'must be an array of node ids', `${dataPath}.cpuProfile.samples`);
    nodes.forEach((node, k) => {
      nodePaths.push(`${dataPath}.cpuProfile.nodes[${k}]`);
      graph.addV8Node(node, nodePaths[nodePaths.length - 1]);
    });
    const deltasPath = `${dataPath}${data.timeDeltas === undefined ? '.cpuProfile' : ''}.timeDeltas`;
    const deltas = numberArray(data.timeDeltas ?? cpuProfile.timeDeltas ?? [], FORMAT, deltasPath);
    const pairs = `${deltas.length} timeDeltas for ${ids.length} samples; they must pair up`;
    check(deltas.length === ids.length, pairs, deltasPath);
    ids.forEach((id, k) => {
      samples.push([id, `${dataPath}.cpuProfile.samples[${k}]`]);
      timesUs.push((at += deltas[k]));
    });
  }
  builder.locate = () => ({ jsonPath: `${path}[${chunks[0]}].args.data.timeDeltas` });
  graph.link();
  const stacks = samples.map(([id, samplePath]) => graph.stackOf(id, samplePath));
  return withRange(builder, addTimedSamples(builder, stacks, timesUs), startUs);
}

/** The `stackFrames` + `samples` form (and `P` events with an `sf`), one candidate per thread. */
function findSampledThreads({ events, path, label }: Trace, root: TraceEvent): Candidate[] {
  const samples: [sample: TraceEvent, path: string][] = [];
  const { samples: listed = [], stackFrames = {} } = root;
  check(Array.isArray(listed), 'must be an array of samples', '$.samples');
  listed.forEach((sample, k) => {
    check(isObject(sample), 'a sample must be an object', `$.samples[${k}]`);
    samples.push([sample, `$.samples[${k}]`]);
  });
  events.forEach((event, i) => {
    if (event.ph === 'P' && event.sf !== undefined) samples.push([event, `${path}[${i}]`]);
  });
  if (samples.length === 0) return [];
  check(isObject(stackFrames), 'must be an object of frames by id', '$.stackFrames');
  const threads = groupByThread(samples, ([sample]) => sample);
  // The threads share one builder: the frames are read into it once, for all of them.
  const graphs = new WeakMap<ProfileBuilder, V8NodeGraph>();
  const graphFor = (builder: ProfileBuilder) => {
    let graph = graphs.get(builder);
    if (!graph) graphs.set(builder, (graph = stackFrameGraph(builder, stackFrames)));
    return graph;
  };
  return threads.map((thread) => ({
    name: label(thread[0][0]),
    event: thread[0][0],
    weight: thread.length,
    build: (builder: ProfileBuilder) => buildSampledThread(builder, thread, graphFor(builder)),
  }));
}

/** The `stackFrames` section as stacks; paths for errors are made only for an error. */
function stackFrameGraph(builder: ProfileBuilder, stackFrames: TraceEvent): V8NodeGraph {
  const keys = Object.keys(stackFrames);
  const pathOf = (node: number) => `$.stackFrames[${JSON.stringify(keys[node])}]`;
  const graph = new V8NodeGraph(builder, FORMAT, pathOf, true);
  keys.forEach((key, k) => {
    const frame = stackFrames[key];
    const named = isObject(frame) && typeof frame.name === 'string';
    check(named, 'a frame needs a name', () => pathOf(k));
    const { parent } = frame as TraceEvent;
    const parentOk =
      parent === undefined || typeof parent === 'number' || typeof parent === 'string';
    check(parentOk, 'must be a frame id', () => `${pathOf(k)}.parent`);
    const parentId = parent === undefined ? undefined : String(parent);
    graph.addNode(key, builder.frames.internName(frame.name as string), undefined, -1, parentId);
  });
  graph.link();
  return graph;
}

function buildSampledThread(
  builder: ProfileBuilder,
  samples: [TraceEvent, string][],
  graph: V8NodeGraph,
): Built {
  builder.locate = () => ({ jsonPath: samples[0][1] });
  const stacks = samples.map(([{ sf }, at]) => graph.stackOf(describeScalar(sf), `${at}.sf`));
  const times = samples.map(([{ ts }, at]) => readNumber(ts, `${at}.ts`));
  const counts = samples.map(([{ weight = 1 }, at]) => readNumber(weight, `${at}.weight`));
  const negative = counts.findIndex((count) => count < 0);
  if (negative >= 0) {
    const count = counts.filter((c) => c < 0).length;
    warnNegativeWeights(builder, count, `${samples[negative][1]}.weight`);
  }
  return withRange(builder, addTimedSamples(builder, stacks, times, counts));
}

/** Threads with duration events, weighted by how many events each has. */
