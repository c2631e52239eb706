import { describe, expect, it } from 'vitest';
import {
  FlamekitError,
  computeDiff,
  computeSearch,
  createDiffColorScale,
  createNodeColorLookup,
  dimColor,
  findNodeByPath,
  importProfile,
  treeFromFolded,
  type CallTree,
  type NodeIndex,
} from '../../../src/core';
import { layoutDiffLegend } from '../../../src/render/export/export-legend';
import { loadNodeCanvas } from '../../../src/cli/node-canvas';
import {
  drawFlameGraphImage,
  type ImageExportOptions,
} from '../../../src/render/export/image-export';
import { lightTheme } from '../../../src/render/theme';
import { catchError } from '../../helpers/catch-error';
import { decodePng } from '../../helpers/decode-png';
import { expectedBoxes, expectedFill } from '../../helpers/expected-boxes';
import { KAFKA_WINDOWS, readFixture } from '../../helpers/fixtures';

/**
 * The PNG export's drawing in Node, on the canvas package `flamekit render -o x.png` loads
 * (@napi-rs/canvas, or node-canvas when FLAMEKIT_CANVAS=canvas, as CI runs it once more): the picture is encoded to PNG, decoded again and its pixels compared with box positions
 * from an independent layout (tests/helpers/expected-boxes.ts) and colours from core.
 */

const { createCanvas } = await loadNodeCanvas();

async function drawPng(tree: CallTree, options: ImageExportOptions) {
  const canvas = createCanvas(1, 1);
  const drawn = drawFlameGraphImage(canvas, tree, options);
  return { drawn, ...(await decodePng(canvas.toBuffer('image/png'))) };
}

const hex = (color: number) => '#' + color.toString(16).padStart(6, '0');

