import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  FlamekitError,
  importProfile,
  matchesLabels,
  ProfileSeries,
  type CallTree,
  type Profile,
} from '../../../src/core';
import { createSyntheticDay, SYNTHETIC_DAY_START_NS } from '../../../bench/synthetic-series';
import { catchError } from '../../helpers/catch-error';
import { readFixture } from '../../helpers/fixtures';

const load = (path: string) => importProfile(new Uint8Array(readFixture(path)));

/** Total per path of names ("a;b;c"), read off a tree with nothing but its parent column. */
function totalsByPath(tree: CallTree): Map<string, number> {
  const paths: string[] = [''];
  const totals = new Map<string, number>([['', tree.total[0]]]);
  for (let node = 1; node < tree.nodeCount; node++) {
    paths[node] = `${paths[tree.parent[node]]};${tree.name(node)}`;
    totals.set(paths[node], (totals.get(paths[node]) ?? 0) + tree.total[node]);
  }
  return totals;
}

/** `a` plus `b` times `scale`, per path. */
function addPaths(a: Map<string, number>, b: Map<string, number>, scale = 1): Map<string, number> {
  const sum = new Map(a);
  for (const [path, value] of b) sum.set(path, (sum.get(path) ?? 0) + value * scale);
  return sum;
}

function expectSamePaths(actual: Map<string, number>, expected: Map<string, number>) {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [path, value] of expected) expect(actual.get(path), path).toBeCloseTo(value, 3);
}

const KAFKA_T0 = 1_700_000_000e9;

function kafkaSeries() {
  const windows = [0, 1].map((k) =>
    load(`collapsed/diff/jfr-parser-kafka-cpu-${k}.collapsed.txt.gz`),
  );
  const series = new ProfileSeries();
  windows.forEach((profile, k) =>
    series.add(profile, {
      timeNs: KAFKA_T0 + k * 10e9,
      durationNs: 10e9,
      labels: { service: 'kafka', pod: 'kafka-0', window: String(k) },
    }),
  );
  return { series, windows };
}

