import { describe, expect, it } from 'vitest';
import {
  computeTimeRangeTree,
  importProfile,
  type CallTree,
  type TimeOrder,
} from '../../../src/core';
import {
  chartBoxes,
  expectSameBoxes,
  expectedSampleBoxes,
  expectedSpanBoxes,
  frameKey,
  untilNext,
  type TimedPath,
} from '../../helpers/expected-chart';
import { readFixture, readFixtureText } from '../../helpers/fixtures';

/**
 * The flame chart of real files of every format with times, checked box by box (depth, frame,
 * start, end) against boxes found another way from the file itself (tests/helpers/expected-chart.ts:
 * the file read with JSON.parse or a regular expression, paths compared as strings).
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const timeOrderOf = (path: string): TimeOrder => {
  const order = importProfile(readFixture(path)).timeOrder;
  if (!order) throw new Error(`${path} has no time order`);
  return order;
};
const laneNamed = (order: TimeOrder, name: string) =>
  order.lanes.findIndex((lane) => lane.name === name);
const relative = (samples: TimedPath[], originNs: number, nsPerUnit: number) =>
  samples.map(({ start, end, path }) => ({
    start: start * nsPerUnit - originNs,
    end: end * nsPerUnit - originNs,
    path,
  }));

/** V8 nodes (`nodes` with `children` or `parent`) to each node id's path of frame keys. */
function v8Paths(nodes: Json[]): Map<unknown, string[]> {
  const parent = new Map<unknown, unknown>();
  for (const node of nodes) {
    for (const child of node.children ?? []) parent.set(child, node.id);
    if (node.parent !== undefined) parent.set(node.id, node.parent);
  }
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const paths = new Map<unknown, string[]>();
  for (const node of nodes) {
    const path: string[] = [];
    for (let id: unknown = node.id; id !== undefined; id = parent.get(id)) {
      const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
      const isRoot = parent.get(id) === undefined && functionName === '(root)';
      if (!isRoot)
        path.unshift(
          frameKey(functionName || '(anonymous)', url, lineNumber >= 0 ? lineNumber + 1 : ''),
        );
    }
    paths.set(node.id, path);
  }
  return paths;
}

const meanGap = (gaps: number[]) =>
  gaps.length === 0 ? 0 : gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length;

describe('Chrome .cpuprofile', () => {
  it.each(['speedscope-chrome65-sucrase.cpuprofile', 'firefox-profiler-node-hello.cjs.cpuprofile'])(
    '%s: a box per run of samples, each sample lasting until the next',
    (file) => {
      const json: Json = JSON.parse(readFixtureText(`chrome-cpuprofile/${file}`));
      const paths = v8Paths(json.nodes);
      let at = json.startTime;
      const times = json.timeDeltas.map((delta: number) => (at += delta));
      const samples = untilNext(
        times,
        json.samples.map((id: number) => paths.get(id)!),
        meanGap,
      );
      const order = timeOrderOf(`chrome-cpuprofile/${file}`);
      expect(order.origin).toBe(samples[0].start * 1e3);
      const expected = expectedSampleBoxes(relative(samples, order.origin, 1e3));
      expectSameBoxes(chartBoxes(order, 0), expected, 1);
    },
  );
});

