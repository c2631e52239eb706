import { useMemo } from 'react';
import { computeSearch, type CallTree, type SearchQuery, type SearchResult } from '../core/index';

/**
 * The last search of each tree, shared: an explorer's toolbar and its graph ask for the same
 * search of the same tree on each key, and a million-node tree should be searched once.
 */
const lastSearch = new WeakMap<CallTree, { key: string; result: SearchResult }>();

/** `computeSearch(tree, query)` memoised per tree and query; undefined without a tree or text. */
export function useSearchResult(
  tree: CallTree | undefined,
  query: SearchQuery,
): SearchResult | undefined {
  const { text, mode, caseSensitive } = query;
  return useMemo(() => {
    if (!tree || !text) return undefined;
    const key = `${mode}\u0000${caseSensitive}\u0000${text}`;
    const cached = lastSearch.get(tree);
    if (cached?.key === key) return cached.result;
    const result = computeSearch(tree, { text, mode, caseSensitive });
    lastSearch.set(tree, { key, result });
    return result;
  }, [tree, text, mode, caseSensitive]);
}
