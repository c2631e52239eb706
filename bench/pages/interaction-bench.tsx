import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { createFlameLayout, type CallTree, type NodeIndex } from '../../src/core';
import { FlameGraph } from '../../src/react';
import { stacksOfNodeCount } from '../diff.bench';
import { buildSyntheticTree } from '../synthetic-profile';
import { createPaintProbe } from './paint-probe';

/**
 * Browser benchmark page for input → paint (bench/interaction.bench.ts drives it with real input
 * events through playwright): a synthetic tree of `nodes` nodes (not timed), then `benchApi.mount()`
 * renders `<FlameGraph tree={tree} />` with default props in a `width`-px container, `height` px
 * tall, and `benchApi.target(depth)` says where a box of the heaviest path is on screen.
 */
const query = new URLSearchParams(location.search);
const WIDTH = Number(query.get('width') ?? 1600);
const HEIGHT = Number(query.get('height') ?? 800);
const ROW_HEIGHT = 18;

const probe = createPaintProbe();
// Ready at once: the harness's readiness wait is short, and building a large tree takes seconds.
Object.assign(window, { flamekitReady: true });

/** The heaviest path from the root: node at each depth. */
function heaviestPath(tree: CallTree): NodeIndex[] {
  const path = [0];
  for (let node = 0; ;) {
    let best = -1;
    for (let child = node + 1; child < tree.subtreeEnd[node]; child = tree.subtreeEnd[child])
      if (best < 0 || tree.total[child] > tree.total[best]) best = child;
    if (best < 0) return path;
    path.push((node = best));
  }
}

function main() {
  // As many nodes as asked (give or take a few), the sizes of the peers' comparison.
  const tree = buildSyntheticTree(stacksOfNodeCount(Number(query.get('nodes') ?? 10_000)));
  const path = heaviestPath(tree);
  const layout = createFlameLayout(tree);
  const container = document.createElement('div');
  container.style.width = `${WIDTH}px`;
  document.body.append(container);
  const root = createRoot(container);
  let mounts = 0;

  Object.assign(window, {
    benchApi: {
      nodes: tree.nodeCount,
      probe,
      /** Mount → paint of the graph, in ms. */
      async mount() {
        probe.start();
        root.render(createElement(FlameGraph, { key: mounts, tree, height: HEIGHT }));
        await probe.quiet(500);
        return probe.result().paint;
      },
      /** A fresh graph (no zoom, selection or search), as after a mount. */
      async remount() {
        root.render(createElement(FlameGraph, { key: ++mounts, tree, height: HEIGHT }));
        await probe.quiet(300);
      },
      /** Where the box of the heaviest path at `depth` is, in the unzoomed graph (client px). */
      target(depth: number) {
        const node = path[Math.min(depth, path.length - 1)];
        const canvas = container.querySelector('canvas')!.getBoundingClientRect();
        const middle = (layout.start(node) + layout.width(node) / 2) / layout.totalWidth;
        return {
          x: canvas.left + middle * canvas.width,
          y: canvas.top + canvas.height - (tree.depth[node] + 0.5) * ROW_HEIGHT,
          name: tree.name(node),
        };
      },
      tooltip: () => document.querySelector('[data-flamekit="tooltip"]')?.textContent ?? '',
      focusGraph: () =>
        (container.querySelector('[role="application"]') as HTMLElement | null)?.focus(),
    },
  });
}

main();
