import { describe, expect, it, vi } from 'vitest';
import {
  CallTreeBuilder,
  FrameTable,
  colorToCss,
  computeSearch,
  createFlameLayout,
  dimColor,
  findNodeByPath,
  muteColor,
  searchMissedFrames,
  searchMisses,
  treeFromFolded,
  type CallTree,
} from '../../src/core';
import {
  createFlameGraphRenderer,
  lightTheme,
  type FlameGraphRenderer,
  type FlameViewport,
} from '../../src/render';
import { createManualFrames, createRecordingCanvas } from './recording-context';

/** A distinct colour per node, so that each recorded rectangle says which node it is. */
function colorsFor(tree: CallTree): Uint32Array {
  return Uint32Array.from({ length: tree.nodeCount }, (_, node) => 0x100000 + node * 0x10);
}

function setup(
  tree: CallTree,
  { width = 400, height = 100, ratio = 1, orientation = 'flame' as 'flame' | 'icicle' } = {},
) {
  const { canvas, context } = createRecordingCanvas(width, height);
  const frames = createManualFrames();
  const colors = colorsFor(tree);
  const renderer = createFlameGraphRenderer(
    canvas,
    { orientation, rowHeight: 20, colors, minLabelWidth: 24 },
    { ...frames, devicePixelRatio: () => ratio },
  );
  renderer.setViewport({ width, height });
  renderer.setData(tree);
  const rectOf = (path: string) => {
    const node = path === '' ? 0 : findNodeByPath(tree, path.split(';'));
    return context.boxes().find((box) => box.fillStyle === colorToCss(colors[node]));
  };
  return { canvas, context, frames, renderer, colors, rectOf };
}

const simple = () => treeFromFolded('a;b 2\na;c 1\nd 1');

