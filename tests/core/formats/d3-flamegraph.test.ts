import { describe, expect, it } from 'vitest';
import { FlamekitError, findNodeByPath, printTree } from '../../../src/core';
import { importD3FlameGraph, isD3FlameGraph } from '../../../src/core/formats/d3-flamegraph';
import { catchError } from '../../helpers/catch-error';
import { readFixture, readFixtureText } from '../../helpers/fixtures';

interface RawNode {
  name: string;
  value: number;
  children?: RawNode[];
}

/** Every node of the raw JSON with its depth, without recursion. */
function rawNodes(root: RawNode): { node: RawNode; depth: number }[] {
  const all: { node: RawNode; depth: number }[] = [];
  const pending = [{ node: root, depth: 0 }];
  while (pending.length > 0) {
    const entry = pending.pop()!;
    all.push(entry);
    for (const child of entry.node.children ?? [])
      pending.push({ node: child, depth: entry.depth + 1 });
  }
  return all;
}

function parseError(run: () => unknown): FlamekitError {
  const error = catchError(run) as FlamekitError;
  expect(error).toBeInstanceOf(FlamekitError);
  expect(error.code).toBe('parse-error');
  expect(error.format).toBe('d3-flamegraph');
  return error;
}

const node = (name: string, value?: number, children?: unknown[]) => ({ name, value, children });