describe('ProfileSeries on consecutive real profiles', () => {
  it('merges the Kafka CPU windows into their sum, node by node', () => {
    const { series, windows } = kafkaSeries();
    const merged = series.merge().tree();
    // Totals written in the fixtures README: 4,780,000,000 and 6,130,000,000.
    expect(merged.total[0]).toBe(4_780_000_000 + 6_130_000_000);
    const expected = addPaths(totalsByPath(windows[0].tree()), totalsByPath(windows[1].tree()));
    expectSamePaths(totalsByPath(merged), expected);
  });

  it('selects by time range (start included, end not) and by labels', () => {
    const { series, windows } = kafkaSeries();
    const second = series.merge({ range: { startNs: KAFKA_T0 + 10e9, endNs: KAFKA_T0 + 20e9 } });
    expectSamePaths(totalsByPath(second.tree()), totalsByPath(windows[1].tree()));
    expect(second.timeRange).toEqual({ startNs: KAFKA_T0 + 10e9, endNs: KAFKA_T0 + 20e9 });
    const first = series.merge({ matchers: '{window!="1"}' });
    expect(first.tree().total[0]).toBe(4_780_000_000);
    expect(series.merge({ range: { startNs: KAFKA_T0, endNs: KAFKA_T0 } }).tree().nodeCount).toBe(
      1,
    );
    expect(series.merge({ matchers: '{pod="other"}' }).tree().total[0]).toBe(0);
  });

  it('gives totals per step and per label value', () => {
    const { series } = kafkaSeries();
    const totals = series.totals({ stepNs: 5e9, groupBy: 'window' });
    expect(totals.startNs).toBe(KAFKA_T0);
    expect(totals.steps).toBe(4); // the series spans 20 s
    expect(totals.groups.map((g) => g.value)).toEqual(['1', '0']); // largest first
    expect([...totals.groups[0].values]).toEqual([NaN, NaN, 6_130_000_000, NaN]);
    expect([...totals.groups[1].values]).toEqual([4_780_000_000, NaN, NaN, NaN]);
    expect(totals.groups[1].total).toBe(4_780_000_000);
    const limited = series.totals({ stepNs: 20e9, groupBy: 'window', limit: 1 });
    expect(limited.groups.map((g) => g.value)).toEqual(['1']);
    expect(limited.omittedGroups).toBe(1);
    expect(series.topLabelValues('pod')).toEqual([{ value: 'kafka-0', total: 10_910_000_000 }]);
  });

  it('averages gauge types (in-use memory) and sums the others', () => {
    const before = load('pprof/go/diff/ddtrace-stress-heap.before.pprof');
    const after = load('pprof/go/diff/ddtrace-stress-heap.after.pprof');
    const series = new ProfileSeries();
    series.add(before, { labels: { service: 'ddtrace' } });
    series.add(after, { labels: { service: 'ddtrace' } });
    expect(series.sampleTypes.map((t) => t.type)).toEqual(before.sampleTypes.map((t) => t.type));
    const merged = series.merge();
    const paths = (profile: Profile, type: string) => totalsByPath(profile.tree(type));
    expectSamePaths(
      totalsByPath(merged.tree('inuse_space')),
      addPaths(new Map(), addPaths(paths(before, 'inuse_space'), paths(after, 'inuse_space')), 0.5),
    );
    expectSamePaths(
      totalsByPath(merged.tree('alloc_space')),
      addPaths(paths(before, 'alloc_space'), paths(after, 'alloc_space')),
    );
    const summed = series.merge({ aggregation: 'sum' });
    expect(summed.tree('inuse_space').total[0]).toBe(
      before.tree('inuse_space').total[0] + after.tree('inuse_space').total[0],
    );
    // The snapshots are 0.49 s apart: one 1-s step averages them, 100-ms steps keep them apart.
    const inuse = (profile: Profile) => profile.tree('inuse_space').total[0];
    const oneStep = series.totals({ sampleType: 'inuse_space', stepNs: 1e9 });
    expect(oneStep.aggregation).toBe('average');
    expect(oneStep.groups[0].values[0]).toBeCloseTo((inuse(before) + inuse(after)) / 2, 3);
    const fine = series.totals({ sampleType: 'inuse_space', stepNs: 1e8 });
    expect(fine.groups[0].values.filter((v) => !Number.isNaN(v))).toEqual(
      Float64Array.of(inuse(before), inuse(after)),
    );
    // The series' own range holds both snapshots, though their epoch-nanosecond timestamps are
    // past 2^53 (doubles 256 ns apart) and they have no duration.
    const all = series.merge({ range: series.timeRange(), aggregation: 'sum' });
    expect(all.tree('inuse_space').total[0]).toBe(inuse(before) + inuse(after));
    expect(series.topLabelValues('service')).toEqual([
      { value: 'ddtrace', total: (inuse(before) + inuse(after)) / 2 },
    ]);
    // Numeric pprof labels (bytes) describe samples, not sources.
    expect(series.labels()).toEqual([{ name: 'service', values: ['ddtrace'] }]);
  });

  it('matches pprof sample labels, sample by sample', () => {
    const profile = load('pprof/go/pyroscope-io-cpu-with-labels.pb.gz');
    const series = new ProfileSeries();
    series.add(profile, { timeNs: KAFKA_T0, labels: { service: 'demo' } });
    const names = series.labels().map((label) => label.name);
    expect(names).toEqual(['foo', 'function', 'profile_id', 'service']);
    const functions = series.labels().find((label) => label.name === 'function')!.values;
    expect(functions.length).toBeGreaterThan(1);
    const type = profile.defaultSampleType;
    for (const selector of [
      `{function="${functions[0]}"}`,
      `{function!="${functions[0]}", service="demo"}`,
      '{foo=""}',
    ]) {
      // Brute force: each sample's labels as a record, its stack as names, its value added up.
      const expected = new Map<string, number>([['', 0]]);
      const { samples } = profile;
      for (let i = 0; i < samples.count; i++) {
        const labels: Record<string, string> = { service: 'demo' };
        const set = samples.labelSet?.[i] ?? -1;
        if (set >= 0)
          for (const label of samples.labelSets[set])
            if (label.value !== undefined) labels[label.key] = label.value;
        if (!matchesLabels(parseSelector(selector), labels)) continue;
        const value = samples.values[type][i];
        let path = '';
        expected.set('', expected.get('')! + value);
        for (const frame of profile.stacks.framesOf(samples.stack[i])) {
          path += `;${profile.frames.name(frame)}`;
          expected.set(path, (expected.get(path) ?? 0) + value);
        }
      }
      for (const [path, value] of [...expected])
        if (value === 0 && path !== '') expected.delete(path);
      expectSamePaths(totalsByPath(series.merge({ matchers: selector }).tree(type)), expected);
    }
  });
});

function parseSelector(selector: string) {
  // The test's own reading of the simple selectors above: name op "value" pairs.
  return [...selector.matchAll(/(\w+)(!=|=)"([^"]*)"/g)].map(([, name, op, value]) => ({
    name,
    op: op as '=' | '!=',
    value,
  }));
}

