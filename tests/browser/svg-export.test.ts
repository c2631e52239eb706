import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  colorToCss,
  computeDiff,
  contrastingTextColor,
  computeDiffWeight,
  createDiffColorScale,
  createFlameLayout,
  createNodeColorLookup,
  dimColor,
  findNodeByPath,
  importProfile,
  treeFromFolded,
  type CallTree,
  type FlameLayout,
  type NodeIndex,
} from '../../src/core';
import { renderFlameGraphSvg } from '../../src/render/export/svg-export';
import { darkTheme, lightTheme } from '../../src/render/theme';
import { KAFKA_WINDOWS, readFixture } from '../helpers/fixtures';
import { launchChromium } from './harness';

/**
 * The exported SVG as a browser shows it: decoded as an <img> from a blob: URL (so nothing in it
 * can run or load), drawn 1:1 on a canvas and read back. Box positions come from core's layout,
 * colours from core's colour functions; Chromium's XML parser checks well-formedness strictly.
 */

let browser: Browser;
let page: Page;
beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
});

interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Decodes `svg` as an image, draws it, and returns the distinct colours (`#rrggbb`) of each region. */
function rasterize(svg: string, regions: Region[]) {
  return page.evaluate(
    async ({ svg, regions }) => {
      const parsed = new DOMParser().parseFromString(svg, 'image/svg+xml');
      const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
      const image = new Image();
      image.src = url;
      await image.decode();
      URL.revokeObjectURL(url);
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const colors = regions.map(({ x, y, width, height }) => {
        const { data } = context.getImageData(x, y, width, height);
        const seen = new Set<string>();
        for (let i = 0; i < data.length; i += 4)
          seen.add(
            '#' +
              ((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]).toString(16).padStart(6, '0'),
          );
        return [...seen];
      });
      return {
        parseErrors: parsed.getElementsByTagName('parsererror').length,
        scripts: parsed.getElementsByTagName('script').length,
        naturalWidth: image.naturalWidth,
        naturalHeight: image.naturalHeight,
        colors,
      };
    },
    { svg, regions },
  );
}

/** A box's place in the SVG, from core's layout: whole px, a pixel of gap, rows of 18 px. */
function boxOf(
  tree: CallTree,
  layout: FlameLayout,
  node: NodeIndex,
  { width = 1200, rows = tree.maxDepth + 1, focus = 0 } = {},
): Region {
  const scale = width / layout.width(focus);
  const x0 = Math.max(0, (layout.start(node) - layout.start(focus)) * scale);
  const x1 = Math.min(
    width,
    (layout.start(node) + layout.width(node) - layout.start(focus)) * scale,
  );
  const left = Math.round(x0);
  const right = Math.round(x1);
  return {
    x: left,
    y: (rows - 1 - tree.depth[node]) * 18,
    width: right - left - 1,
    height: 17,
  };
}

/** `ink` at `alpha` over `fill`, channel by channel. */
const blend = (ink: number, fill: number, alpha: number) =>
  [16, 8, 0].reduce((color, shift) => {
    const [a, b] = [(ink >> shift) & 0xff, (fill >> shift) & 0xff];
    return color | (Math.round(b + (a - b) * alpha) << shift);
  }, 0);
/** Colours within 2 of each other in every channel, for the rounding of blending. */
const near = (a: number, b: number) =>
  [16, 8, 0].every((shift) => Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff)) <= 2);

/** The top-right corner of a box: above the glyphs and right of any label, so only fill shows. */
const cornerOf = (box: Region): Region => ({
  x: box.x + box.width - 6,
  y: box.y + 1,
  width: 4,
  height: 2,
});

