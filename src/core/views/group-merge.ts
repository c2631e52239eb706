import { CallTree, ROOT_FRAME } from '../model/call-tree';
import type { SiblingOrder } from '../model/call-tree-from-stacks';
import { FlamekitError } from '../errors';
import { computeFrameOrder } from '../model/frame-order';
import { growFloat64, growInt32 } from '../model/growable';
import { insertionSort } from '../model/insertion-sort';
import type { NodeIndex } from '../types';

/*
 * The machinery of merging groups of input nodes into a tree written in pre-order, for the two
 * trees of a sandwich (sandwich-merge.ts): the output writer, the stack of groups still to write
 * and the sort of each group's next nodes by frame rank.
 */

/**
 * Entries of the stack of work are four ints: a group to write (its members' region start and
 * end, the output parent and depth), or the end of a written node (-1 - node, and the region top
 * to go back to once its subtree is written).
 */
const ENTRY = 4;

/** The output of a merge: a call tree written node by node in pre-order. */
export class PreOrderWriter {
  readonly frame: Int32Array;
  readonly parent: Int32Array;
  readonly depth: Int32Array;
  readonly subtreeEnd: Int32Array;
  readonly self: Float64Array;
  readonly baselineSelf: Float64Array | undefined;
  count = 1;

  constructor(capacity: number, twoSided: boolean) {
    this.frame = new Int32Array(capacity);
    this.parent = new Int32Array(capacity);
    this.depth = new Int32Array(capacity);
    this.subtreeEnd = new Int32Array(capacity);
    this.self = new Float64Array(capacity);
    if (twoSided) this.baselineSelf = new Float64Array(capacity);
    this.frame[0] = ROOT_FRAME;
    this.parent[0] = -1;
  }

  open(frame: number, parent: NodeIndex, depth: number): NodeIndex {
    const node = this.count++;
    this.frame[node] = frame;
    this.parent[node] = parent;
    this.depth[node] = depth;
    return node;
  }

  /**
   * Ends `node` once its subtree is written. A node with no value on either side and no children
   * left is taken back, as a tree built from stacks leaves out stacks with nothing below them.
   */
  close(node: NodeIndex): void {
    if (
      this.count === node + 1 &&
      this.self[node] === 0 &&
      (!this.baselineSelf || this.baselineSelf[node] === 0)
    ) {
      this.count = node; // its self is 0: the slot is clean for the next node
      return;
    }
    this.subtreeEnd[node] = this.count;
  }

  build(source: CallTree): CallTree {
    const n = this.count;
    this.subtreeEnd[0] = n;
    // A merge that folded much away keeps exact-size copies rather than mostly empty buffers.
    const fit = <T extends Int32Array | Float64Array>(column: T): T =>
      (n * 4 < column.length * 3 ? column.slice(0, n) : column.subarray(0, n)) as T;
    return CallTree.trusted(
      {
        frames: source.frames,
        frame: fit(this.frame),
        parent: fit(this.parent),
        self: fit(this.self),
        baselineSelf: this.baselineSelf && fit(this.baselineSelf),
        rootName: source.rootName,
      },
      fit(this.depth),
      fit(this.subtreeEnd),
    );
  }
}

/**
 * What both merges share: the frame ranks, the members of the groups waiting to be written (a
 * stack of regions, one per level of the current path) with their sort keys, and the stack of
 * groups to write.
 */
export class GroupMerge {
  readonly rank: Int32Array;
  members: Int32Array;
  keys: Float64Array;
  /** Member ids are below this; a sort key is `rank * span + member`. */
  readonly span: number;
  top = 0;
  stack: Int32Array;
  stackSize = 0;
  /** The group taken by {@link popGroup}. */
  start = 0;
  end = 0;
  parent: NodeIndex = 0;
  depth = 0;
  private runStart = new Int32Array(16);
  private runOrder = new Int32Array(16);
  private runWeight = new Float64Array(16);
  /** Made once: a closure per group would be made (and, in some builds, named) per node. */
  private readonly heavierRunFirst = (x: number, y: number) =>
    this.runWeight[y] - this.runWeight[x] || x - y;

  constructor(
    tree: CallTree,
    memberBound: number,
    span: number,
    readonly order: SiblingOrder,
  ) {
    this.rank = computeFrameOrder(tree.frames);
    if (tree.frames.size * span > Number.MAX_SAFE_INTEGER) {
      throw new FlamekitError(
        'invalid-argument',
        `the tree is too large for a sandwich (${tree.frames.size} frames, ${span} nodes)`,
      );
    }
    this.span = span;
    this.members = new Int32Array(memberBound);
    this.keys = new Float64Array(memberBound);
    this.stack = new Int32Array(ENTRY * 64);
  }

