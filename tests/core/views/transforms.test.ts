import { describe, expect, it } from 'vitest';
import type { CallTree, FlamekitError } from '../../../src/core';
import {
  CallTreeBuilder,
  FrameTable,
  findNodeByPath,
  printTree,
  treeFromFolded,
} from '../../../src/core';
import {
  computeCollapseIndirectRecursion,
  computeCollapseRecursion,
  computeDropFramesMatching,
  computeDropFunction,
  computeFocusFunction,
  computeFocusSubtree,
  computeInvertedTree,
  computeMergeFunction,
} from '../../../src/core/views/transforms';
import { catchError } from '../../helpers/catch-error';

const print = (tree: CallTree) => printTree(tree, { includeRoot: true });
const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => line.replace(/^ {4}/, ''))
    .join('\n');

describe('transforms on small trees', () => {
  it('merges a function into its callers', () => {
    const tree = treeFromFolded('a;b;c 2\na;b 1\na;c 1\nb 5');
    expect(printTree(computeMergeFunction(tree, 'b'))).toBe(
      lines(`
    - a (total 4, self 1)
      - c (total 3, self 3)`),
    );
    // The top-level b's samples have no caller left: they belong to the root.
    expect(print(computeMergeFunction(tree, 'b')).split('\n')[0]).toBe('- all (total 9, self 5)');
  });

  it('drops every sample through a function, and callers left empty', () => {
    const tree = treeFromFolded('a;b 2\na;c 1\nd;b 4\ne;d;b 1\ne 1');
    expect(print(computeDropFunction(tree, 'b'))).toBe(
      lines(`
    - all (total 2, self 0)
      - a (total 1, self 0)
        - c (total 1, self 1)
      - e (total 1, self 1)`),
    );
  });

  it('drops frames whose name matches a pattern', () => {
    const pattern = /^lib/g;
    const tree = treeFromFolded('main;libA;work 2\nmain;libB;libA;work 1\nmain;io 1');
    expect(printTree(computeDropFramesMatching(tree, pattern))).toBe(
      lines(`
    - main (total 4, self 0)
      - io (total 1, self 1)
      - work (total 3, self 3)`),
    );
    expect(pattern.lastIndex).toBe(0);
  });

  it('focuses on a subtree', () => {
    const tree = treeFromFolded('a;b;c 2\na;b 1\na;d 1\nb;c 7');
    const node = findNodeByPath(tree, ['a', 'b']);
    expect(print(computeFocusSubtree(tree, node))).toBe(
      lines(`
    - all (total 3, self 0)
      - b (total 3, self 1)
        - c (total 2, self 2)`),
    );
    expect(print(computeFocusSubtree(tree, 0))).toBe(print(tree));
  });

  it('focuses on a function, its outermost call only', () => {
    const tree = treeFromFolded('a;f;b;f;c 2\nd;f;b 1\nf 1\ne 4');
    expect(printTree(computeFocusFunction(tree, 'f'))).toBe(
      lines(`
    - f (total 4, self 1)
      - b (total 3, self 1)
        - f (total 2, self 0)
          - c (total 2, self 2)`),
    );
    expect(print(computeFocusFunction(tree, 'nowhere'))).toBe('- all (total 0, self 0)');
  });

  it('collapses direct recursion of one function or of all', () => {
    const tree = treeFromFolded('f;f;f;g 2\nf;f;g 1\nf;h;f 1\nh;h;f;f 3');
    expect(printTree(computeCollapseRecursion(tree))).toBe(
      lines(`
    - f (total 4, self 0)
      - g (total 3, self 3)
      - h (total 1, self 0)
        - f (total 1, self 1)
    - h (total 3, self 0)
      - f (total 3, self 3)`),
    );
    expect(printTree(computeCollapseRecursion(tree, 'h'))).toBe(
      lines(`
    - f (total 4, self 0)
      - f (total 3, self 0)
        - f (total 2, self 0)
          - g (total 2, self 2)
        - g (total 1, self 1)
      - h (total 1, self 0)
        - f (total 1, self 1)
    - h (total 3, self 0)
      - f (total 3, self 0)
        - f (total 3, self 3)`),
    );
  });

  it('collapses indirect recursion: f -> g -> f -> h becomes f -> h', () => {
    const tree = treeFromFolded('f;g;f;h 2\nf;g 1\nf;g;f;g;f 1\nf 1\na;f;f 1');
    expect(printTree(computeCollapseIndirectRecursion(tree, 'f'))).toBe(
      lines(`
    - a (total 1, self 0)
      - f (total 1, self 1)
    - f (total 5, self 2)
      - g (total 1, self 1)
      - h (total 2, self 2)`),
    );
  });

  it('inverts the tree', () => {
    const tree = treeFromFolded('a;b 2\na;c 1\nb 1');
    expect(printTree(computeInvertedTree(tree))).toBe(
      lines(`
    - b (total 3, self 1)
      - a (total 2, self 2)
    - c (total 1, self 0)
      - a (total 1, self 1)`),
    );
  });

  it('keeps both sides of a two-sided tree', () => {
    const tree = treeFromFolded('a;b;c 1 2\na;c 3 4\na;b 0 5');
    expect(tree.isDiff).toBe(true);
    expect(printTree(computeMergeFunction(tree, 'b'))).toBe(
      lines(`
    - a (total 11, self 5; baseline 4, 0)
      - c (total 6, self 6; baseline 4, 4)`),
    );
    expect(printTree(computeDropFunction(tree, 'b'))).toBe(
      lines(`
    - a (total 4, self 0; baseline 3, 0)
      - c (total 4, self 4; baseline 3, 3)`),
    );
    expect(printTree(computeInvertedTree(tree))).toBe(
      lines(`
    - b (total 5, self 0; baseline 0, 0)
      - a (total 5, self 5; baseline 0, 0)
    - c (total 6, self 0; baseline 4, 0)
      - a (total 4, self 4; baseline 3, 3)
      - b (total 2, self 0; baseline 1, 0)
        - a (total 2, self 2; baseline 1, 1)`),
    );
  });

  it('matches frames by name across files', () => {
    const frames = new FrameTable();
    const builder = new CallTreeBuilder({ frames });
    const fA = frames.intern({ name: 'f', file: 'a.js' });
    const fB = frames.intern({ name: 'f', file: 'b.js' });
    const g = frames.internName('g');
    builder.addStack([fA, fB, g], 2);
    builder.addStack([g, fB], 1);
    const tree = builder.build();
    expect(printTree(computeMergeFunction(tree, 'f'))).toBe(
      lines(`
    - g (total 3, self 3)`),
    );
    const collapsed = computeCollapseRecursion(tree, 'f');
    expect(printTree(collapsed)).toBe(
      lines(`
    - f (total 2, self 0)
      - g (total 2, self 2)
    - g (total 1, self 0)
      - f (total 1, self 1)`),
    );
    // The collapsed call keeps the outer frame.
    expect(collapsed.frameInfo(1)).toEqual({ name: 'f', file: 'a.js' });
    expect(collapsed.frames).toBe(tree.frames);
  });

  it('orders siblings as asked', () => {
    const tree = treeFromFolded('a 1\nb 3');
    const merged = computeMergeFunction(tree, 'zz', { siblingOrder: 'total' });
    expect([merged.name(1), merged.name(2)]).toEqual(['b', 'a']);
  });

  it('rejects arguments it cannot use with a FlamekitError', () => {
    const tree = treeFromFolded('a;b 1');
    for (const node of [-1, 1.5, 3, NaN]) {
      expect((catchError(() => computeFocusSubtree(tree, node)) as FlamekitError).code).toBe(
        'invalid-argument',
      );
    }
    const notAString = 3 as unknown as string;
    expect((catchError(() => computeMergeFunction(tree, notAString)) as FlamekitError).code).toBe(
      'invalid-argument',
    );
    const notARegExp = 'a' as unknown as RegExp;
    expect(
      (catchError(() => computeDropFramesMatching(tree, notARegExp)) as FlamekitError).code,
    ).toBe('invalid-argument');
  });
});

