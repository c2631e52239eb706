import {
  createProfile,
  importProfile,
  ProfileSeries,
  type ImportOptions,
  type Profile,
} from '../../../src/core';
import { readFixture } from '../fixtures';
import { createFleetStore, fleetProfiles, type FleetOptions } from './fleet';
import type { ProfileStore } from './profiles';

/** The fleet's store, its files read from tests/fixtures/profiles/pprof. */
export function loadFleetStore(options: FleetOptions): ProfileStore {
  return createFleetStore(options, (path) => new Uint8Array(readFixture(`pprof/${path}`)));
}

/**
 * The same profiles in a {@link ProfileSeries}: each file imported once with flamekit's importer,
 * copies with scaled values added at the fleet's times with its labels.
 */
export function loadFleetSeries(
  options: FleetOptions,
  importOptions: ImportOptions = {},
): ProfileSeries {
  const imported = new Map<string, Profile>();
  const scaled = new Map<string, Profile>();
  const series = new ProfileSeries();
  for (const entry of fleetProfiles(options)) {
    let profile = imported.get(entry.path);
    if (!profile) {
      profile = importProfile(new Uint8Array(readFixture(`pprof/${entry.path}`)), importOptions);
      imported.set(entry.path, profile);
    }
    const key = `${entry.path}*${entry.scale}`;
    let copy = scaled.get(key);
    if (!copy) scaled.set(key, (copy = scaleProfile(profile, entry.scale)));
    series.add(copy, { timeNs: entry.timeMs * 1e6, durationNs: 0, labels: entry.labels });
  }
  return series;
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
