import { computeDiff } from '../../src/core';
import { changeStacks, stacksOfNodeCount, writeResultColumns } from '../diff.bench';
import { timeMs } from '../measure';
import { buildSyntheticTree, generateStacks } from '../synthetic-profile';

/**
 * Browser benchmark page for computeDiff: two synthetic trees of `nodes` nodes each (the second a
 * changed copy of the first, as in bench/diff.bench.ts; not timed), diffed as the Node table does
 * (median of 3), then nine single diffs, each result kept until the next one is done, as a page
 * showing a diff keeps it. Results go to `window.benchResult`.
 */
const nodes = Number(new URLSearchParams(location.search).get('nodes') ?? 10_000);
// Ready at once: the harness's readiness wait is short, and building the trees takes seconds.
Object.assign(window, { flamekitReady: true });

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
  const single: number[] = [];
  for (let k = 0; k < 9; k++) {
    const start = performance.now();
    const next = computeDiff(before, after);
    single.push(performance.now() - start);
    diff = next;
  }
  let kept: unknown;
  const floor = timeMs(() => (kept = writeResultColumns(diff.nodeCount)));
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
    },
  });
}

main();
