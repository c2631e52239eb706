import { FlamekitError } from '../errors';
import { isTimeUnit, normalizeUnit } from '../units';

/** Ticks of a time axis: where each is, and its label. */
export interface TimeTicks {
  /** Distance between ticks, in the axis's unit. */
  step: number;
  /** The ticks inside the range, ascending. */
  values: number[];
  labels: string[];
}

const TIME_UNITS: [ns: number, suffix: string][] = [
  [1, 'ns'],
  [1e3, 'µs'],
  [1e6, 'ms'],
  [1e9, 's'],
];

/**
 * Ticks for a time axis from `start` to `end` (in `unit`, after the recording's start) drawn
 * `widthPx` wide, at least `minSpacingPx` apart: steps of 1, 2 or 5 times a power of ten, as a
 * person counts, each label in the one unit that suits the step (`0 ms`, `250 ms`, `1.25 s`), with
 * as many decimals as the step needs and no more. A unit other than time gets plain numbers.
 *
 * ```ts
 * computeTimeTicks(0, 1e9, 800, 80).labels; // ['0 ms', '100 ms', ..., '1000 ms']
 * ```
 */
export function computeTimeTicks(
  start: number,
  end: number,
  widthPx: number,
  minSpacingPx: number,
  unit = 'nanoseconds',
): TimeTicks {
  if (!(Number.isFinite(start) && Number.isFinite(end) && end > start && widthPx > 0)) {
    throw new FlamekitError(
      'invalid-argument',
      `an axis needs a range with its end after its start and a width (got ${start} to ${end}, ${widthPx} px)`,
    );
  }
  const span = end - start;
  const fits = Math.max(1, Math.floor(widthPx / Math.max(1, minSpacingPx)));
  const step = niceStep(span / fits);
  const values: number[] = [];
  const first = Math.ceil(start / step);
  for (let k = first; k * step <= end && values.length <= fits + 1; k++) values.push(k * step);
  const format = tickFormatter(step, unit);
  return { step, values, labels: values.map(format) };
}

/** The smallest of 1, 2 and 5 times a power of ten at least `raw`. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [1, 2, 5, 10]) if (factor * power >= raw * (1 - 1e-9)) return factor * power;
  return 10 * power;
}

function tickFormatter(step: number, unit: string): (value: number) => string {
  const normal = normalizeUnit(unit);
  if (!isTimeUnit(normal)) {
    const decimals = decimalsFor(step);
    return (value) => round(value, decimals).toFixed(decimals);
  }
  const nsPerUnit = { nanoseconds: 1, microseconds: 1e3, milliseconds: 1e6, seconds: 1e9 }[normal];
  const stepNs = step * nsPerUnit;
  // The largest unit in which the step is at least 1: 250 ms steps in ms, 2 s steps in s.
  let [divisor, suffix] = TIME_UNITS[0];
  for (const [ns, name] of TIME_UNITS) if (stepNs >= ns) [divisor, suffix] = [ns, name];
  const decimals = decimalsFor(stepNs / divisor);
  return (value) => `${round((value * nsPerUnit) / divisor, decimals).toFixed(decimals)} ${suffix}`;
}

/** Decimals that show a multiple of `step` exactly: 0 for 5, 1 for 0.5, 2 for 0.25. */
function decimalsFor(step: number): number {
  let decimals = 0;
  while (decimals < 9 && Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) > 1e-6)
    decimals++;
  return decimals;
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const rounded = Math.round(value * factor) / factor;
  return rounded === 0 ? 0 : rounded; // no "-0 ms"
}
