import { createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import {
  createPyroscopeSource,
  type ConnectFetch,
  type ProfileSource,
  type SourceTotals,
} from '../../src/core';
import { createFlameLayout, createNodeColorLookup } from '../../src/core';
import { FlameGraph } from '../../src/react';
import { createFlameGraphRenderer } from '../../src/render';
import { SmallSeries } from '../../src/react/fleet-parts';
import { handleConnectRequest } from '../../tests/helpers/pyroscope-server/connect-handler';
import {
  flameGraphOf,
  insertStack,
  newNode,
} from '../../tests/helpers/pyroscope-server/function-tree';
import { decodePprof, ProfileStore } from '../../tests/helpers/pyroscope-server/profiles';
import { createRandom, generateStacks } from '../synthetic-profile';

/**
 * Browser benchmark page of the Pyroscope client: answers made beforehand (not timed), then timed
 * from the moment an answer arrives (the fetch's text resolves) to the paint it leads to.
 *
 * - Series: SelectSeries of a day (or `hours`) of eight services, each two pods profiling every
 *   15 s (real CPU profiles of tests/fixtures, answered by the test server's querier), at a 15 s
 *   step; decoded, then drawn as the services view's eight small series (its `SmallSeries`
 *   cards), until every line is in the page and a frame has been painted.
 * - Tree: SelectMergeStacktraces of a synthetic tree of about `nodes` nodes (random weights), not
 *   cut; decoded into a profile and its tree, then its
 *   first paint (layout, colours, draw) on a 1200 × 800 canvas. Apart: mounting <FlameGraph>
 *   with that tree until its canvas is drawn (frame-scheduled).
 *
 * Results go to `window.benchResult`.
 */
const query = new URLSearchParams(location.search);
const HOURS = Number(query.get('hours') ?? 24);
const NODES = Number(query.get('nodes') ?? 16_384);
const RUNS = Number(query.get('runs') ?? 9);
const STEP_S = 15;
const WIDTH = 1200;
const HEIGHT = 800;
const START_MS = Date.UTC(2026, 10, 23);
const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
const CPU_FILES = [
  'go/concourse-web-cpu-300s.pb.gz',
  'go/parca-cpu-with-api-label.pb.gz',
  'go/google-pprof-sample.cpu.pb.gz',
  'go/pyroscope-io-cpu-with-labels.pb.gz',
];
const SERVICES = ['checkout', 'api', 'search', 'worker', 'cart', 'auth', 'billing', 'ingest'];

const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

/** A source whose answers are the given texts, noting when each answer arrives. */
function answering(texts: Record<string, string>, arrived: { at: number }): ProfileSource {
  const fetch: ConnectFetch = async (url) => {
    const text = texts[url.slice(url.lastIndexOf('/') + 1)];
    return {
      ok: true,
      status: 200,
      statusText: 'OK',
      headers: { get: () => 'application/json' },
      text: async () => {
        arrived.at = performance.now();
        return text;
      },
    };
  };
  return createPyroscopeSource({ url: 'http://pyroscope.bench', fetch });
}

async function seriesAnswer(): Promise<string> {
  const store = new ProfileStore();
  const sources = await Promise.all(
    CPU_FILES.map(async (path) =>
      decodePprof(new Uint8Array(await (await fetch(`/fixtures/pprof/${path}`)).arrayBuffer())),
    ),
  );
  SERVICES.forEach((service, s) => {
    for (const pod of [0, 1])
      for (let t = (s * 2 + pod) * 900 + 500; t < HOURS * 3_600_000; t += STEP_S * 1000)
        store.add({
          timeMs: START_MS + t,
          name: 'process_cpu',
          labels: { service_name: service, pod: `${service}-${pod}` },
          source: sources[s % sources.length],
          scale: 1 + (s % 3),
        });
  });
  const answer = handleConnectRequest(
    { store },
    {
      method: 'POST',
      path: '/querier.v1.QuerierService/SelectSeries',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        profileTypeID: CPU,
        labelSelector: '{}',
        start: String(START_MS + STEP_S * 1000),
        end: String(START_MS + HOURS * 3_600_000),
        step: STEP_S,
        groupBy: ['service_name'],
      }),
    },
  );
  return answer.body;
}

