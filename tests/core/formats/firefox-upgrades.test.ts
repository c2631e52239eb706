import { describe, expect, it } from 'vitest';
import { FlamekitError, importProfile, type Profile } from '../../../src/core';
import { catchError } from '../../helpers/catch-error';
import { readFixtureText } from '../../helpers/fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw profile JSON is read loosely here */

/**
 * Old processed profiles against the Firefox Profiler's own upgrader tests: its
 * `profile-upgrading.test.ts` upgrades `processed-1.json` (meta.version 3, from before
 * `preprocessedProfileVersion` existed: version 0), `processed-2.json` (version 7) and
 * `processed-3.json` (version 24) to its current version (70) and snapshots the result. flamekit
 * reads each old file as it is; its trees must equal those it reads from the snapshot's upgraded
 * profile, thread by thread, frame by frame (name, file, line, module) and value by value, and
 * their totals what the upgraded samples add up to. (Fixtures copied from
 * firefox-devtools/profiler @ df31314e1, see the README.)
 */
const DIR = 'firefox/';
const SNAPSHOT = `${DIR}firefox-profiler-profile-upgrading.test.ts.snap`;

/** The upgraded profile a Jest snapshot holds, from Jest's notation back to JSON. */
function upgradedProfile(name: string): any {
  const snapshot = readFixtureText(SNAPSHOT);
  const start = snapshot.indexOf(
    `exports[\`upgrading processed profiles should upgrade ${name} all the way`,
  );
  expect(start).toBeGreaterThan(0);
  const body = snapshot.slice(snapshot.indexOf('= `', start) + 3, snapshot.indexOf('\n`;', start));
  return JSON.parse(
    body
      .replace(/\b(?:Object|Array) ([{[])/g, '$1')
      .replace(/,(\s*[}\]])/g, '$1')
      .replace(/\bundefined\b/g, 'null'),
  );
}

/** Every node of a view's tree: its path of frames (name, file, line, module) and its total. */
function nodes(profile: Profile): string[] {
  const tree = profile.tree();
  const lines: string[] = [];
  for (let node = 1; node < tree.nodeCount; node++) {
    const frame = profile.frames.get(tree.frame[node]);
    lines.push(`${'  '.repeat(tree.depth[node] - 1)}${JSON.stringify(frame)} ${tree.total[node]}`);
  }
  return lines;
}

const FILES: [name: string, fixture: string, version: number | undefined][] = [
  ['processed-1.json', 'firefox-profiler-processed-1.json', undefined],
  ['processed-2.json', 'firefox-profiler-processed-2.json', 7],
  ['processed-3.json', 'firefox-profiler-processed-3.json', 24],
];

