import { isFlamekitError } from '../errors';
import type { Profile, ProfilePeriod, ProfileTimeline } from '../model/profile';
import { ProfileBuilder } from '../model/profile-builder';
import { toInputSource as toSource, type InputSource, type ProfileInput } from './input';
import type { ImportOptions } from './options';
import { describeJsonValue } from './json-values';

import { flamebearerParseError, walkLevels } from './flamebearer-levels';
/**
 * Pyroscope's flamebearer JSON (version 1), as its `/render` API, its UI's export and Grafana
 * Pyroscope's `/pyroscope/render` return it: the whole response `{ version, flamebearer: { names,
 * levels, numTicks, maxSelf }, metadata, timeline, leftTicks, rightTicks }`, or a bare `{ names,
 * levels, numTicks }`. Old responses keep `format`, `units`, `sampleRate` in the flamebearer
 * itself; `metadata` wins when both have them.
 *
 * `levels[d]` lists the nodes at depth d, left to right, as `[offset, total, self, nameIndex]`
 * (format `single`) or `[leftOffset, leftTotal, leftSelf, rightOffset, rightTotal, rightSelf,
 * nameIndex]` (format `double`, a diff: a comparison profile, left `baseline`, right `comparison`).
 * An offset counts from the end of the previous node of the row (the first from 0), left and right
 * separately. A node's parent is the node of the row above whose range holds it, ranges being what
 * Pyroscope draws: from `leftOffset + rightOffset`, `leftTotal + rightTotal` wide. Neither side
 * alone would do for a diff: the nodes missing from a side all sit at one offset there with total
 * 0, while their sums stay inside their parents'. Rows are read once, top-down, with a cursor into
 * the row above: no recursion, so any depth. The input is only read, never changed.
 *
 * A first row of one node named `total` is Pyroscope's synthetic root and becomes the tree's root.
 * A node named `other` is where the server cut the tree (max nodes): it sets `truncated`.
 *
 * Units: as in Pyroscope's own formatter, `samples` (and `trace_samples`) are time, a value being
 * `1 / sampleRate` s. Pyroscope 0.x sends CPU sample counts at 100 Hz (all the fixtures): unit
 * `samples`, period `1e9 / sampleRate` ns. Grafana Pyroscope 1.x sends CPU nanoseconds, still
 * labelled `samples`, with `sampleRate` 1e9: unit `nanoseconds`, values kept. Without a positive
 * rate: plain `samples`. `objects`, `bytes`; `lock_nanoseconds` → nanoseconds; `goroutines`,
 * `lock_samples`, `exceptions` → count; others as spelled; none → `options.unit` or `samples`. The
 * sample type is the profile type its name ends in (`app.alloc_objects`), else the unit's (`cpu`).
 *
 * Not read: `timeline` (beyond the time range: the time-series view will read its windows),
 * `groups`, `heatmap`, `annotations`, `maxSelf`, `spyName`. `timeRange` is `metadata.startTime` to
 * `endTime` (seconds), else the timeline's span. Warnings when `numTicks`, `leftTicks` or
 * `rightTicks` disagree with the top nodes, or a total with self plus the children's totals.
 */
const FORMAT = 'flamebearer';
const NANOSECONDS_PER_SECOND = 1e9;

/** Profile types Pyroscope puts at the end of an app name (`myapp.cpu`) or in `metadata.name`. */
const KNOWN_TYPES = new Set(
  (
    'cpu wall itimer alloc_objects alloc_space inuse_objects inuse_space goroutine goroutines ' +
    'mutex_count mutex_duration block_count block_duration lock_count lock_duration exceptions ' +
    'alloc_in_new_tlab_objects alloc_in_new_tlab_bytes'
  ).split(' '),
);

const UNITS = new Map<string, { type: string; unit: string }>([
  ['objects', { type: 'objects', unit: 'objects' }],
  ['bytes', { type: 'space', unit: 'bytes' }],
  ['goroutines', { type: 'goroutines', unit: 'count' }],
  ['lock_nanoseconds', { type: 'lock_duration', unit: 'nanoseconds' }],
  ['lock_samples', { type: 'lock_count', unit: 'count' }],
  ['exceptions', { type: 'exceptions', unit: 'count' }],
]);

type JsonObject = Record<string, unknown>;

/** The flamebearer, the response around it (itself when bare) and its JSON path. */
type Located = { flamebearer: JsonObject; response: JsonObject; path: string };

