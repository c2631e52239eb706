import type { ProfileBuilder } from '../model/profile-builder';
import type { SpanRecorder } from '../model/time-order-builder';
import {
  groupByThread,
  readNumber,
  type Built,
  type Candidate,
  type Trace,
  type TraceEvent,
} from './chrome-trace-threads';

// A trace's duration events (B/E pairs and X events) as time per stack, for threads without CPU
// samples, and as spans for the time order.

export function findEventThreads({ events, path, label }: Trace): Candidate[] {
  const durations: [event: TraceEvent, index: number][] = [];
  events.forEach((event, i) => {
    if (event.ph === 'B' || event.ph === 'E' || event.ph === 'X') durations.push([event, i]);
  });
  return groupByThread(durations, ([event]) => event).map((thread) => ({
    name: label(thread[0][0]),
    event: thread[0][0],
    weight: thread.filter(([event]) => event.ph !== 'E').length,
    build: (builder: ProfileBuilder, spans?: SpanRecorder) =>
      buildEventThread(builder, thread, path, spans),
  }));
}

/**
 * One thread's duration events as time per stack. `B`/`E` pairs are matched in time order; then
 * all intervals are swept in start order (the longer first on a tie), a stack of open intervals
 * giving the stack of frames between one boundary and the next.
 */
function buildEventThread(
  builder: ProfileBuilder,
  thread: [TraceEvent, number][],
  path: string,
  spans?: SpanRecorder,
): Built {
  builder.locate = () => ({ jsonPath: path });
  const [starts, ends, frames]: number[][] = [[], [], []];
  const problems = new Map<keyof typeof PROBLEMS, number>();
  const note = (code: keyof typeof PROBLEMS) => problems.set(code, (problems.get(code) ?? 0) + 1);
  const addInterval = ({ name }: TraceEvent, start: number, end: number) => {
    frames.push(builder.frames.internName(typeof name === 'string' ? name : '(unnamed)'));
    ends.push(end);
    return starts.push(start) - 1;
  };
  let lastUs = -Infinity;
  const marks = thread.map(([event, i]) => ({
    event,
    i,
    ts: readNumber(event.ts, `${path}[${i}].ts`),
  }));
  const open: number[] = [];
  for (const { event, ts } of marks
    .filter((mark) => mark.event.ph !== 'X')
    .sort((a, b) => a.ts - b.ts)) {
    lastUs = Math.max(lastUs, ts);
    if (event.ph === 'B') open.push(addInterval(event, ts, NaN));
    else if (open.length > 0) ends[open.pop()!] = ts;
    else note('unmatched-end');
  }
  for (const { event, i, ts } of marks) {
    if (event.ph !== 'X') continue;
    const field = event.dur !== undefined ? 'dur' : event.tdur !== undefined ? 'tdur' : undefined;
    const duration = field ? readNumber(event[field], `${path}[${i}].${field}`) : -1;
    if (duration < 0) {
      note('no-duration');
      continue;
    }
    addInterval(event, ts, ts + duration);
    lastUs = Math.max(lastUs, ts + duration);
  }
  for (const interval of open) {
    ends[interval] = lastUs;
    note('unclosed-begin');
  }
  const order = starts.map((_, k) => k);
  order.sort((a, b) => starts[a] - starts[b] || ends[b] - ends[a] || a - b);
  // Open intervals as interned stacks: one `child` per push keeps a deep sweep linear.
  const [openStacks, stackEnds]: number[][] = [[], []];
  let cursor = -Infinity;
  const advanceTo = (time: number) => {
    if (openStacks.length > 0 && time > cursor)
      builder.addSample(openStacks[openStacks.length - 1], time - cursor, -1, cursor * 1e3);
    cursor = Math.max(cursor, time);
  };
  const closeUntil = (time: number) => {
    for (let top = stackEnds.length - 1; top >= 0 && stackEnds[top] <= time; top--) {
      advanceTo(stackEnds.pop()!);
      openStacks.pop();
    }
    advanceTo(time);
  };
  for (const k of order) {
    closeUntil(starts[k]);
    const parentEnd = stackEnds.length > 0 ? stackEnds[stackEnds.length - 1] : Infinity;
    if (ends[k] > parentEnd) note('overlapping-events');
    const parentStack = openStacks.length > 0 ? openStacks[openStacks.length - 1] : 0;
    openStacks.push(builder.stacks.child(parentStack, frames[k]));
    stackEnds.push(Math.min(ends[k], parentEnd));
    spans?.add(
      openStacks[openStacks.length - 1],
      starts[k] * 1e3,
      stackEnds[stackEnds.length - 1] * 1e3,
    );
  }
  closeUntil(lastUs);
  for (const [code, count] of problems)
    builder.warn({ code, message: PROBLEMS[code](count), count });
  if (order.length === 0) return { builder };
  return { builder, timeRange: { startNs: starts[order[0]] * 1e3, endNs: lastUs * 1e3 } };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const PROBLEMS = {
  'unmatched-end': (n: number) =>
    `${plural(n, 'end (E) event has', 'end (E) events have')} no open begin (B) event: skipped`,
  'unclosed-begin': (n: number) =>
    `${plural(n, 'begin (B) event never ends', 'begin (B) events never end')}: ended at the thread's last event`,
  'no-duration': (n: number) =>
    `${plural(n, 'complete (X) event has', 'complete (X) events have')} no dur (or a negative one): skipped`,
  'overlapping-events': (n: number) =>
    `${plural(n, 'event outlasts its', 'events outlast their')} parent: cut at the parent's end`,
};
