import { computeDiff } from '../../src/core';
import { changeStacks, stacksOfNodeCount, writeResultColumns } from '../diff.bench';
import { timeMs } from '../measure';
import { buildSyntheticTree, generateStacks } from '../synthetic-profile';

/**
 * Browser benchmark page for computeDiff: two synthetic trees of `nodes` nodes each (the second a
 * changed copy of the first, as in bench/diff.bench.ts; not timed), diffed as the Node table does
 * (median of 3), then nine single diffs, each result kept until the next one is done, as a page
 * showing a diff keeps it, then the result's columns alone written the same nine times. Results go
 * to `window.benchResult`.
 */
const nodes = Number(new URLSearchParams(location.search).get('nodes') ?? 10_000);
// Ready at once: the harness's readiness wait is short, and building the trees takes seconds.
Object.assign(window, { flamekitReady: true });

/** Times nine runs one by one; the caller keeps each result until the next is done. */
function singleRuns(run: () => unknown): number[] {
  const times: number[] = [];
  for (let k = 0; k < 9; k++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return times;
}

function main() {
  const warmBefore = buildSyntheticTree(generateStacks(10_000, 99));
  const warmAfter = buildSyntheticTree(changeStacks(generateStacks(10_000, 99)));
  for (let k = 0; k < 5; k++) computeDiff(warmBefore, warmAfter);
  const stacks = stacksOfNodeCount(nodes);
  const before = buildSyntheticTree(stacks);
  const after = buildSyntheticTree(changeStacks(stacks));
  // Building the trees leaves garbage: collected first (the harness exposes gc), so that the timed
  // diffs pay for the collections their own allocations cause, not for the set-up's.
  (window as unknown as { gc?: () => void }).gc?.();
  let diff = computeDiff(before, after);
  const byName = timeMs(() => (diff = computeDiff(before, after)));
  const normalized = timeMs(() => computeDiff(before, after, { normalize: true }));
  const single = singleRuns(() => (diff = computeDiff(before, after)));
  let kept: unknown;
  const floor = timeMs(() => (kept = writeResultColumns(diff.nodeCount)));
  // The same nine times, as the single diffs: what the result alone costs in a page that has
  // been through as much memory as they have.
  const floorSingle = singleRuns(() => (kept = writeResultColumns(diff.nodeCount)));
  void kept;
  Object.assign(window, {
    benchResult: {
      baselineNodes: before.nodeCount,
      comparisonNodes: after.nodeCount,
      diffNodes: diff.nodeCount,
      byName,
      normalized,
      single,
      floor,
      floorSingle,
    },
  });
}

main();
