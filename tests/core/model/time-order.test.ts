import { describe, expect, it } from 'vitest';
import {
  FrameTable,
  StackTable,
  TimeOrderBuilder,
  boxAt,
  boxDepth,
  boxEnd,
  boxStart,
  computeBoxNeighbour,
  computeBoxSelf,
  computeBoxesInRange,
  createFlameChart,
  computeTimeRangeTree,
  importProfile,
  printTree,
  type FlameChartLane,
  type TimeOrder,
} from '../../../src/core';

/** Stacks from `a;b;c` paths, in a table of their own. */
function stacksOf(paths: string[]): { table: StackTable; stacks: number[] } {
  const table = new StackTable(new FrameTable());
  const stacks = paths.map((path) =>
    path === '' ? 0 : table.intern(path.split(';').map((name) => table.frames.internName(name))),
  );
  return { table, stacks };
}

/** Each box as `depth name start–end`, row by row. */
function printBoxes(order: TimeOrder, lane: FlameChartLane): string[] {
  const lines: string[] = [];
  for (let box = 0; box < lane.frame.length; box++) {
    const name = order.frames.name(lane.frame[box]);
    lines.push(`${boxDepth(lane, box)} ${name} ${boxStart(lane, box)}–${boxEnd(lane, box)}`);
  }
  return lines;
}

function samplesOrder(paths: string[], times: number[], durations?: number[]): TimeOrder {
  const { table, stacks } = stacksOf(paths);
  const builder = new TimeOrderBuilder(table.frames, table);
  builder.addSamples({ name: 'main' }, table, stacks, times, durations);
  return builder.finish()!;
}

describe('time order of samples', () => {
  it('merges consecutive samples per frame and depth, and ends every box at a gap', () => {
    // The usual gap is 10: the sample at 30 lasts 25 at most, so 55 to 100 is a gap.
    const order = samplesOrder(['a;b', 'a;b', 'a;c', 'a;c', 'a'], [0, 10, 20, 30, 100]);
    const lane = createFlameChart(order).lane(0);
    expect(printBoxes(order, lane)).toEqual(['0 a 0–55', '0 a 100–110', '1 b 0–20', '1 c 20–55']);
    expect(order.duration).toBe(110);
  });

  it('starts a new box below a frame that changed, even when the frame above it is the same', () => {
    const order = samplesOrder(['a;b;x', 'a;c;x', 'a;c;x', 'd;c;x'], [0, 1, 2, 3], [1, 1, 1, 1]);
    expect(printBoxes(order, createFlameChart(order).lane(0))).toEqual([
      '0 a 0–3',
      '0 d 3–4',
      '1 b 0–1',
      '1 c 1–3',
      '1 c 3–4',
      '2 x 0–1',
      '2 x 1–3',
      '2 x 3–4',
    ]);
  });

  it('sorts samples by time, moves the origin to the first, and lets none overlap the next', () => {
    const order = samplesOrder(['a', 'b', 'a'], [1020, 1000, 1010], [50, 50, 50]);
    expect(order.origin).toBe(1000);
    const lane = order.lanes[0];
    expect([...lane.start]).toEqual([0, 10, 20]);
    expect([...lane.end]).toEqual([10, 20, 70]);
  });

  it('leaves out samples with no time, or one too far out to subtract', () => {
    const order = samplesOrder(['a', 'b', 'c'], [NaN, 5, 1e300], [1, 1, 1]);
    expect(order.lanes[0].count).toBe(1);
    expect(new TimeOrderBuilder().finish()).toBeUndefined();
  });
});

