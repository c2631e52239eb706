import { CallTree } from './call-tree';
import { FlamekitError } from '../errors';
import { FrameTable, type FrameColumns } from './frame-table';
import type { Label, Profile } from './profile';
import { createProfile } from './profile-builder';
import { computeThreadProfile } from './profile-threads';
import { StackTable } from './stack-table';
import { StringTable } from './string-table';
import type { TimeOrder, TimeOrderLane } from './time-order';

/** A built tree's columns, so that the receiving side need not build it again. */
export interface CallTreePayload {
  sampleType: number;
  rootName: string;
  frame: Int32Array;
  parent: Int32Array;
  depth: Int32Array;
  subtreeEnd: Int32Array;
  self: Float64Array;
  total: Float64Array;
  baselineSelf?: Float64Array;
  baselineTotal?: Float64Array;
  maxDepth: number;
  hasNegativeValues: boolean;
  /** The nodes by depth (the flame graph's rows), grouped on the sending side. */
  rowOffsets: Int32Array;
  rowNodes: Int32Array;
}

export interface SerializeProfileOptions {
  /**
   * Sample types whose trees go along (built first where they are not yet): the receiver shows
   * them at once instead of building them. Default none.
   */
  trees?: readonly number[];
}

/**
 * A {@link Profile} as plain data for `postMessage`: typed arrays (moved, not copied, when sent
 * with {@link transferablesOf}) plus the strings and small metadata, which are cloned.
 */
export interface ProfilePayload {
  version: 1;
  parts: Omit<Profile, 'tree' | 'frames' | 'stacks' | 'samples' | 'allThreads' | 'timeOrder'>;
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
  trees?: CallTreePayload[];
  timeOrder?: TimeOrderPayload;
}

/** A time order as plain data; its tables are the profile's own when `ownTables` is absent. */
interface TimeOrderPayload {
  depths: Int32Array;
  unit: string;
  origin: number;
  duration: number;
  lanes: TimeOrderLane[];
  ownTables?: { strings: string[]; frames: FrameColumns; parent: Int32Array; frame: Int32Array };
}

/**
 * The profile as plain data (copies: the profile stays usable), with the trees asked for. Send
 * it with `postMessage(payload, transferablesOf(payload))`; {@link deserializeProfile} on the
 * other side. A thread's view travels as the whole profile and the thread, with the view's trees.
 */
