/**
 * The HTML page's boxes when frames are left out for size: the kept frames, and the left-out ones
 * merged into "other" boxes so that every row keeps its width. Imports core only.
 */
import type { CallTree, FlameLayout, NodeIndex } from '../../core/index';

/** A box of the page: a kept node, or (node -1) the merged frames left out at one depth under a kept node. */
export interface PageBox {
  node: NodeIndex;
  depth: number;
  start: number;
  width: number;
  /** For an "other" box: how many frames it stands for. */
  leftOut: number;
}

/**
 * The page's boxes in pre-order: the kept nodes, and under each kept node a column of "other"
 * boxes, one per depth, each as wide as the frames left out at that depth below it (the widths
 * of left-out subtrees added up). A kept node's kept children are laid side by side from its
 * start, as on screen, and its "other" column after them, so every row covers what it covers on
 * screen: a band of many small frames keeps its width instead of shrinking to its kept frames.
 */
export function mergeLeftOut(tree: CallTree, layout: FlameLayout, kept: NodeIndex[]): PageBox[] {
  const n = tree.nodeCount;
  const keep = new Uint8Array(n);
  for (const node of kept) keep[node] = 1;
  // The nearest kept ancestor of each left-out node, and what is left out per depth under it.
  const anchor = new Int32Array(n);
  const columns = new Map<NodeIndex, { widths: number[]; counts: number[] }>();
  for (let node = 1; node < n; node++) {
    if (keep[node]) continue;
    const parent = tree.parent[node];
    const top = keep[parent] ? parent : anchor[parent];
    anchor[node] = top;
    const width = layout.width(node);
    if (!(width > 0)) continue;
    let column = columns.get(top);
    if (!column) columns.set(top, (column = { widths: [], counts: [] }));
    const level = tree.depth[node] - tree.depth[top] - 1;
    column.widths[level] = (column.widths[level] ?? 0) + width;
    column.counts[level] = (column.counts[level] ?? 0) + 1;
  }
  const boxes: PageBox[] = [];
  const cursor = new Map<NodeIndex, number>(); // where a kept node's next kept child starts
  const open: NodeIndex[] = [];
  const close = (node: NodeIndex) => {
    const column = columns.get(node);
    if (!column) return;
    const start = cursor.get(node)!;
    for (let level = 0; level < column.widths.length; level++) {
      boxes.push({
        node: -1,
        depth: tree.depth[node] + level + 1,
        start,
        width: column.widths[level] ?? 0,
        leftOut: column.counts[level] ?? 0,
      });
    }
  };
  for (const node of kept) {
    while (open.length > 0 && tree.depth[open[open.length - 1]] >= tree.depth[node])
      close(open.pop()!);
    const width = layout.width(node);
    let start = layout.start(node);
    if (node > 0) {
      const parent = tree.parent[node];
      start = cursor.get(parent)!;
      cursor.set(parent, start + width);
    }
    cursor.set(node, start);
    boxes.push({ node, depth: tree.depth[node], start, width, leftOut: 0 });
    open.push(node);
  }
  while (open.length > 0) close(open.pop()!);
  return boxes;
}
