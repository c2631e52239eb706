import type { CallTree } from '../model/call-tree';

// The nodes of the bottom-up tree (inverted-tree.ts) and what they are made from: the sums per
// function of one grouping, the top level whose entries are laid out on first use, and the
// orderings of groups by name and by weight.

/**
 * A node of the bottom-up tree. Its path is a function where samples end, then its caller, then
 * the caller's caller: `['parse', 'load', 'main']` stands for every stack `...;main;load;parse`
 * that ends in `parse`.
 *
 * The node is a set of entries, one per original node whose samples follow that path: the entry
 * starts at that node (its origin, a node whose self is not 0 on either side) and has climbed
 * `path.length - 1` callers up to `nodes[k]`.
 * - `total`: the summed self of the origins, the samples that end in `path[0]` through this path.
 *   At the top level it is the function's self.
 * - `self`: the part of `total` whose stacks end here, with no caller above the last function of
 *   the path (`nodes[k]` is a child of the root).
 *
 * These are the totals and selves of {@link computeInvertedTree}'s nodes, computed for the nodes
 * that are asked for only.
 */
export interface InvertedNode {
  name: string;
  path: string[];
  self: number;
  total: number;
  /** The same on the baseline side, for a tree that compares two profiles. */
  baselineSelf?: number;
  baselineTotal?: number;
  /** The original node each entry has reached: the caller at this level. */
  nodes: Int32Array;
  /** The original node each entry started from, whose self it carries (`nodes` at the top level). */
  origins: Int32Array;
  /** Whether some entry has a caller above it, that is whether {@link InvertedTree.children} has any. */
  hasCallers: boolean;
}

/**
 * The first `count` ids ordered by their key, distinct integers below `keyLimit`: placed by key in
 * one pass, where a sort with a comparison callback costs ten times more for 40,000 functions.
 */
export function orderByKey(key: Int32Array, count: number, keyLimit: number): Int32Array {
  const idOfKey = new Int32Array(keyLimit).fill(-1);
  for (let id = 0; id < count; id++) idOfKey[key[id]] = id;
  const order = new Int32Array(count);
  let at = 0;
  for (let k = 0; k < keyLimit && at < count; k++) if (idOfKey[k] >= 0) order[at++] = idOfKey[k];
  return order;
}

/**
 * `ids` reordered heaviest first, ties kept in their given order (stable). The weights are sorted
 * as plain numbers (the engine's fast numeric sort), and each id placed after the heavier ones.
 */
export function orderByWeight(ids: Int32Array, weight: Float64Array): Int32Array {
  const sorted = new Float64Array(ids.length);
  for (let k = 0; k < ids.length; k++) sorted[k] = -weight[ids[k]];
  sorted.sort();
  // next[i]: where the next id whose weight sorts first at i goes; equal weights share an i.
  const next = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) next[i] = i;
  const order = new Int32Array(ids.length);
  for (let k = 0; k < ids.length; k++)
    order[next[firstNotBelow(sorted, -weight[ids[k]])]++] = ids[k];
  return order;
}

