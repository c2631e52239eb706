import type { CallTree } from './call-tree';
import type { SiblingOrder } from './call-tree-from-stacks';
import { FlamekitError } from './errors';
import type { NodeIndex } from './types';

/**
 * A node of the bottom-up tree. Its path is a function where samples end, then its caller, then
 * the caller's caller: `['parse', 'load', 'main']` stands for every stack `...;main;load;parse`
 * that ends in `parse`.
 *
 * The node is a set of entries, one per original node whose samples follow that path: the entry
 * starts at that node (its origin, a node whose self is not 0 on either side) and has climbed
 * `path.length - 1` callers up to `nodes[k]`.
 * - `total`: the summed self of the origins, the samples that end in `path[0]` through this path.
 *   At the top level it is the function's self.
 * - `self`: the part of `total` whose stacks end here, with no caller above the last function of
 *   the path (`nodes[k]` is a child of the root).
 *
 * These are the totals and selves of {@link computeInvertedTree}'s nodes, computed for the nodes
 * that are asked for only.
 */
export interface InvertedNode {
  name: string;
  path: string[];
  self: number;
  total: number;
  /** The same on the baseline side, for a tree that compares two profiles. */
  baselineSelf?: number;
  baselineTotal?: number;
  /** The original node each entry has reached: the caller at this level. */
  nodes: Int32Array;
  /** The original node each entry started from, whose self it carries (`nodes` at the top level). */
  origins: Int32Array;
}

export interface InvertedTree {
  /** One node per function with samples ending in it, in sibling order. */
  roots(): InvertedNode[];
  /**
   * The callers of `node`'s path: its entries' parents grouped by function name. `node` must come
   * from this object; a node naming nodes the tree does not have is refused.
   */
  children(node: InvertedNode): InvertedNode[];
  /** The node at `path` (function first, then callers), or undefined. */
  find(path: readonly string[]): InvertedNode | undefined;
}

export interface InvertedTreeOptions {
  /**
   * Order of the nodes that {@link InvertedTree.roots} and {@link InvertedTree.children} return.
   * Default `'total'`: heaviest first (both sides added), ties by name, the order of a bottom-up
   * list. `'name'`: by name, as {@link computeInvertedTree} does by default.
   */
  siblingOrder?: SiblingOrder;
}

/**
 * The bottom-up (inverted) tree of `tree`, expanded on demand for a table or tree view. Functions
 * are names: frames with the same name in different files or on different lines are one node, at
 * every level. Recursion is not collapsed (`a;a;a` gives the path `a, a, a`), as in any inverted
 * tree.
 *
 * `roots()` is two passes over the tree, O(nodes) plus the sort of the functions. `children(node)`
 * costs O(entries of node) plus the sort of the children, however large the tree. Nothing is kept
 * between calls but scratch arrays indexed by frame and by name.
 *
 * ```ts
 * const inverted = createInvertedTree(treeFromFolded('main;a;b 2\nmain;b 1'));
 * const [b] = inverted.roots(); // { name: 'b', total: 3, self: 0, ... }
 * inverted.children(b).map((c) => [c.name, c.total]); // [['a', 2], ['main', 1]]
 * ```
 */
export function createInvertedTree(
  tree: CallTree,
  options: InvertedTreeOptions = {},
): InvertedTree {
  const { siblingOrder = 'total' } = options;
  if (siblingOrder !== 'total' && siblingOrder !== 'name') {
    throw new FlamekitError(
      'invalid-argument',
      `sibling order "${String(siblingOrder)}" is unknown; use "total" or "name"`,
    );
  }
  return new BottomUpTree(tree, siblingOrder);
}

/** Methods on a class, not closures: the engine then reuses their optimised code for every tree. */
class BottomUpTree implements InvertedTree {
  /** Group of each frame, then of each name id, during one grouping; -1 between calls. */
  private readonly groupOfFrame: Int32Array;
  private readonly groupOfName: Int32Array;

  constructor(
    private readonly tree: CallTree,
    private readonly siblingOrder: SiblingOrder,
  ) {
    this.groupOfFrame = new Int32Array(tree.frames.size).fill(-1);
    this.groupOfName = new Int32Array(tree.frames.strings.size).fill(-1);
  }

  roots(): InvertedNode[] {
    return this.group(undefined, undefined, []);
  }

  children(node: InvertedNode): InvertedNode[] {
    const { nodeCount: n, parent } = this.tree;
    const { nodes, origins } = node;
    if (
      !(nodes instanceof Int32Array) ||
      !(origins instanceof Int32Array) ||
      origins.length !== nodes.length
    ) {
      throw new FlamekitError(
        'invalid-argument',
        'the node is not an inverted node; pass one that roots() or children() returned',
      );
    }
    let count = 0;
    for (let j = 0; j < nodes.length; j++) {
      const reached: NodeIndex = nodes[j];
      if (!(reached > 0 && reached < n && origins[j] > 0 && origins[j] < n)) {
        throw new FlamekitError(
          'invalid-argument',
          `the inverted node holds node ${reached} or ${origins[j]}, which this tree (${n} nodes) does not have; pass a node of this tree`,
        );
      }
      if (parent[reached] > 0) count++;
    }
    const callers = new Int32Array(count);
    const callerOrigins = new Int32Array(count);
    for (let j = 0, k = 0; j < nodes.length; j++) {
      const caller = parent[nodes[j]];
      if (caller === 0) continue;
      callers[k] = caller;
      callerOrigins[k++] = origins[j];
    }
    return this.group(callers, callerOrigins, node.path);
  }

