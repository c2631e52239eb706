import { describe, expect, it } from 'vitest';
import {
  FrameTable,
  StackTable,
  TimeOrderBuilder,
  colorToCss,
  createFlameChart,
  dimColor,
  type FlameChart,
} from '../../src/core';
import { createFlameChartRenderer, lightTheme } from '../../src/render';
import { createManualFrames, createRecordingCanvas } from './recording-context';

/**
 * Lanes of samples from `[path, start, end]` triples. Each frame gets its own colour,
 * `0x100000 + 0x10 × frame`, so that a recorded rectangle says which frame it is.
 */
function chartOf(lanes: [path: string, start: number, end: number][][]): FlameChart {
  const stacks = new StackTable(new FrameTable());
  const builder = new TimeOrderBuilder(stacks.frames, stacks);
  lanes.forEach((samples, k) => {
    const ids = samples.map(([path]) =>
      stacks.intern(path.split(';').map((name) => stacks.frames.internName(name))),
    );
    builder.addSamples(
      { name: `lane ${k}` },
      stacks,
      ids,
      samples.map(([, start]) => start),
      samples.map(([, start, end]) => end - start),
    );
  });
  return createFlameChart(builder.finish()!);
}

const colorOf = (frame: number) => 0x100000 + frame * 0x10;

// Axis 22 px, then each lane: a 20 px header and 18 px rows, 6 px between lanes.
function setup(chart: FlameChart, { width = 400, height = 200, ratio = 1 } = {}) {
  const { canvas, context } = createRecordingCanvas(width * ratio, height * ratio);
  // The document the renderer may make a canvas of its own in (its warm-up's one-pixel canvas).
  const pixel = createRecordingCanvas(1, 1);
  Object.assign(canvas, { ownerDocument: { createElement: () => pixel.canvas } });
  const frames = createManualFrames();
  const renderer = createFlameChartRenderer(
    canvas,
    { colorOf, rowHeight: 18, headerHeight: 20, laneGap: 6, axisHeight: 22 },
    { ...frames, devicePixelRatio: () => ratio },
  );
  renderer.setViewport({ width, height });
  renderer.setData(chart);
  const frameId = (name: string) => {
    for (let f = 0; f < chart.timeOrder.frames.size; f++)
      if (chart.timeOrder.frames.name(f) === name) return f;
    throw new Error(name);
  };
  const rectsOf = (name: string) =>
    context.boxes().filter((box) => box.fillStyle === colorToCss(colorOf(frameId(name))));
  return { context, pixel: pixel.context, frames, renderer, rectsOf, frameId };
}

const twoLanes = () =>
  chartOf([
    [
      ['main;parse', 0, 25],
      ['main;parse', 25, 50],
      ['main;render', 50, 100],
    ],
    [['worker', 0, 100]],
  ]);

