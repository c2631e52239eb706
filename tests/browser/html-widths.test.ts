import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importProfile } from '../../src/core';
import { renderFlameGraphHtml } from '../../src/render/export/html-export';
import { startHarness, type Harness } from './harness';

/**
 * The interactive HTML export draws the view as the screen does, even when it leaves frames out
 * for size: each row of the page covers the width it covers in `<FlameGraph>` at the same width,
 * and the note saying what was left out is in view.
 */
let harness: Harness;
let directory: string;
beforeAll(async () => {
  harness = await startHarness(['usage']);
  directory = mkdtempSync(join(tmpdir(), 'flamekit-html-widths-'));
});
afterAll(async () => {
  await harness?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

const FIXTURE = 'pprof/go/concourse-web-cpu-300s.pb.gz';
const WIDTH = 1000;
const ROW = 18;

/** Per row from the root's, how many pixels of the row's middle line are not the background. */
function rowCoverage(page: Page, selector: string, rows: number): Promise<number[]> {
  return page.evaluate(
    ([query, rowCount, rowHeight]) => {
      const canvas = document.querySelector<HTMLCanvasElement>(query as string)!;
      const context = canvas.getContext('2d')!;
      const coverage: number[] = [];
      for (let row = 0; row < (rowCount as number); row++) {
        const y = canvas.height - row * (rowHeight as number) - (rowHeight as number) / 2;
        const data = context.getImageData(0, Math.floor(y), canvas.width, 1).data;
        let filled = 0;
        for (let i = 0; i < data.length; i += 4)
          if (data[i] !== 255 || data[i + 1] !== 255 || data[i + 2] !== 255) filled++;
        coverage.push(filled);
      }
      return coverage;
    },
    [selector, rows, ROW] as const,
  );
}

describe('the HTML export of a profile too big to keep whole', () => {
  it('covers each row as the screen does, and says in view what it merged', async () => {
    const bytes = readFileSync(join(import.meta.dirname, '../fixtures/profiles', FIXTURE));
    const tree = importProfile(bytes).tree();
    let rows = 0;
    for (let node = 0; node < tree.nodeCount; node++) rows = Math.max(rows, tree.depth[node] + 1);
    // 1,000 of 10,916 frames: most rows lose most of their frames.
    const file = join(directory, 'page.html');
    writeFileSync(file, renderFlameGraphHtml(tree, { maxNodes: 1_000, width: WIDTH }));

    const screen = await harness.open('usage', {
      query: `component=graph&fixture=${FIXTURE}&width=${WIDTH}&height=${rows * ROW}`,
      viewport: { width: WIDTH + 100, height: 800 },
    });
    const screenCanvas = '[data-flamekit=flame-graph] canvas';
    // Measured once the graph has painted (on a loaded machine, some frames after the page is ready).
    await expect
      .poll(async () => (await rowCoverage(screen, screenCanvas, 1))[0], { timeout: 15_000 })
      .toBeGreaterThan(WIDTH * 0.9);
    const onScreen = await rowCoverage(screen, screenCanvas, rows);
    await screen.context().close();

    const context = await harness.browser.newContext({
      viewport: { width: WIDTH + 16, height: 700 }, // the page's canvas has 8 px margins
    });
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction(() => document.querySelector('canvas')?.dataset.draws !== undefined);
    expect(await page.evaluate(() => document.querySelector('canvas')!.clientWidth)).toBe(WIDTH);
    await expect
      .poll(async () => (await rowCoverage(page, '#flamekit-canvas', 1))[0], { timeout: 15_000 })
      .toBeGreaterThan(WIDTH * 0.9);
    const inPage = await rowCoverage(page, '#flamekit-canvas', rows);

    // What the page draws: per row, its boxes' widths added up, and how many boxes.
    const drawn = await page.evaluate((rowCount) => {
      const data = JSON.parse(document.getElementById('flamekit-data')!.textContent!) as {
        depth: number[];
        width: number[];
      };
      const widths = new Array<number>(rowCount).fill(0);
      const boxes = new Array<number>(rowCount).fill(0);
      data.depth.forEach((depth, i) => {
        widths[depth] += data.width[i];
        boxes[depth]++;
      });
      return { widths, boxes, root: data.width[0] };
    }, rows);
    const truth = new Array<number>(rows).fill(0);
    for (let node = 0; node < tree.nodeCount; node++) truth[tree.depth[node]] += tree.total[node];
    let compared = 0;
    for (let row = 0; row < rows; row++) {
      // Each row is exactly as wide as the tree says, in the data...
      expect(drawn.widths[row] / drawn.root, `row ${row}`).toBeCloseTo(truth[row] / truth[0], 9);
      // ...and in pixels as wide as on screen, but for the pixel of gap after each box and the
      // rounding of its edges (the page has fewer, wider boxes where frames were merged).
      expect(Math.abs(inPage[row] - onScreen[row]), `row ${row}`).toBeLessThanOrEqual(
        2 * drawn.boxes[row] + 4,
      );
      if (onScreen[row] > 100) compared++;
    }
    expect(compared).toBeGreaterThan(10);

    // The note is in view where the page opens (scrolled to the root, at the bottom).
    const note = page.locator('#flamekit-note');
    expect(await note.textContent()).toMatch(/9,916 of 10,916 frames are merged/);
    const box = (await note.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(700);
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    await context.close();
  });
});
