import { describe, expect, it } from 'vitest';
import {
  CallTreeBuilder,
  FrameTable,
  findNodeByPath,
  treeFromFolded,
  type CallTree,
  type NodeIndex,
} from '../../src/core';
import {
  MARK_NEW,
  MARK_NONE,
  MARK_REMOVED,
  createFlameGraphRenderer,
  type FlameGraphRenderer,
} from '../../src/render/flame-graph-renderer';
import { lightTheme } from '../../src/render/theme';
import { RecordingContext, createManualFrames } from './recording-context';

/**
 * Marks (hatching over diff boxes), checked against the recorded path calls: every hatch segment
 * must lie in the rectangle of a marked box computed from `nodeRect`, and the two marks must differ
 * by direction (and the removed one by a dashed border), not by colour.
 */

type PathCall =
  | { op: 'fillRect' | 'fillText' | 'beginPath' }
  | { op: 'moveTo' | 'lineTo'; x: number; y: number }
  | { op: 'rect'; x: number; y: number; width: number; height: number }
  | { op: 'stroke'; strokeStyle: string; lineWidth: number; dash: number[] };

/** The recording context plus the path calls, all in one ordered log. */
class PathRecordingContext extends RecordingContext {
  log: PathCall[] = [];
  private dash: number[] = [];
  override fillRect(x: number, y: number, width: number, height: number): void {
    super.fillRect(x, y, width, height);
    this.log.push({ op: 'fillRect' });
  }
  override fillText(text: string, x: number, y: number): void {
    super.fillText(text, x, y);
    this.log.push({ op: 'fillText' });
  }
  override beginPath(): void {
    this.log.push({ op: 'beginPath' });
  }
  override moveTo(x: number, y: number): void {
    this.log.push({ op: 'moveTo', x, y });
  }
  override lineTo(x: number, y: number): void {
    this.log.push({ op: 'lineTo', x, y });
  }
  override rect(x: number, y: number, width: number, height: number): void {
    this.log.push({ op: 'rect', x, y, width, height });
  }
  override setLineDash(dash: number[]): void {
    this.dash = [...dash];
  }
  override stroke(): void {
    const { strokeStyle, lineWidth, dash } = this;
    this.log.push({ op: 'stroke', strokeStyle, lineWidth, dash });
  }
  override reset(): void {
    super.reset();
    this.log = [];
  }
}

