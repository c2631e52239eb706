/**
 * Units of sample values and how to show them. `formatValue` picks the scale for each value on
 * its own (1.5 ms next to 2.3 s), never one scale for a whole graph.
 */

/** The units flamekit understands; profiles use many spellings of them (see {@link normalizeUnit}). */
export type ValueUnit =
  | 'nanoseconds'
  | 'microseconds'
  | 'milliseconds'
  | 'seconds'
  | 'bytes'
  | 'count'
  | 'samples'
  | 'objects';

const UNIT_ALIASES: Record<string, ValueUnit> = {
  ns: 'nanoseconds',
  nanosecond: 'nanoseconds',
  nanoseconds: 'nanoseconds',
  us: 'microseconds',
  µs: 'microseconds',
  microsecond: 'microseconds',
  microseconds: 'microseconds',
  ms: 'milliseconds',
  millisecond: 'milliseconds',
  milliseconds: 'milliseconds',
  s: 'seconds',
  second: 'seconds',
  seconds: 'seconds',
  b: 'bytes',
  byte: 'bytes',
  bytes: 'bytes',
  count: 'count',
  counts: 'count',
  '': 'count',
  sample: 'samples',
  samples: 'samples',
  object: 'objects',
  objects: 'objects',
};

/** Maps a unit as a profile spells it (`ns`, `nanoseconds`, `Bytes`...) to a {@link ValueUnit}; unknown units become `count`. */
export function normalizeUnit(unit: string | undefined): ValueUnit {
  if (unit === undefined) return 'count';
  const key = unit.trim().toLowerCase();
  return Object.prototype.hasOwnProperty.call(UNIT_ALIASES, key) ? UNIT_ALIASES[key] : 'count';
}

const NANOSECONDS_PER: Record<'nanoseconds' | 'microseconds' | 'milliseconds' | 'seconds', number> =
  {
    nanoseconds: 1,
    microseconds: 1e3,
    milliseconds: 1e6,
    seconds: 1e9,
  };

export function isTimeUnit(
  unit: ValueUnit,
): unit is 'nanoseconds' | 'microseconds' | 'milliseconds' | 'seconds' {
  return unit in NANOSECONDS_PER;
}

export interface FormatValueOptions {
  /**
   * For `samples`: how much one sample stands for, such as a CPU profile's 10,000,000 ns period.
   * With a time unit the samples are shown as time.
   */
  period?: { value: number; unit: string };
}

const TIME_SCALES: [limitNs: number, divisorNs: number, suffix: string][] = [
  [1e3, 1, 'ns'],
  [1e6, 1e3, 'µs'],
  [1e9, 1e6, 'ms'],
  [60e9, 1e9, 's'],
  [3600e9, 60e9, 'min'],
  [Infinity, 3600e9, 'h'],
];
const BYTE_SUFFIXES = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
const COUNT_SCALES: [limit: number, divisor: number, suffix: string][] = [
  [1e3, 1, ''],
  [1e6, 1e3, 'K'],
  [1e9, 1e6, 'M'],
  // G, not B: "10.9 B samples" reads as bytes.
  [1e12, 1e9, 'G'],
  [Infinity, 1e12, 'T'],
];

/**
 * A value as a person reads it: `formatValue(1_500_000, 'nanoseconds')` is `"1.5 ms"`,
 * `formatValue(3 * 1024 ** 3, 'bytes')` is `"3 GiB"`, `formatValue(12_345, 'count')` is `"12.3 K"`.
 * Negative values keep their sign.
 */
export function formatValue(value: number, unit: string, options: FormatValueOptions = {}): string {
  if (!Number.isFinite(value)) return String(value);
  const sign = value < 0 ? '-' : '';
  const magnitude = Math.abs(value);
  let canonical = normalizeUnit(unit);
  let amount = magnitude;
  if (canonical === 'samples' && options.period) {
    const periodUnit = normalizeUnit(options.period.unit);
    if (isTimeUnit(periodUnit)) {
      amount = magnitude * options.period.value;
      canonical = periodUnit;
    }
  }
  if (isTimeUnit(canonical)) return sign + formatTime(amount * NANOSECONDS_PER[canonical]);
  if (canonical === 'bytes') return sign + formatBytes(amount);
  const count = formatCount(amount);
  if (canonical === 'samples' || canonical === 'objects')
    return `${sign}${count} ${magnitude === 1 ? canonical.slice(0, -1) : canonical}`;
  return sign + count;
}

