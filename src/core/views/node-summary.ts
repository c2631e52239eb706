import type { CallTree } from '../model/call-tree';
import type { NodeIndex } from '../types';
import { formatValue, type FormatValueOptions } from '../units';

/** What a tooltip or a screen reader says about a node. */
export interface NodeSummary {
  name: string;
  /** `file:line`, or the file, when the profile records them. */
  location?: string;
  self: number;
  total: number;
  /** Shares of the node's total: of the whole profile, of its parent, of the zoomed node. */
  shareOfProfile: number;
  shareOfParent: number;
  shareOfZoom: number;
  depth: number;
}

/** Numbers about a node for display, computed from the tree (no formatting). */
export function computeNodeSummary(
  tree: CallTree,
  node: NodeIndex,
  zoom: NodeIndex = 0,
): NodeSummary {
  const frame = tree.frameInfo(node);
  const share = (of: number) => (of !== 0 ? tree.total[node] / of : 0);
  const parent = tree.parent[node];
  return {
    name: frame.name,
    ...(frame.file !== undefined && {
      location: frame.line !== undefined ? `${frame.file}:${frame.line}` : frame.file,
    }),
    self: tree.self[node],
    total: tree.total[node],
    shareOfProfile: share(tree.total[0]),
    shareOfParent: parent >= 0 ? share(tree.total[parent]) : 1,
    shareOfZoom: share(tree.total[zoom >= 0 ? zoom : 0]),
    depth: tree.depth[node],
  };
}

/** A share as a percentage with sensible precision: 42.1 %, 0.05 %, 100 %. */
export function formatShare(share: number): string {
  const percent = share * 100;
  if (percent === 0 || Math.abs(percent) >= 99.995) return `${Math.round(percent)} %`;
  if (Math.abs(percent) < 0.01) return '< 0.01 %';
  return `${Math.abs(percent) >= 10 ? percent.toFixed(1) : percent.toFixed(2)} %`;
}

/** One sentence for an aria-live region: "main.run: total 1.2 s, 42.1 % of the profile; self 3 ms". */
export function describeNode(
  summary: NodeSummary,
  unit: string,
  options?: FormatValueOptions,
): string {
  return `${summary.name}: total ${formatValue(summary.total, unit, options)}, ${formatShare(summary.shareOfProfile)} of the profile; self ${formatValue(summary.self, unit, options)}`;
}
