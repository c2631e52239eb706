import { describe, expect, it } from 'vitest';
import { FlamekitError, InputSource, findNodeByPath, printTree } from '../../../src/core';
import { importFirefoxProfile, isFirefoxProfile } from '../../../src/core/formats/firefox';
import { catchError } from '../../helpers/catch-error';
import { readFixture } from '../../helpers/fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw fixture JSON is read loosely here */

const DIR = 'firefox/';

function rawProfile(file: string): any {
  return JSON.parse(readFixture(DIR + file).toString('utf8'));
}

/** The expected figures of one thread, from the raw JSON: summed weights and distinct func paths. */
function expectedThread(raw: any, index: number) {
  const thread = raw.threads[index];
  const tables = thread.stackTable ? thread : raw.shared;
  const { stackTable, frameTable } = tables;
  const parent = (row: number): number | null => {
    if (stackTable.prefix) return stackTable.prefix[row];
    const offset = stackTable.prefixOffset[row];
    return offset === 0 ? null : row - offset;
  };
  const samples = thread.samples;
  let total = 0;
  let withoutStack = 0;
  const paths = new Set<string>();
  for (let i = 0; i < samples.stack.length; i++) {
    const stack = samples.stack[i];
    if (stack === null) {
      withoutStack++;
      continue;
    }
    total += samples.weight ? samples.weight[i] : 1;
    const funcs: number[] = [];
    for (let row: number | null = stack; row !== null; row = parent(row))
      funcs.unshift(frameTable.func[stackTable.frame[row]]);
    for (let depth = 1; depth <= funcs.length; depth++) paths.add(funcs.slice(0, depth).join(','));
  }
  return { total, withoutStack, nodes: paths.size, rows: stackTable.length };
}

// Threads, samples and stack-table rows from the corpus README (summed over threads when the
// tables are per thread), and each thread's stack rows.
const fixtures: [file: string, threads: number, samples: number, rows: number][] = [
  ['firefox-profiler-processed-3.json', 3, 21, 17],
  ['firefox-profiler-sourcemap-two.processed.json', 2, 2, 2],
  ['firefox-profiler-unsymbolicated.processed.json', 6, 42, 88],
  ['samply-ls-linux.processed.json', 2, 5130, 1115],
];

