import { CallTree, ROOT_FRAME } from './call-tree';
import { FlamekitError } from './errors';
import { FrameTable } from './frame-table';
import { growFloat64, growInt32 } from './growable';
import { computeFrameOrder } from './frame-order';
import type { FrameIndex, NodeIndex } from './types';

/**
 * Sibling order of the built tree.
 * - `'name'` (default): by frame name in UTF-16 code-unit order (locale-independent), then file,
 *   line and module, so two graphs of the same program look alike.
 * - `'total'`: heaviest first, ties by name as above.
 */
export type SiblingOrder = 'name' | 'total';

export interface CallTreeBuilderOptions {
  /** Frame table the stacks' ids point into; a new one if absent. */
  frames?: FrameTable;
  siblingOrder?: SiblingOrder;
  /** Name of the synthetic root. */
  rootName?: string;
}

const EMPTY = 0; // hash slots hold node + 1, so 0 marks a free slot
const NONE = 0; // "no child" in the lists: the root is never anyone's child
const WIDE = -1; // first-child mark of a parent whose children are in the hash table
/** A parent with up to this many children is searched by walking its list, beyond it by hashing. */
const LIST_LIMIT = 8;
/** Fields of a trie record. */
const RECORD = 4;
const PARENT = 0;
const FRAME = 1;
const FIRST_CHILD = 2;
const NEXT_SIBLING = 3;

/**
 * Merges stacks (root-first frame ids plus a value) into a {@link CallTree} in time linear in the
 * number of frames, allocating nothing per frame.
 *
 * Stacks go into a trie kept in typed arrays. A stack that shares a prefix with the previous one
 * (sorted folded files, consecutive samples) reuses that prefix's nodes without any lookup. Below
 * that, a child is found by walking its parent's short list of children; a parent with more than
 * {@link LIST_LIMIT} children moves them into an open-addressing hash table keyed by
 * (parent, frame). `build()` then orders siblings and lays the trie out in pre-order.
 *
 * A stack that is rejected (bad frame id, NaN or infinite value) changes nothing: everything is
 * checked before the first node is added.
 */
export class CallTreeBuilder {
  readonly frames: FrameTable;
  private readonly siblingOrder: SiblingOrder;
  private readonly rootName: string | undefined;

  /**
   * The trie, one record of {@link RECORD} ints per node in insertion order (a child always after
   * its parent): parent, frame, first child (0 for none, WIDE when hashed), next sibling. One
   * record per node keeps a lookup to about one cache miss, which is what building costs.
   */
  private records = new Int32Array(1024 * RECORD);
  private trieSelf = new Float64Array(1024);
  private trieBaselineSelf: Float64Array | undefined;
  private nodeCount = 1;

  private slots = new Int32Array(1024); // node + 1 of the children of wide nodes
  private slotMask = 1023;
  private hashedCount = 0;

  // The previous stack and its nodes, to skip the lookups of a shared prefix.
  private previousFrames = new Int32Array(64);
  private previousNodes = new Int32Array(64);
  private previousLength = 0;

  private built = false;

  constructor(options: CallTreeBuilderOptions = {}) {
    this.frames = options.frames ?? new FrameTable();
    this.siblingOrder = options.siblingOrder ?? 'name';
    this.rootName = options.rootName;
    this.records[PARENT] = -1;
    this.records[FRAME] = ROOT_FRAME;
  }

  /**
   * Adds `value` to the stack made of the first `length` frames of `stack`, root first.
   * An empty stack adds to the root's self.
   */
  addStack(stack: ArrayLike<FrameIndex>, value: number, length: number = stack.length): void {
    const leaf = this.insert(stack, value, length);
    this.trieSelf[leaf] += value;
  }

  /**
   * Adds `value` to the baseline side of the stack, making this a tree that compares two profiles:
   * `addStack` then feeds the comparison side. Both sides share nodes, so the tree is aligned by path.
   */
  addBaselineStack(
    stack: ArrayLike<FrameIndex>,
    value: number,
    length: number = stack.length,
  ): void {
    const leaf = this.insert(stack, value, length);
    if (!this.trieBaselineSelf) this.trieBaselineSelf = new Float64Array(this.trieSelf.length);
    this.trieBaselineSelf[leaf] += value;
  }

