import { describe, expect, it } from 'vitest';
import { createRandom } from '../../bench/synthetic-profile';
import {
  computeCoarseLevels,
  createFlameChart,
  importProfile,
  type FlameChartLane,
} from '../../src/core';
import {
  createCoarseRowCache,
  paintChartRow,
  type ChartPaintList,
  type ChartRowContext,
  type CoarseRowLookup,
} from '../../src/render/chart-painter';
import { readFixture } from '../helpers/fixtures';
import { syntheticLane } from '../helpers/synthetic-lane';

/**
 * A row walked over its coarse items must collect what the walk over its boxes collects: the
 * same boxes in the same colours at the same pixels, the same labels and outlines. Both walks
 * are run over many views of real and synthetic rows and their paint lists compared whole.
 */
const emptyList = (): ChartPaintList => ({ boxes: new Map(), labels: [], outlines: [] });

/** Paints every row both ways; returns how many rows were walked over coarse items. */
function paintBothWays(lane: FlameChartLane, context: ChartRowContext, lookup: CoarseRowLookup) {
  const coarse = emptyList();
  const exact = emptyList();
  let coarseRows = 0;
  const counted: CoarseRowLookup = (...args) => {
    const level = lookup(...args);
    if (level) coarseRows++;
    return level;
  };
  for (let row = 0; row < lane.rowCount; row++) {
    paintChartRow(lane, row, row * 20, { ...context, coarseRowOf: counted }, coarse);
    paintChartRow(lane, row, row * 20, context, exact);
  }
  expect(coarse.boxes).toEqual(exact.boxes);
  expect(coarse.labels).toEqual(exact.labels);
  expect(coarse.outlines).toEqual(exact.outlines);
  return coarseRows;
}

/**
 * Views over a lane: random ones from the whole of it to a few thousandths, the whole recording,
 * and views that start exactly where a box starts or ends. Returns how many rows went coarse.
 */
function compareViews(lane: FlameChartLane, seed: number, views: number, widths: number[]) {
  const random = createRandom(seed);
  const lookup = createCoarseRowCache();
  const first = Math.min(...Array.from(lane.rowStart.subarray(0, -1), (k) => lane.start[k]));
  const last = Math.max(...Array.from(lane.rowStart.subarray(1), (k) => lane.end[k - 1]));
  let coarseRows = 0;
  for (let view = 0; view < views; view++) {
    let length = (last - first) * 1.1 * 0.001 ** random();
    let start = first - 0.05 * (last - first) + random() * (last - first - length * 0.5);
    if (view % 5 === 0) [start, length] = [first, last - first];
    if (view % 5 === 1) {
      const box = Math.floor(random() * lane.frame.length);
      start = random() < 0.5 ? lane.start[box] : lane.end[box];
    }
    const mergeWidth = [2, 4, 0.5, 1][view % 4];
    const outlinedFrame = view % 40;
    const context: ChartRowContext = {
      start,
      end: start + length,
      width: widths[view % widths.length],
      rowHeight: 20,
      minLabelWidth: 30,
      mergeWidth,
      fillOf: (frame: number) => 0x101010 * (frame % 16),
      ...(view % 2 === 0 && { mutedFillOf: (fill: number) => fill + 1 }),
      isOutlined: (_lane: number, box: number) => lane.frame[box] === outlinedFrame,
    };
    coarseRows += paintBothWays(lane, context, lookup);
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
      'firefox/samply-ls-linux.processed.json',
    ]) {
      const order = importProfile(readFixture(path)).timeOrder!;
      const chart = createFlameChart(order);
      let coarseRows = 0;
      for (let index = 0; index < order.lanes.length; index++)
        coarseRows += compareViews(chart.lane(index), index + 1, 60, [40, 100, 300]);
      expect(coarseRows, path).toBeGreaterThan(0);
    }
  });

  it('colours a run as the walk over the boxes does when the view starts on an empty box', () => {
    // An empty box at 0, then touching 1 ns boxes: the walk over the boxes starts after it.
    const lane = syntheticLane({ rows: 1, boxesPerRow: 2048, seed: 4 });
    for (let k = 0; k < 2048; k++) {
      lane.start[k] = Math.max(0, k - 1);
      lane.end[k] = k;
      lane.frame[k] = k === 0 ? 1 : 2;
    }
    const context: ChartRowContext = {
      start: 0,
      end: 2047,
      width: 100,
      rowHeight: 20,
      minLabelWidth: 30,
      mergeWidth: 2,
      fillOf: (frame: number) => frame,
      isOutlined: () => false,
    };
    expect(paintBothWays(lane, context, createCoarseRowCache())).toBe(1);
  });

  it("agrees with the walk over the boxes where a pixel is exactly a level's resolution", () => {
    // Touching boxes a hair narrower than a level's resolution (each followed by an empty one):
    // the level merges them all, while at a pixel per resolution their widths in pixels round to
    // 1 now and then, and the walk over the boxes draws those as boxes. Views a pixel per
    // resolution must not take the level; views a little wider may.
    let coarseViews = 0;
    for (const span of [3e6, 1_234_567.891, 987_654.321, 500_000.1]) {
      const resolution = span / 2048;
      const lane = syntheticLane({ rows: 1, boxesPerRow: 4096, seed: 1 });
      for (let pair = 0, time = 0; pair < 2048; pair++) {
        const width = resolution * (1 - 2 ** -52 * (1 + (pair % 7)));
        [lane.start[2 * pair], lane.end[2 * pair], lane.frame[2 * pair]] = [
          time,
          time + width,
          pair % 3,
        ];
        time += width;
        [lane.start[2 * pair + 1], lane.end[2 * pair + 1], lane.frame[2 * pair + 1]] = [
          time,
          time,
          1,
        ];
      }
      const lookup = createCoarseRowCache();
      for (const level of computeCoarseLevels(lane, 0)) {
        for (let view = 0; view < 200; view++) {
          const width = [100, 300, 777, 1600][view % 4];
          const start = lane.start[(view * 37) % 4096] + (view % 3) * 0.1;
          const wider = view % 5 === 4 ? 1 + 2 ** -19 : 1;
          const context: ChartRowContext = {
            start,
            end: start + width * level.resolution * wider,
            width,
            rowHeight: 20,
            minLabelWidth: 30,
            mergeWidth: 1,
            fillOf: (frame: number) => frame,
            isOutlined: () => false,
          };
          coarseViews += paintBothWays(lane, context, lookup);
        }
      }
    }
    expect(coarseViews).toBeGreaterThan(100);
  });
});

describe('the coarse row cache', () => {
  const lane = syntheticLane({ rows: 1, boxesPerRow: 4096, seed: 3 });
  const levels = computeCoarseLevels(lane, 0);
  const span = lane.end[4095] - lane.start[0];

  it('gives the coarsest level fine enough for the resolution asked for, and none too close', () => {
    const lookup = createCoarseRowCache();
    expect(lookup(lane, 0, levels[levels.length - 1].resolution * 0.99)).toBeUndefined();
    expect(levels.length).toBeGreaterThan(2);
    for (let divisor = 1; divisor < 4096; divisor *= 1.5) {
      const fitting = levels.filter((level) => level.resolution <= span / divisor);
      expect(lookup(lane, 0, span / divisor)).toEqual(fitting[0]);
    }
  });

  it("keeps a row's levels: asked again, the same arrays", () => {
    const lookup = createCoarseRowCache();
    expect(lookup(lane, 0, span / 5)).toBe(lookup(lane, 0, span / 6));
  });
});
