import type { CallTree } from '../model/call-tree';
import type { SiblingOrder } from '../model/call-tree-from-stacks';
import { GroupMerge, PreOrderWriter } from './group-merge';
import type { NodeIndex } from '../types';

/*
 * The two trees of a sandwich, merged straight from the input tree in pre-order.
 *
 * Both are merges of paths by frame: the callees merge the subtrees of the call sites, the callers
 * merge the paths from the call sites up to the root. A node of the output stands for a group of
 * input nodes with one frame at one place; its children are the groups of the next nodes of its
 * members (their children, or their parents) with one frame. Writing each group as it is met, in
 * depth-first order with siblings sorted by frame rank, gives the tree's pre-order directly: no
 * hash table of stacks, and no second pass to lay the tree out. A group of one node whose input
 * is already in frame order, has nothing to drop and needs no other order is copied whole.
 */

/**
 * The callees tree: below the root one node for all of `sites` (disjoint subtrees, in pre-order;
 * the node takes the frame of the first), and below it their subtrees merged by path.
 */
export function mergeCallSites(
  tree: CallTree,
  sites: Int32Array,
  capacity: number,
  order: SiblingOrder,
): CallTree {
  const { frame, self, baselineSelf, total, baselineTotal, subtreeEnd } = tree;
  const out = new PreOrderWriter(capacity, !!baselineSelf);
  const merge = new GroupMerge(tree, sites.length + capacity, tree.nodeCount, order);
  const { rank, span } = merge;
  // Copying subtrees whole pays when the input is in frame order; one that is not (a tree ordered
  // heaviest first) fails the first try, and then no more are tried.
  let copyWhole = order === 'name';
  const rankAtDepth = new Int32Array(tree.maxDepth + 1);
  const weightOf = (node: number) => total[node] + (baselineTotal ? baselineTotal[node] : 0);
  if (sites.length === 0) return out.build(tree);
  merge.members.set(sites);
  merge.top = sites.length;
  merge.pushGroup(0, sites.length, 0, 1);
  while (merge.popGroup(out)) {
    const { start, end, parent, depth } = merge;
    const members = merge.members;
    if (copyWhole && end - start === 1) {
      if (copySubtree(tree, rank, rankAtDepth, members[start], out, parent, depth)) continue;
      copyWhole = false;
    }
    const node = out.open(frame[members[start]], parent, depth);
    merge.pushNodeEnd(node);
    let childBound = 0;
    for (let k = start; k < end; k++) {
      const m = members[k];
      out.self[node] += self[m];
      if (out.baselineSelf) out.baselineSelf[node] += baselineSelf![m];
      childBound += subtreeEnd[m] - m - 1; // the whole subtree, at most
    }
    const childStart = merge.top;
    merge.reserve(Math.min(childBound, span));
    const keys = merge.keys;
    let childEnd = childStart;
    for (let k = start; k < end; k++) {
      const m = merge.members[k];
      for (let child = m + 1; child < subtreeEnd[m]; child = subtreeEnd[child])
        keys[childEnd++] = rank[frame[child]] * span + child;
    }
    merge.top = childEnd;
    merge.pushChildGroups(childStart, childEnd, node, depth + 1, weightOf);
  }
  return out.build(tree);
}

/**
 * Copies the subtree of `root` below `parent` as it is, when it has nothing to sort or drop: its
 * children in frame order and no leaf without a value. Otherwise writes nothing and returns false.
 */
function copySubtree(
  tree: CallTree,
  rank: Int32Array,
  rankAtDepth: Int32Array,
  root: NodeIndex,
  out: PreOrderWriter,
  parent: NodeIndex,
  depth: number,
): boolean {
  const { frame, self, baselineSelf, parent: inParent, depth: inDepth, subtreeEnd } = tree;
  const end = subtreeEnd[root];
  const at = out.count;
  const shift = at - root;
  const depthShift = depth - inDepth[root];
  const { frame: outFrame, parent: outParent, depth: outDepth, subtreeEnd: outEnd } = out;
  const outSelf = out.self;
  const outBaselineSelf = out.baselineSelf;
  // One pass checks and copies. A child that is not its parent's first has as previous sibling
  // the last node met at its depth (the nodes between are deeper); `rankAtDepth` is scratch.
  for (let i = root; i < end; i++) {
    const f = frame[i];
    const r = rank[f];
    const d = inDepth[i];
    const p = inParent[i];
    const empty =
      subtreeEnd[i] === i + 1 && self[i] === 0 && (!baselineSelf || baselineSelf[i] === 0);
    if (empty || (i > root && p !== i - 1 && r <= rankAtDepth[d])) {
      // Take back what was written: a free slot's self must be 0.
      outSelf.fill(0, at, i + shift);
      outBaselineSelf?.fill(0, at, i + shift);
      return false;
    }
    rankAtDepth[d] = r;
    const o = i + shift;
    outFrame[o] = f;
    outParent[o] = p + shift;
    outDepth[o] = d + depthShift;
    outEnd[o] = subtreeEnd[i] + shift;
    outSelf[o] = self[i];
    if (outBaselineSelf) outBaselineSelf[o] = baselineSelf![i];
  }
  outParent[at] = parent;
  out.count += end - root;
  return true;
}

