import { ROOT_FRAME } from './call-tree';
import { FlamekitError } from '../errors';
import { FrameTable } from './frame-table';
import { growInt32 } from './growable';
import type { FrameIndex } from '../types';

/** A distinct stack (a path of frames from the root) in a {@link StackTable}. 0 is the empty stack. */
export type StackIndex = number;

const EMPTY = 0; // hash slots hold stack + 1, so 0 marks a free slot
const NONE = 0; // "no child" in the lists: the empty stack is never anyone's child
const WIDE = -1; // first-child mark of a stack whose children are in the hash table
/** A stack with up to this many children is searched by walking its list, beyond it by hashing. */
const LIST_LIMIT = 8;
/** Fields of a stack record. */
const RECORD = 4;
const PARENT = 0;
const FRAME = 1;
const FIRST_CHILD = 2;
const NEXT_SIBLING = 3;

/**
 * Every distinct stack of a profile once, as a trie: a stack is its parent stack (the prefix) plus
 * one frame, and a parent always has a smaller id than its children. Samples point at stacks, so a
 * profile keeps its stacks once and builds a call tree for any sample type (or any subset of
 * samples) by adding values up per stack ({@link computeCallTree}).
 *
 * Interning is linear in the number of frames and allocates nothing per frame:
 * - the prefix a stack shares with the previously interned one is reused without any lookup;
 * - below it, a child is found by walking its parent's short list of children; a parent with more
 *   than `LIST_LIMIT` children moves them into an open-addressing hash table keyed by
 *   (parent, frame);
 * - a stack is checked before anything is added, so a rejected one leaves no trace.
 *
 * One record of four ints per stack keeps a lookup to about one cache miss, which is what building
 * a large tree costs.
 */
export class StackTable {
  readonly frames: FrameTable;
  private records: Int32Array;
  private count = 1;

  private slots: Int32Array;
  private slotMask: number;
  private hashedCount = 0;

  /** A table made by {@link trusted} has no child lists until it is first added to. */
  private linked = true;

  private previousFrames = new Int32Array(64);
  private previousStacks = new Int32Array(64);
  private previousLength = 0;

  /**
   * `expectedSize`: the number of stacks the caller expects to add, when it knows, so that the
   * table is allocated once rather than grown (each growth copies it).
   */
  constructor(frames: FrameTable = new FrameTable(), expectedSize = 1024) {
    this.frames = frames;
    const capacity = Math.max(16, Math.min(Math.ceil(expectedSize) || 0, 1 << 26));
    this.records = new Int32Array(capacity * RECORD);
    // Slots for the children of wide stacks, a fraction of all stacks; the table grows if needed.
    const slotCount = 2 ** Math.ceil(Math.log2(Math.max(1024, capacity / 2)));
    this.slots = new Int32Array(slotCount);
    this.slotMask = slotCount - 1;
    this.records[PARENT] = -1;
    this.records[FRAME] = ROOT_FRAME;
  }

  /** Number of stacks, the empty stack included. */
  get size(): number {
    return this.count;
  }

  /** The stack made of the first `length` frames of `stack`, root first; 0 for an empty one. */
  intern(stack: ArrayLike<FrameIndex>, length: number = stack.length): StackIndex {
    if (!(length >= 0 && length <= stack.length && Number.isInteger(length))) {
      throw new FlamekitError(
        'invalid-argument',
        `stack length ${length} is outside the stack (0 to ${stack.length})`,
      );
    }
    return this.internFrom(stack, 0, length);
  }

