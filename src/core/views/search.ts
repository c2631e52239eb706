import type { CallTree } from '../model/call-tree';
import { FlamekitError, isFlamekitError } from '../errors';
import { compileLinearRegex } from '../regex/linear-regex';
import type { FrameTable } from '../model/frame-table';
import type { NodeIndex } from '../types';

/** What to look for in frame names. */
export interface SearchQuery {
  text: string;
  /**
   * - `substring`: the name contains `text`.
   * - `regex`: `text` is a regular expression in RE2's syntax (as pprof and Prometheus write
   *   them), found anywhere in the name, matched in linear time (see {@link computeSearch}).
   * - `exact`: the whole name equals `text`.
   */
  mode: 'substring' | 'regex' | 'exact';
  /** Default false for `substring` and `regex`, true for `exact` (an exact name is exact). */
  caseSensitive?: boolean;
}

export interface SearchResult {
  /**
   * 1 for each node whose frame matches, else 0; indexed by {@link NodeIndex}. Built the first
   * time it is read: a graph fades boxes by {@link frameMatches} and never needs it.
   */
  matches: Uint8Array;
  /** 1 for each frame whose name matches, else 0; indexed by frame. */
  frameMatches: Uint8Array;
  /** Nodes that match. */
  matchCount: number;
  /** Distinct frames that match. */
  functionCount: number;
  /** The value under the matches, each sample once: a match inside another match adds nothing. */
  matchedTotal: number;
  /** `matchedTotal` over the root's total; 0 when the root's total is 0. */
  share: number;
  /** The matching nodes in pre-order, for stepping with {@link nextMatch} (built when first read). */
  matchOrder: Int32Array;
  /** Why the query matched nothing, for a pattern that is not a valid or safe regex. */
  error?: string;
}

/**
 * Marks the nodes whose frame name matches `query`, with the counts a search box shows. The root
 * never matches. The test runs once per frame of the tree's frame table, not once per node; the
 * counts are made when first read, from a count of the tree's nodes per frame (kept for the tree
 * after its first search) and a walk that skips matched subtrees; `matches` and `matchOrder` when
 * first read too.
 *
 * Regex mode reads RE2's syntax and matches in time linear in the name's length whatever the
 * pattern ({@link compileLinearRegex}): a search comes from a person or from a shared link, and
 * `(a+)+$` or `[^#]*[^#]*#` must not freeze the page. An invalid regex gives no matches and an
 * `error`; it never throws.
 *
 * ```ts
 * const tree = treeFromFolded('main;parse;parse 2\nmain;print 1');
 * const result = computeSearch(tree, { text: 'parse', mode: 'substring' });
 * // result.matchCount === 2, result.functionCount === 1, result.matchedTotal === 2
 * // result.share === 2 / 3
 * ```
 */
export function computeSearch(tree: CallTree, query: SearchQuery): SearchResult {
  const n = tree.nodeCount;
  const found = computeFrameMatches(tree.frames, query);
  if (!found || found.error !== undefined) {
    const result = emptyResult(n, tree.frames.size);
    if (found?.error !== undefined) result.error = found.error;
    return result;
  }
  const frameMatches = found.matches;
  const frame = tree.frame;
  // A graph does not need the counts to fade its boxes: made when first read.
  let counts: { matchCount: number; functionCount: number; matchedTotal: number } | undefined;
  const count = () => (counts ??= countMatches(tree, frameMatches));
  let matches: Uint8Array | undefined;
  let matchOrder: Int32Array | undefined;
  return {
    get matches() {
      if (!matches) {
        matches = new Uint8Array(n);
        for (let node = 1; node < n; node++) matches[node] = frameMatches[frame[node]];
      }
      return matches;
    },
    frameMatches,
    get matchCount() {
      return count().matchCount;
    },
    get functionCount() {
      return count().functionCount;
    },
    get matchedTotal() {
      return count().matchedTotal;
    },
    get share() {
      const rootTotal = tree.total[0];
      return rootTotal === 0 ? 0 : count().matchedTotal / rootTotal;
    },
    get matchOrder() {
      if (!matchOrder) {
        const matchCount = count().matchCount;
        matchOrder = new Int32Array(matchCount);
        for (let node = 1, next = 0; next < matchCount; node++)
          if (frameMatches[frame[node]]) matchOrder[next++] = node;
      }
      return matchOrder;
    },
  };
}

