import { CallTree, ROOT_FRAME } from '../model/call-tree';
import { computeCallTree, type SiblingOrder } from '../model/call-tree-from-stacks';
import type { FrameTable } from '../model/frame-table';
import { StackTable } from '../model/stack-table';

// The two trees of a diff aligned node by node, over one frame table (diff-frames.ts): a walk of
// both at once when their siblings are in name order, else through a stack table.

/** The two trees of a diff over one frame table, and the scale of the baseline. */
export interface TreeMerge {
  frames: FrameTable;
  rootName: string;
  baseline: CallTree;
  comparison: CallTree;
  /** The merged frame of each baseline frame, and of each comparison frame. */
  baselineFrame: Int32Array;
  comparisonFrame: Int32Array;
  /** Factor applied to baseline values (normalisation). */
  scale: number;
}

/**
 * The walk of {@link mergeInNameOrder}, writing into `out`; returns the node count, or -1 when the
 * siblings of a tree are out of order. Kept apart from what follows it, so that the engine
 * optimises the loop once and does not throw that code away on reaching the end of each call.
 *
 * Both trees are lists of nodes in depth-first order with siblings in merged-frame order, which is
 * the order of their paths compared frame by frame. The walk merges the two lists like sorted
 * lists, one node a step, without a stack of the levels it is below:
 * - of the two next nodes, the deeper one comes first. Its parent is on the path of the node last
 *   written, below the other one's, so the other one sorts after its whole subtree;
 * - at equal depths the two have the same parent, and their frames decide; equal frames are one
 *   node, with both sides' values.
 * A node found on one side only has only that side below it, so its subtree is copied in one go.
 * The merged tree's open node at each depth (`openAt`) gives each new node its parent and is
 * closed (its subtreeEnd set) when a node at its depth or above comes next.
 */
function walkTogether(merge: TreeMerge, out: MergedColumns): number {
  const { baseline: a, comparison: b, baselineFrame, comparisonFrame, scale } = merge;
  const { frame: aFrame, self: aSelf, total: aTotal, depth: aDepth, subtreeEnd: aEnd } = a;
  const { frame: bFrame, self: bSelf, total: bTotal, depth: bDepth, subtreeEnd: bEnd } = b;
  const aCount = a.nodeCount;
  const bCount = b.nodeCount;
  const levels = Math.max(a.maxDepth, b.maxDepth) + 2;
  const openAt = new Int32Array(levels); // the merged node open at each depth
  // The frame of the node last written at each depth: its next sibling's must be greater, which
  // catches a tree whose siblings are out of order (the merged siblings then would be too).
  const lastKey = new Int32Array(levels);

  let { frame, parent, depth, subtreeEnd, self, total, baselineSelf, baselineTotal } = out;
  frame[0] = ROOT_FRAME;
  parent[0] = -1;
  self[0] = bSelf[0];
  total[0] = bTotal[0];
  baselineSelf[0] = aSelf[0] * scale;
  baselineTotal[0] = aTotal[0] * scale;
  let count = 1;
  let current = 0; // depth of the node last written
  let i = 1; // next node of the baseline
  let j = 1; // next node of the comparison
  for (;;) {
    const aAt = i < aCount ? aDepth[i] : 0; // 0: that side is done (only the root is at 0)
    const bAt = j < bCount ? bDepth[j] : 0;
    let at = aAt;
    let key: number;
    let takeA = true;
    let takeB = true;
    if (aAt === bAt) {
      if (aAt === 0) break;
      const aKey = baselineFrame[aFrame[i]];
      const bKey = comparisonFrame[bFrame[j]];
      if (aKey < bKey) takeB = false;
      else if (bKey < aKey) takeA = false;
      key = takeA ? aKey : bKey;
    } else if (aAt > bAt) {
      key = baselineFrame[aFrame[i]];
      takeB = false;
    } else {
      at = bAt;
      key = comparisonFrame[bFrame[j]];
      takeA = false;
    }
    if (at > current)
      lastKey[at] = -1; // a first child
    else for (let d = current; d >= at; d--) subtreeEnd[openAt[d]] = count;
    if (key <= lastKey[at]) return -1;
    lastKey[at] = key;
    if (count === out.capacity) {
      out.grow(count * 2);
      ({ frame, parent, depth, subtreeEnd, self, total, baselineSelf, baselineTotal } = out);
    }
    const node = count++;
    frame[node] = key;
    parent[node] = openAt[at - 1];
    depth[node] = at;
    openAt[at] = node;
    current = at;
    if (takeA && takeB) {
      self[node] = bSelf[j];
      total[node] = bTotal[j++];
      baselineSelf[node] = aSelf[i] * scale;
      baselineTotal[node] = aTotal[i++] * scale;
      continue;
    }
    // Below a node of one side only, only that side has nodes: its subtree is copied as it is.
    const from = takeA ? i : j;
    let end: number;
    if (takeA) {
      baselineSelf[node] = aSelf[i] * scale;
      baselineTotal[node] = aTotal[i] * scale;
      end = i = aEnd[i];
    } else {
      self[node] = bSelf[j];
      total[node] = bTotal[j];
      end = j = bEnd[j];
    }
    const size = end - from - 1;
    if (size === 0) continue;
    if (count + size > out.capacity) {
      out.grow(Math.max(count + size, count * 2));
      ({ frame, parent, depth, subtreeEnd, self, total, baselineSelf, baselineTotal } = out);
    }
    const copied = takeA
      ? copySubtrees(
          a,
          baselineFrame,
          scale,
          from + 1,
          end,
          node,
          out,
          lastKey,
          baselineSelf,
          baselineTotal,
        )
      : copySubtrees(b, comparisonFrame, 1, from + 1, end, node, out, lastKey, self, total);
    if (!copied) return -1;
    count += size;
    subtreeEnd[node] = count;
  }
  for (let d = current; d >= 0; d--) subtreeEnd[openAt[d]] = count;
  return count;
}