describe('createFlameGraphRenderer', () => {
  it('lays boxes out by value, root at the bottom, with a pixel of gap', () => {
    const { renderer, rectOf } = setup(simple());
    renderer.drawNow();
    expect(rectOf('')).toMatchObject({ x: 0, y: 80, width: 399, height: 19 });
    expect(rectOf('a')).toMatchObject({ x: 0, y: 60, width: 299 });
    expect(rectOf('d')).toMatchObject({ x: 300, y: 60, width: 99 });
    expect(rectOf('a;b')).toMatchObject({ x: 0, y: 40, width: 199 });
    expect(rectOf('a;c')).toMatchObject({ x: 200, y: 40, width: 99 });
  });

  it('puts the root on top in icicle orientation', () => {
    const { renderer, rectOf } = setup(simple(), { orientation: 'icicle' });
    renderer.drawNow();
    expect(rectOf('')!.y).toBe(0);
    expect(rectOf('a;b')!.y).toBe(40);
  });

  it('draws in device pixels at a pixel ratio of 2, with a canvas the size of the viewport', () => {
    const { canvas, renderer, rectOf } = setup(simple(), { ratio: 2 });
    renderer.drawNow();
    expect([canvas.width, canvas.height]).toEqual([800, 200]);
    expect(rectOf('a;c')).toMatchObject({ x: 400, y: 80, width: 199, height: 39 });
  });

  it('draws only what intersects a zoomed view, and fades the ancestors of the zoomed node', () => {
    const tree = simple();
    const { renderer, context, colors, rectOf } = setup(tree);
    const b = findNodeByPath(tree, ['a', 'b']);
    renderer.setViewport({ valueStart: 0, valueEnd: 2 });
    renderer.setOptions({ focus: b });
    renderer.drawNow();
    expect(rectOf('a;b')).toMatchObject({ x: 0, width: 399 });
    expect(rectOf('a;c')).toBeUndefined();
    expect(rectOf('d')).toBeUndefined();
    const a = findNodeByPath(tree, ['a']);
    const fadedA = colorToCss(dimColor(colors[a], lightTheme.background, lightTheme.dimAmount));
    expect(context.boxes().some((box) => box.fillStyle === fadedA && box.y === 60)).toBe(true);
  });

  it('fades search misses', () => {
    const tree = simple();
    const { renderer, context, colors } = setup(tree);
    const dimmed = new Uint8Array(tree.nodeCount).fill(1);
    dimmed[findNodeByPath(tree, ['d'])] = 0;
    renderer.setOptions({ dimmed });
    renderer.drawNow();
    const d = findNodeByPath(tree, ['d']);
    const a = findNodeByPath(tree, ['a']);
    const fills = context.boxes().map((box) => box.fillStyle);
    expect(fills).toContain(colorToCss(colors[d]));
    expect(fills).not.toContain(colorToCss(colors[a]));
  });

  it('outlines every box of the highlighted frame, and only those', () => {
    // parse is called from main and from load: both of its boxes get the outline.
    const tree = treeFromFolded('main;parse 2\nmain;run 1\nload;parse 1');
    const { renderer, context, rectOf } = setup(tree);
    renderer.setOptions({ highlightedFrame: tree.frame[findNodeByPath(tree, ['main', 'parse'])] });
    renderer.drawNow();
    const outlined = context.calls
      .filter((call) => call.op === 'strokeRect')
      .map((call) => [call.x, call.y]);
    const expected = [rectOf('main;parse')!, rectOf('load;parse')!].map((box) => [
      box.x + 0.5,
      box.y + 0.5,
    ]);
    expect(outlined).toEqual(expect.arrayContaining(expected));
    expect(outlined).toHaveLength(2);
    renderer.setOptions({ highlightedFrame: -1 });
    context.reset();
    renderer.drawNow();
    expect(context.calls.filter((call) => call.op === 'strokeRect')).toHaveLength(0);
  });

  it('fades search misses by frame as it does by node, the root included', () => {
    const tree = treeFromFolded('main;parse;lex 3\nmain;run 2\nload;parse 1\nload;io 1');
    const result = computeSearch(tree, { text: 'parse', mode: 'substring' });
    const byNode = setup(tree);
    byNode.renderer.setOptions({ dimmed: searchMisses(result) });
    byNode.renderer.drawNow();
    const byFrame = setup(tree);
    byFrame.renderer.setOptions({ dimmedFrames: searchMissedFrames(result) });
    byFrame.renderer.drawNow();
    expect(byFrame.context.calls).toEqual(byNode.context.calls);
    const fills = byFrame.context.boxes().map((box) => box.fillStyle);
    const parse = findNodeByPath(tree, ['main', 'parse']);
    expect(fills).toContain(colorToCss(byFrame.colors[parse]));
    expect(fills).not.toContain(colorToCss(byFrame.colors[0]));
  });

  it('merges boxes under a device pixel, so work is bounded by the width, not the tree', () => {
    const frames = new FrameTable();
    const builder = new CallTreeBuilder({ frames });
    for (let i = 0; i < 20_000; i++)
      builder.addStack([frames.internName(`f${i}`), frames.internName('leaf')], 1);
    const tree = builder.build();
    const { renderer, context } = setup(tree, { width: 100 });
    const drawn = renderer.drawNow();
    // Root row: 1 box. Rows 1 and 2: at most one run per device pixel column each.
    expect(drawn.boxes).toBeLessThanOrEqual(1 + 2 * 100);
    const cover = context.boxes().filter((box) => box.y === 60);
    expect(Math.min(...cover.map((box) => box.x))).toBe(0);
    expect(Math.max(...cover.map((box) => box.x + box.width))).toBe(100);
  });

  it('groups boxes by colour: one style change per colour', () => {
    const tree = treeFromFolded(
      Array.from({ length: 30 }, (_, i) => `root;f${i % 3};g${i} 1`).join('\n'),
    );
    const { canvas, context } = createRecordingCanvas(600, 100);
    const colors = new Uint32Array(tree.nodeCount).fill(0x336699);
    colors[0] = 0x993366;
    const renderer = createFlameGraphRenderer(
      canvas,
      { colors, rowHeight: 20 },
      { ...createManualFrames(), devicePixelRatio: () => 1 },
    );
    renderer.setViewport({ width: 600, height: 100 });
    renderer.setData(tree);
    renderer.drawNow();
    const boxes = context.boxes();
    expect(boxes.length).toBeGreaterThan(30);
    // Background, two box colours, and at most two label colours.
    expect(context.styleChanges).toBeLessThanOrEqual(5);
  });

  it('labels wide boxes function first, cuts in the middle, and leaves narrow boxes bare', () => {
    const long = 'github.com/acme/service/internal/handlers.(*Server).HandleRequest';
    const tree = treeFromFolded(`${long} 10\nshort 1`);
    const { renderer, context } = setup(tree, { width: 300 });
    renderer.drawNow();
    const texts = context.texts().map((call) => call.text);
    // The box is 272 px wide less the gap and 2 × 4 px padding; 7 px per character: the package
    // path goes to its last segment before anything is cut.
    expect(texts).toContain('handlers.(*Server).HandleRequest');
    expect(texts).not.toContain('short'); // 27 px wide: less than three characters and an ellipsis
    // Narrower: the method alone, without its type.
    const method = setup(tree, { width: 150 });
    method.renderer.drawNow();
    expect(method.context.texts().map((call) => call.text)).toContain('HandleRequest');
    // Narrower still: the method cut in the middle (the end kept a character longer if odd).
    const narrow = setup(tree, { width: 100 });
    narrow.renderer.drawNow();
    const cut = narrow.context.texts().find((call) => call.text.includes('…'))!.text;
    const [head, tail] = cut.split('…');
    expect('HandleRequest'.startsWith(head)).toBe(true);
    expect('HandleRequest'.endsWith(tail)).toBe(true);
    expect([0, 1]).toContain(tail.length - head.length);
    expect(cut.length * 7).toBeLessThanOrEqual(90 - 1 - 8);
    narrow.renderer.setOptions({ textAlign: 'right' });
    narrow.context.reset();
    narrow.renderer.drawNow();
    const fromStart = narrow.context.texts().find((call) => call.text.includes('…'))!.text;
    expect(fromStart.startsWith('…')).toBe(true);
    expect('HandleRequest'.endsWith(fromStart.slice(1))).toBe(true);
  });

  it('mutes boxes too narrow for a label, and writes the value after a name that has room', () => {
    const tree = treeFromFolded('wide 97\nnarrow 3');
    const { renderer, context } = setup(tree, { width: 400 });
    const colorOf = () => 0x3366cc;
    renderer.setOptions({
      colorOf,
      labelValueOf: (node) => (node === 1 || node === 2 ? `${tree.total[node]} ms` : ''),
    });
    renderer.drawNow();
    expect(context.texts().map((call) => call.text)).toContain('wide (97 ms)');
    // narrow is 12 px: no label, and the muted colour; wide keeps its own.
    const fills = context.boxes().map((call) => call.fillStyle);
    expect(fills).toContain(colorToCss(muteColor(0x3366cc, 0xffffff)));
    expect(fills).toContain(colorToCss(0x3366cc));
    renderer.setOptions({ muteUnlabeled: false });
    context.reset();
    renderer.drawNow();
    expect(context.boxes().map((call) => call.fillStyle)).not.toContain(
      colorToCss(muteColor(0x3366cc, 0xffffff)),
    );
  });

  it('finds the node under a point by binary search in its row', () => {
    const tree = simple();
    const { renderer } = setup(tree);
    expect(renderer.hitTest(10, 90)).toBe(0);
    expect(renderer.hitTest(250, 50)).toBe(findNodeByPath(tree, ['a', 'c']));
    expect(renderer.hitTest(350, 70)).toBe(findNodeByPath(tree, ['d']));
    expect(renderer.hitTest(350, 50)).toBe(-1); // above d, nothing
    expect(renderer.hitTest(10, 5)).toBe(-1); // above the deepest row
    expect(renderer.nodeRect(findNodeByPath(tree, ['a', 'c']))).toEqual({
      x: 200,
      y: 40,
      width: 100,
      height: 20,
    });
  });

  it('leaves out the rows above firstDepth: the graph starts below them', () => {
    // A sandwich's half: the root and the one function under it are not drawn.
    const tree = treeFromFolded('f;a;x 2\nf;b 1');
    for (const orientation of ['flame', 'icicle'] as const) {
      const { renderer, rectOf } = setup(tree, { orientation, height: 60 });
      renderer.setOptions({ firstDepth: 2 });
      renderer.drawNow();
      expect(rectOf(''), orientation).toBeUndefined();
      expect(rectOf('f'), orientation).toBeUndefined();
      // The first row drawn is the function's callees, at the edge where the root would be.
      const edge = orientation === 'flame' ? 40 : 0;
      expect(rectOf('f;a'), orientation).toMatchObject({ x: 0, y: edge, width: 266 });
      expect(rectOf('f;b'), orientation).toMatchObject({ x: 267, y: edge });
      expect(rectOf('f;a;x')!.y, orientation).toBe(20); // the next row, away from the edge
      expect(renderer.contentHeight, orientation).toBe(2 * 20);
      expect(renderer.hitTest(10, edge + 10), orientation).toBe(findNodeByPath(tree, ['f', 'a']));
      expect(renderer.nodeRect(findNodeByPath(tree, ['f', 'b']))!.y, orientation).toBe(edge);
    }
  });

  it('coalesces draw requests into one animation frame', () => {
    const { renderer, frames, context } = setup(simple());
    context.reset();
    renderer.draw();
    renderer.setViewport({ scrollTop: 0 });
    renderer.setOptions({ selected: 1 });
    expect(frames.pending()).toBe(1);
    frames.flush();
    expect(
      context.calls.filter(
        (call) => call.op === 'fillRect' && call.width === 400 && call.height === 100,
      ),
    ).toHaveLength(1);
  });

  it('draws a 10,000-deep graph in a viewport-sized canvas, scrolled virtually', () => {
    const frames = new FrameTable();
    const builder = new CallTreeBuilder({ frames });
    builder.addStack(
      Int32Array.from({ length: 10_000 }, (_, i) => frames.internName(`f${i % 7}`)),
      1,
    );
    const tree = builder.build();
    const { canvas, renderer } = setup(tree, { height: 200 });
    expect(renderer.contentHeight).toBe(10_001 * 20);
    renderer.setViewport({ scrollTop: 9_990 * 20 });
    const drawn = renderer.drawNow();
    expect(canvas.height).toBe(200);
    expect(drawn.boxes).toBeLessThanOrEqual(12);
    expect(renderer.hitTest(5, 195)).toBe(9_990);
  });
});

