import type { CallTree } from '../src/core';
import { computeCallerTotals } from '../src/core/views/caller-totals';
import { createInvertedTree } from '../src/core/views/inverted-tree';
import { computeSandwich } from '../src/core/views/sandwich';
import { computeTopTable, sortTopTable } from '../src/core/views/top-table';
import { formatMs, printTable, timeMs } from './measure';
import { buildSyntheticTree, generateStacks } from './synthetic-profile';

/** How many nodes each function has: its call sites, what the callers walk depends on. */
function nodesPerName(tree: CallTree): Map<string, number> {
  const count = new Map<string, number>();
  for (let node = 1; node < tree.nodeCount; node++) {
    const name = tree.name(node);
    count.set(name, (count.get(name) ?? 0) + 1);
  }
  return count;
}

/**
 * Top table, sandwich and the first level of the bottom-up tree at each size. The sandwich is
 * timed on the heaviest function (largest total), on the function with the most nodes (the most
 * call sites: the worst case of the callers walk) and on a mid-size one (the 100th by total). The
 * last columns expand the heaviest function of the bottom-up tree one level: its callers, and
 * their totals (what the call tree view computes when a bottom-up row opens).
 */
export function benchAnalysis(sizes: number[]): void {
  // Warm up the JIT on a small tree, a few times, so that the figures are of optimised code.
  const warm = buildSyntheticTree(generateStacks(10_000, 99));
  for (let k = 0; k < 5; k++) {
    const warmTable = computeTopTable(warm);
    sortTopTable(warmTable, 'total', 'desc');
    computeSandwich(warm, warm.name(1));
    const inverted = createInvertedTree(warm);
    inverted.children(inverted.roots()[0]);
    computeCallerTotals(warm, [inverted.roots()[0].name]);
  }
  const rows: (string | number)[][] = [];
  for (const size of sizes) {
    const tree = buildSyntheticTree(generateStacks(size));
    const table = computeTopTable(tree);
    const byTotal = sortTopTable(table, 'total', 'desc');
    const heaviest = table.name[byTotal[0]];
    const middle = table.name[byTotal[Math.min(99, byTotal.length - 1)]];
    let mostNodes = heaviest;
    let most = 0;
    for (const [name, count] of nodesPerName(tree))
      if (count > most) [mostNodes, most] = [name, count];

    const topTable = timeMs(() => computeTopTable(tree));
    const sortByTotal = timeMs(() => sortTopTable(table, 'total', 'desc'));
    const sandwichMs = (name: string) => formatMs(timeMs(() => computeSandwich(tree, name)));
    const roots = timeMs(() => createInvertedTree(tree).roots());
    const first = createInvertedTree(tree);
    const heaviestRoot = first.roots()[0];
    const children = timeMs(() => first.children(heaviestRoot));
    const callerTotals = timeMs(() => computeCallerTotals(tree, [heaviestRoot.name]));
    rows.push([
      tree.nodeCount.toLocaleString('en-US'),
      table.rowCount.toLocaleString('en-US'),
      formatMs(topTable),
      formatMs(sortByTotal),
      sandwichMs(heaviest),
      `${sandwichMs(mostNodes)} (${most.toLocaleString('en-US')} sites)`,
      sandwichMs(middle),
      formatMs(roots),
      `${formatMs(children)} (${heaviestRoot.nodes.length.toLocaleString('en-US')} entries)`,
      formatMs(callerTotals),
    ]);
  }
  printTable(
    'Analysis: top table, sandwich, bottom-up tree (synthetic, seeded; median of 3)',
    [
      'nodes',
      'functions',
      'top table ms',
      'sort by total ms',
      'sandwich heaviest ms',
      'sandwich most nodes ms',
      'sandwich 100th ms',
      'inverted roots ms',
      'children of top root ms',
      'their totals ms',
    ],
    rows,
  );
}
