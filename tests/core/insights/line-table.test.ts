import { describe, expect, it } from 'vitest';
import { computeTopTable, FlamekitError, importProfile, type Profile } from '../../../src/core';
import { decodePprof } from '../../../src/core/formats/pprof-decode';
import { ProtobufWriter } from '../../../src/core/formats/protobuf';
import { computeLineTable, type LineTable } from '../../../src/core/insights/line-table';
import { catchError } from '../../helpers/catch-error';
import { readFixture } from '../../helpers/fixtures';
import { type PprofSpec, writePprof } from '../../helpers/pprof-writer';

/** Self and total per line of `name` in `file`, by walking every sample's stack. */
function bruteForce(profile: Profile, name: string, file: string | undefined, sampleType: number) {
  const frames = profile.frames;
  const isFunction = (f: number) => frames.name(f) === name && frames.file(f) === file;
  const perLine = new Map<number, { self: number; total: number }>();
  const at = (line: number) => {
    if (!perLine.has(line)) perLine.set(line, { self: 0, total: 0 });
    return perLine.get(line)!;
  };
  let self = 0;
  let total = 0;
  const { count, stack, values } = profile.samples;
  for (let i = 0; i < count; i++) {
    const value = values[sampleType][i];
    const stackFrames = profile.stacks.framesOf(stack[i]);
    const lines = new Set(stackFrames.filter(isFunction).map((f) => frames.line(f) ?? 0));
    for (const line of lines) at(line).total += value;
    if (lines.size > 0) total += value;
    const leaf = stackFrames[stackFrames.length - 1];
    if (leaf !== undefined && isFunction(leaf)) {
      at(frames.line(leaf) ?? 0).self += value;
      self += value;
    }
  }
  return { perLine, self, total };
}

function expectMatchesSamples(profile: Profile, table: LineTable, sampleType: number) {
  const expected = bruteForce(profile, table.functionName, table.file, sampleType);
  expect(table.self).toBeCloseTo(expected.self, 3);
  expect(table.total).toBeCloseTo(expected.total, 3);
  const lines = [...expected.perLine]
    .filter(([line, cost]) => line > 0 && (cost.self !== 0 || cost.total !== 0))
    .sort((a, b) => a[0] - b[0]);
  expect(table.lines.map((cost) => cost.line)).toEqual(lines.map(([line]) => line));
  table.lines.forEach((cost, k) => {
    expect(cost.self).toBeCloseTo(lines[k][1].self, 3);
    expect(cost.total).toBeCloseTo(lines[k][1].total, 3);
  });
  expect(table.unknownLine.self).toBeCloseTo(expected.perLine.get(0)?.self ?? 0, 3);
  expect(table.unknownLine.total).toBeCloseTo(expected.perLine.get(0)?.total ?? 0, 3);
  // The lines add up to the function's self; sorted strictly by line.
  const selfOfLines = table.lines.reduce((sum, cost) => sum + cost.self, 0);
  expect(selfOfLines + table.unknownLine.self).toBeCloseTo(table.self, 3);
  for (let k = 1; k < table.lines.length; k++)
    expect(table.lines[k].line).toBeGreaterThan(table.lines[k - 1].line);
}