/**
 * The callers tree: below the root one node for all of `sites` (the frame of the first), and
 * below it the paths from their callers up to the outermost frames, merged, each call site
 * weighing its total. A path ends in a node whose self is the weight of the sites it leads to.
 */
export function mergeCallerPaths(tree: CallTree, sites: Int32Array, order: SiblingOrder): CallTree {
  const { frame, parent: parentOf, depth: depthOf, total, baselineTotal } = tree;
  // Call sites under one parent share their whole path: one member (a slot) per parent. A slot
  // holds the node its path has reached; paths under distinct parents never meet again, because
  // two distinct nodes with one frame cannot have the same parent.
  const slotOfParent = new Map<NodeIndex, number>();
  const reached: number[] = [];
  const weight = new Float64Array(sites.length);
  const baselineWeight = baselineTotal && new Float64Array(sites.length);
  let topSelf = 0;
  let topBaselineSelf = 0;
  let capacity = 2;
  for (const site of sites) {
    const p = parentOf[site];
    if (p === 0) {
      topSelf += total[site];
      if (baselineTotal) topBaselineSelf += baselineTotal[site];
      continue;
    }
    let slot = slotOfParent.get(p);
    if (slot === undefined) {
      slot = reached.length;
      slotOfParent.set(p, slot);
      reached.push(p);
      capacity += depthOf[p];
    }
    weight[slot] += total[site];
    if (baselineWeight) baselineWeight[slot] += baselineTotal![site];
  }
  const out = new PreOrderWriter(capacity, !!baselineTotal);
  if (sites.length === 0) return out.build(tree);
  const slotCount = reached.length;
  const current = Int32Array.from(reached);
  const merge = new GroupMerge(tree, capacity + slotCount, Math.max(1, slotCount), order);
  const { rank, span } = merge;
  const weightOf = (slot: number) => weight[slot] + (baselineWeight ? baselineWeight[slot] : 0);
  const isEmpty = (slot: number) =>
    weight[slot] === 0 && (!baselineWeight || baselineWeight[slot] === 0);

  const top = out.open(frame[sites[0]], 0, 1);
  out.self[top] = topSelf;
  if (out.baselineSelf) out.baselineSelf[top] = topBaselineSelf;
  merge.pushNodeEnd(top);
  for (let slot = 0; slot < slotCount; slot++)
    merge.keys[slot] = rank[frame[current[slot]]] * span + slot;
  merge.top = slotCount;
  merge.pushChildGroups(0, slotCount, top, 2, weightOf);
  while (merge.popGroup(out)) {
    const { start, end, parent, depth } = merge;
    if (end - start === 1) {
      // One path left: the rest of it is a chain with nothing to merge.
      const slot = merge.members[start];
      if (!isEmpty(slot)) {
        const baselineValue = baselineWeight ? baselineWeight[slot] : 0;
        writeChain(tree, current[slot], out, parent, depth, weight[slot], baselineValue);
      }
      continue;
    }
    const node = out.open(frame[current[merge.members[start]]], parent, depth);
    merge.pushNodeEnd(node);
    const childStart = merge.top;
    merge.reserve(end - start);
    const { keys, members } = merge;
    let childEnd = childStart;
    for (let k = start; k < end; k++) {
      const slot = members[k];
      const next = parentOf[current[slot]];
      if (next > 0) {
        current[slot] = next;
        keys[childEnd++] = rank[frame[next]] * span + slot;
      } else {
        out.self[node] += weight[slot];
        if (out.baselineSelf) out.baselineSelf[node] += baselineWeight![slot];
      }
    }
    merge.top = childEnd;
    merge.pushChildGroups(childStart, childEnd, node, depth + 1, weightOf);
  }
  return out.build(tree);
}

/** Writes the path from `from` up to the outermost frame as a chain, its end weighing `value`. */
function writeChain(
  tree: CallTree,
  from: NodeIndex,
  out: PreOrderWriter,
  parent: NodeIndex,
  depth: number,
  value: number,
  baselineValue: number,
): void {
  const first = out.count;
  let node = parent;
  for (let m = from; m > 0; m = tree.parent[m]) node = out.open(tree.frame[m], node, depth++);
  out.self[node] = value;
  if (out.baselineSelf) out.baselineSelf[node] = baselineValue;
  for (let k = first; k < out.count; k++) out.subtreeEnd[k] = out.count;
}
