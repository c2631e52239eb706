import { describe, expect, it } from 'vitest';
import {
  importProfile,
  isFlamekitError,
  printTree,
  ProfileSeries,
  type FlamekitError,
} from '../../../../src/core';
import { readFixture } from '../../../helpers/fixtures';

// A ProfileSeries as a ProfileSource: the queries the fleet views make, answered in the page.

const load = (path: string) => importProfile(new Uint8Array(readFixture(path)));
const T0 = Date.UTC(2026, 10, 23, 9) * 1e6;
const MINUTE = 60e9;

/** Two pods of one process kind each minute: a CPU profile and a heap profile with the same labels. */
function twoPods() {
  const cpu = load('pprof/go/google-pprof-sample.cpu.pb.gz');
  const heap = load('pprof/go/pyroscope-io-heap-uncompressed.pb');
  const series = new ProfileSeries();
  for (let minute = 0; minute < 10; minute++)
    for (const pod of ['a-0', 'a-1']) {
      const labels = { service: 'a', pod, zone: pod === 'a-0' ? 'x' : 'y' };
      const timeNs = T0 + minute * MINUTE + (pod === 'a-0' ? 1e9 : 2e9);
      series.add(cpu, { timeNs, labels });
      series.add(heap, { timeNs, labels });
    }
  return { series, cpu, heap, range: { startNs: T0, endNs: T0 + 10 * MINUTE } };
}

describe('ProfileSeries as a ProfileSource', () => {
  it('lists the types with data under the matchers, and the labels of the selection', async () => {
    const { series, range } = twoPods();
    const types = await series.queryProfileTypes({ range });
    expect(types.map((type) => type.id)).toEqual([
      'samples',
      'cpu',
      'alloc_objects',
      'alloc_space',
      'inuse_objects',
      'inuse_space',
    ]);
    expect(types[1]).toEqual({ id: 'cpu', sampleType: { type: 'cpu', unit: 'nanoseconds' } });
    expect(await series.queryProfileTypes({ range, matchers: '{service="b"}' })).toEqual([]);
    expect(await series.queryLabelNames({ range, profileType: 'cpu' })).toEqual([
      'pod',
      'service',
      'zone',
    ]);
    expect(
      await series.queryLabelValues('pod', { range, matchers: '{zone="y"}', profileType: 'cpu' }),
    ).toEqual(['a-1']);
  });

  it('groups totals by several labels, each group with its labels', async () => {
    const { series, cpu, range } = twoPods();
    const totals = await series.queryTotals({
      profileType: 'cpu',
      range,
      stepNs: MINUTE,
      groupBy: ['zone', 'pod'],
    });
    expect(totals.groupBy).toEqual(['zone', 'pod']);
    expect(totals.groups.map((group) => [group.value, group.labels])).toEqual([
      ['x, a-0', { zone: 'x', pod: 'a-0' }],
      ['y, a-1', { zone: 'y', pod: 'a-1' }],
    ]);
    const perProfile = cpu.tree('cpu').total[0];
    expect(Array.from(totals.groups[0].values)).toEqual(new Array(10).fill(perProfile));
    expect(totals.partial).toBe(false);
    const top = await series.queryTotals({ profileType: 'cpu', range, groupBy: 'pod', limit: 1 });
    expect([top.groups.length, top.omittedGroups, top.partial]).toEqual([1, 1, true]);
  });

  it('averages a gauge over the profiles that have it, not the CPU profiles beside them', async () => {
    const { series, heap, range } = twoPods();
    const inuse = heap.tree('inuse_space').total[0];
    const totals = await series.queryTotals({ profileType: 'inuse_space', range, stepNs: MINUTE });
    // Two pods, each one heap profile a step: their averages add up to two heaps.
    expect(Array.from(totals.groups[0].values)).toEqual(new Array(10).fill(2 * inuse));
    const merged = await series.queryMergedTree({ profileType: 'inuse_space', range });
    expect(merged.profile.tree().total[0]).toBe(2 * inuse);
  });

  it('merges by function name, cuts, and narrows to a call site', async () => {
    const { series, range } = twoPods();
    const whole = await series.queryMergedTree({ profileType: 'cpu', range });
    expect(whole.partial).toBe(false);
    expect(whole.profile.sampleTypes).toEqual([{ type: 'cpu', unit: 'nanoseconds' }]);
    const cut = await series.queryMergedTree({ profileType: 'cpu', range, maxNodes: 5 });
    expect(cut.partial).toBe(true);
    expect(cut.profile.tree().total[0]).toBe(whole.profile.tree().total[0]);
    const focused = await series.queryMergedTree({
      profileType: 'cpu',
      range,
      callSite: ['runtime.main', 'main.main'],
    });
    expect(printTree(focused.profile.tree()).split('\n').slice(0, 2)).toEqual([
      `- runtime.main (total ${focused.profile.tree().total[0]}, self 0)`,
      `  - main.main (total ${focused.profile.tree().total[0]}, self 0)`,
    ]);
  });

  it('diffs two selections of one type', async () => {
    const { series, range } = twoPods();
    const diff = await series.queryDiff({
      baseline: { profileType: 'cpu', range, matchers: '{pod="a-0"}' },
      comparison: { profileType: 'cpu', range },
    });
    expect(diff.tree.total[0]).toBe(2 * diff.tree.baselineTotal![0]);
    expect(diff.sampleType).toEqual({ type: 'cpu', unit: 'nanoseconds' });
  });

  it('refuses an unknown type, and a signal already aborted, as promises', async () => {
    const { series, range } = twoPods();
    const error = await series.queryTotals({ profileType: 'wall', range }).catch((e) => e);
    expect(isFlamekitError(error)).toBe(true);
    expect((error as FlamekitError).message).toMatch(/no profile type "wall"/);
    const reason = new Error('gone');
    const controller = new AbortController();
    controller.abort(reason);
    await expect(series.queryLabelNames({ range }, controller.signal)).rejects.toBe(reason);
  });
});