  /** Builds the tree. The builder cannot be used afterwards. */
  build(): CallTree {
    this.checkUsable();
    this.built = true;
    const n = this.nodeCount;
    const { records, trieSelf, trieBaselineSelf } = this;
    this.slots = new Int32Array(0); // free the hash table before allocating the output

    const { offsets, nodes, subtreeSize } = this.sortedChildren();
    // Pre-order positions without a traversal: a node's first child comes right after it, and each
    // further child after the whole subtree of the one before. Parents precede children in the trie,
    // so one pass in trie order places everything.
    const position = new Int32Array(n);
    for (let p = 0; p < n; p++) {
      let next = position[p] + 1;
      for (let k = offsets[p]; k < offsets[p + 1]; k++) {
        const child = nodes[k];
        position[child] = next;
        next += subtreeSize[child];
      }
    }
    const frame = new Int32Array(n);
    const parent = new Int32Array(n);
    const self = new Float64Array(n);
    const baselineSelf = trieBaselineSelf && new Float64Array(n);
    const subtreeEnd = new Int32Array(n);
    frame[0] = ROOT_FRAME;
    parent[0] = -1;
    for (let node = 0; node < n; node++) {
      const i = position[node];
      if (node > 0) {
        frame[i] = records[node * RECORD + FRAME];
        parent[i] = position[records[node * RECORD + PARENT]];
      }
      self[i] = trieSelf[node];
      if (baselineSelf) baselineSelf[i] = trieBaselineSelf![node];
      subtreeEnd[i] = i + subtreeSize[node];
    }
    this.records = new Int32Array(0);
    const depth = new Int32Array(n);
    for (let i = 1; i < n; i++) depth[i] = depth[parent[i]] + 1;
    return CallTree.trusted(
      { frames: this.frames, frame, parent, self, baselineSelf, rootName: this.rootName },
      depth,
      subtreeEnd,
    );
  }

  /** Inserts the stack's nodes and returns its leaf (the root for an empty stack). */
  private insert(stack: ArrayLike<FrameIndex>, value: number, length: number): NodeIndex {
    this.checkUsable();
    if (!Number.isFinite(value)) {
      throw new FlamekitError(
        'invalid-value',
        `a sample value is ${value}; sample values must be finite numbers`,
      );
    }
    if (!(length >= 0 && length <= stack.length && Number.isInteger(length))) {
      throw new FlamekitError(
        'invalid-argument',
        `stack length ${length} is outside the stack (0 to ${stack.length})`,
      );
    }
    if (length > this.previousFrames.length) {
      this.previousFrames = growInt32(this.previousFrames, length);
      this.previousNodes = growInt32(this.previousNodes, length);
    }
    const previousFrames = this.previousFrames;
    const previousNodes = this.previousNodes;
    // Reuse the nodes of the prefix shared with the previous stack (its frames were checked then).
    let node = 0;
    let shared = 0;
    const sharable = Math.min(length, this.previousLength);
    while (shared < sharable && stack[shared] === previousFrames[shared])
      node = previousNodes[shared++];
    // Check the rest before adding anything, so that a rejected stack leaves no trace.
    const frameCount = this.frames.size;
    for (let i = shared; i < length; i++) {
      const f = stack[i];
      if (!(f >= 0 && f < frameCount && f === (f | 0))) {
        throw new FlamekitError(
          'invalid-frame',
          `frame ${f} at stack position ${i} does not exist (the frame table has ${frameCount})`,
        );
      }
    }
    for (let i = shared; i < length; i++) {
      const f = stack[i];
      node = this.child(node, f);
      previousFrames[i] = f;
      previousNodes[i] = node;
    }
    this.previousLength = length;
    return node;
  }

  /** The child of `parent` with frame `frame`, created if missing. */
  private child(parent: NodeIndex, frame: FrameIndex): NodeIndex {
    const records = this.records;
    const head = records[parent * RECORD + FIRST_CHILD];
    if (head !== WIDE) {
      let length = 0;
      for (let c = head; c !== NONE; c = records[c * RECORD + NEXT_SIBLING], length++) {
        if (records[c * RECORD + FRAME] === frame) return c;
      }
      const node = this.append(parent, frame);
      if (length < LIST_LIMIT) {
        this.records[node * RECORD + NEXT_SIBLING] = head;
        this.records[parent * RECORD + FIRST_CHILD] = node;
      } else {
        // The parent just became wide: its children move to the hash table.
        for (let c = head; c !== NONE; c = this.records[c * RECORD + NEXT_SIBLING])
          this.hashChild(c);
        this.hashChild(node);
        this.records[parent * RECORD + FIRST_CHILD] = WIDE;
      }
      return node;
    }
    const slots = this.slots;
    const mask = this.slotMask;
    for (
      let slot = hashPair(parent, frame) & mask;
      slots[slot] !== EMPTY;
      slot = (slot + 1) & mask
    ) {
      const c = slots[slot] - 1;
      if (records[c * RECORD + FRAME] === frame && records[c * RECORD + PARENT] === parent)
        return c;
    }
    const node = this.append(parent, frame);
    this.hashChild(node);
    return node;
  }

  private append(parent: NodeIndex, frame: FrameIndex): NodeIndex {
    const node = this.nodeCount++;
    if (node >= this.trieSelf.length) this.growTrie(node + 1);
    const at = node * RECORD;
    this.records[at + PARENT] = parent;
    this.records[at + FRAME] = frame;
    this.records[at + FIRST_CHILD] = NONE;
    this.records[at + NEXT_SIBLING] = NONE;
    return node;
  }

