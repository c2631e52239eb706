import { CallTreeBuilder, FrameTable, type CallTree } from '../src/core';

/**
 * A seeded synthetic profile with about `nodeCount` distinct call-tree nodes, shaped like real ones:
 * depth up to about 60, heavy-tailed fan-out (mostly chains, now and then a node with hundreds of
 * children), a Zipf-like pool of names reused across subtrees, and some direct recursion.
 *
 * The stacks come out in depth-first order, as a sorted folded file has them; `shuffleStacks`
 * reorders them the way pprof samples arrive.
 */
export interface SyntheticStacks {
  frames: FrameTable;
  /** All stacks' frames, root first, one after another. */
  stackFrames: Int32Array;
  /** Stack `i` is `stackFrames[stackStart[i] .. stackStart[i + 1]]`. */
  stackStart: Int32Array;
  values: Float64Array;
  stackCount: number;
  frameCount: number;
}

const MAX_DEPTH = 60;

export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateStacks(nodeCount: number, seed = 1): SyntheticStacks {
  const random = createRandom(seed);
  const frames = new FrameTable();
  const poolSize = Math.max(200, Math.round(nodeCount / 25));
  const pool = Array.from({ length: poolSize }, (_, i) => frames.internName(syntheticName(i)));
  const pickName = () => pool[Math.floor(poolSize * random() ** 3)];

  let stackFrames = new Int32Array(nodeCount * 16);
  const stackStart: number[] = [0];
  const values: number[] = [];
  let used = 0;
  const path = new Int32Array(MAX_DEPTH + 1);
  // Explicit DFS over (depth, frame, budget); budget is how many nodes the subtree may hold.
  const todo: [depth: number, frame: number, budget: number][] = [];
  for (const [frame, budget] of splitBudget(nodeCount, -1, random, pickName))
    todo.push([0, frame, budget]);
  while (todo.length > 0) {
    const [depth, frame, budget] = todo.pop()!;
    path[depth] = frame;
    const isLeaf = budget <= 1 || depth + 1 >= MAX_DEPTH;
    if (isLeaf || random() < 0.3) {
      if (used + depth + 1 > stackFrames.length) {
        const grown = new Int32Array(stackFrames.length * 2);
        grown.set(stackFrames);
        stackFrames = grown;
      }
      stackFrames.set(path.subarray(0, depth + 1), used);
      used += depth + 1;
      stackStart.push(used);
      values.push(1 + Math.floor(random() ** -0.6));
    }
    if (isLeaf) continue;
    const children = splitBudget(budget - 1, frame, random, pickName);
    for (let i = children.length - 1; i >= 0; i--)
      todo.push([depth + 1, children[i][0], children[i][1]]);
  }
  return {
    frames,
    stackFrames: stackFrames.slice(0, used),
    stackStart: Int32Array.from(stackStart),
    values: Float64Array.from(values),
    stackCount: values.length,
    frameCount: used,
  };
}

/** Splits a subtree's budget among distinct children: often one, sometimes very many. */
function splitBudget(
  budget: number,
  parentFrame: number,
  random: () => number,
  pickName: () => number,
): [frame: number, budget: number][] {
  let fanOut = random() < 0.55 ? 1 : 2 + Math.floor(random() ** -1.25);
  fanOut = Math.min(fanOut, budget, 400);
  const weights = Array.from({ length: fanOut }, () => random() ** 2 + 0.01);
  const sum = weights.reduce((a, b) => a + b, 0);
  const names = new Set<number>();
  const children: [number, number][] = [];
  for (const weight of weights) {
    let frame = parentFrame >= 0 && random() < 0.03 ? parentFrame : pickName();
    for (let tries = 0; names.has(frame) && tries < 8; tries++) frame = pickName();
    if (names.has(frame)) continue;
    names.add(frame);
    children.push([frame, Math.max(1, Math.round((budget * weight) / sum))]);
  }
  return children;
}

function syntheticName(i: number): string {
  const packages = [
    'net/http',
    'encoding/json',
    'runtime',
    'github.com/acme/api',
    'database/sql',
    'compress/gzip',
    'sync',
    'os',
  ];
  return `${packages[i % packages.length]}.func${i}`;
}

/** The same stacks in a seeded random order. */
export function shuffleStacks(input: SyntheticStacks, seed = 2): SyntheticStacks {
  const random = createRandom(seed);
  const order = Int32Array.from({ length: input.stackCount }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const stackFrames = new Int32Array(input.frameCount);
  const stackStart = new Int32Array(input.stackCount + 1);
  const values = new Float64Array(input.stackCount);
  let used = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    const from = input.stackStart[i];
    const to = input.stackStart[i + 1];
    stackFrames.set(input.stackFrames.subarray(from, to), used);
    used += to - from;
    stackStart[k + 1] = used;
    values[k] = input.values[i];
  }
  return { ...input, stackFrames, stackStart, values };
}

/** The stacks merged into a tree, fed to the builder the way an importer does: each stack copied into one reused buffer. */
export function buildSyntheticTree(input: SyntheticStacks): CallTree {
  const builder = new CallTreeBuilder({ frames: input.frames });
  const { stackFrames, stackStart, values } = input;
  const buffer = new Int32Array(256);
  for (let i = 0; i < input.stackCount; i++) {
    const start = stackStart[i];
    const length = stackStart[i + 1] - start;
    for (let k = 0; k < length; k++) buffer[k] = stackFrames[start + k];
    builder.addStack(buffer, values[i], length);
  }
  return builder.build();
}
