import { CallTreeBuilder, FrameTable, type CallTree } from '../src/core';

/**
 * A seeded synthetic tree of about `nodeCount` nodes (depth up to 40, mostly chains, a few wide
 * nodes, names reused), built in the browser so that a story can show a 1M-node graph without
 * shipping a 100 MB file.
 */
export function generateTree(nodeCount: number, seed = 1): CallTree {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const frames = new FrameTable();
  const packages = ['net/http', 'encoding/json', 'runtime', 'github.com/acme/api', 'database/sql'];
  const pool = Array.from({ length: Math.max(200, nodeCount / 25) }, (_, i) =>
    frames.internName(`${packages[i % packages.length]}.func${i}`),
  );
  const builder = new CallTreeBuilder({ frames });
  const stack = new Int32Array(64);
  let nodes = 0;
  while (nodes < nodeCount) {
    const depth = 1 + Math.floor(random() * 40);
    // Share a prefix with the previous stack most of the time, as real profiles do.
    for (let d = 0; d < depth; d++) {
      if (d > 2 && random() < 0.85) continue;
      stack[d] = pool[Math.floor(pool.length * random() ** 3)];
    }
    builder.addStack(stack, 1 + Math.floor(random() * 100), depth);
    nodes += Math.max(1, Math.round(depth * 0.95)); // measured: about that many nodes per stack
  }
  return builder.build();
}