describe('old Firefox processed profiles, against the Firefox Profiler upgrader', () => {
  it.each(FILES)('%s reads as the Firefox Profiler upgrades it', (name, fixture, version) => {
    const text = readFixtureText(DIR + fixture);
    expect(JSON.parse(text).meta.preprocessedProfileVersion).toBe(version);
    const upgraded = upgradedProfile(name);
    expect(upgraded.meta.preprocessedProfileVersion).toBe(70);
    const old = importProfile(text, { profile: 0 });
    const reference = importProfile(JSON.stringify(upgraded), { profile: 0 });
    expect(old.format).toBe('firefox');
    expect(old.warnings).toEqual([]);
    const threads = upgraded.threads;
    expect(old.threads!.map((thread) => thread.name)).toEqual(threads.map((t: any) => t.name));
    threads.forEach((thread: any, k: number) => {
      const view = importProfile(text, { profile: k + 1 });
      expect(nodes(view)).toEqual(
        nodes(importProfile(JSON.stringify(upgraded), { profile: k + 1 })),
      );
      // The upgraded samples added up another way: one per sample with a stack.
      const samples = thread.samples;
      const expected = samples.stack.filter((stack: unknown) => stack !== null).length;
      expect(view.tree().total[0]).toBe(expected);
    });
    expect(old.tree().total[0]).toBe(reference.tree().total[0]);
  });

  it('splits version 0 JS names into name, file and line, as the version 4 upgrader does', () => {
    const old = importProfile(readFixtureText(`${DIR}firefox-profiler-processed-1.json`));
    const frames = Array.from({ length: old.frames.size }, (_, i) => old.frames.get(i));
    // "frobnicate (chrome://blargh:34)" in the file.
    expect(frames).toContainEqual({
      name: 'frobnicate',
      file: 'chrome://blargh',
      line: 34,
      module: 'chrome://blargh',
    });
    // Version 0's "Content" thread is the tab process's GeckoMain from version 1 on.
    expect(old.threads!.map((t) => `${t.name}/${t.processName}`)).toEqual([
      'GeckoMain/default',
      'Compositor/default',
      'GeckoMain/tab',
    ]);
  });

  it('reads names of old versions by hand, in one pass, and leaves other names alone', () => {
    const profile = (names: string[], isJS: boolean[]) => ({
      meta: { version: 3, startTime: 0, interval: 1 },
      threads: [
        {
          name: 'GeckoMain',
          stringArray: names,
          samples: {
            length: names.length,
            stack: names.map((_, i) => i),
            time: names.map(() => 0),
          },
          stackTable: {
            length: names.length,
            prefix: names.map(() => null),
            frame: names.map((_, i) => i),
          },
          frameTable: { length: names.length, func: names.map((_, i) => i) },
          funcTable: {
            length: names.length,
            name: names.map((_, i) => i),
            resource: names.map(() => -1),
            isJS,
          },
        },
      ],
    });
    const names = [
      'f (https://a.example/x.js:12:5)',
      'https://a.example/y.js:7',
      'AutoEntryScript setTimeout handler',
      'g (a -> https://b.example/z.js:3)',
      'native (not js:4)',
      `${'a ('.repeat(20_000)}x:1)`,
    ];
    const read = importProfile(
      JSON.stringify(profile(names, [true, true, false, true, false, true])),
    );
    const frames = Array.from({ length: read.frames.size }, (_, i) => read.frames.get(i));
    expect(frames.slice(0, 5)).toEqual([
      // Version 4 reads "x.js:12" as the file and 5 as the line; version 18 takes the 12 back.
      { name: 'f', file: 'https://a.example/x.js', line: 12 },
      { name: 'https://a.example/y.js', file: 'https://a.example/y.js', line: 7 },
      { name: 'setTimeout handler' },
      { name: 'g', file: 'https://b.example/z.js', line: 3 },
      { name: 'native (not js:4)' },
    ]);
    // The last " (" before the location, as the greedy expression finds it: linear here.
    expect(frames[5]).toEqual({ name: `${'a ('.repeat(19_999)}a`, file: 'x', line: 1 });
  });
});

describe('Firefox formats flamekit cannot upgrade', () => {
  it.each([
    [
      'a raw Gecko profile',
      { meta: { version: 27 }, threads: [{ samples: { schema: { stack: 0 }, data: [] } }] },
      /raw Gecko profile \(meta\.version 27\)/,
      true,
    ],
    [
      'a Cleopatra profile',
      { format: 'profileJSONWithSymbolicationTable,1', meta: { version: 2 }, profileJSON: [] },
      /Cleopatra format \("profileJSONWithSymbolicationTable,1", meta\.version 2\)/,
      false,
    ],
    [
      'a processed profile of a version that cannot be read',
      { meta: { preprocessedProfileVersion: 99 }, threads: [{ name: 'x', samples: 3 }] },
      /version 99, newer than the newest flamekit reads \(70\), and could not be read/,
      false,
    ],
  ])('refuses %s, naming its version', (_, json, message, gecko) => {
    const error = catchError(() => importProfile(JSON.stringify(json))) as FlamekitError;
    expect(error).toBeInstanceOf(FlamekitError);
    expect(error.format).toBe('firefox');
    expect(error.message).toMatch(message);
    if (!gecko) expect(error.message).not.toMatch(/raw Gecko/);
  });

  it('never calls a processed profile of version 0 a raw Gecko profile', () => {
    const raw = JSON.parse(readFixtureText(`${DIR}firefox-profiler-processed-1.json`));
    raw.threads[0].samples.stack[0] = 99;
    const error = catchError(() => importProfile(JSON.stringify(raw))) as FlamekitError;
    expect(error.message).toMatch(/\$\.threads\[0\]\.samples\.stack\[0\]/);
    expect(error.message).not.toMatch(/Gecko/);
  });
});
