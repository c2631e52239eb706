import { describe, expect, it } from 'vitest';
import {
  computeCoarseLevels,
  createFlameChart,
  finestCoarseResolution,
  importProfile,
  type FlameChartLane,
} from '../../../src/core';
import { readFixture } from '../../helpers/fixtures';
import { syntheticLane } from '../../helpers/synthetic-lane';

/**
 * A row's coarse levels checked against the rule they stand for, applied box by box: the runs are
 * the maximal sequences of boxes narrower than the resolution with gaps under it, every other box
 * is an item of its own.
 */
function expectedItems(lane: FlameChartLane, depth: number, resolution: number) {
  const items: { first: number; last: number; run: boolean }[] = [];
  for (let k = lane.rowStart[depth]; k < lane.rowStart[depth + 1]; k++) {
    const narrow = lane.end[k] - lane.start[k] < resolution;
    const previous = items[items.length - 1];
    if (narrow && previous?.run && lane.start[k] - lane.end[previous.last] < resolution)
      previous.last = k;
    else items.push({ first: k, last: k, run: narrow });
  }
  return items;
}

/** Checks every level of every row of a lane; returns how many levels there were. */
function checkLevels(lane: FlameChartLane) {
  let checked = 0;
  for (let depth = 0; depth < lane.rowCount; depth++) {
    const boxes = lane.rowStart[depth + 1] - lane.rowStart[depth];
    const levels = computeCoarseLevels(lane, depth);
    if (boxes < 1024) expect(levels).toEqual([]);
    const span = lane.end[lane.rowStart[depth + 1] - 1] - lane.start[lane.rowStart[depth]];
    levels.forEach((level, index) => {
      const expected = expectedItems(lane, depth, level.resolution);
      expect(level.box.length).toBe(expected.length);
      expected.forEach((item, i) => {
        expect(level.box[i]).toBe(item.run ? -1 - item.first : item.first);
        expect(level.start[i]).toBe(lane.start[item.first]);
        expect(level.end[i]).toBe(lane.end[item.last]);
      });
      // At span / 2^j, at most 2 · 2^j + 1 items; each level at most half the next finer one,
      // the finest a quarter of the boxes; only the coarsest 64 items or fewer.
      const j = Math.round(Math.log2(span / level.resolution));
      expect(level.resolution).toBe(span / 2 ** j);
      expect(level.resolution).toBeGreaterThanOrEqual(finestCoarseResolution(lane, depth));
      expect(level.box.length).toBeLessThanOrEqual(2 * 2 ** j + 1);
      const finer = levels[index + 1]?.box.length ?? boxes / 2;
      expect(level.box.length).toBeLessThanOrEqual(finer / 2);
      if (index > 0) expect(level.box.length).toBeGreaterThan(64);
      else expect(level.box.length).toBeLessThanOrEqual(64);
      checked++;
    });
  }
  return checked;
}

describe('coarse rows', () => {
  it('merge the narrow boxes of a real recording as the rule says, at every level', () => {
    const order = importProfile(
      readFixture('chrome-cpuprofile/speedscope-chrome65-sucrase.cpuprofile'),
    ).timeOrder!;
    const chart = createFlameChart(order);
    let checked = 0;
    for (let index = 0; index < order.lanes.length; index++)
      checked += checkLevels(chart.lane(index));
    expect(checked).toBeGreaterThan(80);
  });

  it('merge the boxes of a long synthetic row (narrow, wide, empty, gaps, touching)', () => {
    const lane = syntheticLane({ rows: 3, boxesPerRow: 20_000, seed: 7 });
    expect(checkLevels(lane)).toBeGreaterThan(6);
  });

  it('keep apart runs whose gap is exactly the resolution (a gap of a whole pixel shows)', () => {
    // 128 runs of 8 touching 1 ns boxes, 1,024 ns apart: span 2^17 ns. At 1,024 ns the runs stay
    // apart (128 items, not half of the 128 at 256 ns, so not kept); at 2,048 they make one.
    const lane = syntheticLane({ rows: 1, boxesPerRow: 1024, seed: 1 });
    for (let k = 0; k < 1024; k++) {
      lane.start[k] = Math.floor(k / 8) * 1032 + (k % 8);
      lane.end[k] = lane.start[k] + 1;
    }
    const levels = computeCoarseLevels(lane, 0);
    expect(levels.map((level) => level.resolution)).toEqual([2048, 256]);
    expect(levels.map((level) => level.box.length)).toEqual([1, 128]);
    expect(checkLevels(lane)).toBe(2);
  });

  it('give a row of fewer than 1,024 boxes no levels, and say so', () => {
    const lane = syntheticLane({ rows: 1, boxesPerRow: 1023, seed: 2 });
    expect(computeCoarseLevels(lane, 0)).toEqual([]);
    expect(finestCoarseResolution(lane, 0)).toBe(Infinity);
  });
});