describe('time order of spans', () => {
  function spansOrder(spans: [path: string, start: number, end: number][]): TimeOrder {
    const { table, stacks } = stacksOf(spans.map(([path]) => path));
    const builder = new TimeOrderBuilder();
    builder.addSpans(
      { name: 'trace', process: 'p' },
      table,
      stacks,
      spans.map(([, start]) => start),
      spans.map(([, , end]) => end),
    );
    return builder.finish()!;
  }

  it('keeps each call a box of its own, back to back or not, and cuts one that outlasts its caller', () => {
    const order = spansOrder([
      ['run', 0, 10],
      ['run;parse', 0, 3],
      ['run;parse', 3, 6],
      ['run;parse;lex', 5, 12], // outlasts parse (and run): cut at 6
      ['run', 10, 20],
    ]);
    expect(printBoxes(order, createFlameChart(order).lane(0))).toEqual([
      '0 run 0–10',
      '0 run 10–20',
      '1 parse 0–3',
      '1 parse 3–6',
      '2 lex 5–6',
    ]);
  });

  it('copies stacks from another table into its own, and lists the busiest process and lane first', () => {
    const first = stacksOf(['x;y']);
    const second = stacksOf(['q', 'x;y']);
    const builder = new TimeOrderBuilder();
    builder.addSpans({ name: 'one', process: 'A' }, first.table, first.stacks, [0], [1]);
    builder.addSpans({ name: 'two', process: 'B' }, second.table, second.stacks, [0, 1], [1, 2]);
    builder.addSamples({ name: 'three', process: 'A' }, first.table, first.stacks, [0], [1]);
    const order = builder.finish()!;
    // Process A first (its busiest lane is busier), and in it the lane whose samples cover more
    // time than the other's outermost spans (it has none: x;y lies under a frame with no span).
    expect(order.lanes.map((lane) => lane.name)).toEqual(['three', 'one', 'two']);
    expect(order.frames).not.toBe(first.table.frames);
    // x;y of both tables is one stack of the time order.
    expect(order.lanes[2].stack[1]).toBe(order.lanes[0].stack[0]);
    expect(order.stacks.framesOf(order.lanes[0].stack[0]).map((f) => order.frames.name(f))).toEqual(
      ['x', 'y'],
    );
  });
});

describe('flame chart queries', () => {
  const order = samplesOrder(
    ['main;a', 'main;a;x', 'main;a;x', 'main;b', 'main;b;y', 'main'],
    [0, 10, 20, 30, 40, 50],
    [10, 10, 10, 10, 10, 10],
  );
  const lane = createFlameChart(order).lane(0);
  const named = (box: number) => (box < 0 ? '-' : order.frames.name(lane.frame[box]));

  it('finds the box at a time in a row, and the boxes of a time and depth range', () => {
    expect(named(boxAt(lane, 1, 35))).toBe('b');
    expect(named(boxAt(lane, 1, 55))).toBe('-');
    expect(named(boxAt(lane, 2, 12))).toBe('x');
    expect(named(boxAt(lane, 5, 12))).toBe('-');
    const found = computeBoxesInRange(lane, 25, 41, 1, 2);
    expect([...found].map(named)).toEqual(['a', 'b', 'x', 'y']);
  });

  it('gives each box its self time: its time less that of the boxes inside it', () => {
    expect(computeBoxSelf(lane, boxAt(lane, 0, 0))).toBe(10); // main alone, 50 to 60
    expect(computeBoxSelf(lane, boxAt(lane, 1, 0))).toBe(10); // a: 30 less x's 20
    expect(computeBoxSelf(lane, boxAt(lane, 2, 15))).toBe(20);
  });

  it('steps to the caller, the longest callee and the neighbours in the row', () => {
    const main = boxAt(lane, 0, 0);
    const a = computeBoxNeighbour(lane, main, 'longest-child');
    expect(named(a)).toBe('a');
    expect(named(computeBoxNeighbour(lane, a, 'next'))).toBe('b');
    expect(computeBoxNeighbour(lane, a, 'previous')).toBe(a);
    expect(named(computeBoxNeighbour(lane, a, 'longest-child'))).toBe('x');
    expect(computeBoxNeighbour(lane, a, 'parent')).toBe(main);
    expect(computeBoxNeighbour(lane, main, 'parent')).toBe(main);
  });
});

