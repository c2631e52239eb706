import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import {
  FlamekitError,
  colorToCss,
  computeDiff,
  createDiffColorScale,
  createNodeColorLookup,
  dimColor,
  findNodeByPath,
  importProfile,
  treeFromFolded,
  type CallTree,
  type NodeIndex,
} from '../../../src/core';
import { darkTheme, lightTheme } from '../../../src/render/theme';
import { renderFlameGraphSvg, type SvgExportOptions } from '../../../src/render/export/svg-export';
import { expectedBoxes } from '../../helpers/expected-boxes';
import { KAFKA_WINDOWS, readFixture } from '../../helpers/fixtures';

/**
 * The SVG export, checked by reading the document back: the geometry against a layout computed
 * here from the tree's totals, the colours against core's colour functions, and the markup with a
 * strict well-formedness check written here (happy-dom's parser forgives a bare `&`). The tests
 * run in Node with no DOM globals, which proves the export needs none; happy-dom is only used,
 * as a library, to query the document.
 */

/** Throws unless `xml` is a well-formed document: balanced tags, quoted attributes, known entities, XML 1.0 characters. */
function checkWellFormed(xml: string): void {
  if (/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u.test(xml))
    throw new Error('a character XML 1.0 does not allow');
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const token =
    /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|&(?:amp|lt|gt|quot|apos|#\d+|#x[\da-f]+);|[^<&]+/giy;
  let at = 0;
  while (at < body.length) {
    token.lastIndex = at;
    const match = token.exec(body);
    if (!match) throw new Error(`not well-formed at ${at}: ${body.slice(at, at + 40)}`);
    at = token.lastIndex;
    const [whole, closing, name, attributes, selfClosing] = match;
    if (!whole.startsWith('<')) {
      if (stack.length === 0 && whole.trim()) throw new Error('text outside the root element');
      continue;
    }
    for (const entity of attributes?.match(/&[^;]*;?/g) ?? [])
      if (!/^&(amp|lt|gt|quot|apos|#\d+|#x[\da-f]+);$/i.test(entity))
        throw new Error(`bad entity ${entity} in an attribute`);
    if (closing) {
      if (stack.pop() !== name) throw new Error(`</${name}> closes nothing open`);
    } else if (!selfClosing) stack.push(name);
  }
  if (stack.length > 0) throw new Error(`<${stack.at(-1)}> is not closed`);
}

function parse(svg: string) {
  checkWellFormed(svg);
  const window = new Window();
  const document = new window.DOMParser().parseFromString(svg, 'image/svg+xml');
  expect(document.getElementsByTagName('parsererror')).toHaveLength(0);
  const root = document.documentElement;
  const group = (name: string) => root.querySelector(`g.flamekit-${name}`);
  const boxes = () =>
    [...(group('boxes')?.querySelectorAll('rect') ?? [])].map((rect) => ({
      x: Number(rect.getAttribute('x')),
      y: Number(rect.getAttribute('y')),
      width: Number(rect.getAttribute('width')),
      height: Number(rect.getAttribute('height')),
      fill: rect.getAttribute('fill'),
      title: rect.querySelector('title')?.textContent ?? '',
    }));
  return { document, root, group, boxes };
}

const small = () => treeFromFolded('a;b 2\na;c 1\nd 1');
const pathOf = (tree: CallTree, path: string) => findNodeByPath(tree, path.split(';'));

describe('renderFlameGraphSvg', () => {
  it('needs no DOM', () => {
    expect(typeof document).toBe('undefined');
    expect(renderFlameGraphSvg(small())).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg /,
    );
  });

  it('lays out a hand-made tree from its totals, root at the bottom, a pixel of gap', () => {
    const { root, boxes } = parse(renderFlameGraphSvg(small(), { width: 400 }));
    expect(root.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect([root.getAttribute('width'), root.getAttribute('height')]).toEqual(['400', '54']);
    expect(root.getAttribute('viewBox')).toBe('0 0 400 54');
    // Totals: root 4, a 3 (b 2, c 1), d 1; 100 px per sample.
    const byName = Object.fromEntries(boxes().map((box) => [box.title.split(' — ')[0], box]));
    expect(Object.keys(byName).sort()).toEqual(['a', 'all', 'b', 'c', 'd']);
    expect(byName.all).toMatchObject({ x: 0, y: 36, width: 399, height: 17 });
    expect(byName.a).toMatchObject({ x: 0, y: 18, width: 299 });
    expect(byName.d).toMatchObject({ x: 300, y: 18, width: 99 });
    expect(byName.b).toMatchObject({ x: 0, y: 0, width: 199 });
    expect(byName.c).toMatchObject({ x: 200, y: 0, width: 99 });
  });

  it('puts the root on top in icicle orientation, under the title line', () => {
    const { boxes, group } = parse(
      renderFlameGraphSvg(small(), { width: 400, orientation: 'icicle', title: 'Run 1' }),
    );
    const ys = Object.fromEntries(boxes().map((box) => [box.title.split(' — ')[0], box.y]));
    expect(ys).toEqual({ all: 24, a: 42, d: 42, b: 60, c: 60 });
    expect(group('title')?.textContent).toContain('Run 1');
  });

  it('matches an independent layout on a real profile', () => {
    const tree = importProfile(readFixture('collapsed/diff/inferno-before.txt')).tree();
    const svg = renderFlameGraphSvg(tree, { width: 1000 });
    const { boxes, group } = parse(svg);
    const drawn = boxes();
    const rows = tree.maxDepth + 1;
    const expected = expectedBoxes(tree, tree.total, { width: 1000, rows });
    expect(drawn).toHaveLength(expected.size); // no box of this profile is under a pixel
    for (const box of drawn) {
      const want = expected.get(`${box.x},${box.y}`);
      expect(want, `${box.title} at ${box.x},${box.y}`).toBeDefined();
      expect(box.width).toBe(want!.width);
      expect(box.title.startsWith(`${tree.name(want!.node)} — `)).toBe(true);
    }
    // Wide boxes are labelled with their name (or its start and end around an ellipsis).
    const labels = [...group('labels')!.querySelectorAll('text')].map((t) => t.textContent);
    expect(labels).toContain('dd');
    expect(labels.filter((l) => /^[^…]+…[^…]+$/.test(l)).length).toBeGreaterThan(0);
  });

  it('titles say the name, the formatted value and the share', () => {
    const tree = treeFromFolded('main;parse 1500000\nmain;emit 500000\nidle 2000000');
    const titles = parse(renderFlameGraphSvg(tree, { unit: 'nanoseconds' }))
      .boxes()
      .map((box) => box.title);
    expect(titles).toContain('parse — 1.5 ms (37.5 %)');
    expect(titles).toContain('main — 2 ms (50.0 %)');
    expect(titles).toContain('all — 4 ms (100 %)');
    expect(parse(renderFlameGraphSvg(small())).boxes()[0].title).toBe('all — 4 samples (100 %)');
  });

  it('merges boxes under minBoxWidth into runs on whole pixels', () => {
    const lines = ['big 1000', ...Array.from({ length: 50 }, (_, i) => `s${i} 1`)];
    const tree = treeFromFolded(lines.join('\n'));
    const row1 = parse(renderFlameGraphSvg(tree, { width: 210 }))
      .boxes()
      .filter((box) => box.y === 0);
    // 1050 samples on 210 px: big is 200 px, the 50 others 0.2 px each, from 200 to 210.
    expect(row1).toEqual([
      expect.objectContaining({ x: 0, width: 199, title: 'big — 1 K samples (95.2 %)' }),
      expect.objectContaining({
        x: 200,
        width: 10,
        title: '50 frames too narrow to draw one by one',
      }),
    ]);
    // Boxes of 4 px are drawn at the default minimum, merged at a minimum of 5.
    const even = treeFromFolded('a 1\nb 1\nc 1\nd 1');
    const rowOf = (options: SvgExportOptions) =>
      parse(renderFlameGraphSvg(even, { width: 16, ...options }))
        .boxes()
        .filter((box) => box.y === 0)
        .map((box) => [box.x, box.width]);
    expect(rowOf({})).toEqual([
      [0, 3],
      [4, 3],
      [8, 3],
      [12, 3],
    ]);
    expect(rowOf({ minBoxWidth: 5 })).toEqual([[0, 16]]);
  });

  it('zooms: the focus spans the width, its ancestors are faded, other branches are gone', () => {
    const tree = small();
    const focus = pathOf(tree, 'a;b');
    const colorOf = createNodeColorLookup(tree, 'package', { theme: 'light' });
    const { boxes } = parse(renderFlameGraphSvg(tree, { width: 400, focus }));
    const byName = Object.fromEntries(boxes().map((box) => [box.title.split(' — ')[0], box]));
    expect(Object.keys(byName).sort()).toEqual(['a', 'all', 'b']);
    expect(byName.b).toMatchObject({ x: 0, y: 0, width: 399, fill: colorToCss(colorOf(focus)) });
    const faded = (node: NodeIndex) =>
      colorToCss(dimColor(colorOf(node), lightTheme.background, lightTheme.dimAmount));
    expect(byName.a).toMatchObject({ x: 0, y: 18, width: 399, fill: faded(pathOf(tree, 'a')) });
    expect(byName.all).toMatchObject({ x: 0, y: 36, width: 399, fill: faded(0) });
  });

  it('cuts labels by the documented estimate of 0.6 em a character and clips them to their box', () => {
    const tree = treeFromFolded('abcdefghijklmnopqrstuvwxyz 1\nxy 1\nz 38');
    const { group } = parse(renderFlameGraphSvg(tree, { width: 400 }));
    const labels = [...group('labels')!.querySelectorAll('text')].map((t) => t.textContent);
    // The first box is 10 px (no label); "xy" is 9 px wide (none either). "all" and "z" are wide:
    // "z" is 379 px, "all" 400 px, wider than three characters and an ellipsis (36.8 px).
    expect(labels).toEqual(['all', 'z']);
    const wide = treeFromFolded('abcdefghijklmnopqrstuvwxyz 1\nz 3');
    const cut = parse(renderFlameGraphSvg(wide, { width: 400 }))
      .group('labels')!
      .querySelectorAll('svg')[1];
    // A 99 px box leaves 91 px inside its padding: 12 cells of 7.2 px, 11 letters and the
    // ellipsis, cut in the middle (the end one letter longer).
    expect(cut.querySelector('text')!.textContent).toBe('abcde…uvwxyz');
    // Clipped by a viewport the size of the box.
    expect(['x', 'y', 'width', 'height'].map((a) => cut.getAttribute(a)).join()).toBe('0,0,99,17');
    const right = parse(renderFlameGraphSvg(wide, { width: 400, textAlign: 'right' }))
      .group('labels')!
      .querySelectorAll('text')[1];
    expect(right.textContent).toBe('…pqrstuvwxyz');
  });

  it('keeps names with markup, entities and control characters inert', () => {
    const hostile = [
      '<script>alert(1)</script>',
      ']]>',
      `a&b "q" 'x' &lt`,
      'bell\u0001\u0007\u001f',
      'half\ud800pair',
      'no\uffffchar',
    ];
    const tree = treeFromFolded(hostile.map((name) => `${name} 1`).join('\n'));
    const svg = renderFlameGraphSvg(tree, { width: 3000, title: '<img src=x onerror=alert(1)>' });
    const { document, boxes, group } = parse(svg);
    expect(document.getElementsByTagName('script')).toHaveLength(0);
    expect(document.getElementsByTagName('img')).toHaveLength(0);
    const titles = boxes().map((box) => box.title.split(' — ')[0]);
    expect(titles).toEqual(
      expect.arrayContaining([
        '<script>alert(1)</script>',
        ']]>',
        `a&b "q" 'x' &lt`,
        'bell',
        'halfpair',
        'nochar',
      ]),
    );
    const labels = [...group('labels')!.querySelectorAll('text')].map((t) => t.textContent);
    expect(labels).toContain('<script>alert(1)</script>');
    expect(group('title')!.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(svg).not.toMatch(/<script|<img|<!\[CDATA/);
  });

  it('is standalone: no script, no link out, a font fallback list', () => {
    const svg = renderFlameGraphSvg(small(), { title: 'x' });
    expect(svg).not.toMatch(/href|url\((?!#)|@import|<script|<foreignObject/i);
    const { root } = parse(svg);
    expect(root.getAttribute('font-family')).toMatch(/, monospace$/);
    expect(root.querySelector('title')!.textContent).toBe('x');
  });

  it('colours boxes by the chosen scheme and theme', () => {
    const tree = small();
    const a = pathOf(tree, 'a');
    const fillOf = (options: SvgExportOptions) =>
      parse(renderFlameGraphSvg(tree, options))
        .boxes()
        .find((box) => box.title.startsWith('a — '))!.fill;
    expect(fillOf({})).toBe(colorToCss(createNodeColorLookup(tree, 'package')(a)));
    expect(fillOf({ colorScheme: 'total', theme: 'dark' })).toBe(
      colorToCss(createNodeColorLookup(tree, 'total', { theme: 'dark' })(a)),
    );
    expect(fillOf({ colorScheme: (_, node) => (node === a ? 0x123456 : 0) })).toBe('#123456');
    const dark = parse(renderFlameGraphSvg(tree, { theme: 'dark' })).root.querySelector('rect')!;
    expect(dark.getAttribute('fill')).toBe(colorToCss(darkTheme.background));
  });

  it('titles of a diff give both sides and the change', () => {
    // Baseline then comparison: all 3 → 4, a 1 → 3, b 2 → 0 (removed), c 0 → 1 (new).
    const tree = treeFromFolded('a 1 3\nb 2 0\nc 0 1');
    const titles = parse(renderFlameGraphSvg(tree))
      .boxes()
      .map((box) => box.title);
    expect(titles).toEqual([
      'all — baseline 3 samples (100 %), comparison 4 samples (100 %), change +1 sample (+33.3 %)',
      'a — baseline 1 sample (33.3 %), comparison 3 samples (75.0 %), change +2 samples (+200 %)',
      'b — removed: was 2 samples (66.7 % of the baseline), not in the comparison',
      'c — new: 1 sample (25.0 % of the comparison), not in the baseline',
    ]);
  });

  it('draws a diff with the diff scale, hatching on new and removed frames only, and a legend', () => {
    const [before, after] = KAFKA_WINDOWS.map((path) => importProfile(readFixture(path)).tree());
    const tree = computeDiff(before, after);
    const scale = createDiffColorScale(tree);
    const svg = renderFlameGraphSvg(tree, { unit: 'nanoseconds' });
    const { root, boxes, group } = parse(svg);
    // Widths are both sides added, as the diff graph's default.
    const weight = tree.total.map((total, node) => total + tree.baselineTotal![node]);
    const expected = expectedBoxes(tree, weight, { rows: tree.maxDepth + 1 });
    const drawn = boxes().filter((box) => !box.title.includes('too narrow'));
    expect(drawn.length).toBeGreaterThan(300);
    const nodeAt = new Map<string, NodeIndex>();
    let increases = 0;
    for (const box of drawn) {
      const want = expected.get(`${box.x},${box.y}`);
      expect(want, `${box.title} at ${box.x},${box.y}`).toBeDefined();
      expect(box.width).toBe(want!.width);
      expect(box.fill).toBe(colorToCss(scale.colorOf(want!.node)));
      nodeAt.set(`${box.x},${box.y}`, want!.node);
      if (scale.changeOf(want!.node) === 'increase') increases++;
    }
    expect(increases).toBeGreaterThan(10);

    // Only the marks layer references patterns, and each mark lies on a new or removed box.
    expect(group('boxes')!.innerHTML).not.toContain('url(');
    const marks = [...group('marks')!.querySelectorAll('rect')].map((mark) => {
      const [x, y] = ['x', 'y'].map((a) => Number(mark.getAttribute(a)) - 0.5);
      const change = scale.changeOf(nodeAt.get(`${x},${y}`)!);
      expect(mark.getAttribute('fill')).toMatch(
        new RegExp(`^url\\(#flamekit-${change}-[0-9a-f]{6}\\)$`),
      );
      expect(mark.hasAttribute('stroke-dasharray')).toBe(change === 'removed');
      return change;
    });
    expect(new Set(marks)).toEqual(new Set(['new', 'removed']));
    const markable = drawn.filter(
      (box) =>
        box.width >= 4 && /new|removed/.test(scale.changeOf(nodeAt.get(`${box.x},${box.y}`)!)),
    );
    expect(marks).toHaveLength(markable.length);
    for (const id of svg.matchAll(/url\(#([\w-]+)\)/g))
      expect(root.querySelector(`defs > [id="${id[1]}"]`), id[1]).not.toBeNull();

    const legend = group('legend')!;
    expect(legend.textContent).toContain('new');
    expect(legend.textContent).toContain('removed');
    expect(legend.textContent).toContain('−100 %');
    const stops = [...root.querySelectorAll('linearGradient stop')].map((s) =>
      s.getAttribute('stop-color'),
    );
    expect(stops).toEqual(scale.legend.stops.map((s) => colorToCss(s.color)));
    const rows = tree.maxDepth + 1;
    expect(root.getAttribute('height')).toBe(String(rows * 18 + 26));
  });

  it('stays small for a large tree', () => {
    const lines: string[] = [];
    for (let i = 0; i < 60_000; i++) lines.push(`m${i % 7};a${i % 97};c${i} ${1 + (i % 13)}`);
    const tree = treeFromFolded(lines.join('\n'));
    expect(tree.nodeCount).toBeGreaterThan(60_000);
    const svg = renderFlameGraphSvg(tree, { width: 800 });
    const rects = svg.split('<rect').length - 1;
    // One element per pixel column per row at most; here far fewer.
    expect(rects).toBeLessThanOrEqual(4 * 800 + 1);
    expect(svg.length).toBeLessThan(200_000);
    parse(svg);
  });

  it('draws an empty tree as a note, and rejects bad options with FlamekitError', () => {
    const empty = parse(renderFlameGraphSvg(treeFromFolded('')));
    expect(empty.boxes()).toHaveLength(0);
    expect(empty.root.textContent).toContain('No samples');
    const tree = small();
    for (const options of [
      { focus: 99 },
      { focus: -1 },
      { focus: 1.5 },
      { width: 0 },
      { width: Number.NaN },
      { rowHeight: 1 },
      { minBoxWidth: 0.5 },
      { theme: 'blue' as 'light' },
      { orientation: 'sideways' as 'flame' },
      { colorScheme: 'rainbow' as 'package' },
      { diff: { colorMode: 'odd' as 'relative' } },
      { theme: null as unknown as 'light' },
      { theme: {} as unknown as 'light' },
      null as unknown as SvgExportOptions,
    ]) {
      const diffTree = treeFromFolded('a 1 2');
      expect(
        () => renderFlameGraphSvg(options?.diff ? diffTree : tree, options),
        JSON.stringify(options),
      ).toThrow(FlamekitError);
    }
    expect(() => renderFlameGraphSvg(undefined as unknown as CallTree)).toThrow(FlamekitError);
    // A removed frame has no width when widths are the comparison's.
    const diff = treeFromFolded('a 1 0\nb 1 1');
    expect(() =>
      renderFlameGraphSvg(diff, { focus: pathOf(diff, 'a'), diff: { widthMode: 'comparison' } }),
    ).toThrow(/no width/);
  });
});
