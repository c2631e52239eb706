import { formatMs, printTable, retainedBytes, timeMs } from './measure';
import { createSyntheticDay, SYNTHETIC_DAY_START_NS } from './synthetic-series';

const HOUR_NS = 3600e9;

/**
 * A day of profiles (1,000 of 10,000 samples by default): adding them to a series, a time range
 * plus matchers merged into a tree, the whole day merged, and grouped totals over time.
 */
export function benchSeries(profileCounts: number[], samplesPerProfile = 10_000): void {
  // Warm up the JIT on a small day.
  const warm = createSyntheticDay({ profiles: 40, samplesPerProfile: 1000, programNodes: 5000 });
  for (let k = 0; k < 5; k++) {
    warm.series.merge({ matchers: '{service="api"}' }).tree();
    warm.series.totals({ groupBy: 'pod' });
  }
  const rows: (string | number)[][] = [];
  for (const profiles of profileCounts) {
    const before = retainedBytes();
    const start = performance.now();
    const { series } = createSyntheticDay({ profiles, samplesPerProfile });
    const addMs = performance.now() - start;
    const seriesBytes = retainedBytes() - before;
    const afternoon = {
      range: {
        startNs: SYNTHETIC_DAY_START_NS + 12 * HOUR_NS,
        endNs: SYNTHETIC_DAY_START_NS + 18 * HOUR_NS,
      },
      matchers: '{service=~"api|checkout", region!="eu"}',
    };
    let nodes = 0;
    const rangeMerge = timeMs(() => (nodes = series.merge(afternoon).tree().nodeCount));
    let dayNodes = 0;
    const dayMerge = timeMs(() => (dayNodes = series.merge().tree().nodeCount));
    const byService = timeMs(() => series.totals({ groupBy: 'service' }));
    const byPod = timeMs(() => series.totals({ groupBy: 'pod', stepNs: 60e9 }));
    const top = timeMs(() => series.topLabelValues('pod', { limit: 3 }));
    const samples = profiles * samplesPerProfile;
    rows.push([
      profiles.toLocaleString('en-US'),
      samples.toLocaleString('en-US'),
      formatMs(addMs),
      (seriesBytes / samples).toFixed(1),
      `${formatMs(rangeMerge)} (${nodes.toLocaleString('en-US')} nodes)`,
      `${formatMs(dayMerge)} (${dayNodes.toLocaleString('en-US')} nodes)`,
      formatMs(byService),
      formatMs(byPod),
      formatMs(top),
    ]);
  }
  printTable(
    'Profile series: a synthetic day of CPU profiles, 8 sources (median of 3)',
    [
      'profiles',
      'samples',
      'generate + add ms',
      'bytes per sample',
      '6 h + matchers merged to tree ms',
      'whole day merged to tree ms',
      'totals by service ms',
      'totals by pod, 1-min steps ms',
      'top 3 pods ms',
    ],
    rows,
  );
}
