import { describe, expect, it } from 'vitest';
import { computeTimeTicks } from '../../../src/core';

describe('computeTimeTicks', () => {
  it('counts in 1, 2 and 5 times a power of ten, in the unit that suits the step', () => {
    expect(computeTimeTicks(0, 1e9, 800, 80).labels).toEqual(
      Array.from({ length: 11 }, (_, k) => `${k * 100} ms`),
    );
    expect(computeTimeTicks(0, 10e9, 500, 100).labels).toEqual([
      '0 s',
      '2 s',
      '4 s',
      '6 s',
      '8 s',
      '10 s',
    ]);
    expect(computeTimeTicks(0, 3e6, 1200, 100).step).toBe(500e3);
    expect(computeTimeTicks(0, 3e6, 1200, 100).labels.slice(0, 3)).toEqual([
      '0 µs',
      '500 µs',
      '1000 µs',
    ]);
  });

  it('shows as many decimals as the step needs, from a start inside the recording', () => {
    const ticks = computeTimeTicks(1.2e9 + 3, 1.3e9, 400, 80);
    expect(ticks.step).toBe(20e6);
    expect(ticks.labels).toEqual(['1220 ms', '1240 ms', '1260 ms', '1280 ms', '1300 ms']);
    expect(computeTimeTicks(0, 1.5e9, 300, 100).labels).toEqual([
      '0 ms',
      '500 ms',
      '1000 ms',
      '1500 ms',
    ]);
    expect(computeTimeTicks(0, 1.5, 300, 100, 'none').labels).toEqual(['0.0', '0.5', '1.0', '1.5']);
  });

  it('gives plain numbers on an axis that is not time, and refuses an empty range', () => {
    expect(computeTimeTicks(0, 14, 700, 100, 'none').labels).toEqual([
      '0',
      '2',
      '4',
      '6',
      '8',
      '10',
      '12',
      '14',
    ]);
    expect(() => computeTimeTicks(5, 5, 100, 10)).toThrow(/end after its start/);
  });
});