describe('the first frame of a large tree', () => {
  /** 200,102 nodes over three rows: main → 100 workers → 2,000 tasks each (past the threshold). */
  function largeTree(): CallTree {
    const lines: string[] = [];
    for (let w = 0; w < 100; w++)
      for (let t = 0; t < 2_000; t++) lines.push(`main;worker${w};task${t} ${1 + (t % 3)}`);
    return treeFromFolded(lines.join('\n'));
  }

  /**
   * A renderer of 800 × 200 px drawing on recorded frames, with a clock that moves 10 ms at each
   * reading (a slice of 16 ms then prepares a row or two); `done` puts the clock back.
   */
  function openWithClock() {
    let now = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => (now += 10));
    const { canvas, context } = createRecordingCanvas(800, 200);
    const frames = createManualFrames();
    const renderer = createFlameGraphRenderer(canvas, { rowHeight: 20 }, frames);
    renderer.setViewport({ width: 800, height: 200 });
    return { renderer, context, frames, done: () => clock.mockRestore() };
  }

  it('is prepared over several frames showing the background alone, then drawn as drawNow draws it', () => {
    const tree = largeTree();
    expect(tree.nodeCount).toBeGreaterThan(200_000);
    const { renderer, context, frames, done } = openWithClock();
    try {
      renderer.setData(tree);
      const walks = vi.spyOn(renderer.layout!, 'rowNodes');
      let framesRun = 0;
      let framesThatDrew = 0;
      while (frames.pending() > 0) {
        context.reset();
        walks.mockClear();
        frames.flush();
        framesRun++;
        // A preparing frame shows the background alone; the drawing frame draws boxes too, from
        // the boxes the preparing frames placed, without walking a row again.
        if (context.calls.length > 1) {
          framesThatDrew++;
          expect(walks).not.toHaveBeenCalled();
        } else
          expect(context.calls).toEqual([expect.objectContaining({ op: 'fillRect', x: 0, y: 0 })]);
      }
      const drawnLast = context.calls;
      expect(framesRun).toBeGreaterThan(1);
      expect(framesThatDrew).toBe(1);
      // The frame that draws paints what a direct drawNow paints.
      const direct = createRecordingCanvas(800, 200);
      const other = createFlameGraphRenderer(
        direct.canvas,
        { rowHeight: 20 },
        createManualFrames(),
      );
      other.setViewport({ width: 800, height: 200 });
      other.setData(tree);
      other.drawNow();
      expect(drawnLast).toEqual(direct.context.calls);
      expect(drawnLast.length).toBeGreaterThan(100); // the workers, the runs of tasks, labels
    } finally {
      done();
    }
  });

  it('is drawn within a dozen frames even when the host sets a new large tree every frame', () => {
    const trees = [largeTree(), largeTree()];
    const { renderer, context, frames, done } = openWithClock();
    try {
      let drawnAt = -1;
      for (let frame = 0; frame < 30 && drawnAt < 0; frame++) {
        renderer.setData(trees[frame % 2]);
        context.reset();
        frames.flush();
        if (context.calls.length > 1) drawnAt = frame;
      }
      expect(drawnAt).toBeGreaterThanOrEqual(1);
      expect(drawnAt).toBeLessThanOrEqual(12);
    } finally {
      done();
    }
  });

  it('is drawn at once below the threshold, and at once by drawNow at any size', () => {
    const small = treeFromFolded('main;a 1\nmain;b 2\n');
    const { canvas, context } = createRecordingCanvas(400, 100);
    const frames = createManualFrames();
    const renderer = createFlameGraphRenderer(canvas, { rowHeight: 20 }, frames);
    renderer.setViewport({ width: 400, height: 100 });
    renderer.setData(small);
    frames.flush();
    expect(frames.pending()).toBe(0);
    expect(context.boxes().length).toBe(4); // the root, main, a and b
    const large = createRecordingCanvas(400, 100);
    const direct = createFlameGraphRenderer(large.canvas, { rowHeight: 20 }, createManualFrames());
    direct.setViewport({ width: 400, height: 100 });
    direct.setData(largeTree());
    expect(direct.drawNow().boxes).toBeGreaterThan(0);
  });
});

