// npm run bench: every benchmark table. `npm run bench -- --quick` runs small sizes only (CI uses it
// to keep the scripts working; its figures mean nothing). `--only=interaction,import` runs the
// named tables only (tree-build, import, threads, analysis, diff, export, series, hostile,
// browser, interaction, first-paint, browser-diff, source, flame-chart, flame-chart-browser).
import { benchAnalysis } from './analysis.bench';
import { benchBrowser, benchBrowserDiff } from './browser.bench';
import { benchDiff } from './diff.bench';
import { benchFlameChart, benchFlameChartBrowser } from './flame-chart.bench';
import { benchExport } from './export.bench';
import { benchFirstPaint } from './first-paint.bench';
import { benchHostile } from './hostile.bench';
import { benchImport } from './import.bench';
import { benchInteraction } from './interaction.bench';
import { benchSeries } from './series.bench';
import { benchSource } from './source.bench';
import { benchThreads } from './threads.bench';
import { benchTreeBuild } from './tree-build.bench';

const quick = process.argv.includes('--quick');
const only = process.argv
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const run = (name: string) => !only || only.includes(name);
console.log(
  `flamekit benchmarks: node ${process.version}, ${process.platform}/${process.arch}${quick ? ' (quick: small sizes, figures not meaningful)' : ''}`,
);
if (run('tree-build')) benchTreeBuild(quick ? [10_000] : [10_000, 100_000, 1_000_000]);
if (run('import')) benchImport(quick);
if (run('threads'))
  benchThreads(quick ? [2_000] : [50_000, 200_000], quick ? [1, 100] : [1, 100, 10_000]);
if (run('analysis')) benchAnalysis(quick ? [10_000] : [10_000, 100_000, 1_000_000]);
if (run('diff'))
  benchDiff(quick ? [10_000] : [10_000, 100_000, 1_000_000], [quick ? 10_000 : 1_000_000]);
if (run('export')) await benchExport(quick ? [10_000] : [10_000, 100_000, 1_000_000]);
if (run('series')) benchSeries(quick ? [16] : [100, 1_000], quick ? 1000 : 10_000);
if (run('hostile')) benchHostile(quick ? [1_000, 10_000] : [10_000, 100_000, 1_000_000]);
if (run('browser')) await benchBrowser(quick ? [10_000] : [10_000, 100_000, 1_000_000]);
if (run('interaction'))
  await benchInteraction(quick ? [10_000] : [10_000, 100_000, 1_000_000], quick ? 3 : 7);
if (run('first-paint')) await benchFirstPaint(quick, quick ? 1 : 3);
if (run('browser-diff')) await benchBrowserDiff(quick ? [10_000] : [100_000, 1_000_000]);
if (run('source')) await benchSource(quick);
if (run('flame-chart')) benchFlameChart(quick ? [10_000] : [100_000, 1_000_000]);
if (run('flame-chart-browser'))
  await benchFlameChartBrowser(quick ? [10_000] : [100_000, 1_000_000], quick ? 1 : 3);
