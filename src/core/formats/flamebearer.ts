import { FlamekitError, isFlamekitError } from '../errors';
import type { Profile, ProfilePeriod, ProfileTimeline } from '../profile';
import { ProfileBuilder } from '../profile-builder';
import type { StackIndex } from '../stack-table';
import { toInputSource as toSource, type InputSource, type ProfileInput } from './input';
import type { ImportOptions } from './options';
import { describeJsonValue } from './json-values';

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
const SYNTHETIC_ROOT = 'total';
const TRUNCATION_NODE = 'other';
const NANOSECONDS_PER_SECOND = 1e9;

const SINGLE_FIELDS = ['offset', 'total', 'self', 'name index'];
const DOUBLE_FIELDS = ['left', 'right']
  .flatMap((side) => ['offset', 'total', 'self'].map((field) => `${side} ${field}`))
  .concat('name index');

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
    throw parseError(
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
    throw parseError(
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

// Fields per node of a row in walkLevels: where it starts and ends, its stack, and what of its total
// (per side) self and the children read so far leave unexplained, 0 when it adds up.
const START = 0;
const END = 1;
const STACK = 2;
const LEFT_REST = 3;
const RIGHT_REST = 4;
const ROW_FIELDS = 5;

/**
 * Reads the rows top-down, each node's parent found by a cursor into the row above, into
 * `builder` (one sample type, or two for `double`). Also reads Grafana Pyroscope's querier.v1
 * FlameGraph, whose levels are the same.
 */
export function walkLevels(
  builder: ProfileBuilder,
  names: unknown[],
  levels: unknown[],
  double: boolean,
  path: string,
  options: ImportOptions,
): { left: number; right: number; truncated: boolean } {
  const step = double ? 7 : 4;
  const fields = double ? DOUBLE_FIELDS : SINGLE_FIELDS;
  const frameOfName = new Int32Array(names.length).fill(-1);
  const node = new Float64Array(7); // left offset, total, self, right offset, total, self, name
  const selves = new Float64Array(2); // left, right
  let above = new Float64Array(16 * ROW_FIELDS);
  let aboveCount = 0;
  let row = new Float64Array(16 * ROW_FIELDS);
  const totals = { left: 0, right: 0, truncated: false };
  let inconsistent = 0;
  let [nodeDepth, nodeIndex] = [0, 0];
  builder.locate = () => ({ jsonPath: `${path}.levels[${nodeDepth}][${nodeIndex}]` });
  let firstInconsistent = '';

  // One pass more than there are rows, over an empty row, so that the last row is checked too.
  for (let depth = 0; depth <= levels.length; depth++) {
    const numbers = depth < levels.length ? levels[depth] : [];
    const rowPath = `${path}.levels[${depth}]`;
    if (!Array.isArray(numbers) || numbers.length % step !== 0) {
      throw parseError(
        `a row must be an array of ${step} numbers per node (${fields.join(', ')})`,
        rowPath,
      );
    }
    const count = numbers.length / step;
    if (row.length < count * ROW_FIELDS) row = new Float64Array(count * ROW_FIELDS * 2);
    let leftEnd = 0;
    let rightEnd = 0;
    let cursor = 0;
    for (let k = 0; k < count; k++) {
      const at = k * step;
      [nodeDepth, nodeIndex] = [depth, at];
      for (let f = 0; f < step; f++) {
        const value: unknown = numbers[at + f];
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
          throw parseError(
            `the ${fields[f]} is ${describeJsonValue(value)}; it must be a number of 0 or more`,
            `${rowPath}[${at + f}]`,
          );
        }
        // A single node fills the left side; its right side stays 0.
        node[double || f < 3 ? f : 6] = value;
      }
      const leftStart = leftEnd + node[0];
      const rightStart = rightEnd + node[3];
      leftEnd = leftStart + node[1];
      rightEnd = rightStart + node[4];
      const start = leftStart + rightStart;
      const end = leftEnd + rightEnd;
      const nameIndex = node[6];
      const name = names[nameIndex];
      if (typeof name !== 'string' || !Number.isInteger(nameIndex)) {
        throw parseError(
          `name index ${nameIndex} does not point at a string of names (it has ${names.length})`,
          `${rowPath}[${at + step - 1}]`,
        );
      }

      let parent: StackIndex = 0;
      if (depth > 0) {
        // A zero-width node may sit at its parent's end; a wider one starts before that end.
        while (
          cursor < aboveCount &&
          (above[cursor * ROW_FIELDS + END] < start ||
            (above[cursor * ROW_FIELDS + END] === start && end > start))
        )
          cursor++;
        const p = cursor * ROW_FIELDS;
        if (!(cursor < aboveCount && above[p + START] <= start && end <= above[p + END])) {
          throw parseError(
            `this node spans ticks ${start} to ${end}, inside no node of the row above; offsets must be deltas from the end of the previous node in the row`,
            `${rowPath}[${at}]`,
          );
        }
        parent = above[p + STACK];
        above[p + LEFT_REST] -= node[1];
        above[p + RIGHT_REST] -= node[4];
      } else {
        totals.left += node[1];
        totals.right += node[4];
      }

      let stack: StackIndex = 0; // Pyroscope's synthetic root is the tree's root.
      if (!(depth === 0 && count === 1 && name === SYNTHETIC_ROOT)) {
        let frame = frameOfName[nameIndex];
        if (frame < 0) frame = frameOfName[nameIndex] = builder.frames.internName(name);
        stack = builder.stacks.child(parent, frame);
        if (name === TRUNCATION_NODE) totals.truncated = true;
      }
      if (node[2] !== 0 || node[5] !== 0) {
        selves[0] = node[2];
        selves[1] = node[5];
        builder.addSample(stack, double ? selves : node[2]);
      }
      const r = k * ROW_FIELDS;
      row[r + START] = start;
      row[r + END] = end;
      row[r + STACK] = stack;
      row[r + LEFT_REST] = node[1] - node[2];
      row[r + RIGHT_REST] = node[4] - node[5];
    }
    // The row above is complete now that its children are read: check that its totals add up.
    for (let k = 0; k < aboveCount; k++) {
      const rest = above[k * ROW_FIELDS + LEFT_REST] || above[k * ROW_FIELDS + RIGHT_REST];
      if (rest !== 0 && inconsistent++ === 0)
        firstInconsistent = `${path}.levels[${depth - 1}][${k * step}]`;
    }
    [above, row] = [row, above];
    aboveCount = count;
    if ((depth & 255) === 255)
      options.onProgress?.({ phase: 'build', done: depth + 1, total: levels.length });
  }
  if (inconsistent > 0) {
    builder.warn({
      code: 'inconsistent-totals',
      message: `${inconsistent === 1 ? '1 node has' : `${inconsistent} nodes have`} a total other than self plus the children's totals (first: ${firstInconsistent}); the tree adds up the self values`,
      count: inconsistent,
      position: { jsonPath: firstInconsistent },
    });
  }
  return totals;
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

function parseError(reason: string, jsonPath: string): FlamekitError {
  return new FlamekitError('parse-error', reason, { format: FORMAT, position: { jsonPath } });
}
