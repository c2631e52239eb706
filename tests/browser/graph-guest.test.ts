import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  colorToCss,
  computeLabelForms,
  computeNodeColors,
  findNodeByPath,
  importProfile,
  muteColor,
} from '../../src/core';
import { startHarness, type Harness } from './harness';

/**
 * The flame graph as a guest on a host's page, driven as a person drives it: the wheel, the
 * height, the labels. The page is pages/usage.tsx.
 */
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness(['usage']);
});
afterAll(async () => {
  await harness?.close();
});

const FIXTURES = join(import.meta.dirname, '../fixtures/profiles');
const GO = 'pprof/go/google-pprof-sample.cpu.pb.gz';
const DEEP = 'collapsed/pyroscope-io-dotnet-deep.txt';
/** Many stacks side by side: a zoom or a pan changes what is drawn. */
const BROAD = 'collapsed/pyroscope-io-java-async-profiler-cpu.txt';
const ROW = 18;

function rowCountOf(fixture: string): number {
  const tree = importProfile(readFileSync(join(FIXTURES, fixture))).tree();
  let deepest = 0;
  for (let node = 0; node < tree.nodeCount; node++) deepest = Math.max(deepest, tree.depth[node]);
  return deepest + 1;
}

async function open(query: string, width = 900): Promise<Page> {
  const page = await harness.open('usage', { query, viewport: { width, height: 700 } });
  await page.locator('[data-flamekit=flame-graph] canvas').first().waitFor();
  return page;
}

/** The runs of one colour in a row of pixels that do not touch its ends: the boxes in view. */
function boxesOf(pixels: number[]): { start: number; length: number; color: number }[] {
  const boxes = [];
  for (let x = 1; x < pixels.length;) {
    let end = x;
    while (end < pixels.length && pixels[end] === pixels[x]) end++;
    if (pixels[x - 1] !== pixels[x] && end < pixels.length)
      boxes.push({ start: x, length: end - x, color: pixels[x] });
    x = end;
  }
  return boxes;
}

/** Records every text drawn on a canvas, so that labels can be read. */
async function recordCanvasText(page: Page) {
  await page.evaluate(() => {
    const drawn: string[] = [];
    Object.assign(window, { drawnText: drawn });
    const original = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
      drawn.push(String(text));
      return original.call(this, text, ...rest);
    };
  });
}
const drawnText = (page: Page) =>
  page.evaluate(() => [...(window as unknown as { drawnText: string[] }).drawnText]);

/** What scrolls the graph's rows: the canvas's parent (a scroll container with a scrollbar). */
const scrollerOf = (page: Page) =>
  page.locator('[data-flamekit=flame-graph] canvas').first().locator('xpath=..');

