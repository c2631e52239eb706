import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { computeSearch, createFlameLayout, createNodeColorLookup } from '../../src/core';
import { FlameGraph } from '../../src/react';
import { createFlameGraphRenderer } from '../../src/render';
import { timeMs } from '../measure';
import { buildSyntheticTree, generateStacks } from '../synthetic-profile';

const time = (run: () => void) => timeMs(run, 15);

/**
 * Browser benchmark page: builds a synthetic tree of `nodes` nodes (not timed), then times the first
 * paint of the renderer and of <FlameGraph>, redraws for zoom, pan, hover and search, and reads
 * the JS heap. Results go to `window.benchResult`.
 */
const query = new URLSearchParams(location.search);
const WIDTH = 1200;
const HEIGHT = 800;

function heapMb(): number {
  (window as unknown as { gc?: () => void }).gc?.();
  return (
    ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ??
      NaN) / 1e6
  );
}

async function main() {
  const tree = buildSyntheticTree(generateStacks(Number(query.get('nodes') ?? 10_000), 1));
  const heapWithTree = heapMb();
  const canvas = document.createElement('canvas');
  canvas.style.cssText = `width:${WIDTH}px;height:${HEIGHT}px;display:block`;
  document.body.append(canvas);
  const manual = { requestFrame: () => 0, cancelFrame: () => {} };

  // First paint: layout, colours and the first draw, after the data is loaded.
  let start = performance.now();
  const renderer = createFlameGraphRenderer(canvas, {}, manual);
  renderer.setViewport({ width: WIDTH, height: HEIGHT });
  const layout = createFlameLayout(tree);
  renderer.setOptions({ colorOf: createNodeColorLookup(tree, 'package') });
  renderer.setData(tree, layout);
  renderer.drawNow();
  const firstPaint = performance.now() - start;

  // A deep, narrow node to zoom to: the heaviest leaf-ward path's node at depth 8.
  let node = 0;
  for (let depth = 0; depth < 8; depth++) {
    let best = -1;
    for (let child = node + 1; child < tree.subtreeEnd[node]; child = tree.subtreeEnd[child])
      if (best < 0 || tree.total[child] > tree.total[best]) best = child;
    if (best < 0) break;
    node = best;
  }
  const zoomRange = {
    valueStart: layout.start(node),
    valueEnd: layout.start(node) + layout.width(node),
  };
  const fullRange = { valueStart: 0, valueEnd: layout.totalWidth };
  let zoomed = false;
  const zoom = time(() => {
    zoomed = !zoomed;
    renderer.setViewport(zoomed ? zoomRange : fullRange);
    renderer.setOptions({ focus: zoomed ? node : -1 });
    renderer.drawNow();
  });
  let shift = 0;
  const pan = time(() => {
    shift = (shift + 1) % 10;
    const span = layout.totalWidth / 4;
    renderer.setViewport({
      valueStart: (shift * layout.totalWidth) / 20,
      valueEnd: (shift * layout.totalWidth) / 20 + span,
      scrollTop: shift * 10,
    });
    renderer.drawNow();
  });
  renderer.setViewport({ ...fullRange, scrollTop: 0 });
  // Hover: the boxes of the hovered function are highlighted (the mask the component computes).
  let hovered = 1;
  const hover = time(() => {
    hovered = (hovered * 7919) % tree.nodeCount || 1;
    const frame = tree.frame[hovered];
    const mask = new Uint8Array(tree.nodeCount);
    for (let i = 1; i < mask.length; i++) if (tree.frame[i] === frame) mask[i] = 1;
    renderer.setOptions({ highlighted: mask });
    renderer.drawNow();
  });
  const terms = ['json', 'http', 'func1', 'sql', 'gzip'];
  let term = 0;
  const search = time(() => {
    const result = computeSearch(tree, { text: terms[term++ % terms.length], mode: 'substring' });
    const dimmed = new Uint8Array(tree.nodeCount);
    for (let i = 0; i < dimmed.length; i++) dimmed[i] = result.matches[i] ? 0 : 1;
    renderer.setOptions({ dimmed });
    renderer.drawNow();
  });
  // The same two redraws with their masks computed beforehand: the draw alone.
  const frame = tree.frame[1];
  const hoverMask = new Uint8Array(tree.nodeCount);
  for (let i = 1; i < hoverMask.length; i++) if (tree.frame[i] === frame) hoverMask[i] = 1;
  renderer.setOptions({ highlighted: hoverMask });
  const hoverDraw = time(() => renderer.drawNow());
  const searchStart = performance.now();
  const result = computeSearch(tree, { text: 'json', mode: 'substring' });
  const searchCompute = performance.now() - searchStart;
  const dimmed = new Uint8Array(tree.nodeCount);
  for (let i = 0; i < dimmed.length; i++) dimmed[i] = result.matches[i] ? 0 : 1;
  renderer.setOptions({ highlighted: undefined, dimmed });
  const searchDraw = time(() => renderer.drawNow());
  renderer.setOptions({ dimmed: undefined, highlighted: undefined });
  let counts = { boxes: 0, labels: 0 };
  const drawOnly = time(() => (counts = renderer.drawNow()));
  const heapAfterRender = heapMb();
  renderer.destroy();
  canvas.remove();

  // The whole component: mount to the first frame drawn.
  const container = document.createElement('div');
  container.style.width = `${WIDTH}px`;
  document.body.append(container);
  start = performance.now();
  createRoot(container).render(createElement(FlameGraph, { tree, height: HEIGHT }));
  // Drawn once the canvas's backing store has the viewport's size (set by the first draw).
  while (container.querySelector('canvas')?.width !== WIDTH)
    await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
  const componentFirstPaint = performance.now() - start;

  Object.assign(window, {
    benchResult: {
      nodes: tree.nodeCount,
      firstPaint,
      componentFirstPaint,
      zoom,
      pan,
      hover,
      search,
      hoverDraw,
      searchCompute,
      searchDraw,
      drawOnly,
      counts,
      heapWithTree,
      heapAfterRender,
    },
    flamekitReady: true,
  });
}

void main();
