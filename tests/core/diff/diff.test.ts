import { describe, expect, it } from 'vitest';
import {
  type CallTree,
  CallTreeBuilder,
  FrameTable,
  computeDiff,
  computeDiffNodeSummary,
  computeDiffWeight,
  createFlameLayout,
  describeDiffNode,
  diffProfiles,
  importProfile,
  printTree,
  treeFromFolded,
  type FlamekitError,
} from '../../../src/core';
import { catchError } from '../../helpers/catch-error';
import { readFixture, readFixtureText } from '../../helpers/fixtures';

interface Sides {
  self: number;
  total: number;
  baselineSelf: number;
  baselineTotal: number;
}

/** Every node of a tree by its path of names (joined with NUL, which no name here holds). */
function byPath(tree: CallTree): Map<string, Sides> {
  const keys: string[] = new Array(tree.nodeCount);
  const result = new Map<string, Sides>();
  for (let i = 0; i < tree.nodeCount; i++) {
    keys[i] = i === 0 ? '' : `${keys[tree.parent[i]]}\u0000${tree.name(i)}`;
    const sides = result.get(keys[i]) ?? { self: 0, total: 0, baselineSelf: 0, baselineTotal: 0 };
    sides.self += tree.self[i];
    sides.total += tree.total[i];
    sides.baselineSelf += tree.baselineSelf?.[i] ?? 0;
    sides.baselineTotal += tree.baselineTotal?.[i] ?? 0;
    result.set(keys[i], sides);
  }
  return result;
}

/**
 * What the diff must hold, computed from the two trees alone: each path's comparison values from
 * `after`, its baseline values from `before` (times `scale`), 0 where a side lacks the path.
 */
function expectedDiff(before: CallTree, after: CallTree, scale = 1): Map<string, Sides> {
  const expected = new Map<string, Sides>();
  const entry = (key: string) => {
    let sides = expected.get(key);
    if (!sides)
      expected.set(key, (sides = { self: 0, total: 0, baselineSelf: 0, baselineTotal: 0 }));
    return sides;
  };
  for (const [key, sides] of byPath(after)) {
    entry(key).self += sides.self;
    entry(key).total += sides.total;
  }
  for (const [key, sides] of byPath(before)) {
    entry(key).baselineSelf += sides.self * scale;
    entry(key).baselineTotal += sides.total * scale;
  }
  return expected;
}

function expectSameSides(actual: Map<string, Sides>, expected: Map<string, Sides>): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [key, sides] of expected) {
    const got = actual.get(key)!;
    for (const side of ['self', 'total', 'baselineSelf', 'baselineTotal'] as const)
      expect(got[side], `${side} of ${key.replaceAll('\u0000', ';')}`).toBeCloseTo(sides[side], 6);
  }
}

/**
 * The columns a tree must hold, derived from `parent` and `self` alone: depth one more than the
 * parent's, each subtree ending after its last descendant, totals summed from selfs, on both sides.
 */
function expectWellFormed(tree: CallTree): void {
  const n = tree.nodeCount;
  const lastDescendant = Int32Array.from({ length: n }, (_, i) => i);
  const total = Float64Array.from(tree.self);
  const baselineTotal = Float64Array.from(tree.baselineSelf!);
  for (let i = n - 1; i > 0; i--) {
    const up = tree.parent[i];
    expect(up, `parent of ${i}`).toBeLessThan(i);
    lastDescendant[up] = Math.max(lastDescendant[up], lastDescendant[i]);
    total[up] += total[i];
    baselineTotal[up] += baselineTotal[i];
  }
  for (let i = 1; i < n; i++) {
    if (tree.depth[i] !== tree.depth[tree.parent[i]] + 1) expect.fail(`depth of node ${i}`);
    if (tree.subtreeEnd[i] !== lastDescendant[i] + 1) expect.fail(`subtreeEnd of node ${i}`);
  }
  expect(tree.subtreeEnd[0]).toBe(n);
  for (let i = 0; i < n; i++) {
    if (Math.abs(tree.total[i] - total[i]) > 1e-9) expect.fail(`total of node ${i}`);
    if (Math.abs(tree.baselineTotal![i] - baselineTotal[i]) > 1e-9)
      expect.fail(`baselineTotal of node ${i}`);
  }
}

/** Two folded profiles as the two-count form (`stack before after`), as difffolded.pl writes it. */
function twoCountFolded(before: string, after: string): string {
  const counts = new Map<string, [number, number]>();
  const add = (text: string, side: 0 | 1) => {
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const cut = line.lastIndexOf(' ');
      const stack = line.slice(0, cut).trim();
      const pair = counts.get(stack) ?? [0, 0];
      pair[side] += Number(line.slice(cut + 1));
      counts.set(stack, pair);
    }
  };
  add(before, 0);
  add(after, 1);
  return [...counts].map(([stack, [a, b]]) => `${stack} ${a} ${b}`).join('\n');
}

