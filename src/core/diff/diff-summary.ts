import type { CallTree } from '../model/call-tree';
import { FlamekitError } from '../errors';
import { formatShare } from '../views/node-summary';
import type { NodeIndex } from '../types';
import { formatValue } from '../units';

/**
 * How wide a diff graph draws each node:
 * - `'comparison'`: by the comparison's total; frames removed since the baseline have no width.
 * - `'baseline'`: by the baseline's total; new frames have no width.
 * - `'both'`: by the two totals added, so that every frame of either side is visible (the width
 *   Pyroscope's diff view uses). This is the default of the diff graph.
 */
export type DiffWidthMode = 'comparison' | 'baseline' | 'both';

/**
 * Layout weights of a diff tree for a width mode, for `createFlameLayout(tree, { weight })`.
 * Negative values (pprof `-diff_base` inputs) count as 0 so that children fit in their parents.
 */
export function computeDiffWeight(tree: CallTree, mode: DiffWidthMode): Float64Array {
  const { self, baselineSelf, parent, nodeCount: n } = tree;
  if (!baselineSelf) {
    throw new FlamekitError(
      'invalid-argument',
      'the tree has one side only; make a diff tree with computeDiff first',
    );
  }
  if (mode !== 'comparison' && mode !== 'baseline' && mode !== 'both') {
    throw new FlamekitError(
      'invalid-argument',
      `width mode "${String(mode)}" is unknown; use "comparison", "baseline" or "both"`,
    );
  }
  const weight = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    if (mode !== 'baseline') weight[i] += Math.max(self[i], 0);
    if (mode !== 'comparison') weight[i] += Math.max(baselineSelf[i], 0);
    if (i > 0) weight[parent[i]] += weight[i];
  }
  return weight;
}

/** One node of a diff tree, both sides and the change, for a tooltip or a screen reader. */
export interface DiffNodeSummary {
  name: string;
  baseline: number;
  comparison: number;
  /** `comparison - baseline`. */
  delta: number;
  /** `delta / |baseline|` as a fraction; Infinity for a new frame, 0 when both sides are 0. */
  relativeDelta: number;
  /** Shares of each side's whole profile. */
  baselineShare: number;
  comparisonShare: number;
  /** Whether the frame is only in the comparison (`new`) or only in the baseline (`removed`). */
  presence: 'both' | 'new' | 'removed';
}

export function computeDiffNodeSummary(tree: CallTree, node: NodeIndex): DiffNodeSummary {
  const { total, baselineTotal } = tree;
  if (!baselineTotal) {
    throw new FlamekitError(
      'invalid-argument',
      'the tree has one side only; make a diff tree with computeDiff first',
    );
  }
  const name = tree.name(node); // checks the node
  const comparison = total[node];
  const baseline = baselineTotal[node];
  const delta = comparison - baseline;
  return {
    name,
    baseline,
    comparison,
    delta,
    relativeDelta: baseline !== 0 ? delta / Math.abs(baseline) : delta === 0 ? 0 : Infinity,
    baselineShare: baselineTotal[0] !== 0 ? baseline / baselineTotal[0] : 0,
    comparisonShare: total[0] !== 0 ? comparison / total[0] : 0,
    presence:
      baseline === 0 && comparison !== 0
        ? 'new'
        : comparison === 0 && baseline !== 0
          ? 'removed'
          : 'both',
  };
}

/**
 * A sentence a screen reader can say about a diff node, with the numbers and in words, so that
 * the meaning never rests on colour: "parse: new, 120 ms (1.2% of the comparison), not in the
 * baseline" or "parse: 1.2 s, up 200 ms (+20%) from 1 s; 12% of the comparison, 10% of the
 * baseline".
 */
export function describeDiffNode(summary: DiffNodeSummary, unit = ''): string {
  const value = (v: number) => formatValue(v, unit);
  const { name, baseline, comparison, delta } = summary;
  const comparisonShare = `${formatShare(summary.comparisonShare)} of the comparison`;
  const baselineShare = `${formatShare(summary.baselineShare)} of the baseline`;
  if (summary.presence === 'new')
    return `${name}: new, ${value(comparison)} (${comparisonShare}), not in the baseline`;
  if (summary.presence === 'removed')
    return `${name}: removed, was ${value(baseline)} (${baselineShare}), not in the comparison`;
  const change =
    delta === 0
      ? 'unchanged'
      : `${delta > 0 ? 'up' : 'down'} ${value(Math.abs(delta))} (${formatSignedShare(summary.relativeDelta)}) from ${value(baseline)}`;
  return `${name}: ${value(comparison)}, ${change}; ${comparisonShare}, ${baselineShare}`;
}

/** A fraction as a signed percentage: +20%, −5.5%. */
export function formatSignedShare(fraction: number): string {
  if (fraction === Infinity) return 'new';
  if (fraction === 0) return '0%';
  return `${fraction > 0 ? '+' : '−'}${formatShare(Math.abs(fraction))}`;
}
