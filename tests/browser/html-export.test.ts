import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  colorToCss,
  computeDiff,
  computeSearch,
  createDiffColorScale,
  createNodeColorLookup,
  dimColor,
  findNodeByPath,
  formatShare,
  formatValue,
  importProfile,
  treeFromFolded,
  type CallTree,
  type NodeIndex,
} from '../../src/core';
import { renderFlameGraphHtml, type HtmlExportOptions } from '../../src/render/export/html-export';
import { darkTheme, lightTheme } from '../../src/render/theme';
import { KAFKA_WINDOWS, readFixture } from '../helpers/fixtures';
import { canvasPixel, launchChromium } from './harness';

/**
 * The exported page in real Chromium, opened from a file: what it requests, what its tooltip
 * says where core's totals put a box, what zooming and searching paint, and that hostile names
 * stay text. Positions come from the tree's totals (start = parent's start + earlier siblings'
 * totals), colours from core's colour functions, counts from core's computeSearch.
 */

let browser: Browser;
let directory: string;
beforeAll(async () => {
  browser = await launchChromium();
  directory = mkdtempSync(join(tmpdir(), 'flamekit-html-'));
});
afterAll(async () => {
  await browser?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

const ROW_HEIGHT = 18;

interface OpenPage {
  page: Page;
  requests: string[];
  errors: string[];
  url: string;
}

/** Writes the page to a file, opens it at the given pixel ratio and waits for its first draws. */
async function openExport(
  tree: CallTree,
  options: HtmlExportOptions = {},
  deviceScaleFactor = 1,
): Promise<OpenPage> {
  const file = join(directory, `page-${Math.random().toString(36).slice(2)}.html`);
  writeFileSync(file, renderFlameGraphHtml(tree, options));
  const context = await browser.newContext({
    viewport: { width: 1000, height: 700 },
    deviceScaleFactor,
  });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(String(error)));
  const url = pathToFileURL(file).href;
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('canvas')?.dataset.draws !== undefined);
  await settle(page);
  return { page, requests, errors, url };
}

/** Two animation frames: a redraw the first draw's resize asked for has happened. */
const settle = (page: Page) =>
  page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
  );

/** Start of every node in value units: its parent's start plus its earlier siblings' totals. */
function startsOf(tree: CallTree): Float64Array {
  const start = new Float64Array(tree.nodeCount);
  const cursor = new Float64Array(tree.nodeCount);
  for (let node = 1; node < tree.nodeCount; node++) {
    const parent = tree.parent[node];
    start[node] = cursor[parent];
    cursor[parent] += tree.total[node];
    cursor[node] = start[node];
  }
  return start;
}

/**
 * A box of a flame-oriented page with nothing left out, in CSS px from the canvas's corner: its
 * row from the root's depth, its extent from the zoomed node's. The page is scrolled so that the
 * row is in view; `client` is the box's centre in the viewport, for the mouse.
 */
async function locate(page: Page, tree: CallTree, node: NodeIndex, focus: NodeIndex = 0) {
  const start = startsOf(tree);
  const top = (tree.maxDepth - tree.depth[node]) * ROW_HEIGHT;
  const canvas = await page.evaluate((rowTop) => {
    const element = document.querySelector('canvas')!;
    const pageTop = element.getBoundingClientRect().top + window.scrollY;
    window.scrollTo(0, pageTop + rowTop - 300);
    const bounds = element.getBoundingClientRect();
    return { left: bounds.left, top: bounds.top, width: bounds.width };
  }, top);
  const scale = canvas.width / tree.total[focus];
  const left = (start[node] - start[focus]) * scale;
  const width = tree.total[node] * scale;
  return {
    top,
    left,
    width,
    canvasWidth: canvas.width,
    client: { x: canvas.left + left + width / 2, y: canvas.top + top + ROW_HEIGHT / 2 },
  };
}

const tooltipText = (page: Page) =>
  page.evaluate(() => {
    const tooltip = document.getElementById('flamekit-tooltip')!;
    return tooltip.hidden ? null : tooltip.textContent;
  });

/** The tooltip of a one-sided tree, by the definition: `name — value (share of the root)`. */
const describeNode = (tree: CallTree, node: NodeIndex) =>
  `${tree.name(node)} — ${formatValue(tree.total[node], 'samples')} (${formatShare(tree.total[node] / tree.total[0])})`;