  private hashChild(node: NodeIndex): void {
    // Linear probing stays short up to three quarters full.
    if (++this.hashedCount * 4 > this.slots.length * 3) this.rehash();
    const mask = this.slotMask;
    const at = node * RECORD;
    let slot = hashPair(this.records[at + PARENT], this.records[at + FRAME]) & mask;
    while (this.slots[slot] !== EMPTY) slot = (slot + 1) & mask;
    this.slots[slot] = node + 1;
  }

  private rehash(): void {
    const old = this.slots;
    const mask = old.length * 2 - 1;
    const slots = new Int32Array(old.length * 2);
    const records = this.records;
    for (const entry of old) {
      if (entry === EMPTY) continue;
      const at = (entry - 1) * RECORD;
      let slot = hashPair(records[at + PARENT], records[at + FRAME]) & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = entry;
    }
    this.slots = slots;
    this.slotMask = mask;
  }

  private growTrie(length: number): void {
    this.records = growInt32(this.records, length * RECORD);
    this.trieSelf = growFloat64(this.trieSelf, length);
    if (this.trieBaselineSelf)
      this.trieBaselineSelf = growFloat64(this.trieBaselineSelf, this.trieSelf.length);
  }

  /**
   * Children of every trie node as one array grouped by parent (offsets[p] .. offsets[p + 1]),
   * each group in sibling order; also the size of every subtree.
   */
  private sortedChildren(): { offsets: Int32Array; nodes: Int32Array; subtreeSize: Int32Array } {
    const n = this.nodeCount;
    const records = this.records;
    const trieParent = new Int32Array(n);
    const trieFrame = new Int32Array(n);
    for (let node = 0; node < n; node++) {
      trieParent[node] = records[node * RECORD + PARENT];
      trieFrame[node] = records[node * RECORD + FRAME];
    }
    const offsets = new Int32Array(n + 1);
    for (let node = 1; node < n; node++) offsets[trieParent[node] + 1]++;
    for (let p = 0; p < n; p++) offsets[p + 1] += offsets[p];
    const fill = offsets.slice(0, n);
    const nodes = new Int32Array(Math.max(n - 1, 0));
    for (let node = 1; node < n; node++) nodes[fill[trieParent[node]]++] = node;

    // Children come after parents in the trie, so one reverse pass sums subtree sizes.
    const subtreeSize = new Int32Array(n).fill(1);
    for (let node = n - 1; node > 0; node--) subtreeSize[trieParent[node]] += subtreeSize[node];

    // Sort keys per node: the frame's rank in name order, and for 'total' the subtree's total.
    const rank = computeFrameOrder(this.frames);
    const nameKey = new Int32Array(n);
    for (let node = 1; node < n; node++) nameKey[node] = rank[trieFrame[node]];
    let totalKey: Float64Array | undefined;
    if (this.siblingOrder === 'total') {
      totalKey = this.trieSelf.slice(0, n);
      if (this.trieBaselineSelf)
        for (let i = 0; i < n; i++) totalKey[i] += this.trieBaselineSelf[i];
      for (let node = n - 1; node > 0; node--) totalKey[trieParent[node]] += totalKey[node];
    }
    const before = totalKey
      ? (a: NodeIndex, b: NodeIndex) => totalKey[b] - totalKey[a] || nameKey[a] - nameKey[b]
      : (a: NodeIndex, b: NodeIndex) => nameKey[a] - nameKey[b];
    for (let p = 0; p < n; p++) {
      const start = offsets[p];
      const end = offsets[p + 1];
      if (end - start < 2) continue;
      if (end - start <= 24) insertionSort(nodes, start, end, before);
      else nodes.subarray(start, end).sort(before);
    }
    return { offsets, nodes, subtreeSize };
  }

  private checkUsable(): void {
    if (this.built)
      throw new FlamekitError(
        'invalid-argument',
        'this CallTreeBuilder has already built its tree; create a new one',
      );
  }
}

/** Mixes two 32-bit ids into a hash; multiplicative constants spread consecutive ids apart. */
function hashPair(parent: number, frame: number): number {
  let h = Math.imul(parent, 0x9e3779b1) ^ Math.imul(frame + 0x7f4a7c15, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 13);
}

function insertionSort(
  array: Int32Array,
  start: number,
  end: number,
  compare: (a: number, b: number) => number,
): void {
  for (let i = start + 1; i < end; i++) {
    const value = array[i];
    let j = i - 1;
    while (j >= start && compare(array[j], value) > 0) {
      array[j + 1] = array[j];
      j--;
    }
    array[j + 1] = value;
  }
}