describe('computeDiff', () => {
  it('aligns two trees by path and keeps frames found on one side only', () => {
    const before = 'main;a;b 3\nmain;c 2\nmain 1';
    const after = 'main;a;b 1\nmain;a;d 4\nmain 2';
    const diff = computeDiff(treeFromFolded(before), treeFromFolded(after));
    // treeFromFolded reads `stack before after` as a diff tree: the same tree made another way.
    expect(printTree(diff)).toBe(printTree(treeFromFolded(twoCountFolded(before, after))));
    expect(printTree(diff)).toContain('c');
    const c = byPath(diff).get('\u0000main\u0000c')!;
    expect(c).toEqual({ self: 0, total: 0, baselineSelf: 2, baselineTotal: 2 });
  });

  it('normalises the baseline to the comparison total', () => {
    const before = treeFromFolded('main;a 1\nmain;b 3');
    const after = treeFromFolded('main;a 6\nmain;b 2');
    const diff = computeDiff(before, after, { normalize: true });
    expect(diff.baselineTotal![0]).toBe(8);
    expectSameSides(byPath(diff), expectedDiff(before, after, 2));
  });

  it('takes the general path for trees ordered by weight, with the same result', () => {
    let seed = 5;
    const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const lines = (count: number) =>
      Array.from({ length: count }, () => {
        const depth = 1 + Math.floor(random() * 6);
        const frames = Array.from({ length: depth }, () => 'abcdefg'[Math.floor(random() * 7)]);
        return `${frames.join(';')} ${1 + Math.floor(random() * 9)}`;
      }).join('\n');
    const before = lines(300);
    const after = lines(300);
    const byName = computeDiff(treeFromFolded(before), treeFromFolded(after));
    const weighted = computeDiff(
      treeFromFolded(before, { siblingOrder: 'total' }),
      treeFromFolded(after, { siblingOrder: 'total' }),
    );
    expect(printTree(weighted)).toBe(printTree(byName));
    expect(printTree(byName)).toBe(printTree(treeFromFolded(twoCountFolded(before, after))));
    // Heaviest first: trees in name order are merged and then reordered; trees in weight order
    // take the general path. Both give the same tree, order included.
    const heaviestFirst = computeDiff(treeFromFolded(before), treeFromFolded(after), {
      siblingOrder: 'total',
    });
    expectSameSides(byPath(heaviestFirst), byPath(byName));
    const throughStacks = computeDiff(
      treeFromFolded(before, { siblingOrder: 'total' }),
      treeFromFolded(after, { siblingOrder: 'total' }),
      { siblingOrder: 'total' },
    );
    expect(printTree(heaviestFirst)).toBe(printTree(throughStacks));
    expect(printTree(heaviestFirst)).toBe(
      printTree(treeFromFolded(twoCountFolded(before, after), { siblingOrder: 'total' })),
    );
  });

  it('every column right on random pairs: shared, one-sided and deep parts', () => {
    let seed = 11;
    const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const pick = (letters: string) => letters[Math.floor(random() * letters.length)];
    // Stacks of up to 12 frames over a few letters, so that paths are often shared; a prefix
    // letter of each side's own makes whole subtrees one-sided, at any depth.
    const lines = (own: string) =>
      Array.from({ length: 1 + Math.floor(random() * 80) }, () => {
        const depth = 1 + Math.floor(random() * 12);
        const frames = Array.from({ length: depth }, () => pick(`abcd${own}`));
        return `${frames.join(';')} ${1 + Math.floor(random() * 9)}`;
      }).join('\n');
    for (let pair = 0; pair < 200; pair++) {
      const before = lines('x');
      const after = lines('y');
      const diff = computeDiff(treeFromFolded(before), treeFromFolded(after));
      expectWellFormed(diff);
      expect(printTree(diff)).toBe(printTree(treeFromFolded(twoCountFolded(before, after))));
    }
  });

  it('grows its columns when the two trees share little (one-sided subtrees copied whole)', () => {
    // Two trees of 1,542 nodes with disjoint frames below a shared root frame: the merged tree
    // holds both (3,082 nodes), more than the room first made (9/8 of the larger plus 1,024).
    const lines = (prefix: string) =>
      Array.from(
        { length: 1500 },
        (_, i) => `main;${prefix}${i % 40};${prefix}x${i} ${1 + (i % 5)}`,
      ).join('\n');
    const before = lines('a');
    const after = lines('b');
    const diff = computeDiff(treeFromFolded(before), treeFromFolded(after));
    expect(diff.nodeCount).toBe(3082);
    expectWellFormed(diff);
    expect(printTree(diff)).toBe(printTree(treeFromFolded(twoCountFolded(before, after))));
  });

  it('matches frames by name by default and by file and line when asked', () => {
    const tree = (file: string, value: number) => {
      const frames = new FrameTable();
      const builder = new CallTreeBuilder({ frames });
      const main = frames.intern({ name: 'main', file: 'main.go', line: 1 });
      const work = frames.intern({ name: 'work', file, line: 10 });
      builder.addStack([main, work], value);
      return builder.build();
    };
    const before = tree('old.go', 3);
    const after = tree('new.go', 5);
    const byName = computeDiff(before, after);
    expect(byName.nodeCount).toBe(3);
    expect([byName.total[2], byName.baselineTotal![2]]).toEqual([5, 3]);
    expect(byName.frames.file(byName.frame[2])).toBeUndefined();
    const byFrame = computeDiff(before, after, { matchBy: 'frame' });
    expect(byFrame.nodeCount).toBe(4); // main, then work in old.go and work in new.go
    const files = [2, 3].map((i) => byFrame.frames.file(byFrame.frame[i]));
    expect(files.sort()).toEqual(['new.go', 'old.go']);
    expect(byFrame.frames.line(byFrame.frame[1])).toBe(1);
  });

  it('merges same-named siblings when matching by name (the general path)', () => {
    const frames = new FrameTable();
    const builder = new CallTreeBuilder({ frames });
    const main = frames.internName('main');
    builder.addStack([main, frames.intern({ name: 'anon', file: 'a.js' })], 2);
    builder.addStack([main, frames.intern({ name: 'anon', file: 'b.js' })], 3);
    const before = builder.build();
    const diff = computeDiff(before, treeFromFolded('main;anon 4'));
    expect(printTree(diff)).toBe(printTree(treeFromFolded('main;anon 5 4')));
  });

  it('handles a 100,000-deep pair without recursion', () => {
    const deep = (depth: number, value: number) => {
      const frames = new FrameTable();
      const stack = Array.from({ length: depth }, (_, i) => frames.internName(`f${i % 7}`));
      const builder = new CallTreeBuilder({ frames });
      builder.addStack(stack, value);
      return builder.build();
    };
    const diff = computeDiff(deep(100_000, 2), deep(99_999, 3));
    expect(diff.nodeCount).toBe(100_001);
    expect(diff.maxDepth).toBe(100_000);
    expectWellFormed(diff);
    expect([diff.total[0], diff.baselineTotal![0]]).toEqual([3, 2]);
    expect([diff.self[99_999], diff.baselineSelf![100_000]]).toEqual([3, 2]);
  });

  it('refuses what is not a tree, and unknown options', () => {
    const tree = treeFromFolded('a 1');
    const notTree = catchError(() => computeDiff({} as CallTree, tree)) as FlamekitError;
    expect([notTree.code, notTree.message]).toEqual([
      'invalid-argument',
      expect.stringContaining('profile.tree('),
    ]);
    const badMatch = catchError(() =>
      computeDiff(tree, tree, { matchBy: 'line' as 'name' }),
    ) as FlamekitError;
    expect(badMatch.code).toBe('invalid-argument');
  });
});

