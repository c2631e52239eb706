import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPyroscopeSource,
  findNodeByPath,
  isFlamekitError,
  printTree,
  type ConnectFailure,
  type FlamekitError,
  type ProfileSource,
} from '../../../../src/core';
import { connectError } from '../../../helpers/pyroscope-server/connect-handler';
import {
  startPyroscopeTestServer,
  type PyroscopeTestServer,
} from '../../../helpers/pyroscope-server/http-server';
import { loadFleetStore } from '../../../helpers/pyroscope-server/node-fleet';
import type { ProfileStore } from '../../../helpers/pyroscope-server/profiles';

// The client against a real HTTP server on 127.0.0.1 that speaks Pyroscope's query API
// (tests/helpers/pyroscope-server), answering from the real profiles of an hour of the fleet.

const START_MS = Date.UTC(2026, 10, 23, 9);
const HOUR_MS = 3_600_000;
const RANGE = { startNs: START_MS * 1e6, endNs: (START_MS + HOUR_MS) * 1e6 };
const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';

let store: ProfileStore;
let server: PyroscopeTestServer;
let source: ProfileSource;

beforeAll(async () => {
  store = loadFleetStore({
    startMs: START_MS,
    durationMs: HOUR_MS,
    intervalMs: 60_000,
    services: ['checkout', 'search', 'worker', 'frontend'],
  });
  server = await startPyroscopeTestServer({ store });
  source = createPyroscopeSource({ url: server.url });
});
afterAll(() => server.close());

function lastRequest() {
  return server.requests[server.requests.length - 1];
}

