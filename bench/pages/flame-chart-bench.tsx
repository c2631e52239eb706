import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import {
  ProfileBuilder,
  createFlameChart,
  computeFrameMatches,
  createFrameColorLookup,
  exportProfile,
  importProfile,
  type TimeOrder,
} from '../../src/core';
import { FlameChart } from '../../src/react';
import { createFlameChartRenderer } from '../../src/render';
import { median } from '../measure';
import { stacksOfNodeCount } from '../diff.bench';
import { chromeTraceOf, generateRecording } from '../synthetic-time-order';

/**
 * Browser benchmark page for the flame chart: a synthetic recording of `samples` samples on 8
 * threads (generated first, not timed: the import is done). Times the first paint of the renderer
 * (boxes, colours, layout, draw) and of <FlameChart>, every redraw of a zoom from the whole
 * recording down to a millionth of it and back, and of pans at three zoom levels, a hover and a
 * search redraw; then, as speedscope's figure counts it, a Chrome trace of the same recording
 * from its text to the first paint. Results go to `window.benchResult`.
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

/**
 * The renderer's first paint, drawn at once. `frames`: the renderer gets the page's animation
 * frames (its draws are all `drawNow` here, but it warms its painting code in the frames after
 * the first paint); without, none.
 */
function firstPaint(timeOrder: TimeOrder, canvas: HTMLCanvasElement, frames = false) {
  const renderer = createFlameChartRenderer(
    canvas,
    { colorOf: createFrameColorLookup(timeOrder.frames) },
    frames ? {} : { requestFrame: () => 0, cancelFrame: () => {} },
  );
  renderer.setViewport({ width: WIDTH, height: HEIGHT });
  const chart = createFlameChart(timeOrder);
  renderer.setData(chart);
  renderer.drawNow();
  // The paint counts with its rasterization (a pixel read back), which would otherwise be left
  // for the first redraw to pay.
  canvas.getContext('2d')!.getImageData(0, 0, 1, 1);
  return { renderer, chart };
}