export function isFlamebearer(input: ProfileInput | InputSource): boolean {
  const source = toSource(input);
  if (source.isBinary() || !/^\s*\{/.test(source.head(64))) return false;
  try {
    return locate(source.json(FORMAT)) !== undefined;
  } catch (error) {
    if (isFlamekitError(error)) return false;
    throw error;
  }
}

export function importFlamebearer(
  input: ProfileInput | InputSource,
  options: ImportOptions = {},
): Profile {
  const json = toSource(input).json(FORMAT);
  const found = locate(json);
  if (!found) {
    throw flamebearerParseError(
      'expected a Pyroscope response with a "flamebearer" object, or an object with "names" and "levels" arrays and "numTicks"',
      '$',
    );
  }
  const { flamebearer, response, path } = found;
  const metadata = isObject(response.metadata) ? response.metadata : undefined;
  const field = (key: string): unknown => metadata?.[key] ?? flamebearer[key];

  const format = field('format') ?? 'single';
  if (format !== 'single' && format !== 'double') {
    const where = metadata?.format !== undefined ? '$.metadata.format' : `${path}.format`;
    throw flamebearerParseError(
      `format is ${describeJsonValue(format)}; expected "single" or "double"`,
      where,
    );
  }
  const double = format === 'double';
  const names = flamebearer.names as unknown[];
  const levels = flamebearer.levels as unknown[];
  const values = describeValues(field, options);
  const { type, unit } = values;
  const sides = double ? ['baseline', 'comparison'] : [type];
  const builder = new ProfileBuilder(
    FORMAT,
    sides.map((side) => ({ type: side, unit })),
  );
  const walk = walkLevels(builder, names, levels, double, path, options);

  const expected: [key: string, value: number][] = [['numTicks', walk.left + walk.right]];
  if (double) expected.push(['leftTicks', walk.left], ['rightTicks', walk.right]);
  for (const [key, total] of expected) {
    const atTop = response[key] !== undefined && response !== flamebearer;
    const stated = atTop ? response[key] : flamebearer[key];
    if (typeof stated === 'number' && stated !== total) {
      builder.warn({
        code: 'ticks-mismatch',
        message: `${key} is ${stated} but the top nodes add up to ${total}; the tree shows ${total}`,
        position: { jsonPath: atTop ? `$.${key}` : `${path}.${key}` },
      });
    }
  }
  const name = [field('name'), field('appName')].find((n) => typeof n === 'string');
  const timeRange = readTimeRange(field, response.timeline);
  const timeline = readTimeline(response.timeline, builder);
  return builder.finish({
    truncated: walk.truncated,
    ...(double && { comparison: { baseline: 0, comparison: 1 }, defaultSampleType: 1 }),
    ...(values.period && { period: values.period }),
    ...(timeRange && { timeRange }),
    ...(timeline && { timeline }),
    ...(name !== undefined && { name: name as string }),
  });
}

/** The flamebearer inside a response, or the bare one; undefined when the shape is neither. */
function locate(json: unknown): Located | undefined {
  if (!isObject(json)) return undefined;
  const inner = json.flamebearer;
  if (isObject(inner) && Array.isArray(inner.names) && Array.isArray(inner.levels))
    return { flamebearer: inner, response: json, path: '$.flamebearer' };
  if (Array.isArray(json.names) && Array.isArray(json.levels) && typeof json.numTicks === 'number')
    return { flamebearer: json, response: json, path: '$' };
  return undefined;
}

/** The sample type and period of the values, from the units and sample rate (see the top comment). */
function describeValues(
  field: (key: string) => unknown,
  options: ImportOptions,
): { type: string; unit: string; period?: ProfilePeriod } {
  const units = field('units');
  const sampleRate = field('sampleRate');
  let named: string | undefined;
  for (const candidate of [field('name'), field('appName')]) {
    if (typeof candidate !== 'string') continue;
    const word = candidate.trim().split(/\s/)[0];
    const last = word.slice(word.lastIndexOf('.') + 1);
    if (KNOWN_TYPES.has(last)) {
      named = last;
      break;
    }
  }
  if (typeof units !== 'string' || units === '')
    return { type: named ?? 'samples', unit: options.unit ?? 'samples' };
  if (units === 'samples' || units === 'trace_samples') {
    const type = named ?? (units === 'samples' ? 'cpu' : 'trace');
    if (typeof sampleRate !== 'number' || !(sampleRate > 0) || !Number.isFinite(sampleRate))
      return { type, unit: 'samples' };
    if (sampleRate === NANOSECONDS_PER_SECOND) return { type, unit: 'nanoseconds' };
    return {
      type,
      unit: 'samples',
      period: { type, unit: 'nanoseconds', value: NANOSECONDS_PER_SECOND / sampleRate },
    };
  }
  const known = UNITS.get(units);
  return { type: named ?? known?.type ?? units, unit: known?.unit ?? units };
}

/**
 * The query's range from metadata (seconds), or else the span of the timeline's windows. The
 * timeline's per-window sample counts stay out of the Profile for now: the time-series issue will
 * read them.
 */
function readTimeRange(
  field: (key: string) => unknown,
  timeline: unknown,
): { startNs: number; endNs: number } | undefined {
  const start = field('startTime');
  const end = field('endTime');
  if (isNumber(start) && isNumber(end) && end >= start)
    return { startNs: start * NANOSECONDS_PER_SECOND, endNs: end * NANOSECONDS_PER_SECOND };
  if (!isObject(timeline)) return undefined;
  const { startTime, durationDelta, samples } = timeline;
  if (!isNumber(startTime) || !isNumber(durationDelta) || !Array.isArray(samples)) return undefined;
  return {
    startNs: startTime * NANOSECONDS_PER_SECOND,
    endNs: (startTime + samples.length * durationDelta) * NANOSECONDS_PER_SECOND,
  };
}

/**
 * The timeline's samples per window. Windows whose count is not a number (null in some server
 * versions for an empty window) are read as 0, with a warning.
 */
function readTimeline(timeline: unknown, builder: ProfileBuilder): ProfileTimeline | undefined {
  if (!isObject(timeline)) return undefined;
  const { startTime, durationDelta, samples } = timeline;
  if (!isNumber(startTime) || !isNumber(durationDelta) || durationDelta <= 0) return undefined;
  if (!Array.isArray(samples)) return undefined;
  const values = new Float64Array(samples.length);
  let unread = 0;
  samples.forEach((value, k) => {
    if (isNumber(value)) values[k] = value;
    else unread++;
  });
  if (unread > 0) {
    builder.warn({
      code: 'timeline-value',
      message: `${unread} timeline windows hold no number and are shown as 0`,
      position: { jsonPath: '$.timeline.samples' },
      count: unread,
    });
  }
  const startNs = startTime * NANOSECONDS_PER_SECOND;
  const stepNs = durationDelta * NANOSECONDS_PER_SECOND;
  if (!Number.isFinite(startNs) || !Number.isFinite(stepNs)) return undefined;
  return { startNs, stepNs, values };
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