// A second implementation: transform each folded line's stack, then build a tree from the lines.
interface Line {
  frames: string[];
  value: number;
  baseline?: number;
}

function parseLines(folded: string): Line[] {
  return folded.split('\n').map((line) => {
    const [stack, ...values] = line.split(' ');
    const numbers = values.map(Number);
    return numbers.length === 2
      ? { frames: stack.split(';'), baseline: numbers[0], value: numbers[1] }
      : { frames: stack.split(';'), value: numbers[0] };
  });
}

function referenceTree(
  input: Line[],
  transform: (frames: string[]) => string[] | null,
  twoSided: boolean,
): CallTree {
  const frames = new FrameTable();
  const builder = new CallTreeBuilder({ frames });
  if (twoSided) builder.addBaselineStack([], 0);
  for (const line of input) {
    const stack = transform(line.frames);
    if (!stack) continue;
    const ids = stack.map((name) => frames.internName(name));
    if (line.baseline !== undefined) builder.addBaselineStack(ids, line.baseline);
    builder.addStack(ids, line.value);
  }
  return builder.build();
}

function randomFolded(seed: number, twoSided: boolean): string {
  const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const value = () => 1 + Math.floor(random() * 20);
  return Array.from({ length: 150 }, () => {
    const depth = 1 + Math.floor(random() * 9);
    const frames = Array.from({ length: depth }, () => 'fghij'[Math.floor(random() * 5)]);
    return `${frames.join(';')} ${twoSided ? `${value()} ${value()}` : value()}`;
  }).join('\n');
}