export function serializeProfile(
  profile: Profile,
  options: SerializeProfileOptions = {},
): ProfilePayload {
  const trees = options.trees?.map((sampleType): CallTreePayload => {
    const tree = profile.tree(sampleType);
    const rows = tree.nodesByDepth();
    return {
      rowOffsets: rows.offsets.slice(),
      rowNodes: rows.nodes.slice(),
      sampleType,
      rootName: tree.rootName,
      frame: tree.frame.slice(),
      parent: tree.parent.slice(),
      depth: tree.depth.slice(),
      subtreeEnd: tree.subtreeEnd.slice(),
      self: tree.self.slice(),
      total: tree.total.slice(),
      ...(tree.baselineSelf && { baselineSelf: tree.baselineSelf.slice() }),
      ...(tree.baselineTotal && { baselineTotal: tree.baselineTotal.slice() }),
      maxDepth: tree.maxDepth,
      hasNegativeValues: tree.hasNegativeValues,
    };
  });
  if (profile.allThreads) {
    const thread = profile.alternatives ? profile.alternatives.index - 1 : -1;
    return { ...serializeProfile(profile.allThreads), thread, ...(trees && { trees }) };
  }
  const { tree: _tree, frames, stacks, samples, allThreads: _whole, timeOrder, ...parts } = profile;
  return {
    ...(trees && { trees }),
    ...(timeOrder && { timeOrder: serializeTimeOrder(timeOrder, profile) }),
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

function serializeTimeOrder(timeOrder: TimeOrder, profile: Profile): TimeOrderPayload {
  const { unit, origin, duration, frames, stacks } = timeOrder;
  const depths = timeOrder.depths.slice();
  const lanes = timeOrder.lanes.map((lane) => ({
    ...lane,
    start: lane.start.slice(),
    end: lane.end.slice(),
    stack: lane.stack.slice(),
  }));
  const shared = frames === profile.frames && stacks === profile.stacks;
  const { parent, frame } = stacks.columns();
  return {
    depths,
    unit,
    origin,
    duration,
    lanes,
    ...(!shared && {
      ownTables: { strings: frames.strings.toArray(), frames: frames.columns(), parent, frame },
    }),
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
    ...(payload.trees ?? []).flatMap((tree) => [
      tree.frame,
      tree.parent,
      tree.depth,
      tree.subtreeEnd,
      tree.self,
      tree.total,
      tree.rowOffsets,
      tree.rowNodes,
      ...(tree.baselineSelf ? [tree.baselineSelf] : []),
      ...(tree.baselineTotal ? [tree.baselineTotal] : []),
    ]),
    ...(payload.timeOrder?.lanes.flatMap((lane) => [lane.start, lane.end, lane.stack]) ?? []),
    ...(payload.timeOrder ? [payload.timeOrder.depths] : []),
    ...Object.values(payload.timeOrder?.ownTables?.frames ?? {}),
    ...(payload.timeOrder?.ownTables
      ? [payload.timeOrder.ownTables.parent, payload.timeOrder.ownTables.frame]
      : []),
  ];
  return arrays.map((array) => array.buffer as ArrayBuffer);
}

export function deserializeProfile(payload: ProfilePayload): Profile {
  if (payload?.version !== 1)
    throw new FlamekitError(
      'invalid-argument',
      'this is not a profile payload made by serializeProfile (version 1)',
    );
  // Trusted as serializeProfile made them, checked in single passes: the strings' and frames'
  // lookups and the stacks' child lists are built only if something is added to them, and the
  // trees sent along are taken as they are. A million-node profile is then ready at once on the
  // main thread, where hashing its names and stacks again would freeze the page.
  const strings = StringTable.trusted(payload.strings);
  const frames = FrameTable.trusted(strings, payload.frames);
  checkFrameColumns(payload.frames, strings.size);
  const stacks = StackTable.trusted(frames, payload.stackParent, payload.stackFrame);
  const timeOrder = payload.timeOrder && deserializeTimeOrder(payload.timeOrder, frames, stacks);
  const trees = new Map<number, CallTree>();
  for (const tree of payload.trees ?? []) trees.set(tree.sampleType, treeOf(tree, frames));
  const whole = {
    ...payload.parts,
    frames,
    stacks,
    samples: payload.samples,
    ...(timeOrder && { timeOrder }),
  };
  if (payload.thread === undefined) return createProfile(whole, trees);
  // The trees are the thread's view's: that profile gets them.
  const { tree: _tree, ...view } = computeThreadProfile(createProfile(whole), payload.thread);
  return createProfile(view, trees);
}

function checkFrameColumns(columns: FrameColumns, stringCount: number): void {
  const { name, file, line, module } = columns;
  if (file.length !== name.length || line.length !== name.length || module.length !== name.length)
    throw new FlamekitError('invalid-argument', 'the frame columns have different lengths');
  // A file or module of -1 is none.
  for (let f = 0; f < name.length; f++) {
    if (
      !(name[f] >= 0 && name[f] < stringCount) ||
      !(file[f] >= -1 && file[f] < stringCount) ||
      !(module[f] >= -1 && module[f] < stringCount)
    ) {
      throw new FlamekitError(
        'invalid-argument',
        `frame ${f} names a string the payload does not have (it has ${stringCount})`,
      );
    }
  }
}

function treeOf(payload: CallTreePayload, frames: FrameTable): CallTree {
  const n = payload.frame.length;
  const columns = [
    payload.parent,
    payload.depth,
    payload.subtreeEnd,
    payload.self,
    payload.total,
    payload.rowNodes,
  ];
  if (
    n === 0 ||
    columns.some((column) => column.length !== n) ||
    payload.rowOffsets.length !== payload.maxDepth + 2 ||
    payload.rowOffsets[payload.maxDepth + 1] !== n
  ) {
    throw new FlamekitError(
      'invalid-argument',
      `the tree of sample type ${payload.sampleType} has columns of different lengths`,
    );
  }
  return CallTree.trusted(
    {
      frames,
      frame: payload.frame,
      parent: payload.parent,
      self: payload.self,
      baselineSelf: payload.baselineSelf,
      rootName: payload.rootName,
    },
    payload.depth,
    payload.subtreeEnd,
    {
      total: payload.total,
      baselineTotal: payload.baselineTotal,
      maxDepth: payload.maxDepth,
      hasNegativeValues: payload.hasNegativeValues,
      nodesByDepth: { offsets: payload.rowOffsets, nodes: payload.rowNodes },
    },
  );
}

function deserializeTimeOrder(
  payload: TimeOrderPayload,
  profileFrames: FrameTable,
  profileStacks: StackTable,
): TimeOrder {
  const own = payload.ownTables;
  const frames = own
    ? FrameTable.fromColumns(StringTable.fromArray(own.strings), own.frames)
    : profileFrames;
  const stacks = own ? StackTable.fromColumns(frames, own.parent, own.frame) : profileStacks;
  const { depths, unit, origin, duration, lanes } = payload;
  return { frames, stacks, depths, unit, origin, duration, lanes };
}
