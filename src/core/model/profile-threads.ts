import { FlamekitError } from '../errors';
import type { Profile, ProfileThread, SampleTable } from './profile';
import { createProfile, type ProfileBuilder, type ProfileDetails } from './profile-builder';

/**
 * Threads as views of one profile. An importer of a format that records threads (Firefox, Chrome
 * traces, perf script) reads every thread into one profile, each sample tagged with its thread
 * (`samples.thread`, `profile.threads`); that profile is the whole ("All threads"), and the
 * profile of one thread is its samples alone, over the same frames and stacks. A picker lists
 * them in `profile.alternatives`: the whole first, then the threads.
 */

/** The name of the view of every thread together. */
export const ALL_THREADS = 'All threads';

/**
 * The label of each thread in a picker: its name, and where several threads share a name (a
 * browser's `GeckoMain` per process), the process and ids that tell them apart.
 */
export function threadLabels(threads: readonly ProfileThread[]): string[] {
  const count = new Map<string, number>();
  for (const { name } of threads) count.set(name, (count.get(name) ?? 0) + 1);
  const labels = threads.map((thread) => {
    if (count.get(thread.name) === 1) return thread.name;
    const ids = [thread.pid && `pid ${thread.pid}`, thread.tid && `tid ${thread.tid}`];
    const detail = [thread.processName, ...ids].filter(Boolean).join(', ');
    return detail ? `${thread.name} (${detail})` : thread.name;
  });
  // Labels that are still equal (same name, process and ids) get their position among them.
  const repeats = new Map<string, number>();
  for (const label of labels) repeats.set(label, (repeats.get(label) ?? 0) + 1);
  const seen = new Map<string, number>();
  return labels.map((label) => {
    if (repeats.get(label) === 1) return label;
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return `${label} #${n}`;
  });
}

/**
 * Seals a builder whose samples carry threads, and returns the view asked for: `wanted` is an
 * index into the views (0 the whole, 1 + k thread k) or a name (a view's label, else a thread's
 * name, the first of that name); `defaultView` is used when it is absent. A file of one thread
 * has no views to pick: its profile is that thread's.
 */
export function finishThreadedProfile(
  builder: ProfileBuilder,
  details: ProfileDetails,
  wanted: number | string | undefined,
  defaultView: number,
): Profile {
  const threadCount = builder.threadCount;
  if (threadCount <= 1) {
    const whole = builder.finish(details);
    if (whole.name === undefined && whole.threads) whole.name = whole.threads[0].name;
    // The one thread is the whole: its index, its name and "All threads" all pick it.
    const name = whole.threads?.[0]?.name ?? ALL_THREADS;
    if (wanted !== undefined && wanted !== ALL_THREADS) viewIndex(whole, wanted, [name]);
    return whole;
  }
  const probe = builder.finish(details);
  const names = [ALL_THREADS, ...threadLabels(probe.threads!)];
  const whole = createProfile({
    ...withoutTree(probe),
    name: ALL_THREADS,
    alternatives: { names, index: 0 },
  });
  const index = wanted === undefined ? defaultView : viewIndex(whole, wanted, names);
  return index === 0 ? whole : computeThreadProfile(whole, index - 1);
}

/**
 * The profile of one thread of `profile` (which records threads): its samples, with their
 * labels and times, over the same frames and stacks; its trees are built on first use. The
 * result keeps the whole in `allThreads`, so that a picker can go back.
 */
export function computeThreadProfile(profile: Profile, thread: number): Profile {
  const whole = profile.allThreads ?? profile;
  const { threads, samples } = whole;
  if (!threads || !samples.thread)
    throw new FlamekitError('invalid-argument', 'this profile does not record threads');
  if (!(Number.isInteger(thread) && thread >= 0 && thread < threads.length))
    throw new FlamekitError(
      'invalid-argument',
      `there is no thread ${thread}; the profile has ${threads.length}`,
    );
  const names = whole.alternatives?.names ?? [ALL_THREADS, ...threadLabels(threads)];
  const subset = samplesOfThread(samples, thread);
  let startNs = Infinity;
  let endNs = -Infinity;
  if (subset.timeNs) {
    for (const time of subset.timeNs) {
      if (time < startNs) startNs = time;
      if (time > endNs) endNs = time;
    }
  }
  const { timeRange: _range, ...parts } = withoutTree(whole);
  return createProfile({
    ...parts,
    name: threads[thread].name,
    samples: subset,
    alternatives: { names, index: thread + 1 },
    allThreads: whole,
    ...(startNs <= endNs
      ? { timeRange: { startNs, endNs } }
      : !subset.timeNs && whole.timeRange && { timeRange: whole.timeRange }),
  });
}

/**
 * Another view of a profile whose views are threads: `view` indexes `profile.alternatives.names`
 * (0 the whole) or names one. Undefined when the profile cannot give it without importing
 * again (speedscope's profiles are separate in the file: import with `options.profile`).
 */
export function selectProfileView(profile: Profile, view: number | string): Profile | undefined {
  const whole = profile.allThreads ?? profile;
  if (!whole.threads || !whole.samples.thread || !whole.alternatives) return undefined;
  const index = viewIndex(whole, view, whole.alternatives.names);
  if (index === profile.alternatives?.index) return profile;
  return index === 0 ? whole : computeThreadProfile(whole, index - 1);
}

function viewIndex(whole: Profile, wanted: number | string, names: readonly string[]): number {
  let index = typeof wanted === 'number' ? wanted : names.indexOf(wanted);
  const threads = whole.threads;
  // A thread's own name picks it too (the first of that name), when its label had to differ.
  if (index < 0 && typeof wanted === 'string' && threads && names.length === threads.length + 1)
    index = threads.findIndex((thread) => thread.name === wanted) + 1 || -1;
  if (Number.isInteger(index) && index >= 0 && index < names.length) return index;
  const list = names
    .slice(0, 12)
    .map((name, i) => `${i}: ${JSON.stringify(name)}`)
    .join(', ');
  throw new FlamekitError(
    'invalid-argument',
    `there is no profile ${JSON.stringify(wanted)}; pick one by index or name (${list}${names.length > 12 ? ', …' : ''})`,
    { format: whole.format },
  );
}

function samplesOfThread(samples: SampleTable, thread: number): SampleTable {
  const column = samples.thread!;
  let count = 0;
  for (let i = 0; i < samples.count; i++) if (column[i] === thread) count++;
  const rows = new Int32Array(count);
  for (let i = 0, k = 0; i < samples.count; i++) if (column[i] === thread) rows[k++] = i;
  const pick = <T extends Int32Array | Float64Array>(source: T, target: T): T => {
    for (let k = 0; k < count; k++) target[k] = source[rows[k]];
    return target;
  };
  return {
    count,
    stack: pick(samples.stack, new Int32Array(count)),
    values: samples.values.map((values) => pick(values, new Float64Array(count))),
    labelSets: samples.labelSets,
    ...(samples.labelSet && { labelSet: pick(samples.labelSet, new Int32Array(count)) }),
    ...(samples.timeNs && { timeNs: pick(samples.timeNs, new Float64Array(count)) }),
    thread: new Int32Array(count).fill(thread),
  };
}

function withoutTree(profile: Profile): Omit<Profile, 'tree'> {
  const { tree: _tree, ...parts } = profile;
  return parts;
}
