import { CallTree, ROOT_FRAME } from './call-tree';
import { computeCallTree, type SiblingOrder } from './call-tree-from-stacks';
import { FlamekitError } from './errors';
import { compareOptional, computeFrameOrder, rememberFrameOrder } from './frame-order';
import { FrameTable } from './frame-table';
import { StringTable } from './string-table';
import { StackTable } from './stack-table';
import type { Profile } from './profile';
import { resolveSampleType } from './profile-builder';
import { orderSiblingsByWeight } from './sibling-order';
import type { FrameIndex } from './types';

export interface DiffOptions {
  /**
   * Scale the baseline so that its total equals the comparison's, for profiles of different
   * lengths (10 s against 60 s): a node then differs only where its share changed. Default false.
   */
  normalize?: boolean;
  /**
   * Which frames of the two trees are the same function:
   * - `'name'` (default): the name alone, so that profiles from different tools and formats line up
   *   (one has files and lines, the other only names). Frames that share a name under one parent
   *   (two `(anonymous)` functions in different files) become one node, with the name only.
   * - `'frame'`: name, file, line and module all equal, for two profiles of one kind (two pprof
   *   files), keeping every frame's file and line.
   */
  matchBy?: 'name' | 'frame';
  /** Sibling order of the result, as in {@link computeCallTree}. Default `'name'`. */
  siblingOrder?: SiblingOrder;
}

/**
 * One tree that compares two: the nodes of both, aligned by path from the root (the frames of each
 * node's ancestors, matched as `options.matchBy` says), with the comparison's values as `self` and
 * `total` and the baseline's as `baselineSelf` and `baselineTotal`. A path found on one side only
 * is a node with 0 on the other, so removed frames stay in the tree. The trees may come from any
 * two profiles of any formats; only their `self` columns are read (a tree that is itself a
 * comparison counts as its comparison side).
 *
 * Cost: linear in the two trees. When both list siblings in name order (the default of every tree
 * flamekit builds) the two are merged in one simultaneous depth-first walk, with no lookups and
 * no sorting (and then, for `siblingOrder: 'total'`, each node's children sorted by weight);
 * otherwise the paths are merged through a {@link StackTable} and laid out again.
 *
 * ```ts
 * const diff = computeDiff(before.tree(), after.tree(), { normalize: true });
 * diff.total[node] - diff.baselineTotal![node]; // the change at a node
 * ```
 */
export function computeDiff(
  baseline: CallTree,
  comparison: CallTree,
  options: DiffOptions = {},
): CallTree {
  if (!(baseline instanceof CallTree) || !(comparison instanceof CallTree)) {
    throw new FlamekitError(
      'invalid-argument',
      'computeDiff takes two CallTrees; for a Profile pass profile.tree(sampleType)',
    );
  }
  const { normalize = false, matchBy = 'name', siblingOrder = 'name' } = options;
  if (matchBy !== 'name' && matchBy !== 'frame') {
    throw new FlamekitError(
      'invalid-argument',
      `matchBy "${String(matchBy)}" is unknown; use "name" or "frame"`,
    );
  }
  const frames = mergeFrameTables(baseline.frames, comparison.frames, matchBy);
  let scale = 1;
  if (normalize && baseline.total[0] !== 0) scale = comparison.total[0] / baseline.total[0];
  const merge = {
    frames: frames.table,
    rootName: comparison.rootName,
    baseline,
    comparison,
    baselineFrame: frames.fromFirst,
    comparisonFrame: frames.fromSecond,
    scale,
  };
  // Merged in name order when both trees are, then put heaviest first if asked.
  const merged = mergeInNameOrder(merge);
  if (merged) return siblingOrder === 'name' ? merged : orderSiblingsByWeight(merged);
  return mergeThroughStacks(merge, siblingOrder);
}

/**
 * The diff of two profiles for one sample type, matched by name: `sampleType` (an index or a name
 * of the baseline's types; default its default type) is looked up by name in the comparison,
 * which must have it. For a profile that is itself a comparison (a flamebearer diff, a two-count
 * folded file, nested-set frames with `valueRight`), `profile.tree()` is already the diff tree.
 */
export function diffProfiles(
  baseline: Profile,
  comparison: Profile,
  options: DiffOptions & { sampleType?: number | string } = {},
): CallTree {
  const index = resolveSampleType(baseline, options.sampleType);
  const type = baseline.sampleTypes[index];
  const match = comparison.sampleTypes.findIndex((t) => t.type === type.type);
  if (match < 0) {
    const names = comparison.sampleTypes.map((t) => t.type).join(', ');
    throw new FlamekitError(
      'invalid-argument',
      `the comparison profile has no sample type "${type.type}" (it has ${names}); pick a type both profiles have`,
    );
  }
  return computeDiff(baseline.tree(index), comparison.tree(match), options);
}

