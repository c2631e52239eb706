import { startHarness } from '../tests/browser/harness';
import { formatMs, printTable } from './measure';
import { readBenchResult } from './browser.bench';

interface SourceResult {
  hours: number;
  seriesBytes: number;
  treeBytes: number;
  series: { decode: number; drawn: number; points: number };
  tree: { decode: number; painted: number; component: number; nodes: number };
}

/**
 * The Pyroscope client in headless Chromium (bench/pages/source-bench.tsx): a day of eight
 * services' series at a 15 s step from the answer to the drawn series, and a merged tree of
 * `nodes` nodes from the answer to the first paint. Budgets (DESIGN.md, issue 24): under 50 ms
 * and under 30 ms.
 */
export async function benchSource(quick: boolean): Promise<void> {
  const harness = await startHarness(['bench/pages/source-bench.tsx']);
  let result: SourceResult;
  try {
    result = await readBenchResult<SourceResult>(harness, 'source-bench', {
      query: quick ? 'hours=1&nodes=2048&runs=3' : 'hours=24&nodes=16384&runs=15',
      viewport: { width: 1400, height: 900 },
    });
  } finally {
    await harness.close();
  }
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
  const count = (value: number) => value.toLocaleString('en-US');
  printTable(
    'Pyroscope client in headless Chromium, from the answer (median of the runs)',
    ['answer', 'size', 'decoded ms', 'drawn ms', 'budget ms', '<FlameGraph> mount to drawn ms'],
    [
      [
        `SelectSeries: ${result.hours} h of 8 services, 15 s step (${count(result.series.points)} points)`,
        mb(result.seriesBytes),
        formatMs(result.series.decode),
        formatMs(result.series.drawn),
        '50',
        '',
      ],
      [
        `SelectMergeStacktraces: ${count(result.tree.nodes)} nodes`,
        mb(result.treeBytes),
        formatMs(result.tree.decode),
        formatMs(result.tree.painted),
        '30',
        formatMs(result.tree.component),
      ],
    ],
  );
}
