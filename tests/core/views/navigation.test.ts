import { describe, expect, it } from 'vitest';
import { computeNeighbour, findNodeByPath, treeFromFolded } from '../../../src/core';

const tree = treeFromFolded('a;b 1\na;c;x 5\na;d 2\ne 1');
const at = (path: string) => (path ? findNodeByPath(tree, path.split(';')) : 0);

describe('computeNeighbour', () => {
  it('steps to the parent, the heaviest child and the siblings', () => {
    expect(computeNeighbour(tree, at('a;c'), 'parent')).toBe(at('a'));
    expect(computeNeighbour(tree, at('a'), 'heaviest-child')).toBe(at('a;c'));
    expect(computeNeighbour(tree, at('a;c'), 'next-sibling')).toBe(at('a;d'));
    expect(computeNeighbour(tree, at('a;c'), 'previous-sibling')).toBe(at('a;b'));
    expect(computeNeighbour(tree, 0, 'heaviest-child')).toBe(at('a'));
  });

  it('stays put where there is nowhere to go', () => {
    expect(computeNeighbour(tree, 0, 'parent')).toBe(0);
    expect(computeNeighbour(tree, at('a;c;x'), 'heaviest-child')).toBe(at('a;c;x'));
    expect(computeNeighbour(tree, at('a;b'), 'previous-sibling')).toBe(at('a;b'));
    expect(computeNeighbour(tree, at('a;d'), 'next-sibling')).toBe(at('a;d'));
    expect(computeNeighbour(tree, at('e'), 'next-sibling')).toBe(at('e'));
    expect(computeNeighbour(tree, 0, 'next-sibling')).toBe(0);
  });
});
