import { scaleLinear, scaleTime, scaleUtc, type ScaleLinear } from 'd3-scale';
import {
  computeDisplayScale,
  formatValue,
  type SeriesTotals,
  type SeriesTotalsGroup,
  type TimeRange,
} from '../core/index';

/** A range the reader can brush on the timeline: a selection, or a baseline and a comparison. */
export interface TimelineBrush {
  id: string;
  label: string;
  /** Any CSS colour; default one of a few distinct ones by position. */
  color?: string;
}

/** The plotting area inside the chart, in CSS pixels from the chart's top-left corner. */
export interface PlotRect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Room for the value axis on the left (labels such as "60 samples" at 11 px) and the time axis below. */
export const PLOT_MARGIN = { left: 84, right: 12, top: 8, bottom: 22 } as const;

export type TimelineTimeZone = 'local' | 'utc';

export interface TimelineTick {
  /** Position in CSS pixels (x for time ticks, y for value ticks). */
  px: number;
  label: string;
}

/**
 * Where everything of a timeline goes. Positions come from `offsetX`, a linear scale of
 * nanoseconds since `startNs`: subtracting first keeps nanosecond precision, which epoch
 * nanoseconds (around 1.7e18, past 2^53) and millisecond Dates would both lose. The time scale
 * (`scaleTime` or `scaleUtc`) only picks the axis ticks and their formats.
 */
export interface TimelineGeometry {
  plot: PlotRect;
  startNs: number;
  stepNs: number;
  steps: number;
  offsetX: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  /** What the value axis divides by to show its unit's scale (60e9 for minutes of nanoseconds). */
  valueDivisor: number;
  timeZone: TimelineTimeZone;
}

export function computePlotRect(width: number, height: number): PlotRect {
  const left = PLOT_MARGIN.left;
  const top = PLOT_MARGIN.top;
  return {
    left,
    top,
    right: Math.max(left + 1, width - PLOT_MARGIN.right),
    bottom: Math.max(top + 1, height - PLOT_MARGIN.bottom),
  };
}

/** The smallest and largest finite values (NaN means no data), always including 0. */
export function computeValueExtent(groups: readonly SeriesTotalsGroup[]): [number, number] {
  let min = 0;
  let max = 0;
  for (const group of groups)
    for (const value of group.values) {
      if (!Number.isFinite(value)) continue;
      if (value < min) min = value;
      if (value > max) max = value;
    }
  // A flat zero line still needs a domain with some height.
  return min === max ? [0, 1] : [min, max];
}

export function createTimelineGeometry(
  totals: SeriesTotals,
  width: number,
  height: number,
  timeZone: TimelineTimeZone,
  unit: string = totals.sampleType.unit,
): TimelineGeometry {
  const plot = computePlotRect(width, height);
  const spanNs = Math.max(1, totals.steps * totals.stepNs);
  const [min, max] = computeValueExtent(totals.groups);
  // Nice in the scale the values are shown in: 0 to 10 min, not 0 to 600,000,000,000 ns.
  const { divisor } = computeDisplayScale(Math.max(Math.abs(min), Math.abs(max)), unit);
  const [niceMin, niceMax] = scaleLinear()
    .domain([min / divisor, max / divisor])
    .nice()
    .domain();
  return {
    plot,
    startNs: totals.startNs,
    stepNs: totals.stepNs,
    steps: totals.steps,
    offsetX: scaleLinear().domain([0, spanNs]).range([plot.left, plot.right]),
    y: scaleLinear()
      .domain([niceMin * divisor, niceMax * divisor])
      .range([plot.bottom, plot.top]),
    valueDivisor: divisor,
    timeZone,
  };
}

/** The x of a time (ns since the epoch), in CSS pixels. */
export function xOfNs(geometry: TimelineGeometry, ns: number): number {
  return geometry.offsetX(ns - geometry.startNs);
}