describe('Chrome trace', () => {
  it('a DevTools recording: the renderer main thread samples from its Profile chunks', () => {
    const file = 'chrome-trace/speedscope-chrome116-Trace-20230603.json';
    const events: Json[] = JSON.parse(readFixtureText(file)).traceEvents;
    const profile = events.find((event) => event.name === 'Profile')!;
    const chunks = events.filter(
      (event) =>
        event.name === 'ProfileChunk' && event.id === profile.id && event.pid === profile.pid,
    );
    const nodes = chunks.flatMap((chunk) => chunk.args.data.cpuProfile.nodes ?? []);
    const paths = v8Paths(nodes);
    let at = profile.args.data.startTime;
    const times: number[] = [];
    const stacks: string[][] = [];
    for (const chunk of chunks) {
      const ids = chunk.args.data.cpuProfile.samples ?? [];
      ids.forEach((id: number, k: number) => {
        times.push((at += chunk.args.data.timeDeltas[k]));
        stacks.push(paths.get(id)!);
      });
    }
    const order = timeOrderOf(file);
    const lane = order.lanes.findIndex((candidate) => candidate.kind === 'samples');
    expect(order.lanes[lane].name).toMatch(/CrRendererMain .*profile 0x2/);
    const samples = untilNext(times, stacks, meanGap);
    const expected = expectedSampleBoxes(relative(samples, order.origin, 1e3));
    expectSameBoxes(chartBoxes(order, lane), expected, 1);
  });

  it('a page load: the duration events of the renderer main thread, each its own box', () => {
    const file = 'chrome-trace/lighthouse-load.trace.json';
    const events: Json[] = JSON.parse(readFixtureText(file));
    const thread = events.filter((event) => event.pid === 442 && event.tid === 461);
    const marks = thread
      .filter((event) => event.ph === 'B' || event.ph === 'E')
      .map((event, i) => ({ event, i }))
      .sort((a, b) => a.event.ts - b.event.ts || a.i - b.i);
    const spans: (TimedPath & { name: string })[] = [];
    const open: (TimedPath & { name: string })[] = [];
    let last = -Infinity;
    for (const { event } of marks) {
      last = Math.max(last, event.ts);
      if (event.ph === 'B') {
        const span = { name: event.name, start: event.ts, end: NaN, path: [] };
        spans.push(span);
        open.push(span);
      } else if (open.length > 0) open.pop()!.end = event.ts;
    }
    for (const event of thread) {
      // A complete event's length is its dur, else its thread-clock tdur.
      const duration = event.dur ?? event.tdur;
      if (event.ph === 'X' && typeof duration === 'number') {
        spans.push({ name: event.name, start: event.ts, end: event.ts + duration, path: [] });
        last = Math.max(last, event.ts + duration);
      }
    }
    for (const span of open) span.end = last;
    // No CPU samples in this trace: the earliest duration event of any thread is time 0.
    const starts = events.filter((event) => 'BX'.includes(event.ph)).map((event) => event.ts);
    const order = timeOrderOf(file);
    expect(order.origin).toBe(Math.min(...starts) * 1e3);
    const expected = expectedSpanBoxes(
      spans.map((span) => ({
        ...span,
        start: span.start * 1e3 - order.origin,
        end: span.end * 1e3 - order.origin,
      })),
    );
    const lane = laneNamed(order, 'Renderer: CrRendererMain (pid 442, tid 461) trace events');
    expectSameBoxes(
      chartBoxes(order, lane, (frames, f) => frames.name(f)),
      expected,
      1,
    );
    // Every thread with duration events has its lane, grouped by process.
    const threads = new Set(
      events
        .filter((event) => 'BEX'.includes(event.ph))
        .map((event) => `${event.pid}:${event.tid}`),
    );
    expect(order.lanes.length).toBe(threads.size);
  });
});

describe('speedscope', () => {
  it('evented: each open and close a span, nested as the events say', () => {
    const file = 'speedscope/evented-simple.speedscope.json';
    const json: Json = JSON.parse(readFixtureText(file));
    const names = json.shared.frames.map((frame: Json) => frame.name);
    const spans: (TimedPath & { name: string })[] = [];
    const open: number[] = [];
    for (const event of json.profiles[0].events) {
      if (event.type === 'O') {
        open.push(spans.length);
        spans.push({ name: names[event.frame], start: event.at, end: NaN, path: [] });
      } else spans[open.pop()!].end = event.at;
    }
    const order = timeOrderOf(file);
    expect(order.unit).toBe('none');
    expectSameBoxes(
      chartBoxes(order, 0, (frames, f) => frames.name(f)),
      expectedSpanBoxes(spans),
      0,
    );
  });

  it('sampled: samples one after another, each as long as its weight', () => {
    const file = 'speedscope/sampled-two-profiles.speedscope.json';
    const json: Json = JSON.parse(readFixtureText(file));
    const order = timeOrderOf(file);
    expect(order.lanes.map((lane) => lane.name)).toEqual(['one', 'two']);
    json.profiles.forEach((profile: Json, index: number) => {
      let at = profile.startValue;
      const samples = profile.samples.map((stack: number[], i: number) => ({
        start: at,
        end: (at += profile.weights[i]),
        path: stack.map((f) => frameKey(json.shared.frames[f].name)),
      }));
      const expected = expectedSampleBoxes(relative(samples, 0, 1e9));
      expectSameBoxes(chartBoxes(order, index), expected, 0);
    });
  });
});

