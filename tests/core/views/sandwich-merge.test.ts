import { describe, expect, it } from 'vitest';
import type { CallTree, SiblingOrder } from '../../../src/core';
import { CallTreeBuilder, printTree, treeFromFolded } from '../../../src/core';
import { computeSandwich } from '../../../src/core/views/sandwich';
import { cutFoldedAtFunction } from '../../helpers/sandwich-lines';

/*
 * computeSandwich merges the two trees straight from the input tree (copying subtrees whole when
 * it can). These tests build the expected trees another way: the stacks of the folded lines are
 * cut at the function's first occurrence and built into trees by the general tree builder, and
 * the printed trees (order, self, total and both sides) must be the same.
 */

type Random = () => number;

function createRandom(seed: number): Random {
  return () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** Random folded lines over a few names, so that recursion and shared paths are common. */
function randomFolded(random: Random, lineCount: number, sides: 1 | 2, zeros = false): string {
  const value = () => (zeros && random() < 0.2 ? 0 : 1 + Math.floor(random() * 20));
  return Array.from({ length: lineCount }, () => {
    const depth = 1 + Math.floor(random() * 10);
    const frames = Array.from({ length: depth }, () => 'abcdefg'[Math.floor(random() * 7)]);
    return `${frames.join(';')} ${sides === 2 ? `${value()} ${value()}` : value()}`;
  }).join('\n');
}

/** Checks both trees against the general tree builder's trees of the cut stacks. */
function expectSandwich(tree: CallTree, folded: string, name: string, order: SiblingOrder) {
  const { callers, callees } = cutFoldedAtFunction(folded, name);
  const sandwich = computeSandwich(tree, name, { siblingOrder: order });
  const built = (lines: string) => printTree(treeFromFolded(lines, { siblingOrder: order }));
  expect(printTree(sandwich.callers)).toBe(built(callers));
  expect(printTree(sandwich.callees)).toBe(built(callees));
}

describe('the sandwich trees', () => {
  for (const order of ['name', 'total'] as const) {
    it(`match trees built from the cut stacks, siblings by ${order}`, () => {
      const random = createRandom(order === 'name' ? 11 : 12);
      for (let round = 0; round < 20; round++) {
        const folded = randomFolded(random, 60, 1);
        const tree = treeFromFolded(folded);
        for (const name of ['a', 'c', 'g']) expectSandwich(tree, folded, name, order);
      }
    });
  }

  it('are the same from an input tree ordered heaviest first (no subtree is copied as it is)', () => {
    const random = createRandom(21);
    for (let round = 0; round < 20; round++) {
      const folded = randomFolded(random, 60, 1);
      const byWeight = treeFromFolded(folded, { siblingOrder: 'total' });
      for (const name of ['b', 'e']) expectSandwich(byWeight, folded, name, 'name');
    }
  });

  it('carry both sides of a tree that compares two profiles', () => {
    const random = createRandom(31);
    for (let round = 0; round < 20; round++) {
      const folded = randomFolded(random, 60, 2, true);
      const tree = treeFromFolded(folded);
      for (const name of ['a', 'd']) expectSandwich(tree, folded, name, 'name');
    }
  });

  it('leave out nodes with no value below them, as trees built from stacks do', () => {
    const random = createRandom(41);
    for (let round = 0; round < 20; round++) {
      const folded = randomFolded(random, 40, 1, true);
      // An input tree that keeps its empty nodes: the merge must drop them itself.
      const builder = new CallTreeBuilder({ keepEmptyNodes: true });
      for (const line of folded.split('\n')) {
        const [stack, value] = line.split(' ');
        builder.addStack(
          stack.split(';').map((name) => builder.frames.internName(name)),
          Number(value),
        );
      }
      const tree = builder.build();
      for (const name of ['a', 'f']) expectSandwich(tree, folded, name, 'name');
    }
  });

  it('handle a function whose every call has nothing below it', () => {
    const builder = new CallTreeBuilder({ keepEmptyNodes: true });
    const [main, f, g] = ['main', 'f', 'g'].map((name) => builder.frames.internName(name));
    builder.addStack([main, f, g], 0);
    builder.addStack([main, g], 2);
    const sandwich = computeSandwich(builder.build(), 'f');
    expect([sandwich.callers.nodeCount, sandwich.callees.nodeCount]).toEqual([1, 1]);
    expect([sandwich.self, sandwich.total]).toEqual([0, 0]);
  });

  it('walk a path deeper than any call stack would allow recursion to', () => {
    const depth = 50_000;
    const chain = Array.from({ length: depth }, (_, i) => `f${i % 7}`);
    chain.push('leaf');
    const tree = treeFromFolded(`${chain.join(';')} 3\nmain;leaf 1`);
    const sandwich = computeSandwich(tree, 'leaf');
    expect(sandwich.callers.nodeCount).toBe(depth + 2 + 1);
    expect(sandwich.callers.maxDepth).toBe(depth + 1);
    expect(sandwich.callers.total[1]).toBe(4);
    const callees = computeSandwich(tree, 'f1').callees;
    expect(callees.nodeCount).toBe(1 + depth);
    expect(callees.total[1]).toBe(3);
  });
});