describe('computeLineTable on real pprof profiles', () => {
  const cases: [fixture: string, sampleType?: string][] = [
    ['pprof/go/google-pprof-large.cpu.pb.gz'],
    ['pprof/go/concourse-web-cpu-300s.pb.gz'],
    ['pprof/go/parca-heap-alloc_objects.pb.gz', 'alloc_space'],
    ['pprof/node/pyroscope-io-nodejs-wall.pb.gz'],
  ];
  it.each(cases)('%s: lines agree with the samples and the top table', (fixture, typeName) => {
    const bytes = readFixture(fixture);
    const byLine = importProfile(bytes, { granularity: 'line' });
    const byFunction = importProfile(bytes);
    const sampleType =
      typeName === undefined
        ? byFunction.defaultSampleType
        : byFunction.sampleTypes.findIndex((t) => t.type === typeName);
    const top = computeTopTable(byFunction.tree(sampleType));
    const rows = [...top.name.keys()];
    const heaviest = (column: Float64Array) =>
      rows.sort((a, b) => column[b] - column[a]).slice(0, 4);
    const names = new Set([...heaviest(top.self), ...heaviest(top.total)].map((r) => top.name[r]));
    let withLines = 0;
    for (const name of names) {
      const table = computeLineTable(byLine, name, { sampleType: typeName })!;
      expect(table.functionName).toBe(name);
      expect(table.granularity).toBe('line');
      expect(table.unit).toBe(byFunction.sampleTypes[sampleType].unit);
      expectMatchesSamples(byLine, table, sampleType);
      // The top table counts the name in every file; the table splits off the other files.
      const row = top.name.indexOf(name);
      const otherSelf = (table.otherFiles ?? []).reduce((sum, other) => sum + other.self, 0);
      expect(table.self + otherSelf).toBeCloseTo(top.self[row], 3);
      if (!table.otherFiles) expect(table.total).toBeCloseTo(top.total[row], 3);
      if (table.lines.length > 0) withLines++;
    }
    expect(withLines).toBeGreaterThan(0);
  });

  it('picks the heaviest file of a name found in several, and another on request', () => {
    const profile = importProfile(readFixture('pprof/node/pyroscope-io-nodejs-wall.pb.gz'), {
      granularity: 'line',
    });
    const sampleType = profile.defaultSampleType;
    const table = computeLineTable(profile, '(anonymous)')!;
    expect(table.otherFiles!.length).toBeGreaterThan(1);
    for (const other of table.otherFiles!) expect(other.total).toBeLessThanOrEqual(table.total);
    const second = table.otherFiles![0];
    const chosen = computeLineTable(profile, '(anonymous)', { file: second.file })!;
    expect(chosen.file).toBe(second.file);
    expect([chosen.self, chosen.total]).toEqual([second.self, second.total]);
    expectMatchesSamples(profile, chosen, sampleType);
    expect(chosen.otherFiles!.map((other) => other.file)).toContain(table.file);
    expect(computeLineTable(profile, '(anonymous)', { file: 'nowhere.js' })).toBeUndefined();
  });

  it('has no lines at function granularity: the whole function is on an unknown line', () => {
    const bytes = readFixture('pprof/go/concourse-web-cpu-300s.pb.gz');
    const byFunction = importProfile(bytes);
    const top = computeTopTable(byFunction.tree());
    const row = top.name.indexOf('runtime.scanobject');
    const table = computeLineTable(byFunction, 'runtime.scanobject')!;
    expect(table.granularity).toBe('function');
    expect(table.lines).toEqual([]);
    expect([table.self, table.total]).toEqual([top.self[row], top.total[row]]);
    expect(table.unknownLine).toEqual({ self: top.self[row], total: top.total[row] });
    // The frame's line is where the function starts, at either granularity.
    const byLine = computeLineTable(
      importProfile(bytes, { granularity: 'line' }),
      'runtime.scanobject',
    )!;
    const frame = [...Array(byFunction.frames.size).keys()].find(
      (f) => byFunction.frames.name(f) === 'runtime.scanobject',
    )!;
    expect(table.startLine).toBe(byFunction.frames.line(frame));
    expect(byLine.startLine).toBe(table.startLine);
  });

  it('returns undefined for a name without samples and rejects an unknown sample type', () => {
    const profile = importProfile(readFixture('pprof/go/concourse-web-cpu-300s.pb.gz'));
    expect(computeLineTable(profile, 'no.such.function')).toBeUndefined();
    const error = catchError(() => computeLineTable(profile, 'runtime.futex', { sampleType: 'x' }));
    expect(error).toBeInstanceOf(FlamekitError);
  });
});

/** `bytes` with one more mapping whose build id is `buildId`. */
function withMapping(bytes: Uint8Array, buildId: string): Uint8Array {
  const stringCount = decodePprof(bytes).strings.length;
  const writer = new ProtobufWriter();
  writer.stringAlways(6, buildId);
  writer.message(3, (w) => {
    w.int(1, 1);
    w.int(6, stringCount);
  });
  const extra = writer.finish();
  const joined = new Uint8Array(bytes.length + extra.length);
  joined.set(bytes);
  joined.set(extra, bytes.length);
  return joined;
}