/** The first index of `sorted` whose value is not below `value` (a lower bound). */
function firstNotBelow(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Sums per group (a function name) during one grouping. */
export class Groups {
  readonly touchedFrames: number[] = [];
  readonly nameOf: number[] = [];
  readonly size: Int32Array;
  readonly nameKey: Int32Array;
  readonly total: Float64Array;
  /** The part of total with no caller above. */
  readonly ending: Float64Array;
  /** Entries with a caller above. */
  readonly withCaller: Int32Array;
  readonly baselineTotal: Float64Array | undefined;
  readonly baselineEnding: Float64Array | undefined;

  constructor(capacity: number, twoSided: boolean) {
    this.size = new Int32Array(capacity);
    this.nameKey = new Int32Array(capacity);
    this.total = new Float64Array(capacity);
    this.ending = new Float64Array(capacity);
    this.withCaller = new Int32Array(capacity);
    if (twoSided) {
      this.baselineTotal = new Float64Array(capacity);
      this.baselineEnding = new Float64Array(capacity);
    }
  }

  get count(): number {
    return this.nameOf.length;
  }

  open(name: number, nameKey: number): number {
    const g = this.nameOf.length;
    this.nameOf.push(name);
    this.nameKey[g] = nameKey;
    return g;
  }

  add(g: number, value: number, baselineValue: number, ends: boolean): void {
    this.size[g]++;
    this.total[g] += value;
    if (ends) this.ending[g] += value;
    else this.withCaller[g]++;
    if (this.baselineTotal && this.baselineEnding) {
      this.baselineTotal[g] += baselineValue;
      if (ends) this.baselineEnding[g] += baselineValue;
    }
  }

  names(tree: CallTree): string[] {
    return this.nameOf.map((name) => tree.frames.strings.get(name));
  }

  /** Where each group's entries start when laid out in `order`. */
  offsets(order: Int32Array): Int32Array {
    const offset = new Int32Array(this.count);
    for (let k = 0, at = 0; k < order.length; k++) {
      offset[order[k]] = at;
      at += this.size[order[k]];
    }
    return offset;
  }

  /** The sums of group `g` as a node, without its entries. */
  node(
    g: number,
    name: string,
    prefix: readonly string[],
  ): Omit<InvertedNode, 'nodes' | 'origins'> {
    const node: Omit<InvertedNode, 'nodes' | 'origins'> = {
      name,
      path: [...prefix, name],
      self: this.ending[g],
      total: this.total[g],
      hasCallers: this.withCaller[g] > 0,
    };
    if (this.baselineTotal && this.baselineEnding) {
      node.baselineSelf = this.baselineEnding[g];
      node.baselineTotal = this.baselineTotal[g];
    }
    return node;
  }
}

/** The grouped top level, with its entries laid out on first use. */
export class TopLevel {
  nodes: InvertedNode[] = [];
  private entries: Int32Array | undefined;
  private offset: Int32Array | undefined;

  constructor(
    private readonly tree: CallTree,
    private readonly groupOfFrame: Int32Array,
    private readonly size: Int32Array,
    private readonly groupCount: number,
  ) {}

  /** The nodes of group `g`, in pre-order. */
  entriesOf(g: number): Int32Array {
    if (!this.entries || !this.offset) {
      const { nodeCount: n, frame, self, baselineSelf } = this.tree;
      const offset = new Int32Array(this.groupCount + 1);
      for (let k = 0; k < this.groupCount; k++) offset[k + 1] = offset[k] + this.size[k];
      const fill = offset.slice();
      const entries = new Int32Array(offset[this.groupCount]);
      for (let node = 1; node < n; node++) {
        if (self[node] === 0 && !(baselineSelf && baselineSelf[node] !== 0)) continue;
        entries[fill[this.groupOfFrame[frame[node]]]++] = node;
      }
      this.entries = entries;
      this.offset = offset;
    }
    return this.entries.subarray(this.offset[g], this.offset[g + 1]);
  }
}

/**
 * A top-level node: its sums are fields, its entries are laid out when first read. The level and
 * group are private fields so that the node's own fields are only those of {@link InvertedNode}.
 */
export class TopLevelNode implements InvertedNode {
  name: string;
  path: string[];
  self: number;
  total: number;
  hasCallers: boolean;
  baselineSelf?: number;
  baselineTotal?: number;
  readonly #level: TopLevel;
  readonly #group: number;

  constructor(level: TopLevel, group: number, name: string, groups: Groups) {
    this.name = name;
    this.path = [name];
    this.self = groups.ending[group];
    this.total = groups.total[group];
    this.hasCallers = groups.withCaller[group] > 0;
    if (groups.baselineTotal && groups.baselineEnding) {
      this.baselineSelf = groups.baselineEnding[group];
      this.baselineTotal = groups.baselineTotal[group];
    }
    this.#level = level;
    this.#group = group;
  }

  get nodes(): Int32Array {
    return this.#level.entriesOf(this.#group);
  }

  /** At the top level an entry is its own origin. */
  get origins(): Int32Array {
    return this.nodes;
  }
}
