import { describe, expect, it } from 'vitest';
import { FlamekitError, findNodeByPath, printTree } from '../../../src/core';
import { importSpeedscope, isSpeedscope } from '../../../src/core/formats/speedscope';
import { catchError } from '../../helpers/catch-error';
import { readFixture, readFixtureText } from '../../helpers/fixtures';

interface RawProfile {
  type: string;
  name: string;
  weights?: number[];
  events?: { type: string; at: number }[];
}

/** The expected total, computed from the raw file: summed weights, or time spent at depth > 0. */
function rawTotal(profile: RawProfile): number {
  if (profile.type === 'sampled') return profile.weights!.reduce((sum, w) => sum + w, 0);
  let depth = 0;
  let since = 0;
  let total = 0;
  for (const event of profile.events!) {
    if (event.type === 'O' && depth++ === 0) since = event.at;
    if (event.type === 'C' && --depth === 0) total += event.at - since;
  }
  return total;
}

const SIMPLE_TREE = [
  '- a (total 14, self 0)',
  '  - b (total 14, self 5)',
  '    - c (total 5, self 5)',
  '    - d (total 4, self 4)',
].join('\n');

const fixtures: [file: string, profileIndex: number, frames: number][] = [
  ['speedscope/evented-simple.speedscope.json', 0, 4],
  ['speedscope/evented-simple-no-pretty-print.speedscope.json', 0, 4],
  ['speedscope/sampled-simple.speedscope.json', 0, 4],
  // activeProfileIndex is 1.
  ['speedscope/sampled-two-profiles.speedscope.json', 1, 4],
];

function file(profiles: unknown[], frames: unknown[] = [{ name: 'a' }, { name: 'b' }]): string {
  return JSON.stringify({
    $schema: 'https://www.speedscope.app/file-format-schema.json',
    shared: { frames },
    profiles,
  });
}

function sampled(samples: unknown[], weights: unknown[], unit = 'none'): unknown {
  return { type: 'sampled', name: 'p', unit, startValue: 0, endValue: 1, samples, weights };
}

function evented(events: unknown, unit = 'none'): unknown {
  return { type: 'evented', name: 'p', unit, startValue: 0, endValue: 10, events };
}

function parseError(run: () => unknown): FlamekitError {
  const error = catchError(run) as FlamekitError;
  expect(error).toBeInstanceOf(FlamekitError);
  expect(error.code).toBe('parse-error');
  expect(error.format).toBe('speedscope');
  return error;
}