describe('drawFlameGraphImage', () => {
  it('draws every box of a real profile at its place and colour, at twice the pixels', async () => {
    const tree = importProfile(readFixture('collapsed/diff/inferno-before.txt')).tree();
    const { drawn, width, height, pixel } = await drawPng(tree, { width: 1000, pixelRatio: 2 });
    const rows = tree.maxDepth + 1;
    expect(drawn).toEqual({ width: 1000, height: rows * 18, pixelRatio: 2 });
    expect([width, height]).toEqual([2000, rows * 36]);
    const colorOf = createNodeColorLookup(tree, 'package', { theme: 'light' });
    const expected = expectedBoxes(tree, tree.total, { width: 1000, rows });
    let checked = 0;
    for (const [key, { node, width: boxWidth }] of expected) {
      const [left, top] = key.split(',').map(Number);
      // Inside the box's top-left corner (left of any label), and just past its right edge.
      const fill = expectedFill(colorOf(node), boxWidth);
      expect(hex(pixel(2 * left + 1, 2 * top + 1)), tree.name(node)).toBe(hex(fill));
      expect(hex(pixel(2 * (left + boxWidth) - 1, 2 * top + 1))).toBe(hex(fill));
      if (boxWidth > 2 && left + boxWidth < 1000)
        expect(pixel(2 * (left + boxWidth) + 1, 2 * top + 1)).not.toBe(fill);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
    // The gap between rows is the background.
    expect(pixel(1, 2 * 18 - 1)).toBe(lightTheme.background);
  });

  it('draws labels: a wide box has ink pixels where its name is', async () => {
    const tree = treeFromFolded('main;work 3\nidle 1');
    const { pixel } = await drawPng(tree, { width: 400, pixelRatio: 1 });
    const colorOf = createNodeColorLookup(tree, 'package', { theme: 'light' });
    const work = findNodeByPath(tree, ['main', 'work']);
    // "work" is drawn from x = 4 on the top row (depth 2 of 3 rows): not all of it is the fill.
    const row = Array.from({ length: 30 }, (_, x) => pixel(4 + x, 9));
    expect(row.some((color) => color !== colorOf(work))).toBe(true);
    // The part of the box past the label is plain fill.
    expect(pixel(250, 9)).toBe(colorOf(work));
  });

  it('zooms like the graph: the focus spans the width and its ancestors are faded', async () => {
    const tree = treeFromFolded('a;b 2\na;c 1\nd 1');
    const focus = findNodeByPath(tree, ['a', 'b']);
    const { pixel, height } = await drawPng(tree, { width: 400, pixelRatio: 1, focus });
    expect(height).toBe(3 * 18);
    const colorOf = createNodeColorLookup(tree, 'package', { theme: 'light' });
    const faded = (node: NodeIndex) =>
      dimColor(colorOf(node), lightTheme.background, lightTheme.dimAmount);
    expect(hex(pixel(1, 1))).toBe(hex(colorOf(focus)));
    expect(hex(pixel(397, 1))).toBe(hex(colorOf(focus)));
    expect(hex(pixel(397, 19))).toBe(hex(faded(tree.parent[focus])));
    expect(hex(pixel(397, 37))).toBe(hex(faded(0)));
  });

  it('fades the misses of a search', async () => {
    const tree = treeFromFolded('a;b 2\na;c 1\nd 1');
    const search = computeSearch(tree, { text: 'c', mode: 'exact' });
    const dimmed = new Uint8Array(tree.nodeCount).map((_, node) => (search.matches[node] ? 0 : 1));
    const { pixel } = await drawPng(tree, { width: 400, pixelRatio: 1, dimmed });
    const colorOf = createNodeColorLookup(tree, 'package', { theme: 'light' });
    const c = findNodeByPath(tree, ['a', 'c']);
    const b = findNodeByPath(tree, ['a', 'b']);
    expect(hex(pixel(201, 1))).toBe(hex(colorOf(c)));
    expect(hex(pixel(1, 1))).toBe(
      hex(dimColor(colorOf(b), lightTheme.background, lightTheme.dimAmount)),
    );
  });

  it('draws a diff in the diff scale with hatching on new and removed frames, and the legend', async () => {
    const [before, after] = KAFKA_WINDOWS.map((path) => importProfile(readFixture(path)).tree());
    const tree = computeDiff(before, after);
    const scale = createDiffColorScale(tree);
    const { drawn, pixel } = await drawPng(tree, { unit: 'nanoseconds', pixelRatio: 1 });
    const rows = tree.maxDepth + 1;
    expect(drawn.height).toBe(rows * 18 + 26); // the legend's row
    const weight = tree.total.map((total, node) => total + tree.baselineTotal![node]);
    let plain = 0;
    let hatched = 0;
    for (const [key, { node, width }] of expectedBoxes(tree, weight, { rows })) {
      const [left, top] = key.split(',').map(Number);
      const change = scale.changeOf(node);
      const fill = scale.colorOf(node);
      if (change !== 'new' && change !== 'removed') {
        expect(hex(pixel(left + 1, top + 1))).toBe(hex(fill));
        plain++;
      } else if (width >= 12) {
        // Hatching crosses the box: some pixels of its top edge are not the plain fill.
        const edge = Array.from({ length: width - 2 }, (_, x) => pixel(left + 1 + x, top + 1));
        expect(edge.some((color) => color !== fill)).toBe(true);
        hatched++;
      }
    }
    expect(plain).toBeGreaterThan(300);
    expect(hatched).toBe(0); // this pair's new and removed frames are all narrower than 12 px
    // The legend's ramp: 160 px from (about) the first stop's colour to the last.
    const ramp = layoutDiffLegend(scale, { width: 1200, fontSize: 12, unit: 'nanoseconds' }).find(
      (item) => item.kind === 'ramp',
    )!;
    const middle = rows * 18 + 13;
    const near = (a: number, b: number) =>
      [16, 8, 0].every((shift) => Math.abs(((a >> shift) & 255) - ((b >> shift) & 255)) <= 12);
    const stops = scale.legend.stops;
    expect(near(pixel(ramp.x, middle), stops[0].color)).toBe(true);
    expect(near(pixel(ramp.x + 159, middle), stops.at(-1)!.color)).toBe(true);
    expect(near(pixel(ramp.x + 80, middle), stops[4].color)).toBe(true);
    expect(pixel(ramp.x + 161, middle)).toBe(lightTheme.background);
  });

  it('hatches new and removed frames across their boxes, and not the unchanged one', async () => {
    const tree = treeFromFolded('gone 5 0\nsame 5 5\nfresh 0 5');
    const scale = createDiffColorScale(tree);
    const { pixel } = await drawPng(tree, { width: 600, pixelRatio: 2 });
    // Widths are both sides: 10 of 30 each, so 200 px a box on the top row (y 0 to 17).
    const topEdge = (left: number) =>
      new Set(Array.from({ length: 2 * 190 }, (_, x) => pixel(2 * left + 2 + x, 3)));
    // The root's children in node order, 200 px apart.
    const leftOf = (node: NodeIndex) => 200 * (node - 1);
    const [gone, same, fresh] = ['gone', 'same', 'fresh'].map((name) =>
      findNodeByPath(tree, [name]),
    );
    expect([gone, same, fresh].sort()).toEqual([1, 2, 3]);
    expect([...topEdge(leftOf(same))]).toEqual([scale.colorOf(same)]);
    for (const node of [gone, fresh]) {
      expect(topEdge(leftOf(node)).has(scale.colorOf(node))).toBe(true);
      expect(topEdge(leftOf(node)).size).toBeGreaterThan(1);
    }
  });

  it('lowers the pixel ratio of a picture too large for a canvas, and rejects a bad one', () => {
    const tree = treeFromFolded('a 1');
    const canvas = createCanvas(1, 1);
    const drawn = drawFlameGraphImage(canvas, tree, { width: 32_768, pixelRatio: 2 });
    expect(drawn.pixelRatio).toBe(0.5);
    expect(canvas.width).toBe(16_384);
    const error = catchError(() => drawFlameGraphImage(canvas, tree, { pixelRatio: 0 }));
    expect(error).toBeInstanceOf(FlamekitError);
    expect((error as FlamekitError).message).toMatch(/pixelRatio must be above 0/);
  });
});
