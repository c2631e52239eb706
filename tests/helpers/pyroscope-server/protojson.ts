/**
 * The test server's reading of request messages in protobuf's JSON mapping, as strict as Go's
 * protojson with its default options (what connect-go's JSON codec uses): a field may be named by
 * its JSON name or its proto name, `null` means the default, 64-bit integers come as strings or
 * integers, enums by name or number, and an unknown field is an error. The schemas below are the
 * request messages of grafana/pyroscope `api/querier/v1/querier.proto` and
 * `api/types/v1/types.proto`, written from the protos, apart from flamekit's client.
 */
type Kind =
  | 'string'
  | 'int64'
  | 'uint32'
  | 'double'
  | 'bool'
  | { enum: readonly string[] }
  | { message: () => Schema };

interface FieldSpec {
  proto: string;
  json: string;
  kind: Kind;
  repeated?: boolean;
}

export interface Schema {
  name: string;
  fields: FieldSpec[];
}

export class ProtoJsonError extends Error {}

const f = (proto: string, json: string, kind: Kind, repeated = false): FieldSpec => ({
  proto,
  json,
  kind,
  repeated,
});

const LOCATION: Schema = { name: 'types.v1.Location', fields: [f('name', 'name', 'string')] };
const GO_PGO: Schema = {
  name: 'types.v1.GoPGO',
  fields: [
    f('keep_locations', 'keepLocations', 'uint32'),
    f('aggregate_callees', 'aggregateCallees', 'bool'),
  ],
};
const STACK_TRACE_SELECTOR: Schema = {
  name: 'types.v1.StackTraceSelector',
  fields: [
    f('call_site', 'callSite', { message: () => LOCATION }, true),
    f('go_pgo', 'goPgo', { message: () => GO_PGO }),
  ],
};
const ASYNC_QUERY_REQUEST: Schema = {
  name: 'querier.v1.AsyncQueryRequest',
  fields: [
    f('request_id', 'requestId', 'string'),
    f('type', 'type', { enum: ['ASYNC_QUERY_TYPE_DISABLED', 'ASYNC_QUERY_TYPE_FORCE'] }),
  ],
};
const PROFILE_FORMAT = {
  enum: [
    'PROFILE_FORMAT_UNSPECIFIED',
    'PROFILE_FORMAT_FLAMEGRAPH',
    'PROFILE_FORMAT_TREE',
    'PROFILE_FORMAT_DOT',
    'PROFILE_FORMAT_PPROF',
  ],
};
const SPAN = [f('start', 'start', 'int64'), f('end', 'end', 'int64')];
const SELECTION = [
  f('profile_typeID', 'profileTypeID', 'string'),
  f('label_selector', 'labelSelector', 'string'),
  ...SPAN,
];

