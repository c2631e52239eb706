import { startHarness } from '../tests/browser/harness';
import { formatMs, printTable } from './measure';

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

/** The renderer and <FlameGraph> in headless Chromium at each size: the browser table of docs/performance.md. */
export async function benchBrowser(sizes: number[]): Promise<void> {
  const harness = await startHarness(
    ['bench/pages/flame-graph-bench.tsx'],
    ['--js-flags=--expose-gc', '--enable-precise-memory-info'],
  );
  const rows: (string | number)[][] = [];
  try {
    for (const nodes of sizes) {
      const page = await harness.open('flame-graph-bench', {
        query: `nodes=${nodes}`,
        viewport: { width: 1300, height: 900 },
      });
      await page.waitForFunction(() => 'benchResult' in window, undefined, { timeout: 120_000 });
      const result = (await page.evaluate(
        () => (window as unknown as { benchResult: unknown }).benchResult,
      )) as BrowserResult;
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
      await page.context().close();
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