async function main() {
  // Ready at once: the harness waits for `benchResult` (minutes at 1M samples), not for this.
  Object.assign(window, { flamekitReady: true });
  // Let the harness see it before the long synchronous work starts.
  for (let frame = 0; frame < 3; frame++)
    await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
  await new Promise((resolve) => setTimeout(resolve, 200));
  if (query.get('part') === 'peer-tree') {
    Object.assign(window, { benchResult: await peerTree(Number(query.get('nodes') ?? 10_000)) });
    return;
  }
  if (query.get('part') === 'peer-tree-component') {
    const text = peerTreeText(Number(query.get('nodes') ?? 10_000));
    const timeOrder = importProfile(text).timeOrder!;
    Object.assign(window, { benchResult: await componentRedraws(timeOrder) });
    return;
  }
  const samples = Number(query.get('samples') ?? 100_000);
  const { timeOrder } = generateRecording(samples);
  if (query.get('part') === 'component') {
    Object.assign(window, { benchResult: await componentRedraws(timeOrder) });
    return;
  }
  const heapWithData = heapMb();
  const canvas = document.createElement('canvas');
  canvas.style.cssText = `width:${WIDTH}px;height:${HEIGHT}px;display:block`;
  document.body.append(canvas);

  let start = performance.now();
  const { renderer, chart } = firstPaint(timeOrder, canvas, true);
  const rendererFirstPaint = performance.now() - start;
  // The lanes below the view, computed after the first paint as <FlameChart> does (a lane a task).
  start = performance.now();
  for (let lane = 0; lane < timeOrder.lanes.length; lane++) chart.lane(lane);
  const otherLanes = performance.now() - start;
  // A person's first zoom comes a moment after the chart appears: ten frames (a sixth of a
  // second) here, in which the renderer runs its warm-up passes.
  for (let frame = 0; frame < 10; frame++)
    await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));

  // Every redraw of a zoom into the middle of the busiest stretch, a step of 0.8 at a time down
  // to a millionth of the recording, then back out; each step is a new viewport and one draw.
  const duration = timeOrder.duration;
  // A redraw is timed with its rasterization: reading a pixel back makes the canvas carry out
  // the drawing it recorded, which would otherwise pile up over several redraws and land on one.
  const context = canvas.getContext('2d')!;
  const redraw = (view: { start: number; end: number; scrollTop?: number }) => {
    const t0 = performance.now();
    renderer.setViewport(view);
    const counts = renderer.drawNow();
    context.getImageData(0, 0, 1, 1);
    return { ms: performance.now() - t0, ...counts };
  };
  const zooms: number[] = [];
  let maxBoxes = 0;
  const center = duration * 0.37;
  for (let span = duration; span > duration * 1e-6; span *= 0.8) {
    const result = redraw({ start: center - span / 2, end: center + span / 2 });
    zooms.push(result.ms);
    maxBoxes = Math.max(maxBoxes, result.boxes);
  }
  for (let span = duration * 1e-6; span < duration; span /= 0.8)
    zooms.push(redraw({ start: Math.max(0, center - span / 2), end: center + span / 2 }).ms);
  const pans: number[] = [];
  for (const span of [duration, duration / 100, duration / 10_000]) {
    for (let k = 0; k < 30; k++) {
      const from = (k / 30) * (duration - span);
      pans.push(redraw({ start: from, end: from + span, scrollTop: (k % 10) * 180 }).ms);
    }
  }
  renderer.setViewport({ start: 0, end: duration, scrollTop: 0 });
  const hovers: number[] = [];
  for (let frame = 0; frame < 30; frame++) {
    const t0 = performance.now();
    renderer.setOptions({ highlightedFrame: frame * 7 });
    renderer.drawNow();
    hovers.push(performance.now() - t0);
  }
  const searches: number[] = [];
  for (const text of ['json', 'http', 'func1', 'sql', 'sync']) {
    const t0 = performance.now();
    const found = computeFrameMatches(timeOrder.frames, { text, mode: 'substring' });
    renderer.setOptions({ highlightedFrame: -1, dimmed: found?.matches.map((match) => 1 - match) });
    renderer.drawNow();
    searches.push(performance.now() - t0);
  }
  const heapAfterRender = heapMb();
  renderer.destroy();
  canvas.remove();

  // The component: mount to the first frame in which its canvas has the viewport's size.
  const container = document.createElement('div');
  container.style.width = `${WIDTH}px`;
  document.body.append(container);
  start = performance.now();
  createRoot(container).render(createElement(FlameChart, { timeOrder, height: HEIGHT }));
  const chartCanvas = () =>
    container.querySelector<HTMLCanvasElement>('[data-flamekit=chart-scroller] canvas');
  while ((chartCanvas()?.width ?? 0) < 100)
    await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
  const componentFirstPaint = performance.now() - start;

  // From a trace's text to the first paint, as speedscope's figure counts it (parse + import).
  const text = chromeTraceOf(timeOrder);
  const other = document.createElement('canvas');
  document.body.append(other);
  start = performance.now();
  const imported = importProfile(text).timeOrder!;
  const importMs = performance.now() - start;
  firstPaint(imported, other).renderer.destroy();
  const textToPaint = performance.now() - start;

  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const p95 = (values: number[]) => sorted(values)[Math.floor(values.length * 0.95)];
  Object.assign(window, {
    benchResult: {
      samples,
      lanes: timeOrder.lanes.length,
      rendererFirstPaint,
      otherLanes,
      componentFirstPaint,
      zoom: {
        median: median(zooms),
        p95: p95(zooms),
        max: Math.max(...zooms),
        count: zooms.length,
        each: zooms,
      },
      pan: {
        median: median(pans),
        p95: p95(pans),
        max: Math.max(...pans),
        count: pans.length,
        each: pans,
      },
      hover: median(hovers),
      search: median(searches),
      maxBoxes,
      traceMb: text.length / 1e6,
      importMs,
      textToPaint,
      heapWithData,
      heapAfterRender,
    },
  });
}

/**
 * Zoom and pan through `<FlameChart>` as a user does, in a page where nothing was drawn before
 * (so the code starts cold, as after an import): the component is mounted, then Ctrl + wheel
 * steps zoom into the middle of the chart and back out, and Shift + wheel steps pan, each a wheel
 * event on the chart followed by the frame that draws it. Each frame's animation-frame callbacks
 * are timed with the chart canvas's rasterization (a pixel read back), as the renderer's redraws
 * above.
 */
