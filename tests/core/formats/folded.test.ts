import { gunzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { FlamekitError, importFolded, importProfile, isFolded, printTree } from '../../../src/core';
import { catchError } from '../../helpers/catch-error';
import { readFixture } from '../../helpers/fixtures';

/** The expected total, computed another way: the sum of the numbers that end the lines. */
function sumOfLineEnds(text: string): number {
  let sum = 0;
  for (const line of text.split(/\r?\n/)) {
    const match = /\[?(-?\d+(?:\.\d+)?)\]?\s*$/.exec(line);
    if (match && line.trim().includes(' ')) sum += Number(match[1]);
  }
  return sum;
}

// total value, call-tree nodes (root excluded) and max depth from the corpus README.
const fixtures: [file: string, nodes: number, maxDepth: number][] = [
  ['collapsed/speedscope-perf-vertx-stacks-01-collapsed-all.txt', 360, 69],
  ['collapsed/inferno-async-profiler-annotated.txt', 234, 117],
  ['collapsed/pyroscope-io-dotnet-deep.txt', 2082, 71],
  ['collapsed/pyroscope-io-java-async-profiler-cpu.txt', 1059, 79],
  ['collapsed/diff/inferno-before.txt', 25, 8],
  ['collapsed/diff/inferno-after.txt', 25, 8],
  ['collapsed/diff/inferno-vertx-split-part1.txt', 251, 69],
  ['collapsed/diff/inferno-vertx-split-part2.txt', 257, 68],
  ['collapsed/diff/jfr-parser-kafka-cpu-0.collapsed.txt.gz', 1849, 53],
  ['collapsed/diff/jfr-parser-kafka-cpu-1.collapsed.txt.gz', 2112, 56],
  ['collapsed/edge/speedscope-simple.txt', 4, 3],
  ['collapsed/edge/speedscope-recursion.txt', 11, 6],
  ['collapsed/edge/speedscope-tall.txt', 26, 26],
  ['collapsed/edge/speedscope-alternating.txt', 4, 2],
  ['collapsed/edge/speedscope-simple-crlf.txt', 4, 3],
];

describe('folded stacks', () => {
  it.each(fixtures)('%s: total equals the sum of the line values', (file, nodes, maxDepth) => {
    const bytes = readFixture(file);
    const text = file.endsWith('.gz')
      ? new TextDecoder().decode(gunzipSync(bytes))
      : bytes.toString('utf8');
    const profile = importProfile(bytes);
    expect(profile.format).toBe('folded');
    const tree = profile.tree();
    expect(tree.total[0]).toBe(sumOfLineEnds(text));
    expect(tree.nodeCount - 1).toBe(nodes);
    expect(tree.maxDepth).toBe(maxDepth);
    expect(profile.warnings).toEqual([]);
  });

  it('reads the kafka windows in the bracketed variant with their corpus totals', () => {
    expect(
      importProfile(readFixture('collapsed/diff/jfr-parser-kafka-cpu-0.collapsed.txt.gz')).tree()
        .total[0],
    ).toBe(4_780_000_000);
    expect(
      importProfile(readFixture('collapsed/diff/jfr-parser-kafka-cpu-1.collapsed.txt.gz')).tree()
        .total[0],
    ).toBe(6_130_000_000);
  });

  it.each([
    'collapsed/edge/speedscope-simple-utf16-le.txt',
    'collapsed/edge/speedscope-simple-utf16-be.txt',
    'collapsed/edge/speedscope-simple-crlf.txt',
  ])('decodes %s to the same tree as the plain file', (file) => {
    const expected = printTree(
      importProfile(readFixture('collapsed/edge/speedscope-simple.txt')).tree(),
    );
    expect(printTree(importProfile(readFixture(file)).tree())).toBe(expected);
    expect(expected).toBe(
      [
        '- a (total 14, self 0)',
        '  - b (total 14, self 5)',
        '    - c (total 5, self 5)',
        '    - d (total 4, self 4)',
      ].join('\n'),
    );
  });

  it('skips lines that do not parse and says how many and where', () => {
    const profile = importProfile(
      readFixture('collapsed/edge/speedscope-simple-with-invalids.txt'),
    );
    expect(profile.tree().total[0]).toBe(14);
    expect(profile.warnings).toEqual([
      expect.objectContaining({ code: 'unparsed-lines', count: 3, position: { line: 1 } }),
    ]);
    expect(profile.warnings[0].message).toMatch(/3 lines .* skipped \(first: line 1\)/);
  });

  it('keeps frame names with spaces and reads decimal and negative values', () => {
    const profile = importFolded('main;Foo::bar(int, char*) 2.5\nmain;a b c -1\nmain 0.5');
    expect(printTree(profile.tree())).toBe(
      [
        '- main (total 2, self 0.5)',
        '  - Foo::bar(int, char*) (total 2.5, self 2.5)',
        '  - a b c (total -1, self -1)',
      ].join('\n'),
    );
  });

  it('reads the two-value diff form as a comparison profile', () => {
    const before = readFixture('collapsed/diff/inferno-before.txt').toString('utf8');
    const after = readFixture('collapsed/diff/inferno-after.txt').toString('utf8');
    // Write what difffolded writes: every stack of either file with both values.
    const values = new Map<string, [number, number]>();
    const add = (text: string, side: 0 | 1) => {
      for (const line of text.split('\n').filter(Boolean)) {
        const cut = line.lastIndexOf(' ');
        const entry = values.get(line.slice(0, cut)) ?? [0, 0];
        entry[side] += Number(line.slice(cut + 1));
        values.set(line.slice(0, cut), entry);
      }
    };
    add(before, 0);
    add(after, 1);
    const diff = [...values].map(([stack, [a, b]]) => `${stack} ${a} ${b}`).join('\n');
    const profile = importProfile(diff);
    expect(profile.sampleTypes.map((t) => t.type)).toEqual(['baseline', 'comparison']);
    expect(profile.comparison).toEqual({ baseline: 0, comparison: 1 });
    const tree = profile.tree();
    expect(tree.total[0]).toBe(80);
    expect(tree.baselineTotal![0]).toBe(65);
    expect(profile.tree('baseline').total[0]).toBe(65);
  });

  it('rejects an input where nothing parses, with the first line', () => {
    const error = catchError(() => importFolded('hello\nworld\n')) as FlamekitError;
    expect(error).toBeInstanceOf(FlamekitError);
    expect(error.code).toBe('parse-error');
    expect(error.position).toEqual({ line: 1 });
    expect(error.format).toBe('folded');
  });

  it('is detected only where it fits', () => {
    expect(isFolded('a;b 1\n')).toBe(true);
    expect(isFolded('{"a": 1}')).toBe(false);
    expect(isFolded(new Uint8Array([0x0a, 0x00, 0x01, 0x02]))).toBe(false);
  });
});
