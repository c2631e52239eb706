import { FlamekitError } from './errors';
import { FrameTable, type FrameColumns } from './frame-table';
import type { Label, Profile } from './profile';
import { createProfile } from './profile-builder';
import { computeThreadProfile } from './profile-threads';
import { StackTable } from './stack-table';
import { StringTable } from './string-table';

/**
 * A {@link Profile} as plain data for `postMessage`: typed arrays (moved, not copied, when sent
 * with {@link transferablesOf}) plus the strings and small metadata, which are cloned.
 */
export interface ProfilePayload {
  version: 1;
  parts: Omit<Profile, 'tree' | 'frames' | 'stacks' | 'samples' | 'allThreads'>;
  /**
   * For the profile of one thread: the payload is the whole's, and this is the thread, so that
   * the samples travel once and the receiver can still switch threads.
   */
  thread?: number;
  strings: string[];
  frames: FrameColumns;
  stackParent: Int32Array;
  stackFrame: Int32Array;
  samples: {
    count: number;
    stack: Int32Array;
    values: Float64Array[];
    labelSet?: Int32Array;
    labelSets: (readonly Label[])[];
    timeNs?: Float64Array;
    thread?: Int32Array;
  };
}

export function serializeProfile(profile: Profile): ProfilePayload {
  if (profile.allThreads) {
    const thread = profile.alternatives ? profile.alternatives.index - 1 : -1;
    return { ...serializeProfile(profile.allThreads), thread };
  }
  const { tree: _tree, frames, stacks, samples, allThreads: _whole, ...parts } = profile;
  return {
    version: 1,
    parts,
    strings: frames.strings.toArray(),
    frames: frames.columns(),
    stackParent: stacks.parentColumn(),
    stackFrame: stacks.frameColumn(),
    samples: {
      count: samples.count,
      stack: samples.stack.slice(),
      values: samples.values.map((column) => column.slice()),
      labelSets: samples.labelSets.slice(),
      ...(samples.labelSet && { labelSet: samples.labelSet.slice() }),
      ...(samples.timeNs && { timeNs: samples.timeNs.slice() }),
      ...(samples.thread && { thread: samples.thread.slice() }),
    },
  };
}

/** The buffers of a payload, to pass as `postMessage`'s transfer list. */
export function transferablesOf(payload: ProfilePayload): ArrayBuffer[] {
  const arrays = [
    payload.frames.name,
    payload.frames.file,
    payload.frames.line,
    payload.frames.module,
    payload.stackParent,
    payload.stackFrame,
    payload.samples.stack,
    ...payload.samples.values,
    ...(payload.samples.labelSet ? [payload.samples.labelSet] : []),
    ...(payload.samples.timeNs ? [payload.samples.timeNs] : []),
    ...(payload.samples.thread ? [payload.samples.thread] : []),
  ];
  return arrays.map((array) => array.buffer as ArrayBuffer);
}

export function deserializeProfile(payload: ProfilePayload): Profile {
  if (payload?.version !== 1)
    throw new FlamekitError(
      'invalid-argument',
      'this is not a profile payload made by serializeProfile (version 1)',
    );
  const frames = FrameTable.fromColumns(StringTable.fromArray(payload.strings), payload.frames);
  const stacks = StackTable.fromColumns(frames, payload.stackParent, payload.stackFrame);
  const profile = createProfile({ ...payload.parts, frames, stacks, samples: payload.samples });
  return payload.thread === undefined ? profile : computeThreadProfile(profile, payload.thread);
}
