import { useMemo } from 'react';
import { computeNodePath, findNodeByPath, type CallTree, type NodeIndex } from '../core/index';
import { sampleTypeIndex, type TreeSource } from './use-profile-tree';

/**
 * The sample count of a node, from the profile's count type when the graph shows another type
 * (pprof's samples/count beside cpu/nanoseconds), for the tooltip; `undefined` when there is no
 * such type, or the graph shows a tree of its own or a transformed one. Found by path: that
 * type's tree is built separately.
 */
export function useSampleCount(
  { profile, sampleType, tree: givenTree }: TreeSource,
  tree: CallTree | undefined,
  transformed: boolean,
): (node: NodeIndex) => number | undefined {
  const countTree = useMemo(() => {
    if (!profile || givenTree || transformed) return undefined;
    const shown = sampleTypeIndex(profile, sampleType);
    const count = profile.sampleTypes.findIndex(
      (t, i) => i !== shown && t.unit === 'count' && /^samples?$/.test(t.type),
    );
    return count >= 0 ? profile.tree(count) : undefined;
  }, [profile, givenTree, sampleType, transformed]);
  return (node) => {
    if (!countTree || !tree) return undefined;
    const match = findNodeByPath(countTree, computeNodePath(tree, node));
    return match >= 0 ? countTree.total[match] : 0;
  };
}
