import { describe, expect, it } from 'vitest';
import { computeNodePath, createFlameLayout, treeFromFolded } from '../../../src/core';
import { readFixtureText } from '../../helpers/fixtures';
import { referenceTotals } from '../../helpers/reference-tree';

// Figures from the corpus README (computed there by another tool): total value, call-tree nodes
// (root excluded) and maximum depth.
const cases: [file: string, total: number, nodes: number, maxDepth: number][] = [
  ['collapsed/speedscope-perf-vertx-stacks-01-collapsed-all.txt', 285, 360, 69],
  ['collapsed/inferno-async-profiler-annotated.txt', 3279, 234, 117],
  ['collapsed/pyroscope-io-dotnet-deep.txt', 145_207_508_865, 2082, 71],
  ['collapsed/pyroscope-io-java-async-profiler-cpu.txt', 1031, 1059, 79],
  ['collapsed/diff/inferno-before.txt', 65, 25, 8],
  ['collapsed/diff/inferno-after.txt', 80, 25, 8],
  ['collapsed/edge/speedscope-simple.txt', 14, 4, 3],
  ['collapsed/edge/speedscope-recursion.txt', 10, 11, 6],
  ['collapsed/edge/speedscope-tall.txt', 1, 26, 26],
  ['collapsed/edge/speedscope-alternating.txt', 182, 4, 2],
];

describe('real folded profiles through the builder', () => {
  it.each(cases)('%s', (file, total, nodes, maxDepth) => {
    const text = readFixtureText(file);
    const tree = treeFromFolded(text);
    expect(tree.total[0]).toBe(total);
    expect(tree.nodeCount - 1).toBe(nodes);
    expect(tree.maxDepth).toBe(maxDepth);

    // Every node against the simple reference merge.
    const expected = referenceTotals(text);
    for (let node = 1; node < tree.nodeCount; node++) {
      const reference = expected.get(computeNodePath(tree, node).join(';'))!;
      expect([tree.total[node], tree.self[node]]).toEqual([reference.total, reference.self]);
    }

    // The layout covers the whole total in row 1, with no gaps or overlaps.
    const layout = createFlameLayout(tree);
    const starts = layout.rowStarts(1);
    const row = layout.rowNodes(1);
    let cursor = 0;
    row.forEach((node, i) => {
      expect(starts[i]).toBe(cursor);
      cursor += layout.width(node);
    });
    expect(cursor).toBe(tree.total[0]);
  });
});
