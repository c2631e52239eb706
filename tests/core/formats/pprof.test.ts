import { describe, expect, it } from 'vitest';
import {
  FlamekitError,
  findNodeByPath,
  importPprof,
  importProfile,
  isPprof,
  printTree,
} from '../../../src/core';
import { catchError } from '../../helpers/catch-error';
import { readFixture } from '../../helpers/fixtures';
import { pprofReference } from '../../helpers/pprof-reference';

// Per file: call-tree nodes by function (root excluded) and max depth, from the corpus README.
const fixtures: [file: string, nodes: number, maxDepth: number][] = [
  ['pprof/go/concourse-web-cpu-300s.pb.gz', 10_915, 64],
  ['pprof/go/ddtrace-big-heap.pprof', 3111, 33],
  ['pprof/go/diff/ddtrace-block.after.pprof', 20, 10],
  ['pprof/go/diff/ddtrace-block.before.pprof', 20, 10],
  ['pprof/go/diff/ddtrace-heap.after.pprof', 30, 14],
  ['pprof/go/diff/ddtrace-heap.before.pprof', 27, 14],
  ['pprof/go/diff/ddtrace-stress-heap.after.pprof', 16_585, 23],
  ['pprof/go/diff/ddtrace-stress-heap.before.pprof', 16_585, 23],
  ['pprof/go/google-pprof-large.cpu.pb.gz', 425_051, 62],
  ['pprof/go/google-pprof-sample.cpu.pb.gz', 17, 8],
  ['pprof/go/parca-cpu-with-api-label.pb.gz', 692, 45],
  ['pprof/go/parca-fgprof-wall.pb.gz', 733, 29],
  ['pprof/go/parca-heap-alloc_objects.pb.gz', 9529, 33],
  ['pprof/go/parca-heap-alloc_space_delta.pb.gz', 2260, 32],
  ['pprof/go/pyroscope-io-cpu-with-labels.pb.gz', 37, 13],
  ['pprof/go/pyroscope-io-heap-uncompressed.pb', 1287, 32],
  ['pprof/node/parca-node-perf-jit.pb.gz', 50, 50],
  ['pprof/node/pyroscope-io-heap-js.pprof', 99, 32],
  ['pprof/node/pyroscope-io-nodejs-heap.pb.gz', 86, 32],
  // 164, not 163: two functions named "(anonymous)" in different files under one caller stay
  // apart here, while the corpus keyed nodes by name alone.
  ['pprof/node/pyroscope-io-nodejs-wall.pb.gz', 164, 42],
];