describe('the wheel over a graph on a page that scrolls', () => {
  it('scrolls the hidden rows, then the page, and says once how to zoom', async () => {
    const page = await open(`component=graph&fixture=${GO}&height=60`);
    await page.evaluate(() => (document.body.style.paddingBottom = '3000px'));
    const scroller = scrollerOf(page);
    const box = (await scroller.boundingBox())!;
    const metrics = () =>
      scroller.evaluate((element) => ({
        top: element.scrollTop,
        max: element.scrollHeight - element.clientHeight,
        page: window.scrollY,
      }));
    const start = await metrics();
    // A flame graph opens on its root row, at the bottom: the hidden rows are above.
    expect(start.max).toBeGreaterThan(0);
    expect(start.top).toBeCloseTo(start.max, 0);

    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -120); // up: the deeper rows come into view, the page stays
    await expect.poll(async () => (await metrics()).top).toBeLessThan(start.max - 20);
    expect((await metrics()).page).toBe(0);
    await expect.poll(() => page.locator('[data-flamekit=wheel-hint]').count()).toBe(1);
    expect(await page.locator('[data-flamekit=wheel-hint]').textContent()).toMatch(
      /Ctrl \+ scroll to zoom/,
    );

    // Down past the root row: the rows scroll back, then the page scrolls.
    for (let i = 0; i < 8; i++) await page.mouse.wheel(0, 200);
    await expect.poll(async () => (await metrics()).page).toBeGreaterThan(0);
    expect((await metrics()).top).toBeCloseTo(start.max, 0);

    // The hint goes, and does not come back for the next plain wheel.
    await expect
      .poll(() => page.locator('[data-flamekit=wheel-hint]').count(), { timeout: 5000 })
      .toBe(0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -50);
    await page.waitForTimeout(200);
    expect(await page.locator('[data-flamekit=wheel-hint]').count()).toBe(0);

    await page.context().close();
  });

  it('zooms around the pointer with Ctrl + wheel and pans with Shift + wheel, the page staying put', async () => {
    const page = await open(`component=graph&fixture=${BROAD}&height=400`);
    await page.evaluate(() => (document.body.style.paddingBottom = '3000px'));
    const box = (await scrollerOf(page).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const metrics = () => scrollerOf(page).evaluate((element) => ({ top: element.scrollTop }));
    const reset = page.getByRole('button', { name: 'Reset' });
    expect(await reset.isDisabled()).toBe(true);
    const before = await page.evaluate(() => window.scrollY);
    const picture = () =>
      page.evaluate(() =>
        document
          .querySelector<HTMLCanvasElement>('[data-flamekit=flame-graph] canvas')!
          .toDataURL(),
      );
    const unzoomed = await picture();
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -400);
    await page.keyboard.up('Control');
    await expect.poll(() => reset.isDisabled()).toBe(false);
    expect(await page.evaluate(() => window.scrollY)).toBe(before);
    await expect.poll(picture).not.toBe(unzoomed);
    const zoomed = await picture();

    // Shift + wheel pans: the picture moves 300 px sideways (a translation, not a zoom: each
    // row's pixels are the old ones shifted), the page does not move, nor do the rows.
    const rowsBefore = (await metrics()).top;
    // The top line of the boxes of one depth (above any label), as 0xAABBGGRR numbers.
    const rowPixels = (depth: number) =>
      page.evaluate(
        (y) => {
          const canvas = document.querySelector<HTMLCanvasElement>(
            '[data-flamekit=flame-graph] canvas',
          )!;
          const line = canvas.getContext('2d')!.getImageData(0, y, canvas.width, 1);
          return Array.from(new Uint32Array(line.data.buffer));
        },
        box.height - (depth + 1) * ROW + 1,
      );
    // The depth with the most boxes that stay in view after the pan.
    let depth = 1;
    let most = 0;
    for (let d = 1; d < 20; d++) {
      const count = boxesOf(await rowPixels(d)).filter(
        (b) => b.start > 300 && b.length >= 8,
      ).length;
      if (count > most) [depth, most] = [d, count];
    }
    const beforePan = await rowPixels(depth);

    await page.keyboard.down('Shift');
    await page.mouse.wheel(0, 300);
    await page.keyboard.up('Shift');
    await expect.poll(picture).not.toBe(zoomed);
    const afterPan = await rowPixels(depth);
    // Every box wholly in view after the pan is where it was, 300 px to the left, as wide.
    const moved = boxesOf(beforePan).filter(
      (b) => b.start - 300 > 0 && b.length >= 8 && b.start + b.length < beforePan.length - 2,
    );
    expect(moved.length).toBeGreaterThan(2);
    const after = boxesOf(afterPan);
    // (Edges may round a pixel the other way.)
    for (const b of moved)
      expect(
        after.some(
          (a) =>
            a.color === b.color &&
            Math.abs(a.start - (b.start - 300)) <= 1 &&
            Math.abs(a.length - b.length) <= 1,
        ),
        `box at ${b.start}, ${b.length} px`,
      ).toBe(true);
    expect(await page.evaluate(() => window.scrollY)).toBe(before);
    expect((await metrics()).top).toBeCloseTo(rowsBefore, 0);
    await page.context().close();
  });
});

describe('the height of a graph', () => {
  it('fits a shallow graph to its rows, root row at the canvas edge, no blank space', async () => {
    const page = await open(`component=graph&fixture=${GO}`);
    const rows = rowCountOf(GO);
    expect(rows * ROW).toBeLessThan(600);
    const canvas = await page.locator('[data-flamekit=flame-graph] canvas').boundingBox();
    expect(canvas!.height).toBe(rows * ROW);
    // The root row is drawn in the canvas's last row, the deepest in its first.
    const filled = (y: number) =>
      page.evaluate((cssY) => {
        const element = document.querySelector<HTMLCanvasElement>(
          '[data-flamekit=flame-graph] canvas',
        )!;
        const data = element
          .getContext('2d')!
          .getImageData(0, Math.floor(cssY), element.width, 1).data;
        let coloured = 0;
        for (let i = 0; i < data.length; i += 4)
          if (data[i] !== 255 || data[i + 1] !== 255 || data[i + 2] !== 255) coloured++;
        return coloured;
      }, y);
    await expect.poll(() => filled(rows * ROW - ROW / 2)).toBeGreaterThan(100);
    expect(await filled(ROW / 2)).toBeGreaterThan(0);
    await page.context().close();
  });

  it('caps a deep graph at maxHeight with a visible scrollbar over the hidden rows', async () => {
    const page = await open(`component=graph&fixture=${DEEP}`);
    expect(rowCountOf(DEEP) * ROW).toBeGreaterThan(600);
    const scroller = scrollerOf(page);
    const sizes = await scroller.evaluate((element) => ({
      height: element.clientHeight,
      content: element.scrollHeight,
      overflow: getComputedStyle(element).overflowY,
    }));
    expect(sizes.height).toBe(600);
    expect(sizes.content).toBe(rowCountOf(DEEP) * ROW);
    // A scrollbar where the browser shows them (headless Chromium hides every scrollbar).
    expect(sizes.overflow).toBe('auto');
    // Dragging the scrollbar's thumb to the top shows the deepest rows: the scroll is real.
    await scroller.evaluate((element) => (element.scrollTop = 0));
    await expect
      .poll(() =>
        page.evaluate(() => {
          const element = document.querySelector<HTMLCanvasElement>(
            '[data-flamekit=flame-graph] canvas',
          )!;
          const data = element.getContext('2d')!.getImageData(0, 9, element.width, 1).data;
          return data.some((value, i) => i % 4 !== 3 && value !== 255);
        }),
      )
      .toBe(true);
    await page.context().close();
  });
});