function treeAnswer(): string {
  const stacks = generateStacks(Math.round(NODES * 0.84), 7);
  const random = createRandom(3);
  const root = newNode('');
  const names: string[] = [];
  for (let i = 0; i < stacks.stackCount; i++) {
    names.length = 0;
    for (let k = stacks.stackStart[i]; k < stacks.stackStart[i + 1]; k++)
      names.push(stacks.frames.name(stacks.stackFrames[k]));
    insertStack(root, names, 1 + Math.floor(random() * 1_000_000));
  }
  // The whole tree: maxNodes above its size, so the answer has the nodes asked for.
  return JSON.stringify({ flamegraph: flameGraphOf(root, 1 << 20) });
}

async function timeSeries(
  text: string,
): Promise<{ decode: number; drawn: number; points: number }> {
  const decode: number[] = [];
  const drawn: number[] = [];
  let points = 0;
  const container = document.createElement('div');
  container.style.width = '1300px';
  document.body.append(container);
  for (let run = 0; run < RUNS; run++) {
    const arrived = { at: 0 };
    const source = answering({ SelectSeries: text }, arrived);
    // Decoding alone: the answer into steps.
    const totals: SourceTotals = await source.queryTotals({
      profileType: CPU,
      range: { startNs: START_MS * 1e6, endNs: (START_MS + HOURS * 3_600_000) * 1e6 },
      stepNs: STEP_S * 1e9,
      groupBy: 'service_name',
    });
    decode.push(performance.now() - arrived.at);
    points = totals.groups.reduce((sum, group) => sum + group.values.length, 0);
    // The services view's cards: from the answer to eight lines drawn.
    const root: Root = createRoot(container);
    root.render(
      createElement(
        'div',
        { style: { display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: 8 } },
        totals.groups.map((group) =>
          createElement(SmallSeries, {
            key: group.value,
            totals,
            group,
            theme: 'light',
            name: group.value ?? '',
          }),
        ),
      ),
    );
    while (container.querySelectorAll('[data-flamekit=timeline-line]').length < SERVICES.length)
      await new Promise((resolve) => setTimeout(resolve, 0));
    await frame();
    drawn.push(performance.now() - arrived.at);
    root.unmount();
  }
  container.remove();
  return { decode: median(decode), drawn: median(drawn), points };
}

async function timeTree(text: string) {
  const decode: number[] = [];
  const painted: number[] = [];
  const component: number[] = [];
  let nodes = 0;
  const container = document.createElement('div');
  container.style.width = `${WIDTH}px`;
  document.body.append(container);
  const canvas = document.createElement('canvas');
  canvas.style.cssText = `width:${WIDTH}px;height:${HEIGHT}px;display:block`;
  document.body.append(canvas);
  for (let run = 0; run < RUNS; run++) {
    const arrived = { at: 0 };
    const source = answering({ SelectMergeStacktraces: text }, arrived);
    const merged = await source.queryMergedTree({
      profileType: CPU,
      range: { startNs: START_MS * 1e6, endNs: (START_MS + 3_600_000) * 1e6 },
      maxNodes: NODES,
    });
    const tree = merged.profile.tree();
    decode.push(performance.now() - arrived.at);
    nodes = tree.nodeCount;
    // The first paint itself: layout, colours and the first draw, in the answer's task.
    const renderer = createFlameGraphRenderer(
      canvas,
      {},
      { requestFrame: () => 0, cancelFrame: () => {} },
    );
    renderer.setViewport({ width: WIDTH, height: HEIGHT });
    renderer.setOptions({ colorOf: createNodeColorLookup(tree, 'package') });
    renderer.setData(tree, createFlameLayout(tree));
    renderer.drawNow();
    painted.push(performance.now() - arrived.at);
    renderer.destroy();
    // <FlameGraph> as the explorer mounts it: until its canvas has been drawn, which waits for
    // the frames its resize observer and redraw scheduling take.
    const start = performance.now();
    const root = createRoot(container);
    root.render(createElement(FlameGraph, { tree, height: HEIGHT }));
    while (container.querySelector('canvas')?.width !== WIDTH) await frame();
    component.push(performance.now() - start);
    root.unmount();
  }
  container.remove();
  canvas.remove();
  return { decode: median(decode), painted: median(painted), component: median(component), nodes };
}

async function main() {
  const series = await seriesAnswer();
  const tree = treeAnswer();
  const seriesResult = await timeSeries(series);
  const treeResult = await timeTree(tree);
  Object.assign(window, {
    benchResult: {
      hours: HOURS,
      seriesBytes: series.length,
      treeBytes: tree.length,
      series: seriesResult,
      tree: treeResult,
    },
    flamekitReady: true,
  });
}

void main();
