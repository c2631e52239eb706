import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../bench/synthetic-profile';
import { parseFoldedLine } from '../../../src/core/formats/folded';
import {
  parseHeader,
  parseStackLine,
  withoutOffset,
} from '../../../src/core/formats/perf-script-lines';

/**
 * The one-pass line readers against the regular expressions they replaced, on random short lines
 * where those are quick: the same answers, computed another way. (The regular expressions took
 * quadratic time on long runs of blanks, and stopped at U+2028; hostile-input.test.ts has those.)
 */
const SINGLE = /^(.*?)[ \t]+(-?\d+(?:\.\d+)?)$/;
const BRACKETED = /^(.*?)[ \t]+\[(-?\d+(?:\.\d+)?)\]$/;
const DOUBLE = /^(.*?)[ \t]+(-?\d+(?:\.\d+)?)[ \t]+(-?\d+(?:\.\d+)?)$/;
const HEADER =
  /^(.+?)\s+(\d+)(?:\/\d+)?\s+(?:\[\d+\]\s+)?(?:(\d+)\.(\d+):\s+)?(?:(\d+)\s+)?(\S+?):(?:\s+(.*))?$/;
const STACK_LINE = /^\s*([0-9a-fA-F]+)(?:\s+(.*?))?\s*$/;

function regexFolded(line: string, mode: 'single' | 'double' | undefined) {
  if (mode !== 'single') {
    const double = DOUBLE.exec(line);
    if (double && double[1] !== '')
      return { stack: double[1], value: Number(double[2]), after: Number(double[3]) };
    if (mode === 'double') return undefined;
  }
  const single = SINGLE.exec(line) ?? BRACKETED.exec(line);
  if (single && single[1] !== '') return { stack: single[1], value: Number(single[2]) };
  return undefined;
}

function randomLine(random: () => number, alphabet: string, length: number): string {
  return Array.from(
    { length: Math.floor(random() * length) },
    () => alphabet[Math.floor(random() * alphabet.length)],
  ).join('');
}

describe('the one-pass line readers', () => {
  it('read folded lines as the regular expressions did', () => {
    const random = createRandom(7);
    for (let i = 0; i < 20_000; i++) {
      const line = randomLine(random, 'ab; \t12.-[]', 14).trim();
      for (const mode of [undefined, 'single', 'double'] as const) {
        const parsed = parseFoldedLine(line, mode);
        const expected = regexFolded(line, mode);
        const got = parsed && {
          stack: parsed.stack,
          value: parsed.value,
          ...(parsed.after !== undefined && { after: parsed.after }),
        };
        expect(got, `${JSON.stringify(line)} ${mode}`).toEqual(expected);
      }
    }
  });

  it('read perf sample headers as the regular expression did', () => {
    const random = createRandom(8);
    const words = [
      'java',
      'a b',
      '123',
      '12/34',
      '[001]',
      '1.5:',
      '5',
      'cycles:',
      'x:y:',
      ':',
      '7f1e',
      'sym',
    ];
    for (let i = 0; i < 20_000; i++) {
      const count = 1 + Math.floor(random() * 7);
      const line = Array.from({ length: count }, () => words[Math.floor(random() * words.length)])
        .join(random() < 0.5 ? ' ' : ' \t ')
        .trim();
      const match = HEADER.exec(line);
      const expected = match && {
        comm: match[1],
        seconds: match[3],
        fraction: match[4],
        period: match[5],
        event: match[6],
        trailing: match[7],
      };
      const header = parseHeader(line);
      const got = header && {
        comm: header.comm,
        seconds: header.seconds,
        fraction: header.fraction,
        period: header.period,
        event: header.event,
        trailing: header.trailing,
      };
      expect(got ?? null, line).toEqual(expected);
    }
  });

  it('read perf stack lines and offsets as the regular expressions did', () => {
    const random = createRandom(9);
    for (let i = 0; i < 20_000; i++) {
      const line = randomLine(random, ' \tab0f9x+(z)', 12);
      const match = STACK_LINE.exec(line);
      expect(parseStackLine(line)?.text ?? null, JSON.stringify(line)).toEqual(
        match ? (match[2] ?? null) : null,
      );
      if (match === null) expect(parseStackLine(line)).toBeUndefined();
      const symbol = randomLine(random, 'f+0xa1', 8);
      expect(withoutOffset(symbol), symbol).toBe(symbol.replace(/\+0x[0-9a-fA-F]+$/, ''));
    }
  });
});
