import { describe, expect, it } from 'vitest';
import { ALL_THREADS, importProfile, selectProfileView, type Profile } from '../../../src/core';
import { readFixtureText } from '../../helpers/fixtures';

/**
 * Chrome traces, one profile per thread, against speedscope's trace-event importer: its Jest
 * snapshots (copied from jlfwong/speedscope @ 3613918de0dd, see the README) list, per input, one
 * profile per thread with its name and its frames' self weights (µs). flamekit must find the same
 * threads, each with the same frames and the same time, but for one documented difference:
 * speedscope gives a thread's last sample no time (its frames close when it is taken), flamekit
 * the mean gap between the thread's samples, as it does for `.cpuprofile`.
 */
const SNAPSHOT = 'chrome-trace/speedscope-trace-event.test.ts.snap';

/** Each snapshot profile of a test: its name and its frames' self weights by name. */
function speedscopeProfiles(test: string): { name: string; self: Map<string, number> }[] {
  const snapshot = readFixtureText(SNAPSHOT);
  const profiles: { name: string; self: Map<string, number> }[] = [];
  for (let n = 1; ; n++) {
    const start = snapshot.indexOf(`exports[\`importTraceEvents ${test} ${n}\`]`);
    if (start < 0) return profiles;
    const body = snapshot.slice(start, snapshot.indexOf('\n`;', start));
    const self = new Map<string, number>();
    for (const frame of body.matchAll(/"name": "([^"]*)",\s*"selfWeight": ([\d.]+)/g))
      self.set(frame[1], Number(frame[2]));
    profiles.push({ name: /\n {2}"name": "([^"]*)"/.exec(body)![1], self });
  }
}

/** Self time per frame name in a view's tree. */
function selfByName(profile: Profile): Map<string, number> {
  const tree = profile.tree();
  const self = new Map<string, number>();
  for (let node = 1; node < tree.nodeCount; node++)
    self.set(tree.name(node), (self.get(tree.name(node)) ?? 0) + tree.self[node]);
  return self;
}

describe("Chrome trace threads against speedscope's trace-event snapshots", () => {
  it('multiprocess.json: eight threads of complete events, 1 µs each', () => {
    const expected = speedscopeProfiles('multiprocess');
    expect(expected).toHaveLength(8);
    const whole = importProfile(
      readFixtureText('chrome-trace/speedscope-trace-event-multiprocess.json'),
      { profile: ALL_THREADS },
    );
    expect(whole.alternatives!.names).toHaveLength(expected.length + 1);
    expected.forEach(({ name, self }, k) => {
      const thread = selectProfileView(whole, k + 1)!;
      // Named apart: speedscope "p0 (pid 0), p0t0 (tid 0)", flamekit "p0: p0t0 (pid 0, tid 0)".
      const [pid, tid] = /pid (\d+).*tid (\d+)/.exec(name)!.slice(1);
      expect(thread.name).toContain(`(pid ${pid}, tid ${tid})`);
      expect(selfByName(thread)).toEqual(self);
    });
    expect(whole.tree().total[0]).toBe(8);
  });

  it('multi-thread-with-samples.json: two sampled threads, the same frames and times', () => {
    const expected = speedscopeProfiles('multi-thread profile with samples');
    expect(expected.map(({ name }) => name)).toEqual([
      'hermes (pid 7512), mqt_js (tid 1)',
      'hermes (pid 7512, tid 2)',
    ]);
    const text = readFixtureText(
      'chrome-trace/speedscope-trace-event-multi-thread-with-samples.json',
    );
    const samples = JSON.parse(text).samples as { tid: string; ts: string; sf: number }[];
    expected.forEach(({ self }, k) => {
      const thread = importProfile(text, { profile: k + 1 });
      const got = selfByName(thread);
      // The thread's last sample: its frame has the mean gap more here, none in speedscope.
      const times = samples.filter((s) => s.tid === String(k + 1)).map((s) => Number(s.ts));
      const meanGap = (times[times.length - 1] - times[0]) / (times.length - 1);
      const lastStack = thread.samples.stack[thread.samples.count - 1];
      const lastFrame = thread.frames.name(thread.stacks.columns().frame[lastStack]);
      const left = got.get(lastFrame)! - meanGap;
      // A frame with no time at all is not in speedscope's profile.
      if (left === 0) got.delete(lastFrame);
      else got.set(lastFrame, left);
      expect(got).toEqual(self);
    });
  });
});
