import { describe, expect, it } from 'vitest';
import type { FlamekitError, SearchQuery } from '../../../src/core';
import { CallTreeBuilder, computeSearch, FrameTable, treeFromFolded } from '../../../src/core';
import { computeNameMatches } from '../../../src/core/views/name-matcher';
import { computeTopTable, filterTopTable, sortTopTable } from '../../../src/core/views/top-table';
import type { TopTable } from '../../../src/core/views/top-table';
import { catchError } from '../../helpers/catch-error';

/** The table as `name: self/total` per row, in row order. */
function rows(table: TopTable): Record<string, [number, number]> {
  return Object.fromEntries(table.name.map((name, r) => [name, [table.self[r], table.total[r]]]));
}

/** Random folded lines over a few names, so that recursion (direct and indirect) is common. */
function randomFolded(seed: number, count: number, names = 'fghij'): string {
  const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return Array.from({ length: count }, () => {
    const depth = 1 + Math.floor(random() * 9);
    const frames = Array.from({ length: depth }, () => names[Math.floor(random() * names.length)]);
    return `${frames.join(';')} ${Math.floor(random() * 20)}`;
  }).join('\n');
}

describe('computeTopTable', () => {
  it('sums self per function and counts a recursive total once', () => {
    const table = computeTopTable(treeFromFolded('main;f;f 3\nmain;g 1'));
    // main: self 0, total 4. f: self 3 (the inner f), total 3, not 3 + 3. g: 1 and 1.
    expect(table.name).toEqual(['main', 'f', 'g']);
    expect(rows(table)).toEqual({ main: [0, 4], f: [3, 3], g: [1, 1] });
    expect(table.rootTotal).toBe(4);
    expect(Array.from(table.selfShare)).toEqual([0, 0.75, 0.25]);
    expect(Array.from(table.totalShare)).toEqual([1, 0.75, 0.25]);
    expect(table.baselineSelf).toBeUndefined();
  });

  it('handles direct recursion a;a;a', () => {
    const table = computeTopTable(treeFromFolded('a;a;a 5\na;b 2'));
    // a: self 5 (innermost a), total 7 (only the outermost a counts). b: 2 and 2.
    expect(rows(table)).toEqual({ a: [5, 7], b: [2, 2] });
  });

  it('handles indirect recursion a;b;a;c', () => {
    const table = computeTopTable(treeFromFolded('a;b;a;c 4\na;b 1\nb;a 2'));
    // a: self 2 (b;a). total: the top a (4 + 1) and b;a (2); the a inside a;b is not counted: 7.
    // b: self 1 (a;b). total: a;b (5) and the top b (2): 7. c: 4 and 4.
    expect(rows(table)).toEqual({ a: [2, 7], b: [1, 7], c: [4, 4] });
  });

  it('makes one row of frames that share a name in different files', () => {
    const frames = new FrameTable();
    const main = frames.internName('main');
    const fInA = frames.intern({ name: 'f', file: 'a.c' });
    const fInB = frames.intern({ name: 'f', file: 'b.c' });
    frames.internName('unused'); // in the frame table but not in the tree: no row
    const builder = new CallTreeBuilder({ frames });
    builder.addStack([main, fInA], 2);
    builder.addStack([main, fInB], 3);
    builder.addStack([main, fInA, fInB], 1);
    const table = computeTopTable(builder.build());
    // f: self 2 + 3 + 1 = 6; total: f in a.c (3) and f in b.c (3); the f in b.c below a.c's is inside.
    expect(rows(table)).toEqual({ main: [0, 6], f: [6, 6] });
  });

  it('computes both sides of a tree that compares two profiles', () => {
    const table = computeTopTable(treeFromFolded('a;b 1 3\na;c 2 0\nd 0 1\na;b;a 1 1'));
    // Comparison (second value): a;b 3, a;c 0, d 1, a;b;a 1. Baseline: 1, 2, 0, 1.
    expect(rows(table)).toEqual({ a: [1, 4], b: [3, 4], c: [0, 0], d: [1, 1] });
    expect(Array.from(table.baselineSelf!)).toEqual([1, 1, 2, 0]);
    expect(Array.from(table.baselineTotal!)).toEqual([4, 2, 2, 0]);
    expect([table.rootTotal, table.baselineRootTotal]).toEqual([5, 4]);
  });

  it('agrees with a brute force over the folded lines on a random tree', () => {
    const folded = randomFolded(11, 300);
    const table = computeTopTable(treeFromFolded(folded));
    const expected = new Map<string, [number, number]>();
    for (const line of folded.split('\n')) {
      const [stack, value] = line.split(' ');
      const frames = stack.split(';');
      if (Number(value) === 0) continue;
      for (const name of new Set(frames)) {
        const entry = expected.get(name) ?? [0, 0];
        entry[1] += Number(value); // each line (sample) once per function, however often it recurs
        if (name === frames[frames.length - 1]) entry[0] += Number(value);
        expected.set(name, entry);
      }
    }
    expect(new Map(Object.entries(rows(table)))).toEqual(expected);
  });

  it('gives empty columns for a tree with only a root', () => {
    const table = computeTopTable(treeFromFolded(''));
    expect([table.rowCount, table.rootTotal, table.name.length]).toEqual([0, 0, 0]);
  });
});

