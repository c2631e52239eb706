import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isFlamekitError, importProfile, type Profile } from '../../src/core';
import { createRandom } from '../../bench/synthetic-profile';
import { FIXTURES, readFixture } from '../helpers/fixtures';

/**
 * Seeded mutation fuzzing: every small fixture, bent in thousands of ways, goes through
 * importProfile. The only acceptable outcomes are a profile whose trees build with finite totals,
 * or a FlamekitError. Anything else (a TypeError, a RangeError, a hang) fails the test.
 */
const MAX_FIXTURE_BYTES = 48 * 1024;
const MUTATIONS_PER_FIXTURE = 60;

function smallFixtures(): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(FIXTURES, { recursive: true }) as string[]) {
    const path = join(FIXTURES, entry);
    if (
      statSync(path).isFile() &&
      !entry.endsWith('README.md') &&
      statSync(path).size <= MAX_FIXTURE_BYTES
    )
      files.push(relative(FIXTURES, path));
  }
  return files.sort();
}

const TOKENS = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '0',
  '-1',
  '1e309',
  'null',
  'NaN',
  ';',
  ' ',
  '\n',
  '\t',
  '__proto__',
  '"constructor"',
  '\u0000',
  '\uffff',
  '9007199254740993',
];

function mutate(input: Uint8Array, random: () => number): Uint8Array {
  const bytes = Array.from(input);
  const kind = Math.floor(random() * 7);
  const at = Math.floor(random() * (bytes.length + 1));
  switch (kind) {
    case 0: // flip bits in a few bytes
      for (let i = 0; i < 1 + Math.floor(random() * 8); i++) {
        const position = Math.floor(random() * bytes.length);
        bytes[position] ^= 1 << Math.floor(random() * 8);
      }
      break;
    case 1: // truncate
      bytes.length = at;
      break;
    case 2: // delete a range
      bytes.splice(at, Math.floor(random() * 64));
      break;
    case 3: // insert a token
      bytes.splice(
        at,
        0,
        ...new TextEncoder().encode(TOKENS[Math.floor(random() * TOKENS.length)]),
      );
      break;
    case 4: // duplicate a range
      bytes.splice(at, 0, ...bytes.slice(Math.floor(random() * bytes.length), at));
      break;
    case 5: // overwrite with random bytes
      for (let i = 0; i < 16; i++)
        bytes[Math.min(at + i, bytes.length - 1)] = Math.floor(random() * 256);
      break;
    default: // swap two ranges of digits or bytes
      for (let i = 0; i < 4; i++) {
        const a = Math.floor(random() * bytes.length);
        const b = Math.floor(random() * bytes.length);
        [bytes[a], bytes[b]] = [bytes[b], bytes[a]];
      }
  }
  return Uint8Array.from(bytes);
}

function check(profile: Profile): void {
  for (let t = 0; t < profile.sampleTypes.length; t++) {
    const tree = profile.tree(t);
    if (!Number.isFinite(tree.total[0]))
      throw new Error(`sample type ${t} has total ${tree.total[0]}`);
  }
}

describe('importProfile under mutation', () => {
  const files = smallFixtures();

  it('has fixtures to mutate', () => {
    expect(files.length).toBeGreaterThan(30);
  });

  it.each(files)('%s: only profiles or FlamekitErrors come out', (file) => {
    const original = new Uint8Array(readFixture(file));
    const random = createRandom(file.length * 7919 + original.length);
    const failures: string[] = [];
    for (let i = 0; i < MUTATIONS_PER_FIXTURE; i++) {
      const mutated = mutate(original, random);
      const started = performance.now();
      try {
        check(importProfile(mutated));
      } catch (error) {
        if (!isFlamekitError(error)) failures.push(`mutation ${i}: ${String(error)}`);
      }
      const ms = performance.now() - started;
      if (ms > 2000) failures.push(`mutation ${i} took ${ms.toFixed(0)} ms`);
    }
    expect(failures).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