const sum = (input: Line[], keep: (line: Line) => boolean = () => true) =>
  input.reduce((total, line) => total + (keep(line) ? line.value : 0), 0);

describe.each([
  ['one side', false],
  ['two sides', true],
])('transforms of random trees (%s) match transforming each stack', (_, twoSided) => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`seed ${seed}`, () => {
      const folded = randomFolded(seed, twoSided);
      const input = parseLines(folded);
      const tree = treeFromFolded(folded);
      const before = [tree.frame, tree.parent, tree.self, tree.total, tree.baselineSelf].map(
        (column) => column && column.slice(),
      );
      const frameCount = tree.frames.size;
      const stringCount = tree.frames.strings.size;
      const check = (actual: CallTree, transform: (frames: string[]) => string[] | null) =>
        expect(print(actual)).toBe(print(referenceTree(input, transform, twoSided)));

      for (const name of ['f', 'g', 'h', 'missing']) {
        const without = (frames: string[]) => frames.filter((frame) => frame !== name);
        check(computeMergeFunction(tree, name), without);
        check(computeDropFramesMatching(tree, new RegExp(`^${name}$`)), without);
        check(computeDropFunction(tree, name), (frames) => (frames.includes(name) ? null : frames));
        check(computeFocusFunction(tree, name), (frames) =>
          frames.includes(name) ? frames.slice(frames.indexOf(name)) : null,
        );
        check(computeCollapseRecursion(tree, name), (frames) =>
          frames.filter((frame, i) => !(i > 0 && frame === name && frames[i - 1] === name)),
        );
        check(computeCollapseIndirectRecursion(tree, name), (frames) => {
          const first = frames.indexOf(name);
          if (first < 0) return frames;
          return [...frames.slice(0, first + 1), ...frames.slice(frames.lastIndexOf(name) + 1)];
        });

        // Totals that must not change, or change by exactly the samples concerned.
        const all = sum(input);
        expect(computeMergeFunction(tree, name).total[0]).toBe(all);
        expect(computeCollapseRecursion(tree, name).total[0]).toBe(all);
        expect(computeCollapseIndirectRecursion(tree, name).total[0]).toBe(all);
        const through = (line: Line) => line.frames.includes(name);
        expect(computeDropFunction(tree, name).total[0]).toBe(sum(input, (l) => !through(l)));
        expect(computeFocusFunction(tree, name).total[0]).toBe(sum(input, through));
      }
      check(computeMergeFunction(tree, 'missing'), (frames) => frames);
      check(computeCollapseRecursion(tree), (frames) =>
        frames.filter((frame, i) => !(i > 0 && frame === frames[i - 1])),
      );
      check(computeDropFramesMatching(tree, /[gi]/), (frames) =>
        frames.filter((frame) => !/[gi]/.test(frame)),
      );
      check(computeInvertedTree(tree), (frames) => [...frames].reverse());
      expect(computeInvertedTree(tree).total[0]).toBe(sum(input));
      for (const path of [['f'], ['g', 'h'], ['h', 'i', 'j']]) {
        const node = findNodeByPath(tree, path);
        if (node < 0) continue;
        check(computeFocusSubtree(tree, node), (frames) =>
          path.every((name, i) => frames[i] === name) ? frames.slice(path.length - 1) : null,
        );
      }

      // Nothing above changed the input tree or its tables.
      const after = [tree.frame, tree.parent, tree.self, tree.total, tree.baselineSelf];
      after.forEach((column, i) =>
        expect(column && Array.from(column)).toEqual(before[i] && Array.from(before[i]!)),
      );
      expect([tree.frames.size, tree.frames.strings.size]).toEqual([frameCount, stringCount]);
    });
  }
});

