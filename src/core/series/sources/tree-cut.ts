import { CallTree, ROOT_FRAME } from '../../model/call-tree';
import { FlamekitError } from '../../errors';
import { FrameTable } from '../../model/frame-table';
import type { NodePath } from '../../views/node-path';
import type { NodeIndex } from '../../types';

/** The name Grafana Pyroscope gives the node that holds the calls a cut left out. */
export const OTHER_NODE_NAME = 'other';

export interface TreeCutOptions {
  /**
   * Keep about this many nodes (see {@link computeTreeCut}); undefined or below 1 keeps them all.
   */
  maxNodes?: number;
  /** Keep only the subtree of the node at this path, with its callers (empty: the whole tree). */
  callSite?: NodePath;
}

export interface TreeCut {
  tree: CallTree;
  /** True when some calls were folded into `other` nodes. */
  partial: boolean;
  /** The value of the `other` nodes (the comparison side of a diff tree). */
  otherTotal: number;
}

/**
 * A tree cut as Grafana Pyroscope cuts the flame graphs it serves, so that a tree merged in the
 * browser and one merged by a server show the same nodes:
 *
 * - The threshold is the `maxNodes`-th largest node total (of a diff tree, the larger of its two
 *   totals), counting the nodes below the root (of a diff tree, the root too); a tree of at most
 *   `maxNodes` such nodes is kept whole.
 * - A node stays when its total reaches the threshold (either side of a diff), with its callers;
 *   ties at the threshold stay too, so a few more than `maxNodes` may stay.
 * - The children of a node that do not stay, and any node already named `other`, are added into
 *   one `other` child of that node (its total is its self), placed after the kept children.
 *
 * ```
 * maxNodes 2:  - a (total 10, self 0)         - a (total 10, self 0)
 *                - b (total 6, self 6)    →     - b (total 6, self 6)
 *                - c (total 3, self 3)          - other (total 4, self 4)
 *                - d (total 1, self 1)
 * ```
 *
 * With `callSite`, only the stacks whose frame names start with it stay: the subtrees of the nodes
 * at that path of names (every such node: at line granularity a function has a node per line),
 * below their callers, which keep no self value. The threshold is taken on what is left. A path
 * that names no node gives the root alone, total 0. Runs in O(nodes · log maxNodes); the input
 * is only read.
 */
export function computeTreeCut(tree: CallTree, options: TreeCutOptions = {}): TreeCut {
  const { maxNodes, callSite = [] } = options;
  if (maxNodes !== undefined && !(typeof maxNodes === 'number' && !Number.isNaN(maxNodes))) {
    throw new FlamekitError('invalid-argument', `maxNodes ${String(maxNodes)} is not a number`);
  }
  const scope = computeCallSiteScope(tree, callSite);
  const threshold = keepThreshold(tree, scope, maxNodes ?? 0);
  return cutTree(tree, scope, threshold);
}

/** Which nodes a call site keeps, and the totals its callers are left with. */
interface CallSiteScope {
  /** False when no call site was given: every node is in scope with its own totals. */
  narrowed: boolean;
  /** 1 for a caller on the path (kept with no self), 2 for a node at the path or below it. */
  role: Uint8Array;
  /** The totals of the callers: what the kept subtrees below them add up to. */
  chainTotal: Float64Array;
  chainBaselineTotal: Float64Array | undefined;
}

const CALLER = 1;
const KEPT = 2;

function computeCallSiteScope(tree: CallTree, callSite: NodePath): CallSiteScope {
  const role = new Uint8Array(tree.nodeCount);
  const chainTotal = new Float64Array(callSite.length === 0 ? 0 : tree.nodeCount);
  const chainBaselineTotal =
    tree.baselineTotal && callSite.length > 0 ? new Float64Array(tree.nodeCount) : undefined;
  if (callSite.length === 0) return { narrowed: false, role, chainTotal, chainBaselineTotal };
  let level: NodeIndex[] = [0];
  for (const name of callSite) {
    const next: NodeIndex[] = [];
    for (const node of level)
      for (let child = node + 1; child < tree.subtreeEnd[node]; child = tree.subtreeEnd[child])
        if (tree.name(child) === name) next.push(child);
    level = next;
  }
  for (const focus of level) {
    role.fill(KEPT, focus, tree.subtreeEnd[focus]);
    for (let a = tree.parent[focus]; a >= 0; a = tree.parent[a]) {
      role[a] = CALLER;
      chainTotal[a] += tree.total[focus];
      if (chainBaselineTotal) chainBaselineTotal[a] += tree.baselineTotal![focus];
    }
  }
  return { narrowed: true, role, chainTotal, chainBaselineTotal };
}

/** A node's weight for the cut: its total (the larger side of a diff tree) within the scope. */
function weightOf(tree: CallTree, scope: CallSiteScope, node: NodeIndex): number {
  const caller = scope.role[node] === CALLER;
  const total = caller ? scope.chainTotal[node] : tree.total[node];
  if (!tree.baselineTotal) return total;
  return Math.max(total, caller ? scope.chainBaselineTotal![node] : tree.baselineTotal[node]);
}

/**
 * The `maxNodes`-th largest weight among the nodes in scope (the root only for a diff tree, as
 * Pyroscope's diff counts its synthetic root), or 0 when there are no more nodes than that.
 * A min-heap of `maxNodes` weights, so a large tree costs n · log(maxNodes).
 */
