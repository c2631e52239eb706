import type { CallTree } from '../model/call-tree';
import { FlamekitError } from '../errors';
import type { NodeIndex } from '../types';

export interface FlameLayoutOptions {
  /**
   * Width of each node in value units; by default the node's total (see {@link createFlameLayout}).
   * Children must fit inside their parent: `weight[c]` summed over children <= `weight[parent]`.
   */
  weight?: Float64Array;
}

/**
 * The flame-graph geometry of a tree in value units: row `d` holds the nodes of depth `d`, left
 * to right, each with a start and a width. Rows are grouped once (linear time); starts are
 * computed the first time a row, or a row below it, is asked for, so that a renderer showing rows
 * 10 to 40 never pays for row 5,000.
 *
 * It keeps 8 bytes a node (a start per row entry), beside the tree's rows (its
 * {@link CallTree.nodesByDepth}, 4 bytes a node); widths are the weights it was given (the
 * tree's totals by default), read by node.
 */
export interface FlameLayout {
  readonly tree: CallTree;
  /** Number of rows: the tree's maximum depth + 1 (row 0 is the root). */
  readonly rowCount: number;
  /** Width of the root: the whole graph in value units. */
  readonly totalWidth: number;
  /** Width of each node in value units, by node (a view, do not modify). */
  readonly weight: Float64Array;
  /** Nodes of row `depth`, left to right, in increasing node order (a view, do not modify). */
  rowNodes(depth: number): Int32Array;
  /** Start of each node of row `depth`, parallel to {@link rowNodes} (a view, do not modify). */
  rowStarts(depth: number): Float64Array;
  /**
   * End (start + width) of each node of row `depth`, parallel to {@link rowNodes}: a new array at
   * each call. Walking a row, `starts[i] + weight[nodes[i]]` reads the same without one.
   */
  rowEnds(depth: number): Float64Array;
  start(node: NodeIndex): number;
  width(node: NodeIndex): number;
}

/**
 * Lays out `tree` for a flame graph.
 *
 * Widths are totals when no value is negative. With negative values (a `pprof -diff_base`
 * profile) a node's width is its non-negative weight, `max(self, 0)` plus its children's widths,
 * so a child never spills out of its parent; totals themselves stay exact and signed.
 */
export function createFlameLayout(tree: CallTree, options: FlameLayoutOptions = {}): FlameLayout {
  const n = tree.nodeCount;
  const weight =
    options.weight ?? (tree.hasNegativeValues ? computeNonNegativeWeight(tree) : tree.total);
  if (weight.length !== n) {
    throw new FlamekitError(
      'invalid-argument',
      `layout weights have ${weight.length} entries for ${n} nodes`,
    );
  }
  const rowCount = tree.maxDepth + 1;
  const depthOf = tree.depth;
  const parentOf = tree.parent;
  // The rows: nodes by depth, pre-order within a depth being left to right (kept by the tree).
  const { offsets: rowOffsets, nodes } = tree.nodesByDepth();
  const starts = new Float64Array(n);
  let rowsDone = 1; // row 0 (the root) starts at 0

  const computeRowsThrough = (depth: number): void => {
    for (; rowsDone <= depth; rowsDone++) {
      // The parents of a row's nodes come in the row above in the same order (both are in
      // pre-order), so one cursor walks the row above alongside: no map from node to position.
      let above = rowOffsets[rowsDone - 1];
      let parent = -1;
      let cursor = 0;
      for (let at = rowOffsets[rowsDone]; at < rowOffsets[rowsDone + 1]; at++) {
        const node = nodes[at];
        const p = parentOf[node];
        if (p !== parent) {
          parent = p;
          while (nodes[above] !== p) above++;
          cursor = starts[above];
        }
        starts[at] = cursor;
        cursor += weight[node];
      }
    }
  };
  const checkNode = (node: NodeIndex): void => {
    if (!(node >= 0 && node < n && Number.isInteger(node))) {
      throw new FlamekitError(
        'invalid-argument',
        `node ${node} does not exist (the tree has ${n})`,
      );
    }
  };
  const checkDepth = (depth: number): void => {
    if (!(depth >= 0 && depth < rowCount && Number.isInteger(depth))) {
      throw new FlamekitError(
        'invalid-argument',
        `row ${depth} does not exist (the layout has ${rowCount})`,
      );
    }
  };
  /** Where a node sits in the row arrays: a binary search, the row being in node order. */
  const positionOf = (node: NodeIndex): number => {
    let low = rowOffsets[depthOf[node]];
    let high = rowOffsets[depthOf[node] + 1] - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (nodes[middle] < node) low = middle + 1;
      else high = middle;
    }
    return low;
  };

  return {
    tree,
    rowCount,
    totalWidth: weight[0],
    weight,
    rowNodes(depth) {
      checkDepth(depth);
      return nodes.subarray(rowOffsets[depth], rowOffsets[depth + 1]);
    },
    rowStarts(depth) {
      checkDepth(depth);
      computeRowsThrough(depth);
      return starts.subarray(rowOffsets[depth], rowOffsets[depth + 1]);
    },
    rowEnds(depth) {
      checkDepth(depth);
      computeRowsThrough(depth);
      const ends = new Float64Array(rowOffsets[depth + 1] - rowOffsets[depth]);
      for (let i = 0, at = rowOffsets[depth]; i < ends.length; i++, at++)
        ends[i] = starts[at] + weight[nodes[at]];
      return ends;
    },
    start(node) {
      checkNode(node);
      computeRowsThrough(depthOf[node]);
      return starts[positionOf(node)];
    },
    width(node) {
      checkNode(node);
      return weight[node];
    },
  };
}

/** `max(self, 0)` plus the children's weights, summed in one reverse pass. */
export function computeNonNegativeWeight(tree: CallTree): Float64Array {
  const weight = new Float64Array(tree.nodeCount);
  for (let i = tree.nodeCount - 1; i >= 0; i--) {
    weight[i] += Math.max(tree.self[i], 0);
    if (i > 0) weight[tree.parent[i]] += weight[i];
  }
  return weight;
}
