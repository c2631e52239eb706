import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  computeLineTable,
  createPyroscopeSource,
  type ProfileSeries,
  type ProfileSource,
  type SourceQuery,
  type SourceTotals,
} from '../../../../src/core';
import {
  startPyroscopeTestServer,
  type PyroscopeTestServer,
} from '../../../helpers/pyroscope-server/http-server';
import { loadFleetSeries, loadFleetStore } from '../../../helpers/pyroscope-server/node-fleet';
import { valuesByPath } from '../../../helpers/tree-paths';

// The same queries on the two sources that hold the same real profiles: a ProfileSeries filled in
// the page, and the Pyroscope client asking the test server over HTTP. Views built on either
// must show the same: same totals per step, same labels, same trees (whole, cut, focused), same
// diffs, same line costs.

const FLEET = {
  startMs: Date.UTC(2026, 10, 23, 9),
  durationMs: 3_600_000,
  intervalMs: 60_000,
  services: ['checkout', 'api', 'search', 'frontend', 'worker'],
};
const RANGE = {
  startNs: FLEET.startMs * 1e6,
  endNs: (FLEET.startMs + FLEET.durationMs) * 1e6,
};
// Profile types as each source names them.
const TYPES = {
  cpu: { series: 'cpu', pyroscope: 'process_cpu:cpu:nanoseconds:cpu:nanoseconds' },
  inuse: { series: 'inuse_space', pyroscope: 'memory:inuse_space:bytes:space:bytes' },
};

let series: ProfileSeries;
let server: PyroscopeTestServer;
let pyroscope: ProfileSource;

beforeAll(async () => {
  series = loadFleetSeries(FLEET, { granularity: 'line' });
  server = await startPyroscopeTestServer({ store: loadFleetStore(FLEET) });
  pyroscope = createPyroscopeSource({ url: server.url });
});
afterAll(() => server.close());

type Type = keyof typeof TYPES;

/** Runs a query on both sources, each with its own name for the profile type. */
async function both<T>(
  type: Type,
  run: (source: ProfileSource, profileType: string) => Promise<T>,
): Promise<[T, T]> {
  return Promise.all([run(series, TYPES[type].series), run(pyroscope, TYPES[type].pyroscope)]);
}

function stepsOf(totals: SourceTotals) {
  return {
    startNs: totals.startNs,
    stepNs: totals.stepNs,
    steps: totals.steps,
    partial: totals.partial,
    groups: totals.groups.map((group) => ({
      labels: group.labels,
      total: group.total,
      values: Array.from(group.values, (v) => (Number.isNaN(v) ? 'no data' : v)),
    })),
  };
}

