import { muteColor, type CallTree, type NodeIndex } from '../../src/core';

/**
 * Where each node's box is, by the definition of a flame graph: a child starts where its previous
 * sibling ends (the first at its parent's start), is as wide as its weight, and is scaled so that
 * the focus spans `width`; x in whole px with a pixel of gap after boxes wider than 2 px.
 */
export function expectedBoxes(
  tree: CallTree,
  weight: ArrayLike<number>,
  { width = 1200, rowHeight = 18, focus = 0, rows = 0 } = {},
) {
  const start = new Float64Array(tree.nodeCount);
  const cursor = new Float64Array(tree.nodeCount); // where the next child of each node starts
  for (let node = 1; node < tree.nodeCount; node++) {
    const parent = tree.parent[node];
    start[node] = start[parent] + cursor[parent];
    cursor[parent] += weight[node];
  }
  const scale = width / weight[focus];
  const boxes = new Map<string, { node: NodeIndex; width: number }>();
  for (let node = 0; node < tree.nodeCount; node++) {
    const x0 = Math.max(0, (start[node] - start[focus]) * scale);
    const x1 = Math.min(width, (start[node] + weight[node] - start[focus]) * scale);
    if (!(x1 - x0 >= 1)) continue; // narrower boxes are merged into runs
    const left = Math.round(x0);
    const right = Math.round(x1);
    const y = (rows - 1 - tree.depth[node]) * rowHeight;
    boxes.set(`${left},${y}`, { node, width: right - left > 2 ? right - left - 1 : right - left });
  }
  return boxes;
}

/**
 * The fill a picture gives a box of `boxWidth` CSS px: its colour, or core's muted colour when the
 * box is too narrow for three characters and an ellipsis at the 0.6 em estimate (with 4 px of
 * padding on each side; never under 24 px), as the exports document.
 */
export function expectedFill(
  color: number,
  boxWidth: number,
  { fontSize = 12, background = 0xffffff } = {},
): number {
  const labelMinWidth = Math.max(24, 4 * 0.6 * fontSize + 8);
  return boxWidth < labelMinWidth ? muteColor(color, background) : color;
}