describe('Firefox processed profiles', () => {
  it.each(fixtures)('%s: every thread adds up', (file, threadCount, sampleCount, rowCount) => {
    const raw = rawProfile(file);
    expect(raw.threads.length).toBe(threadCount);
    expect(raw.threads.reduce((sum: number, t: any) => sum + t.samples.length, 0)).toBe(
      sampleCount,
    );
    const rows = raw.shared?.stackTable
      ? raw.shared.stackTable.length
      : raw.threads.reduce((sum: number, t: any) => sum + t.stackTable.length, 0);
    expect(rows).toBe(rowCount);

    const source = InputSource.from(readFixture(DIR + file));
    expect(isFirefoxProfile(source)).toBe(true);
    const names = raw.threads.map((t: any) => t.name);
    let wholeTotal = 0;
    let withoutStack = 0;
    for (let index = 0; index < threadCount; index++) {
      const expected = expectedThread(raw, index);
      wholeTotal += expected.total;
      withoutStack += expected.withoutStack;
      // View 0 is all threads; thread k is view k + 1.
      const profile = importFirefoxProfile(source, { profile: index + 1 });
      expect(profile.format).toBe('firefox');
      expect(profile.name).toBe(names[index]);
      expect(profile.alternatives!.index).toBe(index + 1);
      expect(profile.alternatives!.names[index + 1]).toContain(names[index]);
      const tree = profile.tree();
      expect(tree.total[0]).toBe(expected.total);
      expect(tree.nodeCount - 1).toBe(expected.nodes);
      expect(tree.nodeCount - 1).toBeLessThanOrEqual(expected.rows);
      expect(profile.samples.count + expected.withoutStack).toBe(raw.threads[index].samples.length);
    }
    const whole = importFirefoxProfile(source, { profile: 'All threads' });
    expect(whole.alternatives!.names.length).toBe(threadCount + 1);
    expect(whole.tree().total[0]).toBe(wholeTotal);
    expect(whole.warnings).toEqual(
      withoutStack === 0
        ? []
        : [expect.objectContaining({ code: 'samples-without-stack', count: withoutStack })],
    );
  });

  it('picks the main thread by default, the busiest when several are', () => {
    // The thread's index in the file (views are the whole, then the threads).
    const pick = (file: string) =>
      importFirefoxProfile(readFixture(DIR + file)).alternatives!.index - 1;
    expect(pick('firefox-profiler-processed-3.json')).toBe(0);
    expect(pick('firefox-profiler-unsymbolicated.processed.json')).toBe(0);
    // Two GeckoMain threads: perf-exec has no samples, ls has them all.
    expect(pick('samply-ls-linux.processed.json')).toBe(1);
    expect(pick('firefox-profiler-sourcemap-two.processed.json')).toBe(0);
  });

  it('selects a thread by name and rejects an unknown one', () => {
    const bytes = readFixture(DIR + 'firefox-profiler-processed-3.json');
    expect(importFirefoxProfile(bytes, { profile: 'Compositor' }).alternatives!.index).toBe(2);
    // Two threads named GeckoMain: their labels say which process; the name picks the first.
    expect(importFirefoxProfile(bytes, { profile: 'GeckoMain' }).alternatives!.index).toBe(1);
    for (const profile of ['Nope', 7, -1, 1.5]) {
      const error = catchError(() => importFirefoxProfile(bytes, { profile })) as FlamekitError;
      expect(error.code).toBe('invalid-argument');
      expect(error.message).toContain(
        '0: "All threads", 1: "GeckoMain (default, pid Unknown Process 1)", 2: "Compositor", 3: "GeckoMain (tab, pid Unknown Process 3)"',
      );
    }
  });

  it('names unsymbolicated frames by address with their library as module', () => {
    const profile = importFirefoxProfile(
      readFixture(DIR + 'firefox-profiler-unsymbolicated.processed.json'),
    );
    const tree = profile.tree();
    expect(printTree(tree)).toBe(
      [
        '- 0x6153 (total 60, self 0)',
        '  - 0x3ec3 (total 60, self 0)',
        '    - 0x948b (total 60, self 0)',
        '      - 0x2bac (total 60, self 60)',
      ].join('\n'),
    );
    expect(profile.frames.get(tree.frame[1])).toEqual({ name: '0x6153', module: 'dyld' });
    expect(profile.frames.get(tree.frame[4])).toEqual({
      name: '0x2bac',
      module: 'libsystem_kernel.dylib',
    });
    // Times are milliseconds after meta.startTime, here as nanoseconds since the epoch.
    expect(profile.samples.timeNs![0]).toBeCloseTo((1726433495880.2869 + 240.520375) * 1e6, -3);
    expect(profile.period).toEqual({ type: 'wall', unit: 'milliseconds', value: 1 });
  });

  it('finds the hot path of samply ls', () => {
    const tree = importFirefoxProfile(readFixture(DIR + 'samply-ls-linux.processed.json')).tree();
    const path = ['0x58af', '0x274cb', '0x273fb', '0x419b', '0x104c7', '0xb286b', '0xb27a8'];
    const node = findNodeByPath(tree, path);
    expect([tree.total[node], tree.self[node]]).toEqual([11950, 11860]);
  });

  it('keeps file and line of JS functions, in old and shared tables', () => {
    const old = importFirefoxProfile(readFixture(DIR + 'firefox-profiler-processed-3.json'));
    const oldTree = old.tree();
    const frobnicate = findNodeByPath(oldTree, ['(root)', '0x100000f84', 'frobnicate']);
    expect(old.frames.get(oldTree.frame[frobnicate])).toEqual({
      name: 'frobnicate',
      file: 'chrome://blargh',
      line: 34,
      module: 'chrome://blargh',
    });
    const file = DIR + 'firefox-profiler-sourcemap-two.processed.json';
    for (const [index, bundle] of ['bundle-a.js', 'bundle-b.js'].entries()) {
      const profile = importFirefoxProfile(readFixture(file), { profile: index + 1 });
      expect(profile.frames.get(profile.tree().frame[1])).toEqual({
        name: 'Ajs',
        file: bundle,
        line: 1,
      });
    }
  });

  it('reads shared tables with prefixOffset, func flags, timeDeltas and tracing weights', () => {
    const profile = importFirefoxProfile(JSON.stringify(sharedProfile()));
    expect(profile.sampleTypes).toEqual([{ type: 'tracing', unit: 'milliseconds' }]);
    expect(printTree(profile.tree())).toBe(
      [
        '- main (total 7, self 0)',
        '  - <img src=x onerror=alert(1)> (total 5, self 5)',
        '  - __proto__ (total 2, self 2)',
      ].join('\n'),
    );
    const tree = profile.tree();
    // The resource column holds 0 where the flag says "none" (version 73 placeholders).
    expect(profile.frames.get(tree.frame[1])).toEqual({ name: 'main', module: 'app.so' });
    const proto = findNodeByPath(tree, ['main', '__proto__']);
    expect(profile.frames.get(tree.frame[proto])).toEqual({
      name: '__proto__',
      file: 'a.js',
      line: 3,
    });
    expect(Array.from(profile.samples.timeNs!)).toEqual([1.5e6, 3e6]);
    expect(profile.warnings).toEqual([
      // Version 75 is newer than the newest flamekit was checked against.
      expect.objectContaining({ code: 'newer-version', message: expect.stringContaining('75') }),
      expect.objectContaining({ code: 'samples-without-stack', count: 1 }),
    ]);
  });

  it('walks a 100,000-deep stack without recursion', () => {
    const depth = 100_000;
    const raw = sharedProfile();
    raw.shared.stackTable = {
      length: depth,
      frame: new Array(depth).fill(0),
      prefixOffset: Array.from({ length: depth }, (_, i) => (i === 0 ? 0 : 1)),
    };
    raw.threads[0].samples = { length: 1, stack: [depth - 1], weight: null, time: [0] };
    const tree = importFirefoxProfile(JSON.stringify(raw)).tree();
    expect(tree.maxDepth).toBe(depth);
  });

  it.each([
    ['not JSON', '{"meta": ', undefined],
    ['an array', '[]', '$'],
    ['no threads', '{"meta": {"preprocessedProfileVersion": 48}, "threads": []}', '$.threads'],
    [
      'a raw Gecko profile',
      '{"meta": {"version": 20}, "threads": [{"samples": {"schema": {}, "data": []}}]}',
      '$.meta.version',
    ],
  ])('rejects %s', (_, text, jsonPath) => {
    const error = catchError(() => importFirefoxProfile(text)) as FlamekitError;
    expect(error).toBeInstanceOf(FlamekitError);
    expect(error.code).toBe('parse-error');
    expect(error.format).toBe('firefox');
    if (jsonPath) expect(error.position).toEqual({ jsonPath });
  });

  it.each([
    [
      'a dangling sample stack',
      (p: any) => (p.threads[0].samples.stack[0] = 9),
      '$.threads[0].samples.stack[0]',
    ],
    [
      'a dangling frame',
      (p: any) => (p.shared.stackTable.frame[1] = 5),
      '$.shared.stackTable.frame[1]',
    ],
    [
      'a dangling func',
      (p: any) => (p.shared.frameTable.func[0] = -1),
      '$.shared.frameTable.func[0]',
    ],
    [
      'a dangling string',
      (p: any) => (p.shared.funcTable.name[0] = 99),
      '$.shared.funcTable.name[0]',
    ],
    ['a non-string name', (p: any) => (p.shared.stringArray[0] = 5), '$.shared.stringArray[0]'],
    [
      'a prefix past the row',
      (p: any) => (p.shared.stackTable.prefixOffset[1] = 2),
      '$.shared.stackTable.prefixOffset[1]',
    ],
    [
      'a text weight',
      (p: any) => (p.threads[0].samples.weight[0] = '2'),
      '$.threads[0].samples.weight[0]',
    ],
    ['a missing stack table', (p: any) => delete p.shared.stackTable, '$.threads[0].stackTable'],
    ['a short column', (p: any) => p.shared.frameTable.func.pop(), '$.shared.frameTable.func'],
    [
      'samples that are not a table',
      (p: any) => (p.threads[0].samples = 'x'),
      '$.threads[0].samples',
    ],
  ])('rejects %s with its JSON path', (_, breakIt, jsonPath) => {
    const raw = sharedProfile();
    breakIt(raw);
    const error = catchError(() => importFirefoxProfile(JSON.stringify(raw))) as FlamekitError;
    expect(error).toBeInstanceOf(FlamekitError);
    expect(error.code).toBe('parse-error');
    expect(error.position).toEqual({ jsonPath });
  });

  it('rejects a prefix cycle', () => {
    const raw = sharedProfile();
    raw.shared.stackTable = { length: 2, frame: [0, 1], prefix: [1, 0] };
    const error = catchError(() => importFirefoxProfile(JSON.stringify(raw))) as FlamekitError;
    expect(error.code).toBe('parse-error');
    expect(error.reason).toMatch(/cycle/);
  });

  it('is detected only where it fits', () => {
    expect(isFirefoxProfile(JSON.stringify(sharedProfile()))).toBe(true);
    expect(isFirefoxProfile('{"meta": {"version": 20}, "threads": []}')).toBe(false);
    expect(isFirefoxProfile('{"meta": {"preprocessedProfileVersion": 1}')).toBe(false);
    expect(isFirefoxProfile('a;b 1\n')).toBe(false);
    expect(isFirefoxProfile(new Uint8Array([0x7b, 0x00, 0x01]))).toBe(false);
  });
});