/**
 * The fast path: both trees walked together depth first, each node's children merged like two
 * sorted lists by merged frame id (ids are in name order). Returns undefined, having built
 * nothing that escapes, as soon as a tree's siblings are not in strictly increasing merged order
 * (a tree ordered by weight, or two frames that match by name under one parent).
 *
 * A merged node's subtree on each side is that side's subtree, so its totals are read off the
 * inputs, and the deepest node is as deep as the deeper input's: the tree needs no further pass.
 */
export function mergeInNameOrder(merge: TreeMerge): CallTree | undefined {
  const { baseline: a, comparison: b } = merge;
  // Two versions of one program share most paths: room for the larger tree and an eighth more,
  // grown in the rare case that is not enough.
  const out = new MergedColumns(Math.max(a.nodeCount, b.nodeCount) * 1.125 + 1024);
  const count = walkTogether(merge, out);
  if (count < 0) return undefined;
  out.trim(count);
  return CallTree.trusted(
    {
      frames: merge.frames,
      frame: out.frame,
      parent: out.parent,
      self: out.self,
      baselineSelf: out.baselineSelf,
      rootName: merge.rootName,
    },
    out.depth,
    out.subtreeEnd,
    {
      total: out.total,
      baselineTotal: out.baselineTotal,
      maxDepth: Math.max(a.maxDepth, b.maxDepth),
      hasNegativeValues: a.hasNegativeValues || b.hasNegativeValues,
    },
  );
}

/**
 * Copies the nodes `from .. to` of `tree` (the whole subtrees of some children of one node) below
 * merged node `under`, at the merged tree's next positions, with their values on one side
 * (`sideSelf`/`sideTotal`, times `scale`). A node's depth is the length of its path, the same in
 * the merged tree. `lastKey` is the walk's last frame at each depth, below `under` free to use.
 * Returns false if the siblings are not in increasing merged order, as the fast path requires
 * everywhere.
 */
