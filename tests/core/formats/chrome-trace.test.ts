import { gunzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { FlamekitError, findNodeByPath, InputSource, printTree } from '../../../src/core';
import { isChromeCpuProfile } from '../../../src/core/formats/chrome-cpuprofile';
import { importChromeTrace, isChromeTrace } from '../../../src/core/formats/chrome-trace';
import { catchError } from '../../helpers/catch-error';
import { readFixture } from '../../helpers/fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw JSON read independently of the importer */

function readTraceFixture(file: string): { source: InputSource; events: any[]; root: any } {
  const bytes = readFixture(`chrome-trace/${file}`);
  const text = new TextDecoder().decode(file.endsWith('.gz') ? gunzipSync(bytes) : bytes);
  // The partial fixture lacks its closing bracket: close it here, the simple way.
  const trimmed = text.trim();
  const unterminated = trimmed.startsWith('[') && !trimmed.endsWith(']');
  const root = JSON.parse(unterminated ? `${trimmed.replace(/,$/, '')}]` : text);
  return { source: InputSource.from(bytes), events: root.traceEvents ?? root, root };
}

/** Time the samples stand for: each until the next in time, the last one the mean gap. */
function sampledTimeUs(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  const n = sorted.length;
  return ((sorted[n - 1] - sorted[0]) * n) / (n - 1);
}

/** Sample times of a Profile/ProfileChunk profile: its start plus the running sum of all deltas. */
function chunkedSampleTimes(events: any[]): number[] {
  let at = events.find((event) => event.name === 'Profile').args.data.startTime;
  return events
    .filter((event) => event.name === 'ProfileChunk')
    .flatMap((event) => event.args.data.timeDeltas.map((delta: number) => (at += delta)));
}

/** Length of the union of intervals: the time a thread spends inside any event. */
function unionLength(intervals: [number, number][]): number {
  let total = 0;
  let end = -Infinity;
  for (const [start, stop] of [...intervals].sort((a, b) => a[0] - b[0])) {
    if (stop > end) total += stop - Math.max(start, end);
    end = Math.max(end, stop);
  }
  return total;
}

/** One thread's X intervals plus its B/E pairs, matched last-in first-out in time order. */
function threadIntervals(events: any[], pid: unknown, tid: unknown): [number, number][] {
  const mine = events.filter((event) => event.pid === pid && event.tid === tid);
  const intervals: [number, number][] = mine
    .filter((event) => event.ph === 'X')
    .map((event) => [event.ts, event.ts + (event.dur ?? event.tdur)]);
  const open: number[] = [];
  for (const event of mine
    .filter((e) => e.ph === 'B' || e.ph === 'E')
    .sort((a, b) => a.ts - b.ts)) {
    if (event.ph === 'B') open.push(event.ts);
    else intervals.push([open.pop()!, event.ts]);
  }
  return intervals;
}

function closeTo(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * 1e-12);
}

const allFixtures = [
  'firefox-profiler-chrome-tracing.json.gz',
  'lighthouse-cpu-profiler-m86.trace.json',
  'lighthouse-load.trace.json',
  'speedscope-chrome116-Trace-20230603.json',
  'speedscope-chrome69-simple.json',
  'speedscope-trace-event-hermes-multiple-frames.json',
  'speedscope-trace-event-multi-thread-with-samples.json',
  'speedscope-trace-event-simple-partial.json',
  'speedscope-trace-event-simple-with-samples.json',
  'speedscope-trace-event-simple.json',
];