/** How many nodes of each tree have each frame, indexed by frame: made on a tree's first search. */
const nodesPerFrame = new WeakMap<CallTree, Int32Array>();

function countNodesPerFrame(tree: CallTree): Int32Array {
  let counts = nodesPerFrame.get(tree);
  if (!counts) {
    counts = new Int32Array(tree.frames.size);
    const frame = tree.frame;
    for (let node = 1; node < tree.nodeCount; node++) counts[frame[node]]++;
    nodesPerFrame.set(tree, counts);
  }
  return counts;
}

/**
 * The nodes whose frame matches and the distinct frames among them, from the tree's count of
 * nodes per frame (a pass over the frames, not the nodes); then the value under the matches with
 * each sample once, in a walk that skips each match's subtree whole (a match inside it adds
 * nothing). The root never matches. Testing every node's frame instead took three to ten times
 * as long on the benchmarks' million-node tree.
 */
function countMatches(
  tree: CallTree,
  frameMatches: Uint8Array,
): { matchCount: number; functionCount: number; matchedTotal: number } {
  const perFrame = countNodesPerFrame(tree);
  let matchCount = 0;
  let functionCount = 0;
  for (let f = 0; f < perFrame.length; f++) {
    if (frameMatches[f] !== 1 || perFrame[f] === 0) continue;
    matchCount += perFrame[f];
    functionCount++;
  }
  const { frame, subtreeEnd, total, nodeCount } = tree;
  let matchedTotal = 0;
  for (let node = 1; node < nodeCount;) {
    if (frameMatches[frame[node]] === 1) {
      matchedTotal += total[node];
      node = subtreeEnd[node];
    } else node++;
  }
  return { matchCount, functionCount, matchedTotal };
}

/**
 * The match after (`direction` 1) or before (-1) `fromNode` in pre-order, wrapping around at the
 * ends; -1 when nothing matches. `fromNode` need not be a match itself (pass -1 to start from the
 * first or the last match).
 *
 * ```ts
 * // matchOrder [3, 7, 9]
 * nextMatch(result, 7, 1); // 9
 * nextMatch(result, 9, 1); // 3
 * nextMatch(result, 5, -1); // 3
 * ```
 */
export function nextMatch(result: SearchResult, fromNode: NodeIndex, direction: 1 | -1): NodeIndex {
  if (direction !== 1 && direction !== -1) {
    throw new FlamekitError('invalid-argument', `direction is ${direction}; use 1 or -1`);
  }
  const order = result.matchOrder;
  const count = order.length;
  if (count === 0) return -1;
  // The first position whose node is greater than fromNode (binary search; order is ascending).
  let low = 0;
  let high = count;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (order[middle] <= fromNode) low = middle + 1;
    else high = middle;
  }
  if (direction === 1) return order[low === count ? 0 : low];
  // The last position whose node is less than fromNode.
  let before = low - 1;
  if (before >= 0 && order[before] === fromNode) before--;
  return order[before < 0 ? count - 1 : before];
}

function emptyResult(nodeCount: number, frameCount: number): SearchResult {
  return {
    matches: new Uint8Array(nodeCount),
    frameMatches: new Uint8Array(frameCount),
    matchCount: 0,
    functionCount: 0,
    matchedTotal: 0,
    share: 0,
    matchOrder: new Int32Array(0),
  };
}

