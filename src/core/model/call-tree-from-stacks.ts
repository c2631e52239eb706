import { CallTree, ROOT_FRAME } from './call-tree';
import { FlamekitError } from '../errors';
import { computeFrameOrder } from './frame-order';
import { insertionSort } from './insertion-sort';
import type { StackTable } from './stack-table';

/**
 * Sibling order of a built tree.
 * - `'name'` (default): by frame name in UTF-16 code-unit order (locale-independent), then file,
 *   line and module, so two graphs of the same program look alike.
 * - `'total'`: heaviest first, ties by name as above.
 */
export type SiblingOrder = 'name' | 'total';

export interface ComputeCallTreeOptions {
  siblingOrder?: SiblingOrder;
  rootName?: string;
  /** The second side's value per stack, for a tree that compares two profiles. */
  baselineSelf?: Float64Array;
  /**
   * Keep stacks whose whole subtree has no value (on either side). Default false: a profile with
   * several sample types holds stacks that only some types use, and those would be empty boxes.
   */
  keepEmptyNodes?: boolean;
}

/**
 * The call tree of `stacks` weighted by `self` (the value of the samples ending at each stack),
 * with siblings ordered and nodes laid out in pre-order. Linear in the number of stacks, plus the
 * sort of each node's children.
 */
export function computeCallTree(
  stacks: StackTable,
  self: Float64Array,
  options: ComputeCallTreeOptions = {},
): CallTree {
  const n = stacks.size;
  const { baselineSelf, keepEmptyNodes = false, siblingOrder = 'name' } = options;
  if (self.length < n || (baselineSelf && baselineSelf.length < n)) {
    throw new FlamekitError(
      'invalid-argument',
      `values for ${self.length} stacks given, but the table has ${n}`,
    );
  }
  const { parent: stackParent, frame: stackFrame } = stacks.columns();

  // Which stacks have a value somewhere below them, how many live children each has and the size
  // of its live subtree. Children come after their parents, so in one reverse pass a stack's
  // children are all counted when it is reached. The same pass checks the values.
  const live = new Uint8Array(n);
  const offsets = new Int32Array(n + 1); // children grouped by parent: offsets[p] .. offsets[p + 1]
  const subtreeSize = new Int32Array(n);
  live[0] = 1;
  for (let s = n - 1; s >= 0; s--) {
    if (!Number.isFinite(self[s]) || (baselineSelf && !Number.isFinite(baselineSelf[s]))) {
      throw new FlamekitError(
        'invalid-value',
        `the value of stack ${s} is ${self[s]}; sample values must be finite numbers`,
      );
    }
    if (s === 0) break;
    if (keepEmptyNodes || live[s] || self[s] !== 0 || (baselineSelf && baselineSelf[s] !== 0)) {
      const p = stackParent[s];
      live[s] = 1;
      live[p] = 1;
      offsets[p + 1]++;
      subtreeSize[p] += ++subtreeSize[s];
    }
  }
  subtreeSize[0]++;
  for (let p = 0; p < n; p++) offsets[p + 1] += offsets[p];
  const fill = offsets.slice(0, n);
  const children = new Int32Array(offsets[n]);
  if (siblingOrder === 'name') {
    // Filling each parent's children in name order sorts them all at once, with no comparisons.
    const { ordered, parentOfOrdered } = liveStacksByName(stacks, stackFrame, stackParent, live);
    for (let k = 0; k < ordered.length; k++) children[fill[parentOfOrdered[k]]++] = ordered[k];
  } else {
    for (let s = 1; s < n; s++) if (live[s]) children[fill[stackParent[s]]++] = s;
    sortByWeight(
      stacks,
      stackFrame,
      offsets,
      children,
      weights(n, stackParent, self, baselineSelf),
    );
  }

  // Pre-order positions without a traversal: a node's first child comes right after it, and each
  // further child after the whole subtree of the one before.
  const count = subtreeSize[0];
  const position = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    if (!live[p]) continue;
    let next = position[p] + 1;
    for (let k = offsets[p]; k < offsets[p + 1]; k++) {
      const child = children[k];
      position[child] = next;
      next += subtreeSize[child];
    }
  }
  const frame = new Int32Array(count);
  const parent = new Int32Array(count);
  const treeSelf = new Float64Array(count);
  const treeBaselineSelf = baselineSelf && new Float64Array(count);
  const subtreeEnd = new Int32Array(count);
  frame[0] = ROOT_FRAME;
  parent[0] = -1;
  for (let s = 0; s < n; s++) {
    if (!live[s]) continue;
    const i = position[s];
    if (s > 0) {
      frame[i] = stackFrame[s];
      parent[i] = position[stackParent[s]];
    }
    treeSelf[i] = self[s];
    if (treeBaselineSelf) treeBaselineSelf[i] = baselineSelf![s];
    subtreeEnd[i] = i + subtreeSize[s];
  }
  const depth = new Int32Array(count);
  for (let i = 1; i < count; i++) depth[i] = depth[parent[i]] + 1;
  return CallTree.trusted(
    {
      frames: stacks.frames,
      frame,
      parent,
      self: treeSelf,
      baselineSelf: treeBaselineSelf,
      rootName: options.rootName,
    },
    depth,
    subtreeEnd,
  );
}

