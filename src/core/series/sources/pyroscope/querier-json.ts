import {
  field,
  int64,
  protoJsonError,
  readDouble,
  readInt64,
  readMessage,
  readRepeated,
  readString,
  type JsonObject,
} from './proto-json';

/**
 * The messages of Grafana Pyroscope's query API that flamekit sends and reads, in protobuf's JSON
 * mapping, as grafana/pyroscope's `api/querier/v1/querier.proto` and `api/types/v1/types.proto`
 * define them. Requests are written with the JSON names (lowerCamelCase; `profile_typeID` is
 * `profileTypeID`), 64-bit integers as decimal strings, enums by name, and fields left at their
 * default omitted. Times are milliseconds since the Unix epoch; `step` is seconds.
 */

/** Milliseconds since the epoch, the span every request carries. */
export interface MillisecondRange {
  startMs: number;
  endMs: number;
}

/** querier.v1.ProfileTypesRequest `{ start, end }`. */
export function encodeProfileTypesRequest(range: MillisecondRange): JsonObject {
  return { start: int64(range.startMs), end: int64(range.endMs) };
}

/** types.v1.ProfileType, as listed by querier.v1.ProfileTypesResponse. */
export interface ProfileTypeMessage {
  id: string;
  name: string;
  sampleType: string;
  sampleUnit: string;
  periodType: string;
  periodUnit: string;
}

/** querier.v1.ProfileTypesResponse `{ profileTypes: types.v1.ProfileType[] }`. */
export function decodeProfileTypesResponse(json: unknown): ProfileTypeMessage[] {
  const message = readMessage(json, '$');
  return readRepeated(field(message, 'profileTypes', 'profile_types'), '$.profileTypes').map(
    (item, k) => {
      const path = `$.profileTypes[${k}]`;
      const type = readMessage(item, path);
      const text = (jsonName: string, protoName = jsonName) =>
        readString(field(type, jsonName, protoName), `${path}.${jsonName}`);
      return {
        id: text('ID'),
        name: text('name'),
        sampleType: text('sampleType', 'sample_type'),
        sampleUnit: text('sampleUnit', 'sample_unit'),
        periodType: text('periodType', 'period_type'),
        periodUnit: text('periodUnit', 'period_unit'),
      };
    },
  );
}

/** types.v1.LabelNamesRequest `{ matchers, start, end }`. */
export function encodeLabelNamesRequest(
  matchers: readonly string[],
  range: MillisecondRange,
): JsonObject {
  return {
    ...(matchers.length > 0 && { matchers: [...matchers] }),
    start: int64(range.startMs),
    end: int64(range.endMs),
  };
}

/** types.v1.LabelValuesRequest `{ name, matchers, start, end }`. */
export function encodeLabelValuesRequest(
  name: string,
  matchers: readonly string[],
  range: MillisecondRange,
): JsonObject {
  return { name, ...encodeLabelNamesRequest(matchers, range) };
}

/** types.v1.LabelNamesResponse and types.v1.LabelValuesResponse: both `{ names: string[] }`. */
export function decodeNamesResponse(json: unknown): string[] {
  const message = readMessage(json, '$');
  return readRepeated(field(message, 'names'), '$.names').map((name, k) =>
    readString(name, `$.names[${k}]`),
  );
}

/** types.v1.StackTraceSelector `{ callSite: types.v1.Location[] }`, root first. */
function encodeStackTraceSelector(callSite: readonly string[]): JsonObject {
  return { callSite: callSite.map((name) => ({ name })) };
}

/** The fields the select requests share: profile type, selector and span. */
export interface SelectionMessage extends MillisecondRange {
  profileTypeId: string;
  labelSelector: string;
}

function encodeSelection(selection: SelectionMessage): JsonObject {
  return {
    profileTypeID: selection.profileTypeId,
    labelSelector: selection.labelSelector,
    start: int64(selection.startMs),
    end: int64(selection.endMs),
  };
}

export interface SelectSeriesMessage extends SelectionMessage {
  groupBy: readonly string[];
  stepSeconds: number;
  aggregation?: 'sum' | 'average';
  limit?: number;
}

/**
 * querier.v1.SelectSeriesRequest `{ profileTypeID, labelSelector, start, end, groupBy, step,
 * aggregation, limit }`; `aggregation` is types.v1.TimeSeriesAggregationType by name.
 */
export function encodeSelectSeriesRequest(request: SelectSeriesMessage): JsonObject {
  return {
    ...encodeSelection(request),
    ...(request.groupBy.length > 0 && { groupBy: [...request.groupBy] }),
    step: request.stepSeconds,
    ...(request.aggregation && {
      aggregation:
        request.aggregation === 'average'
          ? 'TIME_SERIES_AGGREGATION_TYPE_AVERAGE'
          : 'TIME_SERIES_AGGREGATION_TYPE_SUM',
    }),
    ...(request.limit !== undefined && { limit: int64(request.limit) }),
  };
}

/** types.v1.Series `{ labels: types.v1.LabelPair[], points: types.v1.Point[] }`. */
export interface SeriesMessage {
  labels: Record<string, string>;
  /** types.v1.Point `{ value, timestamp }`: the value and its time in milliseconds. */
  points: { value: number; timestampMs: number }[];
}