describe('Firefox Profiler', () => {
  it("samply's recording of ls: samples until the next, at most two and a half sampling intervals", () => {
    const file = 'firefox/samply-ls-linux.processed.json';
    const json: Json = JSON.parse(readFixtureText(file));
    const thread = json.threads.find((candidate: Json) => candidate.samples.length > 0);
    const { stackTable, frameTable, funcTable, resourceTable, stringArray } = thread;
    const pathOf = (stack: number | null): string[] => {
      const path: string[] = [];
      for (let s = stack; s !== null; s = stackTable.prefix[s]) {
        const func = frameTable.func[stackTable.frame[s]];
        const resource = funcTable.resource[func];
        const module = resource >= 0 ? stringArray[resourceTable.name[resource]] : '';
        path.unshift(frameKey(stringArray[funcTable.name[func]], '', '', module));
      }
      return path;
    };
    const intervalMs = json.meta.interval;
    // A sample without a stack is left out: the one before it lasts on.
    const kept = thread.samples.stack.flatMap((stack: number | null, i: number) =>
      stack === null ? [] : [i],
    );
    const samples = untilNext(
      kept.map((i: number) => thread.samples.time[i]),
      kept.map((i: number) => pathOf(thread.samples.stack[i])),
      () => intervalMs,
      2.5 * intervalMs,
    );
    const order = timeOrderOf(file);
    expect(order.lanes).toHaveLength(1); // the other thread has no samples
    expect(order.lanes[0].process).toBe('ls (pid 18693)');
    const firstNs = (json.meta.startTime + samples[0].start) * 1e6;
    // Epoch nanoseconds keep a quarter of a microsecond in a double: compare to that.
    expect(Math.abs(order.origin - firstNs)).toBeLessThan(512);
    const expected = expectedSampleBoxes(relative(samples, samples[0].start * 1e6, 1e6));
    expectSameBoxes(chartBoxes(order, 0), expected, 1024);
  });
});

describe('perf script', () => {
  it('a lane per thread, each sample lasting until its next, at most 2.5 times the usual gap', () => {
    const file = 'perf-script/speedscope-forks.linux-perf.txt';
    const threads = new Map<string, { times: number[]; paths: string[][] }>();
    for (const block of readFixtureText(file).split(/\n\s*\n/)) {
      const [header, ...lines] = block.split('\n').filter((line) => line.trim() !== '');
      if (!header) continue;
      const [, comm, thread, seconds, fraction] =
        /^(\S.*?)\s+(\d+(?:\/\d+)?)\s+\[\d+\]\s+(\d+)\.(\d+):/.exec(header)!;
      const frames = lines.map((line) => {
        const [, symbol, dso] = /^\s*[0-9a-f]+\s+(.*?)(?:\+0x[0-9a-f]+)?\s+\((.*)\)$/.exec(line)!;
        const name =
          symbol === '[unknown]' && dso !== '[unknown]' ? `[${dso.split('/').pop()}]` : symbol;
        return frameKey(name, '', '', dso);
      });
      const key = `${comm.trim()} ${thread}`;
      const entry = threads.get(key) ?? { times: [], paths: [] };
      threads.set(key, entry);
      entry.times.push(Number(seconds) * 1e9 + Number(fraction.padEnd(9, '0')));
      entry.paths.push([frameKey(comm.trim()), ...frames.reverse()]);
    }
    const order = timeOrderOf(file);
    expect(order.lanes.map((lane) => lane.name).sort()).toEqual([...threads.keys()].sort());
    for (const [name, { times, paths }] of threads) {
      const sorted = [...times].sort((a, b) => a - b);
      const gaps = sorted
        .slice(1)
        .map((time, k) => time - sorted[k])
        .sort((a, b) => a - b);
      const usual = gaps.length > 0 ? gaps[gaps.length >>> 1] : 0;
      const samples = untilNext(times, paths, () => usual, 2.5 * usual);
      const expected = expectedSampleBoxes(relative(samples, order.origin, 1));
      expectSameBoxes(chartBoxes(order, laneNamed(order, name)), expected, 1);
    }
  });
});

