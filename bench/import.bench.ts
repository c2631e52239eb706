import { gunzipSync } from 'fflate';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { exportProfile, importProfile, ProfileBuilder, type Profile } from '../src/core';
import { formatMs, printTable, retainedBytes, timeMs } from './measure';
import { generateStacks } from './synthetic-profile';

const FIXTURES = join(import.meta.dirname, '../tests/fixtures/profiles');

/** The largest real file of each format in the corpus. */
const LARGEST = [
  'pprof/go/google-pprof-large.cpu.pb.gz',
  'pprof/go/diff/ddtrace-stress-heap.after.pprof',
  'collapsed/pyroscope-io-dotnet-deep.txt',
  'flamebearer/pyroscope-io-nodejs-frontend-cpu-large.json',
  'chrome-cpuprofile/speedscope-chrome65-sucrase.cpuprofile',
  'chrome-trace/lighthouse-cpu-profiler-m86.trace.json',
  'perf-script/flamegraph-perf-vertx-stacks-01.txt',
  'firefox/samply-ls-linux.processed.json',
  'd3-flamegraph-json/d3-flame-graph-differential.json',
  'grafana-nested-set/grafana-flamegraph-dataNestedSet.json',
];

function row(name: string, bytes: Uint8Array, repeat = 3): (string | number)[] {
  let profile: Profile | undefined;
  let failure = '';
  const ms = timeMs(() => {
    try {
      profile = importProfile(bytes);
      profile.tree();
    } catch (error) {
      failure = String(error).slice(0, 60);
    }
  }, repeat);
  if (!profile) return [name, '-', (bytes.length / 1e6).toFixed(2), '-', '-', '-', failure];
  return [
    name,
    profile.format,
    (bytes.length / 1e6).toFixed(2),
    formatMs(ms),
    (bytes.length / 1e6 / (ms / 1e3)).toFixed(1),
    profile.tree().nodeCount.toLocaleString('en-US'),
    '',
  ];
}

/** Folded text of about `megabytes` MB from the synthetic generator. */
export function generateFolded(megabytes: number): Uint8Array {
  const input = generateStacks(200_000, 5);
  const names = Array.from({ length: input.frames.size }, (_, f) => input.frames.name(f));
  const lines: string[] = [];
  let size = 0;
  for (let round = 0; size < megabytes * 1e6; round++) {
    for (let i = 0; i < input.stackCount && size < megabytes * 1e6; i++) {
      const frames = Array.from(
        input.stackFrames.subarray(input.stackStart[i], input.stackStart[i + 1]),
        (f) => names[f],
      );
      // Later rounds prefix a distinct root so that the tree grows with the file.
      const line = `round${round % 64};${frames.join(';')} ${input.values[i]}`;
      lines.push(line);
      size += line.length + 1;
    }
  }
  return new TextEncoder().encode(lines.join('\n'));
}

/** A raw (not gzipped) pprof of about `megabytes` MB: synthetic stacks, two sample types, labels. */
export function generatePprof(megabytes: number): Uint8Array {
  const input = generateStacks(400_000, 6);
  const builder = new ProfileBuilder('pprof', [
    { type: 'samples', unit: 'count' },
    { type: 'cpu', unit: 'nanoseconds' },
  ]);
  for (let f = 0; f < input.frames.size; f++) builder.frames.internName(input.frames.name(f));
  const labels = Array.from({ length: 16 }, (_, i) =>
    builder.internLabelSet([{ key: 'pod', value: `pod-${i}` }]),
  );
  const values = [0, 0];
  // About 60 bytes per frame reference and sample overhead in the encoded file.
  const samples = Math.round((megabytes * 1e6) / 60 / (input.frameCount / input.stackCount));
  for (let k = 0; k < samples; k++) {
    const i = k % input.stackCount;
    values[0] = 1;
    values[1] = input.values[i] * 10_000_000;
    builder.addStackSample(
      input.stackFrames.subarray(input.stackStart[i], input.stackStart[i + 1]),
      input.stackStart[i + 1] - input.stackStart[i],
      values,
      labels[k % 16],
    );
  }
  const gz = exportProfile(builder.finish(), 'pprof');
  return gunzipSync(gz);
}

export function benchImport(quick: boolean): void {
  const rows: (string | number)[][] = [];
  for (const file of LARGEST) {
    const path = join(FIXTURES, file);
    try {
      statSync(path);
    } catch {
      continue;
    }
    rows.push(row(file, new Uint8Array(readFileSync(path))));
  }
  const generated: [string, () => Uint8Array][] = quick
    ? [['generated folded, 2 MB', () => generateFolded(2)]]
    : [
        ['generated folded, 100 MB', () => generateFolded(100)],
        ['generated pprof (raw), 50 MB', () => generatePprof(50)],
      ];
  for (const [name, make] of generated) {
    const bytes = make();
    const before = retainedBytes();
    rows.push(row(name, bytes, 1));
    const profile = importProfile(bytes);
    const heldMb = (retainedBytes() - before) / 1e6;
    rows[rows.length - 1][6] =
      `profile + tree held: ${heldMb.toFixed(0)} MB; peak RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`;
    void profile;
  }
  printTable(
    'Import (importProfile + default tree; median of 3, generated inputs once)',
    ['input', 'format', 'MB', 'ms', 'MB/s', 'tree nodes', 'note'],
    rows,
  );
}
