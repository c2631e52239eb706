import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io';
import { runCli } from '../../src/cli/main';
import { parseServerQuery, parseTime } from '../../src/cli/read-server';
import {
  startPyroscopeTestServer,
  type PyroscopeTestServer,
} from '../helpers/pyroscope-server/http-server';
import { loadFleetStore } from '../helpers/pyroscope-server/node-fleet';
import type { ProfileStore } from '../helpers/pyroscope-server/profiles';

// `flamekit top` and `flamekit render` reading from a Pyroscope server: the test server on
// 127.0.0.1, with an hour of the fleet's real profiles.

const START_MS = Date.UTC(2026, 10, 23, 9);
const FROM = '2026-11-23T09:00:00Z';
const UNTIL = '2026-11-23T10:00:00Z';
const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';

let store: ProfileStore;
let server: PyroscopeTestServer;
let work: string;

beforeAll(async () => {
  store = loadFleetStore({
    startMs: START_MS,
    durationMs: 3_600_000,
    intervalMs: 60_000,
    services: ['search', 'api'],
  });
  server = await startPyroscopeTestServer({ multiTenant: true, store: { acme: store } });
  work = await mkdtemp(join(tmpdir(), 'flamekit-cli-pyroscope-'));
});
afterAll(async () => {
  await server.close();
  await rm(work, { recursive: true, force: true });
});

async function run(args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = {
    stdout: { write: (chunk) => stdout.push(String(chunk)) },
    stderr: { write: (chunk) => stderr.push(String(chunk)) },
    cwd: work,
  };
  const code = await runCli(args, io);
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

const serverArgs = (query: string) => [
  '--pyroscope',
  server.url,
  '--tenant',
  'acme',
  '--query',
  query,
  '--from',
  FROM,
  '--until',
  UNTIL,
];

/** Self value per function name of a service's CPU, computed from the store's samples. */
function selfByFunction(service: string): Map<string, number> {
  const result = new Map<string, number>();
  for (const profile of store.profiles) {
    if (profile.labels.service_name !== service || profile.name !== 'process_cpu') continue;
    const cpu = profile.source.sampleTypes.findIndex((type) => type.type === 'cpu');
    for (const sample of profile.source.samples) {
      const leaf = sample.names[sample.names.length - 1];
      result.set(leaf, (result.get(leaf) ?? 0) + sample.values[cpu] * profile.scale);
    }
  }
  return result;
}

describe('flamekit top --pyroscope', () => {
  it('prints the functions of the server merged flame graph, as the samples add up', async () => {
    const { code, stdout, stderr } = await run([
      'top',
      ...serverArgs(`${CPU}{service_name="search"}`),
      '--json',
      '--limit',
      '0',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const table = JSON.parse(stdout) as {
      sampleType: unknown;
      rows: { name: string; self: number }[];
    };
    expect(table.sampleType).toEqual({ type: 'cpu', unit: 'nanoseconds' });
    const expected = selfByFunction('search');
    expect(new Map(table.rows.filter((r) => r.self > 0).map((r) => [r.name, r.self]))).toEqual(
      expected,
    );
    const request = server.requests.at(-1)!;
    expect(request.headers['x-scope-orgid']).toBe('acme');
    expect(request.body).toMatchObject({
      start: String(START_MS),
      end: String(START_MS + 3_600_000 - 1),
      labelSelector: '{service_name="search"}',
      maxNodes: '16384',
    });
  });

  it('says when the server cut the tree, and diffs against a baseline range', async () => {
    const cut = await run([
      'top',
      ...serverArgs(`${CPU}{service_name="api"}`),
      '--max-nodes',
      '20',
    ]);
    expect(cut.code).toBe(0);
    expect(cut.stderr).toMatch(/note: the server cut the tree to about 20 nodes/);
    expect(cut.stdout).toContain('other');
    const diff = await run([
      'top',
      ...serverArgs(`${CPU}{service_name="api"}`),
      '--baseline-from',
      FROM,
      '--baseline-until',
      '2026-11-23T09:30:00Z',
      '--json',
    ]);
    expect(diff.code).toBe(0);
    const table = JSON.parse(diff.stdout) as { baselineTotal: number; comparisonTotal: number };
    // The hour against its first half: the same load, twice as long.
    expect(table.comparisonTotal).toBe(2 * table.baselineTotal);
    expect(server.requests.at(-1)!.procedure).toBe('Diff');
  });

  it('refuses a file and --pyroscope together, a bad query or time, and reports the server', async () => {
    const both = await run(['top', 'cpu.pb.gz', ...serverArgs(CPU)]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('unexpected argument cpu.pb.gz');
    const bad = await run(['top', ...serverArgs('cpu{service_name="api"}')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--query must start with a profile type ID');
    const time = await run(['top', ...serverArgs(CPU), '--from', 'yesterday']);
    expect(time.code).toBe(2);
    expect(time.stderr).toContain('--from cannot be "yesterday"');
    const noTenant = await run(['top', '--pyroscope', server.url, '--query', CPU]);
    expect(noTenant.code).toBe(1);
    expect(noTenant.stderr).toMatch(/answered 401 .*\(unauthenticated\): no org id/);
  });
});

describe('flamekit render --pyroscope', () => {
  it('draws the server merged flame graph to SVG', async () => {
    const { code, stderr } = await run([
      'render',
      ...serverArgs(`${CPU}{service_name="search"}`),
      '-o',
      'search.svg',
      '--title',
      'search, 09:00',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const svg = await readFile(join(work, 'search.svg'), 'utf8');
    expect(svg).toContain('search, 09:00');
    expect(svg).toContain('main.busyLoop');
  });
});

describe('reading times and queries', () => {
  it('reads now, now minus a duration, Unix seconds and milliseconds, and dates', () => {
    const now = Date.UTC(2026, 10, 23, 12);
    expect(parseTime('now', now, 'from')).toBe(now * 1e6);
    expect(parseTime('now-90m', now, 'from')).toBe((now - 5_400_000) * 1e6);
    expect(parseTime('now-2d', now, 'from')).toBe((now - 172_800_000) * 1e6);
    expect(parseTime('1795428000', now, 'from')).toBe(1_795_428_000_000 * 1e6);
    expect(parseTime('1795428000000', now, 'from')).toBe(1_795_428_000_000 * 1e6);
    expect(parseTime('2026-11-23T09:00:00Z', now, 'from')).toBe(START_MS * 1e6);
    expect(() => parseTime('09:00', now, 'from')).toThrow(/--from cannot be "09:00"/);
    expect(parseServerQuery(`${CPU}{a="b"}`, 'query')).toEqual({
      profileType: CPU,
      selector: '{a="b"}',
    });
    expect(parseServerQuery(CPU, 'query')).toEqual({ profileType: CPU, selector: '{}' });
  });
});