  find(path: readonly string[]): InvertedNode | undefined {
    let level = path.length > 0 ? this.roots() : [];
    for (let depth = 0; depth < path.length; depth++) {
      const node = level.find((candidate) => candidate.name === path[depth]);
      if (!node || depth === path.length - 1) return node;
      level = this.children(node);
    }
    return undefined;
  }

  /**
   * Groups the entries (node reached, origin) by the name of the node reached. Without `nodes`,
   * the entries are the tree's nodes with a self value, each its own origin (the top level); they
   * are read straight from the tree, which saves a pass and an array as large as the tree.
   */
  private group(
    nodes: Int32Array | undefined,
    origins: Int32Array | undefined,
    prefix: readonly string[],
  ): InvertedNode[] {
    const { nodeCount: n, parent, frame, self, baselineSelf, frames } = this.tree;
    const { groupOfFrame, groupOfName } = this;
    const topLevel = nodes === undefined;
    const candidates = nodes ? nodes.length : n - 1;
    // Counting pass: a group per name met, with its size and sums. Frames map to groups through
    // their name once; after that a frame is one lookup.
    const touchedFrames: number[] = [];
    const nameOf: number[] = [];
    const capacity = Math.min(candidates, groupOfName.length);
    let count = 0;
    const size = new Int32Array(capacity);
    const total = new Float64Array(capacity);
    const ending = new Float64Array(capacity); // the part of total with no caller above
    const baselineTotal = baselineSelf && new Float64Array(capacity);
    const baselineEnding = baselineSelf && new Float64Array(capacity);
    for (let j = 0; j < candidates; j++) {
      const node = topLevel ? j + 1 : nodes![j];
      if (topLevel && self[node] === 0 && !(baselineSelf && baselineSelf[node] !== 0)) continue;
      count++;
      const f = frame[node];
      let g = groupOfFrame[f];
      if (g < 0) {
        const name = frames.nameId(f);
        g = groupOfName[name];
        if (g < 0) {
          g = groupOfName[name] = nameOf.length;
          nameOf.push(name);
        }
        groupOfFrame[f] = g;
        touchedFrames.push(f);
      }
      size[g]++;
      const origin = topLevel ? node : origins![j];
      const ends = parent[node] === 0; // no caller above
      total[g] += self[origin];
      if (ends) ending[g] += self[origin];
      if (baselineTotal && baselineEnding) {
        baselineTotal[g] += baselineSelf![origin];
        if (ends) baselineEnding[g] += baselineSelf![origin];
      }
    }
    const groupCount = nameOf.length;
    for (const name of nameOf) groupOfName[name] = -1;

    const names = nameOf.map((name) => frames.strings.get(name));
    const order = this.sortGroups(names, total, baselineTotal);
    const offset = new Int32Array(groupCount);
    for (let k = 0, at = 0; k < groupCount; k++) {
      offset[order[k]] = at;
      at += size[order[k]];
    }
    // Entries laid out group after group, in sibling order; each group gets a view of its part.
    const fill = offset.slice();
    // At the top level an entry is its own origin: one array serves as both.
    const groupNodes = new Int32Array(count);
    const groupOrigins = topLevel ? groupNodes : new Int32Array(count);
    for (let j = 0; j < candidates; j++) {
      const node = topLevel ? j + 1 : nodes![j];
      if (topLevel && self[node] === 0 && !(baselineSelf && baselineSelf[node] !== 0)) continue;
      const at = fill[groupOfFrame[frame[node]]]++;
      groupNodes[at] = node;
      if (!topLevel) groupOrigins[at] = origins![j];
    }
    for (const f of touchedFrames) groupOfFrame[f] = -1;

    const result: InvertedNode[] = new Array(groupCount);
    for (let k = 0; k < groupCount; k++) {
      const g = order[k];
      const from = offset[g];
      const to = from + size[g];
      const reached = groupNodes.subarray(from, to);
      const node: InvertedNode = {
        name: names[g],
        path: [...prefix, names[g]],
        self: ending[g],
        total: total[g],
        nodes: reached,
        origins: topLevel ? reached : groupOrigins.subarray(from, to),
      };
      if (baselineTotal && baselineEnding) {
        node.baselineSelf = baselineEnding[g];
        node.baselineTotal = baselineTotal[g];
      }
      result[k] = node;
    }
    return result;
  }

  /** Group ids in sibling order: computeCallTree's order for name-only frames. */
  private sortGroups(
    names: string[],
    total: Float64Array,
    baselineTotal: Float64Array | undefined,
  ): Int32Array {
    const count = names.length;
    const order = new Int32Array(count);
    for (let g = 0; g < count; g++) order[g] = g;
    const byName = (a: number, b: number) =>
      names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0;
    if (this.siblingOrder === 'name') return order.sort(byName);
    // Heaviest first with both sides added, ties by name.
    const weight = new Float64Array(count);
    for (let g = 0; g < count; g++) weight[g] = total[g] + (baselineTotal ? baselineTotal[g] : 0);
    return order.sort((a, b) => weight[b] - weight[a] || byName(a, b));
  }
}
