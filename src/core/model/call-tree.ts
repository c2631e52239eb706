import { FlamekitError } from '../errors';
import type { FrameTable } from './frame-table';
import type { Frame, FrameIndex, NodeIndex } from '../types';

/** The frame id stored for the synthetic root, which stands for no frame. */
export const ROOT_FRAME: FrameIndex = -1;

/** The name printed for the synthetic root unless a profile gives another. */
export const DEFAULT_ROOT_NAME = 'all';

/** What {@link CallTree.fromPreOrder} needs; the other columns are derived from these. */
export interface PreOrderColumns {
  frames: FrameTable;
  /** Frame of each node; node 0 must be the root with {@link ROOT_FRAME}. */
  frame: Int32Array;
  /** Parent of each node; -1 for the root, otherwise an earlier node on the current path. */
  parent: Int32Array;
  /** Value of the samples that end at each node. */
  self: Float64Array;
  /** The second side's self values, for trees that compare two profiles. */
  baselineSelf?: Float64Array;
  rootName?: string;
}

/** Columns and facts of a tree derived from its self values, when a builder already has them. */
export interface DerivedColumns {
  total: Float64Array;
  baselineTotal: Float64Array | undefined;
  maxDepth: number;
  hasNegativeValues: boolean;
  /** {@link CallTree.nodesByDepth}, when known (a tree sent from a worker brings it along). */
  nodesByDepth?: NodesByDepth;
}

/** The nodes of a tree grouped by depth: depth `d` is `nodes[offsets[d] .. offsets[d + 1])`. */
export interface NodesByDepth {
  offsets: Int32Array;
  nodes: Int32Array;
}

/**
 * A merged call tree stored as columns indexed by {@link NodeIndex}, in depth-first pre-order.
 *
 * - Node 0 is a synthetic root whose total is the sum of every sample.
 * - A node's descendants are the nodes `i + 1 .. subtreeEnd[i] - 1`, so "is b below a" is a range
 *   check and a subtree is a slice.
 * - `total[i] = self[i] + sum of total[c] over children c`, exactly, also when values are negative
 *   (profiles made with `pprof -diff_base` hold negative samples). See {@link createFlameLayout}
 *   for how widths treat negative values.
 * - A tree that compares two profiles also has `baselineSelf` and `baselineTotal`; `self` and
 *   `total` then belong to the comparison side.
 *
 * About 40 bytes per node (48 with a baseline side), plus the shared frame table.
 */
export class CallTree {
  readonly nodeCount: number;
  readonly frames: FrameTable;
  readonly frame: Int32Array;
  readonly parent: Int32Array;
  readonly depth: Int32Array;
  /** One past the last descendant of each node. */
  readonly subtreeEnd: Int32Array;
  readonly total: Float64Array;
  readonly self: Float64Array;
  readonly baselineTotal: Float64Array | undefined;
  readonly baselineSelf: Float64Array | undefined;
  /** Depth of the deepest node; the root has depth 0. */
  readonly maxDepth: number;
  /** True when some self value (on either side) is negative. */
  readonly hasNegativeValues: boolean;
  readonly rootName: string;
  private byDepth: NodesByDepth | undefined;

  private constructor(
    columns: PreOrderColumns,
    depth: Int32Array,
    subtreeEnd: Int32Array,
    derived?: DerivedColumns,
  ) {
    this.nodeCount = columns.frame.length;
    this.frames = columns.frames;
    this.frame = columns.frame;
    this.parent = columns.parent;
    this.self = columns.self;
    this.baselineSelf = columns.baselineSelf;
    this.rootName = columns.rootName ?? DEFAULT_ROOT_NAME;
    this.depth = depth;
    this.subtreeEnd = subtreeEnd;
    if (derived) {
      this.total = derived.total;
      this.baselineTotal = derived.baselineTotal;
      this.maxDepth = derived.maxDepth;
      this.hasNegativeValues = derived.hasNegativeValues;
      this.byDepth = derived.nodesByDepth;
      return;
    }
    this.total = sumSubtrees(columns.parent, columns.self);
    this.baselineTotal = columns.baselineSelf && sumSubtrees(columns.parent, columns.baselineSelf);
    let maxDepth = 0;
    for (let i = 0; i < depth.length; i++) if (depth[i] > maxDepth) maxDepth = depth[i];
    this.maxDepth = maxDepth;
    this.hasNegativeValues =
      hasNegative(columns.self) || (!!columns.baselineSelf && hasNegative(columns.baselineSelf));
  }

