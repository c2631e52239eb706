import { isFlamekitError } from '../errors';
import type { ImportWarning, Profile } from '../model/profile';
import { ProfileBuilder } from '../model/profile-builder';
import { SpanRecorder, TimeOrderBuilder } from '../model/time-order-builder';
import { addSampleLanes } from '../model/time-order-threads';
import { V8_DURATION } from './chrome-cpuprofile';
import { describeScalar } from './json-values';

/** A thread of duration events as the trace importer offers it. */
export interface TraceEventThread {
  name: string;
  /** The event that names its thread (pid and tid). */
  event: Record<string, unknown>;
  /** Reads its events into `builder`, each call also into `spans`. */
  build(builder: ProfileBuilder, spans?: SpanRecorder): unknown;
}

/**
 * Every thread's time order, whichever view was imported: a lane of samples per CPU profile or
 * sampled thread (the profile's own threads), and a lane of spans per thread with duration
 * events, so that a page's tasks and the JavaScript samples within them show side by side, as
 * the Performance panel shows them. `recorded` holds the spans of the profile's threads when they
 * are the duration events themselves; `eventThreads` the threads of duration events of a trace
 * whose profile is its samples, read here for their spans only. One that cannot be read is left
 * out, with a warning: the profile asked for was read.
 */
export function traceTimeOrder(
  whole: Profile,
  recorded: Map<TraceEventThread, SpanRecorder>,
  eventThreads: TraceEventThread[],
): [TimeOrderBuilder, ImportWarning?] {
  // Lanes over the profile's own tables, unless spans come from builders of their own.
  const shared = eventThreads.length === 0;
  const timeOrder = shared
    ? new TimeOrderBuilder(whole.frames, whole.stacks)
    : new TimeOrderBuilder();
  const laneOf = ({ name, event }: TraceEventThread) => ({
    name: `${name} trace events`,
    process: `process (pid ${describeScalar(event.pid)})`,
  });
  for (const [thread, spans] of recorded) spans.addTo(timeOrder, laneOf(thread), whole.stacks);
  if (recorded.size === 0) addSampleLanes(timeOrder, whole, { duration: V8_DURATION });
  const skipped: string[] = [];
  for (const thread of eventThreads) {
    try {
      const builder = new ProfileBuilder('chrome-trace', [{ type: 'time', unit: 'microseconds' }]);
      const spans = new SpanRecorder();
      thread.build(builder, spans);
      spans.addTo(timeOrder, laneOf(thread), builder.stacks);
    } catch (error) {
      if (!isFlamekitError(error)) throw error;
      skipped.push(`${thread.name}: ${error.message}`);
    }
  }
  if (skipped.length === 0) return [timeOrder];
  const count = skipped.length;
  const threads = count === 1 ? 'thread is' : 'threads are';
  return [
    timeOrder,
    {
      code: 'thread-without-time-order',
      message: `${count} ${threads} left out of the time order: ${skipped.join('; ')}`,
      count,
    },
  ];
}
