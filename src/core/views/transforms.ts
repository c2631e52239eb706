import type { CallTree } from '../model/call-tree';
import { computeCallTree, type SiblingOrder } from '../model/call-tree-from-stacks';
import { FlamekitError } from '../errors';
import { growFloat64 } from '../model/growable';
import { StackTable, type StackIndex } from '../model/stack-table';
import type { NodeIndex } from '../types';

/**
 * Transforms that turn a call tree into another one, as the Firefox Profiler's do. Each walks the
 * input once in pre-order and keeps, per node, the stack it becomes in a new {@link StackTable}
 * over the same frame table: a removed frame maps to its parent's stack, a kept one to "parent's
 * stack + frame". Every node's self (both sides of a two-sided tree) is added to its stack, and
 * {@link computeCallTree} lays the result out. So each is linear in the nodes, never re-inserts
 * whole paths, never recurses, and never changes its input.
 *
 * Frames are matched by name: a function found in two files (or, at line granularity, on two lines)
 * is one function here. The trees below are written as `name total`.
 */

export interface TransformOptions {
  /** Sibling order of the new tree (a tree does not record the order it was built with). */
  siblingOrder?: SiblingOrder;
}

const OUTSIDE = -1; // the node has no stack in the new tree: its samples are left out

/**
 * Removes every frame named `frameName`; its self goes to its caller and its callees move up to
 * the caller. Totals are kept.
 * ```
 * - a 4            merge b       - a 4    (b's self 1 goes to a,
 *   - b 3          ------>         - c 3   the two c merge)
 *     - c 2
 *   - c 1
 * ```
 */
export function computeMergeFunction(
  tree: CallTree,
  frameName: string,
  options: TransformOptions = {},
): CallTree {
  return mergeFrames(tree, framesNamed(tree, frameName), options);
}

/**
 * Like {@link computeMergeFunction} for every frame whose name matches `pattern` (for example
 * `/^std::/` to hide a library's internals). A `g` or `y` flag is ignored.
 * ```
 * - main 2          /^lib/       - main 2
 *   - libA 2        ------>        - work 2
 *     - work 2
 * ```
 */
export function computeDropFramesMatching(
  tree: CallTree,
  pattern: RegExp,
  options: TransformOptions = {},
): CallTree {
  if (!(pattern instanceof RegExp)) {
    throw new FlamekitError('invalid-argument', 'the pattern must be a RegExp, such as /^std::/');
  }
  // A copy without g and y: RegExp.test would otherwise move the caller's lastIndex.
  const test = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
  const count = tree.frames.size;
  const matches = new Uint8Array(count);
  for (let f = 0; f < count; f++) matches[f] = test.test(tree.frames.name(f)) ? 1 : 0;
  return mergeFrames(tree, matches, options);
}

/**
 * Drops every sample whose stack contains `frameName` ("hide function"): the function's subtrees
 * disappear and the totals above them shrink; a caller left with no samples disappears too.
 * ```
 * - a 3             drop b       - a 1
 *   - b 2           ------>        - c 1
 *   - c 1
 * ```
 */
export function computeDropFunction(
  tree: CallTree,
  frameName: string,
  options: TransformOptions = {},
): CallTree {
  const matches = framesNamed(tree, frameName);
  const { nodeCount: n, parent, frame } = tree;
  const values = createValues(tree, n);
  const mapped = new Int32Array(n);
  values.add(0, 0);
  for (let i = 1; i < n; i++) {
    const p = mapped[parent[i]];
    mapped[i] = p === OUTSIDE || matches[frame[i]] ? OUTSIDE : values.stacks.child(p, frame[i]);
    if (mapped[i] !== OUTSIDE) values.add(mapped[i], i);
  }
  return values.build(options);
}

/**
 * The subtree of `node` alone, the node's frame becoming the top frame under the root. The root
 * (node 0) gives the whole tree.
 * ```
 * - a 3             focus a;b    - b 2
 *   - b 2           -------->      - c 2
 *     - c 2
 *   - d 1
 * ```
 */
