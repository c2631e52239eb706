import { createPyroscopeSource, type ProfileSource } from '../src/core';
import {
  createFleetSeries,
  createFleetStore,
  fleetFixturePaths,
  type FleetOptions,
} from '../tests/helpers/pyroscope-server/fleet';
import { createInPageFetch } from '../tests/helpers/pyroscope-server/in-page-fetch';

/** The day the stories show: 2026-11-23, and two hours before it (so "24 h ago" has data). */
export const FLEET_DAY_END_MS = Date.UTC(2026, 10, 24);
const FLEET_START_MS = FLEET_DAY_END_MS - 26 * 3_600_000;

/** The real pprof files the fleet is made of, fetched from /fixtures/ (Storybook serves them). */
async function fleetBytes(): Promise<(path: string) => Uint8Array> {
  const bytes = new Map<string, Uint8Array>();
  await Promise.all(
    fleetFixturePaths().map(async (path) => {
      const response = await fetch(`/fixtures/pprof/${path}`);
      if (!response.ok) throw new Error(`fixture ${path}: HTTP ${response.status}`);
      bytes.set(path, new Uint8Array(await response.arrayBuffer()));
    }),
  );
  return (path) => bytes.get(path)!;
}

/**
 * The Pyroscope client on a day of the fleet's real profiles (eight services, two pods each, a
 * profile every 15 s), its requests answered in the page by the test server's querier: the
 * Connect protocol as on the wire, without a server. Answers are held back `delayMs`, so that
 * loading shows as it would.
 */
export async function pyroscopeDay(delayMs = 150): Promise<ProfileSource> {
  const options: FleetOptions = {
    startMs: FLEET_START_MS,
    durationMs: 26 * 3_600_000,
    intervalMs: 15_000,
  };
  const store = createFleetStore(options, await fleetBytes());
  return createPyroscopeSource({
    url: 'https://pyroscope.example/api/datasources/proxy/uid/pyroscope',
    fetch: createInPageFetch(
      { store, pathPrefix: '/api/datasources/proxy/uid/pyroscope' },
      delayMs,
    ),
  });
}

/** The same day in a ProfileSeries filled in the page (a profile every 5 minutes per pod). */
export async function seriesDay(): Promise<ProfileSource> {
  return createFleetSeries(
    { startMs: FLEET_START_MS, durationMs: 26 * 3_600_000, intervalMs: 300_000 },
    await fleetBytes(),
  );
}
