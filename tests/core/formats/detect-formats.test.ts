import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importProfile, type ProfileFormat } from '../../../src/core';
import { FIXTURES, readFixture } from '../../helpers/fixtures';

// Each fixture folder holds one format; importProfile must tell them apart by content alone.
const FOLDER_FORMAT: Record<string, ProfileFormat> = {
  pprof: 'pprof',
  collapsed: 'folded',
  speedscope: 'speedscope',
  'chrome-cpuprofile': 'chrome-cpuprofile',
  'chrome-trace': 'chrome-trace',
  'perf-script': 'perf-script',
  firefox: 'firefox',
  flamebearer: 'flamebearer',
  'grafana-nested-set': 'grafana-nested-set',
  'd3-flamegraph-json': 'd3-flamegraph',
};
// Fixtures that are invalid on purpose: detected, then rejected by their importer.
const INVALID = new Set([
  'speedscope/invalid-incomplete-trace.json',
  'speedscope/invalid-out-of-order-events.json',
  'collapsed/edge/speedscope-simple-with-invalids.txt',
]);

// A reference tool's expected output beside the inputs it was made from: a Jest snapshot file.
const isProfile = (entry: string) => !entry.endsWith('README.md') && !entry.endsWith('.snap');

const files = (readdirSync(FIXTURES, { recursive: true }) as string[])
  .filter((entry) => statSync(join(FIXTURES, entry)).isFile() && isProfile(entry))
  .map((entry) => relative(FIXTURES, join(FIXTURES, entry)))
  .sort();

describe('format detection', () => {
  it.each(files.filter((file) => !INVALID.has(file)))('%s', (file) => {
    const profile = importProfile(readFixture(file));
    expect(profile.format).toBe(FOLDER_FORMAT[file.split('/')[0]]);
    expect(Number.isFinite(profile.tree().total[0])).toBe(true);
  });
});