describe('Chrome trace events', () => {
  it.each(allFixtures)('detects %s', (file) => {
    const bytes = readFixture(`chrome-trace/${file}`);
    expect(isChromeTrace(InputSource.from(bytes))).toBe(true);
    expect(isChromeCpuProfile(InputSource.from(bytes))).toBe(false);
  });

  // file, CPU samples (from the corpus README), the profile's name
  it.each([
    [
      'lighthouse-cpu-profiler-m86.trace.json',
      50_294,
      'Renderer: CrRendererMain (pid 9318, tid 775, profile 0x2)',
    ],
    [
      'speedscope-chrome116-Trace-20230603.json',
      1_600,
      'Renderer: CrRendererMain (pid 6543, tid 259, profile 0x2)',
    ],
    [
      'speedscope-chrome69-simple.json',
      2_051,
      'Renderer: CrRendererMain (pid 85129, tid 775, profile 0xb)',
    ],
  ])('%s: reads the Profile/ProfileChunk samples', (file, samples, name) => {
    const { source, events } = readTraceFixture(file);
    const profile = importChromeTrace(source);
    expect(profile.format).toBe('chrome-trace');
    expect(profile.name).toBe(name);
    // One profiled thread: it is the whole, with no other view to pick.
    expect(profile.alternatives).toBeUndefined();
    expect(profile.threads).toEqual([expect.objectContaining({ name })]);
    const times = chunkedSampleTimes(events);
    expect(times).toHaveLength(samples);
    expect(profile.tree('samples').total[0]).toBe(samples);
    closeTo(profile.tree().total[0], sampledTimeUs(times));
    // (idle) and (program) hold exactly the samples on their nodes.
    const nodes = events
      .filter((event) => event.name === 'ProfileChunk')
      .flatMap((event) => event.args.data.cpuProfile.nodes ?? []);
    const ids = events
      .filter((event) => event.name === 'ProfileChunk')
      .flatMap((event) => event.args.data.cpuProfile.samples ?? []);
    const tree = profile.tree('samples');
    for (const special of ['(idle)', '(program)']) {
      const id = nodes.find((node: any) => node.callFrame.functionName === special).id;
      const count = ids.filter((sample: number) => sample === id).length;
      expect(tree.self[findNodeByPath(tree, [special])]).toBe(count);
    }
    expect(tree.name(1)).not.toBe('(root)');
    const reordered = profile.warnings.find((w) => w.code === 'samples-reordered')?.count ?? 0;
    expect(reordered).toBe(times.filter((t, i) => i > 0 && t < times[i - 1]).length);
  });

  it('reads the simple JS program under its alpha/beta/gamma/delta frames', () => {
    const profile = importChromeTrace(readTraceFixture('speedscope-chrome69-simple.json').source);
    const tree = profile.tree('samples');
    const gamma = findNodeByPath(tree, ['(anonymous)', 'alpha', 'beta', 'gamma']);
    expect(gamma).toBeGreaterThan(0);
    expect(profile.frames.get(tree.frameOf(gamma))).toEqual({
      name: 'gamma',
      file: 'file:///Users/jlfwong/code/speedscope/sample/programs/javascript/simple.js',
      line: 20,
    });
  });

  it('reads every thread of a trace with only complete events', () => {
    const { source, events } = readTraceFixture('firefox-profiler-chrome-tracing.json.gz');
    expect(events).toHaveLength(307);
    expect(events.filter((event) => event.ph === 'X')).toHaveLength(186);
    const first = importChromeTrace(source);
    const names = first.alternatives!.names;
    const threads = [
      ...new Set(events.filter((e) => e.ph === 'X').map((e) => `${e.pid}:${e.tid}`)),
    ];
    // All threads, then each.
    expect(names).toHaveLength(threads.length + 1);
    let whole = 0;
    threads.forEach((thread, index) => {
      const [pid, tid] = thread.split(':').map(Number);
      const profile = importChromeTrace(source, { profile: index + 1 });
      expect(profile.name).toBe(names[index + 1]);
      expect(profile.name).toContain(`(pid ${pid}, tid ${tid})`);
      const total = unionLength(threadIntervals(events, pid, tid));
      whole += total;
      expect(profile.tree().total[0]).toBe(total);
      expect(profile.warnings).toEqual([]);
    });
    expect(importChromeTrace(source, { profile: 0 }).tree().total[0]).toBe(whole);
    // The default is the thread with the most events.
    expect(first.name).toBe(
      'Service: tracing.mojom.TracingService: CrUtilityMain (pid 929423, tid 1)',
    );
  });

  it('reads B/E and X events of a page load, the busiest thread by default', () => {
    const { source, events } = readTraceFixture('lighthouse-load.trace.json');
    expect(events).toHaveLength(9_778);
    const profile = importChromeTrace(source);
    expect(profile.alternatives!.names).toHaveLength(1 + 28);
    expect(profile.name).toBe('Browser: Chrome_IOThread (pid 396, tid 472)');
    expect(profile.sampleTypes).toEqual([{ type: 'time', unit: 'microseconds' }]);
    expect(profile.tree().total[0]).toBe(unionLength(threadIntervals(events, 396, 472)));
    const main = importChromeTrace(source, {
      profile: 'Renderer: CrRendererMain (pid 442, tid 461)',
    });
    expect(main.tree().total[0]).toBe(unionLength(threadIntervals(events, 442, 461)));
  });

  it('reads B/E/X events, and the same from an array missing its closing bracket', () => {
    const expected = [
      '- alpha (total 14, self 2)',
      '  - beta (total 12, self 3)',
      '    - epsilon (total 4, self 4)',
      '    - gamma (total 5, self 5)',
    ].join('\n');
    for (const file of [
      'speedscope-trace-event-simple.json',
      'speedscope-trace-event-simple-partial.json',
    ]) {
      const profile = importChromeTrace(InputSource.from(readFixture(`chrome-trace/${file}`)));
      expect(printTree(profile.tree())).toBe(expected);
      expect(profile.timeRange).toEqual({ startNs: 0, endNs: 14_000 });
    }
  });

  it.each([
    'speedscope-trace-event-hermes-multiple-frames.json',
    'speedscope-trace-event-simple-partial.json',
    'speedscope-trace-event-simple.json',
  ])('%s: the time is the union of the thread events', (file) => {
    const { source, events } = readTraceFixture(file);
    const profile = importChromeTrace(source);
    expect(profile.sampleTypes).toEqual([{ type: 'time', unit: 'microseconds' }]);
    expect(profile.tree().total[0]).toBe(unionLength(threadIntervals(events, 0, 0)));
    expect(profile.name).toBe('thread (pid 0, tid 0)');
    expect(profile.alternatives).toBeUndefined();
    expect(profile.warnings).toEqual([]);
  });

  it('nests Hermes events that begin at the same time by their ends', () => {
    const profile = importChromeTrace(
      readTraceFixture('speedscope-trace-event-hermes-multiple-frames.json').source,
    );
    expect(printTree(profile.tree())).toBe(
      [
        '- [root] (total 14, self 4)',
        '  - beta (total 1, self 1)',
        '  - gamma (total 9, self 3)',
        '    - beta (total 6, self 6)',
      ].join('\n'),
    );
  });

  it('reads the stackFrames + samples sections per thread', () => {
    const { source, root } = readTraceFixture('speedscope-trace-event-simple-with-samples.json');
    const profile = importChromeTrace(source);
    const f = (name: string, place: string) =>
      `${name}(http://localhost:8081/index.bundle?platform=android&dev=false&minify=false&app=org.toshi&modulesOnly=false&runModule=true:${place})`;
    expect(printTree(profile.tree('samples'))).toBe(
      [
        '- [root] (total 7, self 3)',
        '  - [GC Young Gen] (total 2, self 2)',
        `  - ${f('function1', '1:1')} (total 1, self 1)`,
        `  - ${f('function2', '418874:4')} (total 1, self 0)`,
        `    - ${f('function3', '17:3')} (total 1, self 1)`,
      ].join('\n'),
    );
    closeTo(profile.tree().total[0], sampledTimeUs(root.samples.map((s: any) => Number(s.ts))));
    expect(profile.name).toBe('hermes: mqt_js (pid 7512, tid 7695)');
  });

  it('picks the thread with the most samples, and others by name or index', () => {
    const { source, root } = readTraceFixture(
      'speedscope-trace-event-multi-thread-with-samples.json',
    );
    const byThread = (tid: string) => root.samples.filter((s: any) => s.tid === tid);
    const busiest = importChromeTrace(source);
    expect(busiest.alternatives).toEqual({
      names: [
        'All threads',
        'hermes: mqt_js (pid 7512, tid 1)',
        'hermes: thread (pid 7512, tid 2)',
      ],
      index: 2,
    });
    expect(busiest.tree('samples').total[0]).toBe(byThread('2').length);
    closeTo(busiest.tree().total[0], sampledTimeUs(byThread('2').map((s: any) => Number(s.ts))));
    expect(printTree(busiest.tree('samples'))).toBe(
      [
        '- [root thread 2] (total 5, self 3)',
        '  - function3 (total 1, self 1)',
        '  - function4 (total 1, self 1)',
      ].join('\n'),
    );
    const first = importChromeTrace(source, { profile: 'hermes: mqt_js (pid 7512, tid 1)' });
    expect(first.tree('samples').total[0]).toBe(byThread('1').length);
    expect(printTree(importChromeTrace(source, { profile: 1 }).tree())).toBe(
      printTree(first.tree()),
    );
    expect(importChromeTrace(source, { profile: 0 }).tree('samples').total[0]).toBe(
      root.samples.length,
    );
    for (const wanted of [3, -1, 0.5, 'nope']) {
      const error = catchError(() =>
        importChromeTrace(source, { profile: wanted }),
      ) as FlamekitError;
      expect(error).toBeInstanceOf(FlamekitError);
      expect(error.code).toBe('invalid-argument');
      expect(error.message).toContain('1: "hermes: mqt_js (pid 7512, tid 1)"');
    }
  });

  const chunk = (nodes: object[] | undefined, samples: number[], timeDeltas: number[]) => ({
    ph: 'P',
    name: 'ProfileChunk',
    id: '0x1',
    pid: 1,
    tid: 9,
    ts: 0,
    args: { data: { cpuProfile: { ...(nodes && { nodes }), samples }, timeDeltas } },
  });
  const chunked = [
    { ph: 'M', name: 'thread_name', pid: 1, tid: 2, args: { name: 'Main' } },
    {
      ph: 'P',
      name: 'Profile',
      id: '0x1',
      pid: 1,
      tid: 2,
      ts: 0,
      args: { data: { startTime: 100 } },
    },
    chunk(
      [
        { id: 1, callFrame: { functionName: '(root)' } },
        { id: 2, parent: 1, callFrame: { functionName: 'main', url: 'a.js', lineNumber: 4 } },
      ],
      [2, 2],
      [10, 10],
    ),
    chunk([{ id: 3, parent: 2, callFrame: { functionName: 'work' } }], [3, 2], [20, 10]),
  ];

  it('accumulates nodes, samples and time deltas across chunks', () => {
    const profile = importChromeTrace(JSON.stringify(chunked));
    // samples at 110, 120, 140, 150: gaps 10, 20, 10 and the mean 40 / 3 for the last
    expect(printTree(profile.tree('samples'))).toBe(
      ['- main (total 4, self 3)', '  - work (total 1, self 1)'].join('\n'),
    );
    expect(profile.tree().total[0]).toBeCloseTo(40 + 40 / 3, 9);
    expect(profile.tree().total[2]).toBe(10);
    expect(Array.from(profile.samples.timeNs!)).toEqual([110e3, 120e3, 140e3, 150e3]);
    expect(profile.name).toBe('Main (pid 1, tid 2, profile 0x1)');
    expect(profile.timeRange!.startNs).toBe(100e3);
  });

  it('reads an old CpuProfile event holding a whole profile', () => {
    const cpuProfile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)' }, children: [2] },
        { id: 2, callFrame: { functionName: 'f' } },
      ],
      samples: [2, 2],
      timeDeltas: [1, 4],
      startTime: 0,
      endTime: 10,
    };
    const trace = {
      traceEvents: [
        { ph: 'I', name: 'CpuProfile', pid: 1, tid: 1, ts: 0, args: { data: { cpuProfile } } },
      ],
    };
    expect(printTree(importChromeTrace(JSON.stringify(trace)).tree())).toBe(
      '- f (total 8, self 8)',
    );
  });

  const x = (name: string, ts: number, dur: number | undefined, tid = 1) => ({
    ph: 'X',
    name,
    ts,
    dur,
    pid: 1,
    tid,
  });
  it('cuts children that outlast their parent and reports unmatched and unended events', () => {
    const events = [
      x('parent', 0, 10),
      x('child', 5, 10),
      x('no duration', 20, undefined),
      { ph: 'E', name: 'stray', ts: 1, pid: 1, tid: 1 },
      { ph: 'B', name: 'open', ts: 30, pid: 1, tid: 1 },
      x('last', 31, 9),
    ];
    const profile = importChromeTrace(JSON.stringify(events));
    expect(printTree(profile.tree())).toBe(
      [
        '- open (total 10, self 1)',
        '  - last (total 9, self 9)',
        '- parent (total 10, self 5)',
        '  - child (total 5, self 5)',
      ].join('\n'),
    );
    expect(profile.warnings.map((w) => [w.code, w.count])).toEqual([
      ['unmatched-end', 1],
      ['no-duration', 1],
      ['unclosed-begin', 1],
      ['overlapping-events', 1],
    ]);
    expect(profile.warnings[3].message).toMatch(/1 event outlasts its parent/);
  });

  it('reads B/E events nested 100,000 deep without recursion', () => {
    const n = 100_000;
    const events: object[] = [];
    for (let i = 0; i < n; i++) events.push({ ph: 'B', name: `f${i % 3}`, ts: i, pid: 1, tid: 1 });
    for (let i = n - 1; i >= 0; i--) events.push({ ph: 'E', ts: 2 * n - i, pid: 1, tid: 1 });
    const profile = importChromeTrace(JSON.stringify(events));
    expect(profile.tree().maxDepth).toBe(n);
    expect(profile.tree().total[0]).toBe(2 * n);
  });

  it('keeps hostile names as plain text', () => {
    const events = [
      x('__proto__', 0, 4),
      x('<img src=x onerror=alert(1)>', 1, 2),
      x('constructor', 5, 1),
    ];
    expect(printTree(importChromeTrace(JSON.stringify(events)).tree())).toBe(
      [
        '- __proto__ (total 4, self 2)',
        '  - <img src=x onerror=alert(1)> (total 2, self 2)',
        '- constructor (total 1, self 1)',
      ].join('\n'),
    );
    const frames =
      '{"__proto__": {"name": "__proto__"}, "2": {"name": "constructor", "parent": "__proto__"}}';
    const text = `{"traceEvents": [], "stackFrames": ${frames}, "samples": [{"ts": 0, "sf": 2, "pid": 1, "tid": 1}]}`;
    expect(printTree(importChromeTrace(text).tree('samples'))).toBe(
      ['- __proto__ (total 1, self 0)', '  - constructor (total 1, self 1)'].join('\n'),
    );
  });

  it.each([
    ['{"traceEvents": 5}', '$.traceEvents', /traceEvents/],
    ['[1]', '$[0]', /must be an object/],
    ['[]', '$', /no CPU samples and no B\/E\/X/],
    [JSON.stringify([x('a', 0, 1), { ...x('b', 0, 1), ts: 'soon' }]), '$[1].ts', /"soon"/],
    [JSON.stringify([x('a', 0, 1), { ...x('b', 0, 1), dur: [] }]), '$[1].dur', /number/],
    [
      JSON.stringify([...chunked.slice(0, 2), chunk([], [7], [1])]),
      '$[2].args.data.cpuProfile.samples[0]',
      /7 is not/,
    ],
    [
      JSON.stringify([chunk([{ id: 1, callFrame: {} }], [1, 1], [1])]),
      '$[0].args.data.timeDeltas',
      /1 timeDeltas for 2/,
    ],
    [
      JSON.stringify([chunk([{ id: 1 }], [], [])]),
      '$[0].args.data.cpuProfile.nodes[0].callFrame',
      /callFrame/,
    ],
    [
      '{"traceEvents": [], "stackFrames": {"1": {"name": "a", "parent": 2}, "2": {"name": "b", "parent": 1}}, "samples": [{"sf": 1, "ts": 0}]}',
      '$.stackFrames["1"]',
      /cycle/,
    ],
    [
      '{"traceEvents": [], "stackFrames": {}, "samples": [{"sf": 1, "ts": 0}]}',
      '$.samples[0].sf',
      /1 is not/,
    ],
    [
      '{"traceEvents": [], "stackFrames": {"1": {}}, "samples": [{"sf": 1, "ts": 0}]}',
      '$.stackFrames["1"]',
      /name/,
    ],
    ['{"traceEvents": [], "samples": 3}', '$.samples', /array/],
  ])('rejects %s at %s', (text, jsonPath, reason) => {
    const error = catchError(() => importChromeTrace(text)) as FlamekitError;
    expect(error).toBeInstanceOf(FlamekitError);
    expect(error.code).toBe('parse-error');
    expect(error.format).toBe('chrome-trace');
    expect(error.position).toEqual({ jsonPath });
    expect(error.reason).toMatch(reason);
  });

  it('repairs only an unterminated array, and reports other bad JSON with its position', () => {
    const event = JSON.stringify(x('a', 0, 5));
    expect(importChromeTrace(`[${event},\n`).tree().total[0]).toBe(5);
    expect(importChromeTrace(`[${event}`).tree().total[0]).toBe(5);
    for (const text of ['', `[${event.slice(0, 10)}`, `{"traceEvents": [${event}`]) {
      const error = catchError(() => importChromeTrace(text)) as FlamekitError;
      expect(error).toBeInstanceOf(FlamekitError);
      expect(error.code).toBe('parse-error');
      expect(error.position?.line).toBe(1);
    }
  });

  it('is detected only where it fits', () => {
    expect(isChromeTrace('[{"ph": "X", "ts": 0}')).toBe(true);
    expect(isChromeTrace('{"traceEvents": []}')).toBe(true);
    expect(isChromeTrace('[1, 2]')).toBe(false);
    expect(isChromeTrace('[]')).toBe(false);
    expect(isChromeTrace('{"nodes": [{"id": 1, "callFrame": {}}]}')).toBe(false);
    expect(isChromeTrace('a;b 1')).toBe(false);
    expect(isChromeTrace(new Uint8Array([0x5b, 0x00, 0x01]))).toBe(false);
  });
});
