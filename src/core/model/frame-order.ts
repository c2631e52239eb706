import type { FrameTable } from './frame-table';
import type { FrameIndex } from '../types';

/**
 * The rank of every frame in name order: name, then file, then line, then module, each compared
 * by UTF-16 code units (not the locale, so the order is the same on every machine), then by frame
 * id. Sorting frames once lets the builder order siblings by comparing integers.
 */
export function computeFrameOrder(frames: FrameTable, only?: Int32Array): Int32Array {
  // The full order of a table is kept (per table, until it grows), because every tree cut from a
  // profile (each sample type, sandwich, transform) orders siblings by the same frames: sorting
  // the names once per profile instead of once per tree. Ranks of a subset keep its order.
  const cached = fullOrders.get(frames);
  if (cached && cached.length === frames.size) return cached;
  if (!only || only.length * 4 > frames.size) {
    const full = sortFrames(frames);
    fullOrders.set(frames, full);
    return full;
  }
  return sortFrames(frames, only);
}

const fullOrders = new WeakMap<FrameTable, Int32Array>();

/** Records `rank` as the order of every frame of `frames`, for a table built already sorted. */
export function rememberFrameOrder(frames: FrameTable, rank: Int32Array): void {
  fullOrders.set(frames, rank);
}

function sortFrames(frames: FrameTable, only?: Int32Array): Int32Array {
  // Ranking only the frames a tree uses keeps a small tree cut from a big profile (a sandwich, a
  // focus) from sorting every name of the profile.
  const byName = only
    ? Int32Array.from(only)
    : Int32Array.from({ length: frames.size }, (_, f) => f);
  const names: string[] = new Array(frames.size);
  for (const f of byName) names[f] = frames.name(f);
  byName.sort((a: FrameIndex, b: FrameIndex) => {
    const nameA = names[a];
    const nameB = names[b];
    if (nameA !== nameB) return nameA < nameB ? -1 : 1;
    return (
      compareOptional(frames.file(a), frames.file(b)) ||
      (frames.line(a) ?? 0) - (frames.line(b) ?? 0) ||
      compareOptional(frames.module(a), frames.module(b)) ||
      a - b
    );
  });
  const rank = new Int32Array(frames.size);
  for (let i = 0; i < byName.length; i++) rank[byName[i]] = i;
  return rank;
}

/** Optional strings in the frame order: absent first, then by UTF-16 code units. */
export function compareOptional(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return a < b ? -1 : 1;
}
