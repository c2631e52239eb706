import {
  boxDepth,
  boxEnd,
  boxStart,
  computeBoxSelf,
  type BoxIndex,
  type FlameChart,
} from './flame-chart';
import type { Frame } from '../types';
import { formatValue } from '../units';

/** What a tooltip and an announcer say about a box of a flame chart. */
export interface BoxSummary {
  frame: Frame;
  laneName: string;
  depth: number;
  /** In the time order's unit, after its origin. */
  start: number;
  duration: number;
  self: number;
  /** `'sample'` for a run of samples, `'span'` for a traced call. */
  kind: 'samples' | 'span';
  /** For a run of samples: how many. */
  sampleCount?: number;
}

export function computeBoxSummary(chart: FlameChart, lane: number, box: BoxIndex): BoxSummary {
  const chartLane = chart.lane(lane);
  const timeLane = chart.timeOrder.lanes[lane];
  const start = boxStart(chartLane, box);
  return {
    frame: chart.timeOrder.frames.get(chartLane.frame[box]),
    laneName: timeLane.name,
    depth: boxDepth(chartLane, box),
    start,
    duration: boxEnd(chartLane, box) - start,
    self: computeBoxSelf(chartLane, box),
    kind: timeLane.kind === 'spans' ? 'span' : 'samples',
    ...(timeLane.kind === 'samples' && {
      sampleCount: chartLane.last[box] - chartLane.first[box] + 1,
    }),
  };
}

/**
 * One sentence for a screen reader: `parse, 12.5 ms from 1.2 s, self 3 ms, depth 2, lane Main
 * thread`.
 */
export function describeBox(summary: BoxSummary, unit: string): string {
  const time = (value: number) => formatValue(value, unit);
  return (
    `${summary.frame.name}, ${time(summary.duration)} from ${time(summary.start)}, ` +
    `self ${time(summary.self)}, depth ${summary.depth}, lane ${summary.laneName}`
  );
}
