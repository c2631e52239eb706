import { computeDiff, FrameTable } from '../src/core';
import { formatMs, printTable, timeMs } from './measure';
import {
  buildSyntheticTree,
  createRandom,
  generateStacks,
  type SyntheticStacks,
} from './synthetic-profile';

/**
 * The "after" profile of a synthetic "before": the same program in its own frame table (as a
 * second file would be), with 5% of the stacks gone, 5% given a new leaf function, and every
 * value changed by up to ±50%.
 */
export function changeStacks(input: SyntheticStacks, seed = 7): SyntheticStacks {
  const random = createRandom(seed);
  const frames = new FrameTable();
  const frameMap = Int32Array.from({ length: input.frames.size }, (_, f) =>
    frames.internName(input.frames.name(f)),
  );
  const stackFrames = new Int32Array(input.frameCount + input.stackCount);
  const stackStart = new Int32Array(input.stackCount + 1);
  const values = new Float64Array(input.stackCount);
  let used = 0;
  let kept = 0;
  for (let i = 0; i < input.stackCount; i++) {
    const roll = random();
    if (roll < 0.05) continue; // removed
    for (let k = input.stackStart[i]; k < input.stackStart[i + 1]; k++)
      stackFrames[used++] = frameMap[input.stackFrames[k]];
    if (roll < 0.1) stackFrames[used++] = frames.internName(`acme/new.func${i % 500}`);
    values[kept] = Math.max(1, Math.round(input.values[i] * (0.5 + random())));
    stackStart[++kept] = used;
  }
  return {
    frames,
    stackFrames,
    stackStart,
    values,
    stackCount: kept,
    frameCount: used,
  };
}

/**
 * What any diff of this size pays before doing anything: the result's eight columns (four of ints,
 * four of doubles, the room computeDiff makes) allocated and each entry written once. On a machine
 * where first touch of memory is slow this is most of the diff's time.
 */
export function writeResultColumns(nodeCount: number): (Int32Array | Float64Array)[] {
  const capacity = Math.ceil(nodeCount * 1.125 + 1024);
  const ints = Array.from({ length: 4 }, () => new Int32Array(capacity));
  const doubles = Array.from({ length: 4 }, () => new Float64Array(capacity));
  const [a, b, c, d] = ints;
  const [e, f, g, h] = doubles;
  for (let i = 0; i < nodeCount; i++) {
    a[i] = b[i] = c[i] = d[i] = i;
    e[i] = f[i] = g[i] = h[i] = i;
  }
  return [...ints, ...doubles];
}

/**
 * Stacks whose tree has close to `nodeCount` nodes. generateStacks overshoots its target (by
 * about 18 % at 1M), so it runs again with the target scaled by what the first run gave.
 */
export function stacksOfNodeCount(nodeCount: number): SyntheticStacks {
  const first = buildSyntheticTree(generateStacks(nodeCount)).nodeCount;
  return generateStacks(Math.round((nodeCount * nodeCount) / first));
}

/**
 * computeDiff of a synthetic profile and its changed copy, at each size (a stack count given to
 * generateStacks), then at each of `exactNodeCounts` (trees of that many nodes, the size a budget
 * names), with the cost of merely writing a result of that size for reference.
 */
export function benchDiff(sizes: number[], exactNodeCounts: number[] = []): void {
  const warmBefore = buildSyntheticTree(generateStacks(10_000, 99));
  const warmAfter = buildSyntheticTree(changeStacks(generateStacks(10_000, 99)));
  for (let k = 0; k < 5; k++) computeDiff(warmBefore, warmAfter);
  const inputs = [
    ...sizes.map((size) => () => generateStacks(size)),
    ...exactNodeCounts.map((count) => () => stacksOfNodeCount(count)),
  ];
  const rows: (string | number)[][] = [];
  for (const input of inputs) {
    const stacks = input();
    const before = buildSyntheticTree(stacks);
    const after = buildSyntheticTree(changeStacks(stacks));
    // The set-up's garbage is collected first, so that the timed diffs pay only for their own.
    (globalThis as { gc?: () => void }).gc?.();
    let diff = computeDiff(before, after);
    const byName = timeMs(() => (diff = computeDiff(before, after)));
    const normalized = timeMs(() => computeDiff(before, after, { normalize: true }));
    const byWeight = timeMs(() => computeDiff(before, after, { siblingOrder: 'total' }));
    let kept: unknown;
    const floor = timeMs(() => (kept = writeResultColumns(diff.nodeCount)));
    void kept;
    rows.push([
      before.nodeCount.toLocaleString('en-US'),
      after.nodeCount.toLocaleString('en-US'),
      diff.nodeCount.toLocaleString('en-US'),
      formatMs(byName),
      formatMs(normalized),
      formatMs(byWeight),
      formatMs(floor),
    ]);
  }
  printTable(
    'Diff of two trees (synthetic before, changed copy after; median of 3)',
    [
      'baseline nodes',
      'comparison nodes',
      'diff nodes',
      'computeDiff ms',
      'normalised ms',
      'heaviest-first order ms',
      'result columns alone ms',
    ],
    rows,
  );
}
