import { ProfileSeries, StackTable, type Profile } from '../src/core';
import { createProfile } from '../src/core/model/profile-builder';
import { createRandom, generateStacks } from './synthetic-profile';

export interface SyntheticDayOptions {
  /** Profiles in all (default 1,000), spread evenly over the day across the sources. */
  profiles?: number;
  /** Samples per profile (default 10,000). */
  samplesPerProfile?: number;
  /** Distinct call-tree nodes of the program the stacks come from (default 60,000). */
  programNodes?: number;
  /** Start of the day, in nanoseconds since the Unix epoch (default 2026-11-23T00:00Z). */
  startNs?: number;
  seed?: number;
}

export const SYNTHETIC_DAY_START_NS = Date.UTC(2026, 10, 23) * 1e6;
const DAY_NS = 86_400e9;

/** The sources: a service on a pod in a region; checkout ships version 2 at noon. */
export const SYNTHETIC_SOURCES = [
  { service: 'api', pod: 'api-0', region: 'eu' },
  { service: 'api', pod: 'api-1', region: 'us' },
  { service: 'checkout', pod: 'checkout-0', region: 'eu' },
  { service: 'checkout', pod: 'checkout-1', region: 'us' },
  { service: 'search', pod: 'search-0', region: 'eu' },
  { service: 'search', pod: 'search-1', region: 'us' },
  { service: 'worker', pod: 'worker-0', region: 'eu' },
  { service: 'worker', pod: 'worker-1', region: 'us' },
] as const;

/** How busy each service is, so that their lines part on a chart. */
const SERVICE_LOAD = { api: 1.6, checkout: 1, search: 0.7, worker: 0.4 };

/**
 * A seeded day of CPU profiles from eight sources, as a continuous profiler would collect them:
 * each profile samples stacks of one synthetic program (each service mostly its own part of it),
 * with load following a daily cycle. All profiles share one frame and stack table, as a host's
 * own collector would build them, so that making a day of profiles takes a moment.
 *
 * Returns the series and the profiles with the labels each was added with (for tests that check
 * the series against the profiles).
 */
export function createSyntheticDay(options: SyntheticDayOptions = {}): {
  series: ProfileSeries;
  profiles: { profile: Profile; timeNs: number; labels: Record<string, string> }[];
} {
  const {
    profiles: profileCount = 1000,
    samplesPerProfile = 10_000,
    programNodes = 60_000,
    startNs = SYNTHETIC_DAY_START_NS,
    seed = 11,
  } = options;
  const random = createRandom(seed);
  const program = generateStacks(programNodes, seed);
  const stacks = new StackTable(program.frames, programNodes);
  const pool = Int32Array.from({ length: program.stackCount }, (_, i) =>
    stacks.intern(program.stackFrames.subarray(program.stackStart[i], program.stackStart[i + 1])),
  );
  const perSource = Math.ceil(profileCount / SYNTHETIC_SOURCES.length);
  const intervalNs = Math.floor(DAY_NS / perSource);
  const series = new ProfileSeries();
  const made: { profile: Profile; timeNs: number; labels: Record<string, string> }[] = [];
  for (let k = 0; k < profileCount; k++) {
    const sourceIndex = k % SYNTHETIC_SOURCES.length;
    const source = SYNTHETIC_SOURCES[sourceIndex];
    const slot = Math.floor(k / SYNTHETIC_SOURCES.length);
    const timeNs = startNs + slot * intervalNs + sourceIndex * 1e9;
    const afterNoon = slot * intervalNs >= DAY_NS / 2;
    const version = source.service === 'checkout' && afterNoon ? '2' : '1';
    // Busier in the afternoon: a cosine over the day, lowest at 04:00.
    const cycle = 1.5 - Math.cos(((slot * intervalNs) / DAY_NS - 1 / 6) * 2 * Math.PI) / 2;
    const load = cycle * SERVICE_LOAD[source.service];
    const stack = new Int32Array(samplesPerProfile);
    const values = new Float64Array(samplesPerProfile);
    // Each service draws mostly from its own quarter of the program's stacks.
    const base = Math.floor((pool.length * (sourceIndex >> 1)) / 4);
    for (let i = 0; i < samplesPerProfile; i++) {
      const own = random() < 0.8;
      const offset = Math.floor((own ? pool.length / 4 : pool.length) * random() ** 2);
      stack[i] = pool[(own ? base + offset : offset) % pool.length];
      // Version 2 of checkout is slower in a handful of stacks.
      const slower = version === '2' && stack[i] % 50 === 0 ? 3 : 1;
      values[i] = 10_000_000 * Math.max(1, Math.round(load * slower * 4 * random()));
    }
    const profile = createProfile({
      format: 'pprof',
      sampleTypes: [{ type: 'cpu', unit: 'nanoseconds' }],
      defaultSampleType: 0,
      period: { type: 'cpu', unit: 'nanoseconds', value: 10_000_000 },
      timeRange: { startNs: timeNs, endNs: timeNs + 10e9 },
      frames: program.frames,
      stacks,
      samples: { count: samplesPerProfile, stack, values: [values], labelSets: [] },
      truncated: false,
      warnings: [],
    });
    const labels = { ...source, version };
    series.add(profile, { labels });
    made.push({ profile, timeNs, labels });
  }
  return { series, profiles: made };
}