describe('a 100,000-deep chain', () => {
  const DEPTH = 100_000;
  const frames = new FrameTable();
  const names = ['f', 'g', 'h'].map((name) => frames.internName(name));
  // f;g;h;f;g;h;...;leaf with value 2, and its first 50,000 frames with value 1.
  const stack = [
    ...Array.from({ length: DEPTH }, (_, i) => names[i % 3]),
    frames.internName('leaf'),
  ];
  const builder = new CallTreeBuilder({ frames });
  builder.addStack(stack, 2);
  builder.addStack(stack.slice(0, DEPTH / 2), 1);
  const tree = builder.build();
  const gCount = Math.floor((DEPTH + 1) / 3); // positions 1, 4, 7, ... below DEPTH

  it('is handled by every transform without recursion', () => {
    expect(tree.maxDepth).toBe(DEPTH + 1);
    const merged = computeMergeFunction(tree, 'g');
    expect([merged.maxDepth, merged.nodeCount, merged.total[0]]).toEqual([
      DEPTH + 1 - gCount,
      DEPTH + 2 - gCount,
      3,
    ]);
    expect(print(computeDropFramesMatching(tree, /^g$/))).toBe(print(merged));

    const dropped = computeDropFunction(tree, 'leaf');
    expect([dropped.maxDepth, dropped.total[0]]).toEqual([DEPTH / 2, 1]);

    const focused = computeFocusSubtree(tree, DEPTH / 2);
    expect([focused.maxDepth, focused.total[0], focused.self[1]]).toEqual([DEPTH / 2 + 2, 3, 1]);
    expect(focused.name(1)).toBe('g');

    const focusG = computeFocusFunction(tree, 'g');
    expect([focusG.maxDepth, focusG.total[0], focusG.name(1)]).toEqual([DEPTH, 3, 'g']);

    const collapsed = computeCollapseRecursion(tree);
    expect(collapsed.nodeCount).toBe(tree.nodeCount);

    expect(printTree(computeCollapseIndirectRecursion(tree, 'f'))).toBe(
      lines(`
    - f (total 3, self 0)
      - g (total 1, self 1)
      - leaf (total 2, self 2)`),
    );

    const inverted = computeInvertedTree(tree);
    expect([inverted.maxDepth, inverted.nodeCount, inverted.total[0]]).toEqual([
      DEPTH + 1,
      1 + (DEPTH + 1) + DEPTH / 2,
      3,
    ]);
  });

  it('collapses a 100,000-deep direct recursion into one frame', () => {
    const own = new FrameTable();
    const f = own.internName('f');
    const recursive = new CallTreeBuilder({ frames: own });
    recursive.addStack(new Int32Array(DEPTH).fill(f), 1);
    expect(printTree(computeCollapseRecursion(recursive.build(), 'f'))).toBe(
      '- f (total 1, self 1)',
    );
  });
});