/** Path (of frame keys) → total of every node, from the tree. */
function totals(tree: CallTree): Map<string, number> {
  const paths: string[] = [];
  const result = new Map<string, number>();
  for (let node = 0; node < tree.nodeCount; node++) {
    const { name, file, line, module } = tree.frameInfo(node);
    const key = frameKey(name, file, line, module);
    paths[node] = node === 0 ? '' : `${paths[tree.parent[node]]};${key}`;
    result.set(paths[node], tree.total[node]);
  }
  return result;
}

/**
 * The same range by brute force, as totals by path: every sample and span cut to the range, a
 * sample counted in each frame of its stack, a span (which holds its callees' spans) in its own.
 */
function bruteForce(order: TimeOrder, start: number, end: number): Map<string, number> {
  const result = new Map<string, number>();
  const add = (path: string, value: number) => result.set(path, (result.get(path) ?? 0) + value);
  const paths = new Map<number, string>();
  const pathOf = (stack: number) =>
    paths.get(stack) ??
    order.stacks
      .framesOf(stack)
      .map((frame) => {
        const { name, file, line, module } = order.frames.get(frame);
        return `;${frameKey(name, file, line, module)}`;
      })
      .join('');
  const cachedPathOf = (stack: number) => {
    const path = pathOf(stack);
    paths.set(stack, path);
    return path;
  };
  for (const lane of order.lanes) {
    for (let i = 0; i < lane.count; i++) {
      const inside = Math.min(lane.end[i], end) - Math.max(lane.start[i], start);
      if (!(inside > 0)) continue;
      const path = cachedPathOf(lane.stack[i]);
      const frames = path.split(';').slice(1);
      if (lane.kind === 'samples') {
        // A sample's time counts in the total of every frame on its stack.
        add('', inside);
        for (let s = lane.stack[i]; s > 0; s = order.stacks.parentOf(s))
          add(cachedPathOf(s), inside);
      } else {
        // A span's time is the total of its own path; its callers' come from their own spans.
        add(path, inside);
        if (frames.length === 1) add('', inside);
      }
    }
  }
  return result;
}

describe('computeTimeRangeTree against brute force', () => {
  it.each([
    'chrome-cpuprofile/speedscope-chrome65-sucrase.cpuprofile',
    'chrome-trace/speedscope-chrome116-Trace-20230603.json',
    'perf-script/speedscope-forks.linux-perf.txt',
  ])('%s: ranges across the recording', (file) => {
    const order = timeOrderOf(file);
    for (const [from, to] of [
      [0, 1],
      [0.1, 0.35],
      [0.5, 0.5001],
      [0.7, 1],
    ]) {
      const start = from * order.duration;
      const end = to * order.duration;
      const tree = computeTimeRangeTree(order, start, end);
      const expected = bruteForce(order, start, end);
      const actual = totals(tree);
      for (const [path, total] of expected) {
        if (total === 0) continue;
        expect(actual.get(path), `${file} ${from}–${to} ${path}`).toBeCloseTo(total, 0);
      }
      const shown = [...actual].filter(([, total]) => total > 0.5).length;
      expect(shown).toBe([...expected].filter(([, total]) => total > 0.5).length);
    }
  });

  it('the whole recording of a .cpuprofile is the merged profile, in nanoseconds', () => {
    const profile = importProfile(
      readFixture('chrome-cpuprofile/speedscope-chrome65-sucrase.cpuprofile'),
    );
    const order = profile.timeOrder!;
    const whole = totals(computeTimeRangeTree(order, 0, order.duration));
    for (const [path, total] of totals(profile.tree('time')))
      expect(whole.get(path), path).toBeCloseTo(total * 1e3, -1);
  });
});
