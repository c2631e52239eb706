import type { ImportOptions, ProfileSeries } from '../../../src/core';
import { readFixture } from '../fixtures';
import { createFleetSeries, createFleetStore, type FleetOptions } from './fleet';
import type { ProfileStore } from './profiles';

/** The bytes of a fixture under tests/fixtures/profiles/pprof. */
const readPprof = (path: string) => new Uint8Array(readFixture(`pprof/${path}`));

/** The fleet's store, its files read from tests/fixtures/profiles/pprof. */
export function loadFleetStore(options: FleetOptions): ProfileStore {
  return createFleetStore(options, readPprof);
}

/** The same profiles in a ProfileSeries, imported with flamekit's importer. */
export function loadFleetSeries(
  options: FleetOptions,
  importOptions: ImportOptions = {},
): ProfileSeries {
  return createFleetSeries(options, readPprof, importOptions);
}
