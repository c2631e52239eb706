import { describe, expect, it } from 'vitest';
import {
  computeNodePath,
  findNodeByPath,
  FlamekitError,
  printTree,
  profileTimelineTotals,
  toInputSource,
} from '../../../src/core';
import { importFlamebearer, isFlamebearer } from '../../../src/core/formats/flamebearer';
import { catchError } from '../../helpers/catch-error';
import { readFixture } from '../../helpers/fixtures';

interface RawFlamebearer {
  names: string[];
  levels: number[][];
  numTicks: number;
  maxSelf: number;
}

/** The flamebearer of a fixture and its format, read straight from the JSON. */
function readRaw(file: string): {
  fb: RawFlamebearer;
  double: boolean;
  json: Record<string, unknown>;
} {
  const json = JSON.parse(readFixture(file).toString('utf8'));
  const fb = json.flamebearer as RawFlamebearer;
  return { fb, double: json.metadata.format === 'double', json };
}

/** The expected totals, computed another way: the self values of every node, added up per side. */
function sumOfSelfValues(fb: RawFlamebearer, double: boolean): [left: number, right: number] {
  const step = double ? 7 : 4;
  let left = 0;
  let right = 0;
  for (const row of fb.levels) {
    for (let i = 0; i < row.length; i += step) {
      left += row[i + 2];
      if (double) right += row[i + 5];
    }
  }
  return [left, right];
}

// names, levels, nodes and numTicks from the corpus README.
const fixtures: [file: string, names: number, levels: number, nodes: number, numTicks: number][] = [
  ['flamebearer/pyroscope-flamegraph-testData-alloc_objects.json', 220, 33, 413, 2_489_323],
  ['flamebearer/pyroscope-io-nodejs-frontend-cpu-large.json', 5524, 330, 90_090, 6611],
  ['flamebearer/pyroscope-io-render-pyroscope-server-cpu.json', 570, 31, 1342, 14_561],
  ['flamebearer/pyroscope-io-server-alloc_objects.json', 68, 18, 85, 75_489],
  ['flamebearer/pyroscope-io-server-cpu-small.json', 60, 17, 74, 26],
  ['flamebearer/pyroscope-io-server-inuse_space.json', 100, 18, 114, 449_319_704],
  ['flamebearer/pyroscope-io-simple-java-app-cpu.json', 20, 16, 23, 990],
  ['flamebearer/pyroscope-io-simple-python-app-cpu.json', 12, 4, 21, 1000],
  ['flamebearer/diff/pyroscope-io-simple-golang-app-cpu-diff.json', 21, 12, 26, 1978],
  ['flamebearer/diff/pyroscope-io-simple-golang-app-cpu.json', 6, 4, 8, 988],
  ['flamebearer/diff/pyroscope-io-simple-golang-app-cpu2.json', 8, 5, 10, 991],
];

const DIFF = 'flamebearer/diff/pyroscope-io-simple-golang-app-cpu-diff.json';
const FIRST = 'flamebearer/diff/pyroscope-io-simple-golang-app-cpu.json';
const SECOND = 'flamebearer/diff/pyroscope-io-simple-golang-app-cpu2.json';

/** A flamebearer response as Pyroscope writes it; `extra` adds metadata or leftTicks/rightTicks. */
function flamebearer(names: string[], levels: number[][], numTicks: number, extra = {}): string {
  return JSON.stringify({ version: 1, flamebearer: { names, levels, numTicks }, ...extra });
}

