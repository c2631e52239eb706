import type { SampleType } from '../../../model/profile';
import type { SeriesAggregation } from '../../series-types';
import type { SourceTotals, SourceTotalsGroup } from '../profile-source';
import type { SeriesMessage } from './querier-json';

export interface SeriesLayout {
  /** Start of step 0 in ms: the series asked for start one step later (see below). */
  startMs: number;
  stepMs: number;
  steps: number;
  groupBy: readonly string[];
  sampleType: SampleType;
  aggregation: SeriesAggregation;
  /** The caller's limit; the server was asked for one more. */
  limit: number | undefined;
}

/**
 * The answer of SelectSeries as {@link SourceTotals}. A Pyroscope point at time T stands for the
 * profiles of the step that ends at T, (T - step, T]: it is step `T / step - 1` counted from the
 * asked start. Steps without a point are NaN (no data), as `ProfileSeries.totals` has them.
 * Groups are ordered by total, largest first (then by value, as Pyroscope orders ties), and cut
 * to the limit; an extra series beyond it marks the totals partial.
 */
export function seriesTotalsFromMessages(
  series: readonly SeriesMessage[],
  layout: SeriesLayout,
): SourceTotals {
  const { startMs, stepMs, steps, groupBy } = layout;
  const groups: SourceTotalsGroup[] = series.map((message) => {
    const values = new Float64Array(steps).fill(NaN);
    for (const point of message.points) {
      const k = Math.round((point.timestampMs - startMs) / stepMs) - 1;
      if (k < 0 || k >= steps) continue;
      values[k] = Number.isNaN(values[k]) ? point.value : values[k] + point.value;
    }
    let total = 0;
    for (const value of values) if (!Number.isNaN(value)) total += value;
    const labels: Record<string, string> = {};
    for (const name of groupBy) {
      Object.defineProperty(labels, name, {
        value: Object.hasOwn(message.labels, name) ? message.labels[name] : '',
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return {
      ...(groupBy.length > 0 && { value: groupBy.map((name) => labels[name]).join(', ') }),
      labels,
      values,
      total,
    };
  });
  groups.sort((a, b) => b.total - a.total || compare(a.value ?? '', b.value ?? ''));
  const limit = layout.limit;
  const kept = limit !== undefined && limit > 0 ? groups.slice(0, limit) : groups;
  const omittedGroups = groups.length - kept.length;
  return {
    startNs: startMs * 1e6,
    stepNs: stepMs * 1e6,
    steps,
    sampleType: layout.sampleType,
    aggregation: layout.aggregation,
    groupBy: [...groupBy],
    groups: kept,
    omittedGroups,
    partial: omittedGroups > 0,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
