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

/**
 * Merges stacks (root-first frame ids plus a value) into a {@link CallTree} in time linear in the
 * number of frames.
 *
 * Stacks go into a trie whose child lookup is an open-addressing hash table over the pair
 * (parent node, frame), held in typed arrays so that a lookup allocates nothing. A stack that shares
 * a prefix with the previous one (sorted folded files, consecutive samples) reuses that prefix's
 * nodes without hashing. `build()` then orders siblings and lays the trie out in pre-order.
 *
 * A stack that is rejected (bad frame id, NaN or infinite value) changes nothing: everything is
 * checked before the first node is added.
 */
export class CallTreeBuilder {
  readonly frames: FrameTable;
  private readonly siblingOrder: SiblingOrder;
  private readonly rootName: string | undefined;

  // The trie, in insertion order: a child always comes after its parent.
  private trieParent = new Int32Array(1024);
  private trieFrame = new Int32Array(1024);
  private trieSelf = new Float64Array(1024);
  private trieBaselineSelf: Float64Array | undefined;
  private nodeCount = 1;

  private slots = new Int32Array(2048);
  private slotMask = 2047;

  // The previous stack and its nodes, to skip hashing a shared prefix.
  private previousFrames = new Int32Array(64);
  private previousNodes = new Int32Array(64);
  private previousLength = 0;

  private built = false;

  constructor(options: CallTreeBuilderOptions = {}) {
    this.frames = options.frames ?? new FrameTable();
    this.siblingOrder = options.siblingOrder ?? 'name';
    this.rootName = options.rootName;
    this.trieParent[0] = -1;
    this.trieFrame[0] = ROOT_FRAME;
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
    const trieParent = this.trieParent;
    this.slots = new Int32Array(0); // free the hash table before allocating the output

    const children = this.sortedChildren();
    const order = new Int32Array(n); // pre-order position -> trie node
    const stack = new Int32Array(n);
    let stackLength = 0;
    let next = 0;
    stack[stackLength++] = 0;
    while (stackLength > 0) {
      const node = stack[--stackLength];
      order[next++] = node;
      // Push children last-first so that the first child is visited first.
      for (let c = children.offsets[node + 1] - 1; c >= children.offsets[node]; c--)
        stack[stackLength++] = children.nodes[c];
    }

    const position = stack; // reuse: trie node -> pre-order position
    for (let i = 0; i < n; i++) position[order[i]] = i;
    const frame = new Int32Array(n);
    const parent = new Int32Array(n);
    const depth = new Int32Array(n);
    const self = new Float64Array(n);
    const baselineSelf = this.trieBaselineSelf && new Float64Array(n);
    const subtreeSize = children.subtreeSize;
    const subtreeEnd = new Int32Array(n);
    parent[0] = -1;
    frame[0] = ROOT_FRAME;
    for (let i = 0; i < n; i++) {
      const node = order[i];
      if (i > 0) {
        const p = position[trieParent[node]];
        parent[i] = p;
        depth[i] = depth[p] + 1;
        frame[i] = this.trieFrame[node];
      }
      self[i] = this.trieSelf[node];
      if (baselineSelf) baselineSelf[i] = this.trieBaselineSelf![node];
      subtreeEnd[i] = i + subtreeSize[node];
    }
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
    const frameCount = this.frames.size;
    for (let i = 0; i < length; i++) {
      const f = stack[i];
      if (!(f >= 0 && f < frameCount && f === (f | 0))) {
        throw new FlamekitError(
          'invalid-frame',
          `frame ${f} at stack position ${i} does not exist (the frame table has ${frameCount})`,
        );
      }
    }
    if (length > this.previousFrames.length) {
      this.previousFrames = growInt32(this.previousFrames, length);
      this.previousNodes = growInt32(this.previousNodes, length);
    }
    const previousFrames = this.previousFrames;
    const previousNodes = this.previousNodes;
    let node = 0;
    let i = 0;
    const shared = Math.min(length, this.previousLength);
    while (i < shared && stack[i] === previousFrames[i]) node = previousNodes[i++];
    for (; i < length; i++) {
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
    let slot = hashPair(parent, frame) & this.slotMask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === EMPTY) break;
      const node = entry - 1;
      if (this.trieFrame[node] === frame && this.trieParent[node] === parent) return node;
      slot = (slot + 1) & this.slotMask;
    }
    const node = this.nodeCount++;
    if (node >= this.trieParent.length) this.growTrie(node + 1);
    this.trieParent[node] = parent;
    this.trieFrame[node] = frame;
    this.slots[slot] = node + 1;
    if (this.nodeCount * 2 > this.slots.length) this.rehash();
    return node;
  }

  private growTrie(length: number): void {
    this.trieParent = growInt32(this.trieParent, length);
    this.trieFrame = growInt32(this.trieFrame, length);
    this.trieSelf = growFloat64(this.trieSelf, length);
    if (this.trieBaselineSelf)
      this.trieBaselineSelf = growFloat64(this.trieBaselineSelf, this.trieSelf.length);
  }

  private rehash(): void {
    const size = this.slots.length * 2;
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let node = 1; node < this.nodeCount; node++) {
      let slot = hashPair(this.trieParent[node], this.trieFrame[node]) & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = node + 1;
    }
    this.slots = slots;
    this.slotMask = mask;
  }

  /**
   * Children of every trie node as one array grouped by parent (offsets[p] .. offsets[p + 1]),
   * each group in sibling order; also the size of every subtree.
   */
  private sortedChildren(): { offsets: Int32Array; nodes: Int32Array; subtreeSize: Int32Array } {
    const n = this.nodeCount;
    const trieParent = this.trieParent;
    const offsets = new Int32Array(n + 1);
    for (let node = 1; node < n; node++) offsets[trieParent[node] + 1]++;
    for (let p = 0; p < n; p++) offsets[p + 1] += offsets[p];
    const fill = offsets.slice(0, n);
    const nodes = new Int32Array(Math.max(n - 1, 0));
    for (let node = 1; node < n; node++) nodes[fill[trieParent[node]]++] = node;

    // Children come after parents in the trie, so one reverse pass sums subtree sizes (and totals).
    const subtreeSize = new Int32Array(n).fill(1);
    for (let node = n - 1; node > 0; node--) subtreeSize[trieParent[node]] += subtreeSize[node];

    const rank = computeFrameOrder(this.frames);
    const trieFrame = this.trieFrame;
    let key: Float64Array;
    if (this.siblingOrder === 'total') {
      const total = this.trieSelf.slice(0, n);
      if (this.trieBaselineSelf) for (let i = 0; i < n; i++) total[i] += this.trieBaselineSelf[i];
      for (let node = n - 1; node > 0; node--) total[trieParent[node]] += total[node];
      key = total;
    } else {
      key = new Float64Array(0);
    }
    const byTotal = this.siblingOrder === 'total';
    const before = (a: NodeIndex, b: NodeIndex): number => {
      if (byTotal && key[a] !== key[b]) return key[b] - key[a];
      return rank[trieFrame[a]] - rank[trieFrame[b]];
    };
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
