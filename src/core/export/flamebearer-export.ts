import type { CallTree } from '../model/call-tree';
import { createFlameLayout, type FlameLayout } from '../views/layout';
import type { Profile } from '../model/profile';
import { resolveSampleType } from '../model/profile-builder';
import { normalizeUnit } from '../units';

/**
 * Pyroscope's flamebearer JSON (version 1) for one sample type: `single` format, or `double` (a
 * diff) when the tree carries a baseline side. Rows are the flame-graph layout's, offsets
 * delta-encoded per row as Pyroscope writes them; the root is the synthetic `total` node.
 * Times are written as Grafana Pyroscope does, in nanoseconds labelled `samples` with
 * `sampleRate` 1e9; bytes and objects keep their units; counts become `samples`. Negative values
 * (a `pprof -diff_base` profile) are written as they are, which flamebearer readers may not expect.
 */
export function exportFlamebearer(profile: Profile, sampleType?: number | string): string {
  const type = resolveSampleType(profile, sampleType);
  const tree = profile.tree(type);
  const { type: typeName, unit } = profile.sampleTypes[type];
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const indexOf = (name: string) => {
    let index = nameIndex.get(name);
    if (index === undefined) {
      index = names.push(name) - 1;
      nameIndex.set(name, index);
    }
    return index;
  };
  const nodeName = (node: number) => (node === 0 ? 'total' : tree.name(node));
  const isDiff = tree.baselineTotal !== undefined && tree.baselineSelf !== undefined;
  const right = createFlameLayout(tree);
  const left = isDiff ? createFlameLayout(tree, { weight: tree.baselineTotal }) : undefined;
  const levels: number[][] = [];
  let maxSelf = 0;
  for (let depth = 0; depth < right.rowCount; depth++) {
    const row: number[] = [];
    const nodes = right.rowNodes(depth);
    const starts = right.rowStarts(depth);
    // Both layouts are of one tree, so a node sits at the same place in both rows.
    const leftStarts = left?.rowStarts(depth);
    let rightEnd = 0;
    let leftEnd = 0;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      maxSelf = Math.max(maxSelf, Math.abs(tree.self[node]));
      if (left && leftStarts && isDiff) {
        const leftStart = leftStarts[i];
        row.push(leftStart - leftEnd, tree.baselineTotal![node], tree.baselineSelf![node]);
        leftEnd = leftStart + left.width(node);
      }
      row.push(starts[i] - rightEnd, tree.total[node], tree.self[node], indexOf(nodeName(node)));
      rightEnd = starts[i] + right.width(node);
    }
    levels.push(row);
  }
  return JSON.stringify({
    version: 1,
    flamebearer: { names, levels, numTicks: numTicks(tree, right, left), maxSelf },
    metadata: { format: isDiff ? 'double' : 'single', ...units(unit), name: typeName },
    ...(isDiff && { leftTicks: left!.totalWidth, rightTicks: right.totalWidth }),
  });
}

function numTicks(tree: CallTree, right: FlameLayout, left: FlameLayout | undefined): number {
  return left ? right.totalWidth + left.totalWidth : tree.total[0];
}

function units(unit: string): { units: string; sampleRate?: number } {
  const known = normalizeUnit(unit);
  if (known === 'bytes' || known === 'objects') return { units: known };
  if (known === 'nanoseconds') return { units: 'samples', sampleRate: 1e9 };
  return { units: 'samples' };
}