export const SCHEMAS: Record<string, Schema> = {
  ProfileTypes: { name: 'querier.v1.ProfileTypesRequest', fields: SPAN },
  LabelNames: {
    name: 'types.v1.LabelNamesRequest',
    fields: [f('matchers', 'matchers', 'string', true), ...SPAN],
  },
  LabelValues: {
    name: 'types.v1.LabelValuesRequest',
    fields: [f('name', 'name', 'string'), f('matchers', 'matchers', 'string', true), ...SPAN],
  },
  SelectSeries: {
    name: 'querier.v1.SelectSeriesRequest',
    fields: [
      ...SELECTION,
      f('group_by', 'groupBy', 'string', true),
      f('step', 'step', 'double'),
      f('aggregation', 'aggregation', {
        enum: ['TIME_SERIES_AGGREGATION_TYPE_SUM', 'TIME_SERIES_AGGREGATION_TYPE_AVERAGE'],
      }),
      f('stack_trace_selector', 'stackTraceSelector', { message: () => STACK_TRACE_SELECTOR }),
      f('limit', 'limit', 'int64'),
      f('exemplar_type', 'exemplarType', {
        enum: [
          'EXEMPLAR_TYPE_UNSPECIFIED',
          'EXEMPLAR_TYPE_NONE',
          'EXEMPLAR_TYPE_INDIVIDUAL',
          'EXEMPLAR_TYPE_SPAN',
        ],
      }),
    ],
  },
  SelectMergeStacktraces: {
    name: 'querier.v1.SelectMergeStacktracesRequest',
    fields: [
      ...SELECTION,
      f('max_nodes', 'maxNodes', 'int64'),
      f('format', 'format', PROFILE_FORMAT),
      f('stack_trace_selector', 'stackTraceSelector', { message: () => STACK_TRACE_SELECTOR }),
      f('profile_id_selector', 'profileIdSelector', 'string', true),
      f('async', 'async', { message: () => ASYNC_QUERY_REQUEST }),
      f('trace_id_selector', 'traceIdSelector', 'string', true),
      f('span_selector', 'spanSelector', 'string', true),
    ],
  },
  SelectMergeProfile: {
    name: 'querier.v1.SelectMergeProfileRequest',
    fields: [
      ...SELECTION,
      f('max_nodes', 'maxNodes', 'int64'),
      f('stack_trace_selector', 'stackTraceSelector', { message: () => STACK_TRACE_SELECTOR }),
      f('profile_id_selector', 'profileIdSelector', 'string', true),
      f('trace_id_selector', 'traceIdSelector', 'string', true),
    ],
  },
};
SCHEMAS.Diff = {
  name: 'querier.v1.DiffRequest',
  fields: [
    f('left', 'left', { message: () => SCHEMAS.SelectMergeStacktraces }),
    f('right', 'right', { message: () => SCHEMAS.SelectMergeStacktraces }),
  ],
};

/** A decoded message: values by proto field name; fields that were absent are absent. */
export type Decoded = Record<string, unknown>;

export function decodeMessage(json: unknown, schema: Schema, path = 'message'): Decoded {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ProtoJsonError(`${path}: ${schema.name} must be a JSON object`);
  }
  const out: Decoded = {};
  for (const [key, value] of Object.entries(json)) {
    const spec = schema.fields.find((field) => field.json === key || field.proto === key);
    if (!spec) throw new ProtoJsonError(`${path}: unknown field "${key}" in ${schema.name}`);
    if (Object.hasOwn(out, spec.proto)) {
      throw new ProtoJsonError(`${path}: duplicate field "${key}" in ${schema.name}`);
    }
    if (value === null) continue;
    const at = `${path}.${key}`;
    if (spec.repeated) {
      if (!Array.isArray(value)) throw new ProtoJsonError(`${at}: expected an array`);
      out[spec.proto] = value.map((item, k) => decodeValue(item, spec.kind, `${at}[${k}]`));
    } else {
      out[spec.proto] = decodeValue(value, spec.kind, at);
    }
  }
  return out;
}

function decodeValue(value: unknown, kind: Kind, path: string): unknown {
  if (kind === 'string') {
    if (typeof value !== 'string') throw new ProtoJsonError(`${path}: expected a string`);
    return value;
  }
  if (kind === 'bool') {
    if (typeof value !== 'boolean') throw new ProtoJsonError(`${path}: expected true or false`);
    return value;
  }
  if (kind === 'int64' || kind === 'uint32') {
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
    throw new ProtoJsonError(`${path}: invalid value for ${kind} field: ${JSON.stringify(value)}`);
  }
  if (kind === 'double') {
    if (typeof value === 'number') return value;
    if (value === 'NaN') return NaN;
    if (value === 'Infinity') return Infinity;
    if (value === '-Infinity') return -Infinity;
    if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))
      return Number(value);
    throw new ProtoJsonError(`${path}: invalid value for double field: ${JSON.stringify(value)}`);
  }
  if ('enum' in kind) {
    if (typeof value === 'string' && kind.enum.includes(value)) return value;
    if (
      typeof value === 'number' &&
      Number.isInteger(value) &&
      value >= 0 &&
      value < kind.enum.length
    )
      return kind.enum[value];
    throw new ProtoJsonError(`${path}: invalid value for enum field: ${JSON.stringify(value)}`);
  }
  return decodeMessage(value, kind.message(), path);
}

/** An int64 as protojson writes it. */
export const int64 = (value: number): string => Math.trunc(value).toFixed(0);

/** A double as protojson writes it: a number, or the strings for NaN and the infinities. */
export function double(value: number): number | string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}
