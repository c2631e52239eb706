import { describe, expect, it } from 'vitest';
import type { CallTree, FlamekitError, SiblingOrder } from '../../../src/core';
import {
  CallTreeBuilder,
  computeInvertedTree,
  FrameTable,
  printTree,
  treeFromFolded,
} from '../../../src/core';
import type { InvertedNode } from '../../../src/core/views/inverted-node';
import { createInvertedTree } from '../../../src/core/views/inverted-tree';
import { catchError } from '../../helpers/catch-error';
import { referenceTotals } from '../../helpers/reference-tree';

/** Expands every node, depth first, and prints it the way printTree does. */
function printExpanded(tree: CallTree, siblingOrder: SiblingOrder): string {
  const inverted = createInvertedTree(tree, { siblingOrder });
  const lines: string[] = [];
  const todo = inverted.roots().reverse();
  while (todo.length > 0) {
    const node = todo.pop()!;
    let line = `${'  '.repeat(node.path.length - 1)}- ${node.name} (total ${node.total}, self ${node.self}`;
    if (node.baselineTotal !== undefined)
      line += `; baseline ${node.baselineTotal}, ${node.baselineSelf}`;
    lines.push(line + ')');
    const children = inverted.children(node);
    // hasCallers is computed while grouping, without the children; check it against them.
    if (node.hasCallers !== children.length > 0)
      throw new Error(`hasCallers wrong at ${node.path}`);
    todo.push(...children.reverse());
  }
  return lines.join('\n');
}

const summary = (nodes: InvertedNode[]) => nodes.map((node) => [node.name, node.total, node.self]);

