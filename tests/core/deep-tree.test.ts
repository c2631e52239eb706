import { describe, expect, it } from 'vitest';
import {
  CallTreeBuilder,
  FrameTable,
  computeNodePath,
  computePostOrder,
  createFlameLayout,
  findNodeByPath,
  printTree,
} from '../../src/core';

// Far deeper than any JS call stack: a recursive implementation would overflow here.
const DEPTH = 200_000;

describe('a 200,000-deep stack', () => {
  const frames = new FrameTable();
  const names = ['parse', 'visit', 'eval'].map((name) => frames.internName(name));
  const stack = Int32Array.from({ length: DEPTH }, (_, i) => names[i % 3]);
  const builder = new CallTreeBuilder({ frames });
  builder.addStack(stack, 2);
  builder.addStack(stack.subarray(0, DEPTH / 2), 1);
  const tree = builder.build();

  it('builds', () => {
    expect(tree.nodeCount).toBe(DEPTH + 1);
    expect(tree.maxDepth).toBe(DEPTH);
    expect(tree.total[1]).toBe(3);
    expect(tree.self[DEPTH / 2]).toBe(1);
    expect(tree.total[DEPTH]).toBe(2);
    expect(tree.subtreeEnd[1]).toBe(DEPTH + 1);
  });

  it('lays out its deepest row', () => {
    const layout = createFlameLayout(tree);
    expect(layout.rowStarts(DEPTH)[0]).toBe(0);
    expect(layout.width(DEPTH)).toBe(2);
  });

  it('prints, with depth markers past the indent limit', () => {
    // Frame i is names[i % 3]: the last of 200,000 (i = 199,999) is 'visit'.
    const text = printTree(tree);
    const lines = text.split('\n');
    expect(lines).toHaveLength(DEPTH);
    expect(lines[0]).toBe('- parse (total 3, self 0)');
    expect(lines[64]).toBe(`${'  '.repeat(64)}- visit (total 3, self 0)`);
    expect(lines[65]).toBe('[depth 65] - eval (total 3, self 0)');
    expect(lines[DEPTH - 1]).toBe(`[depth ${DEPTH - 1}] - visit (total 2, self 2)`);
  });

  it('walks post-order and paths', () => {
    const order = computePostOrder(tree);
    expect(order[0]).toBe(DEPTH);
    expect(order[DEPTH]).toBe(0);
    const path = computeNodePath(tree, DEPTH);
    expect(path).toHaveLength(DEPTH);
    expect(findNodeByPath(tree, path)).toBe(DEPTH);
  });
});
