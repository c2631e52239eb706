import { describe, expect, it } from 'vitest';
import { compileLinearRegex, isFlamekitError } from '../../../src/core';
import { createRandom } from '../../../bench/synthetic-profile';

/** A random pattern over a small alphabet, in the syntax RE2 and JavaScript share. */
function randomPattern(random: () => number, depth = 0): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const atom = (): string => {
    const roll = random();
    if (roll < 0.4) return pick(['a', 'b', 'c', '.', '\\d', '\\w', '-', 'x']);
    if (roll < 0.55) return pick(['[ab]', '[^a]', '[a-c]', '[^b-c]', '[0-9a]']);
    if (roll < 0.62) return pick(['^', '$', '\\b', '\\B']);
    if (depth < 3) return `(${randomPattern(random, depth + 1)})`;
    return 'a';
  };
  const quantified = () => {
    const a = atom();
    if (/^[\^$]$|^\\[bB]$/.test(a)) return a;
    return a + pick(['', '', '*', '+', '?', '{2}', '{1,3}', '{0,}', '*?', '+?']);
  };
  const branch = () => Array.from({ length: 1 + Math.floor(random() * 4) }, quantified).join('');
  return random() < 0.25 ? `${branch()}|${branch()}` : branch();
}

function randomText(random: () => number): string {
  const alphabet = 'abcx-1 ';
  return Array.from(
    { length: Math.floor(random() * 8) },
    () => alphabet[Math.floor(random() * alphabet.length)],
  ).join('');
}

describe('compileLinearRegex', () => {
  it('agrees with JavaScript on the syntax both share, matched anywhere and matched whole', () => {
    const random = createRandom(2024);
    let compared = 0;
    for (let p = 0; p < 400; p++) {
      const source = randomPattern(random);
      const insensitive = random() < 0.3;
      const flags = insensitive ? 'i' : '';
      const search = compileLinearRegex(source, { caseInsensitive: insensitive });
      const whole = compileLinearRegex(source, { caseInsensitive: insensitive, fullMatch: true });
      const expectedSearch = new RegExp(source, flags);
      const expectedWhole = new RegExp(`^(?:${source})$`, flags);
      for (let t = 0; t < 12; t++) {
        const text = t === 0 ? '' : randomText(random);
        const label = `/${source}/${flags} on ${JSON.stringify(text)}`;
        expect(search.test(text), label).toBe(expectedSearch.test(text));
        expect(whole.test(text), `whole ${label}`).toBe(expectedWhole.test(text));
        compared++;
      }
    }
    expect(compared).toBe(4800);
  });

  it('reads what RE2 adds: flag groups, \\A \\z, \\Q..\\E, POSIX and Unicode classes, (?P<name>)', () => {
    const cases: [string, string, boolean][] = [
      ['(?i)hello', 'HeLLo', true],
      ['(?i:a)b', 'Ab', true],
      ['(?i:a)b', 'AB', false],
      ['a(?i)b|c', 'C', true],
      ['\\Aab\\z', 'ab', true],
      ['\\Aab\\z', 'ab\n', false],
      ['\\Qa.b*\\E', 'a.b*', true],
      ['\\Qa.b*\\E', 'aab', false],
      ['^[[:alpha:]]+$', 'abcXYZ', true],
      ['^[[:^digit:]]+$', 'ab1', false],
      ['^\\pL+$', 'héllo', true],
      ['^\\p{Greek}+$', 'αβγ', true],
      ['^\\P{Greek}$', 'α', false],
      ['^(?P<word>\\w+)$', 'abc_1', true],
      ['^\\x{263a}\\x41$', '☺A', true],
      ['^\\101$', 'A', true],
      ['(?s)^a.b$', 'a\nb', true],
      ['^a.b$', 'a\nb', false],
      ['(?m)^b$', 'a\nb\nc', true],
      ['^😀{2}$', '😀😀', true],
      ['x{2}{', 'xx{', true],
    ];
    for (const [source, text, expected] of cases)
      expect(compileLinearRegex(source).test(text), `${source} on ${text}`).toBe(expected);
  });

  it('refuses what RE2 refuses, saying why and where', () => {
    const cases: [string, string][] = [
      ['a(?=b)', 'lookahead'],
      ['(?<!a)b', 'lookahead'],
      ['(a)\\1', 'backreferences'],
      ['a**', 'nested repetition'],
      ['a{1001}', 'at most 1000'],
      ['(a', 'missing closing )'],
      ['a)', 'unexpected )'],
      ['[a', 'missing closing ]'],
      ['*a', 'missing argument'],
      ['\\Z', 'invalid escape'],
      ['\\p{NoSuchScript}', 'invalid character class'],
      ['(?z)', 'flags'],
      ['((a{100}){100}){100}', 'too large'],
      ['('.repeat(2000) + ')'.repeat(2000), 'nest deeper'],
    ];
    for (const [source, reason] of cases) {
      let error: unknown;
      try {
        compileLinearRegex(source);
      } catch (caught) {
        error = caught;
      }
      expect(isFlamekitError(error), source).toBe(true);
      expect((error as Error).message, source).toContain(reason);
    }
  });

  it('matches patterns that backtrack exponentially in one pass over long text', () => {
    const long = 'a'.repeat(200_000);
    expect(compileLinearRegex('(a+)+b', { fullMatch: true }).test(long)).toBe(false);
    expect(compileLinearRegex('^(a|aa)*$').test(`${long}!`)).toBe(false);
    expect(compileLinearRegex('[^#]*[^#]*[^#]*#').test(long)).toBe(false);
    expect(compileLinearRegex('(.*)*x', { fullMatch: true, dotAll: true }).test(long)).toBe(false);
    expect(compileLinearRegex('(a*)*$').test(long)).toBe(true);
  });
});
