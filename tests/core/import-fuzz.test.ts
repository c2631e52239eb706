import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createRandom } from '../../bench/synthetic-profile';
import type { ImportOptions } from '../../src/core';
import { FIXTURES, readFixture } from '../helpers/fixtures';
import { mutate } from '../helpers/mutations';
import { removeWorkerBundle, TimeLimitedRunner } from '../helpers/time-limited';

/**
 * Seeded mutation fuzzing over every format: each small fixture (and a seed for the formats
 * whose fixtures are all large) is bent many ways (tests/helpers/mutations.ts: byte flips,
 * truncation, duplicated and retyped JSON fields, huge declared lengths, deep nesting, protobuf
 * lengths that claim too much, long runs of blanks) and imported in a worker thread under a time
 * limit per case. The only acceptable outcomes are a profile whose trees build with finite totals
 * or a FlamekitError; a bare error, a hang, or a dead worker fails, and names the case to replay.
 */
const MAX_FIXTURE_BYTES = 48 * 1024;
const MUTATIONS_PER_SEED = 80;
const CASE_LIMIT_MS = 5_000;
// Each case has its own limit; vitest only has to outwait a seed's worth of them.
vi.setConfig({ testTimeout: 120_000 });

/** Small hand-made seeds for the formats with no fixture under the size limit. */
const SEEDS: Record<string, string> = {
  'seed/d3-flamegraph.json': JSON.stringify({
    name: 'root',
    value: 6,
    children: [
      {
        name: 'a',
        value: 4,
        children: [
          { name: 'b', value: 1 },
          { name: 'c', value: 2 },
        ],
      },
      { name: 'd', value: 2 },
    ],
  }),
  'seed/grafana-nested-set.json': JSON.stringify({
    fields: [
      { name: 'level', values: [0, 1, 2, 2, 1] },
      { name: 'value', values: [6, 4, 1, 2, 2], config: { unit: 'ns' } },
      { name: 'self', values: [0, 1, 1, 2, 2] },
      {
        name: 'label',
        values: [0, 1, 2, 3, 4],
        config: { type: { enum: { text: ['total', 'a', 'b', 'c', 'd'] } } },
      },
    ],
  }),
};

function smallFixtures(): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(FIXTURES, { recursive: true }) as string[]) {
    const path = join(FIXTURES, entry);
    if (
      statSync(path).isFile() &&
      !entry.endsWith('README.md') &&
      // FlameGraph's test suite: 80 small files of two formats that other seeds already cover;
      // Jest snapshots: a reference tool's expected output, not a profile.
      !entry.includes('flamegraph-test') &&
      !entry.endsWith('.snap') &&
      statSync(path).size <= MAX_FIXTURE_BYTES
    )
      files.push(relative(FIXTURES, path));
  }
  return files.sort();
}

/**
 * Import options the mutations of some seeds are also read with (every other case): the
 * threads of the formats that record them, and perf script's naming options, all on.
 */
const OPTIONS_BY_FOLDER: Record<string, ImportOptions> = {
  'perf-script': {
    profile: 1,
    perfScript: {
      root: 'tid',
      annotateKernel: true,
      annotateJit: true,
      addresses: true,
      keepArguments: true,
    },
  },
  firefox: { profile: 0 },
  'chrome-trace': { profile: 0 },
};

const bytesOf = (seed: string) =>
  seed in SEEDS ? new TextEncoder().encode(SEEDS[seed]) : new Uint8Array(readFixture(seed));

const runner = new TimeLimitedRunner(1024);
afterAll(async () => {
  await runner.close();
  await removeWorkerBundle();
});

describe('importProfile under mutation, in a worker, each case under a time limit', () => {
  const seeds = [...smallFixtures(), ...Object.keys(SEEDS)];

  it('has a seed of every format', async () => {
    const formats = new Set<unknown>();
    for (const seed of seeds) {
      const outcome = await runner.run(CASE_LIMIT_MS, 'import', bytesOf(seed));
      if (outcome.outcome === 'result') formats.add((outcome.value as { format: string }).format);
    }
    expect([...formats].sort()).toEqual([
      'chrome-cpuprofile',
      'chrome-trace',
      'd3-flamegraph',
      'firefox',
      'flamebearer',
      'folded',
      'grafana-nested-set',
      'perf-script',
      'pprof',
      'speedscope',
    ]);
  });

  it.each(seeds)('%s: only profiles or FlamekitErrors come out', async (seed) => {
    const original = bytesOf(seed);
    const failures: string[] = [];
    for (let i = 0; i < MUTATIONS_PER_SEED; i++) {
      // One generator per case, so that a failure names a case that replays on its own.
      const caseSeed = seed.length * 7919 + original.length * 31 + i;
      const mutated = mutate(original, createRandom(caseSeed));
      const options = i % 2 === 1 ? (OPTIONS_BY_FOLDER[seed.split('/')[0]] ?? {}) : {};
      const outcome = await runner.run(CASE_LIMIT_MS, 'import', mutated, options);
      if (outcome.outcome === 'timeout' || outcome.outcome === 'other-error')
        failures.push(
          `case ${caseSeed} (mutate(seed, createRandom(${caseSeed})), ${JSON.stringify(options)}): ${JSON.stringify(outcome).slice(0, 300)}`,
        );
    }
    expect(failures).toEqual([]);
  });
});