  /** {@link intern} of `stack[start .. start + length)`. */
  private internFrom(stack: ArrayLike<FrameIndex>, start: number, length: number): StackIndex {
    if (!this.linked) this.link();
    if (length > this.previousFrames.length) {
      this.previousFrames = growInt32(this.previousFrames, length);
      this.previousStacks = growInt32(this.previousStacks, length);
    }
    const previousFrames = this.previousFrames;
    const previousStacks = this.previousStacks;
    // Reuse the prefix shared with the previous stack (its frames were checked then).
    let node = 0;
    let shared = 0;
    const sharable = Math.min(length, this.previousLength);
    while (shared < sharable && stack[start + shared] === previousFrames[shared])
      node = previousStacks[shared++];
    // Check the rest before adding anything, so that a rejected stack leaves no trace.
    checkFrames(stack, start + shared, length - shared, this.frames.size, shared);
    for (let i = shared; i < length; i++) {
      const f = stack[start + i];
      node = this.findOrAdd(node, f);
      previousFrames[i] = f;
      previousStacks[i] = node;
    }
    this.previousLength = length;
    return node;
  }

  /**
   * Interns `count` stacks at once, stack `i` being `frames[starts[i] .. starts[i + 1])`, root
   * first; returns the stack of each. The same as calling {@link intern} for each in turn, ids
   * aside, and faster when the stacks come in no order (pprof's samples): looked up one by one,
   * each of their frames lands on a node far from the last one, a cache miss. So stacks that
   * mostly do not share a prefix with the one before are grouped by the node their first
   * three frames reach (`GROUP_DEPTH`; those few top nodes stay in cache), and each group is
   * interned in turn: a group's nodes are then added, and stay, together in memory.
   */
  internAll(
    frames: Int32Array,
    starts: Int32Array,
    count: number,
    /** The frames were checked as they were gathered (a StackBatch does). */
    checked = false,
  ): Int32Array {
    if (!checked) checkFrames(frames, starts[0], starts[count] - starts[0], this.frames.size, 0);
    if (!this.linked) this.link();
    const leaves = new Int32Array(count);
    if (sharesPrefixes(frames, starts, count)) {
      // Already in an order where each stack mostly repeats the last one's prefix: as they come.
      for (let i = 0; i < count; i++)
        leaves[i] = this.internFrom(frames, starts[i], starts[i + 1] - starts[i]);
      return leaves;
    }
    // The node each stack reaches after its first frames (the top of the trie: few, hot nodes).
    const groupOf = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      let node = 0;
      for (let at = starts[i], stop = Math.min(starts[i + 1], at + GROUP_DEPTH); at < stop; at++)
        node = this.findOrAdd(node, frames[at]);
      groupOf[i] = node;
    }
    // Stacks in group order (a counting sort), then the rest of each stack, group by group. The
    // sort writes out what the second pass reads (the stack, its group, where its frames are), so
    // that pass reads it in order: looked up through a permutation, each read would be a miss.
    const offsets = new Int32Array(this.count + 1);
    for (let i = 0; i < count; i++) offsets[groupOf[i] + 1]++;
    for (let g = 0; g < this.count; g++) offsets[g + 1] += offsets[g];
    const order = new Int32Array(count);
    const orderedGroup = new Int32Array(count);
    const orderedFrom = new Int32Array(count);
    const orderedTo = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const k = offsets[groupOf[i]]++;
      order[k] = i;
      orderedGroup[k] = groupOf[i];
      orderedFrom[k] = starts[i] + GROUP_DEPTH;
      orderedTo[k] = starts[i + 1];
    }
    for (let k = 0; k < count; k++) {
      let node = orderedGroup[k];
      for (let at = orderedFrom[k], stop = orderedTo[k]; at < stop; at++)
        node = this.findOrAdd(node, frames[at]);
      leaves[order[k]] = node;
    }
    this.previousLength = 0;
    return leaves;
  }

  /** The stack `parent` plus `frame` on top, for importers that walk a tree rather than read stacks. */
  child(parent: StackIndex, frame: FrameIndex): StackIndex {
    if (!(parent >= 0 && parent < this.count && Number.isInteger(parent))) {
      throw new FlamekitError(
        'invalid-argument',
        `stack ${parent} does not exist (the table has ${this.count})`,
      );
    }
    if (!(frame >= 0 && frame < this.frames.size && frame === (frame | 0))) {
      throw new FlamekitError(
        'invalid-frame',
        `frame ${frame} does not exist (the frame table has ${this.frames.size})`,
      );
    }
    if (!this.linked) this.link();
    return this.findOrAdd(parent, frame);
  }

  parentOf(stack: StackIndex): StackIndex {
    return this.records[this.check(stack) * RECORD + PARENT];
  }

  /** The top frame of the stack; {@link ROOT_FRAME} for the empty stack. */
  frameOf(stack: StackIndex): FrameIndex {
    return this.records[this.check(stack) * RECORD + FRAME];
  }

  /** The parent of every stack as one array (a copy). */
  parentColumn(): Int32Array {
    const column = new Int32Array(this.count);
    for (let s = 0; s < this.count; s++) column[s] = this.records[s * RECORD + PARENT];
    return column;
  }

  /** The top frame of every stack as one array (a copy). */
  frameColumn(): Int32Array {
    const column = new Int32Array(this.count);
    for (let s = 0; s < this.count; s++) column[s] = this.records[s * RECORD + FRAME];
    return column;
  }

  /** {@link parentColumn} and {@link frameColumn} in one pass over the table. */
  columns(): { parent: Int32Array; frame: Int32Array } {
    const parent = new Int32Array(this.count);
    const frame = new Int32Array(this.count);
    const records = this.records;
    for (let s = 0, at = 0; s < this.count; s++, at += RECORD) {
      parent[s] = records[at + PARENT];
      frame[s] = records[at + FRAME];
    }
    return { parent, frame };
  }

  /** A table with the stacks of {@link parentColumn} and {@link frameColumn}, ids unchanged. */
  static fromColumns(frames: FrameTable, parent: Int32Array, frame: Int32Array): StackTable {
    const table = new StackTable(frames);
    for (let s = 1; s < parent.length; s++) {
      if (!(parent[s] >= 0 && parent[s] < s) || table.child(parent[s], frame[s]) !== s) {
        throw new FlamekitError(
          'invalid-argument',
          `stack ${s} has parent ${parent[s]}: parents must come first and stacks must be distinct`,
        );
      }
    }
    return table;
  }

  /**
   * A table with the stacks of `parent` and `frame` (one entry per stack, the empty stack first),
   * ids unchanged, for columns known to describe distinct stacks whose parents come first, such
   * as {@link columns} of another table sent from a worker. Only that parents come first and
   * frames exist is checked, in one pass; the child lists that adding stacks needs are built
   * when first needed: a profile received from a worker is mostly only read.
   */
  static trusted(frames: FrameTable, parent: Int32Array, frame: Int32Array): StackTable {
    const count = parent.length;
    if (count === 0 || frame.length !== count || parent[0] !== -1) {
      throw new FlamekitError(
        'invalid-argument',
        `stack columns of ${count} and ${frame.length} entries, the first with parent ${parent[0]}: expected one length and the empty stack first`,
      );
    }
    const table = new StackTable(frames, count);
    const records = table.records;
    const frameCount = frames.size;
    for (let s = 1, at = RECORD; s < count; s++, at += RECORD) {
      const p = parent[s];
      const f = frame[s];
      if (!(p >= 0 && p < s) || !(f >= 0 && f < frameCount)) {
        throw new FlamekitError(
          'invalid-argument',
          `stack ${s} has parent ${p} and frame ${f}: parents must come first and frames exist`,
        );
      }
      records[at + PARENT] = p;
      records[at + FRAME] = f;
    }
    table.count = count;
    table.linked = false;
    return table;
  }

  /** Builds the child lists (and hashes wide stacks' children) of a table made by {@link trusted}. */
  private link(): void {
    this.linked = true;
    const records = this.records;
    const wide = new Uint8Array(this.count);
    for (let s = 1; s < this.count; s++) {
      const p = records[s * RECORD + PARENT];
      const head = records[p * RECORD + FIRST_CHILD];
      if (wide[p]) {
        this.hashChild(s);
        continue;
      }
      let length = 0;
      for (let c = head; c !== NONE; c = records[c * RECORD + NEXT_SIBLING]) length++;
      if (length < LIST_LIMIT) {
        records[s * RECORD + NEXT_SIBLING] = head;
        records[p * RECORD + FIRST_CHILD] = s;
      } else {
        for (let c = head; c !== NONE; c = records[c * RECORD + NEXT_SIBLING]) this.hashChild(c);
        this.hashChild(s);
        records[p * RECORD + FIRST_CHILD] = WIDE;
        wide[p] = 1;
      }
    }
  }

  /** The frames of a stack, root first. */
  framesOf(stack: StackIndex): FrameIndex[] {
    const frames: FrameIndex[] = [];
    for (let s = this.check(stack); s > 0; s = this.records[s * RECORD + PARENT])
      frames.push(this.records[s * RECORD + FRAME]);
    return frames.reverse();
  }

  private findOrAdd(parent: StackIndex, frame: FrameIndex): StackIndex {
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

  private append(parent: StackIndex, frame: FrameIndex): StackIndex {
    const node = this.count++;
    if ((node + 1) * RECORD > this.records.length)
      this.records = growInt32(this.records, (node + 1) * RECORD);
    const at = node * RECORD;
    this.records[at + PARENT] = parent;
    this.records[at + FRAME] = frame;
    this.records[at + FIRST_CHILD] = NONE;
    this.records[at + NEXT_SIBLING] = NONE;
    return node;
  }

  private hashChild(node: StackIndex): void {
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

  private check(stack: StackIndex): StackIndex {
    if (!(stack >= 0 && stack < this.count && Number.isInteger(stack))) {
      throw new FlamekitError(
        'invalid-argument',
        `stack ${stack} does not exist (the table has ${this.count})`,
      );
    }
    return stack;
  }
}

/**
 * Throws `invalid-frame` unless `stack[start .. start + length)` are all frames of a table of
 * `frameCount`; positions in the message count from `position`.
 */
export function checkFrames(
  stack: ArrayLike<FrameIndex>,
  start: number,
  length: number,
  frameCount: number,
  position: number,
): void {
  for (let i = 0; i < length; i++) {
    const f = stack[start + i];
    if (!(f >= 0 && f < frameCount && f === (f | 0))) {
      throw new FlamekitError(
        'invalid-frame',
        `frame ${f} at stack position ${position + i} does not exist (the frame table has ${frameCount})`,
      );
    }
  }
}

/**
 * How many top frames {@link StackTable.internAll} groups stacks by. Measured on the synthetic
 * 1M-node profile in random order: 2 to 4 work alike; deeper groups are many and small, and the
 * top of the trie no longer stays in cache.
 */
const GROUP_DEPTH = 3;

/**
 * Whether stacks come in an order where each mostly repeats the prefix of the one before (a
 * sorted folded file, a depth-first walk): then they are best interned as they come.
 */
export function sharesPrefixes(frames: Int32Array, starts: Int32Array, count: number): boolean {
  // Judged on up to 4,096 pairs spread over the stacks, which says as much as all of them.
  const step = Math.max(1, Math.floor(count / 4096));
  let shared = 0;
  let total = 0;
  for (let i = 1; i < count; i += step) {
    const a = starts[i - 1];
    const b = starts[i];
    const length = Math.min(b - a, starts[i + 1] - b);
    let k = 0;
    while (k < length && frames[a + k] === frames[b + k]) k++;
    shared += k;
    total += starts[i + 1] - b;
  }
  return shared * 2 >= total;
}

/** Mixes two 32-bit ids into a hash; multiplicative constants spread consecutive ids apart. */
function hashPair(parent: number, frame: number): number {
  let h = Math.imul(parent, 0x9e3779b1) ^ Math.imul(frame + 0x7f4a7c15, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 13);
}
