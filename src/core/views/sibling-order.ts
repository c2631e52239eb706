import { CallTree } from '../model/call-tree';
import { computeFrameOrder } from '../model/frame-order';
import { insertionSort } from '../model/insertion-sort';
import type { NodeIndex } from '../types';

/**
 * The same tree with each node's children heaviest first (by the total of both sides), ties in
 * frame name order: the order `computeCallTree` gives with `siblingOrder: 'total'`. Values
 * are moved, not summed again, so the totals stay exact. Linear, plus the sort of each node's
 * children.
 */
export function orderSiblingsByWeight(tree: CallTree): CallTree {
  const { nodeCount: n, parent, frame, subtreeEnd, total, baselineTotal } = tree;
  const rank = computeFrameOrder(tree.frames);
  const weight = (node: NodeIndex) => total[node] + (baselineTotal ? baselineTotal[node] : 0);
  const heavierFirst = (a: NodeIndex, b: NodeIndex) =>
    weight(b) - weight(a) || rank[frame[a]] - rank[frame[b]];

  // Each node's children, in their present order: in pre-order they come after it, in order.
  const start = new Int32Array(n + 1);
  for (let i = 1; i < n; i++) start[parent[i] + 1]++;
  for (let p = 0; p < n; p++) start[p + 1] += start[p];
  const children = new Int32Array(Math.max(0, n - 1));
  const cursor = start.slice(0, n);
  for (let i = 1; i < n; i++) children[cursor[parent[i]]++] = i;
  for (let p = 0; p < n; p++) {
    const count = start[p + 1] - start[p];
    if (count < 2) continue;
    if (count <= 16) insertionSort(children, start[p], start[p + 1], heavierFirst);
    else children.subarray(start[p], start[p + 1]).sort(heavierFirst);
  }

  // New pre-order positions: a node's first child right after it, each next child after the
  // whole subtree of the one before (subtree sizes do not change).
  const position = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    let next = position[p] + 1;
    for (let k = start[p]; k < start[p + 1]; k++) {
      const child = children[k];
      position[child] = next;
      next += subtreeEnd[child] - child;
    }
  }
  const moved = {
    frame: new Int32Array(n),
    parent: new Int32Array(n),
    depth: new Int32Array(n),
    subtreeEnd: new Int32Array(n),
    self: new Float64Array(n),
    total: new Float64Array(n),
    baselineSelf: tree.baselineSelf && new Float64Array(n),
    baselineTotal: baselineTotal && new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const j = position[i];
    moved.frame[j] = frame[i];
    moved.parent[j] = i === 0 ? -1 : position[parent[i]];
    moved.depth[j] = tree.depth[i];
    moved.subtreeEnd[j] = j + subtreeEnd[i] - i;
    moved.self[j] = tree.self[i];
    moved.total[j] = total[i];
    if (moved.baselineSelf) moved.baselineSelf[j] = tree.baselineSelf![i];
    if (moved.baselineTotal) moved.baselineTotal[j] = baselineTotal![i];
  }
  return CallTree.trusted(
    {
      frames: tree.frames,
      frame: moved.frame,
      parent: moved.parent,
      self: moved.self,
      baselineSelf: moved.baselineSelf,
      rootName: tree.rootName,
    },
    moved.depth,
    moved.subtreeEnd,
    {
      total: moved.total,
      baselineTotal: moved.baselineTotal,
      maxDepth: tree.maxDepth,
      hasNegativeValues: tree.hasNegativeValues,
    },
  );
}
