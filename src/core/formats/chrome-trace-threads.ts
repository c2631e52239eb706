import type { ProfileThread } from '../model/profile';
import type { ProfileBuilder } from '../model/profile-builder';
import type { SpanRecorder } from '../model/time-order-builder';
import { fail, isObject } from './chrome-cpuprofile';
import { describeJsonValue, describeScalar } from './json-values';

// The threads of a Chrome trace: what the importer picks from (a candidate per thread with
// samples or duration events), their labels from the trace's metadata, and the helpers both
// kinds of thread share.

const FORMAT = 'chrome-trace';

export type TraceEvent = Record<string, unknown>;
export type Built = { builder: ProfileBuilder; timeRange?: { startNs: number; endNs: number } };
export interface Candidate {
  name: string;
  /** The event that names its thread (pid and tid). */
  event: TraceEvent;
  /** Samples, or duration events: the heaviest candidate is the default. */
  weight: number;
  /** Adds its samples to the builder of all threads. */
  build(builder: ProfileBuilder, spans?: SpanRecorder): Built;
}
export interface Trace {
  events: TraceEvent[];
  path: string;
  label: (event: TraceEvent, extra?: string) => string;
  /** The name the trace gives an event's process, if it does. */
  processName: (event: TraceEvent) => string | undefined;
}

/** The thread of a candidate: its label, its process's name and its ids. */
export function threadOf({ name, event }: Candidate, trace: Trace): ProfileThread {
  const processName = trace.processName(event);
  return {
    name,
    ...(processName !== undefined && { processName }),
    ...(event.pid !== undefined && { pid: describeScalar(event.pid) }),
    ...(event.tid !== undefined && { tid: describeScalar(event.tid) }),
  };
}

/** Names threads from `process_name` / `thread_name` metadata: `Renderer: CrRendererMain (pid 1, tid 2)`. */
export function threadLabeller(events: TraceEvent[]): Pick<Trace, 'label' | 'processName'> {
  const names = new Map<string, string>();
  for (const event of events) {
    const name = isObject(event.args) ? event.args.name : undefined;
    if (event.ph !== 'M' || typeof name !== 'string') continue;
    const [pid, tid] = [describeScalar(event.pid), describeScalar(event.tid)];
    if (event.name === 'process_name') names.set(pid, name);
    if (event.name === 'thread_name') names.set(`${pid}:${tid}`, name);
  }
  return {
    label(event, extra = '') {
      const [pid, tid] = [describeScalar(event.pid), describeScalar(event.tid)];
      const process = names.get(pid);
      const thread = names.get(`${pid}:${tid}`) ?? 'thread';
      return `${process ? `${process}: ` : ''}${thread} (pid ${pid}, tid ${tid}${extra})`;
    },
    processName: (event) => names.get(describeScalar(event.pid)),
  };
}

export function groupByThread<T>(items: T[], eventOf: (item: T) => TraceEvent): T[][] {
  const threads = new Map<string, T[]>();
  for (const item of items) {
    const { pid, tid } = eventOf(item);
    const key = `${describeScalar(pid)}:${describeScalar(tid)}`;
    const thread = threads.get(key);
    if (thread) thread.push(item);
    else threads.set(key, [item]);
  }
  return [...threads.values()];
}

export function withRange(
  builder: ProfileBuilder,
  extent: { startUs: number; endUs: number } | undefined,
  declaredStartUs = Infinity,
): Built {
  if (!extent) return { builder };
  const startNs = Math.min(extent.startUs, declaredStartUs) * 1e3;
  return { builder, timeRange: { startNs, endNs: extent.endUs * 1e3 } };
}

/** A trace number: a number, or (as Hermes writes them) a decimal string. */
export function readNumber(value: unknown, path: string): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number))
    fail(FORMAT, `expected a number, found ${describeJsonValue(value)}`, path);
  return number;
}
