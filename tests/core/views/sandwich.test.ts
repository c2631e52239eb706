import { describe, expect, it } from 'vitest';
import type { CallTree, FlamekitError } from '../../../src/core';
import {
  CallTreeBuilder,
  computeFocusFunction,
  computeNodePath,
  FrameTable,
  printTree,
  treeFromFolded,
} from '../../../src/core';
import { computeSandwich } from '../../../src/core/views/sandwich';
import { catchError } from '../../helpers/catch-error';
import { referenceTotals, type ReferenceNode } from '../../helpers/reference-tree';
import { cutFoldedAtFunction } from '../../helpers/sandwich-lines';

/** Every node of `tree` as `path -> {self, total}`, the shape referenceTotals gives. */
function nodesByPath(tree: CallTree): Map<string, ReferenceNode> {
  const nodes = new Map<string, ReferenceNode>();
  for (let node = 0; node < tree.nodeCount; node++)
    nodes.set(computeNodePath(tree, node).join(';'), {
      self: tree.self[node],
      total: tree.total[node],
    });
  return nodes;
}

function lines(...rows: string[]): string {
  return rows.join('\n');
}

describe('computeSandwich', () => {
  it('shows the callers and callees of a function called from two places', () => {
    const tree = treeFromFolded('main;a;f;g 1\nmain;a;f 1\nmain;b;f 1\nmain;b;h 1');
    const sandwich = computeSandwich(tree, 'f');
    // f is called by a (total 2) and by b (total 1); f's self is 1 + 1, its total 3.
    expect(printTree(sandwich.callers)).toBe(
      lines(
        '- f (total 3, self 0)',
        '  - a (total 2, self 0)',
        '    - main (total 2, self 2)',
        '  - b (total 1, self 0)',
        '    - main (total 1, self 1)',
      ),
    );
    expect(printTree(sandwich.callees)).toBe(
      lines('- f (total 3, self 2)', '  - g (total 1, self 1)'),
    );
    expect([sandwich.self, sandwich.total]).toEqual([2, 3]);
    expect(sandwich.baselineSelf).toBeUndefined();
  });

  it('counts direct recursion a;a;a once', () => {
    const tree = treeFromFolded('a;a;a 5\na;b 2');
    const a = computeSandwich(tree, 'a');
    // Only the top a is a call site: it has no caller, so its total 7 is the callers tree's self.
    expect(printTree(a.callers)).toBe('- a (total 7, self 7)');
    expect(printTree(a.callees)).toBe(
      lines(
        '- a (total 7, self 0)',
        '  - a (total 5, self 0)',
        '    - a (total 5, self 5)',
        '  - b (total 2, self 2)',
      ),
    );
    expect([a.self, a.total]).toEqual([5, 7]);
    const b = computeSandwich(tree, 'b');
    expect(printTree(b.callers)).toBe(lines('- b (total 2, self 0)', '  - a (total 2, self 2)'));
    expect([b.self, b.total]).toEqual([2, 2]);
  });

  it('counts indirect recursion a;b;a;c once', () => {
    const tree = treeFromFolded('a;b;a;c 4\na;b 1\nb;a 2');
    const a = computeSandwich(tree, 'a');
    // Call sites of a: the top a (total 5, no caller) and b;a (total 2, called by b). The a in
    // a;b;a is inside the first and stays in place in the callees.
    expect(printTree(a.callers)).toBe(lines('- a (total 7, self 5)', '  - b (total 2, self 2)'));
    expect(printTree(a.callees)).toBe(
      lines(
        '- a (total 7, self 2)',
        '  - b (total 5, self 1)',
        '    - a (total 4, self 0)',
        '      - c (total 4, self 4)',
      ),
    );
    expect([a.self, a.total]).toEqual([2, 7]);
    const b = computeSandwich(tree, 'b');
    // Call sites of b: a;b (total 5) and the top b (total 2). Callees merge a;b;a and b;a.
    expect(printTree(b.callers)).toBe(lines('- b (total 7, self 2)', '  - a (total 5, self 5)'));
    expect(printTree(b.callees)).toBe(
      lines('- b (total 7, self 1)', '  - a (total 6, self 2)', '    - c (total 4, self 4)'),
    );
    expect([b.self, b.total]).toEqual([1, 7]);
  });

  it('gives trees with only a root for a function that does not occur', () => {
    const tree = treeFromFolded('a;b 1');
    const sandwich = computeSandwich(tree, 'zzz');
    expect([sandwich.callers.nodeCount, sandwich.callees.nodeCount]).toEqual([1, 1]);
    expect([sandwich.self, sandwich.total]).toEqual([0, 0]);
    expect(tree.frames.strings.find('zzz')).toBe(-1); // the lookup added nothing
    const error = catchError(() => computeSandwich(tree, 42 as unknown as string));
    expect((error as FlamekitError).code).toBe('invalid-argument');
  });

  it('merges frames that share a name into one top node', () => {
    const frames = new FrameTable();
    const [main, x, fInA, fInB, g] = ['main', 'x', 'f', 'f', 'g'].map((name, i) =>
      i === 3 ? frames.intern({ name, file: 'b.c' }) : frames.internName(name),
    );
    const builder = new CallTreeBuilder({ frames });
    builder.addStack([main, fInA, g], 2);
    builder.addStack([main, fInB], 3);
    builder.addStack([main, x, fInB, fInA], 1);
    const sandwich = computeSandwich(builder.build(), 'f');
    expect(printTree(sandwich.callers)).toBe(
      lines(
        '- f (total 6, self 0)',
        '  - main (total 5, self 5)',
        '  - x (total 1, self 0)',
        '    - main (total 1, self 1)',
      ),
    );
    expect(printTree(sandwich.callees)).toBe(
      lines('- f (total 6, self 3)', '  - f (total 1, self 1)', '  - g (total 2, self 2)'),
    );
    expect([sandwich.self, sandwich.total]).toEqual([4, 6]);
  });

  it('carries both sides of a tree that compares two profiles', () => {
    const tree = treeFromFolded('main;f 1 2\nmain;g;f;h 3 0\ng 0 4');
    const sandwich = computeSandwich(tree, 'f');
    // Comparison: main;f 2, main;g;f;h 0. Baseline: 1 and 3.
    expect(printTree(sandwich.callers)).toBe(
      lines(
        '- f (total 2, self 0; baseline 4, 0)',
        '  - g (total 0, self 0; baseline 3, 0)',
        '    - main (total 0, self 0; baseline 3, 3)',
        '  - main (total 2, self 2; baseline 1, 1)',
      ),
    );
    expect(sandwich).toMatchObject({ self: 2, total: 2, baselineSelf: 1, baselineTotal: 4 });
  });

  it('agrees with a brute force over the folded lines on a random tree', () => {
    let seed = 5;
    const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const folded = Array.from({ length: 300 }, () => {
      const depth = 1 + Math.floor(random() * 9);
      const frames = Array.from({ length: depth }, () => 'fghij'[Math.floor(random() * 5)]);
      return `${frames.join(';')} ${1 + Math.floor(random() * 20)}`;
    }).join('\n');
    const tree = treeFromFolded(folded);
    for (const name of ['f', 'g', 'j']) {
      const { callers, callees, self } = cutFoldedAtFunction(folded, name);
      const sandwich = computeSandwich(tree, name);
      expect(nodesByPath(sandwich.callers)).toEqual(referenceTotals(callers));
      expect(nodesByPath(sandwich.callees)).toEqual(referenceTotals(callees));
      expect(sandwich.self).toBe(self);
      expect(sandwich.total).toBe(sandwich.callers.total[0]);
      // The callees are a focus on the function (the same frames here, so the same tree).
      expect(printTree(sandwich.callees)).toBe(printTree(computeFocusFunction(tree, name)));
    }
  });
});
