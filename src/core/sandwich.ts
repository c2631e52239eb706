import type { CallTree } from './call-tree';
import { computeCallTree } from './call-tree-from-stacks';
import { FlamekitError } from './errors';
import { growFloat64 } from './growable';
import { StackTable, type StackIndex } from './stack-table';
import type { TransformOptions } from './transforms';
import type { NodeIndex } from './types';

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

const NONE = -1; // no stack yet: the function has not been met

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
 * Cost: `callees` is one pre-order pass, O(nodes). `callers` walks, for each call site, its
 * ancestors up to the root, so it is O(nodes + the summed depth of the call sites), which is
 * O(nodes x depth) at worst (a function called at the bottom of many deep, distinct stacks, whose
 * callers tree is that large too). Call sites under one parent share their path, which is walked
 * once. Call sites under different parents cannot share a walk: up to their common ancestor the
 * frames differ (siblings have distinct frames), so they reach it at different places of the
 * callers tree. Both trees are then laid out by {@link computeCallTree}, linear in their size plus
 * the sort of siblings and of the frame table's names.
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
  const {
    nodeCount: n,
    parent,
    frame,
    depth,
    subtreeEnd,
    self,
    total,
    baselineSelf,
    baselineTotal,
  } = tree;
  const frames = tree.frames;
  const isFunction = new Uint8Array(frames.size);
  // `find`, not `intern`: looking a name up must not add it to the tree's string table.
  const nameId = frames.strings.find(functionName);
  if (nameId >= 0)
    for (let f = 0; f < frames.size; f++) isFunction[f] = frames.nameId(f) === nameId ? 1 : 0;

  // Sizes known in advance let the tables be allocated once: the callees have at most a stack per
  // node of the outermost calls, the callers at most one per caller of each call site.
  let calleeBound = 1;
  let callerBound = 1;
  for (let site = 1; site < n;) {
    if (!isFunction[frame[site]]) {
      site++;
      continue;
    }
    calleeBound += subtreeEnd[site] - site;
    callerBound += depth[site];
    site = subtreeEnd[site];
  }
  const callees = new StackValues(tree, calleeBound);
  const callers = new StackValues(tree, callerBound);
  // Inside a call's subtree (pre-order), a node's parent is the last node seen one level up, so
  // the callees stack of each level of the current path is all that must be kept.
  const stackAtDepth = new Int32Array(tree.maxDepth + 1);
  let calleeTop: StackIndex = NONE;
  let callerTop: StackIndex = NONE;
  // The callers stack where the path of a call site under a parent ends, for the call sites
  // that share a parent (the function in two files, or at two lines, called from one node).
  const pathEndOfParent = new Map<NodeIndex, StackIndex>();
  let functionSelf = 0;
  let functionTotal = 0;
  let functionBaselineSelf = 0;
  let functionBaselineTotal = 0;

  // Outermost calls are disjoint subtrees: take each whole, then jump past it.
  for (let site = 1; site < n;) {
    if (!isFunction[frame[site]]) {
      site++;
      continue;
    }
    if (calleeTop === NONE) {
      calleeTop = callees.stacks.child(0, frame[site]);
      callerTop = callers.stacks.child(0, frame[site]);
    }
    const p = parent[site];
    let pathEnd = pathEndOfParent.get(p);
    if (pathEnd === undefined) {
      pathEnd = callerTop;
      for (let a = p; a > 0; a = parent[a]) pathEnd = callers.stacks.child(pathEnd, frame[a]);
      pathEndOfParent.set(p, pathEnd);
    }
    callers.add(pathEnd, total[site], baselineTotal ? baselineTotal[site] : 0);
    functionTotal += total[site];
    if (baselineTotal) functionBaselineTotal += baselineTotal[site];

    const end = subtreeEnd[site];
    for (let i = site; i < end; i++) {
      const f = frame[i];
      const d = depth[i];
      const stack = i === site ? calleeTop : callees.stacks.child(stackAtDepth[d - 1], f);
      stackAtDepth[d] = stack;
      callees.add(stack, self[i], baselineSelf ? baselineSelf[i] : 0);
      if (isFunction[f]) {
        functionSelf += self[i];
        if (baselineSelf) functionBaselineSelf += baselineSelf[i];
      }
    }
    site = end;
  }

  const sandwich: Sandwich = {
    callers: callers.build(options),
    callees: callees.build(options),
    self: functionSelf,
    total: functionTotal,
  };
  if (baselineSelf) {
    sandwich.baselineSelf = functionBaselineSelf;
    sandwich.baselineTotal = functionBaselineTotal;
  }
  return sandwich;
}

/**
 * A stack table with a value per stack on each side the tree has, growing as stacks are added. A
 * class rather than closures, so that its code is optimised once for every call.
 */
class StackValues {
  readonly stacks: StackTable;
  private values: Float64Array;
  private baseline: Float64Array | undefined;

  constructor(
    private readonly tree: CallTree,
    expectedSize: number,
  ) {
    this.stacks = new StackTable(tree.frames, expectedSize);
    this.values = new Float64Array(expectedSize);
    if (tree.baselineSelf) this.baseline = new Float64Array(expectedSize);
  }

  add(stack: StackIndex, value: number, baselineValue: number): void {
    if (stack >= this.values.length) {
      this.values = growFloat64(this.values, stack + 1);
      if (this.baseline) this.baseline = growFloat64(this.baseline, stack + 1);
    }
    this.values[stack] += value;
    if (this.baseline) this.baseline[stack] += baselineValue;
  }

  build(options: TransformOptions): CallTree {
    const count = this.stacks.size;
    return computeCallTree(this.stacks, growFloat64(this.values, count), {
      baselineSelf: this.baseline && growFloat64(this.baseline, count),
      siblingOrder: options.siblingOrder,
      rootName: this.tree.rootName,
      // Stacks are made before their values are known; those left empty are not nodes.
      keepEmptyNodes: false,
    });
  }
}
