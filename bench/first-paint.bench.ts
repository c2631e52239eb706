import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importProfile } from '../src/core';
import { startHarness } from '../tests/browser/harness';
import { generateFolded, generatePprof, generateSampleOrderPprof } from './import.bench';
import { formatMs, median, printTable } from './measure';

/**
 * Bytes → first paint of `<ProfileExplorer input={bytes}>` in headless Chromium
 * (bench/pages/first-paint-bench.tsx), with the main thread's longest task meanwhile (a
 * PerformanceObserver for long tasks: those over 50 ms): by default the explorer imports in its
 * own worker; "main thread" rows import with `importer={false}`, for comparison.
 */
interface FirstPaintResult {
  error?: string;
  bytes: number;
  paint: number;
  imported: number;
  longestWhileImporting: number;
  longestAfterImport: number;
  longTasks: [number, number][];
}

const FIXTURES = join(import.meta.dirname, '../tests/fixtures/profiles');

/** The inputs: the largest real files, and generated ones of the sizes the issue names. */
function inputs(quick: boolean): [name: string, bytes: () => Uint8Array][] {
  if (process.env.BENCH_INPUTS)
    return allInputs().filter(([name]) =>
      process.env.BENCH_INPUTS!.split(',').some((part) => name.includes(part)),
    );
  return quick ? quickInputs() : allInputs();
}
function quickInputs(): [name: string, bytes: () => Uint8Array][] {
  return [
    fixture('pprof/go/google-pprof-sample.cpu.pb.gz'),
    ['generated pprof in sample order, 10k nodes', () => generateSampleOrderPprof(10_000)],
  ];
}
function fixture(path: string): [string, () => Uint8Array] {
  return [path, () => new Uint8Array(readFileSync(join(FIXTURES, path)))];
}
function allInputs(): [name: string, bytes: () => Uint8Array][] {
  return [
    fixture('pprof/go/google-pprof-large.cpu.pb.gz'),
    fixture('flamebearer/pyroscope-io-nodejs-frontend-cpu-large.json'),
    fixture('collapsed/pyroscope-io-dotnet-deep.txt'),
    fixture('chrome-cpuprofile/speedscope-chrome65-sucrase.cpuprofile'),
    ['generated pprof in sample order, 1M nodes', () => generateSampleOrderPprof(1_000_000)],
    ['generated pprof (raw), 50 MB', () => generatePprof(50)],
    ['generated folded, 100 MB', () => generateFolded(100)],
  ];
}

export async function benchFirstPaint(quick: boolean, repeat: number): Promise<void> {
  const files = new Map<string, Uint8Array>();
  const rows: (string | number)[][] = [];
  const made = inputs(quick).map(([name, make], k) => {
    const bytes = make();
    files.set(`input-${k}`, bytes);
    let nodes: string;
    try {
      nodes = importProfile(bytes).tree().nodeCount.toLocaleString('en-US');
    } catch {
      nodes = 'error';
    }
    return { name, file: `input-${k}`, megabytes: bytes.length / 1e6, nodes };
  });
  const harness = await startHarness(
    ['bench/pages/first-paint-bench.tsx', 'src/worker/worker-script.ts'],
    [],
    files,
  );
  try {
    for (const input of made) {
      for (const mode of ['worker', 'main'] as const) {
        // The main thread's import is shown for comparison on the real files and the 1M pprof.
        if (mode === 'main' && input.megabytes > 30) continue;
        const results: FirstPaintResult[] = [];
        for (let k = 0; k < repeat; k++) {
          const page = await harness.open('first-paint-bench', {
            query: `file=${input.file}&mode=${mode}`,
            viewport: { width: 1600, height: 900 },
          });
          try {
            await page.waitForFunction(() => 'benchResult' in window, undefined, {
              timeout: 300_000,
            });
            const result = (await page.evaluate(
              () => (window as unknown as { benchResult: unknown }).benchResult,
            )) as FirstPaintResult;
            // BENCH_TRACE=1: when the long tasks were (start, duration in ms after the mount).
            if (process.env.BENCH_TRACE)
              console.log(
                input.name,
                mode,
                Math.round(result.imported),
                Math.round(result.paint),
                JSON.stringify(result.longTasks),
              );
            results.push(result);
          } finally {
            await page.context().close();
          }
        }
        const failed = results.find((result) => result.error);
        const ms = (pick: (result: FirstPaintResult) => number) =>
          formatMs(median(results.map(pick)));
        const task = (pick: (result: FirstPaintResult) => number) => {
          const longest = Math.max(...results.map(pick));
          return longest > 0 ? formatMs(longest) : 'none';
        };
        rows.push([
          input.name,
          input.megabytes.toFixed(2),
          input.nodes,
          mode === 'worker' ? 'worker (default)' : 'main thread',
          failed ? `error: ${failed.error}` : ms((result) => result.paint),
          ms((result) => result.imported),
          task((result) => result.longestWhileImporting),
          task((result) => result.longestAfterImport),
        ]);
      }
    }
  } finally {
    await harness.close();
  }
  printTable(
    `Bytes → first paint of <ProfileExplorer input> in headless Chromium, 1600 × 900 (median of ${repeat}; longest tasks: the largest over the runs, "none" when no task passed 50 ms)`,
    [
      'input',
      'MB',
      'tree nodes',
      'import',
      'bytes → first paint ms',
      'profile on the page ms',
      'longest main-thread task while importing ms',
      'longest task from profile to paint ms',
    ],
    rows,
  );
}