/**
 * The scale {@link formatValue} shows `value` in: a multiple of the unit to divide by, and its
 * suffix (`{ divisor: 60e9, suffix: 'min' }` for 10 minutes of nanoseconds). An axis whose ticks
 * are round in that scale reads as round numbers: 2, 4, 6 min, not 1.67 and 3.33 min.
 */
export function computeDisplayScale(
  value: number,
  unit: string,
): { divisor: number; suffix: string } {
  const canonical = normalizeUnit(unit);
  const magnitude = Number.isFinite(value) ? Math.abs(value) : 0;
  if (isTimeUnit(canonical)) {
    const ns = magnitude * NANOSECONDS_PER[canonical];
    const [, divisorNs, suffix] =
      TIME_SCALES.find(([limit, divisor]) => roundSignificant(ns / divisor) * divisor < limit) ??
      TIME_SCALES[TIME_SCALES.length - 1];
    return { divisor: divisorNs / NANOSECONDS_PER[canonical], suffix };
  }
  if (canonical === 'bytes') {
    let index = 0;
    while (roundSignificant(magnitude / 1024 ** index) >= 1024 && index < BYTE_SUFFIXES.length - 1)
      index++;
    return { divisor: 1024 ** index, suffix: BYTE_SUFFIXES[index] };
  }
  const [, divisor, suffix] =
    COUNT_SCALES.find(([limit, d]) => roundSignificant(magnitude / d) * d < limit) ??
    COUNT_SCALES[COUNT_SCALES.length - 1];
  return { divisor, suffix };
}

function formatTime(ns: number): string {
  for (const [limit, divisor, suffix] of TIME_SCALES) {
    // Round first so that 999.96 ms shows as 1 s, not 1000 ms.
    if (roundSignificant(ns / divisor) * divisor < limit)
      return `${formatNumber(ns / divisor)} ${suffix}`;
  }
  return `${formatNumber(ns / 3600e9)} h`;
}

function formatBytes(bytes: number): string {
  let scaled = bytes;
  let index = 0;
  while (roundSignificant(scaled) >= 1024 && index < BYTE_SUFFIXES.length - 1) {
    scaled /= 1024;
    index++;
  }
  return `${formatNumber(scaled)} ${BYTE_SUFFIXES[index]}`;
}

function formatCount(count: number): string {
  for (const [limit, divisor, suffix] of COUNT_SCALES) {
    if (roundSignificant(count / divisor) * divisor < limit)
      return suffix ? `${formatNumber(count / divisor)} ${suffix}` : formatNumber(count);
  }
  return formatNumber(count);
}

/**
 * A count rounded to a whole number with a comma between groups of three digits, as en-US
 * writes it: `formatInteger(1234567)` is `'1,234,567'`. Written out rather than through
 * `toLocaleString` or `Intl.NumberFormat`: the first of those in a page builds its number formats
 * (13 ms in Chromium here), which the first key typed into a search paid before its paint.
 */
export function formatInteger(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Three significant digits at most, no trailing zeros: 1.5, 12.3, 123, 1234. */
export function formatNumber(value: number): string {
  const rounded = roundSignificant(value);
  if (Math.abs(rounded) >= 100 || Number.isInteger(rounded)) return String(Math.round(rounded));
  return String(rounded);
}

function roundSignificant(value: number): number {
  const magnitude = Math.abs(value);
  if (magnitude >= 100) return Math.round(value);
  if (magnitude >= 10) return Math.round(value * 10) / 10;
  if (magnitude >= 1) return Math.round(value * 100) / 100;
  if (magnitude === 0) return 0;
  const digits = 2 - Math.floor(Math.log10(magnitude));
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
