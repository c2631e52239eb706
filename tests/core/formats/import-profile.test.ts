import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { FlamekitError, importProfile, printTree } from '../../../src/core';
import { createRandom } from '../../../bench/synthetic-profile';
import { catchError } from '../../helpers/catch-error';
import { readFixture } from '../../helpers/fixtures';

function failure(run: () => unknown): FlamekitError {
  const error = catchError(run);
  expect(error).toBeInstanceOf(FlamekitError);
  return error as FlamekitError;
}

describe('importProfile on bad input', () => {
  it.each([
    ['an empty string', ''],
    ['empty bytes', new Uint8Array(0)],
    ['an empty ArrayBuffer', new ArrayBuffer(0)],
  ])('rejects %s as empty', (_, input) => {
    const error = failure(() => importProfile(input));
    expect(error.code).toBe('parse-error');
    expect(error.message).toMatch(/empty/);
  });

  it.each([null, undefined, 42, {}, [1, 2]])(
    'rejects %s as an argument of the wrong kind',
    (input) => {
      const error = failure(() => importProfile(input as unknown as string));
      expect(error.code).toBe('invalid-argument');
      expect(error.message).toMatch(/Uint8Array, an ArrayBuffer or a string/);
    },
  );

  it('rejects random bytes', () => {
    const random = createRandom(11);
    for (let i = 0; i < 50; i++) {
      const bytes = Uint8Array.from({ length: 1 + Math.floor(random() * 4096) }, () =>
        Math.floor(random() * 256),
      );
      const error = catchError(() => importProfile(bytes));
      expect(error).toBeInstanceOf(FlamekitError);
    }
  });

  it('rejects truncated gzip with the byte where it ends', () => {
    const whole = new Uint8Array(readFixture('pprof/go/google-pprof-sample.cpu.pb.gz'));
    const error = failure(() => importProfile(whole.subarray(0, whole.length / 2)));
    expect(error.format).toBe('gzip');
    expect(error.message).toMatch(/truncated or corrupt/);
    expect(error.position?.byteOffset).toBe(Math.floor(whole.length / 2));
  });

  it.each([
    ['an object of no known shape', '{"hello": "world"}'],
    ['an array of numbers', '[1, 2, 3]'],
    ['a JSON string', '"profile"'],
    ['JSON with a syntax error', '{"nodes": [1, 2,, 3]}'],
  ])('rejects %s with the library error', (_, text) => {
    failure(() => importProfile(text));
  });

  it('reads a 10 MB single line that is a valid folded stack, and rejects a 10 MB line of noise', () => {
    const frames = Array.from({ length: 400_000 }, (_, i) => `f${i % 1000}`).join(';');
    expect(frames.length).toBeGreaterThan(1_900_000);
    const long = `${frames};${'x'.repeat(10_000_000 - frames.length)} 7`;
    const profile = importProfile(new TextEncoder().encode(long));
    expect(profile.tree().total[0]).toBe(7);
    expect(profile.tree().maxDepth).toBe(400_001);
    failure(() => importProfile('y'.repeat(10_000_000)));
  });

  it('keeps names such as __proto__ and markup as plain strings, polluting nothing', () => {
    const profile = importProfile(
      '__proto__;constructor;<img src=x onerror=alert(1)> 3\n__proto__;toString 1',
    );
    expect(printTree(profile.tree())).toBe(
      [
        '- __proto__ (total 4, self 0)',
        '  - constructor (total 3, self 0)',
        '    - <img src=x onerror=alert(1)> (total 3, self 3)',
        '  - toString (total 1, self 1)',
      ].join('\n'),
    );
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
  });

  it('reads gzipped text formats too', () => {
    const text = readFixture('collapsed/edge/speedscope-simple.txt');
    expect(importProfile(gzipSync(new Uint8Array(text))).tree().total[0]).toBe(14);
  });

  it('reads the format it is told to, and says why that fails', () => {
    const error = failure(() => importProfile('a;b 1', { format: 'pprof' }));
    expect(error.format).toBe('pprof');
    const unknown = failure(() => importProfile('a;b 1', { format: 'svg' as 'pprof' }));
    expect(unknown.code).toBe('invalid-argument');
  });

  it('reports progress from start to end, and in steps on large text', () => {
    const events: number[] = [];
    const json = readFixture('speedscope/sampled-simple.speedscope.json');
    importProfile(json, { onProgress: ({ done, total }) => events.push(done / total) });
    expect(events[0]).toBe(0);
    expect(events.at(-1)).toBe(1);

    const steps: number[] = [];
    const line = `${Array.from({ length: 50 }, (_, i) => `frame${i}`).join(';')} 1\n`;
    const big = new TextEncoder().encode(line.repeat(Math.ceil(12e6 / line.length)));
    importProfile(big, { onProgress: ({ done }) => steps.push(done) });
    expect(steps.length).toBeGreaterThan(4);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(steps.at(-1)).toBe(big.length);
  });
});