/**
 * Which frames' names match `query`, 1 each, for views that draw frames rather than call-tree
 * nodes (the flame chart fades the rest); undefined for an empty query. A pattern refused as in
 * {@link computeSearch} matches nothing and gives its `error`.
 */
export function computeFrameMatches(
  frames: FrameTable,
  query: SearchQuery,
): FrameMatches | undefined {
  const test = createNameTest(query);
  if (test === undefined) return undefined;
  const key = `${query.mode}\u0000${query.caseSensitive}\u0000${query.text}`;
  const last = lastFrameMatches.get(frames);
  if (last && last.key === key && last.size === frames.size) return copyOf(last.found);
  const matches = new Uint8Array(frames.size);
  let found: FrameMatches;
  if (typeof test === 'string') found = { matches, matchCount: 0, error: test };
  else {
    let matchCount = 0;
    for (let f = 0; f < frames.size; f++) {
      if (!test(frames.name(f))) continue;
      matches[f] = 1;
      matchCount++;
    }
    found = { matches, matchCount };
  }
  lastFrameMatches.set(frames, { key, size: frames.size, found });
  return copyOf(found);
}

type FrameMatches = { matches: Uint8Array; matchCount: number; error?: string };

/**
 * The last query's matches of each frame table. The trees of one profile share its table: the
 * sandwich's callers and callees, a time range's tree, the flame chart and the graph each search
 * it on every key, and a table of 40,000 names takes about 2 ms to test. A table that has grown
 * since (frames are only ever added) is tested again.
 */
const lastFrameMatches = new WeakMap<
  FrameTable,
  { key: string; size: number; found: FrameMatches }
>();

/** A copy for each caller, so that one that writes into its matches leaves the next one's alone. */
function copyOf(found: FrameMatches): FrameMatches {
  return { ...found, matches: found.matches.slice() };
}

/** A predicate on names; undefined for an empty query; a message for a refused pattern. */
function createNameTest(query: SearchQuery): ((name: string) => boolean) | string | undefined {
  const { text, mode } = query;
  if (typeof text !== 'string') {
    throw new FlamekitError('invalid-argument', `the search text is ${typeof text}; use a string`);
  }
  if (text === '') return undefined;
  if (mode === 'exact') {
    if (query.caseSensitive ?? true) return (name) => name === text;
    const lower = text.toLowerCase();
    return (name) => name.toLowerCase() === lower;
  }
  if (mode === 'substring') {
    if (query.caseSensitive) return (name) => name.includes(text);
    const lower = text.toLowerCase();
    return (name) => name.toLowerCase().includes(lower);
  }
  if (mode === 'regex') {
    try {
      const pattern = compileLinearRegex(text, { caseInsensitive: !query.caseSensitive });
      return (name) => pattern.test(name);
    } catch (error) {
      if (isFlamekitError(error)) return error.reason;
      throw error;
    }
  }
  throw new FlamekitError(
    'invalid-argument',
    `search mode "${String(mode)}" is unknown; use "substring", "regex" or "exact"`,
  );
}

/**
 * The nodes a search leaves out, 1 each (0 for a match): what a graph fades, and what the
 * picture exports take as `dimmed`. Undefined for a search whose query is in error.
 */
export function searchMisses(result: SearchResult): Uint8Array | undefined {
  if (result.error) return undefined;
  const matches = result.matches;
  const misses = new Uint8Array(matches.length);
  for (let node = 0; node < misses.length; node++) misses[node] = matches[node] ? 0 : 1;
  return misses;
}

/**
 * The frames a search leaves out, 1 each (0 for a match), by frame: what a graph
 * fades, with no pass over the nodes (the root, which never matches, is faded too). Undefined
 * for a search whose query is in error.
 */
export function searchMissedFrames(result: SearchResult): Uint8Array | undefined {
  if (result.error) return undefined;
  const misses = new Uint8Array(result.frameMatches.length);
  for (let f = 0; f < misses.length; f++) misses[f] = result.frameMatches[f] ? 0 : 1;
  return misses;
}
