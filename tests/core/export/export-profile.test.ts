import { describe, expect, it } from 'vitest';
import type { FlamekitError } from '../../../src/core';
import {
  ProfileBuilder,
  exportProfile,
  importProfile,
  printTree,
  type Profile,
} from '../../../src/core';
import { catchError } from '../../helpers/catch-error';
import { readFixture } from '../../helpers/fixtures';
import { pprofReference } from '../../helpers/pprof-reference';

const sources = [
  'pprof/go/parca-heap-alloc_objects.pb.gz',
  'pprof/go/parca-cpu-with-api-label.pb.gz',
  'pprof/go/parca-heap-alloc_space_delta.pb.gz',
  'collapsed/pyroscope-io-java-async-profiler-cpu.txt',
  'collapsed/edge/speedscope-recursion.txt',
];

function totals(profile: Profile): number[] {
  return profile.sampleTypes.map((_, t) => profile.tree(t).total[0]);
}

describe('exportProfile', () => {
  it.each(sources)('pprof round trip of %s keeps every type total, tree and label', (file) => {
    const original = importProfile(readFixture(file));
    const bytes = exportProfile(original, 'pprof');
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    // Checked by another decoder too, not only by our own importer.
    expect(pprofReference(bytes).totals).toEqual(totals(original).map(Math.trunc));
    const back = importProfile(bytes);
    expect(back.sampleTypes).toEqual(original.sampleTypes);
    expect(back.defaultSampleType).toBe(original.defaultSampleType);
    expect(totals(back)).toEqual(totals(original));
    expect(printTree(back.tree())).toBe(printTree(original.tree()));
    expect(back.samples.labelSets.flat().length).toBe(original.samples.labelSets.flat().length);
  });

  it.each(sources)('folded round trip of %s keeps the tree of each sample type', (file) => {
    const original = importProfile(readFixture(file));
    original.sampleTypes.forEach((_, t) => {
      const back = importProfile(exportProfile(original, 'folded', { sampleType: t }));
      expect(back.tree().total[0]).toBe(original.tree(t).total[0]);
      expect(printTree(back.tree())).toBe(printTree(original.tree(t)));
    });
  });

  it.each(sources)('speedscope round trip of %s keeps the tree of each sample type', (file) => {
    const original = importProfile(readFixture(file));
    const text = exportProfile(original, 'speedscope');
    original.sampleTypes.forEach((_, t) => {
      const back = importProfile(text, { profile: t });
      expect(back.format).toBe('speedscope');
      expect(printTree(back.tree())).toBe(printTree(original.tree(t)));
    });
    expect(importProfile(text).alternatives?.index ?? 0).toBe(original.defaultSampleType);
  });

  it.each(sources)('flamebearer round trip of %s keeps the tree of each sample type', (file) => {
    const original = importProfile(readFixture(file));
    if (original.sampleTypes.some((_, t) => original.tree(t).hasNegativeValues)) return; // flamebearer has no negative widths
    original.sampleTypes.forEach((_, t) => {
      const back = importProfile(exportProfile(original, 'flamebearer', { sampleType: t }));
      expect(back.format).toBe('flamebearer');
      expect(back.warnings).toEqual([]);
      expect(printTree(back.tree())).toBe(printTree(original.tree(t)));
    });
  });

  it('writes a comparison profile as a flamebearer diff and reads it back', () => {
    const original = importProfile('a;b 1 3\na;c 2 0\nd 0 4\n');
    const back = importProfile(exportProfile(original, 'flamebearer'));
    expect(back.comparison).toEqual({ baseline: 0, comparison: 1 });
    expect(printTree(back.tree())).toBe(printTree(original.tree()));
  });

  it('writes a comparison profile in the two-value folded form', () => {
    const original = importProfile('a;b 1 3\na;c 2 0\n');
    const text = exportProfile(original, 'folded');
    expect(text).toBe('a;b 1 3\na;c 2 0\n');
  });

  it('replaces the separator and line breaks in frame names when writing folded text', () => {
    const builder = new ProfileBuilder('pprof', [{ type: 'cpu', unit: 'nanoseconds' }]);
    const frames = ['main', 'std::map<a;b>', 'two\nlines'].map((name) =>
      builder.frames.internName(name),
    );
    builder.addStackSample(frames, frames.length, 5);
    expect(exportProfile(builder.finish(), 'folded')).toBe('main;std::map<a:b>;two lines 5\n');
  });

  it('rejects an unknown format', () => {
    const profile = importProfile('a 1');
    expect(
      (catchError(() => exportProfile(profile, 'svg' as 'folded')) as FlamekitError).code,
    ).toBe('invalid-argument');
  });
});