describe('d3-flame-graph JSON', () => {
  it('d3-flame-graph-stacks.json: totals, the top value and the README counts agree', () => {
    const raw = JSON.parse(readFixtureText('d3-flamegraph-json/d3-flame-graph-stacks.json'));
    const nodes = rawNodes(raw);
    expect(nodes).toHaveLength(535); // README: 535 nodes
    const profile = importD3FlameGraph(
      readFixture('d3-flamegraph-json/d3-flame-graph-stacks.json'),
    );
    expect(profile.format).toBe('d3-flamegraph');
    const tree = profile.tree();
    // Values are totals: the top-level children add up to the whole.
    const topLevel = (raw as RawNode).children!.reduce((sum, child) => sum + child.value, 0);
    expect(tree.total[0]).toBe(topLevel);
    expect(tree.total[0]).toBe(57_412);
    expect(tree.nodeCount).toBe(535); // the top object is the root
    expect(tree.maxDepth).toBe(Math.max(...nodes.map((n) => n.depth)));
    const hot = findNodeByPath(tree, ['unix`sys_syscall', 'genunix`open', 'genunix`openat']);
    expect(tree.total[hot]).toBe(49_647);
    expect(profile.warnings).toEqual([]);
  });

  it('d3-flame-graph-differential.json: reads self values, ignores delta', () => {
    const text = readFixtureText('d3-flamegraph-json/d3-flame-graph-differential.json');
    const nodes = rawNodes(JSON.parse(text));
    expect(nodes).toHaveLength(13_079); // README: 13,079 nodes
    const profile = importD3FlameGraph(text);
    const tree = profile.tree();
    // The example is drawn with selfValue(true): the total is the sum of every value.
    expect(tree.total[0]).toBe(nodes.reduce((sum, n) => sum + n.node.value, 0));
    expect(tree.nodeCount).toBe(13_079);
    expect(tree.maxDepth).toBe(Math.max(...nodes.map((n) => n.depth)));
    expect(tree.total[findNodeByPath(tree, ['_dl_sysdep_start', 'dl_main'])]).toBe(3019);
    expect(profile.warnings.map((w) => w.code)).toEqual(['self-values']);
  });

  it('reads values as totals, merges same-name siblings, sums missing parent values', () => {
    const profile = importD3FlameGraph(
      JSON.stringify(
        node('root', 12, [
          node('a', 7, [node('b', 2), node('b', 1), node('c', 3)]),
          node('d', undefined, [node('e', 4)]),
        ]),
      ),
    );
    expect(printTree(profile.tree(), { includeRoot: true })).toBe(
      [
        '- all (total 12, self 1)',
        '  - a (total 7, self 1)',
        '    - b (total 3, self 3)',
        '    - c (total 3, self 3)',
        '  - d (total 4, self 0)',
        '    - e (total 4, self 4)',
      ].join('\n'),
    );
    expect(profile.sampleTypes).toEqual([{ type: 'samples', unit: 'samples' }]);
    expect(importD3FlameGraph('{"name":"r","value":1}', { unit: 'ms' }).sampleTypes).toEqual([
      { type: 'samples', unit: 'ms' },
    ]);
  });

  it('trusts the children where they add up to more than their parent, and warns', () => {
    const profile = importD3FlameGraph(
      JSON.stringify(
        node('root', 0, [
          node('a', 5, [node('b', 3)]),
          node('c', 4, [node('d', 6)]),
          node('e', 2, [node('f', 1)]),
          node('g', 2, [node('h', 1)]),
        ]),
      ),
    );
    expect(printTree(profile.tree())).toBe(
      [
        '- a (total 5, self 2)',
        '  - b (total 3, self 3)',
        '- c (total 6, self 0)',
        '  - d (total 6, self 6)',
        '- e (total 2, self 1)',
        '  - f (total 1, self 1)',
        '- g (total 2, self 1)',
        '  - h (total 1, self 1)',
      ].join('\n'),
    );
    // The root (0) and c (4 < 6) were raised.
    expect(profile.warnings).toEqual([
      expect.objectContaining({
        code: 'children-exceed-value',
        count: 2,
        position: { jsonPath: '$' },
      }),
    ]);
  });

  it('does not count rounding of decimal values as children exceeding their parent', () => {
    const profile = importD3FlameGraph(
      JSON.stringify(node('root', 0.3, [node('a', 0.3, [node('b', 0.1), node('c', 0.2)])])),
    );
    expect(profile.warnings).toEqual([]);
    expect(profile.tree().total[0]).toBeCloseTo(0.3, 12);
  });

  it('keeps hostile names as plain text', () => {
    const profile = importD3FlameGraph(
      JSON.stringify(
        node('root', 2, [node('__proto__', 2, [node('<img src=x onerror=alert(1)>', 1)])]),
      ),
    );
    expect(printTree(profile.tree())).toBe(
      ['- __proto__ (total 2, self 1)', '  - <img src=x onerror=alert(1)> (total 1, self 1)'].join(
        '\n',
      ),
    );
  });

  it('reads a 100,000-deep nesting without recursion', () => {
    const depth = 100_000;
    const text =
      '{"name":"f","children":['.repeat(depth) + '{"name":"leaf","value":1}' + ']}'.repeat(depth);
    const tree = importD3FlameGraph(text).tree();
    expect(tree.maxDepth).toBe(depth);
    expect(tree.total[0]).toBe(1);
  });

  it('elides the middle of a very deep JSON path', () => {
    const depth = 100;
    const text =
      '{"name":"f","children":['.repeat(depth) + '{"name":7,"value":1}' + ']}'.repeat(depth);
    const error = parseError(() => importD3FlameGraph(text));
    expect(error.position?.jsonPath).toBe(
      '$' + '.children[0]'.repeat(8) + '…(84 levels)…' + '.children[0]'.repeat(8) + '.name',
    );
  });

  it.each<[string, string, string]>([
    ['[]', '$', 'not a JSON object'],
    ['{"name":"r","children":[{"value":1}]}', '$.children[0].name', 'missing'],
    ['{"name":"r","children":[{"name":"a","value":1},3]}', '$.children[1]', 'not an object'],
    ['{"name":"r","children":[{"name":"a","value":"1"}]}', '$.children[0].value', '"1"'],
    ['{"name":"r","children":[{"name":"a","value":-1}]}', '$.children[0].value', 'non-negative'],
    ['{"name":"r","children":{"name":"a"}}', '$.children', 'not an array'],
    ['{"name":"r","children":[{"name":"a"}]}', '$.children[0]', 'neither a value nor children'],
  ])('rejects %s at %s', (text, jsonPath, fragment) => {
    const error = parseError(() => importD3FlameGraph(text));
    expect(error.position).toEqual({ jsonPath });
    expect(error.message).toContain(fragment);
  });

  it('rejects empty input', () => {
    expect(parseError(() => importD3FlameGraph('')).message).toContain('empty');
  });

  it('is detected only where it fits', () => {
    expect(isD3FlameGraph(readFixture('d3-flamegraph-json/d3-flame-graph-stacks.json'))).toBe(true);
    expect(isD3FlameGraph(readFixture('d3-flamegraph-json/d3-flame-graph-differential.json'))).toBe(
      true,
    );
    expect(isD3FlameGraph('{"name":"root","value":3}')).toBe(true);
    expect(isD3FlameGraph(readFixture('speedscope/sampled-simple.speedscope.json'))).toBe(false);
    expect(
      isD3FlameGraph(readFixture('grafana-nested-set/grafana-flamegraph-dataNestedSet.json')),
    ).toBe(false);
    expect(isD3FlameGraph('{"name":"x"}')).toBe(false);
    expect(isD3FlameGraph('{"name":"x","value":1')).toBe(false);
    expect(isD3FlameGraph('a;b 1\n')).toBe(false);
  });
});
