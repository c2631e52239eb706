import { describe, expect, it } from 'vitest';
import { computeLinePath } from '../../src/react/timeline-geometry';

/** The points of a path, subpath by subpath. */
function subpaths(d: string): number[][][] {
  return d
    .split('M')
    .filter(Boolean)
    .map((part) => part.split('L').map((point) => point.split(',').map(Number)));
}

describe('computeLinePath with more steps than pixels', () => {
  it('keeps each pixel column first, lowest, highest and last points, in step order', () => {
    // 10 steps a pixel: columns 0 and 1, each with a spike and a dip.
    const values = [5, 9, 5, 5, 1, 5, 5, 5, 5, 6, 4, 4, 0, 4, 8, 4, 4, 4, 4, 3];
    const d = computeLinePath(
      values,
      (k) => k / 10,
      (v) => 100 - v,
    );
    expect(subpaths(d)).toEqual([
      [
        [0, 95],
        [0.1, 91],
        [0.4, 99],
        [0.9, 94],
        [1, 96],
        [1.2, 100],
        [1.4, 92],
        [1.9, 97],
      ],
    ]);
  });

  it('bounds a day at a 15 s step by the width, keeping its extremes and its gaps', () => {
    const steps = 5760;
    const values = Float64Array.from({ length: steps }, (_, k) =>
      k >= 3000 && k < 3100 ? NaN : 50 + 40 * Math.sin(k / 37) + (k === 4321 ? 500 : 0),
    );
    const width = 300;
    const d = computeLinePath(
      values,
      (k) => ((k + 0.5) / steps) * width,
      (v) => -v,
    );
    const parts = subpaths(d);
    expect(parts).toHaveLength(2);
    const points = parts.flat();
    expect(points.length).toBeLessThanOrEqual(4 * (width + 1));
    const ys = points.map(([, y]) => y);
    expect(Math.min(...ys)).toBeCloseTo(
      -Math.max(...Array.from(values).filter(Number.isFinite)),
      2,
    );
    expect(Math.max(...ys)).toBeCloseTo(
      -Math.min(...Array.from(values).filter(Number.isFinite)),
      2,
    );
  });
});