describe('labels', () => {
  it('keep the function of a Go frame: package path shortened first, then a middle cut', async () => {
    const page = await harness.open('usage', {
      query: `component=graph&fixture=${GO}&width=700`,
      viewport: { width: 800, height: 700 },
    });
    await recordCanvasText(page);
    // Redraw with the recorder in place: a hover outlines a box.
    const box = (await page.locator('[data-flamekit=flame-graph] canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height - 3 * ROW - 9);
    await expect.poll(async () => (await drawnText(page)).length).toBeGreaterThan(5);
    const labels = await drawnText(page);
    const tree = importProfile(readFileSync(join(FIXTURES, GO))).tree();
    const names = new Set<string>();
    for (let node = 0; node < tree.nodeCount; node++) names.add(tree.name(node));
    const forms = new Set([...names].flatMap((name) => computeLabelForms(name)));
    let shortened = 0;
    for (const label of labels) {
      const text = label.replace(/ \([^)]*\)$/, '');
      if (text.includes('…')) {
        const [head, tail] = text.split('…');
        // A middle cut keeps the end of the name (the function), and three characters at least.
        expect(tail.length, label).toBeGreaterThan(0);
        expect(head.length + tail.length, label).toBeGreaterThanOrEqual(3);
        expect(
          [...forms].some((form) => form.startsWith(head) && form.endsWith(tail)),
          label,
        ).toBe(true);
      } else {
        expect(forms.has(text), label).toBe(true);
        if (!names.has(text)) shortened++;
      }
    }
    expect(shortened).toBeGreaterThan(0);
    expect(labels.some((label) => /^github\.com\/|^gith…$/.test(label))).toBe(false);
    await page.context().close();
  });

  it('show the share after the name in the explorer, and narrow boxes are muted', async () => {
    // At 800 px, narrow is 24 px (first: siblings go by name) and wide 776 px; 24 px is too
    // narrow for three characters and an ellipsis.
    const folded = 'main;wide 970\nmain;narrow 30';
    const page = await harness.open('usage', {
      query: `component=explorer&folded=${encodeURIComponent(folded)}&width=800`,
      viewport: { width: 800, height: 700 },
    });
    await recordCanvasText(page);
    const canvas = page.locator('[data-flamekit=flame-graph] canvas');
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + 400, box.y + 5);
    await expect.poll(() => drawnText(page)).toContain('wide (97.0 %)');
    const tree = importProfile(folded).tree();
    const colors = computeNodeColors(tree, 'package', { theme: 'light' });
    const narrow = findNodeByPath(tree, ['main', 'narrow']);
    const wide = findNodeByPath(tree, ['main', 'wide']);
    const pixel = (x: number) =>
      page.evaluate(
        ([cssX, cssY]) => {
          const element = document.querySelector<HTMLCanvasElement>(
            '[data-flamekit=flame-graph] canvas',
          )!;
          const [r, g, b] = element.getContext('2d')!.getImageData(cssX, cssY, 1, 1).data;
          return `#${((r << 16) | (g << 8) | b).toString(16).padStart(6, '0')}`;
        },
        [x, ROW / 2] as const,
      );
    // The graph is as tall as its three rows: the callees of main are in the top row.
    expect(await pixel(12)).toBe(colorToCss(muteColor(colors[narrow], 0xffffff)));
    expect(await pixel(100)).toBe(colorToCss(colors[wide]));
    await page.context().close();
  });
});
