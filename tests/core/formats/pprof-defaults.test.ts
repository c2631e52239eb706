import { describe, expect, it } from 'vitest';
import { FlamekitError, importProfile, type Profile } from '../../../src/core';
import { catchError } from '../../helpers/catch-error';
import { pprofReference } from '../../helpers/pprof-reference';
import { writePprof, type PprofSpec } from '../../helpers/pprof-writer';

/**
 * pprof's default sample type, and the .NET exporter's function ids, on files of the shape
 * Pyroscope's .NET profiler writes: six sample types of which the lock types are often all 0,
 * no default_sample_type, and (before its fix) every function with id 0, which Pyroscope's
 * ingest path repairs (`FixFunctionIDForBrokenDotnet`: function i belongs to location i). The
 * real files in Pyroscope's tests are AGPL-3.0-only, and no .NET pprof under a permissive
 * licence was found, so these are written here (tests/helpers/pprof-writer.ts) and decoded
 * again by an independent decoder (pprof-format) for the expected values.
 */
const DOTNET_TYPES: [string, string][] = [
  ['cpu', 'nanoseconds'],
  ['exception', 'count'],
  ['alloc_samples', 'count'],
  ['alloc_size', 'bytes'],
  ['lock_count', 'count'],
  ['lock_time', 'nanoseconds'],
];

/** A .NET-shaped profile: a few call paths, values only in cpu, alloc_samples and alloc_size. */
function dotnetProfile(options: { functionIdsZero?: boolean } = {}): Uint8Array {
  const names = [
    'System.Threading.ThreadPoolWorkQueue.Dispatch',
    'Example.Api.OrdersController.Get',
    'System.Text.Json.JsonSerializer.Serialize',
    'System.Collections.Generic.List`1.Add',
    'Example.Api.Repository.Query',
  ];
  return writePprof({
    sampleTypes: DOTNET_TYPES,
    locations: names.map((name) => [[name, 1]]),
    samples: [
      { locations: [3, 2, 1], values: [30_000_000, 0, 12, 4096, 0, 0] },
      { locations: [4, 2, 1], values: [10_000_000, 0, 3, 1024, 0, 0] },
      { locations: [5, 1], values: [50_000_000, 0, 0, 0, 0, 0] },
      { locations: [5, 1], values: [0, 0, 7, 2048, 0, 0] },
    ],
    ...options,
  });
}

const threeTypes = (values: number[][], defaultSampleType?: string): PprofSpec => ({
  sampleTypes: [
    ['samples', 'count'],
    ['cpu', 'nanoseconds'],
    ['lock_time', 'nanoseconds'],
  ],
  locations: [[['main', 1]], [['work', 1]]],
  samples: values.map((v, i) => ({ locations: [i + 1], values: v })),
  ...(defaultSampleType && { defaultSampleType }),
});

const defaultType = (profile: Profile) => profile.sampleTypes[profile.defaultSampleType].type;

describe('pprof default sample type', () => {
  it("is the file's default_sample_type, even when its values are all 0", () => {
    const profile = importProfile(writePprof(threeTypes([[1, 10, 0]], 'lock_time')));
    expect(defaultType(profile)).toBe('lock_time');
  });

  it('is the last type without one, passing over types whose values are all 0', () => {
    expect(defaultType(importProfile(writePprof(threeTypes([[1, 10, 5]]))))).toBe('lock_time');
    expect(
      defaultType(
        importProfile(
          writePprof(
            threeTypes([
              [1, 10, 0],
              [2, 0, 0],
            ]),
          ),
        ),
      ),
    ).toBe('cpu');
    expect(defaultType(importProfile(writePprof(threeTypes([[1, 0, 0]]))))).toBe('samples');
    // With no values at all, pprof's rule stands: the last.
    expect(defaultType(importProfile(writePprof(threeTypes([[0, 0, 0]]))))).toBe('lock_time');
  });

  it('opens a .NET-shaped profile on a type with values, not on its empty lock_time', () => {
    const bytes = dotnetProfile();
    const reference = pprofReference(bytes);
    expect(reference.defaultSampleType).toBe('');
    // Computed by the other decoder: exception, lock_count and lock_time are 0.
    expect(reference.totals.map((total) => total !== 0)).toEqual([
      true,
      false,
      true,
      true,
      false,
      false,
    ]);
    const profile = importProfile(bytes);
    expect(defaultType(profile)).toBe('alloc_size');
    expect(profile.tree().total[0]).toBe(reference.totals[3]);
    expect(profile.warnings).toEqual([]);
  });
});

describe("pprof files whose functions all have id 0 (the .NET exporter's bug)", () => {
  it('are repaired as Pyroscope repairs them, with a warning that says so', () => {
    const bytes = dotnetProfile({ functionIdsZero: true });
    const profile = importProfile(bytes);
    expect(profile.warnings).toEqual([
      expect.objectContaining({
        code: 'repaired-function-ids',
        message: expect.stringMatching(/all 5 functions have id 0.*\.NET.*as Pyroscope does/),
      }),
    ]);
    // The repair computed another way: pprof-format's decoding, function i named for location i.
    const { profile: raw, totals } = pprofReference(bytes);
    const strings = raw.stringTable.strings;
    expect(raw.function.every((fn) => Number(fn.id) === 0)).toBe(true);
    const nameOfLocation = new Map(
      raw.location.map((location, i) => [
        Number(location.id),
        strings[Number(raw.function[i].name)],
      ]),
    );
    const expected = new Map<string, number>();
    for (const sample of raw.sample) {
      const stack = sample.locationId.map((id) => nameOfLocation.get(Number(id))!).reverse();
      const key = stack.join(';');
      expected.set(key, (expected.get(key) ?? 0) + Number(sample.value[0]));
    }
    const tree = profile.tree('cpu');
    const got = new Map<string, number>();
    const path: string[] = [];
    for (let node = 1; node < tree.nodeCount; node++) {
      path.length = tree.depth[node] - 1;
      path.push(tree.name(node));
      if (tree.self[node] !== 0) got.set(path.join(';'), tree.self[node]);
    }
    for (const [key, value] of expected) if (value === 0) expected.delete(key);
    expect(got).toEqual(expected);
    expect(tree.total[0]).toBe(totals[0]);
    // alloc_size is the last type with values, so it is the default.
    expect(defaultType(profile)).toBe('alloc_size');
  });

  it('are refused in those words when they do not have the known shape', () => {
    const spec: PprofSpec = {
      sampleTypes: [['cpu', 'nanoseconds']],
      locations: [[['!dangling', 1]]],
      samples: [{ locations: [1], values: [1] }],
      extraFunctionId: 77,
    };
    const error = catchError(() => importProfile(writePprof(spec))) as FlamekitError;
    expect(error).toBeInstanceOf(FlamekitError);
    expect(error.message).toMatch(
      /location 1 points at function 77, which the file does not define: it defines no function/,
    );
    expect(error.position?.byteOffset).toBeGreaterThan(0);
  });
});