interface Segment {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface Stroke {
  /** Position of the stroke call in the log. */
  at: number;
  strokeStyle: string;
  lineWidth: number;
  dashed: boolean;
  segments: Segment[];
  rects: Rect[];
}

function strokesOf(log: PathCall[]): Stroke[] {
  const strokes: Stroke[] = [];
  let segments: Segment[] = [];
  let rects: Rect[] = [];
  let from = { x: NaN, y: NaN };
  log.forEach((call, at) => {
    if (call.op === 'beginPath') [segments, rects] = [[], []];
    else if (call.op === 'moveTo') from = { x: call.x, y: call.y };
    else if (call.op === 'lineTo') {
      segments.push({ x0: from.x, y0: from.y, x1: call.x, y1: call.y });
      from = { x: call.x, y: call.y };
    } else if (call.op === 'rect') rects.push(call);
    else if (call.op === 'stroke') {
      const { strokeStyle, lineWidth } = call;
      strokes.push({ at, strokeStyle, lineWidth, dashed: call.dash.length > 0, segments, rects });
    }
  });
  return strokes;
}

/** The box drawn for a node, in device px, from its CSS rectangle: a pixel of gap on the right. */
function boxOf(renderer: FlameGraphRenderer, node: NodeIndex, ratio: number): Rect {
  const rect = renderer.nodeRect(node)!;
  const left = Math.max(0, Math.round(rect.x * ratio));
  const right = Math.round((rect.x + rect.width) * ratio);
  const width = right - left > 2 ? right - left - 1 : right - left;
  return { x: left, y: Math.round(rect.y * ratio), width, height: rect.height * ratio - 1 };
}

const EPSILON = 1e-9;
const inside = (box: Rect, x: number, y: number) =>
  x >= box.x - EPSILON &&
  x <= box.x + box.width + EPSILON &&
  y >= box.y - EPSILON &&
  y <= box.y + box.height + EPSILON;
const segmentIn = (box: Rect, s: Segment) => inside(box, s.x0, s.y0) && inside(box, s.x1, s.y1);

function setup(tree: CallTree, marks: Map<NodeIndex, number> | undefined, width = 200, ratio = 1) {
  const context = new PathRecordingContext();
  const height = 100;
  const canvas = {
    width,
    height,
    clientWidth: width,
    clientHeight: height,
    getContext: () => context,
  } as unknown as HTMLCanvasElement;
  const colors = new Uint32Array(tree.nodeCount).fill(0x203040); // dark: light ink
  const asked: NodeIndex[] = [];
  const markOf = marks
    ? (node: NodeIndex) => {
        asked.push(node);
        return marks.get(node) ?? MARK_NONE;
      }
    : undefined;
  const renderer = createFlameGraphRenderer(
    canvas,
    { rowHeight: 20, colors, minLabelWidth: 24, markOf },
    { ...createManualFrames(), devicePixelRatio: () => ratio },
  );
  renderer.setViewport({ width, height });
  renderer.setData(tree);
  return { context, renderer, colors, asked };
}

/**
 * 400 units over 200 px: a 140 px, a;b 80, a;c 60, d 40, u 16; n 3 px (2 drawn, too narrow to
 * mark); t1 and t2 half a pixel each, merged into one run.
 */
const diffTree = () => treeFromFolded('a;b 160\na;c 120\nd 80\nn 6\nt1 1\nt2 1\nu 32');

function markedDiff(ratio = 1) {
  const tree = diffTree();
  const node = (path: string) => findNodeByPath(tree, path.split(';'));
  const marks = new Map<NodeIndex, number>([
    [node('a'), MARK_NEW],
    [node('a;b'), MARK_NEW],
    [node('d'), MARK_REMOVED],
    [node('n'), MARK_NEW],
    [node('t1'), MARK_NEW],
    [node('t2'), MARK_NEW],
  ]);
  const setupResult = setup(tree, marks, 200, ratio);
  setupResult.colors[node('d')] = 0xffe08a; // pale: dark ink
  setupResult.renderer.setOptions({ colors: setupResult.colors });
  setupResult.renderer.drawNow();
  const boxes = (path: string) => boxOf(setupResult.renderer, node(path), ratio);
  const strokes = strokesOf(setupResult.context.log);
  return { ...setupResult, tree, node, boxes, strokes };
}

/** Hatch lines are at 45°: x + y is constant on a rising one, x − y on a falling one. */
const isRising = (s: Segment) => Math.abs(s.x1 - s.x0 + (s.y1 - s.y0)) < EPSILON;
const isFalling = (s: Segment) => Math.abs(s.x1 - s.x0 - (s.y1 - s.y0)) < EPSILON;

describe('node marks', () => {
  it('hatches only the marked boxes at least 4 px wide, each line cut at the box edges', () => {
    const { strokes, boxes, node, asked, renderer } = markedDiff();
    const hatches = strokes.filter((stroke) => !stroke.dashed);
    const segments = hatches.flatMap((stroke) => stroke.segments);
    const marked = [boxes('a'), boxes('a;b'), boxes('d')];
    for (const segment of segments)
      expect(marked.some((box) => segmentIn(box, segment))).toBe(true);
    for (const [index, box] of marked.entries()) {
      const own = segments.filter((segment) => segmentIn(box, segment));
      expect(own.length, `box ${index}`).toBeGreaterThanOrEqual(Math.floor(box.width / 12));
      // Cut at the edges (inset by half the 1 px line): every end touches one.
      for (const { x0, y0, x1, y1 } of own) {
        for (const [x, y] of [
          [x0, y0],
          [x1, y1],
        ]) {
          const fromEdge = Math.min(
            x - box.x,
            box.x + box.width - x,
            y - box.y,
            box.y + box.height - y,
          );
          expect(fromEdge).toBeCloseTo(0.5, 9);
        }
      }
    }
    // Nothing in the boxes that are unmarked, too narrow or merged.
    for (const path of ['a;c', 'u', 'n', 't1']) {
      const box = boxes(path);
      expect(segments.some((s) => segmentIn(box, s))).toBe(false);
    }
    // Asked only for the boxes wide enough to mark: not n, t1, t2.
    const wide = [0, node('a'), node('a;b'), node('a;c'), node('d'), node('u')];
    expect(wide.every((n) => boxOf(renderer, n, 1).width >= 4)).toBe(true);
    expect([...new Set(asked)].sort((p, q) => p - q)).toEqual(wide.sort((p, q) => p - q));
  });

  it('covers each marked box with evenly spaced lines', () => {
    const { strokes, boxes } = markedDiff();
    const segments = strokes.filter((stroke) => !stroke.dashed).flatMap((s) => s.segments);
    for (const [path, rising] of [
      ['a', true],
      ['d', false],
    ] as const) {
      const box = boxes(path);
      // The constant of each line (x + y or x − y), sorted: equal steps, none missing at the ends.
      const offset = (x: number, y: number) => (rising ? x + y : x - y);
      const constants = segments
        .filter((s) => segmentIn(box, s))
        .map((s) => offset(s.x0, s.y0))
        .sort((p, q) => p - q);
      const step = constants[1] - constants[0];
      expect(step).toBeGreaterThan(0);
      for (let i = 1; i < constants.length; i++)
        expect(constants[i] - constants[i - 1]).toBeCloseTo(step, 9);
      const low = rising ? box.x + box.y : box.x - (box.y + box.height);
      const high = rising ? box.x + box.width + box.y + box.height : box.x + box.width - box.y;
      expect(constants[0] - low).toBeLessThanOrEqual(step + 1);
      expect(high - constants[constants.length - 1]).toBeLessThanOrEqual(step + 1);
    }
  });

  it('tells new from removed without colour: rising versus falling, dashed border on removed', () => {
    const { strokes, boxes } = markedDiff();
    const segments = strokes.filter((stroke) => !stroke.dashed).flatMap((s) => s.segments);
    const inBox = (path: string) => segments.filter((s) => segmentIn(boxes(path), s));
    expect(inBox('a;b').every(isRising)).toBe(true);
    expect(inBox('a').every(isRising)).toBe(true);
    expect(inBox('d').every(isFalling)).toBe(true);
    expect(inBox('d').some(isRising)).toBe(false);
    // One dashed stroke, a rectangle just inside d's box.
    const dashed = strokes.filter((stroke) => stroke.dashed);
    expect(dashed).toHaveLength(1);
    const d = boxes('d');
    expect(dashed[0].segments).toEqual([]);
    expect(dashed[0].rects).toEqual([
      { op: 'rect', x: d.x + 0.5, y: d.y + 0.5, width: d.width - 1, height: d.height - 1 },
    ]);
  });

  it('draws over the fills and under the labels, in the contrasting label ink, translucent', () => {
    const { strokes, context } = markedDiff();
    const lastFill = context.log.map((call) => call.op).lastIndexOf('fillRect');
    const firstLabel = context.log.findIndex((call) => call.op === 'fillText');
    expect(firstLabel).toBeGreaterThan(0);
    expect(strokes.length).toBeGreaterThan(0);
    for (const stroke of strokes) {
      expect(stroke.at).toBeGreaterThan(lastFill);
      expect(stroke.at).toBeLessThan(firstLabel);
    }
    const ink = (style: string) => {
      const [r, g, b, alpha] = /rgba\((.*)\)/.exec(style)![1].split(',').map(Number);
      return { color: (r << 16) | (g << 8) | b, alpha };
    };
    // a and b are dark (0x203040): light ink; d is pale (0xffe08a): dark ink.
    const hatches = strokes.filter((stroke) => !stroke.dashed);
    const rising = hatches.find((stroke) => stroke.segments.every(isRising))!;
    const falling = hatches.find((stroke) => stroke.segments.every(isFalling))!;
    expect(ink(rising.strokeStyle).color).toBe(lightTheme.lightText);
    expect(ink(falling.strokeStyle).color).toBe(lightTheme.darkText);
    for (const stroke of strokes) {
      expect(ink(stroke.strokeStyle).alpha).toBeGreaterThan(0);
      expect(ink(stroke.strokeStyle).alpha).toBeLessThan(1);
    }
  });

  it('changes nothing when markOf is absent or marks nothing', () => {
    const tree = diffTree();
    const without = setup(tree, undefined);
    without.renderer.drawNow();
    const unmarked = setup(tree, new Map());
    unmarked.renderer.drawNow();
    for (const { context } of [without, unmarked]) {
      expect(context.log.some((call) => call.op !== 'fillRect' && call.op !== 'fillText')).toBe(
        false,
      );
    }
    expect(unmarked.context.calls).toEqual(without.context.calls);
  });

  it('strokes 1,000 marked boxes in three paths: two hatches and one dashed border', () => {
    const tree = treeFromFolded(Array.from({ length: 1000 }, (_, i) => `f${i} 1`).join('\n'));
    const marks = new Map<NodeIndex, number>();
    for (let node = 1; node < tree.nodeCount; node++)
      marks.set(node, node % 2 === 0 ? MARK_NEW : MARK_REMOVED);
    const { context, renderer } = setup(tree, marks, 6000); // 6 px a box, 5 drawn
    renderer.drawNow();
    const strokes = strokesOf(context.log);
    expect(strokes).toHaveLength(3);
    expect(context.log.filter((call) => call.op === 'beginPath')).toHaveLength(3);
    const segments = strokes.flatMap((stroke) => stroke.segments);
    for (let node = 1; node < tree.nodeCount; node++) {
      const box = boxOf(renderer, node, 1);
      const own = segments.filter((s) => segmentIn(box, s));
      expect(own.length).toBeGreaterThan(0);
      expect(own.every(node % 2 === 0 ? isRising : isFalling)).toBe(true);
    }
    expect(strokes.find((stroke) => stroke.dashed)!.rects).toHaveLength(500);
  });

  it('asks for marks only on boxes wide enough, however many nodes are marked', () => {
    const frames = new FrameTable();
    const builder = new CallTreeBuilder({ frames });
    for (let i = 0; i < 20_000; i++)
      builder.addStack([frames.internName(`f${i}`), frames.internName('leaf')], 1);
    const tree = builder.build();
    const marks = new Map<NodeIndex, number>();
    for (let node = 0; node < tree.nodeCount; node++) marks.set(node, MARK_NEW);
    const { context, renderer, asked } = setup(tree, marks, 100);
    renderer.drawNow();
    expect(asked).toEqual([0]); // only the root is wider than a pixel
    const root = boxOf(renderer, 0, 1);
    const segments = strokesOf(context.log).flatMap((stroke) => stroke.segments);
    expect(segments.length).toBeGreaterThan(0);
    expect(segments.every((s) => segmentIn(root, s))).toBe(true);
  });

  it('hatches in device pixels at a pixel ratio of 2, where n becomes wide enough', () => {
    const { strokes, boxes } = markedDiff(2);
    const hatches = strokes.filter((stroke) => !stroke.dashed);
    // n is 3 CSS px: 6 device px, 5 drawn; t1 and t2 still merge into a 2 px run.
    const marked = [boxes('a'), boxes('a;b'), boxes('d'), boxes('n')];
    expect(marked[0]).toMatchObject({ x: 0, width: 279, height: 39 });
    expect(marked[3]).toMatchObject({ x: 360, width: 5 });
    for (const stroke of hatches) {
      expect(stroke.lineWidth).toBe(2);
      for (const s of stroke.segments) expect(marked.some((box) => segmentIn(box, s))).toBe(true);
    }
    for (const box of marked)
      expect(hatches.some((stroke) => stroke.segments.some((s) => segmentIn(box, s)))).toBe(true);
  });
});
