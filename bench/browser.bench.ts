import { startHarness, type Harness } from '../tests/browser/harness';
import { formatMs, median, printTable } from './measure';

interface BrowserResult {
  nodes: number;
  firstPaint: number;
  componentFirstPaint: number;
  zoom: number;
  pan: number;
  hover: number;
  search: number;
  hoverDraw: number;
  searchCompute: number;
  searchDraw: number;
  drawOnly: number;
  counts: { boxes: number; labels: number };
  heapWithTree: number;
  heapAfterRender: number;
}

/** Opens a benchmark page, waits (up to 3 minutes) for its `window.benchResult` and returns it. */
export async function readBenchResult<T>(
  harness: Harness,
  name: string,
  options: Parameters<Harness['open']>[1],
): Promise<T> {
  const page = await harness.open(name, options);
  try {
    await page.waitForFunction(() => 'benchResult' in window, undefined, { timeout: 180_000 });
    return (await page.evaluate(
      () => (window as unknown as { benchResult: unknown }).benchResult,
    )) as T;
  } finally {
    await page.context().close();
  }
}

/** The renderer and <FlameGraph> in headless Chromium at each size: the browser table of docs/performance.md. */
export async function benchBrowser(sizes: number[]): Promise<void> {
  const harness = await startHarness(
    ['bench/pages/flame-graph-bench.tsx'],
    ['--js-flags=--expose-gc', '--enable-precise-memory-info'],
  );
  const rows: (string | number)[][] = [];
  try {
    for (const nodes of sizes) {
      const result = await readBenchResult<BrowserResult>(harness, 'flame-graph-bench', {
        query: `nodes=${nodes}`,
        viewport: { width: 1300, height: 900 },
      });
      rows.push([
        result.nodes.toLocaleString('en-US'),
        formatMs(result.firstPaint),
        formatMs(result.componentFirstPaint),
        formatMs(result.zoom),
        formatMs(result.pan),
        `${formatMs(result.hover)} (${formatMs(result.hoverDraw)})`,
        `${formatMs(result.search)} (${formatMs(result.searchDraw)}; search ${formatMs(result.searchCompute)})`,
        formatMs(result.drawOnly),
        `${result.counts.boxes.toLocaleString('en-US')} / ${result.counts.labels.toLocaleString('en-US')}`,
        result.heapWithTree.toFixed(0),
        result.heapAfterRender.toFixed(0),
      ]);
    }
  } finally {
    await harness.close();
  }
  printTable(
    'Flame graph in headless Chromium, 1200 × 800 CSS px canvas, DPR 1 (median of 15 redraws)',
    [
      'nodes',
      'first paint ms (renderer)',
      'first paint ms (<FlameGraph>)',
      'zoom ms',
      'pan ms',
      'hover ms (draw only)',
      'search ms (draw only; search)',
      'redraw ms',
      'boxes / labels',
      'heap MB with tree',
      'heap MB after render',
    ],
    rows,
  );
}

interface BrowserDiffResult {
  baselineNodes: number;
  comparisonNodes: number;
  diffNodes: number;
  byName: number;
  normalized: number;
  single: number[];
  floor: number;
  floorSingle: number[];
}

/**
 * computeDiff in headless Chromium, where the library's users run it, at trees of each node count
 * (bench/pages/diff-bench.tsx).
 */
export async function benchBrowserDiff(nodeCounts: number[]): Promise<void> {
  const harness = await startHarness(['bench/pages/diff-bench.tsx'], ['--js-flags=--expose-gc']);
  const rows: (string | number)[][] = [];
  const count = (value: number) => value.toLocaleString('en-US');
  try {
    for (const nodes of nodeCounts) {
      const result = await readBenchResult<BrowserDiffResult>(harness, 'diff-bench', {
        query: `nodes=${nodes}`,
      });
      rows.push([
        count(result.baselineNodes),
        count(result.comparisonNodes),
        count(result.diffNodes),
        formatMs(result.byName),
        formatMs(result.normalized),
        formatRuns(result.single),
        formatMs(result.floor),
        formatRuns(result.floorSingle),
      ]);
    }
  } finally {
    await harness.close();
  }
  printTable(
    'Diff of two trees in headless Chromium (median of 3; then 9 single runs, each result kept)',
    [
      'baseline nodes',
      'comparison nodes',
      'diff nodes',
      'computeDiff ms',
      'normalised ms',
      'single runs ms',
      'result columns alone ms',
      'result columns alone, single runs ms',
    ],
    rows,
  );
}

/** Single runs as their range and median: "74.7–136.4 (median 97.1)". */
function formatRuns(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  return `${formatMs(sorted[0])}–${formatMs(sorted[sorted.length - 1])} (median ${formatMs(median(sorted))})`;
}