describe('renderFlameGraphHtml in Chromium', () => {
  const loadJava = () =>
    importProfile(readFixture('collapsed/pyroscope-io-java-async-profiler-cpu.txt')).tree();

  it('requests nothing but itself, and sizes the canvas to the page at the pixel ratio', async () => {
    const tree = loadJava();
    const { page, requests, errors, url } = await openExport(tree, {}, 2);
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    // The page's width less the 8 px margins, in device px.
    const sized = () =>
      page.evaluate(() => {
        const canvas = document.querySelector('canvas')!;
        const css = document.documentElement.clientWidth - 16;
        return { width: canvas.width, height: canvas.height, expected: 2 * css };
      });
    const size = await sized();
    expect(size).toMatchObject({ width: size.expected, height: (tree.maxDepth + 1) * 36 });
    expect(size.width).toBeGreaterThan(1800);
    await page.setViewportSize({ width: 700, height: 700 });
    await expect.poll(async () => (await sized()).width).toBeLessThan(1400);
    const resized = await sized();
    expect(resized.width).toBe(resized.expected);
    await page.context().close();
  });

  it('shows a box’s text where core’s totals put it, and zooms to it on a click', async () => {
    const tree = loadJava();
    const { page, errors } = await openExport(tree, {}, 2);
    const colorOf = createNodeColorLookup(tree, 'package');
    // The widest frame three levels up: wide enough to hit, narrower than the page.
    let node = -1;
    for (let n = 1; n < tree.nodeCount; n++)
      if (tree.depth[n] === 3 && (node < 0 || tree.total[n] > tree.total[node])) node = n;
    expect(tree.total[node]).toBeLessThan(tree.total[0] * 0.9);
    const box = await locate(page, tree, node);
    await page.mouse.move(box.client.x, box.client.y);
    expect(await tooltipText(page)).toBe(describeNode(tree, node));

    await page.mouse.click(box.client.x, box.client.y);
    // The box now spans the row; the last device pixel is the gap every wide box keeps.
    const fill = colorToCss(colorOf(node));
    const edge = box.top + 2; // above the label's glyphs
    expect(await canvasPixel(page, 0, edge)).toBe(fill);
    expect(await canvasPixel(page, box.canvasWidth - 1, edge)).toBe(fill);
    // Its parent is faded, and so are the ancestors under it.
    const parent = tree.parent[node];
    const faded = dimColor(colorOf(parent), lightTheme.background, lightTheme.dimAmount);
    expect(await canvasPixel(page, box.canvasWidth - 1, edge + ROW_HEIGHT)).toBe(colorToCss(faded));
    expect(await page.locator('#flamekit-reset').isDisabled()).toBe(false);

    // Escape from the canvas (which the click focused) zooms out: the box is back in its place
    // and its parent no longer faded.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('flamekit-canvas');
    await page.keyboard.press('Escape');
    expect(await canvasPixel(page, box.left + 1, edge)).toBe(fill);
    expect(await canvasPixel(page, box.left + 1, edge + ROW_HEIGHT)).toBe(
      colorToCss(colorOf(parent)),
    );
    expect(await page.locator('#flamekit-reset').isDisabled()).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('opens zoomed to the focus and zooms out with the button', async () => {
    const tree = loadJava();
    let focus = -1;
    for (let n = 1; n < tree.nodeCount; n++)
      if (tree.depth[n] === 5 && (focus < 0 || tree.total[n] > tree.total[focus])) focus = n;
    const { page } = await openExport(tree, { focus });
    const fill = colorToCss(createNodeColorLookup(tree, 'package')(focus));
    const box = await locate(page, tree, focus, focus);
    expect(await canvasPixel(page, box.canvasWidth - 2, box.top + 2)).toBe(fill);
    await page.locator('#flamekit-reset').click();
    const whole = await locate(page, tree, focus);
    expect(await canvasPixel(page, whole.left + 1, whole.top + 2)).toBe(fill);
    expect(await canvasPixel(page, whole.canvasWidth - 2, whole.top + 2)).not.toBe(fill);
    await page.context().close();
  });

  it('puts the root on top in icicle orientation, on the dark theme’s background', async () => {
    const tree = importProfile(readFixture('collapsed/diff/inferno-before.txt')).tree();
    const { page, errors } = await openExport(tree, { orientation: 'icicle', theme: 'dark' });
    const colorOf = createNodeColorLookup(tree, 'package', { theme: 'dark' });
    const width = await page.evaluate(() => document.querySelector('canvas')!.clientWidth);
    const dd = findNodeByPath(tree, ['dd']);
    expect(await canvasPixel(page, width - 2, 2)).toBe(colorToCss(colorOf(0)));
    expect(await canvasPixel(page, width - 2, ROW_HEIGHT + 2)).toBe(colorToCss(colorOf(dd)));
    expect(await canvasPixel(page, width - 2, (tree.maxDepth + 1) * ROW_HEIGHT - 1)).toBe(
      colorToCss(darkTheme.background),
    );
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('counts search matches as core does, each sample once, and fades the misses', async () => {
    const tree = loadJava();
    const { page } = await openExport(tree);
    const text = 'Read';
    const result = computeSearch(tree, { text, mode: 'substring' });
    // Nested matches make the count matter: summing every match's total would exceed the share.
    let everyMatch = 0;
    for (const node of result.matchOrder) everyMatch += tree.total[node];
    expect(everyMatch).toBeGreaterThan(result.matchedTotal);
    await page.locator('#flamekit-search').fill(text);
    await expect
      .poll(() => page.locator('#flamekit-matches').textContent())
      .toBe(`${result.matchCount} matching frames · ${formatShare(result.share)} of total`);
    const colorOf = createNodeColorLookup(tree, 'package');
    const miss = findNodeByPath(tree, []); // the root never matches
    const hit = [...result.matchOrder].sort((a, b) => tree.total[b] - tree.total[a])[0];
    const rootBox = await locate(page, tree, miss);
    expect(await canvasPixel(page, rootBox.canvasWidth - 2, rootBox.top + 2)).toBe(
      colorToCss(dimColor(colorOf(miss), lightTheme.background, lightTheme.dimAmount)),
    );
    const hitBox = await locate(page, tree, hit);
    expect(hitBox.width).toBeGreaterThan(10);
    expect(await canvasPixel(page, hitBox.left + 1, hitBox.top + 2)).toBe(colorToCss(colorOf(hit)));
    // Escape in the search box clears it.
    await page.locator('#flamekit-search').press('Escape');
    expect(await page.locator('#flamekit-matches').textContent()).toBe('');
    await page.context().close();
  });

  it('shows hostile names as text and runs none of them', async () => {
    const names = [
      '</script><img src=x onerror=window.pwned=1>',
      '<!--<script>window.pwned=2</script>',
      '"><svg onload=window.pwned=3>',
    ];
    const tree = treeFromFolded(names.map((name, i) => `${name} ${10 - i}`).join('\n'));
    const { page, errors, requests, url } = await openExport(tree, {
      title: '<img src=x onerror=window.pwned=4>',
    });
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    for (const name of names) {
      const box = await locate(page, tree, findNodeByPath(tree, [name]));
      await page.mouse.move(box.client.x, box.client.y);
      expect(await tooltipText(page)).toBe(describeNode(tree, findNodeByPath(tree, [name])));
    }
    const state = await page.evaluate(() => ({
      pwned: (window as unknown as { pwned?: number }).pwned,
      images: document.querySelectorAll('img').length,
      svgs: document.querySelectorAll('svg').length,
      scripts: document.querySelectorAll('script').length,
      title: document.title,
    }));
    expect(state).toEqual({
      pwned: undefined,
      images: 0,
      svgs: 0,
      scripts: 2,
      title: '<img src=x onerror=window.pwned=4>',
    });
    await page.context().close();
  });

  it('draws a graph deeper than a canvas can be tall at a lower ratio, root included', async () => {
    const deep = treeFromFolded(Array.from({ length: 1200 }, (_, i) => `f${i}`).join(';') + ' 5');
    const { page } = await openExport(deep, {}, 2);
    const drawn = await page.evaluate(() => {
      const canvas = document.querySelector('canvas')!;
      const [r, g, b] = canvas.getContext('2d')!.getImageData(4, canvas.height - 4, 1, 1).data;
      return { height: canvas.height, rootPixel: (r << 16) | (g << 8) | b };
    });
    // 1,201 rows of 18 px at ratio 2 would be 43,236 px: more than any browser draws.
    expect(drawn.height).toBeLessThanOrEqual(16_384);
    expect(drawn.rootPixel).not.toBe(0xffffff);
    await page.context().close();
  });

  it('renders a diff with its legend and the scale’s colours', async () => {
    const [before, after] = KAFKA_WINDOWS.map((path) => importProfile(readFixture(path)).tree());
    const tree = computeDiff(before, after);
    const { page, errors, requests, url } = await openExport(tree, { unit: 'nanoseconds' });
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    const legend = await page.evaluate(() => {
      const svg = document.querySelector('svg.legend')!;
      const bounds = svg.getBoundingClientRect();
      return { width: bounds.width, height: bounds.height, text: svg.textContent };
    });
    expect(legend).toMatchObject({ width: 1200, height: 26 });
    expect(legend.text).toContain('new');
    expect(legend.text).toContain('removed');
    // The root spans the page in the diff's colour, and its tooltip gives both sides.
    const root = await locate(page, tree, 0);
    expect(await canvasPixel(page, root.canvasWidth - 2, root.top + 2)).toBe(
      colorToCss(createDiffColorScale(tree).colorOf(0)),
    );
    await page.mouse.move(root.client.x, root.client.y);
    expect(await tooltipText(page)).toMatch(/^all — baseline .+, comparison .+, change \+/);
    await page.context().close();
  });
});
