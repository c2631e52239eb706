import { FrameTable, StackTable, TimeOrderBuilder, type TimeOrder } from '../src/core';
import { createRandom, generateStacks } from './synthetic-profile';

/**
 * A seeded synthetic recording for the flame chart: `threads` threads sampled every millisecond
 * (with a little jitter, and now and then a sleep), `samples` samples in all.
 *
 * Each thread runs a program whose call tree is the benchmarks' synthetic tree
 * (`generateStacks`, the input the peers were measured on: heavy-tailed fan-out, depth up to about
 * 60, names reused, recursion), of `samples / threads` nodes: it executes the tree depth first, as
 * a program executes its calls, each stack sampled as many times as its weight (capped at 30),
 * and starts over when done, as a server handles the next request. So stacks repeat and
 * consecutive samples share most of their frames, as in real recordings.
 */
export interface SyntheticRecording {
  timeOrder: TimeOrder;
  samples: number;
  threads: number;
  /** Call-tree nodes of all the threads' programs together. */
  nodes: number;
}

const INTERVAL_NS = 1e6;
const MOST_REPEATS = 30;

export function generateRecording(samples: number, threads = 8, seed = 1): SyntheticRecording {
  const random = createRandom(seed);
  const frames = new FrameTable();
  const stacks = new StackTable(frames, samples);
  const builder = new TimeOrderBuilder(frames, stacks);
  const perThread = Math.ceil(samples / threads);
  let nodes = 0;
  for (let thread = 0; thread < threads; thread++) {
    const count = Math.max(0, Math.min(perThread, samples - thread * perThread));
    const program = generateStacks(Math.max(100, perThread), seed + thread);
    nodes += program.stackCount;
    // The program's frames in the recording's one frame table (names shared across threads).
    const frameOf = Int32Array.from({ length: program.frames.size }, (_, f) =>
      frames.internName(program.frames.name(f)),
    );
    const stackOf = new Int32Array(program.stackCount);
    const path = new Int32Array(64);
    for (let k = 0; k < program.stackCount; k++) {
      const from = program.stackStart[k];
      const length = program.stackStart[k + 1] - from;
      for (let d = 0; d < length; d++) path[d] = frameOf[program.stackFrames[from + d]];
      stackOf[k] = stacks.intern(path, length);
    }
    const stackIds = new Int32Array(count);
    const times = new Float64Array(count);
    let time = thread * 1e5; // threads start a little apart
    let k = 0;
    let left = 0;
    for (let i = 0; i < count; i++) {
      if (left === 0) {
        k = (k + 1) % program.stackCount;
        left = Math.min(MOST_REPEATS, Math.max(1, Math.round(program.values[k])));
      }
      left--;
      stackIds[i] = stackOf[k];
      times[i] = time;
      time += INTERVAL_NS * (0.9 + 0.2 * random()) * (random() < 0.002 ? 40 : 1);
    }
    builder.addSamples(
      { name: `worker-${thread}`, process: 'synthetic (pid 1)' },
      stacks,
      stackIds,
      times,
    );
  }
  return { timeOrder: builder.finish()!, samples, threads, nodes };
}

/** The recording as Chrome trace JSON: a `stackFrames` entry per stack, a sample per sample. */
export function chromeTraceOf(order: TimeOrder): string {
  const { stacks, frames } = order;
  const stackFrames: Record<string, { name: string; parent?: string }> = {};
  const used = new Set<number>();
  for (const lane of order.lanes) for (let i = 0; i < lane.count; i++) used.add(lane.stack[i]);
  for (const stack of used) {
    for (let s = stack; s > 0 && !(String(s) in stackFrames); s = stacks.parentOf(s)) {
      const parent = stacks.parentOf(s);
      stackFrames[String(s)] = {
        name: frames.name(stacks.frameOf(s)),
        ...(parent > 0 && { parent: String(parent) }),
      };
    }
  }
  const samples: string[] = [];
  order.lanes.forEach((lane, tid) => {
    for (let i = 0; i < lane.count; i++)
      samples.push(
        `{"pid":1,"tid":${tid},"ts":${(lane.start[i] / 1e3).toFixed(3)},"sf":"${lane.stack[i]}"}`,
      );
  });
  return `{"traceEvents":[],"stackFrames":${JSON.stringify(stackFrames)},"samples":[${samples.join(',')}]}`;
}