export function computeFocusSubtree(
  tree: CallTree,
  node: NodeIndex,
  options: TransformOptions = {},
): CallTree {
  if (!(Number.isInteger(node) && node >= 0 && node < tree.nodeCount)) {
    throw new FlamekitError(
      'invalid-argument',
      `node ${node} does not exist (the tree has ${tree.nodeCount}); pass a node of this tree`,
    );
  }
  const { parent, frame } = tree;
  const end = tree.subtreeEnd[node];
  const values = createValues(tree, end - node + 1);
  // Indexed from `node`, so a small subtree of a huge tree costs only its own size.
  const mapped = new Int32Array(end - node);
  mapped[0] = node === 0 ? 0 : values.stacks.child(0, frame[node]);
  values.add(mapped[0], node);
  for (let i = node + 1; i < end; i++) {
    mapped[i - node] = values.stacks.child(mapped[parent[i] - node], frame[i]);
    values.add(mapped[i - node], i);
  }
  return values.build(options);
}

/**
 * Every call of `frameName` merged into one root, its callees merged across the call sites.
 * Recursive calls count once: only the outermost call of each stack starts the focus, inner
 * calls stay where they are below it. Frames of the same name in different files give one root
 * each (they are different frames of the tree). A name that does not occur gives an empty tree:
 * no sample passes through it.
 * ```
 * - a 3             focus b      - b 3
 *   - b 2           ------->       - c 3
 *     - c 2
 * - d 1
 *   - b 1
 *     - c 1
 * ```
 */
export function computeFocusFunction(
  tree: CallTree,
  frameName: string,
  options: TransformOptions = {},
): CallTree {
  const matches = framesNamed(tree, frameName);
  const { nodeCount: n, parent, frame } = tree;
  const values = createValues(tree, n);
  const mapped = new Int32Array(n);
  mapped[0] = OUTSIDE;
  for (let i = 1; i < n; i++) {
    const p = mapped[parent[i]];
    if (p !== OUTSIDE) mapped[i] = values.stacks.child(p, frame[i]);
    else mapped[i] = matches[frame[i]] ? values.stacks.child(0, frame[i]) : OUTSIDE;
    if (mapped[i] !== OUTSIDE) values.add(mapped[i], i);
  }
  return values.build(options);
}

/**
 * Collapses direct recursion: a frame called by a frame of the same name (itself, or the same
 * function at another line or file) merges into its caller. Only `frameName` when given, every
 * function otherwise. Totals are kept.
 * ```
 * - f 3            collapse f    - f 3
 *   - f 3          ---------->     - g 3
 *     - f 2
 *       - g 2
 *     - g 1
 * ```
 */
export function computeCollapseRecursion(
  tree: CallTree,
  frameName?: string,
  options: TransformOptions = {},
): CallTree {
  const matches = frameName === undefined ? undefined : framesNamed(tree, frameName);
  const nameOf = new Int32Array(tree.frames.size); // names compare as string ids
  for (let f = 0; f < nameOf.length; f++) nameOf[f] = tree.frames.nameId(f);
  const { nodeCount: n, parent, frame } = tree;
  const values = createValues(tree, n);
  const mapped = new Int32Array(n);
  values.add(0, 0);
  for (let i = 1; i < n; i++) {
    const p = parent[i];
    const f = frame[i];
    const recursive = p > 0 && nameOf[f] === nameOf[frame[p]] && (!matches || matches[f] === 1);
    mapped[i] = recursive ? mapped[p] : values.stacks.child(mapped[p], f);
    values.add(mapped[i], i);
  }
  return values.build(options);
}

/**
 * Collapses recursion through other functions: everything between the outermost call of
 * `frameName` and an inner call of it is removed, so the inner call's callees hang from the outer
 * call. Callees of the frames in between that do not lead back to the function stay. Totals are
 * kept.
 * ```
 * - f 3            collapse f    - f 3
 *   - g 3          ---------->     - g 1
 *     - f 2                        - h 2
 *       - h 2
 * ```
 */
export function computeCollapseIndirectRecursion(
  tree: CallTree,
  frameName: string,
  options: TransformOptions = {},
): CallTree {
  const matches = framesNamed(tree, frameName);
  const { nodeCount: n, parent, frame } = tree;
  const values = createValues(tree, n);
  const mapped = new Int32Array(n);
  // The stack of the outermost call of the function on the node's path (OUTSIDE when none).
  const outer = new Int32Array(n);
  outer[0] = OUTSIDE;
  values.add(0, 0);
  for (let i = 1; i < n; i++) {
    const p = parent[i];
    const inner = matches[frame[i]] === 1 && outer[p] !== OUTSIDE;
    mapped[i] = inner ? outer[p] : values.stacks.child(mapped[p], frame[i]);
    outer[i] = outer[p] !== OUTSIDE || !matches[frame[i]] ? outer[p] : mapped[i];
    values.add(mapped[i], i);
  }
  return values.build(options);
}