describe('ProfileSeries on a generated day', () => {
  const { series, profiles } = createSyntheticDay({
    profiles: 96,
    samplesPerProfile: 400,
    programNodes: 3000,
  });
  const totalOf = (profile: Profile) => profile.tree().total[0];

  it('merges a range and matchers into the sum of the selected profiles', () => {
    const range = {
      startNs: SYNTHETIC_DAY_START_NS + 6 * 3600e9,
      endNs: SYNTHETIC_DAY_START_NS + 18 * 3600e9,
    };
    const matchers = '{service=~"api|checkout", region!="eu"}';
    const selected = profiles.filter(
      (p) =>
        p.timeNs >= range.startNs &&
        p.timeNs < range.endNs &&
        ['api', 'checkout'].includes(p.labels.service) &&
        p.labels.region !== 'eu',
    );
    expect(selected.length).toBeGreaterThan(5);
    const merged = series.merge({ range, matchers }).tree();
    expect(merged.total[0]).toBe(selected.reduce((sum, p) => sum + totalOf(p.profile), 0));
    const expected = selected.reduce(
      (sum, p) => addPaths(sum, totalsByPath(p.profile.tree())),
      new Map<string, number>(),
    );
    expectSamePaths(totalsByPath(merged), expected);
  });

  it('groups totals by service at a step, with gaps where no profile is', () => {
    const stepNs = 3600e9;
    const totals = series.totals({
      groupBy: 'service',
      stepNs,
      range: { startNs: SYNTHETIC_DAY_START_NS, endNs: SYNTHETIC_DAY_START_NS + 86_400e9 },
    });
    expect(totals.steps).toBe(24);
    for (const group of totals.groups) {
      const expected = new Float64Array(24).fill(NaN);
      for (const p of profiles) {
        if (p.labels.service !== group.value) continue;
        const k = Math.floor((p.timeNs - SYNTHETIC_DAY_START_NS) / stepNs);
        expected[k] = (Number.isNaN(expected[k]) ? 0 : expected[k]) + totalOf(p.profile);
      }
      expect([...group.values]).toEqual([...expected]);
    }
    expect(totals.groups.map((g) => g.value).sort()).toEqual([
      'api',
      'checkout',
      'search',
      'worker',
    ]);
    const totalsDesc = totals.groups.map((g) => g.total);
    expect(totalsDesc).toEqual([...totalsDesc].sort((a, b) => b - a));
  });
});

describe('ProfileSeries default step', () => {
  it('is the span in about 120 steps, but no shorter than the time between profiles', () => {
    // 48 profiles per source over a day: one every 30 min, so 15-min steps would be half empty.
    const { series } = createSyntheticDay({
      profiles: 384,
      samplesPerProfile: 10,
      programNodes: 300,
    });
    const totals = series.totals({ groupBy: 'service' });
    expect(totals.stepNs).toBe(1800e9); // 30 min: the interval, already a round duration
    for (const group of totals.groups) expect(group.values.some(Number.isNaN)).toBe(false);
    // A short range of a few profiles: 120 steps of the range, rounded up to 1 s.
    const kafka = kafkaSeries().series;
    expect(kafka.totals().stepNs).toBe(10e9); // each window lasts 10 s
    // Profiles every second for 10 minutes: 120 steps of 5 s.
    const profile = load('collapsed/diff/jfr-parser-kafka-cpu-0.collapsed.txt.gz');
    const dense = new ProfileSeries();
    for (let k = 0; k < 600; k++) dense.add(profile, { timeNs: KAFKA_T0 + k * 1e9 });
    const totals5s = dense.totals();
    expect(totals5s.stepNs).toBe(5e9);
    expect(totals5s.steps).toBe(120);
    expect(totals5s.groups[0].values[7]).toBe(5 * profile.tree().total[0]);
  });
});

describe('ProfileSeries errors', () => {
  const kafka = load('collapsed/diff/jfr-parser-kafka-cpu-0.collapsed.txt.gz');

  it('says what to do about a profile it cannot place or hold', () => {
    const series = new ProfileSeries();
    const noTime = catchError(() => series.add(kafka)) as FlamekitError;
    expect(noTime).toBeInstanceOf(FlamekitError);
    expect(noTime.message).toContain('timeNs');
    const text = gunzipSync(readFixture('collapsed/diff/jfr-parser-kafka-cpu-0.collapsed.txt.gz'))
      .toString()
      .split('\n')
      .slice(0, 3)
      .map((line) => `${line} 5`) // "stack [n] 5": a two-count (comparison) line
      .join('\n');
    const comparison = importProfile(text.replace(/ \[(\d+)\] 5/g, ' $1 5'));
    expect(comparison.comparison).toBeDefined();
    expect(catchError(() => series.add(comparison, { timeNs: 1 }))).toBeInstanceOf(FlamekitError);
    expect(
      catchError(() => series.add(kafka, { timeNs: 1, labels: { pod: 3 as never } })),
    ).toBeInstanceOf(FlamekitError);
    expect(series.size).toBe(0);
  });

  it('rejects unknown sample types, bad steps, ranges and selectors', () => {
    const series = new ProfileSeries();
    series.add(kafka, { timeNs: KAFKA_T0, durationNs: 10e9 });
    for (const run of [
      () => series.merge({ sampleType: 'alloc_space' }),
      () => series.totals({ stepNs: 0 }),
      () => series.totals({ stepNs: 1 }), // 10 billion steps
      () => series.merge({ range: { startNs: 2, endNs: 1 } }),
      () => series.merge({ matchers: '{pod=~"("}' }),
    ]) {
      expect(catchError(run)).toBeInstanceOf(FlamekitError);
    }
  });
});