async function componentRedraws(timeOrder: TimeOrder) {
  const container = document.createElement('div');
  container.style.width = `${WIDTH}px`;
  document.body.append(container);
  createRoot(container).render(createElement(FlameChart, { timeOrder, height: HEIGHT }));
  const scroller = () => container.querySelector<HTMLElement>('[data-flamekit=chart-scroller]');
  const nativeFrame = window.requestAnimationFrame.bind(window);
  const nextFrame = () => new Promise((resolve) => nativeFrame(() => resolve(undefined)));
  while ((scroller()?.querySelector('canvas')?.width ?? 0) < 100) await nextFrame();
  // The other lanes and the overview come in the frames and tasks after the first paint.
  for (let k = 0; k < 30; k++) await nextFrame();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const element = scroller()!;
  const canvas = element.querySelector('canvas')!;
  const context = canvas.getContext('2d')!;
  let frameMs = 0;
  window.requestAnimationFrame = (callback) =>
    nativeFrame((time) => {
      const t0 = performance.now();
      callback(time);
      context.getImageData(0, 0, 1, 1);
      frameMs += performance.now() - t0;
    });
  const rect = element.getBoundingClientRect();
  const step = async (init: WheelEventInit) => {
    frameMs = 0;
    element.dispatchEvent(
      new WheelEvent('wheel', {
        clientX: rect.left + rect.width / 2,
        clientY: rect.top + 200,
        bubbles: true,
        cancelable: true,
        ...init,
      }),
    );
    await nextFrame();
    await nextFrame();
    return frameMs;
  };
  const zooms: number[] = [];
  for (let k = 0; k < 60; k++) zooms.push(await step({ ctrlKey: true, deltaY: -100 }));
  for (let k = 0; k < 60; k++) zooms.push(await step({ ctrlKey: true, deltaY: 100 }));
  for (let k = 0; k < 20; k++) zooms.push(await step({ ctrlKey: true, deltaY: -100 }));
  const pans: number[] = [];
  for (let k = 0; k < 30; k++)
    pans.push(await step({ shiftKey: true, deltaY: k < 15 ? 120 : -120 }));
  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const summary = (values: number[]) => ({
    median: median(values),
    p95: sorted(values)[Math.floor(values.length * 0.95)],
    max: Math.max(...values),
    count: values.length,
    each: values,
  });
  return { zoom: summary(zooms), pan: summary(pans) };
}

/**
 * A tree of the size of the peers' comparison input (shared/peers/browser-bench.md), which
 * speedscope's Time Order view drew there: the benchmarks' synthetic call tree of about `nodes`
 * nodes (the peers' own generator is not here), written as a speedscope file, sampled, one sample
 * per stack weighted by its value, depth first.
 */
function peerTreeText(nodes: number): string {
  const input = stacksOfNodeCount(nodes);
  const builder = new ProfileBuilder('speedscope', [{ type: 'samples', unit: 'count' }]);
  for (let f = 0; f < input.frames.size; f++) builder.frames.internName(input.frames.name(f));
  for (let i = 0; i < input.stackCount; i++) {
    const start = input.stackStart[i];
    const length = input.stackStart[i + 1] - start;
    builder.addStackSample(
      input.stackFrames.subarray(start, start + length),
      length,
      input.values[i],
    );
  }
  return exportProfile(builder.finish(), 'speedscope');
}

/**
 * The peers' tree ({@link peerTreeText}) timed from the text to the chart's first paint
 * (importProfile with its time order, the renderer's first draw and its rasterization), as
 * speedscope's figure counts its import; then every redraw of a zoom into the middle of the chart
 * and back out. (`part=peer-tree-component` zooms and pans it through `<FlameChart>` instead.)
 */
async function peerTree(nodes: number) {
  const text = peerTreeText(nodes);
  const canvas = document.createElement('canvas');
  canvas.style.cssText = `width:${WIDTH}px;height:${HEIGHT}px;display:block`;
  document.body.append(canvas);
  const start = performance.now();
  const imported = importProfile(text);
  const importMs = performance.now() - start;
  const { renderer, chart } = firstPaint(imported.timeOrder!, canvas, true);
  const textToPaint = performance.now() - start;
  for (let frame = 0; frame < 10; frame++)
    await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
  const context = canvas.getContext('2d')!;
  const duration = imported.timeOrder!.duration;
  const zooms: number[] = [];
  const center = duration / 2;
  const redraw = (span: number) => {
    const t0 = performance.now();
    renderer.setViewport({ start: center - span / 2, end: center + span / 2 });
    renderer.drawNow();
    context.getImageData(0, 0, 1, 1);
    zooms.push(performance.now() - t0);
  };
  for (let span = duration; span > duration * 1e-6; span *= 0.8) redraw(span);
  for (let span = duration * 1e-6; span < duration; span /= 0.8) redraw(span);
  const sorted = [...zooms].sort((a, b) => a - b);
  return {
    nodes: imported.tree().nodeCount,
    samples: imported.samples.count,
    rows: chart.rowCounts[0],
    megabytes: text.length / 1e6,
    importMs,
    textToPaint,
    zoom: {
      median: median(zooms),
      p95: sorted[Math.floor(zooms.length * 0.95)],
      max: sorted[sorted.length - 1],
      count: zooms.length,
    },
  };
}

void main();
