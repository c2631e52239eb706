import { gunzipSync } from 'fflate';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { exportProfile, importProfile, ProfileBuilder, type Profile } from '../src/core';
import { formatMs, printTable, retainedBytes, timeMs } from './measure';
import { generateStacks, shuffleStacks } from './synthetic-profile';

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
  const encode = (samples: number) => {
    const builder = new ProfileBuilder('pprof', [
      { type: 'samples', unit: 'count' },
      { type: 'cpu', unit: 'nanoseconds' },
    ]);
    for (let f = 0; f < input.frames.size; f++) builder.frames.internName(input.frames.name(f));
    const labels = Array.from({ length: 16 }, (_, i) =>
      builder.internLabelSet([{ key: 'pod', value: `pod-${i}` }]),
    );
    const values = [0, 0];
    for (let k = 0; k < samples; k++) {
      const i = k % input.stackCount;
      values[0] = 1;
      values[1] = input.values[i] * 10_000_000;
      const start = input.stackStart[i];
      builder.addStackSample(
        input.stackFrames.subarray(start, input.stackStart[i + 1]),
        input.stackStart[i + 1] - start,
        values,
        labels[k % 16],
      );
    }
    return gunzipSync(exportProfile(builder.finish(), 'pprof'));
  };
  // Size a first batch, then scale the sample count until the file is big enough.
  let samples = 20_000;
  let bytes = encode(samples);
  while (bytes.length < megabytes * 1e6 * 0.98) {
    samples = Math.ceil((samples * megabytes * 1e6) / bytes.length);
    bytes = encode(samples);
  }
  return bytes;
}

/**
 * A gzipped pprof whose tree has about `nodeCount` nodes (generateStacks overshoots: 1.18M at
 * 1M), one sample per stack with a count and a CPU time, in a seeded random order, as a Go
 * profile lists its samples (hash-map order, not the tree's).
 */
export function generateSampleOrderPprof(nodeCount: number): Uint8Array {
  const input = shuffleStacks(generateStacks(nodeCount, 7), 8);
  const builder = new ProfileBuilder('pprof', [
    { type: 'samples', unit: 'count' },
    { type: 'cpu', unit: 'nanoseconds' },
  ]);
  for (let f = 0; f < input.frames.size; f++) builder.frames.internName(input.frames.name(f));
  const values = [0, 0];
  for (let i = 0; i < input.stackCount; i++) {
    const start = input.stackStart[i];
    values[0] = input.values[i];
    values[1] = input.values[i] * 10_000_000;
    builder.addStackSample(
      input.stackFrames.subarray(start, input.stackStart[i + 1]),
      input.stackStart[i + 1] - start,
      values,
    );
  }
  return exportProfile(builder.finish(), 'pprof');
}

/** Keeps imported profiles alive while their memory is measured. */
const held: Profile[] = [];

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
    ? [
        ['generated folded, 2 MB', () => generateFolded(2)],
        ['generated pprof (raw), 2 MB', () => generatePprof(2)],
        ['generated pprof in sample order, 10k nodes', () => generateSampleOrderPprof(10_000)],
      ]
    : [
        ['generated folded, 100 MB', () => generateFolded(100)],
        ['generated pprof (raw), 50 MB', () => generatePprof(50)],
        ['generated pprof in sample order, 1M nodes', () => generateSampleOrderPprof(1_000_000)],
      ];
  for (const [name, make] of generated) {
    const bytes = make();
    rows.push(row(name, bytes, 1));
    const before = retainedBytes();
    held.push(importProfile(bytes));
    held[held.length - 1].tree();
    const heldMb = (retainedBytes() - before) / 1e6;
    rows[rows.length - 1][6] =
      `profile + tree held: ${heldMb.toFixed(0)} MB; process RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`;
    held.length = 0;
  }
  printTable(
    'Import (importProfile + default tree; median of 3, generated inputs once)',
    ['input', 'format', 'MB', 'ms', 'MB/s', 'tree nodes', 'note'],
    rows,
  );
}
