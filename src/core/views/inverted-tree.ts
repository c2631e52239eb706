import type { CallTree } from '../model/call-tree';
import type { SiblingOrder } from '../model/call-tree-from-stacks';
import { FlamekitError } from '../errors';
import { computeFrameOrder } from '../model/frame-order';
import type { NodeIndex } from '../types';
import {
  Groups,
  TopLevel,
  TopLevelNode,
  orderByKey,
  orderByWeight,
  type InvertedNode,
} from './inverted-node';

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
 * `roots()` is one pass over the tree, O(nodes) plus the sort of the functions by integers (the
 * frame table's cached name order), and is kept. The entries of the top level are laid out by a
 * second pass the first time a root's `nodes` are read (by `children`, say). `children(node)` costs
 * O(entries of node) plus the sort of the children, however large the tree. Nothing else is kept
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

/** Sums per frame at the top level: entries, total, the part with no caller, entries with a caller. */
const FRAME_SUMS = 4;
/** Methods on a class, not closures: the engine then reuses their optimised code for every tree. */
class BottomUpTree implements InvertedTree {
  /** Group of each frame, then of each name id, during one grouping; -1 between calls. */
  private readonly groupOfFrame: Int32Array;
  private readonly groupOfName: Int32Array;
  /** Rank of each frame in name order; frames of one name are consecutive in it. */
  private readonly nameRank: Int32Array;
  private topLevel: TopLevel | undefined;

  constructor(
    private readonly tree: CallTree,
    private readonly siblingOrder: SiblingOrder,
  ) {
    this.groupOfFrame = new Int32Array(tree.frames.size).fill(-1);
    this.groupOfName = new Int32Array(tree.frames.strings.size).fill(-1);
    this.nameRank = computeFrameOrder(tree.frames);
  }

  roots(): InvertedNode[] {
    this.topLevel ??= this.groupTopLevel();
    // A copy: callers may sort or reverse what they get.
    return this.topLevel.nodes.slice();
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
   * The top level: the tree's nodes with a self value, grouped by name, each its own origin. Only
   * the sums are computed here; the nodes of each group are laid out when first asked for
   * ({@link TopLevel.entriesOf}), so that showing the functions does not cost a second pass.
   */
  private groupTopLevel(): TopLevel {
    const { nodeCount: n, parent, frame, self, baselineSelf } = this.tree;
    const groups = new Groups(Math.min(n, this.groupOfName.length), !!baselineSelf);
    // The hot loop of roots() sums per frame, the four sums of a frame side by side so that a node
    // touches one cache line; frames are then added into their names' groups.
    const perFrame = new Float64Array(this.groupOfFrame.length * FRAME_SUMS);
    const baselinePerFrame = baselineSelf && new Float64Array(this.groupOfFrame.length * 2);
    for (let node = 1; node < n; node++) {
      const value = self[node];
      const baselineValue = baselineSelf ? baselineSelf[node] : 0;
      if (value === 0 && baselineValue === 0) continue;
      const at = frame[node] * FRAME_SUMS;
      perFrame[at]++;
      perFrame[at + 1] += value;
      if (parent[node] === 0) perFrame[at + 2] += value;
      else perFrame[at + 3]++;
      if (baselinePerFrame) {
        baselinePerFrame[at >> 1] += baselineValue;
        if (parent[node] === 0) baselinePerFrame[(at >> 1) + 1] += baselineValue;
      }
    }
    const { size, total, ending, withCaller, baselineTotal, baselineEnding } = groups;
    for (let f = 0, at = 0; f < this.groupOfFrame.length; f++, at += FRAME_SUMS) {
      if (perFrame[at] === 0) continue;
      const g = this.groupOf(f, groups);
      size[g] += perFrame[at];
      total[g] += perFrame[at + 1];
      ending[g] += perFrame[at + 2];
      withCaller[g] += perFrame[at + 3];
      if (baselinePerFrame && baselineTotal && baselineEnding) {
        baselineTotal[g] += baselinePerFrame[at >> 1];
        baselineEnding[g] += baselinePerFrame[(at >> 1) + 1];
      }
    }
    const { groupOfFrame } = this;
    // The top level keeps its frame-to-group map for laying out its entries later.
    const topGroupOfFrame = new Int32Array(groupOfFrame.length).fill(-1);
    for (const f of groups.touchedFrames) topGroupOfFrame[f] = groupOfFrame[f];
    this.clearMarks(groups);
    const order = this.sortGroups(groups);
    const level = new TopLevel(this.tree, topGroupOfFrame, groups.size, groups.count);
    const names = groups.names(this.tree);
    level.nodes = Array.from(order, (g) => new TopLevelNode(level, g, names[g], groups));
    return level;
  }

  /**
   * Groups the entries (node reached, origin) by the name of the node reached, in sibling order;
   * each group's entries are one slice of two arrays.
   */
  private group(nodes: Int32Array, origins: Int32Array, prefix: readonly string[]): InvertedNode[] {
    const { parent, frame, self, baselineSelf } = this.tree;
    const count = nodes.length;
    const groups = new Groups(Math.min(count, this.groupOfName.length), !!baselineSelf);
    const groupOfEntry = new Int32Array(count);
    for (let j = 0; j < count; j++) {
      const node = nodes[j];
      const origin = origins[j];
      const g = this.groupOf(frame[node], groups);
      groupOfEntry[j] = g;
      groups.add(g, self[origin], baselineSelf ? baselineSelf[origin] : 0, parent[node] === 0);
    }
    this.clearMarks(groups);
    const order = this.sortGroups(groups);
    const offset = groups.offsets(order);
    // Entries laid out group after group, in sibling order; each group gets a view of its part.
    const fill = offset.slice();
    const groupNodes = new Int32Array(count);
    const groupOrigins = new Int32Array(count);
    for (let j = 0; j < count; j++) {
      const at = fill[groupOfEntry[j]]++;
      groupNodes[at] = nodes[j];
      groupOrigins[at] = origins[j];
    }
    const names = groups.names(this.tree);
    return Array.from(order, (g): InvertedNode => {
      const from = offset[g];
      const to = from + groups.size[g];
      const node = groups.node(g, names[g], prefix) as InvertedNode;
      node.nodes = groupNodes.subarray(from, to);
      node.origins = groupOrigins.subarray(from, to);
      return node;
    });
  }

  /** The group of `f`'s name, made on first meeting; frames map to groups through their name once. */
  private groupOf(f: number, groups: Groups): number {
    let g = this.groupOfFrame[f];
    if (g >= 0) return g;
    const name = this.tree.frames.nameId(f);
    g = this.groupOfName[name];
    if (g < 0) g = this.groupOfName[name] = groups.open(name, this.nameRank[f]);
    this.groupOfFrame[f] = g;
    groups.touchedFrames.push(f);
    return g;
  }

  /** Forgets the frame and name marks of one grouping, so that the scratch arrays are clean. */
  private clearMarks(groups: Groups): void {
    for (const name of groups.nameOf) this.groupOfName[name] = -1;
    for (const f of groups.touchedFrames) this.groupOfFrame[f] = -1;
  }

  /**
   * Group ids in sibling order: computeCallTree's order for name-only frames. Names compare by the
   * rank of any of their frames, since a name's frames are consecutive in the frame order.
   */
  private sortGroups(groups: Groups): Int32Array {
    const byName = orderByKey(groups.nameKey, groups.count, this.nameRank.length);
    if (this.siblingOrder === 'name') return byName;
    // Heaviest first with both sides added, ties by name.
    const weight = new Float64Array(groups.count);
    for (let g = 0; g < groups.count; g++)
      weight[g] = groups.total[g] + (groups.baselineTotal ? groups.baselineTotal[g] : 0);
    return orderByWeight(byName, weight);
  }
}