interface TreeMerge {
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
 * The frames of two tables as one, in name order (the order of {@link computeFrameOrder}), with
 * the merged id of each frame of either table. Both tables' sorted orders are merged like two
 * sorted lists, so each frame is compared a few times, and the merged table is made from columns
 * without hashing its frames (matched by name, not its strings either).
 */
interface MergedFrames {
  table: FrameTable;
  fromFirst: Int32Array;
  fromSecond: Int32Array;
}

function mergeFrameTables(
  first: FrameTable,
  second: FrameTable,
  matchBy: 'name' | 'frame',
): MergedFrames {
  if (first === second && matchBy === 'frame') {
    const identity = Int32Array.from({ length: first.size }, (_, f) => f);
    return { table: first, fromFirst: identity, fromSecond: identity };
  }
  if (matchBy === 'name') return mergeFrameNames(first, second);
  const fromFirst = new Int32Array(first.size);
  const fromSecond = new Int32Array(second.size);
  const firstKeys = sortedKeys(first);
  const secondKeys = sortedKeys(second);
  const merged: FrameKey[] = [];
  let i = 0;
  let j = 0;
  while (i < firstKeys.length || j < secondKeys.length) {
    const a = i < firstKeys.length ? firstKeys[i] : undefined;
    const b = j < secondKeys.length ? secondKeys[j] : undefined;
    const order = !a ? 1 : !b ? -1 : compareKeys(a, b);
    const key = (order <= 0 ? a : b)!;
    const last = merged.length > 0 ? merged[merged.length - 1] : undefined;
    if (!last || compareKeys(last, key) !== 0) merged.push(key);
    if (order <= 0) fromFirst[firstKeys[i++].frame] = merged.length - 1;
    if (order >= 0) fromSecond[secondKeys[j++].frame] = merged.length - 1;
  }
  return { table: frameTableOf(merged), fromFirst, fromSecond };
}

/**
 * {@link mergeFrameTables} matching by name: the two tables' names, each list in name order (a
 * table's frames that share a name are next to each other there), merged like two sorted lists
 * into one frame per distinct name. Plain strings, no object per frame: the tables of two large
 * profiles hold tens of thousands of frames.
 */
function mergeFrameNames(first: FrameTable, second: FrameTable): MergedFrames {
  const a = framesInNameOrder(first);
  const b = framesInNameOrder(second);
  const fromFirst = new Int32Array(first.size);
  const fromSecond = new Int32Array(second.size);
  const names: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.names.length || j < b.names.length) {
    const name =
      j === b.names.length || (i < a.names.length && a.names[i] <= b.names[j])
        ? a.names[i]
        : b.names[j];
    const id = names.length;
    names.push(name);
    while (i < a.names.length && a.names[i] === name) fromFirst[a.frames[i++]] = id;
    while (j < b.names.length && b.names[j] === name) fromSecond[b.frames[j++]] = id;
  }
  const count = names.length;
  const nameColumn = new Int32Array(count);
  for (let k = 0; k < count; k++) nameColumn[k] = k; // distinct names: string k is frame k's
  const table = FrameTable.trusted(StringTable.trusted(names), {
    name: nameColumn,
    file: new Int32Array(count).fill(-1),
    line: new Int32Array(count),
    module: new Int32Array(count).fill(-1),
  });
  // The merged frames are distinct and already in name order, which saves sorting them again.
  rememberFrameOrder(table, nameColumn);
  return { table, fromFirst, fromSecond };
}

/** The frames of a table in name order (computeFrameOrder's), with their names. */
function framesInNameOrder(frames: FrameTable): { frames: Int32Array; names: string[] } {
  const rank = computeFrameOrder(frames);
  const ordered = new Int32Array(frames.size);
  for (let f = 0; f < frames.size; f++) ordered[rank[f]] = f;
  const names: string[] = new Array(frames.size);
  for (let k = 0; k < frames.size; k++) names[k] = frames.name(ordered[k]);
  return { frames: ordered, names };
}

/** A frame table of distinct `keys`, frame k being keys[k], remembered as in name order. */
function frameTableOf(keys: FrameKey[]): FrameTable {
  const count = keys.length;
  const columns = {
    name: new Int32Array(count),
    file: new Int32Array(count).fill(-1),
    line: new Int32Array(count),
    module: new Int32Array(count).fill(-1),
  };
  const strings = new StringTable();
  const order = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const { name, file, line, module } = keys[k];
    columns.name[k] = strings.intern(name);
    if (file !== undefined) columns.file[k] = strings.intern(file);
    columns.line[k] = line;
    if (module !== undefined) columns.module[k] = strings.intern(module);
    order[k] = k;
  }
  const table = FrameTable.trusted(strings, columns);
  // The merged frames are distinct and already in name order, which saves sorting them again.
  rememberFrameOrder(table, order);
  return table;
}

interface FrameKey {
  frame: FrameIndex;
  name: string;
  file?: string;
  line: number;
  module?: string;
}

/** The frames of a table in name order (computeFrameOrder's), each with all its parts. */
function sortedKeys(frames: FrameTable): FrameKey[] {
  const rank = computeFrameOrder(frames);
  const keys: FrameKey[] = new Array(frames.size);
  for (let f = 0; f < frames.size; f++) {
    keys[rank[f]] = {
      frame: f,
      name: frames.name(f),
      file: frames.file(f),
      line: frames.line(f) ?? 0,
      module: frames.module(f),
    };
  }
  return keys;
}

/** The order of computeFrameOrder without its final tie-break by id. */
function compareKeys(a: FrameKey, b: FrameKey): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return compareOptional(a.file, b.file) || a.line - b.line || compareOptional(a.module, b.module);
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
function mergeInNameOrder(merge: TreeMerge): CallTree | undefined {
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
function mergeThroughStacks(merge: TreeMerge, siblingOrder: SiblingOrder): CallTree {
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
