import type { CallTree } from '../model/call-tree';
import { FlamekitError } from '../errors';

/** The totals a bottom-up row and the rows under it show (see {@link computeCallerTotals}). */
export interface CallerTotals {
  /** Value of the samples whose stack holds the path, each sample once. */
  total: number;
  /** For each function that calls the path's last caller: the same, through that caller too. */
  callers: Map<string, number>;
}

/**
 * The totals of a bottom-up path: `path` is a function, then its caller, then the caller's
 * caller (`['parse', 'load', 'main']` stands for `main` calling `load` calling `parse`).
 *
 * - `total`: the value of every sample whose stack holds the path (`...;main;load;parse;...`),
 *   each sample once however often its stack holds it (recursion). For a path of one function it
 *   is the function's total, as the top table, pprof and Chrome DevTools count it.
 * - `callers`: the same for the path extended by each caller found above it, by name.
 *
 * These are the "total" column of a bottom-up tree such as Chrome DevTools' (time spent in the
 * function, its callees included, when called through this chain of callers); core's
 * {@link createInvertedTree} gives the self column (the samples that end in the function).
 *
 * One pass over the nodes, and for each node of the function a walk of `path.length` callers up:
 * O(nodes + calls × path length). Nodes are met in pre-order, so a node inside another that
 * matched already (the same function, recursive) is left out by a range check.
 *
 * ```ts
 * const tree = treeFromFolded('main;a;b 2\nmain;b;b 1\nmain;c 1');
 * computeCallerTotals(tree, ['b']); // { total: 3, callers: Map { 'a' => 2, 'main' => 1, 'b' => 1 } }
 * ```
 */
export function computeCallerTotals(tree: CallTree, path: readonly string[]): CallerTotals {
  if (!Array.isArray(path) || path.length === 0 || path.some((name) => typeof name !== 'string')) {
    throw new FlamekitError(
      'invalid-argument',
      'the path must be a non-empty array of function names, the function first',
    );
  }
  const { nodeCount: n, frame, parent, total, subtreeEnd, frames } = tree;
  const callers = new Map<string, number>();
  // `find`, not `intern`: looking names up must not add them to the tree's string table.
  const ids = path.map((name) => frames.strings.find(name));
  if (ids.some((id) => id < 0)) return { total: 0, callers };
  const nameOf = new Int32Array(frames.size);
  for (let f = 0; f < frames.size; f++) nameOf[f] = frames.nameId(f);

  const sums = new Map<number, { value: number; coveredUntil: number }>();
  let pathTotal = 0;
  let coveredUntil = 0;
  for (let node = 1; node < n; node++) {
    if (nameOf[frame[node]] !== ids[0]) continue;
    let reached = node;
    let k = 1;
    for (; k < ids.length; k++) {
      reached = parent[reached];
      if (reached <= 0 || nameOf[frame[reached]] !== ids[k]) break;
    }
    if (k < ids.length) continue;
    if (node >= coveredUntil) {
      pathTotal += total[node];
      coveredUntil = subtreeEnd[node];
    }
    const caller = parent[reached];
    if (caller <= 0) continue;
    const name = nameOf[frame[caller]];
    let sum = sums.get(name);
    if (!sum) sums.set(name, (sum = { value: 0, coveredUntil: 0 }));
    if (node >= sum.coveredUntil) {
      sum.value += total[node];
      sum.coveredUntil = subtreeEnd[node];
    }
  }
  for (const [name, sum] of sums) callers.set(frames.strings.get(name), sum.value);
  return { total: pathTotal, callers };
}
