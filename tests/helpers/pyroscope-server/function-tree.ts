import { int64 } from './protojson';

/**
 * Grafana Pyroscope's function-name tree, as the test server builds and cuts it (after
 * grafana/pyroscope pkg/model tree.go, flamegraph.go and flamegraph_diff.go): stacks merged by
 * function name, children in name order, and a cut to `maxNodes` that folds the calls below the
 * `maxNodes`-th largest total into one `other` child per caller.
 */
export interface NameNode {
  name: string;
  self: number;
  total: number;
  children: NameNode[];
}

const OTHER = 'other';

export function newNode(name: string): NameNode {
  return { name, self: 0, total: 0, children: [] };
}

/** Adds `value` on the stack of `names`, root first. */
export function insertStack(root: NameNode, names: readonly string[], value: number): void {
  if (value <= 0) return;
  let node = root;
  node.total += value;
  for (const name of names) {
    let lo = 0;
    let hi = node.children.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (node.children[mid].name < name) lo = mid + 1;
      else hi = mid;
    }
    let child = node.children[lo];
    if (!child || child.name !== name) {
      child = newNode(name);
      node.children.splice(lo, 0, child);
    }
    child.total += value;
    node = child;
  }
  node.self += value;
}

function forEachNode(roots: readonly NameNode[], visit: (node: NameNode) => void): void {
  const stack = [...roots];
  while (stack.length > 0) {
    const node = stack.pop()!;
    visit(node);
    stack.push(...node.children);
  }
}

/** The `maxNodes`-th largest total below the root, or 0 when the tree is no larger (tree.go minValue). */
export function minValue(root: NameNode, maxNodes: number): number {
  if (maxNodes < 1) return 0;
  const totals: number[] = [];
  forEachNode(root.children, (node) => totals.push(node.total));
  if (totals.length <= maxNodes) return 0;
  totals.sort((a, b) => b - a);
  return totals[maxNodes - 1];
}

/**
 * A copy cut as a tree is cut before it is sent (tree.go MarshalTruncate): children under the
 * threshold fold into an `other` child; a node named `other` stays and takes the fold.
 */
export function truncateTree(root: NameNode, maxNodes: number): NameNode {
  const threshold = minValue(root, maxNodes);
  const copy = (node: NameNode): NameNode => {
    const out: NameNode = { name: node.name, self: node.self, total: node.total, children: [] };
    let other = 0;
    for (const child of node.children) {
      if (child.total >= threshold || child.name === OTHER) out.children.push(copy(child));
      else other += child.total;
    }
    if (other > 0) {
      let target = out.children.find((child) => child.name === OTHER);
      if (!target) {
        target = newNode(OTHER);
        out.children.push(target);
        out.children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      }
      target.total += other;
      target.self += other;
    }
    return out;
  };
  return copy(root);
}

export interface FlameGraphJson {
  names: string[];
  levels: { values: string[] }[];
  total: string;
  maxSelf: string;
  leftTicks?: string;
  rightTicks?: string;
}

/** The `names` of a flame graph, each name once, and the index of a name (added when new). */
function createNames(): { names: string[]; indexOf(name: string): number } {
  const names: string[] = [];
  const index = new Map<string, number>();
  return {
    names,
    indexOf(name) {
      let found = index.get(name);
      if (found === undefined) index.set(name, (found = names.push(name) - 1));
      return found;
    },
  };
}

/** querier.v1.FlameGraph of the tree, cut to `maxNodes` (flamegraph.go NewFlameGraph). */
export function flameGraphOf(root: NameNode, maxNodes: number): FlameGraphJson {
  const threshold = minValue(root, maxNodes);
  const { names, indexOf } = createNames();
  const levels: number[][] = [];
  let maxSelf = 0;
  // Pre-order, so that each level is written left to right.
  const stack: { node: NameNode; x: number; depth: number; name: string }[] = [
    { node: root, x: 0, depth: 0, name: 'total' },
  ];
  while (stack.length > 0) {
    const { node, x, depth, name } = stack.pop()!;
    maxSelf = Math.max(maxSelf, node.self);
    (levels[depth] ??= []).push(x, node.total, node.self, indexOf(name));
    let offset = x + node.self;
    const next: typeof stack = [];
    let other = 0;
    for (const child of node.children) {
      if (child.total >= threshold && child.name !== OTHER) {
        next.push({ node: child, x: offset, depth: depth + 1, name: child.name });
        offset += child.total;
      } else other += child.total;
    }
    if (other > 0) {
      next.push({
        node: { ...newNode(OTHER), self: other, total: other },
        x: offset,
        depth: depth + 1,
        name: OTHER,
      });
    }
    stack.push(...next.reverse());
  }
  return {
    names,
    levels: levels.map((level) => ({ values: deltaEncode(level, 4, [0]).map(int64) })),
    total: int64(root.total),
    maxSelf: int64(maxSelf),
  };
}

