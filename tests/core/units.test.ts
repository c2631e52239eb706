import { describe, expect, it } from 'vitest';
import {
  computeDisplayScale,
  formatInteger,
  formatNumber,
  formatValue,
  normalizeUnit,
} from '../../src/core';

describe('formatValue', () => {
  it.each([
    [0, 'nanoseconds', '0 ns'],
    [999, 'nanoseconds', '999 ns'],
    [1_500, 'nanoseconds', '1.5 µs'],
    [1_500_000, 'nanoseconds', '1.5 ms'],
    [999_960_000, 'nanoseconds', '1 s'],
    [12_345_000_000, 'nanoseconds', '12.3 s'],
    [90e9, 'nanoseconds', '1.5 min'],
    [2 * 3600e9, 'nanoseconds', '2 h'],
    [250, 'microseconds', '250 µs'],
    [2500, 'milliseconds', '2.5 s'],
    [3, 'seconds', '3 s'],
    [-1_500_000, 'ns', '-1.5 ms'],
  ])('time: %s %s is %s', (value, unit, expected) => {
    expect(formatValue(value, unit)).toBe(expected);
  });

  it.each([
    [512, 'bytes', '512 B'],
    [1024, 'bytes', '1 KiB'],
    [1536, 'bytes', '1.5 KiB'],
    [1023.9, 'bytes', '1 KiB'],
    [5 * 1024 ** 2, 'bytes', '5 MiB'],
    [3 * 1024 ** 3, 'bytes', '3 GiB'],
    [1.25 * 1024 ** 4, 'bytes', '1.25 TiB'],
  ])('bytes in IEC units: %s is %s', (value, unit, expected) => {
    expect(formatValue(value, unit)).toBe(expected);
  });

  it.each([
    [7, 'count', '7'],
    [999, 'count', '999'],
    [12_345, 'count', '12.3 K'],
    [999_999, 'count', '1 M'],
    [2_500_000, 'count', '2.5 M'],
    [7e9, 'count', '7 G'],
    [1, 'samples', '1 sample'],
    [1234, 'samples', '1.23 K samples'],
    [3, 'objects', '3 objects'],
    [42, 'wall-clock-ticks', '42'],
  ])('counts: %s %s is %s', (value, unit, expected) => {
    expect(formatValue(value, unit)).toBe(expected);
  });

  it('shows samples as time when the period is a time', () => {
    expect(
      formatValue(150, 'samples', { period: { value: 10_000_000, unit: 'nanoseconds' } }),
    ).toBe('1.5 s');
    expect(formatValue(150, 'samples', { period: { value: 1, unit: 'count' } })).toBe(
      '150 samples',
    );
  });

  it('picks the scale per value, not per graph', () => {
    expect([1e3, 1e6, 1e9].map((value) => formatValue(value, 'ns'))).toEqual([
      '1 µs',
      '1 ms',
      '1 s',
    ]);
  });

  it('passes through values that are not finite', () => {
    expect(formatValue(NaN, 'bytes')).toBe('NaN');
  });
});

describe('normalizeUnit', () => {
  it('knows the spellings profiles use', () => {
    expect(
      [
        'ns',
        'Nanoseconds',
        'us',
        'µs',
        'ms',
        's',
        'B',
        'bytes',
        'count',
        '',
        'objects',
        'samples',
        undefined,
        '__proto__',
      ].map(normalizeUnit),
    ).toEqual([
      'nanoseconds',
      'nanoseconds',
      'microseconds',
      'microseconds',
      'milliseconds',
      'seconds',
      'bytes',
      'bytes',
      'count',
      'count',
      'objects',
      'samples',
      'count',
      'count',
    ]);
  });
});

describe('formatNumber', () => {
  it('keeps three significant digits', () => {
    expect([0.001234, 0.5, 1.234, 12.34, 123.4, 1234.5].map(formatNumber)).toEqual([
      '0.00123',
      '0.5',
      '1.23',
      '12.3',
      '123',
      '1235',
    ]);
  });
});

describe('formatInteger', () => {
  it('writes whole numbers as en-US does, commas between groups of three digits', () => {
    const enUS = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
    const values = [0, 7, 999, 1000, 12_345, 149_400, 1_184_941, 2 ** 31, 2 ** 53 - 1];
    for (const value of [...values, ...values.map((v) => -v), 1234.4, 1234.6, -0.4]) {
      expect(formatInteger(value)).toBe(enUS.format(Math.round(value)).replace(/^-0$/, '0'));
    }
  });
});

describe('computeDisplayScale', () => {
  it('is the scale formatValue writes the value in', () => {
    for (const [value, unit] of [
      [6e11, 'nanoseconds'],
      [999_960_000, 'nanoseconds'],
      [2500, 'milliseconds'],
      [6e6, 'bytes'],
      [10.9e9, 'samples'],
      [12_345, 'count'],
      [3, 'count'],
    ] as const) {
      const { divisor, suffix } = computeDisplayScale(value, unit);
      const written = formatValue(value, unit);
      expect(written, `${value} ${unit}`).toContain(suffix);
      expect(Number(written.split(' ')[0]), `${value} ${unit}`).toBeCloseTo(value / divisor, 1);
    }
    expect(computeDisplayScale(6e11, 'ns')).toEqual({ divisor: 60e9, suffix: 'min' });
    expect(computeDisplayScale(10.9e9, 'samples')).toEqual({ divisor: 1e9, suffix: 'G' });
  });

  it('writes billions as G, which does not read as bytes', () => {
    expect(formatValue(10.9e9, 'samples')).toBe('10.9 G samples');
  });
});
