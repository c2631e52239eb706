import { describe, expect, it } from 'vitest';
import { FlamekitError, findNodeByPath, InputSource, printTree } from '../../../src/core';
import {
  importChromeCpuProfile,
  isChromeCpuProfile,
} from '../../../src/core/formats/chrome-cpuprofile';
import { isChromeTrace } from '../../../src/core/formats/chrome-trace';
import { isFolded } from '../../../src/core/formats/folded';
import { catchError } from '../../helpers/catch-error';
import { readFixture } from '../../helpers/fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw JSON read independently of the importer */

interface FlatNode {
  id: number;
  parent: number | undefined;
  key: string;
}

/** Every node of the raw JSON with its parent id, walking the legacy tree with a queue. */
function flatNodes(json: any): FlatNode[] {
  const keyOf = (frame: any) =>
    `${frame.functionName || '(anonymous)'}|${frame.url ?? ''}|${frame.lineNumber >= 0 ? frame.lineNumber + 1 : ''}`;
  if (json.nodes) {
    const parentOf = new Map<number, number>();
    for (const node of json.nodes)
      for (const child of node.children ?? []) parentOf.set(child, node.id);
    return json.nodes.map((node: any) => ({
      id: node.id,
      parent: node.parent ?? parentOf.get(node.id),
      key: keyOf(node.callFrame),
    }));
  }
  const result: FlatNode[] = [];
  const queue: [any, number | undefined][] = [[json.head, undefined]];
  for (let i = 0; i < queue.length; i++) {
    const [node, parent] = queue[i];
    result.push({ id: node.id, parent, key: keyOf(node) });
    for (const child of node.children) queue.push([child, node.id]);
  }
  return result;
}

/** Distinct frame paths (the root's `(root)` left out) that hold samples, and the deepest one. */
function expectedShape(json: any): { nodes: number; maxDepth: number } {
  const byId = new Map(flatNodes(json).map((node) => [node.id, node]));
  const paths = new Set<string>();
  let maxDepth = 0;
  for (const id of new Set<number>(json.samples)) {
    const keys: string[] = [];
    for (let node = byId.get(id); node?.parent !== undefined; node = byId.get(node.parent))
      keys.unshift(node.key);
    maxDepth = Math.max(maxDepth, keys.length);
    keys.forEach((_, depth) => paths.add(keys.slice(0, depth + 1).join('\n')));
  }
  return { nodes: paths.size, maxDepth };
}

/** Sample times in µs, then the time the samples stand for: gaps to the next, the mean for the last. */
function expectedTimeUs(json: any): number {
  const n = json.samples.length;
  let at = json.startTime;
  const times: number[] = json.timeDeltas
    ? json.timeDeltas.map((delta: number) => (at += delta))
    : json.timestamps.slice(0, n);
  times.sort((a, b) => a - b);
  if (json.timestamps?.length === n + 1) return json.timestamps[n] - times[0];
  return ((times[n - 1] - times[0]) * n) / (n - 1);
}

function closeTo(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * 1e-12);
}

// file, nodes and samples from the corpus README
const fixtures: [file: string, nodes: number, samples: number][] = [
  ['firefox-profiler-node-hello.cjs.cpuprofile', 164, 150],
  ['speedscope-chrome65-simple.cpuprofile', 7, 29],
  ['speedscope-chrome65-sucrase.cpuprofile', 3493, 17138],
  ['speedscope-node10-example.cpuprofile', 7, 29],
];