/** querier.v1.SelectSeriesResponse `{ series: types.v1.Series[] }`. */
export function decodeSelectSeriesResponse(json: unknown): SeriesMessage[] {
  const message = readMessage(json, '$');
  return readRepeated(field(message, 'series'), '$.series').map((item, s) => {
    const path = `$.series[${s}]`;
    const series = readMessage(item, path);
    const labels: Record<string, string> = {};
    readRepeated(field(series, 'labels'), `${path}.labels`).forEach((pair, k) => {
      const at = `${path}.labels[${k}]`;
      const label = readMessage(pair, at);
      // defineProperty: a label named __proto__ stays a label.
      Object.defineProperty(labels, readString(field(label, 'name'), `${at}.name`), {
        value: readString(field(label, 'value'), `${at}.value`),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    });
    const points = readRepeated(field(series, 'points'), `${path}.points`).map((item, p) => {
      const at = `${path}.points[${p}]`;
      const point = readMessage(item, at);
      return {
        value: readDouble(field(point, 'value'), `${at}.value`),
        timestampMs: readInt64(field(point, 'timestamp'), `${at}.timestamp`),
      };
    });
    return { labels, points };
  });
}

export interface SelectMergeMessage extends SelectionMessage {
  maxNodes?: number;
  callSite?: readonly string[];
}

/**
 * querier.v1.SelectMergeStacktracesRequest `{ profileTypeID, labelSelector, start, end, maxNodes,
 * format, stackTraceSelector }`, asking for querier.v1.ProfileFormat `PROFILE_FORMAT_FLAMEGRAPH`.
 */
export function encodeSelectMergeStacktracesRequest(request: SelectMergeMessage): JsonObject {
  return {
    ...encodeSelection(request),
    ...(request.maxNodes !== undefined && { maxNodes: int64(request.maxNodes) }),
    format: 'PROFILE_FORMAT_FLAMEGRAPH',
    ...(request.callSite &&
      request.callSite.length > 0 && {
        stackTraceSelector: encodeStackTraceSelector(request.callSite),
      }),
  };
}

/**
 * querier.v1.SelectMergeProfileRequest `{ profileTypeID, labelSelector, start, end, maxNodes,
 * stackTraceSelector }`; the answer is a google.v1.Profile (see pprof-json.ts).
 */
export function encodeSelectMergeProfileRequest(request: SelectMergeMessage): JsonObject {
  const { format: _format, ...rest } = encodeSelectMergeStacktracesRequest(request);
  return rest;
}

/** querier.v1.DiffRequest `{ left, right }`, each a SelectMergeStacktracesRequest. */
export function encodeDiffRequest(left: SelectMergeMessage, right: SelectMergeMessage): JsonObject {
  return {
    left: encodeSelectMergeStacktracesRequest(left),
    right: encodeSelectMergeStacktracesRequest(right),
  };
}

/**
 * querier.v1.FlameGraph `{ names, levels: querier.v1.Level[], total, maxSelf }`, and
 * querier.v1.FlameGraphDiff, which adds `leftTicks` and `rightTicks`. Each querier.v1.Level is
 * `{ values: int64[] }`: 4 numbers a node (7 for a diff), offsets delta-encoded.
 */
export interface FlameGraphMessage {
  names: string[];
  levels: number[][];
  total: number;
  maxSelf: number;
  leftTicks?: number;
  rightTicks?: number;
}

function decodeFlameGraph(json: unknown, path: string, diff: boolean): FlameGraphMessage {
  const message = readMessage(json, path);
  const names = readRepeated(field(message, 'names'), `${path}.names`).map((name, k) =>
    readString(name, `${path}.names[${k}]`),
  );
  const levels = readRepeated(field(message, 'levels'), `${path}.levels`).map((item, d) => {
    const at = `${path}.levels[${d}]`;
    const values = readRepeated(field(readMessage(item, at), 'values'), `${at}.values`);
    const numbers = new Array<number>(values.length);
    for (let k = 0; k < values.length; k++) numbers[k] = readInt64(values[k], `${at}.values[${k}]`);
    return numbers;
  });
  const result: FlameGraphMessage = {
    names,
    levels,
    total: readInt64(field(message, 'total'), `${path}.total`),
    maxSelf: readInt64(field(message, 'maxSelf', 'max_self'), `${path}.maxSelf`),
  };
  if (diff) {
    result.leftTicks = readInt64(field(message, 'leftTicks'), `${path}.leftTicks`);
    result.rightTicks = readInt64(field(message, 'rightTicks'), `${path}.rightTicks`);
  }
  return result;
}

/** querier.v1.SelectMergeStacktracesResponse `{ flamegraph: querier.v1.FlameGraph }`. */
export function decodeSelectMergeStacktracesResponse(json: unknown): FlameGraphMessage {
  const message = readMessage(json, '$');
  return decodeFlameGraph(field(message, 'flamegraph'), '$.flamegraph', false);
}

/** querier.v1.DiffResponse `{ flamegraph: querier.v1.FlameGraphDiff }`. */
export function decodeDiffResponse(json: unknown): FlameGraphMessage {
  const message = readMessage(json, '$');
  const flameGraph = field(message, 'flamegraph');
  if (flameGraph === undefined) throw protoJsonError('the answer has no flamegraph', '$');
  return decodeFlameGraph(flameGraph, '$.flamegraph', true);
}