describe('computeLineTable on a hand-made pprof', () => {
  // The writer puts every main.* function in main.go, starting at line 10.
  const spec: PprofSpec = {
    sampleTypes: [['cpu', 'nanoseconds']],
    locations: [
      [['main.main', 5]],
      [['main.work', 12]],
      // main.helper inlined into main.work at line 14 (innermost first).
      [
        ['main.helper', 22],
        ['main.work', 14],
      ],
      [['main.work', 15]],
      [['main.work', 0]],
    ],
    samples: [
      { locations: [2, 1], values: [10] },
      { locations: [3, 1], values: [20] },
      // main -> work:15 -> work:12, and main -> work:12 -> work:15 -> work:12 (line 12 twice).
      { locations: [2, 4, 1], values: [5] },
      { locations: [2, 4, 2, 1], values: [7] },
      { locations: [5, 1], values: [3] },
    ],
  };

  it('counts self at the leaf line, total once per line, inlined frames as their own', () => {
    const profile = importProfile(writePprof(spec), { granularity: 'line' });
    const work = computeLineTable(profile, 'main.work')!;
    expect(work).toMatchObject({ file: 'main.go', startLine: 10, unit: 'nanoseconds' });
    expect(work.lines).toEqual([
      { line: 12, self: 10 + 5 + 7, total: 10 + 5 + 7 },
      { line: 14, self: 0, total: 20 },
      { line: 15, self: 0, total: 5 + 7 },
    ]);
    expect(work.unknownLine).toEqual({ self: 3, total: 3 });
    expect([work.self, work.total]).toEqual([25, 45]);
    const helper = computeLineTable(profile, 'main.helper')!;
    expect(helper.lines).toEqual([{ line: 22, self: 20, total: 20 }]);
    expect(computeLineTable(profile, 'main.main')!.lines).toEqual([
      { line: 5, self: 0, total: 45 },
    ]);
    expect(work.repository).toBeUndefined();
  });

  it('reads the repository from a mapping build id, before labels', () => {
    const labelled: PprofSpec = {
      ...spec,
      samples: spec.samples.map((sample, i) => ({
        ...sample,
        labels: [
          [
            'service_repository',
            i === 1 ? 'https://github.com/org/heavy' : 'https://github.com/org/light',
          ],
          ['service_git_ref', 'v1'],
          ...(i === 1 ? ([['service_root_path', 'svc']] as [string, string][]) : []),
        ],
      })),
    };
    // Sample 1 (20 of 45) is the heaviest labelled with one repository: the rest share the other.
    const fromLabels = importProfile(writePprof(labelled), { granularity: 'line' });
    expect(computeLineTable(fromLabels, 'main.work')!.repository).toEqual({
      url: 'https://github.com/org/light',
      ref: 'v1',
    });
    // main.helper runs only in sample 1.
    expect(computeLineTable(fromLabels, 'main.helper')!.repository).toEqual({
      url: 'https://github.com/org/heavy',
      ref: 'v1',
      rootPath: 'svc',
    });

    const buildId = JSON.stringify({
      repository: 'https://gitlab.com/group/app',
      git_ref: 'abc123',
      root_path: 'cmd',
    });
    const mapped = importProfile(withMapping(writePprof(labelled), buildId), {
      granularity: 'line',
    });
    expect(mapped.sourceRepository).toEqual({
      url: 'https://gitlab.com/group/app',
      ref: 'abc123',
      rootPath: 'cmd',
    });
    expect(computeLineTable(mapped, 'main.helper')!.repository).toEqual(mapped.sourceRepository);
    // An ordinary build id (a hash) names no repository.
    const hashed = importProfile(withMapping(writePprof(spec), 'a1b2c3d4'));
    expect(hashed.sourceRepository).toBeUndefined();
  });
});
