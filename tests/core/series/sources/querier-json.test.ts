import { describe, expect, it } from 'vitest';
import {
  importProfile,
  isFlamekitError,
  printTree,
  type FlamekitError,
} from '../../../../src/core';
import { encodePprofFromJson } from '../../../../src/core/series/sources/pyroscope/pprof-json';
import {
  decodeDiffResponse,
  decodeNamesResponse,
  decodeProfileTypesResponse,
  decodeSelectMergeStacktracesResponse,
  decodeSelectSeriesResponse,
  encodeSelectSeriesRequest,
} from '../../../../src/core/series/sources/pyroscope/querier-json';
import { readFixture } from '../../../helpers/fixtures';
import { decodeMessage, SCHEMAS } from '../../../helpers/pyroscope-server/protojson';
import { mergedPprofJson } from '../../../helpers/pyroscope-server/merged-pprof';
import { decodePprof } from '../../../helpers/pyroscope-server/profiles';

// The messages in protobuf's JSON mapping: what a server may send (JSON or proto field names,
// 64-bit integers as strings or numbers, NaN as a string, null for defaults), and what breaks it.

function parseFailure(run: () => unknown): FlamekitError {
  try {
    run();
  } catch (error) {
    expect(isFlamekitError(error)).toBe(true);
    return error as FlamekitError;
  }
  throw new Error('expected a parse error');
}

describe('querier.v1 and types.v1 messages, read', () => {
  it('takes JSON names and proto names, strings and numbers for 64-bit integers, null as default', () => {
    expect(
      decodeProfileTypesResponse({
        profile_types: [
          {
            ID: 'memory:alloc_space:bytes:space:bytes',
            name: 'memory',
            sample_type: 'alloc_space',
            sampleUnit: 'bytes',
            periodType: null,
          },
        ],
      }),
    ).toEqual([
      {
        id: 'memory:alloc_space:bytes:space:bytes',
        name: 'memory',
        sampleType: 'alloc_space',
        sampleUnit: 'bytes',
        periodType: '',
        periodUnit: '',
      },
    ]);
    expect(decodeNamesResponse({})).toEqual([]);
    expect(
      decodeSelectSeriesResponse({
        series: [
          {
            labels: [{ name: '__proto__', value: 'x' }],
            points: [{ timestamp: '1700000000000' }, { value: 'NaN', timestamp: 1700000015000 }],
          },
        ],
      }),
    ).toEqual([
      {
        labels: Object.defineProperty({}, '__proto__', { value: 'x', enumerable: true }),
        points: [
          { value: 0, timestampMs: 1700000000000 },
          { value: NaN, timestampMs: 1700000015000 },
        ],
      },
    ]);
  });

  it('reads flame graph levels as numbers, and a diff with its ticks', () => {
    const graph = decodeSelectMergeStacktracesResponse({
      flamegraph: {
        names: ['total', 'main'],
        levels: [{ values: ['0', '5', '0', '0'] }, { values: [0, 5, '5', 1] }],
        total: '5',
        max_self: 5,
      },
    });
    expect(graph).toEqual({
      names: ['total', 'main'],
      levels: [
        [0, 5, 0, 0],
        [0, 5, 5, 1],
      ],
      total: 5,
      maxSelf: 5,
    });
    const diff = decodeDiffResponse({
      flamegraph: {
        names: ['total'],
        levels: [{ values: ['0', '2', '0', '0', '3', '0', '0'] }],
        leftTicks: '2',
        rightTicks: '3',
      },
    });
    expect([diff.leftTicks, diff.rightTicks]).toEqual([2, 3]);
  });

  it('refuses values of the wrong kind with their JSON path', () => {
    const error = parseFailure(() =>
      decodeSelectMergeStacktracesResponse({
        flamegraph: { names: ['total'], levels: [{ values: ['0', '1.5', '0', '0'] }] },
      }),
    );
    expect(error.code).toBe('parse-error');
    expect(error.position?.jsonPath).toBe('$.flamegraph.levels[0].values[1]');
    expect(parseFailure(() => decodeNamesResponse({ names: 'a' })).position?.jsonPath).toBe(
      '$.names',
    );
    expect(parseFailure(() => decodeNamesResponse([])).message).toMatch(/expected a message/);
    for (const bad of ['', ' 1', '1e3', '0x10', '--1'])
      expect(
        () => decodeSelectSeriesResponse({ series: [{ points: [{ timestamp: bad }] }] }),
        bad,
      ).toThrow(/64-bit integer/);
  });
});

describe('requests, as a strict protojson reader reads them', () => {
  it('writes only fields the proto has, with their JSON names and types', () => {
    const request = encodeSelectSeriesRequest({
      profileTypeId: 'process_cpu:cpu:nanoseconds:cpu:nanoseconds',
      labelSelector: '{}',
      startMs: 1,
      endMs: 2,
      groupBy: ['pod'],
      stepSeconds: 15,
      aggregation: 'average',
      limit: 5,
    });
    expect(decodeMessage(request, SCHEMAS.SelectSeries)).toEqual({
      profile_typeID: 'process_cpu:cpu:nanoseconds:cpu:nanoseconds',
      label_selector: '{}',
      start: 1,
      end: 2,
      group_by: ['pod'],
      step: 15,
      aggregation: 'TIME_SERIES_AGGREGATION_TYPE_AVERAGE',
      limit: 5,
    });
  });
});

describe('google.v1.Profile in JSON, back to pprof bytes', () => {
  it('imports to the same tree, lines included, as the pprof file itself', () => {
    const bytes = new Uint8Array(readFixture('pprof/go/google-pprof-sample.cpu.pb.gz'));
    const decoded = decodePprof(bytes);
    // The test server's JSON of this one profile's cpu values (the merged pprof of one file).
    const json = mergedPprofJson(
      decoded.samples.map((sample) => ({ source: decoded, sample, value: sample.values[1] })),
      {
        sampleType: 'cpu',
        sampleUnit: 'nanoseconds',
        periodType: 'cpu',
        periodUnit: 'nanoseconds',
      },
      0,
      0,
    );
    const fromJson = importProfile(encodePprofFromJson(JSON.parse(JSON.stringify(json))), {
      granularity: 'line',
    });
    const direct = importProfile(bytes, { granularity: 'line' });
    expect(fromJson.sampleTypes).toEqual([{ type: 'cpu', unit: 'nanoseconds' }]);
    expect(printTree(fromJson.tree())).toBe(printTree(direct.tree('cpu')));
  });

  it('refuses a location id that is not an integer, naming it', () => {
    const error = parseFailure(() => encodePprofFromJson({ sample: [{ locationId: ['x'] }] }));
    expect(error.position?.jsonPath).toBe('$.sample[0].locationId[0]');
  });
});