/** Offsets as gaps from the end of the previous node of the row (flamegraph.go deltaEncoding). */
function deltaEncode(level: number[], step: number, offsetFields: number[]): number[] {
  const out = [...level];
  for (const at of offsetFields) {
    let end = 0;
    for (let k = at; k < out.length; k += step) {
      const start = out[k];
      out[k] = start - end;
      end = start + out[k + 1];
    }
  }
  return out;
}

interface PairNode {
  name: string;
  left: NameNode;
  right: NameNode;
  children: PairNode[];
}

/** Both trees aligned by name, a node missing on one side standing there with zeros. */
function combine(left: NameNode, right: NameNode, name: string): PairNode {
  const byName = new Map<string, [NameNode, NameNode]>();
  for (const child of left.children) byName.set(child.name, [child, newNode(child.name)]);
  for (const child of right.children) {
    const pair = byName.get(child.name);
    if (pair) pair[1] = child;
    else byName.set(child.name, [newNode(child.name), child]);
  }
  const children = [...byName.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((childName) => combine(...byName.get(childName)!, childName));
  return { name, left, right, children };
}

/** querier.v1.FlameGraphDiff of two trees, cut to `maxNodes` (flamegraph_diff.go). */
export function flameGraphDiffOf(
  left: NameNode,
  right: NameNode,
  maxNodes: number,
): FlameGraphJson {
  const root = combine(left, right, 'total');
  let threshold = 0;
  if (maxNodes > 0) {
    const weights: number[] = [];
    const stack = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      weights.push(Math.max(node.left.total, node.right.total));
      stack.push(...node.children);
    }
    if (weights.length > maxNodes) {
      weights.sort((a, b) => b - a);
      threshold = weights[maxNodes - 1];
    }
  }
  const { names, indexOf } = createNames();
  const levels: number[][] = [];
  let maxSelf = 0;
  const stack = [{ node: root, xl: 0, xr: 0, depth: 0 }];
  while (stack.length > 0) {
    const { node, xl, xr, depth } = stack.pop()!;
    const { left: l, right: r } = node;
    maxSelf = Math.max(maxSelf, l.self, r.self);
    (levels[depth] ??= []).push(xl, l.total, l.self, xr, r.total, r.self, indexOf(node.name));
    let offsetLeft = xl + l.self;
    let offsetRight = xr + r.self;
    const next: typeof stack = [];
    let otherLeft = 0;
    let otherRight = 0;
    for (const child of node.children) {
      if (child.left.total >= threshold || child.right.total >= threshold) {
        next.push({ node: child, xl: offsetLeft, xr: offsetRight, depth: depth + 1 });
        offsetLeft += child.left.total;
        offsetRight += child.right.total;
      } else {
        otherLeft += child.left.total;
        otherRight += child.right.total;
      }
    }
    if (otherLeft !== 0 || otherRight !== 0) {
      const other: PairNode = {
        name: OTHER,
        left: { ...newNode(OTHER), self: otherLeft, total: otherLeft },
        right: { ...newNode(OTHER), self: otherRight, total: otherRight },
        children: [],
      };
      next.push({ node: other, xl: offsetLeft, xr: offsetRight, depth: depth + 1 });
    }
    stack.push(...next.reverse());
  }
  return {
    names,
    levels: levels.map((level) => ({ values: deltaEncode(level, 7, [0, 3]).map(int64) })),
    total: int64(left.total + right.total),
    maxSelf: int64(maxSelf),
    leftTicks: int64(left.total),
    rightTicks: int64(right.total),
  };
}
