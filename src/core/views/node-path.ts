import type { CallTree } from '../model/call-tree';
import type { NodeIndex } from '../types';

/**
 * A node's identity that survives a rebuild, a re-import or a trip through a URL: the frame names
 * from the root's child down to the node. The root's path is empty.
 */
export type NodePath = readonly string[];

export function computeNodePath(tree: CallTree, node: NodeIndex): NodePath {
  const path: string[] = new Array(tree.depth[node]);
  for (let a = node; a > 0; a = tree.parent[a]) path[tree.depth[a] - 1] = tree.name(a);
  return path;
}

/**
 * Finds the node at `path`, or -1. When siblings share a name (the same function in two files)
 * the heaviest is taken, and the first in sibling order among equals.
 */
export function findNodeByPath(tree: CallTree, path: NodePath): NodeIndex {
  let node = 0;
  for (const name of path) {
    let found = -1;
    const end = tree.subtreeEnd[node];
    for (let child = node + 1; child < end; child = tree.subtreeEnd[child]) {
      if (tree.name(child) === name && (found < 0 || tree.total[child] > tree.total[found]))
        found = child;
    }
    if (found < 0) return -1;
    node = found;
  }
  return node;
}