/**
 * The bottom-up tree: every node with samples contributes its path reversed, leaf first, so the
 * top level lists where time is spent (each function's self) and the levels below say who called
 * it. Unlike the other transforms this costs the sum of the depths of the nodes with self, since
 * each such path is laid out anew.
 * ```
 * - a 3            invert        - b 2
 *   - b 2          ------>         - a 2
 *   - c 1                        - c 1
 *                                  - a 1
 * ```
 */
export function computeInvertedTree(tree: CallTree, options: TransformOptions = {}): CallTree {
  const { nodeCount: n, parent, frame, self, baselineSelf } = tree;
  const values = createValues(tree, n);
  values.add(0, 0);
  for (let i = 1; i < n; i++) {
    if (self[i] === 0 && !(baselineSelf && baselineSelf[i] !== 0)) continue;
    let stack: StackIndex = 0;
    for (let a = i; a > 0; a = parent[a]) stack = values.stacks.child(stack, frame[a]);
    values.add(stack, i);
  }
  return values.build(options);
}

/** The shared walk of merge and drop-by-pattern: frames in `remove` map to their caller's stack. */
function mergeFrames(tree: CallTree, remove: Uint8Array, options: TransformOptions): CallTree {
  const { nodeCount: n, parent, frame } = tree;
  const values = createValues(tree, n);
  const mapped = new Int32Array(n);
  values.add(0, 0);
  for (let i = 1; i < n; i++) {
    const p = mapped[parent[i]];
    mapped[i] = remove[frame[i]] ? p : values.stacks.child(p, frame[i]);
    values.add(mapped[i], i);
  }
  return values.build(options);
}

/** A new stack table with values per stack on each side the tree has; `capacity` is a guess. */
function createValues(tree: CallTree, capacity: number) {
  const stacks = new StackTable(tree.frames);
  const { self, baselineSelf } = tree;
  let newSelf = new Float64Array(capacity);
  let newBaseline = baselineSelf && new Float64Array(capacity);
  return {
    stacks,
    /** Adds the self values (both sides) of `node` of the input tree to `stack`. */
    add(stack: StackIndex, node: NodeIndex): void {
      if (stack >= newSelf.length) {
        // Only the inverted tree can have more stacks than the input has nodes.
        newSelf = growFloat64(newSelf, stack + 1);
        if (newBaseline) newBaseline = growFloat64(newBaseline, stack + 1);
      }
      newSelf[stack] += self[node];
      if (newBaseline) newBaseline[stack] += baselineSelf![node];
    },
    build(options: TransformOptions): CallTree {
      const n = stacks.size;
      return computeCallTree(stacks, growFloat64(newSelf, n), {
        baselineSelf: newBaseline && growFloat64(newBaseline, n),
        siblingOrder: options.siblingOrder,
        rootName: tree.rootName,
        // A node's stack is made before its callees are seen, so a node whose samples all went
        // elsewhere (dropped, or moved up by a collapse) is an empty stack: leave those out. Nodes
        // that were empty in the input go too, as they do in a tree built without keepEmptyNodes.
        keepEmptyNodes: false,
      });
    },
  };
}

/** Which frames are called `name`: one flag per frame of the tree's table. */
function framesNamed(tree: CallTree, name: unknown): Uint8Array {
  if (typeof name !== 'string') {
    throw new FlamekitError(
      'invalid-argument',
      `the function name must be a string, not ${typeof name}`,
    );
  }
  const count = tree.frames.size;
  const matches = new Uint8Array(count);
  // `find`, not `intern`: looking a name up must not add it to the tree's string table.
  const id = tree.frames.strings.find(name);
  if (id < 0) return matches;
  for (let f = 0; f < count; f++) if (tree.frames.nameId(f) === id) matches[f] = 1;
  return matches;
}
