import type { CallTree } from '../../src/core';

/**
 * A tree's content whatever its sibling order: per path of frame names (`;main;run`), the node's
 * total and self, and its baseline's for a diff tree. Siblings of one name (the same function in
 * two files) would share a path: the trees compared here are merged by name.
 */
export function valuesByPath(tree: CallTree): Record<string, number[]> {
  const names = [''];
  const result: Record<string, number[]> = {};
  for (let node = 1; node < tree.nodeCount; node++) {
    names[node] = `${names[tree.parent[node]]};${tree.name(node)}`;
    const values = [tree.total[node], tree.self[node]];
    if (tree.baselineTotal) values.push(tree.baselineTotal[node], tree.baselineSelf![node]);
    result[names[node]] = values;
  }
  return result;
}
