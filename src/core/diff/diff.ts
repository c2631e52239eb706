import { CallTree } from '../model/call-tree';
import type { SiblingOrder } from '../model/call-tree-from-stacks';
import { FlamekitError } from '../errors';
import type { Profile } from '../model/profile';
import { resolveSampleType } from '../model/profile-builder';
import { orderSiblingsByWeight } from '../views/sibling-order';
import { mergeInNameOrder, mergeThroughStacks } from './diff-align';
import { mergeFrameTables } from './diff-frames';

export interface DiffOptions {
  /**
   * Scale the baseline so that its total equals the comparison's, for profiles of different
   * lengths (10 s against 60 s): a node then differs only where its share changed. Default false.
   */
  normalize?: boolean;
  /**
   * Which frames of the two trees are the same function:
   * - `'name'` (default): the name alone, so that profiles from different tools and formats line up
   *   (one has files and lines, the other only names). Frames that share a name under one parent
   *   (two `(anonymous)` functions in different files) become one node, with the name only.
   * - `'frame'`: name, file, line and module all equal, for two profiles of one kind (two pprof
   *   files), keeping every frame's file and line.
   */
  matchBy?: 'name' | 'frame';
  /** Sibling order of the result, as in {@link computeCallTree}. Default `'name'`. */
  siblingOrder?: SiblingOrder;
}

/**
 * One tree that compares two: the nodes of both, aligned by path from the root (the frames of each
 * node's ancestors, matched as `options.matchBy` says), with the comparison's values as `self` and
 * `total` and the baseline's as `baselineSelf` and `baselineTotal`. A path found on one side only
 * is a node with 0 on the other, so removed frames stay in the tree. The trees may come from any
 * two profiles of any formats; only their `self` columns are read (a tree that is itself a
 * comparison counts as its comparison side).
 *
 * Cost: linear in the two trees. When both list siblings in name order (the default of every tree
 * flamekit builds) the two are merged in one simultaneous depth-first walk, with no lookups and
 * no sorting (and then, for `siblingOrder: 'total'`, each node's children sorted by weight);
 * otherwise the paths are merged through a {@link StackTable} and laid out again.
 *
 * ```ts
 * const diff = computeDiff(before.tree(), after.tree(), { normalize: true });
 * diff.total[node] - diff.baselineTotal![node]; // the change at a node
 * ```
 */
export function computeDiff(
  baseline: CallTree,
  comparison: CallTree,
  options: DiffOptions = {},
): CallTree {
  if (!(baseline instanceof CallTree) || !(comparison instanceof CallTree)) {
    throw new FlamekitError(
      'invalid-argument',
      'computeDiff takes two CallTrees; for a Profile pass profile.tree(sampleType)',
    );
  }
  const { normalize = false, matchBy = 'name', siblingOrder = 'name' } = options;
  if (matchBy !== 'name' && matchBy !== 'frame') {
    throw new FlamekitError(
      'invalid-argument',
      `matchBy "${String(matchBy)}" is unknown; use "name" or "frame"`,
    );
  }
  const frames = mergeFrameTables(baseline.frames, comparison.frames, matchBy);
  let scale = 1;
  if (normalize && baseline.total[0] !== 0) scale = comparison.total[0] / baseline.total[0];
  const merge = {
    frames: frames.table,
    rootName: comparison.rootName,
    baseline,
    comparison,
    baselineFrame: frames.fromFirst,
    comparisonFrame: frames.fromSecond,
    scale,
  };
  // Merged in name order when both trees are, then put heaviest first if asked.
  const merged = mergeInNameOrder(merge);
  if (merged) return siblingOrder === 'name' ? merged : orderSiblingsByWeight(merged);
  return mergeThroughStacks(merge, siblingOrder);
}

/**
 * The diff of two profiles for one sample type, matched by name: `sampleType` (an index or a name
 * of the baseline's types; default its default type) is looked up by name in the comparison,
 * which must have it. For a profile that is itself a comparison (a flamebearer diff, a two-count
 * folded file, nested-set frames with `valueRight`), `profile.tree()` is already the diff tree.
 */
export function diffProfiles(
  baseline: Profile,
  comparison: Profile,
  options: DiffOptions & { sampleType?: number | string } = {},
): CallTree {
  const index = resolveSampleType(baseline, options.sampleType);
  const type = baseline.sampleTypes[index];
  const match = comparison.sampleTypes.findIndex((t) => t.type === type.type);
  if (match < 0) {
    const names = comparison.sampleTypes.map((t) => t.type).join(', ');
    throw new FlamekitError(
      'invalid-argument',
      `the comparison profile has no sample type "${type.type}" (it has ${names}); pick a type both profiles have`,
    );
  }
  return computeDiff(baseline.tree(index), comparison.tree(match), options);
}