describe('speedscope', () => {
  it.each(fixtures)('%s: total equals the raw file total', (path, index, frames) => {
    const raw = JSON.parse(readFixtureText(path)) as {
      profiles: RawProfile[];
      shared: { frames: unknown[] };
    };
    expect(raw.shared.frames).toHaveLength(frames);
    const profile = importSpeedscope(readFixture(path));
    expect(profile.format).toBe('speedscope');
    expect(profile.name).toBe(raw.profiles[index].name);
    const tree = profile.tree();
    expect(tree.total[0]).toBe(rawTotal(raw.profiles[index]));
    expect(tree.nodeCount - 1).toBe(4);
    expect(tree.maxDepth).toBe(3);
    expect(tree.total[findNodeByPath(tree, ['a', 'b', 'd'])]).toBe(4);
    expect(printTree(tree)).toBe(SIMPLE_TREE);
    expect(profile.warnings).toEqual([]);
  });

  it('names the sample type after the unit and keeps the time range', () => {
    const profile = importSpeedscope(readFixture('speedscope/sampled-simple.speedscope.json'));
    expect(profile.sampleTypes).toEqual([{ type: 'time', unit: 'seconds' }]);
    expect(profile.timeRange).toEqual({ startNs: 0, endNs: 14e9 });
    const untimed = importSpeedscope(readFixture('speedscope/evented-simple.speedscope.json'));
    expect(untimed.sampleTypes).toEqual([{ type: 'weight', unit: 'none' }]);
    expect(untimed.timeRange).toBeUndefined();
    const bytes = importSpeedscope(file([sampled([[0]], [3], 'bytes')]));
    expect(bytes.sampleTypes).toEqual([{ type: 'memory', unit: 'bytes' }]);
  });

  it('lists every profile and imports the one asked for', () => {
    const bytes = readFixture('speedscope/sampled-two-profiles.speedscope.json');
    const names = ['one', 'two'];
    expect(importSpeedscope(bytes).alternatives).toEqual({ names, index: 1 });
    expect(importSpeedscope(bytes, { profile: 0 }).alternatives).toEqual({ names, index: 0 });
    expect(importSpeedscope(bytes, { profile: 'one' }).name).toBe('one');
    for (const profile of ['three', 2, -1, 0.5]) {
      const error = catchError(() => importSpeedscope(bytes, { profile })) as FlamekitError;
      expect(error).toBeInstanceOf(FlamekitError);
      expect(error.code).toBe('invalid-argument');
      expect(error.message).toContain('0: "one", 1: "two"');
    }
    const single = importSpeedscope(readFixture('speedscope/sampled-simple.speedscope.json'));
    expect(single.alternatives).toBeUndefined();
  });

  it('starts with the first profile when activeProfileIndex names none, and says so', () => {
    const text = file([sampled([[0]], [1]), sampled([[1]], [2])]).replace(
      '{',
      '{"activeProfileIndex":7,',
    );
    const profile = importSpeedscope(text);
    expect(profile.alternatives?.index).toBe(0);
    expect(profile.warnings.map((w) => w.code)).toEqual(['invalid-active-profile']);
  });

  it('rejects an evented profile with an unclosed frame at the event that opened it', () => {
    const error = parseError(() =>
      importSpeedscope(readFixture('speedscope/invalid-incomplete-trace.json')),
    );
    expect(error.position).toEqual({ jsonPath: '$.profiles[0].events[0]' });
    expect(error.message).toMatch(/frame 0 \("A"\).*never closed/);
  });

  it('rejects an evented profile that closes a frame which is not on top, at that event', () => {
    const error = parseError(() =>
      importSpeedscope(readFixture('speedscope/invalid-out-of-order-events.json')),
    );
    expect(error.position).toEqual({ jsonPath: '$.profiles[0].events[6]' });
    expect(error.message).toMatch(/closes frame 1 \("B"\).*innermost open frame is 0 \("A"/);
  });

  it('reads evented recursion, gaps and same-time events exactly', () => {
    const profile = importSpeedscope(
      file(
        [
          evented(
            [
              { type: 'O', frame: 0, at: 0 },
              { type: 'O', frame: 0, at: 1 },
              { type: 'O', frame: 1, at: 1 },
              { type: 'C', frame: 1, at: 1 },
              { type: 'O', frame: 1, at: 2 },
              { type: 'C', frame: 1, at: 5 },
              { type: 'C', frame: 0, at: 6 },
              { type: 'C', frame: 0, at: 6 },
              // 6..10 nothing is open: no time counted.
              { type: 'O', frame: 1, at: 10 },
              { type: 'C', frame: 1, at: 12 },
            ],
            'milliseconds',
          ),
        ],
        [{ name: 'a' }, { name: 'b', file: 'b.js', line: 3, col: 9 }],
      ),
    );
    expect(printTree(profile.tree())).toBe(
      [
        '- a (total 6, self 1)',
        '  - a (total 5, self 2)',
        '    - b (total 3, self 3)',
        '- b (total 2, self 2)',
      ].join('\n'),
    );
    expect(profile.frames.get(profile.tree().frame[findNodeByPath(profile.tree(), ['b'])])).toEqual(
      { name: 'b', file: 'b.js', line: 3 },
    );
    // One sample per interval with something open, at the interval's start.
    expect([...profile.samples.timeNs!]).toEqual([0, 1e6, 2e6, 5e6, 10e6]);
  });

  it('keeps hostile frame names as plain text', () => {
    const names = ['__proto__', 'constructor', '<img src=x onerror=alert(1)>'];
    const profile = importSpeedscope(
      file(
        [sampled([[0, 1, 2]], [1])],
        names.map((name) => ({ name })),
      ),
    );
    expect(printTree(profile.tree())).toBe(
      [
        '- __proto__ (total 1, self 0)',
        '  - constructor (total 1, self 0)',
        '    - <img src=x onerror=alert(1)> (total 1, self 1)',
      ].join('\n'),
    );
  });

  it('reads a 100,000-deep evented stack without recursion', () => {
    const depth = 100_000;
    const events = [];
    for (let i = 0; i < depth; i++) events.push({ type: 'O', frame: i % 2, at: i });
    for (let i = depth - 1; i >= 0; i--)
      events.push({ type: 'C', frame: i % 2, at: 2 * depth - i });
    const tree = importSpeedscope(file([evented(events)])).tree();
    expect(tree.maxDepth).toBe(depth);
    expect(tree.total[0]).toBe(2 * depth);
  });

  it.each<[string, string, string]>([
    ['[]', '$', 'not a JSON object'],
    ['{"profiles": []}', '$.shared.frames', 'shared.frames'],
    [file([]), '$.profiles', 'missing or empty'],
    [file([{ type: 'weird' }]), '$.profiles[0].type', '"weird"'],
    [file([sampled([[0]], [1])], [{ name: 1 }]), '$.shared.frames[0]', 'string "name"'],
    [file([sampled([[0]], [1])], [{ name: 'a', line: 'x' }]), '$.shared.frames[0].line', '"x"'],
    [file([sampled([[0], [0, 2]], [1, 1])]), '$.profiles[0].samples[1][1]', 'shared.frames has 2'],
    [file([sampled([[0], [0]], [1])]), '$.profiles[0].weights', '1 entries for 2 samples'],
    [file([sampled([[0]], ['1'])]), '$.profiles[0].weights[0]', 'finite numbers'],
    [file([sampled([0], [1])]), '$.profiles[0].samples[0]', 'not an array'],
    [file([sampled([[0.5]], [1])]), '$.profiles[0].samples[0][0]', '0.5'],
    [file([evented({})]), '$.profiles[0].events', 'not an array'],
    [file([evented([{ type: 'X', frame: 0, at: 0 }])]), '$.profiles[0].events[0].type', '"X"'],
    [
      file([evented([{ type: 'C', frame: 0, at: 0 }])]),
      '$.profiles[0].events[0]',
      'no frame is open',
    ],
    [
      file([
        evented([
          { type: 'O', frame: 0, at: 5 },
          { type: 'C', frame: 0, at: 4 },
        ]),
      ]),
      '$.profiles[0].events[1].at',
      'time order',
    ],
  ])('rejects %s at %s', (text, jsonPath, fragment) => {
    const error = parseError(() => importSpeedscope(text));
    expect(error.position).toEqual({ jsonPath });
    expect(error.message).toContain(fragment);
  });

  it('rejects empty and non-JSON input with a position', () => {
    expect(parseError(() => importSpeedscope('')).message).toContain('empty');
    expect(parseError(() => importSpeedscope('{"shared":')).position?.line).toBe(1);
  });

  it('is detected only where it fits', () => {
    for (const [path] of fixtures) expect(isSpeedscope(readFixture(path))).toBe(true);
    expect(isSpeedscope(readFixture('speedscope/invalid-incomplete-trace.json'))).toBe(true);
    expect(isSpeedscope('{"name": "root", "value": 1}')).toBe(false);
    expect(isSpeedscope('{"$schema": "https://json-schema.org/draft-07/schema"}')).toBe(false);
    expect(isSpeedscope('{"$schema": "https://www.speedscope.app/file-format-schema.json"')).toBe(
      false,
    );
    expect(isSpeedscope('a;b 1\n')).toBe(false);
    expect(isSpeedscope(new Uint8Array([0x0a, 0x00, 0x01]))).toBe(false);
  });
});