  /** Room for `count` more members on top of the region stack. */
  reserve(count: number): void {
    const need = this.top + count;
    if (need > this.members.length) {
      this.members = growInt32(this.members, need);
      this.keys = growFloat64(this.keys, need);
    }
  }

  pushGroup(start: number, end: number, parent: NodeIndex, depth: number): void {
    if (this.stackSize + ENTRY > this.stack.length)
      this.stack = growInt32(this.stack, this.stackSize + ENTRY);
    const stack = this.stack;
    stack[this.stackSize++] = start;
    stack[this.stackSize++] = end;
    stack[this.stackSize++] = parent;
    stack[this.stackSize++] = depth;
  }

  /**
   * Takes the next group off the stack into `start`, `end`, `parent` and `depth`, first closing
   * the nodes whose subtrees are written. False when there is nothing left.
   */
  popGroup(out: PreOrderWriter): boolean {
    const stack = this.stack;
    while (this.stackSize > 0) {
      this.depth = stack[--this.stackSize];
      this.parent = stack[--this.stackSize];
      this.end = stack[--this.stackSize];
      this.start = stack[--this.stackSize];
      if (this.start >= 0) return true;
      out.close(-1 - this.start);
      this.top = this.end;
    }
    return false;
  }

  /** Marks where the subtree of `node`, whose children's groups are pushed next, ends. */
  pushNodeEnd(node: NodeIndex): void {
    this.pushGroup(-1 - node, this.top, 0, 0);
  }

  /**
   * Sorts the members `start .. end` (whose keys are set) by frame rank and pushes each run of
   * one frame as a group to write below `parent`, so that they are popped in sibling order.
   * `weightOf` gives a member's weight for the heaviest-first order.
   */
  pushChildGroups(
    start: number,
    end: number,
    parent: NodeIndex,
    depth: number,
    weightOf: (member: number) => number,
  ): void {
    const { keys, members, span } = this;
    if (end - start > 1) sortKeys(keys, start, end);
    // Split each key into rank and member once (a division, not the slow floating remainder);
    // the ranks go where the keys were, for the runs below.
    for (let k = start; k < end; k++) {
      const rank = Math.floor(keys[k] / span);
      members[k] = keys[k] - rank * span;
      keys[k] = rank;
    }
    if (this.order === 'name') {
      // Last run first, so that the first run is on top of the stack.
      let runEnd = end;
      for (let k = end - 1; k >= start; k--) {
        if (k === start || keys[k - 1] !== keys[k]) {
          this.pushGroup(k, runEnd, parent, depth);
          runEnd = k;
        }
      }
      return;
    }
    // Heaviest first, ties in frame order: the runs' starts, then their order, in scratch arrays
    // (a group is often a few runs, and this runs once per group).
    let runCount = 0;
    for (let k = start; k < end; k++) if (k === start || keys[k - 1] !== keys[k]) runCount++;
    if (runCount + 1 > this.runStart.length) {
      const size = Math.max(runCount + 1, this.runStart.length * 2);
      this.runStart = new Int32Array(size);
      this.runOrder = new Int32Array(size);
      this.runWeight = new Float64Array(size);
    }
    const { runStart, runOrder, runWeight } = this;
    let r = 0;
    for (let k = start; k < end; k++) if (k === start || keys[k - 1] !== keys[k]) runStart[r++] = k;
    runStart[runCount] = end;
    for (r = 0; r < runCount; r++) {
      let sum = 0;
      for (let k = runStart[r]; k < runStart[r + 1]; k++) sum += weightOf(members[k]);
      runWeight[r] = sum;
      runOrder[r] = r;
    }
    if (runCount <= 16) insertionSort(runOrder, 0, runCount, this.heavierRunFirst);
    else runOrder.subarray(0, runCount).sort(this.heavierRunFirst);
    for (let i = runCount - 1; i >= 0; i--) {
      const run = runOrder[i];
      this.pushGroup(runStart[run], runStart[run + 1], parent, depth);
    }
  }
}

/** Sorts `keys[start .. end)` ascending, skipping the work when they already are. */
function sortKeys(keys: Float64Array, start: number, end: number): void {
  let sorted = true;
  for (let k = start + 1; k < end && sorted; k++) sorted = keys[k - 1] <= keys[k];
  if (sorted) return;
  if (end - start > 24) {
    keys.subarray(start, end).sort();
    return;
  }
  for (let i = start + 1; i < end; i++) {
    const key = keys[i];
    let j = i - 1;
    while (j >= start && keys[j] > key) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = key;
  }
}