describe('boxes placed once for a view', () => {
  /**
   * Stacks of eight names, `count` of them: wide boxes, narrow ones and merged runs. The renderer
   * keeps its placed boxes for trees of 50,000 nodes or more, which 20,000 stacks make.
   */
  function mixedTree(count = 20_000): CallTree {
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const lines = Array.from({ length: count }, () => {
      const depth = 1 + Math.floor(random() * 12);
      const names = Array.from(
        { length: depth },
        () => ['fa', 'fb', 'fc', 'fd', 'ga', 'gb', 'gc', 'gd'][(random() * 8) | 0],
      );
      return `${names.join(';')} ${1 + Math.floor(random() * 40) ** 2}`;
    });
    return treeFromFolded(lines.join('\n'));
  }

  /** A renderer of `tree` through its own layout, whose row walks the test can count. */
  function open(tree: CallTree, environment: { ratio?: () => number } = {}) {
    const { canvas, context } = createRecordingCanvas(400, 120);
    const layout = createFlameLayout(tree);
    const renderer = createFlameGraphRenderer(
      canvas,
      { rowHeight: 20, colors: colorsFor(tree) },
      { ...createManualFrames(), devicePixelRatio: environment.ratio ?? (() => 1) },
    );
    renderer.setViewport({ width: 400, height: 120 });
    renderer.setData(tree, layout);
    renderer.drawNow();
    return { renderer, context, walks: vi.spyOn(layout, 'rowNodes') };
  }

  /** What a renderer made afresh draws with these options, viewport and pixel ratio. */
  function drawnAfresh(
    tree: CallTree,
    options: Parameters<FlameGraphRenderer['setOptions']>[0],
    viewport: Partial<FlameViewport>,
    ratio = 1,
  ) {
    // Made with these options and drawn once, so that its boxes are placed under them.
    const { canvas, context } = createRecordingCanvas(400, 120);
    const renderer = createFlameGraphRenderer(
      canvas,
      { rowHeight: 20, colors: colorsFor(tree), ...options },
      { ...createManualFrames(), devicePixelRatio: () => ratio },
    );
    renderer.setViewport({ width: 400, height: 120 });
    renderer.setData(tree);
    renderer.setViewport(viewport);
    renderer.drawNow();
    return context.calls;
  }

  it('redraws a search, a hover, a selection or muting from the boxes it placed', () => {
    const tree = mixedTree();
    expect(tree.nodeCount).toBeGreaterThanOrEqual(50_000);
    const { renderer, context, walks } = open(tree);
    const options: Parameters<FlameGraphRenderer['setOptions']>[0] = {};
    const misses = searchMissedFrames(computeSearch(tree, { text: 'g', mode: 'substring' }));
    for (const change of [
      { dimmedFrames: misses },
      { highlightedFrame: tree.frame[findNodeByPath(tree, ['fa'])] },
      { selected: findNodeByPath(tree, ['fa', 'fb']) },
      { muteUnlabeled: false },
      { dimmedFrames: undefined, textAlign: 'right' as const },
    ]) {
      Object.assign(options, change);
      renderer.setOptions(change);
      context.reset();
      renderer.drawNow();
      expect(walks).not.toHaveBeenCalled();
      expect(context.calls).toEqual(drawnAfresh(tree, options, renderer.viewport));
    }
    expect(context.boxes().length).toBeGreaterThan(20);
  });

  it('walks the rows of a small tree again on every draw rather than keep its boxes', () => {
    const tree = mixedTree(400);
    expect(tree.nodeCount).toBeLessThan(50_000);
    const { renderer, walks } = open(tree);
    renderer.setOptions({ highlightedFrame: tree.frame[findNodeByPath(tree, ['fa'])] });
    renderer.drawNow();
    expect(walks).toHaveBeenCalled();
  });

  it('places the boxes again when the view, the row height or the pixel ratio changes', () => {
    const tree = mixedTree();
    let ratio = 1;
    const { renderer, context, walks } = open(tree, { ratio: () => ratio });
    const options: Parameters<FlameGraphRenderer['setOptions']>[0] = {};
    const total = renderer.viewport.valueEnd;
    const changes: [
      Partial<FlameViewport>,
      Parameters<FlameGraphRenderer['setOptions']>[0],
      number,
    ][] = [
      [{ valueStart: total * 0.1, valueEnd: total * 0.6 }, {}, 1],
      [{ valueStart: total * 0.2, valueEnd: total * 0.7 }, {}, 1],
      [{ scrollTop: 20 }, {}, 1],
      [{ width: 300 }, {}, 1],
      [{ height: 100 }, {}, 1],
      [{}, { rowHeight: 16 }, 1],
      [{}, { orientation: 'icicle' }, 1],
      [{}, { firstDepth: 1 }, 1],
      [{}, { minLabelWidth: 60 }, 1],
      [{}, {}, 2],
    ];
    for (const [viewport, change, nextRatio] of changes) {
      Object.assign(options, change);
      ratio = nextRatio;
      renderer.setOptions(change);
      renderer.setViewport(viewport);
      walks.mockClear();
      context.reset();
      renderer.drawNow();
      expect(walks).toHaveBeenCalled();
      expect(context.calls).toEqual(drawnAfresh(tree, options, renderer.viewport, ratio));
    }
  });
});