/**
 * A small current-style profile: shared tables, `prefixOffset`, func `flags` (bit 2 resource,
 * bit 3 source, bit 4 line) with placeholder zeros, `timeDeltas`, tracing weights, a null stack.
 */
function sharedProfile(): any {
  return {
    meta: { preprocessedProfileVersion: 75, startTime: 0, interval: 1 },
    shared: {
      stringArray: ['main', 'app.so', '__proto__', 'a.js', '<img src=x onerror=alert(1)>'],
      stackTable: { length: 3, frame: [0, 1, 2], prefixOffset: [0, 1, 2] },
      frameTable: { length: 3, func: [0, 1, 2], address: [16, -1, -1] },
      funcTable: {
        length: 3,
        name: [0, 2, 4],
        flags: [1 << 2, (1 << 3) | (1 << 4), 0],
        resource: [0, 0, 0],
        source: [0, 0, 0],
        lineNumber: [0, 3, 0],
      },
      resourceTable: { length: 1, name: [1], lib: [0], type: [1] },
      sources: { length: 1, filename: [3] },
    },
    threads: [
      {
        name: 'GeckoMain',
        isMainThread: true,
        samples: {
          length: 3,
          weightType: 'tracing-ms',
          stack: [1, null, 2],
          weight: [2, 1, 5],
          timeDeltas: [1.5, 0.5, 1],
        },
      },
    ],
  };
}
