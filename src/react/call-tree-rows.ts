import {
  computeCallerTotals,
  computeTopTable,
  type CallTree,
  type InvertedNode,
  type InvertedTree,
  type NodePath,
} from '../core/index';

/** One visible row of the call tree view. */
export interface CallTreeRow {
  /** Unique among rows: the path of names joined by a separator that cannot occur in them. */
  key: string;
  path: NodePath;
  depth: number;
  name: string;
  self: number;
  total: number;
  hasChildren: boolean;
  expanded: boolean;
  /**
   * A caller row of the bottom-up tree: its self and total are its function's (`path[0]`) when
   * called through this row's chain of callers, not the caller's own.
   */
  throughCallers?: boolean;
}

const SEPARATOR = '\u0000';
export const pathKey = (path: NodePath): string => path.join(SEPARATOR);

/**
 * The rows of the top-down tree, heaviest child first, with the children of the expanded nodes
 * (keyed by path) shown: a loop with an explicit stack, so any depth.
 */
export function computeTopDownRows(tree: CallTree, expanded: ReadonlySet<string>): CallTreeRow[] {
  const rows: CallTreeRow[] = [];
  const childrenByWeight = (node: number) => {
    const list: number[] = [];
    for (let child = node + 1; child < tree.subtreeEnd[node]; child = tree.subtreeEnd[child])
      list.push(child);
    return list.sort((a, b) => tree.total[b] - tree.total[a]);
  };
  const stack: { node: number; path: NodePath }[] = childrenByWeight(0)
    .reverse()
    .map((node) => ({ node, path: [tree.name(node)] }));
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    const key = pathKey(path);
    const hasChildren = tree.subtreeEnd[node] > node + 1;
    const isExpanded = hasChildren && expanded.has(key);
    rows.push({
      key,
      path,
      depth: path.length - 1,
      name: tree.name(node),
      self: tree.self[node],
      total: tree.total[node],
      hasChildren,
      expanded: isExpanded,
    });
    if (isExpanded) {
      const children = childrenByWeight(node);
      for (let i = children.length - 1; i >= 0; i--)
        stack.push({ node: children[i], path: [...path, tree.name(children[i])] });
    }
  }
  return rows;
}

/** The total of a bottom-up path (see {@link createBottomUpTotals}). */
export type BottomUpTotals = (path: NodePath) => number;

/**
 * The totals of bottom-up rows, computed when first asked for and kept: a function's own total
 * (the top table's) at the top level; below, its total through the row's chain of callers, for
 * all the callers of one row at once (core's computeCallerTotals).
 */
export function createBottomUpTotals(tree: CallTree): BottomUpTotals {
  let functionTotals: Map<string, number> | undefined;
  const callerTotals = new Map<string, Map<string, number>>();
  return (path) => {
    if (path.length === 1) {
      if (!functionTotals) {
        const table = computeTopTable(tree);
        functionTotals = new Map();
        for (let row = 0; row < table.name.length; row++)
          functionTotals.set(table.name[row], table.total[row]);
      }
      return functionTotals.get(path[0]) ?? 0;
    }
    const key = pathKey(path.slice(0, -1));
    let totals = callerTotals.get(key);
    if (!totals)
      callerTotals.set(key, (totals = computeCallerTotals(tree, path.slice(0, -1)).callers));
    return totals.get(path[path.length - 1]) ?? 0;
  };
}

/**
 * The rows of the bottom-up tree: functions by self, each expandable into its callers. Callers
 * are computed on expansion only (core's lazy inverted tree) and kept in `cache` by path.
 *
 * The columns are what pprof and Chrome DevTools show. A function's row: its own self (the
 * samples that end in it) and its own total (those that pass through it, each once). A caller's
 * row: the function's self and total when called through that chain of callers.
 */
export function computeBottomUpRows(
  tree: CallTree,
  inverted: InvertedTree,
  expanded: ReadonlySet<string>,
  cache: Map<string, InvertedNode[]>,
  totals: BottomUpTotals,
): CallTreeRow[] {
  const rows: CallTreeRow[] = [];
  const childrenOf = (node: InvertedNode) => {
    const key = pathKey(node.path);
    let children = cache.get(key);
    if (!children) cache.set(key, (children = inverted.children(node)));
    return children;
  };
  const stack = [...inverted.roots()].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    const key = pathKey(node.path);
    const hasChildren = node.hasCallers;
    const isExpanded = hasChildren && expanded.has(key);
    rows.push({
      key,
      path: node.path,
      depth: node.path.length - 1,
      name: node.name,
      // The inverted node's total is the self of the function through this path.
      self: node.total,
      total: totals(node.path),
      hasChildren,
      expanded: isExpanded,
      ...(node.path.length > 1 && { throughCallers: true }),
    });
    if (isExpanded) {
      const children = childrenOf(node);
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
  }
  return rows;
}
