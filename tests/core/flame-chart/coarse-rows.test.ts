import { describe, expect, it } from 'vitest';
import {
  coarseRowFor,
  computeCoarseLevels,
  createFlameChart,
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

function checkLevels(lane: FlameChartLane) {
  let checked = 0;
  for (let depth = 0; depth < lane.rowCount; depth++) {
    const boxes = lane.rowStart[depth + 1] - lane.rowStart[depth];
    const levels = computeCoarseLevels(lane, depth);
    if (boxes < 16) expect(levels).toEqual([]);
    levels.forEach((level, index) => {
      const expected = expectedItems(lane, depth, level.resolution);
      expect(level.box.length).toBe(expected.length);
      // At span / 2^j, at most 3 · 2^j + 3 items; each level at most half the next finer one.
      const span = lane.end[lane.rowStart[depth + 1] - 1] - lane.start[lane.rowStart[depth]];
      const j = Math.round(Math.log2(span / level.resolution));
      expect(level.resolution).toBe(span / 2 ** j);
      expect(level.box.length).toBeLessThanOrEqual(3 * 2 ** j + 3);
      const finer = levels[index + 1]?.box.length ?? boxes / 2;
      expect(level.box.length).toBeLessThanOrEqual(finer / 2);
      expected.forEach((item, i) => {
        expect(level.box[i]).toBe(item.run ? -1 - item.first : item.first);
        expect(level.start[i]).toBe(lane.start[item.first]);
        expect(level.end[i]).toBe(lane.end[item.last]);
      });
      if (index > 0) expect(level.resolution).toBeLessThan(levels[index - 1].resolution);
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
    expect(checked).toBeGreaterThan(10);
  });

  it('merge the boxes of a long synthetic row (narrow, wide, gaps, touching) at every level', () => {
    const lane = syntheticLane({ rows: 3, boxesPerRow: 20_000, seed: 7 });
    expect(checkLevels(lane)).toBeGreaterThan(6);
  });

  it('keep apart runs whose gap is exactly the resolution (a gap of a whole pixel shows)', () => {
    // 16 touching boxes of 1 ns, a gap of 32 ns, 16 more: span 64. At 32 ns the gap keeps the
    // two runs apart, as at 4 ns (the finest level tried), so only 64 and 4 are kept.
    const times = [...Array(16).keys(), ...Array.from({ length: 16 }, (_, i) => 48 + i)];
    const lane = syntheticLane({ rows: 1, boxesPerRow: 32, seed: 1 });
    times.forEach((time, k) => {
      lane.start[k] = time;
      lane.end[k] = time + 1;
    });
    const [whole, fine] = computeCoarseLevels(lane, 0);
    expect([whole.resolution, fine.resolution]).toEqual([64, 4]);
    expect(Array.from(whole.box)).toEqual([-1]);
    expect(Array.from(fine.box)).toEqual([-1, -17]);
    expect(checkLevels(lane)).toBe(2);
  });

  it('give the coarsest level fine enough for the resolution asked for, and none too close', () => {
    const lane = syntheticLane({ rows: 1, boxesPerRow: 4096, seed: 3 });
    const levels = computeCoarseLevels(lane, 0);
    expect(levels.length).toBeGreaterThan(2);
    const span = lane.end[4095] - lane.start[0];
    for (let divisor = 1; divisor < 4096; divisor *= 1.5) {
      const fitting = levels.filter((level) => level.resolution <= span / divisor);
      expect(coarseRowFor(lane, 0, span / divisor)).toEqual(fitting[0]);
    }
    expect(coarseRowFor(lane, 0, levels[levels.length - 1].resolution * 0.99)).toBeUndefined();
    // Kept with the lane: asked again, the same arrays.
    expect(coarseRowFor(lane, 0, span / 5)).toBe(coarseRowFor(lane, 0, span / 6));
  });
});