function copySubtrees(
  tree: CallTree,
  frameMap: Int32Array,
  scale: number,
  from: number,
  to: number,
  under: number,
  out: MergedColumns,
  lastKey: Int32Array,
  sideSelf: Float64Array,
  sideTotal: Float64Array,
): boolean {
  const { frame, parent, depth, subtreeEnd, self, total } = tree;
  const shift = under + 1 - from; // merged index of node k is k + shift
  for (let k = from; k < to; k++) {
    const o = k + shift;
    const key = frameMap[frame[k]];
    const level = depth[k];
    if (parent[k] === k - 1) lastKey[level] = -1; // a first child
    if (key <= lastKey[level]) return false;
    lastKey[level] = key;
    out.frame[o] = key;
    out.parent[o] = parent[k] + shift;
    out.depth[o] = level;
    out.subtreeEnd[o] = subtreeEnd[k] + shift;
    sideSelf[o] = self[k] * scale;
    sideTotal[o] = total[k] * scale;
  }
  return true;
}

/** The columns of the merged tree, grown as nodes are added. */
class MergedColumns {
  frame!: Int32Array;
  parent!: Int32Array;
  depth!: Int32Array;
  subtreeEnd!: Int32Array;
  self!: Float64Array;
  total!: Float64Array;
  baselineSelf!: Float64Array;
  baselineTotal!: Float64Array;
  capacity = 0;

  constructor(capacity: number) {
    this.resize(Math.ceil(capacity));
  }

  grow(capacity: number): void {
    this.resize(capacity);
  }

  /**
   * Cuts the columns to `count` nodes: a view when little is unused (a copy of a million-node
   * tree costs more than the memory it saves), a copy otherwise.
   */
  trim(count: number): void {
    if (count * 8 >= this.capacity * 7) {
      this.frame = this.frame.subarray(0, count);
      this.parent = this.parent.subarray(0, count);
      this.depth = this.depth.subarray(0, count);
      this.subtreeEnd = this.subtreeEnd.subarray(0, count);
      this.self = this.self.subarray(0, count);
      this.total = this.total.subarray(0, count);
      this.baselineSelf = this.baselineSelf.subarray(0, count);
      this.baselineTotal = this.baselineTotal.subarray(0, count);
      this.capacity = count;
    } else this.resize(count);
  }

  private resize(capacity: number): void {
    const int = (old: Int32Array | undefined) => copyInto(new Int32Array(capacity), old);
    const float = (old: Float64Array | undefined) => copyInto(new Float64Array(capacity), old);
    this.frame = int(this.frame);
    this.parent = int(this.parent);
    this.depth = int(this.depth);
    this.subtreeEnd = int(this.subtreeEnd);
    this.self = float(this.self);
    this.total = float(this.total);
    this.baselineSelf = float(this.baselineSelf);
    this.baselineTotal = float(this.baselineTotal);
    this.capacity = capacity;
  }
}

function copyInto<T extends Int32Array | Float64Array>(target: T, source: T | undefined): T {
  if (source) target.set(source.subarray(0, Math.min(source.length, target.length)) as never);
  return target;
}

/** The general path: every path of both trees interned in one stack table, then laid out. */
export function mergeThroughStacks(merge: TreeMerge, siblingOrder: SiblingOrder): CallTree {
  const { baseline: a, comparison: b, scale } = merge;
  const stacks = new StackTable(merge.frames, a.nodeCount + b.nodeCount);
  const stackOfA = internPaths(stacks, a, merge.baselineFrame);
  const stackOfB = internPaths(stacks, b, merge.comparisonFrame);
  const self = new Float64Array(stacks.size);
  const baselineSelf = new Float64Array(stacks.size);
  for (let i = 0; i < a.nodeCount; i++) baselineSelf[stackOfA[i]] += a.self[i] * scale;
  for (let i = 0; i < b.nodeCount; i++) self[stackOfB[i]] += b.self[i];
  return computeCallTree(stacks, self, {
    baselineSelf,
    siblingOrder,
    rootName: merge.rootName,
    keepEmptyNodes: true,
  });
}

/** The stack of each node of `tree`, its frames mapped through `frameMap`. */
function internPaths(stacks: StackTable, tree: CallTree, frameMap: Int32Array): Int32Array {
  const stackOf = new Int32Array(tree.nodeCount);
  for (let i = 1; i < tree.nodeCount; i++)
    stackOf[i] = stacks.child(stackOf[tree.parent[i]], frameMap[tree.frame[i]]);
  return stackOf;
}