describe('createFlameChartRenderer', () => {
  it('draws each box at its time, a row per depth under its lane header', () => {
    const { renderer, rectsOf } = setup(twoLanes());
    renderer.drawNow();
    // 400 px for 100 time units: 4 px each; a pixel of gap after wide boxes.
    expect(rectsOf('main')).toEqual([
      expect.objectContaining({ x: 0, y: 42, width: 399, height: 17 }),
    ]);
    expect(rectsOf('parse')).toEqual([expect.objectContaining({ x: 0, y: 60, width: 199 })]);
    expect(rectsOf('render')).toEqual([expect.objectContaining({ x: 200, y: 60, width: 199 })]);
    // Lane 1 starts after lane 0's header, two rows and the gap: 22 + 20 + 36 + 6 + 20.
    expect(rectsOf('worker')).toEqual([expect.objectContaining({ x: 0, y: 104 })]);
  });

  it('is DPR-correct: the backing store and every box in device pixels', () => {
    const { renderer, rectsOf, context } = setup(twoLanes(), { ratio: 2 });
    renderer.drawNow();
    expect(rectsOf('render')).toEqual([
      expect.objectContaining({ x: 400, y: 120, width: 399, height: 35 }),
    ]);
    expect(context.texts().find((text) => text.text === 'render')?.x).toBe(408);
  });

  it('draws the visible time range only, cut at the edges, with readable ticks', () => {
    const { renderer, rectsOf, context } = setup(twoLanes());
    renderer.setViewport({ start: 40, end: 60 });
    renderer.drawNow();
    expect(rectsOf('parse')).toEqual([expect.objectContaining({ x: 0, width: 199 })]);
    expect(rectsOf('render')).toEqual([expect.objectContaining({ x: 200, width: 199 })]);
    const ticks = context
      .texts()
      .filter((text) => text.y < 22)
      .map((text) => text.text);
    expect(ticks).toEqual(['40 ns', '45 ns', '50 ns', '55 ns', '60 ns']);
  });

  it('merges boxes under a device pixel: a row of 100,000 samples costs a box per pixel at most', () => {
    const samples: [string, number, number][] = [];
    for (let i = 0; i < 100_000; i++) samples.push([i % 2 ? 'a' : 'b', i, i + 1]);
    const { renderer } = setup(chartOf([samples]));
    const { boxes } = renderer.drawNow();
    expect(boxes).toBeLessThanOrEqual(400);
  });

  it('collapses a lane to its header, and draws only the lanes scrolled into view', () => {
    const { renderer, rectsOf, context } = setup(twoLanes());
    renderer.setOptions({ collapsed: new Set([0]) });
    renderer.drawNow();
    expect(rectsOf('main')).toEqual([]);
    expect(rectsOf('worker')).toEqual([expect.objectContaining({ y: 22 + 20 + 6 + 20 })]);
    renderer.setOptions({ collapsed: new Set() });
    renderer.setViewport({ scrollTop: 70 });
    context.reset();
    renderer.drawNow();
    expect(rectsOf('main')).toEqual([]);
    expect(rectsOf('worker')).toEqual([expect.objectContaining({ y: 104 - 70 })]);
  });

  it('fades the boxes of frames a search misses and outlines the hovered function', () => {
    const chart = twoLanes();
    const { renderer, context, frameId } = setup(chart);
    const dimmed = new Uint8Array(chart.timeOrder.frames.size);
    dimmed[frameId('main')] = 1;
    renderer.setOptions({ dimmed, highlightedFrame: frameId('render') });
    renderer.drawNow();
    const faded = colorToCss(dimColor(colorOf(frameId('main')), 0xffffff, lightTheme.dimAmount));
    expect(context.boxes().some((box) => box.fillStyle === faded)).toBe(true);
    const outlines = context.calls.filter((call) => call.op === 'strokeRect');
    expect(outlines).toEqual([expect.objectContaining({ x: 200.5, y: 60.5 })]);
  });

  it('finds the box, lane and time under the pointer, and where a box is', () => {
    const { renderer } = setup(twoLanes());
    const render = renderer.hitTest(300, 65)!;
    expect(render.lane).toBe(0);
    expect(renderer.boxRect(render)).toEqual({ x: 200, y: 60, width: 200, height: 18 });
    expect(renderer.hitTest(300, 50)?.lane).toBe(0); // main, row 0
    expect(renderer.hitTest(300, 30)).toBeUndefined(); // lane 0's header
    expect(renderer.laneAt(30)).toEqual({ lane: 0, header: true });
    expect(renderer.laneAt(110)).toEqual({ lane: 1, header: false });
    expect(renderer.timeAt(100)).toBe(25);
    expect(renderer.contentHeight).toBe(20 + 36 + 6 + 20 + 18);
  });

  it('labels boxes function first, as the flame graph does', () => {
    const chart = chartOf([[['github.com/grafana/pyroscope/pkg/phlaredb.(*Head).Ingest', 0, 100]]]);
    const { renderer, context } = setup(chart, { width: 240 });
    renderer.drawNow();
    const labels = context.texts().filter((text) => text.y > 40);
    expect(labels.map((label) => label.text)).toEqual(['phlaredb.(*Head).Ingest']);
  });

  it('coalesces redraws into one animation frame', () => {
    const { renderer, frames, context } = setup(twoLanes());
    while (frames.pending() > 0) frames.flush(); // the first draw, then its warm-up passes
    context.reset();
    renderer.setViewport({ start: 10 });
    renderer.setOptions({ highlightedFrame: 0 });
    expect(frames.pending()).toBe(1);
    frames.flush();
    expect(context.boxes().length).toBeGreaterThan(0);
  });

  it('warms its painting code in the frames after a first draw, off the chart: it reads the rows, fills and writes into its own pixel, and stops', () => {
    const chart = twoLanes();
    let laneReads = 0;
    const counted: FlameChart = { ...chart, lane: (index) => (laneReads++, chart.lane(index)) };
    const { renderer, frames, context, pixel } = setup(counted);
    frames.flush(); // the first draw
    expect(frames.pending()).toBe(1);
    context.reset();
    laneReads = 0;
    let warmUpFrames = 0;
    while (frames.pending() > 0) {
      frames.flush();
      warmUpFrames++;
    }
    expect(warmUpFrames).toBeGreaterThanOrEqual(2);
    expect(laneReads).toBeGreaterThanOrEqual(warmUpFrames * 3); // three rows in view a pass
    expect(context.calls).toEqual([]);
    // Boxes filled and labels written, into the one-pixel canvas: the chart's boxes, by colour.
    const filled = new Set(pixel.boxes().map((box) => box.fillStyle));
    for (const name of ['main', 'parse', 'render', 'worker'])
      expect(filled).toContain(colorToCss(colorOf(chart.timeOrder.frames.internName(name))));
    expect(pixel.texts().map((text) => text.text)).toContain('render');
    // A later draw of the same chart starts no more passes; a new chart does.
    renderer.drawNow();
    expect(frames.pending()).toBe(0);
    renderer.setData(twoLanes());
    renderer.drawNow();
    expect(frames.pending()).toBe(1);
  });

  it('leaves a frame that has a draw coming to the draw, and warms up in a later one', () => {
    const chart = twoLanes();
    let laneReads = 0;
    const counted: FlameChart = { ...chart, lane: (index) => (laneReads++, chart.lane(index)) };
    const { renderer, frames } = setup(counted);
    frames.flush(); // the first draw; a warm-up pass is asked for
    laneReads = 0;
    renderer.drawNow();
    const readsOfADraw = laneReads; // its rows, and its labels' frames
    renderer.setViewport({ start: 0 }); // a draw in the warm-up's frame
    laneReads = 0;
    frames.flush();
    expect(laneReads).toBe(readsOfADraw); // the draw only
    expect(frames.pending()).toBe(1); // the pass, moved to the next frame
    laneReads = 0;
    frames.flush();
    expect(laneReads).toBeGreaterThanOrEqual(3); // a pass: the three rows in view, its labels
  });
});
