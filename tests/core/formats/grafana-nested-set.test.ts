import { describe, expect, it } from 'vitest';
import { FlamekitError, findNodeByPath, printTree } from '../../../src/core';
import {
  importGrafanaNestedSet,
  isGrafanaNestedSet,
} from '../../../src/core/formats/grafana-nested-set';
import { catchError } from '../../helpers/catch-error';
import { readFixture, readFixtureText } from '../../helpers/fixtures';

const FIXTURE = 'grafana-nested-set/grafana-flamegraph-dataNestedSet.json';

interface RawFrame {
  fields: { name: string; values: unknown[]; config?: { unit?: string } }[];
}

function column<T>(frame: RawFrame, name: string): T[] {
  return frame.fields.find((field) => field.name === name)!.values as T[];
}

function parseError(run: () => unknown): FlamekitError {
  const error = catchError(run) as FlamekitError;
  expect(error).toBeInstanceOf(FlamekitError);
  expect(error.code).toBe('parse-error');
  expect(error.format).toBe('grafana-nested-set');
  return error;
}

const plain = (columns: Record<string, unknown>) => JSON.stringify(columns);

describe('Grafana nested-set flame graph data', () => {
  it(`${FIXTURE}: total, rows and depth agree with the raw columns`, () => {
    const raw = JSON.parse(readFixtureText(FIXTURE)) as RawFrame;
    const level = column<number>(raw, 'level');
    const value = column<number>(raw, 'value');
    const label = column<string>(raw, 'label');
    expect(level).toHaveLength(1101); // README: 1,101 rows
    const profile = importGrafanaNestedSet(readFixture(FIXTURE));
    expect(profile.format).toBe('grafana-nested-set');
    expect(profile.sampleTypes).toEqual([{ type: 'value', unit: 'short' }]);
    const tree = profile.tree();
    // The root row's value, and again the sum of the rows one level below it.
    expect(tree.total[0]).toBe(value[0]);
    expect(tree.total[0]).toBe(value.filter((_, i) => level[i] === 1).reduce((a, b) => a + b, 0));
    expect(tree.total[0]).toBe(16_460_000_000);
    expect(tree.nodeCount).toBe(level.length); // one node per row, the root row as the root
    expect(tree.maxDepth).toBe(Math.max(...level));
    const hot = findNodeByPath(tree, label.slice(1, 4));
    expect(tree.total[hot]).toBe(value[3]);
    // The fixture's quirks: fileName is one short, self is value / 10^6.
    expect(profile.warnings).toEqual([
      expect.objectContaining({
        code: 'column-length',
        position: { jsonPath: '$.fields[4].values' },
      }),
      expect.objectContaining({ code: 'self-column-ignored', count: 1101 }),
    ]);
  });

  it('reads the fixture with a right side as a comparison (value left, valueRight right)', () => {
    const raw = JSON.parse(readFixtureText(FIXTURE)) as RawFrame;
    const value = column<number>(raw, 'value');
    raw.fields.push({ name: 'valueRight', values: value.map((v) => v * 2) });
    const profile = importGrafanaNestedSet(JSON.stringify(raw));
    expect(profile.sampleTypes.map((t) => t.type)).toEqual(['baseline', 'comparison']);
    expect(profile.comparison).toEqual({ baseline: 0, comparison: 1 });
    expect(profile.defaultSampleType).toBe(1);
    const tree = profile.tree();
    expect(tree.total[0]).toBe(2 * value[0]);
    expect(tree.baselineTotal![0]).toBe(value[0]);
  });

  it('derives self values from value minus the children, on both sides', () => {
    const profile = importGrafanaNestedSet(
      plain({
        label: ['total', 'a', 'b', 'c', 'a'],
        level: [0, 1, 2, 1, 1],
        value: [10, 6, 2, 3, 1],
        self: [0, 4, 2, 3, 1],
        valueRight: [20, 5, 5, 15, 0],
        selfRight: [0, 0, 5, 15, 0],
      }),
    );
    expect(printTree(profile.tree(), { includeRoot: true })).toBe(
      [
        '- all (total 20, self 0; baseline 10, 0)',
        '  - a (total 5, self 0; baseline 7, 5)',
        '    - b (total 5, self 5; baseline 2, 2)',
        '  - c (total 15, self 15; baseline 3, 3)',
      ].join('\n'),
    );
    expect(profile.warnings).toEqual([]);
  });

  it('trusts children that add up to more than their parent, and warns', () => {
    const profile = importGrafanaNestedSet(
      plain({ label: ['total', 'a', 'b'], level: [0, 1, 2], value: [3, 2, 5] }),
    );
    expect(printTree(profile.tree())).toBe(
      ['- a (total 5, self 0)', '  - b (total 5, self 5)'].join('\n'),
    );
    expect(profile.warnings).toEqual([
      expect.objectContaining({
        code: 'children-exceed-value',
        count: 2,
        position: { jsonPath: '$.value[0]' },
      }),
    ]);
  });

  it('reads enum labels, file names, lines and the unit of a data frame', () => {
    const profile = importGrafanaNestedSet(
      JSON.stringify({
        fields: [
          { name: 'level', values: [0, 1, 2] },
          { name: 'value', values: [4, 4, 1], config: { unit: 'ns' } },
          {
            name: 'label',
            values: [0, 1, 2],
            config: { type: { enum: { text: ['total', 'main', 'f'] } } },
          },
          { name: 'fileName', values: ['', 'main.go', 'f.go'] },
          { name: 'line', values: [0, 3, 0] },
          { name: '__proto__', values: [1, 2, 3] },
        ],
      }),
    );
    expect(profile.sampleTypes).toEqual([{ type: 'value', unit: 'ns' }]);
    const tree = profile.tree();
    expect(printTree(tree)).toBe(
      ['- main (total 4, self 3)', '  - f (total 1, self 1)'].join('\n'),
    );
    expect(profile.frames.get(tree.frame[1])).toEqual({ name: 'main', file: 'main.go', line: 3 });
    expect(profile.frames.get(tree.frame[2])).toEqual({ name: 'f', file: 'f.go' });
  });

  it('keeps hostile labels as plain text', () => {
    const profile = importGrafanaNestedSet(
      plain({
        label: ['total', '__proto__', '<img src=x onerror=alert(1)>'],
        level: [0, 1, 2],
        value: [1, 1, 1],
      }),
    );
    expect(printTree(profile.tree())).toBe(
      ['- __proto__ (total 1, self 0)', '  - <img src=x onerror=alert(1)> (total 1, self 1)'].join(
        '\n',
      ),
    );
  });

  it('reads 100,000 levels without recursion', () => {
    const depth = 100_000;
    const level = Array.from({ length: depth + 1 }, (_, i) => i);
    const tree = importGrafanaNestedSet(
      plain({
        level,
        label: level.map((i) => `f${i % 3}`),
        value: level.map(() => 1),
      }),
    ).tree();
    expect(tree.maxDepth).toBe(depth);
    expect(tree.total[0]).toBe(1);
  });

  it('rejects a level jump of more than one with the row', () => {
    const error = parseError(() =>
      importGrafanaNestedSet(plain({ label: ['t', 'a', 'b'], level: [0, 1, 3], value: [1, 1, 1] })),
    );
    expect(error.position).toEqual({ jsonPath: '$.level[2]' });
    expect(error.message).toContain('row 2 jumps from level 1 to 3');
    const first = parseError(() =>
      importGrafanaNestedSet(plain({ label: ['a'], level: [1], value: [1] })),
    );
    expect(first.message).toContain('the first row has level 1');
  });

  it.each<[string, string, string]>([
    ['[]', '$', 'not a JSON object'],
    [plain({ label: ['t'], value: [1] }), '$', 'level column is missing'],
    [plain({ label: ['t'], level: [], value: [] }), '$.level', 'no rows'],
    [plain({ label: ['t', 'a'], level: [0, 1], value: [1] }), '$.value', '1 values for 2 rows'],
    [plain({ label: 't', level: [0], value: [1] }), '$.label', 'not an array'],
    [plain({ label: ['t', 5], level: [0, 1], value: [1, 1] }), '$.label[1]', 'not a string'],
    [plain({ label: ['t', 'a'], level: [0, 1], value: [1, '1'] }), '$.value[1]', '"1"'],
    [plain({ label: ['t', 'a'], level: [0, 1], value: [1, -1] }), '$.value[1]', 'non-negative'],
    [plain({ label: ['t', 'a'], level: [0, 0.5], value: [1, 1] }), '$.level[1]', '0.5'],
    ['{"fields":[{"name":"level"}]}', '$.fields[0]', '"values" array'],
    [
      JSON.stringify({
        fields: [
          { name: 'level', values: [0] },
          { name: 'value', values: [1] },
          { name: 'label', values: [3], config: { type: { enum: { text: ['t'] } } } },
        ],
      }),
      '$.fields[2].values[0]',
      '1 enum names',
    ],
  ])('rejects %s at %s', (text, jsonPath, fragment) => {
    const error = parseError(() => importGrafanaNestedSet(text));
    expect(error.position).toEqual({ jsonPath });
    expect(error.message).toContain(fragment);
  });

  it('is detected only where it fits', () => {
    expect(isGrafanaNestedSet(readFixture(FIXTURE))).toBe(true);
    expect(isGrafanaNestedSet(plain({ label: [], level: [], value: [] }))).toBe(true);
    expect(isGrafanaNestedSet(readFixture('d3-flamegraph-json/d3-flame-graph-stacks.json'))).toBe(
      false,
    );
    expect(isGrafanaNestedSet(readFixture('speedscope/sampled-simple.speedscope.json'))).toBe(
      false,
    );
    expect(isGrafanaNestedSet('{"fields":[{"name":"level","values":[0]}]}')).toBe(false);
    expect(isGrafanaNestedSet('a;b 1\n')).toBe(false);
  });
});
