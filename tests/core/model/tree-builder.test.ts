import { describe, expect, it } from 'vitest';
import {
  CallTreeBuilder,
  FlamekitError,
  FrameTable,
  computeNodePath,
  printTree,
  treeFromFolded,
} from '../../../src/core';
import { catchError } from '../../helpers/catch-error';
import { referenceTotals } from '../../helpers/reference-tree';

describe('CallTreeBuilder', () => {
  it('merges stacks into a tree with siblings in name order', () => {
    const tree = treeFromFolded(`
      a;c 2
      a;b;d 3
      a;b 1
      e 4
      a;b;d 1
    `);
    expect(printTree(tree)).toBe(
      [
        '- a (total 7, self 0)',
        '  - b (total 5, self 1)',
        '    - d (total 4, self 4)',
        '  - c (total 2, self 2)',
        '- e (total 4, self 4)',
      ].join('\n'),
    );
    expect(tree.total[0]).toBe(11);
    expect(tree.nodeCount).toBe(6);
  });

  it('orders siblings by total when asked, ties by name', () => {
    const tree = treeFromFolded('r;x 1\nr;y 5\nr;a 1\nr;b 3', { siblingOrder: 'total' });
    expect(printTree(tree)).toBe(
      [
        '- r (total 10, self 0)',
        '  - y (total 5, self 5)',
        '  - b (total 3, self 3)',
        '  - a (total 1, self 1)',
        '  - x (total 1, self 1)',
      ].join('\n'),
    );
  });

  it('sorts names by code unit, not by locale', () => {
    const tree = treeFromFolded('b 1\nB 1\nä 1\na 1\n_ 1');
    const names = [1, 2, 3, 4, 5].map((node) => tree.name(node));
    expect(names).toEqual(['B', '_', 'a', 'b', 'ä']);
  });

  // Past 4,096 stacks the builder decides how to intern them: as they come when each repeats the
  // last one's prefix (sorted), grouped by their first frames otherwise.
  for (const [count, sorted] of [
    [2000, false],
    [10_000, false],
    [10_000, true],
  ] as const)
    it(`agrees with a simple reference on every node of ${count} random stacks${sorted ? ', sorted' : ''}`, () => {
      let seed = 7;
      const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
      const names = ['main', 'run', 'parse', 'gc', 'alloc', 'read', 'write', 'parse'];
      const lines: string[] = [];
      for (let i = 0; i < count; i++) {
        const depth = 1 + Math.floor(random() * 12);
        const frames = Array.from(
          { length: depth },
          () => names[Math.floor(random() * names.length)],
        );
        lines.push(`${frames.join(';')} ${1 + Math.floor(random() * 50)}`);
      }
      if (sorted) lines.sort();
      const folded = lines.join('\n');
      const expected = referenceTotals(folded);
      const tree = treeFromFolded(folded);
      expect(tree.nodeCount).toBe(expected.size);
      for (let node = 0; node < tree.nodeCount; node++) {
        const reference = expected.get(computeNodePath(tree, node).join(';'));
        expect(reference, `node ${node}`).toBeDefined();
        expect(tree.total[node]).toBe(reference!.total);
        expect(tree.self[node]).toBe(reference!.self);
      }
    });

  it('gives the same tree whatever order the stacks come in', () => {
    const lines = ['a;b;c 1', 'a;b 2', 'a;d;c 3', 'x;y 4', 'a;b;c;c 5', 'a 6'];
    const sorted = printTree(treeFromFolded(lines.join('\n')));
    const reversed = printTree(treeFromFolded([...lines].reverse().join('\n')));
    expect(reversed).toBe(sorted);
  });

  it('keeps negative values exact (pprof -diff_base)', () => {
    const tree = treeFromFolded('a;b -5\na;c 3\na 1');
    expect(printTree(tree)).toBe(
      ['- a (total -1, self 1)', '  - b (total -5, self -5)', '  - c (total 3, self 3)'].join('\n'),
    );
    expect(tree.hasNegativeValues).toBe(true);
  });

  it('builds a tree that compares two sides, aligned by path', () => {
    const tree = treeFromFolded('a;b 3 1\na;c 0 2\nd 4 0');
    expect(printTree(tree)).toBe(
      [
        '- a (total 3, self 0; baseline 3, 0)',
        '  - b (total 1, self 1; baseline 3, 3)',
        '  - c (total 2, self 2; baseline 0, 0)',
        '- d (total 0, self 0; baseline 4, 4)',
      ].join('\n'),
    );
    expect(tree.isDiff).toBe(true);
  });

  it('adds an empty stack to the root', () => {
    const frames = new FrameTable();
    const builder = new CallTreeBuilder({ frames });
    builder.addStack([], 3);
    builder.addStack([frames.internName('a')], 2);
    const tree = builder.build();
    expect(tree.self[0]).toBe(3);
    expect(tree.total[0]).toBe(5);
  });

  it.each([NaN, Infinity, -Infinity])(
    'rejects the value %s and leaves the builder as it was',
    (bad) => {
      const frames = new FrameTable();
      const a = frames.internName('a');
      const b = frames.internName('b');
      const builder = new CallTreeBuilder({ frames });
      builder.addStack([a], 1);
      const error = catchError(() => builder.addStack([a, b], bad));
      expect(error).toBeInstanceOf(FlamekitError);
      expect((error as FlamekitError).code).toBe('invalid-value');
      expect(printTree(builder.build())).toBe('- a (total 1, self 1)');
    },
  );

  it.each([[-1], [2], [1.5], [Number.NaN], ['1' as unknown as number]])(
    'rejects frame id %s without adding part of the stack',
    (bad) => {
      const frames = new FrameTable();
      const a = frames.internName('a');
      const b = frames.internName('b');
      const builder = new CallTreeBuilder({ frames });
      const error = catchError(() => builder.addStack([a, b, bad], 1));
      expect((error as FlamekitError).code).toBe('invalid-frame');
      expect((error as FlamekitError).message).toMatch(/stack position 2/);
      builder.addStack([b], 1);
      expect(printTree(builder.build())).toBe('- b (total 1, self 1)');
    },
  );

  it('rejects a length outside the stack and use after build', () => {
    const frames = new FrameTable();
    const builder = new CallTreeBuilder({ frames });
    expect((catchError(() => builder.addStack([], 1, 3)) as FlamekitError).code).toBe(
      'invalid-argument',
    );
    builder.build();
    expect((catchError(() => builder.addStack([], 1)) as FlamekitError).code).toBe(
      'invalid-argument',
    );
  });

  it('reads only the first `length` frames of a reused buffer', () => {
    const frames = new FrameTable();
    const [a, b, c] = ['a', 'b', 'c'].map((name) => frames.internName(name));
    const buffer = new Int32Array(8);
    const builder = new CallTreeBuilder({ frames });
    buffer.set([a, b, c]);
    builder.addStack(buffer, 1, 3);
    buffer.set([a, c]);
    builder.addStack(buffer, 2, 2);
    buffer.set([a, b]);
    builder.addStack(buffer, 4, 1);
    expect(printTree(builder.build())).toBe(
      [
        '- a (total 7, self 4)',
        '  - b (total 1, self 0)',
        '    - c (total 1, self 1)',
        '  - c (total 2, self 2)',
      ].join('\n'),
    );
  });

  it('keeps frames with one name but different files apart', () => {
    const frames = new FrameTable();
    const one = frames.intern({ name: 'f', file: 'one.go', line: 3 });
    const two = frames.intern({ name: 'f', file: 'two.go', line: 1 });
    const builder = new CallTreeBuilder({ frames });
    builder.addStack([two], 1);
    builder.addStack([one], 2);
    const tree = builder.build();
    expect(tree.nodeCount).toBe(3);
    expect(tree.frameInfo(1)).toEqual({ name: 'f', file: 'one.go', line: 3 });
    expect(tree.frameInfo(2)).toEqual({ name: 'f', file: 'two.go', line: 1 });
  });
});