/** Waits for a rejection and returns its reason; fails when the promise resolves. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

function failureOf(error: unknown): ConnectFailure {
  expect(isFlamekitError(error)).toBe(true);
  expect((error as FlamekitError).code).toBe('network-error');
  return (error as FlamekitError).cause as ConnectFailure;
}

describe('createPyroscopeSource, the requests it sends', () => {
  it('posts Connect JSON: camelCase fields, 64-bit integers as strings, enums by name', async () => {
    await source.queryTotals({
      profileType: CPU,
      matchers: [{ name: 'service_name', op: '=~', value: 'check.*' }],
      range: RANGE,
      stepNs: 60e9,
      groupBy: ['pod', 'region'],
      limit: 3,
    });
    const request = lastRequest();
    expect(request.path).toBe('/querier.v1.QuerierService/SelectSeries');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['connect-protocol-version']).toBe('1');
    expect(request.body).toEqual({
      profileTypeID: CPU,
      labelSelector: '{service_name=~"check.*"}',
      start: String(START_MS + 60_000),
      end: String(START_MS + HOUR_MS),
      groupBy: ['pod', 'region'],
      step: 60,
      aggregation: 'TIME_SERIES_AGGREGATION_TYPE_SUM',
      limit: '4',
    });
    expect(request.status).toBe(200);
  });

  it('asks for a flame graph with maxNodes and the call site as a stack trace selector', async () => {
    await source.queryMergedTree({
      profileType: CPU,
      matchers: '{service_name="search"}',
      range: RANGE,
      maxNodes: 100,
      callSite: ['runtime.main', 'main.main'],
    });
    expect(lastRequest().body).toEqual({
      profileTypeID: CPU,
      labelSelector: '{service_name="search"}',
      start: String(START_MS),
      end: String(START_MS + HOUR_MS - 1),
      maxNodes: '100',
      format: 'PROFILE_FORMAT_FLAMEGRAPH',
      stackTraceSelector: { callSite: [{ name: 'runtime.main' }, { name: 'main.main' }] },
    });
  });

  it('sends the tenant as X-Scope-OrgID, the host headers, and URL credentials as Basic auth', async () => {
    const tenantServer = await startPyroscopeTestServer({
      store: { 'team-a': store },
      multiTenant: true,
      pathPrefix: '/api/datasources/proxy/uid/pyro',
      requiredHeaders: { authorization: `Basic ${btoa('admin:s3cr:et')}` },
    });
    try {
      const withCredentials = tenantServer.url.replace('http://', 'http://admin:s3cr%3Aet@');
      let calls = 0;
      const tenantSource = createPyroscopeSource({
        url: `${withCredentials}/`,
        tenant: 'team-a',
        headers: () => ({ 'X-Grafana-Org-Id': String(++calls) }),
      });
      const names = await tenantSource.queryLabelValues('service_name', { range: RANGE });
      expect(names).toEqual(['checkout', 'frontend', 'search', 'worker']);
      const request = tenantServer.requests[0];
      expect(request.path).toBe(
        '/api/datasources/proxy/uid/pyro/querier.v1.QuerierService/LabelValues',
      );
      expect(request.headers['x-scope-orgid']).toBe('team-a');
      expect(request.headers['x-grafana-org-id']).toBe('1');
      // Another tenant's store is empty; no tenant at all is refused as Pyroscope refuses it.
      const other = createPyroscopeSource({ url: withCredentials, tenant: 'team-b' });
      expect(await other.queryLabelValues('service_name', { range: RANGE })).toEqual([]);
      const none = createPyroscopeSource({ url: withCredentials });
      const failure = failureOf(await rejection(none.queryLabelNames({ range: RANGE })));
      expect(failure).toMatchObject({
        connectCode: 'unauthenticated',
        httpStatus: 401,
        serverMessage: 'no org id',
      });
      // Wrong credentials: the proxy's plain-text 401, read by its status.
      const wrong = createPyroscopeSource({ url: tenantServer.url, tenant: 'team-a' });
      const denied = failureOf(await rejection(wrong.queryLabelNames({ range: RANGE })));
      expect(denied).toMatchObject({ connectCode: 'unauthenticated', httpStatus: 401 });
    } finally {
      await tenantServer.close();
    }
  });
});

describe('createPyroscopeSource, the answers it reads', () => {
  it('lists profile types, narrowed by matchers through the __profile_type__ label', async () => {
    const all = await source.queryProfileTypes({ range: RANGE });
    expect(all.map((type) => type.id)).toContain(CPU);
    expect(all.find((type) => type.id === CPU)).toEqual({
      id: CPU,
      name: 'process_cpu',
      sampleType: { type: 'cpu', unit: 'nanoseconds' },
      period: { type: 'cpu', unit: 'nanoseconds' },
    });
    const frontend = await source.queryProfileTypes({
      range: RANGE,
      matchers: '{service_name="frontend"}',
    });
    expect(frontend.map((type) => type.id)).toEqual([
      'memory:inuse_objects:count:inuse_space:bytes',
      'memory:inuse_space:bytes:inuse_space:bytes',
      'wall:sample:count:wall:microseconds',
      'wall:wall:microseconds:wall:microseconds',
    ]);
    expect(lastRequest().procedure).toBe('LabelValues');
  });

  it('reads series into steps: a point at T is the step ending at T, gaps are NaN', async () => {
    const totals = await source.queryTotals({
      profileType: CPU,
      range: RANGE,
      stepNs: 60e9,
      groupBy: 'service_name',
      limit: 2,
    });
    expect(totals.steps).toBe(60);
    expect(totals.startNs).toBe(RANGE.startNs);
    expect(totals.groups.map((group) => group.value)).toEqual(['checkout', 'worker']);
    expect(totals.partial).toBe(true);
    // Each pod profiles once a minute: every step holds two profiles of checkout.
    const checkout = store.profiles.filter(
      (p) => p.labels.service_name === 'checkout' && p.name === 'process_cpu',
    );
    const cpuTotal = checkout[0].source.samples.reduce((sum, s) => sum + s.values[1], 0);
    expect(totals.groups[0].values[0]).toBe(cpuTotal * (checkout[0].scale + checkout[1].scale));
    expect(totals.groups[0].total).toBe(checkout.reduce((sum, p) => sum + cpuTotal * p.scale, 0));
    // A step of 30 s leaves every other step of a one-minute collection empty.
    const fine = await source.queryTotals({
      profileType: CPU,
      matchers: '{pod="checkout-0"}',
      range: RANGE,
      stepNs: 30e9,
    });
    const empty = Array.from(fine.groups[0].values).filter(Number.isNaN).length;
    expect(empty).toBe(60);
  });

  it('reads a cut flame graph into a partial profile whose other nodes hold the rest', async () => {
    const whole = await source.queryMergedTree({
      profileType: CPU,
      matchers: '{service_name="checkout"}',
      range: RANGE,
      maxNodes: 1_000_000,
    });
    expect(whole.partial).toBe(false);
    const cut = await source.queryMergedTree({
      profileType: CPU,
      matchers: '{service_name="checkout"}',
      range: RANGE,
      maxNodes: 200,
    });
    expect(cut.partial).toBe(true);
    expect(cut.profile.truncated).toBe(true);
    const tree = cut.profile.tree();
    expect(tree.total[0]).toBe(whole.profile.tree().total[0]);
    let other = 0;
    for (let node = 1; node < tree.nodeCount; node++)
      if (tree.name(node) === 'other') other += tree.total[node];
    expect(cut.otherTotal).toBe(other);
    expect(other).toBeGreaterThan(0);
    expect(tree.nodeCount).toBeLessThan(400);
  });

  it('asks again under a call site, and what other held there comes back', async () => {
    const query = { profileType: CPU, matchers: '{service_name="checkout"}', range: RANGE };
    const cut = await source.queryMergedTree({ ...query, maxNodes: 60 });
    const tree = cut.profile.tree();
    // The heaviest node that has an `other` child: focusing it must bring the child's calls back.
    let focus = -1;
    for (let node = 1; node < tree.nodeCount; node++)
      if (
        tree.name(node) === 'other' &&
        tree.parent[node] > 0 &&
        (focus < 0 || tree.total[tree.parent[node]] > tree.total[focus])
      )
        focus = tree.parent[node];
    const path: string[] = [];
    for (let a = focus; a > 0; a = tree.parent[a]) path.unshift(tree.name(a));
    const detail = await source.queryMergedTree({ ...query, maxNodes: 60, callSite: path });
    const sub = detail.profile.tree();
    expect(sub.total[0]).toBe(tree.total[focus]);
    const childNames = (t: typeof tree, node: number) => {
      const found = new Set<string>();
      for (let child = node + 1; child < t.subtreeEnd[node]; child = t.subtreeEnd[child])
        found.add(t.name(child));
      return found;
    };
    const before = childNames(tree, focus);
    const again = findNodeByPath(sub, path);
    const after = childNames(sub, again);
    expect(before.has('other')).toBe(true);
    const found = [...after].filter((name) => !before.has(name));
    expect(found.length).toBeGreaterThan(0);
  });

  it('reads the merged pprof with its lines', async () => {
    const merged = await source.queryMergedPprof({
      profileType: CPU,
      matchers: '{service_name="search"}',
      range: RANGE,
    });
    expect(merged.profile.granularity).toBe('line');
    const tree = merged.profile.tree();
    expect(tree.frames.line(tree.frame[1])).toBeGreaterThan(0);
    const flame = await source.queryMergedTree({
      profileType: CPU,
      matchers: '{service_name="search"}',
      range: RANGE,
    });
    expect(tree.total[0]).toBe(flame.profile.tree().total[0]);
  });

  it('reads a diff into a tree with both sides', async () => {
    const diff = await source.queryDiff({
      baseline: { profileType: CPU, matchers: '{pod="checkout-0"}', range: RANGE },
      comparison: { profileType: CPU, matchers: '{service_name="checkout"}', range: RANGE },
    });
    expect(diff.tree.baselineTotal).toBeDefined();
    expect(diff.tree.total[0]).toBe(2 * diff.tree.baselineTotal![0]);
    expect(printTree(diff.tree).split('\n')[0]).toMatch(/baseline/);
  });
});

describe('createPyroscopeSource, failures and cancelling', () => {
  it('cancels a slow answer: the promise rejects with the reason and the request is closed', async () => {
    server.setDelay(2000);
    try {
      const controller = new AbortController();
      const pending = source.queryLabelNames({ range: RANGE }, controller.signal);
      await new Promise((done) => setTimeout(done, 100));
      const reason = new Error('replaced by a newer query');
      controller.abort(reason);
      expect(await rejection(pending)).toBe(reason);
      await new Promise((done) => setTimeout(done, 100));
      expect(lastRequest().closedEarly).toBe(true);
      // Already aborted: no request at all.
      const before = server.requests.length;
      const early = await rejection(source.queryLabelNames({ range: RANGE }, AbortSignal.abort()));
      expect((early as DOMException).name).toBe('AbortError');
      expect(server.requests.length).toBe(before);
    } finally {
      server.setDelay(0);
    }
  });

  it('waits for a slow answer, and gives up after timeoutMs with deadline_exceeded', async () => {
    server.setDelay(300);
    try {
      expect(await source.queryLabelNames({ range: RANGE })).toContain('service_name');
      const impatient = createPyroscopeSource({ url: server.url, timeoutMs: 50 });
      const failure = failureOf(await rejection(impatient.queryLabelNames({ range: RANGE })));
      expect(failure.connectCode).toBe('deadline_exceeded');
      expect(lastRequest().headers['connect-timeout-ms']).toBe('50');
    } finally {
      server.setDelay(0);
    }
  });

  it('reports the Connect error of a bad selector with its code and the server message', async () => {
    const error = await rejection(
      source.queryMergedTree({ profileType: CPU, matchers: '{service_name="a"', range: RANGE }),
    );
    // The client parses a selector string first: it refuses it before any request.
    expect(isFlamekitError(error)).toBe(true);
    const bad = await rejection(source.queryMergedTree({ profileType: 'cpu', range: RANGE }));
    expect((bad as FlamekitError).code).toBe('invalid-argument');
    server.failNext(connectError('invalid_argument', 'parse error at position 3'));
    const failure = failureOf(await rejection(source.queryLabelNames({ range: RANGE })));
    expect(failure).toMatchObject({
      connectCode: 'invalid_argument',
      httpStatus: 400,
      serverMessage: 'parse error at position 3',
      procedure: 'querier.v1.QuerierService/LabelNames',
    });
  });

  it('infers the code of an answer without a Connect body from its status', async () => {
    server.failNext({
      status: 503,
      headers: { 'content-type': 'text/html' },
      body: '<html><body>Service Unavailable</body></html>',
    });
    const failure = failureOf(await rejection(source.queryLabelNames({ range: RANGE })));
    expect(failure.connectCode).toBe('unavailable');
    expect(failure.httpStatus).toBe(503);
    const wrongPath = createPyroscopeSource({ url: `${server.url}/not-pyroscope` });
    const missing = failureOf(await rejection(wrongPath.queryLabelNames({ range: RANGE })));
    expect(missing).toMatchObject({ connectCode: 'unimplemented', httpStatus: 404 });
  });

  it('refuses a 200 answer that is not JSON, and names an unreachable server', async () => {
    server.failNext({
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: '<html></html>',
    });
    const html = await rejection(source.queryLabelNames({ range: RANGE }));
    expect((html as FlamekitError).code).toBe('parse-error');
    const closed = await startPyroscopeTestServer({ store });
    await closed.close();
    const gone = createPyroscopeSource({ url: closed.url });
    const failure = failureOf(await rejection(gone.queryLabelNames({ range: RANGE })));
    expect(failure).toMatchObject({ connectCode: 'unavailable', httpStatus: 0 });
    expect(((await rejection(gone.queryLabelNames({ range: RANGE }))) as Error).message).toContain(
      closed.url,
    );
  });

  it('refuses answers that break the JSON mapping, naming the path', async () => {
    server.failNext({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ series: [{ points: [{ value: 1, timestamp: 'soon' }] }] }),
    });
    const error = (await rejection(
      source.queryTotals({ profileType: CPU, range: RANGE, stepNs: 60e9 }),
    )) as FlamekitError;
    expect(error.code).toBe('parse-error');
    expect(error.position?.jsonPath).toBe('$.series[0].points[0].timestamp');
  });
});
