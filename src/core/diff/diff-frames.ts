import { compareOptional, computeFrameOrder, rememberFrameOrder } from '../model/frame-order';
import { FrameTable } from '../model/frame-table';
import { StringTable } from '../model/string-table';
import type { FrameIndex } from '../types';

// One frame table for the two trees of a diff, so that their nodes can be matched by frame id.

/**
 * The frames of two tables as one, in name order (the order of {@link computeFrameOrder}), with
 * the merged id of each frame of either table. Both tables' sorted orders are merged like two
 * sorted lists, so each frame is compared a few times, and the merged table is made from columns
 * without hashing its frames (matched by name, not its strings either).
 */
export interface MergedFrames {
  table: FrameTable;
  fromFirst: Int32Array;
  fromSecond: Int32Array;
}

export function mergeFrameTables(
  first: FrameTable,
  second: FrameTable,
  matchBy: 'name' | 'frame',
): MergedFrames {
  if (first === second && matchBy === 'frame') {
    const identity = Int32Array.from({ length: first.size }, (_, f) => f);
    return { table: first, fromFirst: identity, fromSecond: identity };
  }
  if (matchBy === 'name') return mergeFrameNames(first, second);
  const fromFirst = new Int32Array(first.size);
  const fromSecond = new Int32Array(second.size);
  const firstKeys = sortedKeys(first);
  const secondKeys = sortedKeys(second);
  const merged: FrameKey[] = [];
  let i = 0;
  let j = 0;
  while (i < firstKeys.length || j < secondKeys.length) {
    const a = i < firstKeys.length ? firstKeys[i] : undefined;
    const b = j < secondKeys.length ? secondKeys[j] : undefined;
    const order = !a ? 1 : !b ? -1 : compareKeys(a, b);
    const key = (order <= 0 ? a : b)!;
    const last = merged.length > 0 ? merged[merged.length - 1] : undefined;
    if (!last || compareKeys(last, key) !== 0) merged.push(key);
    if (order <= 0) fromFirst[firstKeys[i++].frame] = merged.length - 1;
    if (order >= 0) fromSecond[secondKeys[j++].frame] = merged.length - 1;
  }
  return { table: frameTableOf(merged), fromFirst, fromSecond };
}

/**
 * {@link mergeFrameTables} matching by name: the two tables' names, each list in name order (a
 * table's frames that share a name are next to each other there), merged like two sorted lists
 * into one frame per distinct name. Plain strings, no object per frame: the tables of two large
 * profiles hold tens of thousands of frames.
 */
function mergeFrameNames(first: FrameTable, second: FrameTable): MergedFrames {
  const a = framesInNameOrder(first);
  const b = framesInNameOrder(second);
  const fromFirst = new Int32Array(first.size);
  const fromSecond = new Int32Array(second.size);
  const names: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.names.length || j < b.names.length) {
    const name =
      j === b.names.length || (i < a.names.length && a.names[i] <= b.names[j])
        ? a.names[i]
        : b.names[j];
    const id = names.length;
    names.push(name);
    while (i < a.names.length && a.names[i] === name) fromFirst[a.frames[i++]] = id;
    while (j < b.names.length && b.names[j] === name) fromSecond[b.frames[j++]] = id;
  }
  const count = names.length;
  const nameColumn = new Int32Array(count);
  for (let k = 0; k < count; k++) nameColumn[k] = k; // distinct names: string k is frame k's
  const table = FrameTable.trusted(StringTable.trusted(names), {
    name: nameColumn,
    file: new Int32Array(count).fill(-1),
    line: new Int32Array(count),
    module: new Int32Array(count).fill(-1),
  });
  // The merged frames are distinct and already in name order, which saves sorting them again.
  rememberFrameOrder(table, nameColumn);
  return { table, fromFirst, fromSecond };
}

/** The frames of a table in name order (computeFrameOrder's), with their names. */
function framesInNameOrder(frames: FrameTable): { frames: Int32Array; names: string[] } {
  const rank = computeFrameOrder(frames);
  const ordered = new Int32Array(frames.size);
  for (let f = 0; f < frames.size; f++) ordered[rank[f]] = f;
  const names: string[] = new Array(frames.size);
  for (let k = 0; k < frames.size; k++) names[k] = frames.name(ordered[k]);
  return { frames: ordered, names };
}

/** A frame table of distinct `keys`, frame k being keys[k], remembered as in name order. */
function frameTableOf(keys: FrameKey[]): FrameTable {
  const count = keys.length;
  const columns = {
    name: new Int32Array(count),
    file: new Int32Array(count).fill(-1),
    line: new Int32Array(count),
    module: new Int32Array(count).fill(-1),
  };
  const strings = new StringTable();
  const order = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const { name, file, line, module } = keys[k];
    columns.name[k] = strings.intern(name);
    if (file !== undefined) columns.file[k] = strings.intern(file);
    columns.line[k] = line;
    if (module !== undefined) columns.module[k] = strings.intern(module);
    order[k] = k;
  }
  const table = FrameTable.trusted(strings, columns);
  // The merged frames are distinct and already in name order, which saves sorting them again.
  rememberFrameOrder(table, order);
  return table;
}

interface FrameKey {
  frame: FrameIndex;
  name: string;
  file?: string;
  line: number;
  module?: string;
}

/** The frames of a table in name order (computeFrameOrder's), each with all its parts. */
function sortedKeys(frames: FrameTable): FrameKey[] {
  const rank = computeFrameOrder(frames);
  const keys: FrameKey[] = new Array(frames.size);
  for (let f = 0; f < frames.size; f++) {
    keys[rank[f]] = {
      frame: f,
      name: frames.name(f),
      file: frames.file(f),
      line: frames.line(f) ?? 0,
      module: frames.module(f),
    };
  }
  return keys;
}

/** The order of computeFrameOrder without its final tie-break by id. */
function compareKeys(a: FrameKey, b: FrameKey): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return compareOptional(a.file, b.file) || a.line - b.line || compareOptional(a.module, b.module);
}
