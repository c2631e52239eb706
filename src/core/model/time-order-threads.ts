import type { Profile, ProfileThread } from './profile';
import { threadLabels } from './profile-threads';
import type { TimeOrderBuilder } from './time-order-builder';

export interface SampleLaneOptions {
  /** The sample type that holds each sample's duration, and how many ns one unit of it is. */
  duration?: { type: number; nsPerUnit: number };
  /** The sampling interval the source declares, in ns: the usual gap between samples. */
  intervalNs?: number;
  /** The lane's name when the profile records no threads. */
  name?: string;
}

/**
 * The timed samples of a profile as lanes: one per thread where the profile records threads
 * (`samples.thread`, named as the explorer's thread picker names them, grouped by process), else
 * one. Pass the whole profile (`allThreads` of a thread's view): its samples are every thread's.
 */
export function addSampleLanes(
  builder: TimeOrderBuilder,
  whole: Profile,
  options: SampleLaneOptions = {},
): void {
  const { samples, stacks, threads } = whole;
  if (!samples.timeNs) return;
  const values = options.duration && samples.values[options.duration.type];
  const nsPerUnit = options.duration?.nsPerUnit ?? 1;
  const durationNs = values && Float64Array.from(values, (value) => value * nsPerUnit);
  if (!threads || !samples.thread) {
    const name = options.name ?? whole.name ?? 'Main thread';
    builder.addSamples(
      { name },
      stacks,
      samples.stack,
      samples.timeNs,
      durationNs,
      options.intervalNs,
    );
    return;
  }
  // The samples of each thread, in file order: a counting sort by thread.
  const offsets = new Int32Array(threads.length + 1);
  for (let i = 0; i < samples.count; i++) offsets[samples.thread[i] + 1]++;
  for (let k = 0; k < threads.length; k++) offsets[k + 1] += offsets[k];
  const fill = offsets.slice(0, threads.length);
  const order = new Int32Array(samples.count);
  for (let i = 0; i < samples.count; i++) order[fill[samples.thread[i]]++] = i;
  const labels = threadLabels(threads);
  threads.forEach((thread, k) => {
    const members = order.subarray(offsets[k], offsets[k + 1]);
    if (members.length === 0) return;
    const pick = (column: ArrayLike<number>) => Float64Array.from(members, (i) => column[i]);
    builder.addSamples(
      { name: labels[k], ...processOf(thread) },
      stacks,
      Int32Array.from(members, (i) => samples.stack[i]),
      pick(samples.timeNs!),
      durationNs && pick(durationNs),
      options.intervalNs,
    );
  });
}

/** The process a thread's lane is grouped under: its name and pid, where the source says. */
function processOf({ processName, pid }: ProfileThread): { process?: string } {
  if (processName === undefined && pid === undefined) return {};
  return { process: `${processName ?? 'process'}${pid === undefined ? '' : ` (pid ${pid})`}` };
}