/** Subtree totals of both sides together, for ordering siblings by weight. */
function weights(
  n: number,
  stackParent: Int32Array,
  self: Float64Array,
  baselineSelf: Float64Array | undefined,
): Float64Array {
  const total = Float64Array.from(self.subarray(0, n));
  if (baselineSelf) for (let s = 0; s < n; s++) total[s] += baselineSelf[s];
  for (let s = n - 1; s > 0; s--) total[stackParent[s]] += total[s];
  return total;
}

/** The frames used by the live stacks, ranked in name order (ranks of unused frames are 0). */
function rankUsedFrames(stacks: StackTable, stackFrame: Int32Array, live: Uint8Array): Int32Array {
  // Rank the frames in use only: a small tree cut from a big profile sorts few names.
  const used = new Uint8Array(stacks.frames.size);
  const usedFrames: number[] = [];
  for (let s = 1; s < stackFrame.length; s++) {
    const frame = stackFrame[s];
    if (live[s] && !used[frame]) {
      used[frame] = 1;
      usedFrames.push(frame);
    }
  }
  return computeFrameOrder(stacks.frames, Int32Array.from(usedFrames));
}

/**
 * The live stacks other than the empty one, ordered by their frame's rank in name order (a
 * counting sort, linear in stacks plus frames), with the parent of each beside it: read through
 * the order, each parent would be a cache miss on a million stacks.
 */
function liveStacksByName(
  stacks: StackTable,
  stackFrame: Int32Array,
  stackParent: Int32Array,
  live: Uint8Array,
): { ordered: Int32Array; parentOfOrdered: Int32Array } {
  const rank = rankUsedFrames(stacks, stackFrame, live);
  const start = new Int32Array(stacks.frames.size + 1);
  let count = 0;
  for (let s = 1; s < stackFrame.length; s++) {
    if (!live[s]) continue;
    start[rank[stackFrame[s]] + 1]++;
    count++;
  }
  for (let r = 0; r < stacks.frames.size; r++) start[r + 1] += start[r];
  const ordered = new Int32Array(count);
  const parentOfOrdered = new Int32Array(count);
  for (let s = 1; s < stackFrame.length; s++) {
    if (!live[s]) continue;
    const k = start[rank[stackFrame[s]]]++;
    ordered[k] = s;
    parentOfOrdered[k] = stackParent[s];
  }
  return { ordered, parentOfOrdered };
}

/** Each parent's children heaviest first, ties in name order. */
function sortByWeight(
  stacks: StackTable,
  stackFrame: Int32Array,
  offsets: Int32Array,
  children: Int32Array,
  total: Float64Array,
): void {
  const live = new Uint8Array(stackFrame.length);
  for (let k = 0; k < children.length; k++) live[children[k]] = 1;
  const rank = rankUsedFrames(stacks, stackFrame, live);
  const before = (a: number, b: number) =>
    total[b] - total[a] || rank[stackFrame[a]] - rank[stackFrame[b]];
  for (let p = 0; p + 1 < offsets.length; p++) {
    const start = offsets[p];
    const end = offsets[p + 1];
    if (end - start < 2) continue;
    if (end - start <= 24) insertionSort(children, start, end, before);
    else children.subarray(start, end).sort(before);
  }
}