describe('renderFlameGraphSvg in Chromium', () => {
  it('decodes as an image with each box in its fill colour where the layout puts it', async () => {
    const tree = importProfile(readFixture('collapsed/diff/inferno-before.txt')).tree();
    const layout = createFlameLayout(tree);
    const colorOf = createNodeColorLookup(tree, 'package');
    const nodes = [
      0,
      findNodeByPath(tree, ['dd']),
      findNodeByPath(tree, ['dd', '[unknown]', 'read']),
    ];
    const boxes = nodes.map((node) => boxOf(tree, layout, node));
    const result = await rasterize(renderFlameGraphSvg(tree), boxes.map(cornerOf));
    expect(result.parseErrors).toBe(0);
    expect(result.naturalWidth).toBe(1200);
    expect(result.naturalHeight).toBe((tree.maxDepth + 1) * 18);
    expect(result.colors).toEqual(nodes.map((node) => [colorToCss(colorOf(node))]));
  });

  it('fades the ancestors of the zoomed node on a dark background', async () => {
    const tree = importProfile(readFixture('collapsed/diff/inferno-before.txt')).tree();
    const layout = createFlameLayout(tree);
    const focus = findNodeByPath(tree, ['dd', '[unknown]', 'write']);
    const colorOf = createNodeColorLookup(tree, 'package', { theme: 'dark' });
    const rows = tree.maxDepth + 1;
    const options = { width: 1200, rows, focus };
    const focusBox = boxOf(tree, layout, focus, options);
    const rootBox = boxOf(tree, layout, 0, options);
    const background: Region = { x: 1199, y: 0, width: 1, height: 1 };
    const result = await rasterize(
      renderFlameGraphSvg(tree, { focus, theme: 'dark' }),
      [focusBox, rootBox].map(cornerOf).concat(background),
    );
    expect(focusBox.width).toBe(1199);
    expect(result.colors).toEqual([
      [colorToCss(colorOf(focus))],
      [colorToCss(dimColor(colorOf(0), darkTheme.background, darkTheme.dimAmount))],
      [colorToCss(darkTheme.background)],
    ]);
  });

  it('paints a diff in the scale’s colours, with hatching over new and removed frames', async () => {
    const [before, after] = KAFKA_WINDOWS.map((path) => importProfile(readFixture(path)).tree());
    const tree = computeDiff(before, after);
    const scale = createDiffColorScale(tree);
    const layout = createFlameLayout(tree, { weight: computeDiffWeight(tree, 'both') });
    const widest = (change: string) => {
      let best = -1;
      for (let node = 1; node < tree.nodeCount; node++)
        if (
          scale.changeOf(node) === change &&
          (best < 0 || layout.width(node) > layout.width(best))
        )
          best = node;
      return best;
    };
    const plain = [0, widest('increase'), widest('decrease')];
    const marked = [widest('new'), widest('removed')];
    const plainBoxes = plain.map((node) => boxOf(tree, layout, node));
    const markedBoxes = marked.map((node) => boxOf(tree, layout, node));
    for (const box of [...plainBoxes, ...markedBoxes]) expect(box.width).toBeGreaterThanOrEqual(8);
    const result = await rasterize(renderFlameGraphSvg(tree, { unit: 'nanoseconds' }), [
      ...plainBoxes.map(cornerOf),
      ...markedBoxes, // whole boxes: the dashed border is their outer pixel
    ]);
    expect(result.parseErrors).toBe(0);
    expect(result.naturalHeight).toBe((tree.maxDepth + 1) * 18 + 26);
    expect(result.colors.slice(0, 3)).toEqual(
      plain.map((node) => [colorToCss(scale.colorOf(node))]),
    );
    // Hatch lines in the label ink at 40 % over the fill; the removed frame's dashed border at 75 %.
    marked.forEach((node, i) => {
      const fill = scale.colorOf(node);
      const ink =
        contrastingTextColor(fill) === 0xffffff ? lightTheme.lightText : lightTheme.darkText;
      const colors = result.colors[3 + i].map((css) => parseInt(css.slice(1), 16));
      const expected = [fill, blend(ink, fill, 0.4)];
      if (scale.changeOf(node) === 'removed') expected.push(blend(ink, fill, 0.75));
      for (const color of expected)
        expect(
          colors.some((c) => near(c, color)),
          `${colorToCss(color)} in ${result.colors[3 + i]}`,
        ).toBe(true);
    });
  });

  it('keeps hostile names inert for a strict XML parser', async () => {
    const tree = treeFromFolded(
      ['<script>alert(1)</script> 3', ']]> 2', 'a&b "q" \'x\' 1', 'bell\u0007\u0001 1'].join('\n'),
    );
    const result = await rasterize(renderFlameGraphSvg(tree, { title: '<svg onload=alert(1)>' }), [
      { x: 0, y: 0, width: 1, height: 1 },
    ]);
    expect(result.parseErrors).toBe(0);
    expect(result.scripts).toBe(0);
    expect(result.naturalWidth).toBe(1200);
  });
});
