import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallTree, FlamekitError, NodeIndex } from '../../../src/core';
import {
  FrameTable,
  StackTable,
  ancestors,
  computeCallTree,
  treeFromFolded,
} from '../../../src/core';
import type { SearchQuery, SearchResult } from '../../../src/core/views/search';
import {
  computeSearch,
  nextMatch,
  searchMissedFrames,
  searchMisses,
} from '../../../src/core/views/search';
import { catchError } from '../../helpers/catch-error';

/** The names of the matching nodes, in pre-order. */
function matchedNames(tree: CallTree, result: SearchResult): string[] {
  return Array.from(result.matchOrder, (node) => tree.name(node));
}

function search(tree: CallTree, text: string, mode: SearchQuery['mode'], caseSensitive?: boolean) {
  return computeSearch(tree, { text, mode, caseSensitive });
}

describe('computeSearch', () => {
  afterEach(() => vi.restoreAllMocks());

  const tree = treeFromFolded(`
    main;net/http.(*Server).Serve;net/http.HandlerFunc.ServeHTTP 5
    main;encoding/json.Marshal;encoding/json.(*encodeState).marshal 3
    main;Encoding 2
    main;runtime.mallocgc 1
  `);

  it('finds substrings ignoring case unless asked', () => {
    expect(matchedNames(tree, search(tree, 'ENCODING', 'substring'))).toEqual([
      'Encoding',
      'encoding/json.Marshal',
      'encoding/json.(*encodeState).marshal',
    ]);
    expect(matchedNames(tree, search(tree, 'Encoding', 'substring', true))).toEqual(['Encoding']);
  });

  it('says which frames match, and the nodes agree with their frames', () => {
    const result = search(tree, 'json', 'substring');
    const names = [...result.frameMatches.keys()]
      .filter((f) => result.frameMatches[f] === 1)
      .map((f) => tree.frames.name(f));
    expect(names.sort()).toEqual(['encoding/json.(*encodeState).marshal', 'encoding/json.Marshal']);
    // Per node, read from the names (not from the frame verdicts): a match is a name with json.
    for (let node = 0; node < tree.nodeCount; node++)
      expect(result.matches[node]).toBe(node > 0 && /json/i.test(tree.name(node)) ? 1 : 0);
    const missed = searchMissedFrames(result)!;
    for (let f = 0; f < missed.length; f++) expect(missed[f]).toBe(1 - result.frameMatches[f]);
    expect(searchMissedFrames(search(tree, '(', 'regex'))).toBeUndefined();
  });

  it('matches whole names exactly, case-sensitively by default', () => {
    expect(matchedNames(tree, search(tree, 'encoding', 'exact'))).toEqual([]);
    expect(matchedNames(tree, search(tree, 'Encoding', 'exact'))).toEqual(['Encoding']);
    expect(matchedNames(tree, search(tree, 'encoding', 'exact', false))).toEqual(['Encoding']);
    expect(matchedNames(tree, search(tree, 'main;Encoding', 'exact'))).toEqual([]);
  });

  it('tests regular expressions against names, with the case flag from caseSensitive', () => {
    expect(matchedNames(tree, search(tree, '^net/http\\.', 'regex'))).toEqual([
      'net/http.(*Server).Serve',
      'net/http.HandlerFunc.ServeHTTP',
    ]);
    expect(matchedNames(tree, search(tree, 'marshal$', 'regex'))).toEqual([
      'encoding/json.Marshal',
      'encoding/json.(*encodeState).marshal',
    ]);
    expect(matchedNames(tree, search(tree, 'marshal$', 'regex', true))).toEqual([
      'encoding/json.(*encodeState).marshal',
    ]);
    // A leading ".*" is redundant in an unanchored test: dropping it must not change the result.
    expect(matchedNames(tree, search(tree, '.*.*Serve.*', 'regex'))).toEqual(
      matchedNames(tree, search(tree, 'Serve', 'regex')),
    );
  });

  it('never matches the root, and marks matches in a per-node array', () => {
    const result = search(tree, 'all', 'exact');
    expect(result.matchCount).toBe(0);
    const main = search(tree, 'main', 'exact');
    expect(Array.from(main.matches)).toEqual(
      Array.from({ length: tree.nodeCount }, (_, i) => +(i === 1)),
    );
  });

  it('returns nothing, and no error, for empty text', () => {
    const result = search(tree, '', 'regex');
    expect([result.matchCount, result.matchedTotal, result.share, result.error]).toEqual([
      0,
      0,
      0,
      undefined,
    ]);
    expect(result.matches.length).toBe(tree.nodeCount);
  });

  it('reports an invalid regex as an error instead of throwing', () => {
    for (const text of ['(', 'a[', '*x', '(?<n>a)\\k<m>']) {
      const result = search(tree, text, 'regex');
      expect(result.matchCount).toBe(0);
      expect(result.matchOrder.length).toBe(0);
      expect(result.error).toContain('not a valid regular expression');
    }
    // The same text is fine as a substring.
    expect(search(tree, '(', 'substring').error).toBeUndefined();
  });

  it('reads RE2 syntax and matches nested repetition like any other pattern', () => {
    // The answers JavaScript's own engine gives on these short names, computed another way.
    for (const text of [
      '(a+)+$',
      '(\\w+\\.)*x',
      '(?:a|aa)*b',
      '((ab)*c){2,}',
      '(?P<x>a*)+',
      'n{2}',
    ]) {
      const expected = new RegExp(text.replace('?P<', '?<'), 'i');
      const result = search(tree, text, 'regex');
      expect(result.error, text).toBeUndefined();
      for (let node = 1; node < tree.nodeCount; node++)
        expect(result.matches[node], `${text} on ${tree.name(node)}`).toBe(
          expected.test(tree.name(node)) ? 1 : 0,
        );
    }
    expect(search(tree, '(?:net)+/http', 'regex').matchCount).toBe(2);
    // RE2 has no lookaround and no backreferences: said, not thrown.
    for (const text of ['a(?=b)', '(a)\\1'])
      expect(search(tree, text, 'regex').error, text).toContain('not supported');
  });

  it('searches the whole of a long name in regex mode', () => {
    const long = 'a'.repeat(100_000) + 'X';
    const longTree = treeFromFolded(`${long} 1\nb 1`);
    expect(search(longTree, 'X', 'regex').matchCount).toBe(1);
    expect(search(longTree, '^a{1000}', 'regex').matchCount).toBe(1);
    // Exponential or polynomial for a backtracking engine; one pass here.
    expect(search(longTree, '(a+)+$', 'regex').matchCount).toBe(0);
    expect(search(longTree, '[^#]*[^#]*[^#]*#', 'regex').matchCount).toBe(0);
    expect(search(longTree, '.*.*.*X', 'regex').matchCount).toBe(1);
  });

  it('counts the union of matched subtrees once, like a brute force over samples', () => {
    let seed = 11;
    const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const lines = Array.from({ length: 500 }, () => {
      const depth = 1 + Math.floor(random() * 8);
      const frames = Array.from(
        { length: depth },
        () => ['fa', 'fb', 'Fc', 'gd'][Math.floor(random() * 4)],
      );
      return `${frames.join(';')} ${Math.floor(random() * 10)}`;
    });
    const randomTree = treeFromFolded(lines.join('\n'));
    for (const query of [
      { text: 'f', mode: 'substring' },
      { text: 'fa', mode: 'exact' },
      { text: '^[fg][ad]$', mode: 'regex' },
      { text: 'F', mode: 'substring', caseSensitive: true },
    ] as SearchQuery[]) {
      const result = computeSearch(randomTree, query);
      const isMatch = (node: NodeIndex) => node > 0 && result.matches[node] === 1;
      // A sample is matched when its node or any ancestor matches: sum self over such nodes.
      let expectedTotal = 0;
      const names = new Set<string>();
      const order: NodeIndex[] = [];
      for (let node = 1; node < randomTree.nodeCount; node++) {
        if (isMatch(node)) {
          names.add(randomTree.name(node));
          order.push(node);
        }
        if (isMatch(node) || [...ancestors(randomTree, node)].some(isMatch))
          expectedTotal += randomTree.self[node];
      }
      expect(result.matchedTotal).toBe(expectedTotal);
      expect(result.share).toBeCloseTo(expectedTotal / randomTree.total[0], 12);
      expect(result.functionCount).toBe(names.size);
      expect(Array.from(result.matchOrder)).toEqual(order);
      expect(result.matchCount).toBe(order.length);
      expect(result.matchCount).toBeGreaterThan(result.functionCount);
    }
  });

  it('gives share 0 when the root total is 0', () => {
    // A diff-like profile whose negative samples cancel the positive ones.
    const zero = treeFromFolded('a;b 2\nc -2');
    expect(zero.total[0]).toBe(0);
    const result = search(zero, 'b', 'exact');
    expect([result.matchCount, result.matchedTotal, result.share]).toEqual([1, 2, 0]);
  });

  it('tests each distinct frame once, however many nodes share it', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `x${i % 7};y${i % 3};x${i % 5} 1`);
    const many = treeFromFolded(lines.join('\n'));
    const distinct = new Set(
      Array.from({ length: many.nodeCount - 1 }, (_, i) => many.name(i + 1)),
    );
    const spy = vi.spyOn(many.frames, 'name');
    const result = search(many, '^x[12]$', 'regex');
    expect(spy.mock.calls.length).toBe(distinct.size);
    expect(result.functionCount).toBe(2);
  });

  it("marks every frame of the table whose name matches, and counts the tree's only", () => {
    // The stack main;bb has no value, so the tree leaves it out; its frame stays in the table.
    const frames = new FrameTable();
    const stacks = new StackTable(frames);
    const [main, b, bb] = ['main', 'b', 'bb'].map((name) => frames.internName(name));
    const withB = stacks.intern([main, b]);
    stacks.intern([main, bb]);
    const self = new Float64Array(stacks.size);
    self[withB] = 3;
    const small = computeCallTree(stacks, self);
    expect(small.nodeCount).toBe(3);
    const result = search(small, 'b', 'substring');
    expect(Array.from(result.frameMatches)).toEqual([0, 1, 1]);
    expect([result.matchCount, result.functionCount, result.matchedTotal]).toEqual([1, 1, 3]);
  });

  it('tests a frame table once per query for all the trees that share it, and again when it grows', () => {
    // Two trees over one frame table, as a sandwich's callers and callees are.
    const frames = new FrameTable();
    const stacks = new StackTable(frames);
    const [main, parse, print] = ['main', 'parse', 'print'].map((name) => frames.internName(name));
    const withParse = stacks.intern([main, parse]);
    const withPrint = stacks.intern([main, print]);
    const self = (stack: number) => {
      const values = new Float64Array(stacks.size);
      values[stack] = 1;
      return values;
    };
    const first = computeCallTree(stacks, self(withParse));
    const second = computeCallTree(stacks, self(withPrint));
    const names = vi.spyOn(frames, 'name');
    const query: SearchQuery = { text: 'p', mode: 'substring' };
    const a = computeSearch(first, query);
    const b = computeSearch(second, query);
    expect(names).toHaveBeenCalledTimes(3);
    expect(Array.from(b.frameMatches)).toEqual([0, 1, 1]);
    expect([a.matchCount, b.matchCount]).toEqual([1, 1]);
    // Each result has its own array: writing into one leaves the next search's alone.
    a.frameMatches.fill(0);
    expect(Array.from(computeSearch(first, query).frameMatches)).toEqual([0, 1, 1]);
    expect(names).toHaveBeenCalledTimes(3);
    // Another query tests the names again; so does the same query once a frame was added.
    computeSearch(first, { text: 'pr', mode: 'substring' });
    expect(names).toHaveBeenCalledTimes(6);
    frames.internName('pretty');
    names.mockClear();
    const grown = computeSearch(first, { text: 'pr', mode: 'substring' });
    expect(names).toHaveBeenCalledTimes(4);
    expect(Array.from(grown.frameMatches)).toEqual([0, 0, 1, 1]);
  });

  it('throws for an unknown mode, a programming error', () => {
    const error = catchError(() => computeSearch(tree, { text: 'a', mode: 'glob' as 'exact' }));
    expect((error as FlamekitError).code).toBe('invalid-argument');
  });
});

