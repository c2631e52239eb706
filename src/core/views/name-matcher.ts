import { CallTree, ROOT_FRAME } from '../model/call-tree';
import { FrameTable } from '../model/frame-table';
import { computeSearch, type SearchQuery } from './search';

export interface NameMatches {
  /** 1 for each name that matches, else 0; indexed like the names given. */
  matches: Uint8Array;
  /** Why nothing matched, for a pattern that is not a valid or safe regex (as computeSearch says). */
  error?: string;
}

/**
 * Which of `names` match `query`, by exactly the rules of {@link computeSearch}: the same modes,
 * case rules, regex guards and error messages. The names are laid out as the children of a flat
 * tree and handed to computeSearch itself, so the two can never disagree; the cost is one pass
 * over the names (each distinct name is tested once). An empty text matches nothing, as in
 * computeSearch.
 *
 * ```ts
 * computeNameMatches(['parse', 'print', 'Parser'], { text: 'parse', mode: 'substring' });
 * // { matches: Uint8Array [1, 0, 1] }
 * ```
 */
export function computeNameMatches(names: readonly string[], query: SearchQuery): NameMatches {
  const frames = new FrameTable();
  const count = names.length;
  const frame = new Int32Array(count + 1);
  const parent = new Int32Array(count + 1);
  frame[0] = ROOT_FRAME;
  parent[0] = -1;
  for (let i = 0; i < count; i++) frame[i + 1] = frames.internName(names[i]);
  const flat = CallTree.fromPreOrder({ frames, frame, parent, self: new Float64Array(count + 1) });
  const result = computeSearch(flat, query);
  const matches = result.matches.slice(1);
  return result.error === undefined ? { matches } : { matches, error: result.error };
}
