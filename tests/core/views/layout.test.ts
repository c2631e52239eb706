import { describe, expect, it } from 'vitest';
import type { FlamekitError } from '../../../src/core';
import { createFlameLayout, isDescendant, treeFromFolded } from '../../../src/core';
import { catchError } from '../../helpers/catch-error';

describe('createFlameLayout', () => {
  it('places each node after its earlier siblings inside its parent', () => {
    const tree = treeFromFolded('a;b 2\na;c;d 3\na 1\ne 4');
    const layout = createFlameLayout(tree);
    const at = (name: string) =>
      [...Array(tree.nodeCount).keys()].find((node) => tree.name(node) === name)!;
    expect(layout.rowCount).toBe(4);
    expect(layout.totalWidth).toBe(10);
    expect([layout.start(at('a')), layout.width(at('a'))]).toEqual([0, 6]);
    expect([layout.start(at('b')), layout.width(at('b'))]).toEqual([0, 2]);
    expect([layout.start(at('c')), layout.width(at('c'))]).toEqual([2, 3]);
    expect([layout.start(at('d')), layout.width(at('d'))]).toEqual([2, 3]);
    expect([layout.start(at('e')), layout.width(at('e'))]).toEqual([6, 4]);
    expect(Array.from(layout.rowNodes(1), (node) => tree.name(node))).toEqual(['a', 'e']);
    expect(Array.from(layout.rowStarts(2))).toEqual([0, 2]);
  });

  it('matches "the self of every earlier node that is not an ancestor" on a random tree', () => {
    let seed = 3;
    const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const lines = Array.from({ length: 400 }, () => {
      const depth = 1 + Math.floor(random() * 9);
      const frames = Array.from({ length: depth }, () => 'fghij'[Math.floor(random() * 5)]);
      return `${frames.join(';')} ${Math.floor(random() * 20)}`;
    });
    const tree = treeFromFolded(lines.join('\n'));
    const layout = createFlameLayout(tree);
    // Ask for a deep row first: the rows above it must be computed on the way.
    layout.rowStarts(tree.maxDepth);
    for (let node = 0; node < tree.nodeCount; node++) {
      let expected = 0;
      for (let earlier = 0; earlier < node; earlier++)
        if (!isDescendant(tree, earlier, node)) expected += tree.self[earlier];
      expect(layout.start(node)).toBe(expected);
      expect(layout.width(node)).toBe(tree.total[node]);
    }
  });

  it('keeps children inside their parent when values are negative', () => {
    const tree = treeFromFolded('a;b -5\na;c 3\na;d 2\na 1');
    const layout = createFlameLayout(tree);
    // a's total is 1 but its non-negative weight is 1 + 0 + 3 + 2 = 6.
    expect(tree.total[1]).toBe(1);
    expect(layout.width(1)).toBe(6);
    expect([layout.width(2), layout.start(3), layout.start(4)]).toEqual([0, 0, 3]);
    expect(layout.totalWidth).toBe(6);
  });

  it('lays out only the rows asked for', () => {
    const tree = treeFromFolded('a;b;c;d;e 1');
    const layout = createFlameLayout(tree);
    expect(layout.rowStarts(1)[0]).toBe(0);
    expect((catchError(() => layout.rowStarts(6)) as FlamekitError).code).toBe('invalid-argument');
    expect((catchError(() => layout.start(-1)) as FlamekitError).code).toBe('invalid-argument');
  });

  it('uses caller-supplied weights', () => {
    const tree = treeFromFolded('a 1\nb 1');
    const layout = createFlameLayout(tree, { weight: Float64Array.from([10, 4, 6]) });
    expect([layout.start(2), layout.width(2), layout.totalWidth]).toEqual([4, 6, 10]);
    expect(
      (catchError(() => createFlameLayout(tree, { weight: new Float64Array(1) })) as FlamekitError)
        .code,
    ).toBe('invalid-argument');
  });
});