describe('computeDiff on the real pairs', () => {
  it('inferno before/after folded: equal to difffolded.pl form of the two files', () => {
    const before = readFixtureText('collapsed/diff/inferno-before.txt');
    const after = readFixtureText('collapsed/diff/inferno-after.txt');
    const diff = computeDiff(importProfile(before).tree(), importProfile(after).tree());
    expect([diff.baselineTotal![0], diff.total[0]]).toEqual([65, 80]); // the corpus README's totals
    expect(printTree(diff)).toBe(printTree(treeFromFolded(twoCountFolded(before, after))));
  });

  it('Kafka CPU windows and vert.x halves: every path holds both sides', () => {
    for (const [first, second] of [
      ['jfr-parser-kafka-cpu-0.collapsed.txt.gz', 'jfr-parser-kafka-cpu-1.collapsed.txt.gz'],
      ['inferno-vertx-split-part1.txt', 'inferno-vertx-split-part2.txt'],
    ]) {
      const before = importProfile(readFixture(`collapsed/diff/${first}`)).tree();
      const after = importProfile(readFixture(`collapsed/diff/${second}`)).tree();
      expectSameSides(byPath(computeDiff(before, after)), expectedDiff(before, after));
      const normalized = computeDiff(before, after, { normalize: true });
      expect(normalized.baselineTotal![0]).toBeCloseTo(after.total[0], 3);
    }
  });

  it('pprof heap and block snapshots: every sample type, by name and by frame', () => {
    for (const kind of ['heap', 'block', 'stress-heap']) {
      const before = importProfile(readFixture(`pprof/go/diff/ddtrace-${kind}.before.pprof`));
      const after = importProfile(readFixture(`pprof/go/diff/ddtrace-${kind}.after.pprof`));
      for (const type of before.sampleTypes) {
        const diff = diffProfiles(before, after, { sampleType: type.type });
        const a = before.tree(type.type);
        const b = after.tree(type.type);
        expectSameSides(byPath(diff), expectedDiff(a, b));
        const byFrame = computeDiff(a, b, { matchBy: 'frame' });
        expect([byFrame.total[0], byFrame.baselineTotal![0]]).toEqual([b.total[0], a.total[0]]);
        expect(byFrame.nodeCount).toBeGreaterThanOrEqual(diff.nodeCount);
      }
    }
  });

  it("agrees node by node with Pyroscope's own diff of the flamebearer pair", () => {
    // The diff file's left side is pyroscope-io-simple-golang-app-cpu2.json (see the fixtures
    // README); its right side is the following window, only in the diff file. Our diff of the
    // left file and that right side must be Pyroscope's diff tree, both sides, at every node.
    const theirs = importProfile(
      readFixture('flamebearer/diff/pyroscope-io-simple-golang-app-cpu-diff.json'),
    );
    const theirTree = theirs.tree();
    expect(theirTree.baselineTotal).toBeDefined();
    const left = importProfile(
      readFixture('flamebearer/diff/pyroscope-io-simple-golang-app-cpu2.json'),
    ).tree();
    // A tree that is itself a comparison counts as its comparison side: the right one here.
    const ours = computeDiff(left, theirTree);
    expectSameSides(byPath(ours), byPath(theirTree));
    expect([ours.baselineTotal![0], ours.total[0]]).toEqual([991, 987]);
  });

  it('diffProfiles refuses a sample type the comparison lacks', () => {
    const heap = importProfile(readFixture('pprof/go/diff/ddtrace-heap.before.pprof'));
    const block = importProfile(readFixture('pprof/go/diff/ddtrace-block.before.pprof'));
    const error = catchError(() => diffProfiles(heap, block)) as FlamekitError;
    expect(error.code).toBe('invalid-argument');
    expect(error.message).toContain('contentions');
  });
});