describe('V8 .cpuprofile', () => {
  it.each(fixtures)('%s: totals match the raw samples and times', (file, nodes, samples) => {
    const bytes = readFixture(`chrome-cpuprofile/${file}`);
    const json = JSON.parse(bytes.toString('utf8'));
    const source = InputSource.from(bytes);
    expect(isChromeCpuProfile(source)).toBe(true);
    expect(isChromeTrace(source)).toBe(false);
    const profile = importChromeCpuProfile(source);
    expect(profile.format).toBe('chrome-cpuprofile');
    expect(profile.sampleTypes).toEqual([
      { type: 'samples', unit: 'count' },
      { type: 'time', unit: 'microseconds' },
    ]);
    expect(profile.defaultSampleType).toBe(1);
    expect(flatNodes(json)).toHaveLength(nodes);
    expect(json.samples).toHaveLength(samples);
    expect(profile.samples.count).toBe(samples);
    expect(profile.tree('samples').total[0]).toBe(samples);
    closeTo(profile.tree().total[0], expectedTimeUs(json));
    const shape = expectedShape(json);
    expect(profile.tree().nodeCount - 1).toBe(shape.nodes);
    expect(profile.tree().maxDepth).toBe(shape.maxDepth);
    expect(profile.tree().name(1)).not.toBe('(root)');
    expect(profile.timeRange!.startNs).toBeLessThanOrEqual(profile.samples.timeNs![0]);
    expect(profile.warnings).toEqual([]);
  });

  it('finds the known hot spots', () => {
    const sucrase = importChromeCpuProfile(
      readFixture('chrome-cpuprofile/speedscope-chrome65-sucrase.cpuprofile'),
    );
    const json = JSON.parse(
      readFixture('chrome-cpuprofile/speedscope-chrome65-sucrase.cpuprofile').toString('utf8'),
    );
    const gcIds = new Set(
      json.nodes
        .filter((node: any) => node.callFrame.functionName === '(garbage collector)')
        .map((node: any) => node.id),
    );
    const gcSamples = json.samples.filter((id: number) => gcIds.has(id)).length;
    const samples = sucrase.tree('samples');
    expect(gcSamples).toBe(2717);
    expect(samples.self[findNodeByPath(samples, ['(garbage collector)'])]).toBe(gcSamples);

    const hello = importChromeCpuProfile(
      readFixture('chrome-cpuprofile/firefox-profiler-node-hello.cjs.cpuprofile'),
    );
    const helloJson = JSON.parse(
      readFixture('chrome-cpuprofile/firefox-profiler-node-hello.cjs.cpuprofile').toString('utf8'),
    );
    const programId = helloJson.nodes.find(
      (node: any) => node.callFrame.functionName === '(program)',
    ).id;
    const tree = hello.tree('samples');
    expect(tree.total[findNodeByPath(tree, ['(program)'])]).toBe(
      helloJson.samples.filter((id: number) => id === programId).length,
    );
    const node = findNodeByPath(tree, ['(anonymous)', 'prepareMainThreadExecution']);
    expect(hello.frames.get(tree.frameOf(node))).toEqual({
      name: 'prepareMainThreadExecution',
      file: 'node:internal/bootstrap/pre_execution',
      line: 29,
    });
  });

  it('reads the nodes form and the legacy head form to the same tree', () => {
    const modern = importChromeCpuProfile(
      readFixture('chrome-cpuprofile/speedscope-chrome65-simple.cpuprofile'),
    );
    const legacy = importChromeCpuProfile(
      readFixture('chrome-cpuprofile/speedscope-node10-example.cpuprofile'),
    );
    const expected = [
      '- (anonymous) (total 29, self 1)',
      '  - a (total 28, self 0)',
      '    - b (total 14, self 0)',
      '      - d (total 14, self 14)',
      '    - c (total 14, self 0)',
      '      - d (total 14, self 14)',
    ].join('\n');
    expect(printTree(modern.tree('samples'))).toBe(expected);
    expect(printTree(legacy.tree('samples'))).toBe(expected);
  });

  const tiny = {
    nodes: [
      { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 } },
      { id: 2, parent: 1, callFrame: { functionName: 'main', url: 'app.js', lineNumber: 0 } },
      { id: 3, parent: 2, callFrame: { functionName: '', url: 'app.js', lineNumber: 9 } },
      { id: 4, parent: 1, callFrame: { functionName: '(garbage collector)' } },
      { id: 5, parent: 1, callFrame: { functionName: '(idle)' } },
    ],
    startTime: 1000,
    endTime: 1100,
    samples: [2, 3, 3, 4, 5, 1],
    timeDeltas: [10, 10, 20, 10, 5, 5],
  };

  it('times each sample until the next and the last with the mean gap', () => {
    const profile = importChromeCpuProfile(JSON.stringify(tiny));
    // times 1010, 1020, 1040, 1050, 1055, 1060: gaps 10, 20, 10, 5, 5 and the mean 50 / 5 = 10
    expect(printTree(profile.tree())).toBe(
      [
        '- (garbage collector) (total 5, self 5)',
        '- (idle) (total 5, self 5)',
        '- main (total 40, self 10)',
        '  - (anonymous) (total 30, self 30)',
      ].join('\n'),
    );
    expect(profile.tree().self[0]).toBe(10); // the sample on (root) itself
    const anonymous = findNodeByPath(profile.tree(), ['main', '(anonymous)']);
    expect(profile.frames.get(profile.tree().frameOf(anonymous))).toEqual({
      name: '(anonymous)',
      file: 'app.js',
      line: 10,
    });
    expect(Array.from(profile.samples.timeNs!)).toEqual([
      1010e3, 1020e3, 1040e3, 1050e3, 1055e3, 1060e3,
    ]);
    expect(profile.timeRange).toEqual({ startNs: 1000e3, endNs: 1100e3 });
  });

  it('sorts samples recorded out of order, with a warning', () => {
    const profile = importChromeCpuProfile(
      JSON.stringify({ ...tiny, samples: [2, 3, 4], timeDeltas: [10, 20, -15] }),
    );
    // times: main 1010, (anonymous) 1030, gc 1015: sorted main, gc, (anonymous)
    expect(printTree(profile.tree())).toBe(
      [
        '- (garbage collector) (total 15, self 15)',
        '- main (total 15, self 5)',
        '  - (anonymous) (total 10, self 10)',
      ].join('\n'),
    );
    expect(profile.warnings).toEqual([
      expect.objectContaining({ code: 'samples-reordered', count: 1 }),
    ]);
  });

  it('falls back to hit counts spread over the profile time when there are no samples', () => {
    const nodes = tiny.nodes.map((node, i) => ({ ...node, hitCount: [0, 1, 2, 0, 1][i] }));
    const profile = importChromeCpuProfile(JSON.stringify({ nodes, startTime: 0, endTime: 100 }));
    expect(printTree(profile.tree())).toBe(
      [
        '- (idle) (total 25, self 25)',
        '- main (total 75, self 25)',
        '  - (anonymous) (total 50, self 50)',
      ].join('\n'),
    );
    const untimed = importChromeCpuProfile(JSON.stringify({ nodes }));
    expect(untimed.sampleTypes).toEqual([{ type: 'samples', unit: 'count' }]);
    expect(untimed.tree().total[0]).toBe(4);
  });

  it('reads a chain 100,000 nodes deep, in either form, without recursion', () => {
    const n = 100_000;
    const nodes = Array.from({ length: n }, (_, i) => ({
      id: i + 1,
      callFrame: { functionName: `f${i % 7}` },
      children: i + 1 < n ? [i + 2] : [],
    }));
    const modern = importChromeCpuProfile(JSON.stringify({ nodes, samples: [n], timeDeltas: [5] }));
    expect(modern.tree('samples').maxDepth).toBe(n);
    let head = '';
    for (let i = 1; i <= n; i++) head += `{"functionName":"g","id":${i},"children":[`;
    head += ']}'.repeat(n);
    const legacy = importChromeCpuProfile(`{"head":${head},"samples":[${n}],"timestamps":[1,2]}`);
    expect(legacy.tree().maxDepth).toBe(n);
    expect(legacy.tree().total[0]).toBe(1);
  });

  it('keeps hostile names as plain text', () => {
    const names = ['__proto__', 'constructor', '<img src=x onerror=alert(1)>'];
    const nodes = names.map((functionName, i) => ({
      id: i + 1,
      callFrame: { functionName },
      children: i + 1 < names.length ? [i + 2] : [],
    }));
    const profile = importChromeCpuProfile(JSON.stringify({ nodes, samples: [3, 3] }));
    expect(printTree(profile.tree())).toBe(
      [
        '- __proto__ (total 2, self 0)',
        '  - constructor (total 2, self 0)',
        '    - <img src=x onerror=alert(1)> (total 2, self 2)',
      ].join('\n'),
    );
  });

  const node = (id: number, extra: object = {}) => ({
    id,
    callFrame: { functionName: `n${id}` },
    ...extra,
  });
  it.each([
    ['[]', '$', /"nodes" array/],
    ['{"nodes": 5}', '$', /"nodes" array/],
    ['{"nodes": []}', '$.nodes', /no nodes/],
    [JSON.stringify({ nodes: [node(1), { id: 2 }] }), '$.nodes[1].callFrame', /callFrame/],
    [JSON.stringify({ nodes: [node(1), node(1)] }), '$.nodes[1].id', /used twice/],
    [JSON.stringify({ nodes: [{ ...node(1), id: '1' }] }), '$.nodes[0].id', /number/],
    [JSON.stringify({ nodes: [node(1, { children: [7] })] }), '$.nodes[0].children[0]', /7 is not/],
    [
      JSON.stringify({ nodes: [node(1, { parent: 2 }), node(2, { parent: 1 })] }),
      '$.nodes[0]',
      /cycle/,
    ],
    [JSON.stringify({ nodes: [node(1, { children: [1] })] }), '$.nodes[0]', /cycle/],
    [
      JSON.stringify({ nodes: [node(1, { children: [3] }), node(2, { children: [3] }), node(3)] }),
      '$.nodes[1].children[0]',
      /two parents/,
    ],
    [JSON.stringify({ nodes: [node(1)], samples: [1, 9] }), '$.samples[1]', /9 is not/],
    [
      JSON.stringify({ nodes: [node(1)], samples: [1, 1], timeDeltas: [1] }),
      '$.timeDeltas',
      /1 timeDeltas for 2/,
    ],
    [
      JSON.stringify({ nodes: [node(1)], samples: [1], timeDeltas: ['1'] }),
      '$.timeDeltas[0]',
      /not a number/,
    ],
    [
      JSON.stringify({ nodes: [{ id: 1, callFrame: { lineNumber: '3' } }] }),
      '$.nodes[0].callFrame.lineNumber',
      /line/,
    ],
    [JSON.stringify({ nodes: [node(1, { hitCount: -1 })] }), '$.nodes[0].hitCount', /number/],
    [
      '{"head": {"id": 1, "children": [{"id": 2, "children": 3}]}}',
      '$.head.children[0].children',
      /array/,
    ],
  ])('rejects %s at %s', (text, jsonPath, reason) => {
    const error = catchError(() => importChromeCpuProfile(text)) as FlamekitError;
    expect(error).toBeInstanceOf(FlamekitError);
    expect(error.code).toBe('parse-error');
    expect(error.format).toBe('chrome-cpuprofile');
    expect(error.position).toEqual({ jsonPath });
    expect(error.reason).toMatch(reason);
  });

  it('rejects empty and non-JSON input with a position', () => {
    for (const text of ['', '{"nodes": [']) {
      const error = catchError(() => importChromeCpuProfile(text)) as FlamekitError;
      expect(error).toBeInstanceOf(FlamekitError);
      expect(error.code).toBe('parse-error');
      expect(error.position?.line).toBe(1);
    }
  });

  it('is detected only where it fits', () => {
    expect(isChromeCpuProfile(JSON.stringify(tiny))).toBe(true);
    expect(isChromeCpuProfile('{"head": {"id": 1, "children": []}}')).toBe(true);
    expect(isChromeCpuProfile('{"nodes": [1, 2], "snapshot": {}}')).toBe(false);
    expect(isChromeCpuProfile('{"traceEvents": []}')).toBe(false);
    expect(isChromeCpuProfile('a;b 1')).toBe(false);
    expect(isChromeCpuProfile('{"nodes": [')).toBe(false);
    expect(isFolded(JSON.stringify(tiny))).toBe(false);
  });
});
