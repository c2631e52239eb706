import { describe, expect, it } from 'vitest';
import {
  FlamekitError,
  deserializeProfile,
  importProfile,
  printTree,
  serializeProfile,
  transferablesOf,
} from '../../../src/core';
import { catchError } from '../../helpers/catch-error';
import { readFixture } from '../../helpers/fixtures';

/** Through structured clone, as postMessage sends it (the transferables moved). */
function sent<T>(payload: T, transfer: ArrayBuffer[]): T {
  return structuredClone(payload, { transfer });
}

describe('serializeProfile and deserializeProfile', () => {
  const bytes = readFixture('pprof/go/parca-heap-alloc_objects.pb.gz');

  it('send a built tree along, which the other side shows as it is', () => {
    const local = importProfile(bytes);
    const payload = serializeProfile(importProfile(bytes), { trees: [local.defaultSampleType] });
    const copy = sent(payload, transferablesOf(payload));
    const received = deserializeProfile(copy);
    const tree = received.tree();
    expect(tree.frame).toBe(copy.trees![0].frame); // the sent column, not built again
    expect(tree.nodesByDepth().nodes).toBe(copy.trees![0].rowNodes); // the rows grouped there
    // The rows hold each node once, at its depth, in pre-order.
    const { offsets, nodes } = tree.nodesByDepth();
    for (let depth = 0; depth <= tree.maxDepth; depth++) {
      const row = [...nodes.subarray(offsets[depth], offsets[depth + 1])];
      const expected = [...tree.depth.keys()].filter((node) => tree.depth[node] === depth);
      expect(row).toEqual(expected);
    }
    expect(printTree(tree)).toBe(printTree(local.tree()));
    // Other sample types are built on this side, from the stacks.
    for (let type = 0; type < local.sampleTypes.length; type++)
      expect(printTree(received.tree(type))).toBe(printTree(local.tree(type)));
  });

  it('keep the profile usable where it was made: its trees are copied, not moved', () => {
    const profile = importProfile(bytes);
    const before = printTree(profile.tree());
    const payload = serializeProfile(profile, { trees: [profile.defaultSampleType] });
    sent(payload, transferablesOf(payload));
    expect(printTree(profile.tree())).toBe(before);
  });

  it('give stacks that can still grow: a received profile interns new stacks as the original', () => {
    const profile = importProfile(bytes);
    const received = deserializeProfile(sent(serializeProfile(profile), []));
    const stacks = [profile.stacks, received.stacks];
    // A stack that exists, and one that does not yet: both tables answer the same.
    const existing = profile.stacks.framesOf(profile.stacks.size - 1);
    const fresh = [...existing, existing[0]];
    const [a, b] = stacks.map((table) => [table.intern(existing), table.intern(fresh)]);
    expect(b).toEqual(a);
    expect(received.stacks.size).toBe(profile.stacks.size);
  });

  it('refuse a payload whose columns do not fit together, with the library error', () => {
    const payload = serializeProfile(importProfile(bytes));
    const brokenParent = {
      ...payload,
      stackParent: payload.stackParent.map((p, s) => (s === 3 ? 7 : p)),
    };
    const brokenFrame = {
      ...payload,
      frames: { ...payload.frames, name: payload.frames.name.map(() => 1e6) },
    };
    for (const broken of [brokenParent, brokenFrame, { version: 2 }]) {
      const error = catchError(() => deserializeProfile(broken as typeof payload));
      expect(error).toBeInstanceOf(FlamekitError);
      expect(error).toMatchObject({ code: 'invalid-argument' });
    }
  });
});
