import { describe, expect, it } from 'vitest';
import { coarseRowFor, createFlameChart, importProfile, type FlameChartLane } from '../../src/core';
import {
  paintChartRow,
  type ChartPaintList,
  type ChartRowContext,
} from '../../src/render/chart-painter';
import { readFixture } from '../helpers/fixtures';
import { createRandom } from '../../bench/synthetic-profile';
import { syntheticLane } from '../helpers/synthetic-lane';

/**
 * A row walked over its coarse items must collect what the walk over its boxes collects: the
 * same boxes in the same colours at the same pixels, the same labels and outlines. Both walks
 * are run over many views of real and synthetic rows and their paint lists compared whole.
 */
const emptyList = (): ChartPaintList => ({ boxes: new Map(), labels: [], outlines: [] });

function paintBothWays(lane: FlameChartLane, context: Omit<ChartRowContext, 'coarse'>) {
  const coarse = emptyList();
  const exact = emptyList();
  for (let row = 0; row < lane.rowCount; row++) {
    paintChartRow(lane, row, row * 20, { ...context, coarse: true }, coarse);
    paintChartRow(lane, row, row * 20, { ...context, coarse: false }, exact);
  }
  return { coarse, exact };
}

/** Random views over a lane, from the whole of it to a few thousandths; how many went coarse. */
function compareViews(
  lane: FlameChartLane,
  seed: number,
  views: number,
  widths = [800, 1600, 3200],
): number {
  const random = createRandom(seed);
  let first = Infinity;
  let last = -Infinity;
  for (let row = 0; row < lane.rowCount; row++) {
    first = Math.min(first, lane.start[lane.rowStart[row]]);
    last = Math.max(last, lane.end[lane.rowStart[row + 1] - 1]);
  }
  let coarseRows = 0;
  for (let view = 0; view < views; view++) {
    const length = (last - first) * 1.1 * 0.001 ** random();
    const start = first - 0.05 * (last - first) + random() * (last - first - length * 0.5);
    const width = widths[view % 3];
    const mergeWidth = [2, 4, 0.5][view % 3];
    const muted = view % 2 === 0;
    const outlinedFrame = view % 40;
    const context = {
      start,
      end: start + length,
      width,
      rowHeight: 20,
      minLabelWidth: 30,
      mergeWidth,
      fillOf: (frame: number) => 0x101010 * (frame % 16),
      ...(muted && { mutedFillOf: (fill: number) => fill + 1 }),
      isOutlined: (_lane: number, box: number) => lane.frame[box] === outlinedFrame,
    };
    const { coarse, exact } = paintBothWays(lane, context);
    expect(coarse.boxes).toEqual(exact.boxes);
    expect(coarse.labels).toEqual(exact.labels);
    expect(coarse.outlines).toEqual(exact.outlines);
    const resolution = Math.min(1, mergeWidth) * (length / width);
    for (let row = 0; row < lane.rowCount; row++)
      if (coarseRowFor(lane, row, resolution)) coarseRows++;
  }
  return coarseRows;
}

describe('a flame chart row walked over its coarse items', () => {
  it('collects what the walk over its boxes collects, on a synthetic lane', () => {
    const lane = syntheticLane({ rows: 4, boxesPerRow: 100_000, seed: 11 });
    expect(compareViews(lane, 5, 240, [300, 800, 1600])).toBeGreaterThan(200);
  });

  // Real rows are shorter: narrow canvases make their whole views coarse enough.
  it('collects what the walk over its boxes collects, on real recordings', () => {
    for (const path of [
      'chrome-cpuprofile/speedscope-chrome65-sucrase.cpuprofile',
      'chrome-trace/lighthouse-load.trace.json',
    ]) {
      const order = importProfile(readFixture(path)).timeOrder!;
      const chart = createFlameChart(order);
      let coarseRows = 0;
      for (let index = 0; index < order.lanes.length; index++)
        coarseRows += compareViews(chart.lane(index), index + 1, 60, [40, 100, 300]);
      expect(coarseRows, path).toBeGreaterThan(0);
    }
  });
});