describe('sortTopTable', () => {
  const table = computeTopTable(treeFromFolded('b 2\na 2\nc 5\nd;e 1'));
  const names = (order: Int32Array) => Array.from(order, (r) => table.name[r]);

  it('orders by a column, ties by name in both directions', () => {
    // self: a 2, b 2, c 5, d 0, e 1.
    expect(names(sortTopTable(table, 'self', 'desc'))).toEqual(['c', 'a', 'b', 'e', 'd']);
    expect(names(sortTopTable(table, 'self', 'asc'))).toEqual(['d', 'e', 'a', 'b', 'c']);
    // total: a 2, b 2, c 5, d 1, e 1.
    expect(names(sortTopTable(table, 'total', 'asc'))).toEqual(['d', 'e', 'a', 'b', 'c']);
    expect(names(sortTopTable(table, 'name', 'desc'))).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect(names(sortTopTable(table, 'name', 'asc'))).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('sorts by the change between the two sides', () => {
    const diff = computeTopTable(treeFromFolded('a;b 1 3\na;c 2 0\nd 0 1\ne 2 1'));
    const diffNames = (order: Int32Array) => Array.from(order, (r) => diff.name[r]);
    // total - baseline: a 3-3=0, b 3-1=2, c 0-2=-2, d 1-0=1, e 1-2=-1.
    expect(diffNames(sortTopTable(diff, 'delta', 'desc'))).toEqual(['b', 'd', 'a', 'e', 'c']);
    // relative: a 0, b 2, c -1, d +Infinity (new), e -0.5.
    expect(diffNames(sortTopTable(diff, 'deltaPercent', 'desc'))).toEqual([
      'd',
      'b',
      'a',
      'e',
      'c',
    ]);
    expect(diffNames(sortTopTable(diff, 'baselineTotal', 'desc'))).toEqual([
      'a',
      'c',
      'e',
      'b',
      'd',
    ]);
  });

  it('rejects baseline columns without a baseline, and unknown columns', () => {
    const error = catchError(() => sortTopTable(table, 'delta', 'asc')) as FlamekitError;
    expect(error.code).toBe('invalid-argument');
    expect(error.message).toContain('baseline');
    const unknown = catchError(() => sortTopTable(table, 'size' as 'self', 'asc'));
    expect((unknown as FlamekitError).code).toBe('invalid-argument');
    const direction = catchError(() => sortTopTable(table, 'self', 'up' as 'asc'));
    expect((direction as FlamekitError).code).toBe('invalid-argument');
  });
});

describe('filterTopTable', () => {
  const table = computeTopTable(
    treeFromFolded('main;json.Parse 3\nmain;json.Marshal 1\nmain;JSONHelper 2\nmain;io.Read 1'),
  );
  const names = (rowsOut: Int32Array) => Array.from(rowsOut, (r) => table.name[r]);

  it('keeps the matching rows in the order given', () => {
    const byTotal = sortTopTable(table, 'total', 'desc');
    const { rows: kept, error } = filterTopTable(
      table,
      { text: 'json', mode: 'substring' },
      byTotal,
    );
    // Substring search ignores case by default, as the flame graph's search does.
    expect(names(kept)).toEqual(['json.Parse', 'JSONHelper', 'json.Marshal']);
    expect(error).toBeUndefined();
    const exact = filterTopTable(table, { text: 'io.Read', mode: 'exact' });
    expect(names(exact.rows)).toEqual(['io.Read']);
    const caseSensitive = { text: 'json', mode: 'substring', caseSensitive: true } as const;
    // Without an order, rows stay in table order: first appearance in pre-order, siblings by name.
    expect(names(filterTopTable(table, caseSensitive).rows)).toEqual([
      'json.Marshal',
      'json.Parse',
    ]);
  });

  it('filters nothing out for an empty text and reports a refused regex', () => {
    expect(filterTopTable(table, { text: '', mode: 'regex' }).rows.length).toBe(table.rowCount);
    const refused = filterTopTable(table, { text: '(?<=a)b', mode: 'regex' });
    expect(refused.rows.length).toBe(0);
    expect(refused.error).toContain('not supported');
    const invalid = filterTopTable(table, { text: '(', mode: 'regex' });
    expect(invalid.error).toContain('not a valid regular expression');
    const badOrder = catchError(() =>
      filterTopTable(table, { text: 'a', mode: 'substring' }, Int32Array.of(99)),
    );
    expect((badOrder as FlamekitError).code).toBe('invalid-argument');
  });

  it('matches the functions that computeSearch matches', () => {
    const names = ['Alpha', 'alphabet', 'beta', 'gamma.delta', 'a.b', 'ALPHA'];
    const tree = treeFromFolded(names.map((name, i) => `root;${name} ${i + 1}`).join('\n'));
    const topTable = computeTopTable(tree);
    const queries: SearchQuery[] = [
      { text: 'alpha', mode: 'substring' },
      { text: 'alpha', mode: 'substring', caseSensitive: true },
      { text: '^a.*t$', mode: 'regex' },
      { text: 'a\\.b', mode: 'regex', caseSensitive: true },
      { text: 'ALPHA', mode: 'exact' },
      { text: 'alpha', mode: 'exact', caseSensitive: false },
    ];
    for (const query of queries) {
      const search = computeSearch(tree, query);
      const expected = new Set<string>();
      for (let node = 0; node < tree.nodeCount; node++)
        if (search.matches[node]) expected.add(tree.name(node));
      const kept = filterTopTable(topTable, query).rows;
      expect(new Set(Array.from(kept, (r) => topTable.name[r]))).toEqual(expected);
      expect(computeNameMatches(names, query).matches.reduce((a, b) => a + b, 0)).toBe(
        expected.size,
      );
    }
  });
});
