import type { CallTree } from './call-tree';
import type { NodeIndex } from '../types';

/**
 * Walking a {@link CallTree}. Pre-order is simply `0 .. nodeCount - 1`; everything here is a loop
 * over the columns, never a recursion, so depth does not matter.
 */

/** Whether `node` lies strictly below `ancestor`: a range check in pre-order. */
export function isDescendant(tree: CallTree, ancestor: NodeIndex, node: NodeIndex): boolean {
  return ancestor < node && node < tree.subtreeEnd[ancestor];
}

/** The children of `node`, first to last in sibling order. */
export function* children(tree: CallTree, node: NodeIndex): Generator<NodeIndex> {
  const end = tree.subtreeEnd[node];
  for (let child = node + 1; child < end; child = tree.subtreeEnd[child]) yield child;
}

/** Calls `visit` for each child of `node` without allocating an iterator. */
export function forEachChild(
  tree: CallTree,
  node: NodeIndex,
  visit: (child: NodeIndex) => void,
): void {
  const end = tree.subtreeEnd[node];
  for (let child = node + 1; child < end; child = tree.subtreeEnd[child]) visit(child);
}

export function childCount(tree: CallTree, node: NodeIndex): number {
  let count = 0;
  const end = tree.subtreeEnd[node];
  for (let child = node + 1; child < end; child = tree.subtreeEnd[child]) count++;
  return count;
}

/** The ancestors of `node` from its parent up to the root (inclusive). */
export function* ancestors(tree: CallTree, node: NodeIndex): Generator<NodeIndex> {
  for (let a = tree.parent[node]; a >= 0; a = tree.parent[a]) yield a;
}

/** The ancestor of `node` at `depth` (the node itself when its depth is `depth`), or -1. */
export function ancestorAtDepth(tree: CallTree, node: NodeIndex, depth: number): NodeIndex {
  if (depth < 0 || depth > tree.depth[node]) return -1;
  let a = node;
  while (tree.depth[a] > depth) a = tree.parent[a];
  return a;
}

/** Every node in post-order (children before their parent), as one array. */
export function computePostOrder(tree: CallTree): Int32Array {
  const n = tree.nodeCount;
  const order = new Int32Array(n);
  const open = new Int32Array(tree.maxDepth + 1); // the path of nodes whose subtrees are not done
  let openLength = 0;
  let next = 0;
  for (let i = 0; i < n; i++) {
    while (openLength > 0 && tree.subtreeEnd[open[openLength - 1]] <= i)
      order[next++] = open[--openLength];
    open[openLength++] = i;
  }
  while (openLength > 0) order[next++] = open[--openLength];
  return order;
}