/** The x of the boundary before step `k` (k = steps is the end of the last step). */
export function stepBoundaryX(geometry: TimelineGeometry, k: number): number {
  return geometry.offsetX(k * geometry.stepNs);
}

/** The middle of step `k`, where its value is plotted. */
export function stepCenterX(geometry: TimelineGeometry, k: number): number {
  return geometry.offsetX((k + 0.5) * geometry.stepNs);
}

/** The step under an x, clamped to the first and last step (drags may leave the plot). */
export function stepAtX(geometry: TimelineGeometry, x: number): number {
  const { plot, steps } = geometry;
  const step = Math.floor(((x - plot.left) / (plot.right - plot.left)) * steps);
  return Math.min(steps - 1, Math.max(0, Number.isFinite(step) ? step : 0));
}

/** The time range covering steps `a` to `b`, both included, in either order. */
export function computeStepRange(
  totals: Pick<SeriesTotals, 'startNs' | 'stepNs'>,
  a: number,
  b: number,
): TimeRange {
  return {
    startNs: totals.startNs + Math.min(a, b) * totals.stepNs,
    endNs: totals.startNs + (Math.max(a, b) + 1) * totals.stepNs,
  };
}

/**
 * An SVG path through the values, one point per step; a NaN (no data) ends the line and the next
 * value starts a new subpath (`M`). A lone value between gaps becomes a zero-length segment,
 * which a round line cap draws as a dot.
 *
 * Steps narrower than a pixel (a day at a 15 s step is thousands of steps in a few hundred
 * pixels) share their pixel column: only its first, lowest, highest and last points are kept, in
 * step order, which draws the same line with a point count bounded by the width.
 */
export function computeLinePath(
  values: ArrayLike<number>,
  xOf: (step: number) => number,
  yOf: (value: number) => number,
): string {
  const parts: string[] = [];
  let subpath: number[] = []; // steps kept for the open subpath
  let column = NaN;
  // The kept steps of the current column: first, lowest, highest (by value) and last.
  let first = -1;
  let low = -1;
  let high = -1;
  let last = -1;
  const closeColumn = () => {
    if (first < 0) return;
    const kept = [first, low, high, last].sort((a, b) => a - b);
    for (let i = 0; i < kept.length; i++)
      if (i === 0 || kept[i] !== kept[i - 1]) subpath.push(kept[i]);
    first = low = high = last = -1;
  };
  const closeSubpath = () => {
    closeColumn();
    if (subpath.length === 0) return;
    const points = subpath.map((k) => `${round(xOf(k))},${round(yOf(values[k]))}`);
    parts.push(
      `M${points[0]}`,
      ...(points.length === 1 ? [`L${points[0]}`] : points.slice(1).map((p) => `L${p}`)),
    );
    subpath = [];
    column = NaN;
  };
  for (let k = 0; k < values.length; k++) {
    const value = values[k];
    if (!Number.isFinite(value)) {
      closeSubpath();
      continue;
    }
    const x = Math.floor(xOf(k));
    if (x !== column) {
      closeColumn();
      column = x;
      first = low = high = k;
    } else {
      if (value < values[low]) low = k;
      if (value > values[high]) high = k;
    }
    last = k;
  }
  closeSubpath();
  return parts.join('');
}

function round(px: number): number {
  return Math.round(px * 100) / 100;
}

/**
 * Time ticks (about one per 100 px) at d3's round times, in the chosen time zone, each written
 * whole for its interval: `09:22:52.850` (never d3's bare `.850`), `09:22:50`, `09:20`, and the
 * date at midnight (`Jan 16`) or for day steps.
 */