describe('pprof', () => {
  it.each(fixtures)(
    '%s: every sample type totals what another decoder sums',
    (file, nodes, maxDepth) => {
      const bytes = readFixture(file);
      const reference = pprofReference(bytes);
      const profile = importProfile(bytes);
      expect(profile.format).toBe('pprof');
      expect(profile.sampleTypes).toEqual(reference.sampleTypes);
      expect(profile.samples.count).toBe(reference.sampleCount);
      reference.totals.forEach((total, t) => expect(profile.tree(t).total[0]).toBe(total));
      // The named default, else the last type with values (else the last).
      const withValues = reference.sampleTypes.filter((_, t) => reference.totals[t] !== 0);
      const expectedDefault =
        reference.defaultSampleType || (withValues.at(-1) ?? reference.sampleTypes.at(-1)!).type;
      expect(profile.sampleTypes[profile.defaultSampleType].type).toBe(expectedDefault);
      // The corpus counted nodes and depth over all samples, whatever their values (some samples of
      // these heap profiles are zero in every type, which a tree leaves out).
      const shape = shapeOverAllSamples(profile);
      expect(shape.nodes).toBe(nodes);
      expect(shape.maxDepth).toBe(maxDepth);
      expect(
        Math.max(...profile.sampleTypes.map((_, t) => profile.tree(t).maxDepth)),
      ).toBeLessThanOrEqual(maxDepth);
    },
  );

  it('picks the default sample type the file names, else the last with values', () => {
    const cpu = importProfile(readFixture('pprof/go/google-pprof-sample.cpu.pb.gz'));
    expect(cpu.sampleTypes.map((t) => `${t.type}/${t.unit}`)).toEqual([
      'samples/count',
      'cpu/nanoseconds',
    ]);
    expect(cpu.defaultSampleType).toBe(1);
    expect(cpu.period).toEqual({ type: 'cpu', unit: 'nanoseconds', value: expect.any(Number) });
    expect(cpu.timeRange!.endNs).toBeGreaterThan(cpu.timeRange!.startNs);
    // This file names alloc_space as its default (pprof's own tool would pick inuse_space by habit).
    const heap = importProfile(readFixture('pprof/go/parca-heap-alloc_objects.pb.gz'));
    expect(heap.sampleTypes[heap.defaultSampleType].type).toBe('alloc_space');
    const raw = importProfile(readFixture('pprof/node/pyroscope-io-heap-js.pprof'));
    expect(raw.defaultSampleType).toBe(raw.sampleTypes.length - 1);
  });

  it('reads string and numeric labels', () => {
    const profile = importProfile(readFixture('pprof/go/parca-cpu-with-api-label.pb.gz'));
    const keys = new Set(profile.samples.labelSets.flat().map((label) => label.key));
    expect(keys).toContain('api');
    const heap = importProfile(readFixture('pprof/go/pyroscope-io-heap-uncompressed.pb'));
    const bytesLabel = heap.samples.labelSets.flat().find((label) => label.key === 'bytes')!;
    expect(typeof bytesLabel.num).toBe('number');
    expect(bytesLabel.value).toBeUndefined();
  });

  it('keeps file and line: function start lines at function granularity, lines at line granularity', () => {
    const bytes = readFixture('pprof/go/google-pprof-sample.cpu.pb.gz');
    const byFunction = importPprof(bytes).tree();
    const byLine = importPprof(bytes, { granularity: 'line' }).tree();
    expect(byFunction.nodeCount - 1).toBe(17);
    expect(byLine.nodeCount).toBeGreaterThan(byFunction.nodeCount);
    expect(byLine.total[0]).toBe(byFunction.total[0]);
    const info = byFunction.frameInfo(1);
    expect(info.file).toMatch(/\.go$/);
  });

  it('names unsymbolized locations by address', () => {
    const tree = importProfile(readFixture('pprof/node/parca-node-perf-jit.pb.gz')).tree();
    const names = Array.from({ length: tree.nodeCount - 1 }, (_, i) => tree.name(i + 1));
    expect(names.every((name) => name.length > 0)).toBe(true);
  });

  it('rejects truncated data with a byte offset, and text', () => {
    const bytes = new Uint8Array(readFixture('pprof/go/pyroscope-io-heap-uncompressed.pb'));
    const error = catchError(() => importPprof(bytes.subarray(0, 5000))) as FlamekitError;
    expect(error).toBeInstanceOf(FlamekitError);
    expect(error.format).toBe('pprof');
    expect(error.position?.byteOffset).toBeGreaterThan(0);
    expect(isPprof(bytes.subarray(0, 5000))).toBe(false);
    expect(isPprof('a;b 1')).toBe(false);
    expect(isPprof(new TextEncoder().encode('a;b 1\n'))).toBe(false);
  });

  it('finds a known hot path', () => {
    const tree = importProfile(readFixture('pprof/go/google-pprof-sample.cpu.pb.gz')).tree();
    const top = tree.name(1);
    expect(findNodeByPath(tree, [top])).toBe(1);
    expect(printTree(tree).split('\n').length).toBe(tree.nodeCount - 1);
  });
});

/** Nodes and depth of the tree of every sample, whatever its values. */
function shapeOverAllSamples(profile: ReturnType<typeof importProfile>): {
  nodes: number;
  maxDepth: number;
} {
  const used = new Uint8Array(profile.stacks.size);
  for (let i = 0; i < profile.samples.count; i++) used[profile.samples.stack[i]] = 1;
  for (let s = profile.stacks.size - 1; s > 0; s--)
    if (used[s]) used[profile.stacks.parentOf(s)] = 1;
  let nodes = 0;
  let maxDepth = 0;
  for (let s = 1; s < used.length; s++) {
    if (!used[s]) continue;
    nodes++;
    maxDepth = Math.max(maxDepth, profile.stacks.framesOf(s).length);
  }
  return { nodes, maxDepth };
}
