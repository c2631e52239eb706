import type { CallTree } from '../model/call-tree';
import { FlamekitError } from '../errors';
import { mergeCallerPaths, mergeCallSites } from './sandwich-merge';
import type { TransformOptions } from './transforms';
import type { NodeIndex } from '../types';

/** A function seen from both sides: who calls it, and what it calls. */
export interface Sandwich {
  /**
   * The inverted tree of the paths that lead to the function: its one top node is the function
   * (with the function's total), below it the callers, then their callers, up to the outermost
   * frames. Each call site weighs its total there.
   */
  callers: CallTree;
  /** Everything the function calls, merged across call sites: a focus on the function. */
  callees: CallTree;
  /** Value of the samples that end in the function (recursive calls included). */
  self: number;
  /** Value of the samples whose stack passes through the function, each sample once. */
  total: number;
  /** The same two values on the baseline side, for a tree that compares two profiles. */
  baselineSelf?: number;
  baselineTotal?: number;
}

/**
 * The sandwich view of `functionName`. A function is a name, as in the top table: frames with that
 * name in different files (or on different lines) are one function, and the top node of both
 * trees is the first of those frames in pre-order (the nodes below keep their own frames).
 *
 * Recursion counts once. Only the outermost call of each stack (the call with no caller of the
 * same name) is a call site: its subtree, inner calls included, goes into `callees`, and its path
 * goes into `callers` weighted by its total (both sides of a two-sided tree). So the top node of
 * each tree holds the function's total. A name that does not occur gives two trees with only a
 * root.
 *
 * Cost: both trees are merged straight from the tree in pre-order (`sandwich-merge.ts`), without
 * a table of stacks. `callees` reads each node of the outermost calls once; subtrees that nothing
 * else merges with are copied as they are. `callers` walks, for each call site, its ancestors up
 * to the root, so it is O(nodes + the summed depth of the call sites), which is O(nodes x depth)
 * at worst (a function called at the bottom of many deep, distinct stacks, whose callers tree is
 * that large too). Call sites under one parent share their path, which is walked once. Call sites
 * under different parents cannot share a walk: up to their common ancestor the frames differ
 * (siblings have distinct frames), so they reach it at different places of the callers tree.
 * Siblings are ordered by sorting the frame ranks of each merged node's children.
 * ```
 * - main 4           sandwich f    callers:        callees:
 *   - a 2            --------->    - f 3           - f 3
 *     - f 2                          - a 2           - g 1
 *       - g 1                          - main 2
 *   - b 2                            - b 1
 *     - f 1                            - main 1
 *     - h 1
 * ```
 */
export function computeSandwich(
  tree: CallTree,
  functionName: string,
  options: TransformOptions = {},
): Sandwich {
  if (typeof functionName !== 'string') {
    throw new FlamekitError(
      'invalid-argument',
      `the function name must be a string, not ${typeof functionName}`,
    );
  }
  const { nodeCount: n, frame, subtreeEnd, self, total, baselineSelf, baselineTotal } = tree;
  const frames = tree.frames;
  const isFunction = new Uint8Array(frames.size);
  // `find`, not `intern`: looking a name up must not add it to the tree's string table.
  const nameId = frames.strings.find(functionName);
  if (nameId >= 0)
    for (let f = 0; f < frames.size; f++) isFunction[f] = frames.nameId(f) === nameId ? 1 : 0;

  // The call sites: outermost calls are disjoint subtrees, so take each whole, then jump past it.
  const sites: NodeIndex[] = [];
  let calleeCapacity = 2;
  let functionSelf = 0;
  let functionTotal = 0;
  let functionBaselineSelf = 0;
  let functionBaselineTotal = 0;
  for (let site = 1; site < n;) {
    if (!isFunction[frame[site]]) {
      site++;
      continue;
    }
    sites.push(site);
    functionTotal += total[site];
    if (baselineTotal) functionBaselineTotal += baselineTotal[site];
    const end = subtreeEnd[site];
    calleeCapacity += end - site;
    // Inner (recursive) calls end samples in the function too.
    for (let i = site; i < end; i++) {
      if (!isFunction[frame[i]]) continue;
      functionSelf += self[i];
      if (baselineSelf) functionBaselineSelf += baselineSelf[i];
    }
    site = end;
  }
  const siteList = Int32Array.from(sites);
  const order = options.siblingOrder ?? 'name';

  const sandwich: Sandwich = {
    callers: mergeCallerPaths(tree, siteList, order),
    callees: mergeCallSites(tree, siteList, calleeCapacity, order),
    self: functionSelf,
    total: functionTotal,
  };
  if (baselineSelf) {
    sandwich.baselineSelf = functionBaselineSelf;
    sandwich.baselineTotal = functionBaselineTotal;
  }
  return sandwich;
}
