import { useEffect } from 'react';
import { computeSearch, searchMissedFrames, type CallTree } from '../core/index';

/** Trees of at least this many nodes get a search run for nothing once they are shown. */
const WARM_UP_NODE_COUNT = 50_000;

/**
 * Once a large tree is shown, in idle time, one search of it that nobody sees (the first letters
 * of a name the tree has, searched as the search box searches by default; the result is thrown
 * away, the count of nodes per frame stays with the tree): the first key typed then finds the
 * search code compiled and that count made. Without it, the first key over a million nodes takes
 * about 14 ms before its draw starts where later keys take 5, and lands a frame late
 * (docs/performance.md, "Input → paint").
 */
export function useSearchWarmUp(tree: CallTree | undefined, searching: boolean): void {
  useEffect(() => {
    if (!tree || tree.nodeCount < WARM_UP_NODE_COUNT || searching) return;
    const warmUp = () => {
      const text = tree.frames.name(tree.frame[1]).slice(0, 3);
      const result = computeSearch(tree, { text, mode: 'substring', caseSensitive: false });
      void result.matchCount;
      searchMissedFrames(result);
    };
    if (typeof requestIdleCallback === 'function') {
      const handle = requestIdleCallback(warmUp, { timeout: 2_000 });
      return () => cancelIdleCallback(handle);
    }
    const timer = setTimeout(warmUp, 500);
    return () => clearTimeout(timer);
    // Only a new tree warms up again; a search typed meanwhile makes it needless.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tree]);
}
