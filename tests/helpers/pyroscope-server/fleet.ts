import {
  createProfile,
  importProfile,
  ProfileSeries,
  type ImportOptions,
  type Profile,
} from '../../../src/core';
import { decodePprof, ProfileStore, type DecodedPprof } from './profiles';

/**
 * A fleet of eight services whose profiles are the real pprof files of tests/fixtures/profiles,
 * one file per service and profile kind, repeated over time on two pods per service, as a
 * continuous profiler would collect them. Load follows a daily cycle by scaling each profile's
 * values by a whole number (1 to 3, the stacks staying real); checkout ships version 2 half way
 * through, which doubles its values.
 */
export interface FleetService {
  service: string;
  /** Profiles by Pyroscope profile name (`__name__`) and fixture path under profiles/pprof/. */
  profiles: { name: string; path: string }[];
}

export const FLEET_SERVICES: readonly FleetService[] = [
  {
    service: 'checkout',
    profiles: [
      { name: 'process_cpu', path: 'go/concourse-web-cpu-300s.pb.gz' },
      { name: 'memory', path: 'go/ddtrace-big-heap.pprof' },
    ],
  },
  {
    service: 'api',
    profiles: [
      { name: 'process_cpu', path: 'go/parca-cpu-with-api-label.pb.gz' },
      { name: 'memory', path: 'go/parca-heap-alloc_objects.pb.gz' },
    ],
  },
  {
    service: 'search',
    profiles: [
      { name: 'process_cpu', path: 'go/google-pprof-sample.cpu.pb.gz' },
      { name: 'memory', path: 'go/pyroscope-io-heap-uncompressed.pb' },
    ],
  },
  {
    service: 'worker',
    profiles: [{ name: 'process_cpu', path: 'go/pyroscope-io-cpu-with-labels.pb.gz' }],
  },
  { service: 'scheduler', profiles: [{ name: 'wall', path: 'go/parca-fgprof-wall.pb.gz' }] },
  {
    service: 'frontend',
    profiles: [
      { name: 'wall', path: 'node/pyroscope-io-nodejs-wall.pb.gz' },
      { name: 'memory', path: 'node/pyroscope-io-nodejs-heap.pb.gz' },
    ],
  },
  {
    service: 'billing',
    profiles: [{ name: 'memory', path: 'go/diff/ddtrace-stress-heap.before.pprof' }],
  },
  {
    service: 'ingest',
    profiles: [{ name: 'memory', path: 'go/parca-heap-alloc_space_delta.pb.gz' }],
  },
];

export interface FleetOptions {
  /** Start of the first interval, ms since the epoch. */
  startMs: number;
  /** How long the fleet collects, in ms (a day: 86_400_000). */
  durationMs: number;
  /** Time between two profiles of one pod. */
  intervalMs: number;
  /** Only these services (default all eight). */
  services?: readonly string[];
  /** Only these fixtures (paths under profiles/pprof/); default all of the services'. */
  paths?: readonly string[];
}

/** One profile the fleet collected: which file, when, with which labels, scaled how. */
export interface FleetProfile {
  path: string;
  name: string;
  timeMs: number;
  labels: Record<string, string>;
  scale: number;
}

const DAY_MS = 86_400_000;

/** The profiles of the fleet, in time order; the same list whichever store they go to. */
export function fleetProfiles(options: FleetOptions): FleetProfile[] {
  const services = FLEET_SERVICES.filter(
    (service) => !options.services || options.services.includes(service.service),
  );
  const result: FleetProfile[] = [];
  let source = 0;
  for (const { service, profiles } of services) {
    for (const pod of [0, 1]) {
      // An offset per pod, off the whole seconds steps fall on, so that no profile sits on a step's edge.
      const offsetMs = 1000 + ((source++ * 3700) % (options.intervalMs - 1000));
      for (let at = offsetMs; at < options.durationMs; at += options.intervalMs) {
        const timeMs = options.startMs + at;
        const hour = (((timeMs % DAY_MS) + DAY_MS) % DAY_MS) / 3_600_000;
        const cycle = 2 - Math.cos(((hour - 4) / 24) * 2 * Math.PI); // 1 at 04:00, 3 at 16:00
        const version = service === 'checkout' && at >= options.durationMs / 2 ? '2' : '1';
        const scale = Math.round(cycle) * (version === '2' ? 2 : 1);
        for (const { name, path } of profiles) {
          if (options.paths && !options.paths.includes(path)) continue;
          result.push({
            path,
            name,
            timeMs,
            scale,
            labels: {
              service_name: service,
              pod: `${service}-${pod}`,
              region: pod === 0 ? 'eu-west' : 'us-east',
              version,
            },
          });
        }
      }
    }
  }
  return result.sort((a, b) => a.timeMs - b.timeMs);
}

/** A store of the fleet's profiles, each file decoded once (`bytesOf` reads profiles/pprof/...). */
export function createFleetStore(
  options: FleetOptions,
  bytesOf: (path: string) => Uint8Array,
): ProfileStore {
  const decoded = new Map<string, DecodedPprof>();
  const store = new ProfileStore();
  for (const profile of fleetProfiles(options)) {
    let source = decoded.get(profile.path);
    if (!source) decoded.set(profile.path, (source = decodePprof(bytesOf(profile.path))));
    store.add({ ...profile, source });
  }
  return store;
}

/**
 * The same profiles in a {@link ProfileSeries}: each file imported once with flamekit's importer,
 * copies with scaled values added at the fleet's times with its labels.
 */
export function createFleetSeries(
  options: FleetOptions,
  bytesOf: (path: string) => Uint8Array,
  importOptions: ImportOptions = {},
): ProfileSeries {
  const imported = new Map<string, Profile>();
  const scaled = new Map<string, Profile>();
  const series = new ProfileSeries();
  for (const entry of fleetProfiles(options)) {
    let profile = imported.get(entry.path);
    if (!profile)
      imported.set(entry.path, (profile = importProfile(bytesOf(entry.path), importOptions)));
    const key = `${entry.path}*${entry.scale}`;
    let copy = scaled.get(key);
    if (!copy) scaled.set(key, (copy = scaleProfile(profile, entry.scale)));
    series.add(copy, { timeNs: entry.timeMs * 1e6, durationNs: 0, labels: entry.labels });
  }
  return series;
}

/** The fixture paths (under profiles/pprof/) the fleet's services read. */
export function fleetFixturePaths(
  options: Pick<FleetOptions, 'services' | 'paths'> = {},
): string[] {
  return FLEET_SERVICES.filter(
    (service) => !options.services || options.services.includes(service.service),
  )
    .flatMap((service) => service.profiles.map((profile) => profile.path))
    .filter((path) => !options.paths || options.paths.includes(path));
}

function scaleProfile(profile: Profile, scale: number): Profile {
  if (scale === 1) return profile;
  const { tree: _tree, ...parts } = profile;
  return createProfile({
    ...parts,
    samples: {
      ...profile.samples,
      values: profile.samples.values.map((column) => column.map((value) => value * scale)),
    },
  });
}
