import { expect } from 'vitest';
import {
  boxDepth,
  boxEnd,
  boxStart,
  createFlameChart,
  type FrameTable,
  type TimeOrder,
} from '../../src/core';

/**
 * A second, deliberately plain way to the boxes of a flame chart, for checking the real one on
 * real files: entries as arrays of frame keys, boxes found by comparing path strings sample by
 * sample, spans nested by counting the spans that contain them. No stacks, no typed arrays.
 */
export interface ChartBox {
  depth: number;
  frame: string;
  start: number;
  end: number;
}

/** A sample or span: when it ran and its frames, outermost first, each as a key string. */
export interface TimedPath {
  start: number;
  end: number;
  path: string[];
}

/** The key of a frame: name, file, line and module, as flamekit tells frames apart. */
export function frameKey(name: string, file = '', line: number | string = '', module = ''): string {
  return `${name}|${file}|${line}|${module}`;
}

function keyOf(frames: FrameTable, frame: number): string {
  const { name, file, line, module } = frames.get(frame);
  return frameKey(name, file, line, module);
}

/**
 * Samples in time order to boxes: a box at a depth runs on while each sample's path agrees with the
 * previous one's down to that depth (compared frame by frame) and follows it without a gap.
 */
export function expectedSampleBoxes(samples: TimedPath[]): ChartBox[] {
  const boxes: ChartBox[] = [];
  let open: ChartBox[] = [];
  let previous: TimedPath | undefined;
  for (const sample of samples) {
    let shared = 0;
    if (previous && sample.start <= previous.end) {
      const limit = Math.min(previous.path.length, sample.path.length);
      while (shared < limit && previous.path[shared] === sample.path[shared]) shared++;
    }
    boxes.push(...open.slice(shared));
    open = open.slice(0, shared);
    for (const box of open) box.end = sample.end;
    for (let d = shared; d < sample.path.length; d++)
      open.push({ depth: d, frame: sample.path[d], start: sample.start, end: sample.end });
    previous = sample;
  }
  boxes.push(...open);
  return boxes;
}

/**
 * Spans to boxes: a span's depth is the number of spans that contain it (the longer, or the
 * earlier of two equal ones, contains the other).
 */
export function expectedSpanBoxes(spans: (TimedPath & { name: string })[]): ChartBox[] {
  return spans.map((span, i) => {
    let depth = 0;
    spans.forEach((other, k) => {
      if (k === i || other.start > span.start || other.end < span.end) return;
      const longer = other.start < span.start || other.end > span.end;
      if (longer || k < i) depth++;
    });
    return { depth, frame: span.name, start: span.start, end: span.end };
  });
}

/** The boxes flamekit computes for a lane, with frame keys. */
export function chartBoxes(order: TimeOrder, laneIndex: number, key = keyOf): ChartBox[] {
  const lane = createFlameChart(order).lane(laneIndex);
  const boxes: ChartBox[] = [];
  for (let box = 0; box < lane.frame.length; box++) {
    boxes.push({
      depth: boxDepth(lane, box),
      frame: key(order.frames, lane.frame[box]),
      start: boxStart(lane, box),
      end: boxEnd(lane, box),
    });
  }
  return boxes;
}

/** The two lists hold the same boxes, times within `tolerance`. */
export function expectSameBoxes(actual: ChartBox[], expected: ChartBox[], tolerance: number) {
  const order = (a: ChartBox, b: ChartBox) =>
    a.depth - b.depth || a.start - b.start || a.end - b.end || (a.frame < b.frame ? -1 : 1);
  actual.sort(order);
  expected.sort(order);
  expect(actual.length).toBe(expected.length);
  const wrong = actual.findIndex(
    (box, i) =>
      box.depth !== expected[i].depth ||
      box.frame !== expected[i].frame ||
      Math.abs(box.start - expected[i].start) > tolerance ||
      Math.abs(box.end - expected[i].end) > tolerance,
  );
  if (wrong >= 0) expect(actual[wrong]).toEqual(expected[wrong]);
}

/** Times in order to samples: each lasts until the next, the last as given. */
export function untilNext(
  times: number[],
  paths: string[][],
  last: (gaps: number[]) => number,
  limit = Infinity,
): TimedPath[] {
  const order = times.map((_, i) => i).sort((a, b) => times[a] - times[b] || a - b);
  const sorted = order.map((i) => times[i]);
  const gaps = sorted.slice(1).map((time, k) => time - sorted[k]);
  return order.map((i, k) => ({
    start: sorted[k],
    end: sorted[k] + Math.min(k + 1 < sorted.length ? gaps[k] : last(gaps), limit),
    path: paths[i],
  }));
}
