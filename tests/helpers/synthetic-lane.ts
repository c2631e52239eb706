import { createRandom } from '../../bench/synthetic-profile';
import type { FlameChartLane } from '../../src/core';

/**
 * A flame chart lane built box by box, without a time order behind it: `rows` rows of
 * `boxesPerRow` boxes each, in time order, of widths spread over five orders of magnitude (and
 * now and then none, as a span that began and ended at once) and separated by no gap (touching),
 * a small gap or a large one, so that every resolution finds boxes narrower and wider than
 * itself. Frames are drawn from 40.
 */
export function syntheticLane(options: {
  rows: number;
  boxesPerRow: number;
  seed: number;
}): FlameChartLane {
  const { rows, boxesPerRow, seed } = options;
  const random = createRandom(seed);
  const logUniform = (low: number, high: number) => low * (high / low) ** random();
  const count = rows * boxesPerRow;
  const start = new Float64Array(count);
  const end = new Float64Array(count);
  const frame = new Int32Array(count);
  const rowStart = Int32Array.from({ length: rows + 1 }, (_, row) => row * boxesPerRow);
  for (let row = 0; row < rows; row++) {
    let time = 0;
    for (let k = row * boxesPerRow; k < (row + 1) * boxesPerRow; k++) {
      const kind = random();
      time += kind < 0.4 ? 0 : kind < 0.8 ? logUniform(1, 1e4) : logUniform(1e4, 1e6);
      start[k] = time;
      if (random() >= 0.05) time += logUniform(1, 1e5);
      end[k] = time;
      frame[k] = Math.floor(random() * 40);
    }
  }
  const identity = Int32Array.from({ length: count }, (_, k) => k);
  return {
    index: 0,
    lane: { name: 'synthetic', kind: 'spans', count, start, end, stack: frame },
    rowCount: rows,
    rowStart,
    first: identity,
    last: identity,
    frame,
    start,
    end,
  };
}
