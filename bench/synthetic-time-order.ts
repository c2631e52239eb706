import { FrameTable, StackTable, TimeOrderBuilder, type TimeOrder } from '../src/core';
import { createRandom } from './synthetic-profile';

/**
 * A seeded synthetic recording for the flame chart: `threads` threads sampled every millisecond
 * (with a little jitter, and now and then a sleep), `samples` samples in all. Each thread walks
 * its stack as a program does: most samples keep most of the stack and change a few frames at
 * its top, now and then the work returns near the root and starts something else; depth stays
 * between 4 and 48, mostly around 32; names come from a Zipf-like pool shared by the threads, with recursion.
 */
export interface SyntheticRecording {
  timeOrder: TimeOrder;
  samples: number;
  threads: number;
}

const MIN_DEPTH = 4;
const MAX_DEPTH = 48;
const USUAL_DEPTH = 32;
const INTERVAL_NS = 1e6;

export function generateRecording(samples: number, threads = 8, seed = 1): SyntheticRecording {
  const random = createRandom(seed);
  const frames = new FrameTable();
  const poolSize = Math.max(400, Math.round(samples / 200));
  const pool = Array.from({ length: poolSize }, (_, i) => frames.internName(name(i)));
  const pick = () => pool[Math.floor(poolSize * random() ** 3)];
  const stacks = new StackTable(frames, samples);
  const builder = new TimeOrderBuilder(frames, stacks);
  const perThread = Math.ceil(samples / threads);
  const path = new Int32Array(MAX_DEPTH);
  for (let thread = 0; thread < threads; thread++) {
    const count = Math.min(perThread, samples - thread * perThread);
    const stackIds = new Int32Array(count);
    const times = new Float64Array(count);
    let depth = MIN_DEPTH + Math.floor(random() * 8);
    for (let d = 0; d < depth; d++) path[d] = pick();
    let time = thread * 1e5; // threads start a little apart
    for (let i = 0; i < count; i++) {
      // Usually a few frames at the top change; sometimes the work unwinds far.
      const pop = random() < 0.02 ? Math.floor(depth * random()) : Math.floor(random() ** 1.5 * 6);
      depth = Math.max(MIN_DEPTH - 1, depth - pop);
      // As many frames come back as went, give or take one, drifting towards the usual depth.
      const drift =
        (depth < USUAL_DEPTH ? 1 : 0) + (random() < 0.3 ? 1 : 0) - (random() < 0.3 ? 1 : 0);
      const push = Math.max(0, pop + drift);
      for (let k = 0; k < push && depth < MAX_DEPTH; k++) {
        path[depth] = random() < 0.05 && depth > 0 ? path[depth - 1] : pick();
        depth++;
      }
      if (depth < MIN_DEPTH) for (; depth < MIN_DEPTH; depth++) path[depth] = pick();
      stackIds[i] = stacks.intern(path, depth);
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
  return { timeOrder: builder.finish()!, samples, threads };
}

function name(i: number): string {
  const packages = [
    'net/http',
    'encoding/json',
    'runtime',
    'github.com/acme/api',
    'database/sql',
    'sync',
  ];
  return `${packages[i % packages.length]}.func${i}`;
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