  /**
   * Makes a tree from columns already in depth-first pre-order, deriving depth, subtreeEnd and the
   * totals. Checks the order and the values and throws {@link FlamekitError} if they are wrong; the
   * arrays are kept, not copied, so do not change them afterwards.
   */
  static fromPreOrder(columns: PreOrderColumns): CallTree {
    const { frame, parent, self, baselineSelf, frames } = columns;
    const n = frame.length;
    if (
      n === 0 ||
      parent.length !== n ||
      self.length !== n ||
      (baselineSelf && baselineSelf.length !== n)
    ) {
      throw new FlamekitError(
        'invalid-tree',
        `the columns must be non-empty and of one length (frame ${n}, parent ${parent.length}, self ${self.length})`,
      );
    }
    if (parent[0] !== -1 || frame[0] !== ROOT_FRAME) {
      throw new FlamekitError('invalid-tree', 'node 0 must be the root: parent -1 and frame -1');
    }
    checkValues(self, 'self');
    if (baselineSelf) checkValues(baselineSelf, 'baselineSelf');
    const frameCount = frames.size;
    const depth = new Int32Array(n);
    const subtreeEnd = new Int32Array(n);
    // The path from the root to the previous node: a pre-order parent must be on it.
    const path = new Int32Array(n);
    let pathLength = 1;
    for (let i = 1; i < n; i++) {
      const f = frame[i];
      if (!(f >= 0 && f < frameCount)) {
        throw new FlamekitError(
          'invalid-frame',
          `node ${i} has frame ${f}, but the frame table has ${frameCount}`,
        );
      }
      const p = parent[i];
      while (pathLength > 0 && path[pathLength - 1] !== p) {
        subtreeEnd[path[--pathLength]] = i;
      }
      if (pathLength === 0) {
        throw new FlamekitError(
          'invalid-tree',
          `node ${i} has parent ${p}, which is not on the path to node ${i - 1}: the nodes are not in depth-first pre-order`,
        );
      }
      depth[i] = depth[p] + 1;
      path[pathLength++] = i;
    }
    while (pathLength > 0) subtreeEnd[path[--pathLength]] = n;
    return new CallTree(columns, depth, subtreeEnd);
  }

  /**
   * Builds a tree whose pre-order the caller guarantees (the builder): skips the checks. A caller
   * that already knows the totals (a merge of two trees reads them off its inputs) passes them as
   * `derived`, which saves passes over a large tree; they must be exact.
   */
  static trusted(
    columns: PreOrderColumns,
    depth: Int32Array,
    subtreeEnd: Int32Array,
    derived?: DerivedColumns,
  ): CallTree {
    return new CallTree(columns, depth, subtreeEnd, derived);
  }

  /**
   * The nodes grouped by depth, each depth in pre-order (left to right in a flame graph): the
   * rows of {@link createFlameLayout}. Grouped (a counting sort, linear) when first asked for
   * and kept: 4 bytes a node.
   */
  nodesByDepth(): NodesByDepth {
    if (!this.byDepth) {
      const n = this.nodeCount;
      const depth = this.depth;
      const offsets = new Int32Array(this.maxDepth + 2);
      for (let i = 0; i < n; i++) offsets[depth[i] + 1]++;
      for (let d = 0; d <= this.maxDepth; d++) offsets[d + 1] += offsets[d];
      const fill = offsets.slice(0, this.maxDepth + 1);
      const nodes = new Int32Array(n);
      for (let i = 0; i < n; i++) nodes[fill[depth[i]]++] = i;
      this.byDepth = { offsets, nodes };
    }
    return this.byDepth;
  }

  /** The frame's name; the root's is {@link rootName}. */
  name(node: NodeIndex): string {
    const f = this.frameOf(node);
    return f === ROOT_FRAME ? this.rootName : this.frames.name(f);
  }

  /** The node's frame, or {@link ROOT_FRAME} for the root. */
  frameOf(node: NodeIndex): FrameIndex {
    if (!(node >= 0 && node < this.nodeCount)) {
      throw new FlamekitError(
        'invalid-argument',
        `node ${node} does not exist (the tree has ${this.nodeCount})`,
      );
    }
    return this.frame[node];
  }

  /** The node's frame with file, line and module when known. */
  frameInfo(node: NodeIndex): Frame {
    const f = this.frameOf(node);
    return f === ROOT_FRAME ? { name: this.rootName } : this.frames.get(f);
  }

  /** Whether this tree compares two profiles. */
  get isDiff(): boolean {
    return this.baselineSelf !== undefined;
  }
}

/** Totals from self in one reverse pass: in pre-order every child comes after its parent. */
function sumSubtrees(parent: Int32Array, self: Float64Array): Float64Array {
  const total = Float64Array.from(self);
  for (let i = total.length - 1; i > 0; i--) total[parent[i]] += total[i];
  return total;
}

function hasNegative(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] < 0) return true;
  return false;
}

function checkValues(values: Float64Array, column: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new FlamekitError(
        'invalid-value',
        `${column} of node ${i} is ${values[i]}; sample values must be finite numbers`,
      );
    }
  }
}