describe('flamebearer', () => {
  it.each(fixtures)(
    '%s: totals equal the self values and numTicks',
    (file, names, levels, nodes, numTicks) => {
      const { fb, double } = readRaw(file);
      const profile = importFlamebearer(readFixture(file));
      expect(profile.format).toBe('flamebearer');
      expect(isFlamebearer(readFixture(file))).toBe(true);
      const tree = profile.tree();
      const [left, right] = sumOfSelfValues(fb, double);
      if (double) {
        expect(tree.baselineTotal![0]).toBe(left);
        expect(tree.total[0]).toBe(right);
      } else {
        expect(tree.total[0]).toBe(left);
      }
      expect(left + right).toBe(numTicks);
      expect(fb.numTicks).toBe(numTicks);
      // Pyroscope's `total` node becomes the tree's root: one node per node of the file, no merging.
      expect(tree.nodeCount).toBe(nodes);
      expect(tree.maxDepth).toBe(levels - 1);
      expect(fb.names.length).toBe(names);
      expect(profile.frames.size).toBe(names - 1);
      const selves = [...tree.self, ...(tree.baselineSelf ?? [])];
      expect(Math.max(...selves)).toBe(fb.maxSelf);
      expect(profile.warnings).toEqual([]);
    },
  );

  it.each([
    [
      'flamebearer/pyroscope-io-simple-python-app-cpu.json',
      ['main.py:26 - <module>', 'main.py:20 - slow_function', 'main.py:11 - work'],
      425,
    ],
    ['flamebearer/pyroscope-io-simple-java-app-cpu.json', ['Main.main'], 766],
    ['flamebearer/pyroscope-io-nodejs-frontend-cpu-large.json', [':(idle):0'], 636],
    [
      'flamebearer/pyroscope-io-render-pyroscope-server-cpu.json',
      [
        'runtime.mcall',
        'runtime.park_m',
        'runtime.schedule',
        'runtime.findrunnable',
        'runtime.netpoll',
        'runtime.epollwait',
      ],
      2278,
    ],
  ])('%s: the hottest frame is where Pyroscope put it', (file, path, self) => {
    const tree = importFlamebearer(readFixture(file)).tree();
    const node = findNodeByPath(tree, path);
    expect(node).toBeGreaterThan(0);
    expect(tree.self[node]).toBe(self);
  });

  it('reads units, sample rate, names and time ranges from the metadata', () => {
    const cpu = importFlamebearer(
      readFixture('flamebearer/pyroscope-io-simple-python-app-cpu.json'),
    );
    expect(cpu.sampleTypes).toEqual([{ type: 'cpu', unit: 'samples' }]);
    expect(cpu.period).toEqual({ type: 'cpu', unit: 'nanoseconds', value: 10_000_000 });
    // timeline: startTime 1632504210, one 10 s window.
    expect(cpu.timeRange).toEqual({ startNs: 1632504210e9, endNs: 1632504220e9 });

    const alloc = importFlamebearer(
      readFixture('flamebearer/pyroscope-flamegraph-testData-alloc_objects.json'),
    );
    expect(alloc.sampleTypes).toEqual([{ type: 'alloc_objects', unit: 'objects' }]);
    expect(alloc.period).toBeUndefined();
    expect(alloc.name).toBe('pyroscope.server.alloc_objects 2023-05-23T10:42:22Z');
    expect(alloc.timeRange).toEqual({ startNs: 1684838542e9, endNs: 1684838842e9 });

    const space = importFlamebearer(
      readFixture('flamebearer/pyroscope-io-server-inuse_space.json'),
    );
    expect(space.sampleTypes).toEqual([{ type: 'space', unit: 'bytes' }]);
    const node = importFlamebearer(
      readFixture('flamebearer/pyroscope-io-nodejs-frontend-cpu-large.json'),
    );
    expect(node.sampleTypes[0].type).toBe('cpu');
    expect(node.timeRange).toBeUndefined();
  });

  it('reads Grafana Pyroscope 1.x CPU values, labelled samples at rate 1e9, as nanoseconds', () => {
    const text = flamebearer(
      ['total', 'main'],
      [
        [0, 3e9, 0, 0],
        [0, 3e9, 3e9, 1],
      ],
      3e9,
      {
        metadata: { format: 'single', units: 'samples', name: 'cpu', sampleRate: 1_000_000_000 },
      },
    );
    const profile = importFlamebearer(text);
    expect(profile.sampleTypes).toEqual([{ type: 'cpu', unit: 'nanoseconds' }]);
    expect(profile.period).toBeUndefined();
    expect(profile.tree().total[0]).toBe(3e9);
  });

  it.each([
    ['lock_nanoseconds', { type: 'lock_duration', unit: 'nanoseconds' }],
    ['goroutines', { type: 'goroutines', unit: 'count' }],
    ['lock_samples', { type: 'lock_count', unit: 'count' }],
    ['widgets', { type: 'widgets', unit: 'widgets' }],
  ])('maps units %s', (units, sampleType) => {
    const text = flamebearer(['main'], [[0, 1, 1, 0]], 1, { metadata: { units } });
    expect(importFlamebearer(text).sampleTypes).toEqual([sampleType]);
  });

  it('keeps the timeline: its windows as totals over time, empty windows as 0 with a warning', () => {
    const text = readFixture(
      'flamebearer/pyroscope-io-render-pyroscope-server-cpu.json',
    ).toString();
    const raw = JSON.parse(text) as {
      timeline: { startTime: number; durationDelta: number; samples: (number | null)[] };
    };
    const profile = importFlamebearer(text);
    expect(profile.timeline?.startNs).toBe(raw.timeline.startTime * 1e9);
    expect(profile.timeline?.stepNs).toBe(raw.timeline.durationDelta * 1e9);
    expect([...profile.timeline!.values]).toEqual(raw.timeline.samples);
    const totals = profileTimelineTotals(profile)!;
    expect(totals.steps).toBe(361);
    expect(totals.groups[0].total).toBe(raw.timeline.samples.reduce((a, b) => a! + b!, 0));
    expect(totals.sampleType).toEqual({ type: 'cpu', unit: 'samples' });
    raw.timeline.samples[3] = null;
    const patched = importFlamebearer(JSON.stringify(raw));
    expect(patched.timeline!.values[3]).toBe(0);
    expect(patched.warnings.map((w) => w.code)).toContain('timeline-value');
  });

  it('decodes delta offsets of a bare flamebearer and finds each parent by range', () => {
    // Row 1: a [0,6) b [6,10). Row 2: c [0,3) d [3,5) under a; e starts 1 after d, [6,10) under b.
    const text = JSON.stringify({
      names: ['a', 'b', 'c', 'd', 'e'],
      levels: [
        [0, 6, 1, 0, 0, 4, 0, 1],
        [0, 3, 3, 2, 0, 2, 2, 3, 1, 4, 4, 4],
      ],
      numTicks: 10,
    });
    const profile = importFlamebearer(text, { unit: 'bytes' });
    expect(profile.sampleTypes).toEqual([{ type: 'samples', unit: 'bytes' }]);
    expect(printTree(profile.tree())).toBe(
      [
        '- a (total 6, self 1)',
        '  - c (total 3, self 3)',
        '  - d (total 2, self 2)',
        '- b (total 4, self 0)',
        '  - e (total 4, self 4)',
      ].join('\n'),
    );
  });

  it('places diff nodes missing from one side by the sum of both sides', () => {
    // a is only left, b only right: both have left offset 5 after a, yet b's c is b's child.
    const text = flamebearer(
      ['total', 'a', 'b', 'c'],
      [
        [0, 5, 0, 0, 5, 0, 0],
        [0, 5, 0, 0, 0, 0, 1, 0, 0, 0, 0, 5, 0, 2],
        [0, 5, 5, 0, 0, 0, 3, 0, 0, 0, 0, 5, 5, 3],
      ],
      10,
      { metadata: { format: 'double' }, leftTicks: 5, rightTicks: 5 },
    );
    const profile = importFlamebearer(text);
    expect(profile.sampleTypes.map((t) => t.type)).toEqual(['baseline', 'comparison']);
    expect(profile.comparison).toEqual({ baseline: 0, comparison: 1 });
    expect(profile.defaultSampleType).toBe(1);
    expect(printTree(profile.tree())).toBe(
      [
        '- a (total 0, self 0; baseline 5, 0)',
        '  - c (total 0, self 0; baseline 5, 5)',
        '- b (total 5, self 0; baseline 0, 0)',
        '  - c (total 5, self 5; baseline 0, 0)',
      ].join('\n'),
    );
    expect(profile.warnings).toEqual([]);
  });

  it("reads Pyroscope's diff: its left side is cpu2.json, node by node", () => {
    const diff = importFlamebearer(readFixture(DIFF));
    const second = importFlamebearer(readFixture(SECOND));
    expect(printTree(diff.tree('baseline'))).toBe(printTree(second.tree()));
    const tree = diff.tree();
    const secondTree = second.tree();
    for (let node = 1; node < secondTree.nodeCount; node++) {
      const at = findNodeByPath(tree, computeNodePath(secondTree, node));
      expect(tree.baselineTotal![at]).toBe(secondTree.total[node]);
    }
    for (let node = 1; node < tree.nodeCount; node++) {
      const inSecond = findNodeByPath(secondTree, computeNodePath(tree, node)) > 0;
      expect(inSecond).toBe(tree.baselineTotal![node] !== 0);
    }
    const hot = findNodeByPath(tree, ['runtime.main', 'main.becomesSlower', 'main.work']);
    expect([tree.baselineSelf![hot], tree.self[hot]]).toEqual([601, 604]);
  });

  it("reads Pyroscope's diff: its right side is the next 10 s window, not cpu.json", () => {
    const { json } = readRaw(DIFF);
    const diff = importFlamebearer(readFixture(DIFF));
    const tree = diff.tree();
    expect([tree.baselineTotal![0], tree.total[0]]).toEqual([json.leftTicks, json.rightTicks]);
    // cpu2 is the diff's first window (same start); cpu.json is from another day with other code.
    expect(diff.timeRange!.startNs).toBe(importFlamebearer(readFixture(SECOND)).timeRange!.startNs);
    expect(diff.timeRange!.endNs - diff.timeRange!.startNs).toBe(20e9);
    const first = importFlamebearer(readFixture(FIRST)).tree();
    expect(first.total[0]).not.toBe(tree.total[0]);
    expect(findNodeByPath(first, ['runtime.main', 'main.slowFunction'])).toBeGreaterThan(0);
    expect(findNodeByPath(tree, ['runtime.main', 'main.slowFunction'])).toBe(-1);
  });

  it("marks a tree with the server's `other` node as truncated", () => {
    expect(
      importFlamebearer(readFixture('flamebearer/pyroscope-io-render-pyroscope-server-cpu.json'))
        .truncated,
    ).toBe(true);
    expect(importFlamebearer(readFixture(SECOND)).truncated).toBe(false);
  });

  it('warns when totals do not add up, and shows the self values', () => {
    const text = flamebearer(
      ['total', 'a'],
      [
        [0, 10, 0, 0],
        [0, 4, 4, 1],
      ],
      12,
    );
    const profile = importFlamebearer(text);
    expect(profile.tree().total[0]).toBe(4);
    expect(profile.warnings).toEqual([
      expect.objectContaining({
        code: 'inconsistent-totals',
        count: 1,
        position: { jsonPath: '$.flamebearer.levels[0][0]' },
      }),
      expect.objectContaining({
        code: 'ticks-mismatch',
        position: { jsonPath: '$.flamebearer.numTicks' },
      }),
    ]);
  });

  it('keeps any name as plain text, __proto__ and markup included', () => {
    const names = ['total', '__proto__', 'constructor', '<img src=x onerror=alert(1)>'];
    const text = flamebearer(
      names,
      [
        [0, 3, 0, 0],
        [0, 1, 1, 1, 0, 1, 1, 2, 0, 1, 1, 3],
      ],
      3,
    );
    expect(printTree(importFlamebearer(text).tree())).toBe(
      [
        '- <img src=x onerror=alert(1)> (total 1, self 1)',
        '- __proto__ (total 1, self 1)',
        '- constructor (total 1, self 1)',
      ].join('\n'),
    );
  });

  it('reads 100,000 levels without recursion and leaves the parsed input as it was', () => {
    const rows = ['[0,1,0,0]'];
    for (let d = 1; d < 100_000; d++) rows.push('[0,1,0,1]');
    rows.push('[0,1,1,1]');
    const source = toInputSource(
      `{"flamebearer":{"names":["total","f"],"levels":[${rows.join(',')}],"numTicks":1}}`,
    );
    const before = JSON.stringify(source.json('flamebearer'));
    const tree = importFlamebearer(source).tree();
    expect(tree.maxDepth).toBe(100_000);
    expect(tree.total[0]).toBe(1);
    expect(JSON.stringify(source.json('flamebearer'))).toBe(before);
  });

  it.each([
    ['', undefined],
    ['[1, 2]', '$'],
    ['{"flamebearer": {"names": [], "levels": {}}}', '$'],
    ['{"names": ["a"], "levels": [[0, 1, 1, 0]]}', '$'],
    ['{"flamebearer": {"names": ["a"], "levels": [5]}}', '$.flamebearer.levels[0]'],
    ['{"flamebearer": {"names": ["a"], "levels": [[0, 1, 1]]}}', '$.flamebearer.levels[0]'],
    ['{"flamebearer": {"names": ["a"], "levels": [[0, "1", 1, 0]]}}', '$.flamebearer.levels[0][1]'],
    ['{"flamebearer": {"names": ["a"], "levels": [[0, -1, 0, 0]]}}', '$.flamebearer.levels[0][1]'],
    ['{"flamebearer": {"names": ["a"], "levels": [[0, 1, 1, 3]]}}', '$.flamebearer.levels[0][3]'],
    ['{"flamebearer": {"names": [7], "levels": [[0, 1, 1, 0]]}}', '$.flamebearer.levels[0][3]'],
    ['{"flamebearer": {"names": ["a"], "levels": [[0, 1, 1, 0.5]]}}', '$.flamebearer.levels[0][3]'],
    [
      '{"flamebearer": {"names": ["t", "a"], "levels": [[0, 1, 0, 0], [0, 2, 2, 1]]}}',
      '$.flamebearer.levels[1][0]',
    ],
    [
      '{"flamebearer": {"names": ["t", "a"], "levels": [[0, 1, 0, 0], [1, 1, 1, 1]]}}',
      '$.flamebearer.levels[1][0]',
    ],
    [
      '{"flamebearer": {"names": [], "levels": []}, "metadata": {"format": "triple"}}',
      '$.metadata.format',
    ],
  ])('rejects %j with a parse error at %s', (text, jsonPath) => {
    const error = catchError(() => importFlamebearer(text)) as FlamekitError;
    expect(error).toBeInstanceOf(FlamekitError);
    expect(error.code).toBe('parse-error');
    expect(error.format).toBe('flamebearer');
    if (jsonPath) expect(error.position).toEqual({ jsonPath });
  });

  it('is detected only where it fits', () => {
    expect(isFlamebearer('{"names": ["a"], "levels": [[0, 1, 1, 0]], "numTicks": 1}')).toBe(true);
    expect(isFlamebearer('{"names": ["a"], "levels": [[0, 1, 1, 0]]}')).toBe(false);
    expect(isFlamebearer('{"$schema": "https://www.speedscope.app/file-format-schema.json"}')).toBe(
      false,
    );
    expect(isFlamebearer('{"flamebearer": ')).toBe(false);
    expect(isFlamebearer('a;b 1\n')).toBe(false);
    expect(isFlamebearer(new Uint8Array([0x0a, 0x00, 0x01, 0x02]))).toBe(false);
  });
});
