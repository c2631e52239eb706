import {
  computeCollapseRecursion,
  computeDropFunction,
  computeMergeFunction,
  type CallTree,
} from '../core/index';

/** A transform the context menu applies to the graph's tree, kept as data so it can be undone or saved. */
export interface TreeTransform {
  kind: 'merge-function' | 'drop-function' | 'collapse-recursion';
  /** The function's name. */
  name: string;
}

/** The tree after each transform in turn. */
export function applyTransforms(tree: CallTree, transforms: readonly TreeTransform[]): CallTree {
  let result = tree;
  for (const transform of transforms) {
    if (transform.kind === 'merge-function') result = computeMergeFunction(result, transform.name);
    else if (transform.kind === 'drop-function')
      result = computeDropFunction(result, transform.name);
    else result = computeCollapseRecursion(result, transform.name);
  }
  return result;
}