describe('computeTimeRangeTree', () => {
  it('counts the part of each sample inside the range', () => {
    const order = samplesOrder(['main;a', 'main;a;x', 'main;b'], [0, 10, 20], [10, 10, 10]);
    expect(printTree(computeTimeRangeTree(order, 5, 25))).toBe(
      [
        '- main (total 20, self 0)',
        '  - a (total 15, self 5)',
        '    - x (total 10, self 10)',
        '  - b (total 5, self 5)',
      ].join('\n'),
    );
  });

  it('gives a span its time less that of the spans inside it', () => {
    const { table, stacks } = stacksOf(['run', 'run;parse', 'run;parse;lex']);
    const builder = new TimeOrderBuilder();
    builder.addSpans({ name: 't' }, table, stacks, [0, 2, 3], [10, 6, 4]);
    const order = builder.finish()!;
    expect(printTree(computeTimeRangeTree(order, 1, 5))).toBe(
      [
        '- run (total 4, self 1)',
        '  - parse (total 3, self 2)',
        '    - lex (total 1, self 1)',
      ].join('\n'),
    );
  });

  it('refuses a range that ends before it starts, or a lane that does not exist', () => {
    const order = samplesOrder(['a'], [0], [1]);
    expect(() => computeTimeRangeTree(order, 5, 1)).toThrow(/not a range/);
    expect(() => computeTimeRangeTree(order, 0, 1, { lanes: [3] })).toThrow(/lane 3/);
  });
});

describe('importers keep every thread and profile in time order', () => {
  it('speedscope: a broken profile other than the one imported is left out, with a warning', () => {
    const file = {
      $schema: 'https://www.speedscope.app/file-format-schema.json',
      shared: { frames: [{ name: 'a' }, { name: 'b' }] },
      profiles: [
        {
          type: 'sampled',
          name: 'good',
          unit: 'milliseconds',
          samples: [[0], [0, 1]],
          weights: [2, 3],
        },
        { type: 'sampled', name: 'bad', unit: 'milliseconds', samples: [[7]], weights: [1] },
        { type: 'evented', name: 'bytes', unit: 'bytes', events: [] },
      ],
    };
    const profile = importProfile(JSON.stringify(file));
    expect(profile.timeOrder!.lanes.map((lane) => lane.name)).toEqual(['good']);
    expect([...profile.timeOrder!.lanes[0].end]).toEqual([2e6, 5e6]);
    const warning = profile.warnings.find((w) => w.code === 'profile-without-time-order');
    expect(warning?.message).toMatch(
      /^1 profile is left out of the time order: bad: .*frame index/,
    );
  });

  it('Chrome trace: duration events of every thread beside the samples, a broken thread left out', () => {
    const trace = {
      traceEvents: [
        { ph: 'M', name: 'thread_name', pid: 1, tid: 1, args: { name: 'Main' } },
        { ph: 'X', name: 'Task', pid: 1, tid: 1, ts: 10, dur: 5 },
        { ph: 'B', name: 'Layout', pid: 1, tid: 1, ts: 11 },
        { ph: 'E', pid: 1, tid: 1, ts: 13 },
        { ph: 'X', name: 'Other', pid: 1, tid: 2, ts: 0, dur: 'soon' },
      ],
      stackFrames: { '1': { name: 'main' }, '2': { name: 'work', parent: '1' } },
      samples: [
        { pid: 1, tid: 1, ts: 10, sf: '2' },
        { pid: 1, tid: 1, ts: 12, sf: '2' },
        { pid: 1, tid: 1, ts: 14, sf: '1' },
      ],
    };
    // The samples are the profile; the duration events are read for the time order only, and
    // the thread whose event has no number for a duration is left out of it.
    const profile = importProfile(JSON.stringify(trace));
    const order = profile.timeOrder!;
    expect(order.lanes.map((lane) => `${lane.name} ${lane.kind}`)).toEqual([
      'Main (pid 1, tid 1) samples',
      'Main (pid 1, tid 1) trace events spans',
    ]);
    expect(order.origin).toBe(10_000);
    const spans = order.lanes[1];
    expect([...spans.start, ...spans.end]).toEqual([0, 1000, 5000, 3000]);
    const samples = order.lanes[0];
    expect([...samples.start, ...samples.end]).toEqual([0, 2000, 4000, 2000, 4000, 6000]);
    expect(profile.warnings.map((w) => w.code)).toContain('thread-without-time-order');
  });
});