describe('diff weights and summaries', () => {
  const diff = computeDiff(
    treeFromFolded('main;a 4\nmain;gone 2'),
    treeFromFolded('main;a 5\nmain;fresh 3'),
  );
  const node = (name: string) =>
    [...Array(diff.nodeCount).keys()].find((i) => diff.name(i) === name)!;

  it('weighs nodes by either side or both', () => {
    const [a, gone, fresh] = [node('a'), node('gone'), node('fresh')];
    const both = computeDiffWeight(diff, 'both');
    expect([both[0], both[a], both[gone], both[fresh]]).toEqual([14, 9, 2, 3]);
    const comparison = computeDiffWeight(diff, 'comparison');
    expect([comparison[0], comparison[gone], comparison[fresh]]).toEqual([8, 0, 3]);
    const baseline = computeDiffWeight(diff, 'baseline');
    expect([baseline[0], baseline[gone], baseline[fresh]]).toEqual([6, 2, 0]);
    // Laid out with either, children fit in their parents.
    const layout = createFlameLayout(diff, { weight: both });
    expect(layout.start(fresh) + layout.width(fresh)).toBeLessThanOrEqual(layout.width(0));
  });

  it('summarises and describes a node in words and numbers', () => {
    const a = computeDiffNodeSummary(diff, node('a'));
    expect(a).toMatchObject({ baseline: 4, comparison: 5, delta: 1, relativeDelta: 0.25 });
    expect([a.baselineShare, a.comparisonShare]).toEqual([4 / 6, 5 / 8]);
    expect(describeDiffNode(a, 'samples')).toMatch(/^a: 5 .*up 1 .*\+25(\.0)? ?%.* from 4/);
    const fresh = computeDiffNodeSummary(diff, node('fresh'));
    expect([fresh.presence, fresh.relativeDelta]).toEqual(['new', Infinity]);
    expect(describeDiffNode(fresh)).toContain('new');
    const gone = computeDiffNodeSummary(diff, node('gone'));
    expect(gone.presence).toBe('removed');
    expect(describeDiffNode(gone)).toContain('removed, was 2');
  });

  it('refuses one-sided trees and unknown width modes', () => {
    const single = treeFromFolded('a 1');
    expect((catchError(() => computeDiffWeight(single, 'both')) as FlamekitError).code).toBe(
      'invalid-argument',
    );
    expect(
      (catchError(() => computeDiffWeight(diff, 'wide' as 'both')) as FlamekitError).code,
    ).toBe('invalid-argument');
    expect((catchError(() => computeDiffNodeSummary(single, 0)) as FlamekitError).code).toBe(
      'invalid-argument',
    );
  });
});
