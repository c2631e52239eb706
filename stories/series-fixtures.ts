import { ProfileSeries } from '../src/core';
import { createSyntheticDay } from '../bench/synthetic-series';
import { loadFixture } from './load-fixture';

/**
 * A generated day of CPU profiles from eight sources (service, pod, region, version labels; the
 * checkout service ships a slower version 2 at noon). Smaller than the benchmark's day so that a
 * story opens at once.
 */
export function generatedDay(): ProfileSeries {
  return createSyntheticDay({ profiles: 384, samplesPerProfile: 4000 }).series;
}

/** The two consecutive 10 s CPU windows of a Kafka pod (real profiles), one second apart. */
export async function kafkaWindows(): Promise<ProfileSeries> {
  const series = new ProfileSeries();
  const startNs = Date.UTC(2024, 0, 15, 9, 0, 0) * 1e6;
  for (const k of [0, 1]) {
    const profile = await loadFixture(`collapsed/diff/jfr-parser-kafka-cpu-${k}.collapsed.txt.gz`);
    series.add(profile, {
      timeNs: startNs + k * 10e9,
      durationNs: 10e9,
      labels: { service: 'kafka', pod: 'kafka-0', window: String(k) },
    });
  }
  return series;
}

/** Two consecutive Go heap snapshots (real pprof files with their own timestamps). */
export async function heapSnapshots(): Promise<ProfileSeries> {
  const series = new ProfileSeries();
  for (const side of ['before', 'after']) {
    const profile = await loadFixture(`pprof/go/diff/ddtrace-stress-heap.${side}.pprof`);
    series.add(profile, { labels: { service: 'dd-trace-go', snapshot: side } });
  }
  return series;
}
