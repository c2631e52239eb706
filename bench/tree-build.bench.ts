import { createFlameLayout, type CallTree } from '../src/core';
import { formatMs, printTable, retainedBytes, timeMs } from './measure';
import { buildSyntheticTree, generateStacks, shuffleStacks } from './synthetic-profile';

function layoutAllRows(tree: CallTree): void {
  const layout = createFlameLayout(tree);
  layout.rowStarts(layout.rowCount - 1);
}

/** Tree build and layout at each size: the table of docs/performance.md. */
export function benchTreeBuild(sizes: number[]): void {
  buildSyntheticTree(generateStacks(10_000, 99)); // warm up the JIT
  const rows: (string | number)[][] = [];
  for (const size of sizes) {
    const sorted = generateStacks(size);
    const shuffled = shuffleStacks(sorted);
    const before = retainedBytes();
    let tree = buildSyntheticTree(sorted);
    const bytesPerNode = (retainedBytes() - before) / tree.nodeCount;
    const buildSorted = timeMs(() => (tree = buildSyntheticTree(sorted)));
    const buildShuffled = timeMs(() => (tree = buildSyntheticTree(shuffled)));
    const layout = timeMs(() => layoutAllRows(tree));
    rows.push([
      tree.nodeCount.toLocaleString('en-US'),
      sorted.stackCount.toLocaleString('en-US'),
      sorted.frameCount.toLocaleString('en-US'),
      tree.maxDepth,
      formatMs(buildSorted),
      formatMs(buildShuffled),
      (((sorted.frameCount / buildShuffled) * 1e3) / 1e6).toFixed(1),
      bytesPerNode.toFixed(1),
      formatMs(layout),
    ]);
  }
  printTable(
    'Call-tree build and layout (synthetic, seeded; median of 3)',
    [
      'nodes',
      'stacks',
      'frames',
      'max depth',
      'build ms (sorted stacks)',
      'build ms (shuffled)',
      'M frames/s (shuffled)',
      'bytes/node retained',
      'layout all rows ms',
    ],
    rows,
  );
}
