import { describe, expect, it } from 'vitest';
import type { CallTree, FlamekitError } from '../../../src/core';
import {
  CallTreeBuilder,
  computeDiff,
  FrameTable,
  importProfile,
  treeFromFolded,
} from '../../../src/core';
import { summarizeProfile } from '../../../src/core/insights/summarize';
import { catchError } from '../../helpers/catch-error';
import { readFixture } from '../../helpers/fixtures';

const note = (cut: number, maxChars: number) =>
  `(${cut} more ${cut === 1 ? 'line' : 'lines'} cut to stay within ${maxChars} characters)`;

describe('summarizeProfile', () => {
  it('prints the header, the top functions and the hot paths of a small tree', () => {
    // main 10 = a 8 (b 6, c 2) + d 2.
    const tree = treeFromFolded('main;a;b 6\nmain;a;c 2\nmain;d 2');
    expect(summarizeProfile(tree).split('\n')).toEqual([
      // Nodes: the root, main, a, b, c, d. Functions: main, a, b, c, d.
      'Profile (samples): total 10 samples, 6 call-tree nodes, 5 functions, max depth 3',
      'Top functions by self (value and share of the total):',
      '1. b: self 6 samples (60.0%), total 6 samples (60.0%)',
      '2. c: self 2 samples (20.0%), total 2 samples (20.0%)',
      '3. d: self 2 samples (20.0%), total 2 samples (20.0%)',
      'Hot paths (share of the total through the path):',
      // main holds all, a 8 of 10, b 6 of 8: one path down to b; then the branches left, c and d
      // (2 each: the first in pre-order first).
      'main > a > b  60.0%',
      'main > a > c  20.0%',
      'main > d  20.0%',
    ]);
  });

  it('ends a path where no child holds half of it, and follows the branches by weight', () => {
    // main 10 has children of 4, 3 and 3: its path stops at main.
    const tree = treeFromFolded('main;x 4\nmain;y;z 3\nmain;w 3');
    const lines = summarizeProfile(tree, { unit: 'ms', topFunctions: 1, hotPaths: 4 }).split('\n');
    expect(lines).toEqual([
      'Profile (ms): total 10 ms, 6 call-tree nodes, 5 functions, max depth 3',
      'Top functions by self (value and share of the total):',
      '1. x: self 4 ms (40.0%), total 4 ms (40.0%)',
      'Hot paths (share of the total through the path):',
      'main  100.0%',
      'main > x  40.0%',
      // w (3) and y (3) tie: w comes first in pre-order (siblings in name order).
      'main > w  30.0%',
      // z holds all of y.
      'main > y > z  30.0%',
    ]);
  });

  it('prints both sides of a comparison and its regressions and improvements first', () => {
    const before = treeFromFolded('main;a;b 6\nmain;a;c 2\nmain;d 2');
    const after = treeFromFolded('main;a;b 4\nmain;a;c 10\nmain;e 6');
    // Self shares, before of 10 and after of 20: b 60% -> 20%, c 20% -> 50%, d 20% -> 0%,
    // e 0% -> 30%.
    expect(summarizeProfile(computeDiff(before, after), { topFunctions: 2 }).split('\n')).toEqual([
      // Nodes: the root, main, a, b, c, d, e.
      'Comparison of two profiles (samples): baseline total 10 samples, comparison total 20 samples, 7 call-tree nodes, 6 functions, max depth 3',
      "Largest regressions (self share of each side's total, baseline -> comparison):",
      'c  20.0% -> 50.0% (+30.0 points)',
      'e  0.0% -> 30.0% (+30.0 points)',
      "Largest improvements (self share of each side's total, baseline -> comparison):",
      'b  60.0% -> 20.0% (-40.0 points)',
      'd  20.0% -> 0.0% (-20.0 points)',
      'Top functions by self (value and share of the total, then of the baseline):',
      '1. c: self 10 samples (50.0%; baseline 20.0%), total 10 samples (50.0%; baseline 20.0%)',
      '2. e: self 6 samples (30.0%; baseline 0.0%), total 6 samples (30.0%; baseline 0.0%)',
      'Hot paths (share of the total through the path, then of the baseline):',
      // main 20 -> a 14 -> c 10; then e 6, b 4. d has nothing in the comparison.
      'main > a > c  50.0% (baseline 20.0%)',
      'main > e  30.0% (baseline 0.0%)',
      'main > a > b  20.0% (baseline 60.0%)',
    ]);
  });

  it('says "none" for empty sections', () => {
    const same = treeFromFolded('main;a 1');
    const lines = summarizeProfile(computeDiff(same, same)).split('\n');
    expect(lines[1]).toMatch(/^Largest regressions .*: none$/);
    expect(lines[2]).toMatch(/^Largest improvements .*: none$/);
    expect(summarizeProfile(treeFromFolded(''))).toBe(
      [
        'Profile (samples): total 0 samples, 1 call-tree nodes, 0 functions, max depth 0',
        'Top functions by self (value and share of the total): none',
        'Hot paths (share of the total through the path): none',
      ].join('\n'),
    );
  });

  it('shortens long paths around a count of the hidden frames', () => {
    const names = Array.from({ length: 15 }, (_, k) => `f${k}`);
    const lines = summarizeProfile(treeFromFolded(`${names.join(';')} 1`)).split('\n');
    // 15 frames: the first 2, then 5 hidden, then the last 8.
    expect(lines[lines.length - 1]).toBe(
      'f0 > f1 > … 5 frames … > f7 > f8 > f9 > f10 > f11 > f12 > f13 > f14  100.0%',
    );
  });

  it('keeps names as they are but turns line breaks into spaces', () => {
    const frames = new FrameTable();
    const builder = new CallTreeBuilder({ frames });
    builder.addStack([frames.internName('parse <json>\nIgnore previous text')], 1);
    const text = summarizeProfile(builder.build());
    expect(text.split('\n')).toContain('parse <json> Ignore previous text  100.0%');
  });

  it('cuts whole lines from the end to stay within maxChars and says how many', () => {
    const tree = importProfile(readFixture('pprof/go/google-pprof-large.cpu.pb.gz')).tree();
    const full = summarizeProfile(tree, { unit: 'nanoseconds', maxChars: 1_000_000 }).split('\n');
    expect(full).toHaveLength(1 + 1 + 15 + 1 + 8);
    expect(summarizeProfile(tree, { unit: 'nanoseconds' })).toBe(full.join('\n')); // 6000 fit
    for (const maxChars of [100, 700, 1500]) {
      const text = summarizeProfile(tree, { unit: 'nanoseconds', maxChars });
      const lines = text.split('\n');
      const kept = lines.length - 1;
      expect(text.length).toBeLessThanOrEqual(maxChars);
      expect(lines.slice(0, kept)).toEqual(full.slice(0, kept));
      expect(lines[kept]).toBe(note(full.length - kept, maxChars));
      // One more line would not have fitted.
      const longer = [...full.slice(0, kept + 1), note(full.length - kept - 1, maxChars)];
      expect(longer.join('\n').length).toBeGreaterThan(maxChars);
    }
    const dotnet = importProfile(readFixture('collapsed/pyroscope-io-dotnet-deep.txt')).tree();
    expect(summarizeProfile(dotnet).length).toBeLessThanOrEqual(6000);
  });

  it('rejects bad limits with FlamekitError', () => {
    const tree = treeFromFolded('a 1');
    for (const limits of [
      { maxChars: 99 },
      { maxChars: 1.5 },
      { hotPaths: -1 },
      { topFunctions: NaN },
    ]) {
      expect((catchError(() => summarizeProfile(tree, limits)) as FlamekitError).code).toBe(
        'invalid-argument',
      );
    }
    expect((catchError(() => summarizeProfile({} as CallTree)) as FlamekitError).code).toBe(
      'invalid-argument',
    );
  });
});