describe('nextMatch', () => {
  const tree = treeFromFolded('a;x 1\nb 1\nc;x 1\nd;x;y 1');
  const result = search(tree, 'x', 'exact');
  const [first, second, third] = Array.from(result.matchOrder);

  it('steps forwards and backwards in pre-order, wrapping at the ends', () => {
    expect(result.matchOrder.length).toBe(3);
    expect(nextMatch(result, first, 1)).toBe(second);
    expect(nextMatch(result, third, 1)).toBe(first);
    expect(nextMatch(result, second, -1)).toBe(first);
    expect(nextMatch(result, first, -1)).toBe(third);
  });

  it('starts from a node that is not a match, or from -1', () => {
    const b = Array.from({ length: tree.nodeCount }, (_, i) => i).find(
      (i) => tree.name(i) === 'b',
    )!;
    expect(first < b && b < second).toBe(true);
    expect(nextMatch(result, b, 1)).toBe(second);
    expect(nextMatch(result, b, -1)).toBe(first);
    expect(nextMatch(result, -1, 1)).toBe(first);
    expect(nextMatch(result, -1, -1)).toBe(third);
    expect(nextMatch(result, tree.nodeCount, 1)).toBe(first);
  });

  it('returns the only match from itself, and -1 when nothing matches', () => {
    const one = search(tree, 'y', 'exact');
    expect(nextMatch(one, one.matchOrder[0], 1)).toBe(one.matchOrder[0]);
    expect(nextMatch(one, one.matchOrder[0], -1)).toBe(one.matchOrder[0]);
    expect(nextMatch(search(tree, 'zzz', 'exact'), 0, 1)).toBe(-1);
    const error = catchError(() => nextMatch(result, 0, 0 as 1));
    expect((error as FlamekitError).code).toBe('invalid-argument');
  });
});

describe('searchMisses', () => {
  it('marks every node the search did not match, and nothing for a query in error', () => {
    const tree = treeFromFolded('main;parse 2\nmain;render 1');
    const misses = searchMisses(computeSearch(tree, { text: 'parse', mode: 'exact' }))!;
    const names = Array.from({ length: tree.nodeCount }, (_, node) => tree.name(node));
    expect(names.filter((_, node) => misses[node] === 0)).toEqual(['parse']);
    expect(names.filter((_, node) => misses[node] === 1).sort()).toEqual(['all', 'main', 'render']);
    expect(searchMisses(computeSearch(tree, { text: '(', mode: 'regex' }))).toBeUndefined();
  });
});