export function computeTimeTicks(geometry: TimelineGeometry): TimelineTick[] {
  const { plot, startNs, stepNs, steps, timeZone } = geometry;
  const time = (timeZone === 'utc' ? scaleUtc() : scaleTime()).domain([
    startNs / 1e6,
    (startNs + steps * stepNs) / 1e6,
  ]);
  const count = Math.max(2, Math.floor((plot.right - plot.left) / 100));
  const dates = time.ticks(count);
  const intervalMs = dates.length > 1 ? dates[1].getTime() - dates[0].getTime() : 1000;
  return dates.map((date) => ({
    px: xOfNs(geometry, date.getTime() * 1e6),
    label: formatTimeTick(date, intervalMs, timeZone),
  }));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** One time tick's label, as precise as the ticks' interval. */
export function formatTimeTick(date: Date, intervalMs: number, timeZone: TimelineTimeZone): string {
  const utc = timeZone === 'utc';
  const hours = utc ? date.getUTCHours() : date.getHours();
  const minutes = utc ? date.getUTCMinutes() : date.getMinutes();
  const seconds = utc ? date.getUTCSeconds() : date.getSeconds();
  const millis = utc ? date.getUTCMilliseconds() : date.getMilliseconds();
  const day = `${MONTHS[utc ? date.getUTCMonth() : date.getMonth()]} ${utc ? date.getUTCDate() : date.getDate()}`;
  if (intervalMs >= 86_400_000) return day;
  const clock = `${pad(hours)}:${pad(minutes)}`;
  if (intervalMs >= 60_000) return hours === 0 && minutes === 0 ? day : clock;
  if (intervalMs >= 1000) return `${clock}:${pad(seconds)}`;
  return `${clock}:${pad(seconds)}.${pad(millis, 3)}`;
}

/**
 * Value ticks (about one per 30 px of height), labelled with the unit by `format`, at round
 * numbers of the scale the values are shown in (2, 4, 6 min rather than 1.67, 3.33 min).
 */
export function computeValueTicks(
  geometry: TimelineGeometry,
  format: (value: number) => string,
): TimelineTick[] {
  const { plot, y, valueDivisor } = geometry;
  const count = Math.max(2, Math.floor((plot.bottom - plot.top) / 30));
  const [low, high] = y.domain();
  return scaleLinear()
    .domain([low / valueDivisor, high / valueDivisor])
    .ticks(count)
    .map((tick) => tick * valueDivisor)
    .map((value) => ({ px: y(value), label: format(value) }));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * A time as `YYYY-MM-DD HH:MM:SS` in local time or UTC (with a ` UTC` suffix), with milliseconds
 * only when the step is shorter than a second: a range of whole steps never reads
 * `11:45:08.500`.
 */
export function formatTimelineTime(ns: number, timeZone: TimelineTimeZone, stepNs = 1e9): string {
  const subSecond = stepNs < 1e9;
  const ms = subSecond ? Math.round(ns / 1e6) : Math.round(ns / 1e9) * 1000;
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return 'invalid time';
  const utc = timeZone === 'utc';
  const year = utc ? date.getUTCFullYear() : date.getFullYear();
  const month = utc ? date.getUTCMonth() : date.getMonth();
  const day = utc ? date.getUTCDate() : date.getDate();
  const hours = utc ? date.getUTCHours() : date.getHours();
  const minutes = utc ? date.getUTCMinutes() : date.getMinutes();
  const seconds = utc ? date.getUTCSeconds() : date.getSeconds();
  const millis = ((ms % 1000) + 1000) % 1000; // times before 1970 have negative remainders
  const fraction = subSecond ? `.${pad(millis, 3)}` : '';
  return (
    `${year}-${pad(month + 1)}-${pad(day)} ${pad(hours)}:${pad(minutes)}:${pad(seconds)}` +
    `${fraction}${utc ? ' UTC' : ''}`
  );
}

/** A range as `start – end` (end excluded), leaving the end's date out when it is the same day. */
export function formatTimelineRange(
  range: TimeRange,
  timeZone: TimelineTimeZone,
  stepNs?: number,
): string {
  const start = formatTimelineTime(range.startNs, timeZone, stepNs);
  const end = formatTimelineTime(range.endNs, timeZone, stepNs);
  const sameDay = start.slice(0, 11) === end.slice(0, 11);
  return `${start} – ${sameDay ? end.slice(11) : end}`;
}

/** The x extent of a range's band, clipped to the plot; undefined when nothing of it shows. */
export function computeBandX(
  geometry: TimelineGeometry,
  range: TimeRange,
): [left: number, right: number] | undefined {
  const { plot } = geometry;
  const clip = (x: number) => Math.max(plot.left, Math.min(plot.right, x));
  const left = clip(xOfNs(geometry, range.startNs));
  const right = clip(xOfNs(geometry, range.endNs));
  return right > left ? [left, right] : undefined;
}

/** Mid-lightness colours with at least 3:1 contrast on both the light and the dark background. */
export const TIMELINE_LINE_COLORS = [
  '#3b7dd8',
  '#e8710a',
  '#1a9850',
  '#d93b48',
  '#8e5ad6',
  '#0f95a3',
  '#c0508a',
  '#8a8a16',
];
/** Past the palette, lines repeat its colours dashed, then dotted. */
const LINE_DASHES = [undefined, '6 3', '2 3'];

/**
 * The colour (and past the palette, the dash pattern) of the line of the group at `index`, or
 * the colour the host gave its value (a comparison's baseline and comparison colours).
 */
export function timelineLineStyle(
  index: number,
  given?: string,
): { color: string; dash: string | undefined } {
  if (given) return { color: given, dash: undefined };
  const color = TIMELINE_LINE_COLORS[index % TIMELINE_LINE_COLORS.length];
  const cycle = Math.floor(index / TIMELINE_LINE_COLORS.length);
  return { color, dash: LINE_DASHES[cycle % LINE_DASHES.length] };
}

/** A group's name as shown: `Total` when not grouped, `(none)` for profiles without the label. */
export function timelineGroupName(group: SeriesTotalsGroup): string {
  if (group.value === undefined) return 'Total';
  return group.value === '' ? '(none)' : group.value;
}

/** Each group's value at a step, formatted with the unit, or `no data`. */
export function computeTimelineReadout(
  totals: SeriesTotals,
  step: number,
  unit: string,
  groupColors?: Readonly<Record<string, string>>,
): { name: string; value: string; color: string }[] {
  return totals.groups.map((group, index) => {
    const value = group.values[step];
    return {
      name: timelineGroupName(group),
      value: Number.isFinite(value) ? formatValue(value, unit) : 'no data',
      color: timelineLineStyle(index, groupColor(group, groupColors)).color,
    };
  });
}

/** The colour a host gave a group's value, if any. */
export function groupColor(
  group: SeriesTotalsGroup,
  groupColors: Readonly<Record<string, string>> | undefined,
): string | undefined {
  return groupColors && group.value !== undefined && Object.hasOwn(groupColors, group.value)
    ? groupColors[group.value]
    : undefined;
}

/** Where each value with data is, for dots on a line with few points. */
export function computePointMarkers(
  values: ArrayLike<number>,
  xOf: (step: number) => number,
  yOf: (value: number) => number,
): [x: number, y: number][] {
  const points: [number, number][] = [];
  for (let k = 0; k < values.length; k++)
    if (Number.isFinite(values[k])) points.push([round(xOf(k)), round(yOf(values[k]))]);
  return points;
}

/** A step in words for the live region: `<time>: api 1.5 s, db no data`. */
export function describeTimelineStep(
  totals: SeriesTotals,
  step: number,
  unit: string,
  timeZone: TimelineTimeZone,
): string {
  const time = formatTimelineTime(totals.startNs + step * totals.stepNs, timeZone, totals.stepNs);
  const rows = computeTimelineReadout(totals, step, unit).map((row) => `${row.name} ${row.value}`);
  return `${time}: ${rows.join(', ')}`;
}