describe('createInvertedTree', () => {
  it('lists functions by self at the top and their callers below', () => {
    const inverted = createInvertedTree(treeFromFolded('main;a;b 2\nmain;b 1\nmain 4'));
    const roots = inverted.roots();
    // main's self is 4 and it has no caller; b's self is 3 (2 through a, 1 directly).
    expect(summary(roots)).toEqual([
      ['main', 4, 4],
      ['b', 3, 0],
    ]);
    const b = roots[1];
    expect(summary(inverted.children(b))).toEqual([
      ['a', 2, 0],
      ['main', 1, 1],
    ]);
    const a = inverted.children(b)[0];
    expect(a.path).toEqual(['b', 'a']);
    expect(summary(inverted.children(a))).toEqual([['main', 2, 2]]);
    expect(inverted.children(inverted.children(a)[0])).toEqual([]);
  });

  it('handles direct recursion a;a;a', () => {
    const inverted = createInvertedTree(treeFromFolded('a;a;a 5\na;b 2'));
    // Samples end in the innermost a (5) and in b (2); every level climbs one caller.
    const [a, b] = inverted.roots();
    expect(summary([a, b])).toEqual([
      ['a', 5, 0],
      ['b', 2, 0],
    ]);
    const aa = inverted.children(a);
    expect(summary(aa)).toEqual([['a', 5, 0]]);
    expect(summary(inverted.children(aa[0]))).toEqual([['a', 5, 5]]);
    expect(summary(inverted.children(b))).toEqual([['a', 2, 2]]);
  });

  it('handles indirect recursion a;b;a;c', () => {
    const tree = treeFromFolded('a;b;a;c 4\na;b 1\nb;a 2');
    // Roots by self: c 4, a 2 (b;a), b 1 (a;b). Below c: a, b, a, each 4; the top a has no caller.
    expect(printExpanded(tree, 'total')).toBe(
      [
        '- c (total 4, self 0)',
        '  - a (total 4, self 0)',
        '    - b (total 4, self 0)',
        '      - a (total 4, self 4)',
        '- a (total 2, self 0)',
        '  - b (total 2, self 2)',
        '- b (total 1, self 0)',
        '  - a (total 1, self 1)',
      ].join('\n'),
    );
  });

  it('expands to the same tree as computeInvertedTree, in both orders and with two sides', () => {
    let seed = 9;
    const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const folded = Array.from({ length: 300 }, () => {
      const depth = 1 + Math.floor(random() * 9);
      const frames = Array.from({ length: depth }, () => 'fghij'[Math.floor(random() * 5)]);
      return `${frames.join(';')} ${Math.floor(random() * 20)} ${Math.floor(random() * 20) - 5}`;
    }).join('\n');
    // Hundreds of functions with few distinct weights: many ties, some negative.
    const many = Array.from({ length: 600 }, (_, i) => {
      const weight = Math.floor(random() * 7) - 2;
      return `main;w${Math.floor(random() * 50)};f${(i * 7919) % 997} ${weight === 0 ? 1 : weight}`;
    }).join('\n');
    const trees = [
      treeFromFolded(folded),
      treeFromFolded('a;b;a;c 4 1\nb;a 2 0\nd 0 3'),
      treeFromFolded(many),
    ];
    for (const tree of trees) {
      for (const siblingOrder of ['name', 'total'] as const) {
        expect(printExpanded(tree, siblingOrder)).toBe(
          printTree(computeInvertedTree(tree, { siblingOrder })),
        );
      }
    }
  });

  it('agrees with a brute force over the reversed folded lines', () => {
    let seed = 21;
    const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const folded = Array.from({ length: 200 }, () => {
      const depth = 1 + Math.floor(random() * 7);
      const frames = Array.from({ length: depth }, () => 'fgh'[Math.floor(random() * 3)]);
      return { frames, value: 1 + Math.floor(random() * 9) };
    });
    const tree = treeFromFolded(folded.map((l) => `${l.frames.join(';')} ${l.value}`).join('\n'));
    const reversed = folded.map((l) => `${[...l.frames].reverse().join(';')} ${l.value}`);
    const expected = referenceTotals(reversed.join('\n'));
    expected.delete(''); // the inverted tree has no root node
    const inverted = createInvertedTree(tree);
    const actual = new Map<string, { self: number; total: number }>();
    const todo = inverted.roots();
    while (todo.length > 0) {
      const node = todo.pop()!;
      actual.set(node.path.join(';'), { self: node.self, total: node.total });
      todo.push(...inverted.children(node));
    }
    expect(actual).toEqual(expected);
  });

  it('groups frames that share a name and keeps the original nodes of each entry', () => {
    const frames = new FrameTable();
    const main = frames.internName('main');
    const fInA = frames.intern({ name: 'f', file: 'a.c' });
    const fInB = frames.intern({ name: 'f', file: 'b.c' });
    const builder = new CallTreeBuilder({ frames });
    builder.addStack([main, fInA], 2);
    builder.addStack([main, fInB], 3);
    const tree = builder.build();
    const inverted = createInvertedTree(tree);
    const [f] = inverted.roots();
    expect([f.name, f.total, f.nodes.length]).toEqual(['f', 5, 2]);
    expect(Array.from(f.nodes, (node) => tree.frames.file(tree.frame[node]))).toEqual([
      'a.c',
      'b.c',
    ]);
    expect(Array.from(f.origins)).toEqual(Array.from(f.nodes));
    const [caller] = inverted.children(f);
    // Both entries reach the same main node; each keeps the node (and self) it started from.
    expect([caller.name, caller.total, caller.self]).toEqual(['main', 5, 5]);
    expect(Array.from(caller.nodes)).toEqual([1, 1]);
    expect(Array.from(caller.origins)).toEqual(Array.from(f.nodes));
  });

  it('finds a node by path and rejects nodes of another tree', () => {
    const inverted = createInvertedTree(treeFromFolded('main;a;b 2\nmain;b 1'));
    expect(inverted.find(['b', 'a', 'main'])?.total).toBe(2);
    expect(inverted.find(['b', 'x'])).toBeUndefined();
    expect(inverted.find([])).toBeUndefined();
    // Node 8 of a deeper tree does not exist in this one (5 nodes).
    const foreign = createInvertedTree(treeFromFolded('a;b;c;d;e;f;g;h 1')).find(['h'])!;
    expect(Array.from(foreign.nodes)).toEqual([8]);
    expect((catchError(() => inverted.children(foreign)) as FlamekitError).code).toBe(
      'invalid-argument',
    );
    const made = { name: 'x', path: ['x'], self: 0, total: 0, nodes: Int32Array.of(1) } as unknown;
    expect((catchError(() => inverted.children(made as InvertedNode)) as FlamekitError).code).toBe(
      'invalid-argument',
    );
  });
});
