import { describe, expect, it } from 'vitest';
import {
  ancestorAtDepth,
  ancestors,
  childCount,
  children,
  computeNodePath,
  computePostOrder,
  findNodeByPath,
  forEachChild,
  isDescendant,
  treeFromFolded,
} from '../../../src/core';

const tree = treeFromFolded('a;b;c 1\na;b;d 2\na;e 3\nf 4');
const node = (path: string) => findNodeByPath(tree, path.split(';'));

describe('traversal', () => {
  it('lists children, ancestors and counts', () => {
    const names = (nodes: Iterable<number>) => Array.from(nodes, (n) => tree.name(n));
    expect(names(children(tree, 0))).toEqual(['a', 'f']);
    expect(names(children(tree, node('a')))).toEqual(['b', 'e']);
    expect(names(ancestors(tree, node('a;b;d')))).toEqual(['b', 'a', 'all']);
    expect(childCount(tree, node('a;b'))).toBe(2);
    const visited: string[] = [];
    forEachChild(tree, node('a;b'), (child) => visited.push(tree.name(child)));
    expect(visited).toEqual(['c', 'd']);
    expect(tree.name(ancestorAtDepth(tree, node('a;b;d'), 1))).toBe('a');
    expect(ancestorAtDepth(tree, node('a'), 3)).toBe(-1);
  });

  it('answers isDescendant by range, strictly', () => {
    expect(isDescendant(tree, node('a'), node('a;b;c'))).toBe(true);
    expect(isDescendant(tree, node('a'), node('a'))).toBe(false);
    expect(isDescendant(tree, node('a;b'), node('a;e'))).toBe(false);
    expect(isDescendant(tree, 0, node('f'))).toBe(true);
  });

  it('gives post-order: every child before its parent, siblings in order', () => {
    const order = Array.from(computePostOrder(tree), (n) => tree.name(n));
    expect(order).toEqual(['c', 'd', 'b', 'e', 'a', 'f', 'all']);
  });
});

describe('NodePath', () => {
  it('finds a node again in a rebuilt tree', () => {
    const path = computeNodePath(tree, node('a;b;d'));
    expect(path).toEqual(['a', 'b', 'd']);
    const rebuilt = treeFromFolded('f 1\na;b;d 9\nz 1');
    expect(rebuilt.total[findNodeByPath(rebuilt, path)]).toBe(9);
    expect(findNodeByPath(rebuilt, ['a', 'e'])).toBe(-1);
    expect(computeNodePath(tree, 0)).toEqual([]);
    expect(findNodeByPath(tree, [])).toBe(0);
  });
});