describe('ProfileSeries and the Pyroscope source, same profiles', () => {
  it('give the same totals per service, per step and over the range', async () => {
    for (const stepNs of [60e9, 300e9, 15e9]) {
      const [a, b] = await both('cpu', (source, profileType) =>
        source.queryTotals({ profileType, range: RANGE, stepNs, groupBy: 'service_name' }),
      );
      expect(stepsOf(a)).toEqual(stepsOf(b));
      expect(a.groups.map((g) => g.value)).toEqual(['checkout', 'worker', 'search', 'api']);
    }
    const [a, b] = await both('cpu', (source, profileType) =>
      source.queryTotals({
        profileType,
        range: RANGE,
        stepNs: 120e9,
        groupBy: ['region', 'pod'],
        limit: 3,
      }),
    );
    expect(stepsOf(a)).toEqual(stepsOf(b));
    expect(a.partial).toBe(true);
  });

  it('average gauges per pod the same way', async () => {
    // The series names types by sample type alone: Node's heap (period inuse_space) joins Go's.
    const matchers = '{service_name!="frontend"}';
    const [a, b] = await both('inuse', (source, profileType) =>
      source.queryTotals({ profileType, matchers, range: RANGE, stepNs: 60e9, groupBy: 'pod' }),
    );
    expect(a.aggregation).toBe('average');
    expect(stepsOf(a)).toEqual(stepsOf(b));
  });

  it('list the same label names and values for a selector', async () => {
    const query = { range: RANGE, matchers: '{service_name=~"checkout|api"}' };
    const [namesA, namesB] = await both('cpu', (source, profileType) =>
      source.queryLabelNames({ ...query, profileType }),
    );
    expect(namesA).toEqual(namesB.filter((name) => !name.startsWith('__')));
    const [podsA, podsB] = await both('cpu', (source, profileType) =>
      source.queryLabelValues('pod', { ...query, profileType }),
    );
    expect(podsA).toEqual(['api-0', 'api-1', 'checkout-0', 'checkout-1']);
    expect(podsA).toEqual(podsB);
    // The `api` label comes from samples of api's CPU profile (Go pprof labels).
    const [apiA, apiB] = await both('cpu', (source, profileType) =>
      source.queryLabelValues('api', { range: RANGE, profileType }),
    );
    expect(apiA.length).toBeGreaterThan(0);
    expect(apiA).toEqual(apiB);
  });

  it('merge the same flame graph, whole, cut to maxNodes, and under a call site', async () => {
    const base: Omit<SourceQuery, 'profileType'> = {
      range: RANGE,
      matchers: '{service_name=~"checkout|worker"}',
    };
    const [whole, wholeB] = await both('cpu', (source, profileType) =>
      source.queryMergedTree({ ...base, profileType, maxNodes: 1 << 20 }),
    );
    expect(valuesByPath(whole.profile.tree())).toEqual(valuesByPath(wholeB.profile.tree()));
    expect(whole.partial).toBe(false);
    for (const maxNodes of [40, 400]) {
      const [a, b] = await both('cpu', (source, profileType) =>
        source.queryMergedTree({ ...base, profileType, maxNodes }),
      );
      expect(valuesByPath(a.profile.tree())).toEqual(valuesByPath(b.profile.tree()));
      expect([a.partial, a.otherTotal]).toEqual([b.partial, b.otherTotal]);
      expect(a.partial).toBe(true);
    }
    const callSite = ['github.com/concourse/concourse/atc/engine.(*engineBuild).Run.func2'];
    const [a, b] = await both('cpu', (source, profileType) =>
      source.queryMergedTree({ ...base, profileType, maxNodes: 40, callSite }),
    );
    expect(valuesByPath(a.profile.tree())).toEqual(valuesByPath(b.profile.tree()));
    expect(Object.keys(valuesByPath(a.profile.tree()))[0]).toBe(`;${callSite[0]}`);
  });

  it('diff the same way, cut to maxNodes', async () => {
    for (const maxNodes of [30, 1 << 20]) {
      const [a, b] = await both('cpu', (source, profileType) =>
        source.queryDiff({
          baseline: { profileType, range: RANGE, matchers: '{pod="checkout-0"}' },
          comparison: { profileType, range: RANGE, matchers: '{service_name="checkout"}' },
          maxNodes,
        }),
      );
      expect(valuesByPath(a.tree)).toEqual(valuesByPath(b.tree));
      expect(a.partial).toBe(b.partial);
    }
  });

  it('give the same line costs from the merged pprof', async () => {
    const [a, b] = await both('cpu', (source, profileType) =>
      source.queryMergedPprof({ profileType, range: RANGE, matchers: '{service_name="search"}' }),
    );
    expect(a.profile.granularity).toBe('line');
    expect(b.profile.granularity).toBe('line');
    for (const name of ['main.busyLoop', 'runtime.mapiternext']) {
      const lineA = computeLineTable(a.profile, name)!;
      const lineB = computeLineTable(b.profile, name)!;
      expect(lineA.lines.length).toBeGreaterThan(1);
      expect(lineA.lines).toEqual(lineB.lines);
      expect([lineA.file, lineA.self, lineA.total]).toEqual([lineB.file, lineB.self, lineB.total]);
    }
  });
});