function keepThreshold(tree: CallTree, scope: CallSiteScope, maxNodes: number): number {
  if (!(maxNodes >= 1)) return 0;
  const limit = Math.floor(Math.min(maxNodes, tree.nodeCount + 1));
  const heap = new Float64Array(limit);
  let size = 0;
  let counted = 0;
  for (let node = tree.baselineTotal ? 0 : 1; node < tree.nodeCount; node++) {
    if (scope.narrowed && scope.role[node] === 0) {
      node = tree.subtreeEnd[node] - 1;
      continue;
    }
    counted++;
    const weight = weightOf(tree, scope, node);
    if (size < limit) heapPush(heap, size++, weight);
    else if (weight > heap[0]) heapReplaceTop(heap, size, weight);
  }
  return counted > maxNodes && size === limit ? heap[0] : 0;
}

/**
 * Writes the kept nodes in pre-order, each kept node's `other` child after its kept children: a
 * node's `other` is written when the walk leaves its subtree. The tree's own `other` nodes (the
 * cut sides of a diff) are folded in too, so that a caller has one `other`.
 */
function cutTree(tree: CallTree, scope: CallSiteScope, threshold: number): TreeCut {
  const { self, total, baselineSelf, baselineTotal } = tree;
  const out = new CutWriter(tree);
  const otherFrame = out.frames.internName(OTHER_NODE_NAME);
  // The kept nodes open on the walk's path: input node, output node, and their `other` sums.
  const slots = tree.maxDepth + 2;
  const openInput = new Int32Array(slots);
  const openOutput = new Int32Array(slots);
  const openOther = new Float64Array(slots);
  const openOtherBaseline = new Float64Array(slots);
  let depth = 0;
  const rootKeepsSelf = !scope.narrowed;
  openOutput[0] = out.add(
    -1,
    ROOT_FRAME,
    rootKeepsSelf ? self[0] : 0,
    rootKeepsSelf && baselineSelf ? baselineSelf[0] : 0,
  );
  let otherTotal = 0;
  let partial = false;
  const close = () => {
    const other = openOther[depth];
    const otherBaseline = openOtherBaseline[depth];
    if (other !== 0 || otherBaseline !== 0) {
      out.add(openOutput[depth], otherFrame, other, otherBaseline);
      otherTotal += other;
      partial = true;
    }
    depth--;
  };
  for (let node = 1; node < tree.nodeCount; node++) {
    while (openInput[depth] !== tree.parent[node]) close();
    if (scope.narrowed && scope.role[node] === 0) {
      node = tree.subtreeEnd[node] - 1;
      continue;
    }
    const chain = scope.role[node] === CALLER;
    const foldedByName = !chain && tree.name(node) === OTHER_NODE_NAME;
    if (chain || (!foldedByName && weightOf(tree, scope, node) >= threshold)) {
      const index = out.add(
        openOutput[depth],
        out.frameOf(tree.frame[node]),
        chain ? 0 : self[node],
        chain || !baselineSelf ? 0 : baselineSelf[node],
      );
      depth++;
      openInput[depth] = node;
      openOutput[depth] = index;
      openOther[depth] = 0;
      openOtherBaseline[depth] = 0;
    } else {
      openOther[depth] += total[node];
      if (baselineTotal) openOtherBaseline[depth] += baselineTotal[node];
      node = tree.subtreeEnd[node] - 1;
    }
  }
  while (depth >= 0) close();
  return { tree: out.finish(tree.rootName), partial, otherTotal };
}

/** Growable pre-order columns over a new frame table holding only the frames used. */
class CutWriter {
  readonly frames = new FrameTable();
  private frame = new Int32Array(256);
  private parent = new Int32Array(256);
  private self = new Float64Array(256);
  private baselineSelf: Float64Array | undefined;
  private count = 0;
  private readonly frameMap: Int32Array;

  constructor(private readonly source: CallTree) {
    this.frameMap = new Int32Array(source.frames.size).fill(-1);
    if (source.baselineSelf) this.baselineSelf = new Float64Array(256);
  }

  frameOf(frame: number): number {
    let mapped = this.frameMap[frame];
    if (mapped < 0)
      mapped = this.frameMap[frame] = this.frames.intern(this.source.frames.get(frame));
    return mapped;
  }

  add(parent: number, frame: number, self: number, baselineSelf: number): number {
    if (this.count === this.frame.length) this.grow();
    const i = this.count++;
    this.parent[i] = parent;
    this.frame[i] = frame;
    this.self[i] = self;
    if (this.baselineSelf) this.baselineSelf[i] = baselineSelf;
    return i;
  }

  finish(rootName: string): CallTree {
    const n = this.count;
    return CallTree.fromPreOrder({
      frames: this.frames,
      frame: this.frame.slice(0, n),
      parent: this.parent.slice(0, n),
      self: this.self.slice(0, n),
      ...(this.baselineSelf && { baselineSelf: this.baselineSelf.slice(0, n) }),
      rootName,
    });
  }

  private grow(): void {
    const length = this.frame.length * 2;
    const grown = <T extends Int32Array | Float64Array>(column: T): T => {
      const next = new (column.constructor as { new (n: number): T })(length);
      next.set(column);
      return next;
    };
    this.frame = grown(this.frame);
    this.parent = grown(this.parent);
    this.self = grown(this.self);
    if (this.baselineSelf) this.baselineSelf = grown(this.baselineSelf);
  }
}

function heapPush(heap: Float64Array, size: number, value: number): void {
  let i = size;
  heap[i] = value;
  while (i > 0) {
    const up = (i - 1) >> 1;
    if (heap[up] <= heap[i]) break;
    [heap[up], heap[i]] = [heap[i], heap[up]];
    i = up;
  }
}

function heapReplaceTop(heap: Float64Array, size: number, value: number): void {
  heap[0] = value;
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    const right = left + 1;
    let smallest = i;
    if (left < size && heap[left] < heap[smallest]) smallest = left;
    if (right < size && heap[right] < heap[smallest]) smallest = right;
    if (smallest === i) return;
    [heap[smallest], heap[i]] = [heap[i], heap[smallest]];
    i = smallest;
  }
}
