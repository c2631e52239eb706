import { describe, expect, it } from 'vitest';
import {
  createInvertedTree,
  importProfile,
  type CallTree,
  type InvertedNode,
} from '../../src/core';
import {
  computeBottomUpRows,
  createBottomUpTotals,
  pathKey,
  type CallTreeRow,
} from '../../src/react/call-tree-rows';
import { readFixture } from '../helpers/fixtures';

/**
 * The bottom-up call tree's numbers checked against a brute-force count over the samples of real
 * profiles: every stack (a node with a self value, the path to it from the root) is matched
 * against each row's path, in plain loops, with none of the code that computes the rows.
 */
const PROFILES = [
  'pprof/go/concourse-web-cpu-300s.pb.gz', // a real Go service: deep, wide
  'collapsed/pyroscope-io-java-async-profiler-cpu.txt', // Java, native and JIT frames
  'collapsed/edge/speedscope-recursion.txt', // recursion: a function on its own stack twice
  'collapsed/pyroscope-io-dotnet-deep.txt', // .NET, deep stacks
];

interface Sample {
  stack: string[];
  weight: number;
}

function samplesOf(tree: CallTree): Sample[] {
  const samples: Sample[] = [];
  for (let node = 1; node < tree.nodeCount; node++) {
    if (tree.self[node] === 0) continue;
    const stack: string[] = [];
    for (let at = node; at > 0; at = tree.parent[at]) stack.push(tree.name(at));
    samples.push({ stack: stack.reverse(), weight: tree.self[node] });
  }
  return samples;
}

/** Whether `pattern` occurs in `stack` as consecutive frames, ending at `end` (exclusive). */
function occursEndingAt(stack: string[], pattern: string[], end: number): boolean {
  const start = end - pattern.length;
  if (start < 0) return false;
  for (let i = 0; i < pattern.length; i++) if (stack[start + i] !== pattern[i]) return false;
  return true;
}

/**
 * What a bottom-up row at `path` (a function, then its callers) should say, by definition:
 * self, the samples whose stack ends in the callers then the function; total, the samples whose
 * stack holds them anywhere, each sample once.
 */
function bruteForce(samples: Sample[], path: readonly string[]): { self: number; total: number } {
  const pattern = [...path].reverse(); // root-first: the outermost caller first
  let self = 0;
  let total = 0;
  for (const { stack, weight } of samples) {
    if (occursEndingAt(stack, pattern, stack.length)) self += weight;
    for (let end = pattern.length; end <= stack.length; end++)
      if (occursEndingAt(stack, pattern, end)) {
        total += weight;
        break;
      }
  }
  return { self, total };
}

/** The rows with the heaviest functions and their callers expanded, three levels deep. */
function expandedRows(tree: CallTree): CallTreeRow[] {
  const inverted = createInvertedTree(tree);
  const cache = new Map<string, InvertedNode[]>();
  const totals = createBottomUpTotals(tree);
  const expanded = new Set<string>();
  let rows = computeBottomUpRows(tree, inverted, expanded, cache, totals);
  for (let depth = 0; depth < 3; depth++) {
    for (const row of rows.filter((r) => r.depth === depth && r.hasChildren).slice(0, 12))
      expanded.add(pathKey(row.path));
    rows = computeBottomUpRows(tree, inverted, expanded, cache, totals);
  }
  return rows;
}

describe('bottom-up rows against a brute-force count over the samples', () => {
  for (const path of PROFILES) {
    it(path, () => {
      const tree = importProfile(readFixture(path)).tree();
      const samples = samplesOf(tree);
      const rows = expandedRows(tree);
      expect(rows.filter((row) => row.depth >= 2).length).toBeGreaterThan(3);
      let checked = 0;
      for (const row of rows.slice(0, 400)) {
        const expected = bruteForce(samples, row.path);
        // Values add up in a different order: equal to a few ulps of the total.
        const tolerance = tree.total[0] * 1e-12;
        expect(
          Math.abs(row.self - expected.self),
          `self of ${row.path.join(' ← ')}`,
        ).toBeLessThanOrEqual(tolerance);
        expect(
          Math.abs(row.total - expected.total),
          `total of ${row.path.join(' ← ')}`,
        ).toBeLessThanOrEqual(tolerance);
        expect(row.throughCallers ?? false).toBe(row.depth > 0);
        checked++;
      }
      expect(checked).toBeGreaterThan(10);
    });
  }

  it('gives a function its own self and total at the top level (the profile of the issue)', () => {
    // In pprof's large test profile time.Now showed self 0 ns bottom-up: its self is 3.42 min.
    const tree = importProfile(readFixture('pprof/go/google-pprof-large.cpu.pb.gz')).tree();
    const rows = computeBottomUpRows(
      tree,
      createInvertedTree(tree),
      new Set(),
      new Map(),
      createBottomUpTotals(tree),
    );
    const now = rows.find((row) => row.name === 'time.Now')!;
    expect(now.self).toBeGreaterThan(0.8 * tree.total[0]);
    expect(now.self).toBe(bruteForce(samplesOf(tree), ['time.Now']).self);
    expect(now.total).toBe(bruteForce(samplesOf(tree), ['time.Now']).total);
  });
});
