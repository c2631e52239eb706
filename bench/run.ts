// npm run bench: every benchmark table. `npm run bench -- --quick` runs small sizes only (CI uses it
// to keep the scripts working; its figures mean nothing).
import { benchAnalysis } from './analysis.bench';
import { benchBrowser, benchBrowserDiff } from './browser.bench';
import { benchDiff } from './diff.bench';
import { benchExport } from './export.bench';
import { benchHostile } from './hostile.bench';
import { benchImport } from './import.bench';
import { benchSeries } from './series.bench';
import { benchSource } from './source.bench';
import { benchThreads } from './threads.bench';
import { benchTreeBuild } from './tree-build.bench';

const quick = process.argv.includes('--quick');
console.log(
  `flamekit benchmarks: node ${process.version}, ${process.platform}/${process.arch}${quick ? ' (quick: small sizes, figures not meaningful)' : ''}`,
);
benchTreeBuild(quick ? [10_000] : [10_000, 100_000, 1_000_000]);
benchImport(quick);
benchThreads(quick ? [2_000] : [50_000, 200_000], quick ? [1, 100] : [1, 100, 10_000]);
benchAnalysis(quick ? [10_000] : [10_000, 100_000, 1_000_000]);
benchDiff(quick ? [10_000] : [10_000, 100_000, 1_000_000], [quick ? 10_000 : 1_000_000]);
await benchExport(quick ? [10_000] : [10_000, 100_000, 1_000_000]);
benchSeries(quick ? [16] : [100, 1_000], quick ? 1000 : 10_000);
benchHostile(quick ? [1_000, 10_000] : [10_000, 100_000, 1_000_000]);
await benchBrowser(quick ? [10_000] : [10_000, 100_000, 1_000_000]);
await benchBrowserDiff(quick ? [10_000] : [100_000, 1_000_000]);
await benchSource(quick);
