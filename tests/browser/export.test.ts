import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDiff, createDiffColorScale, importProfile } from '../../src/core';
import { layoutDiffLegend } from '../../src/render/export/export-legend';
import { decodePng } from '../helpers/decode-png';
import { expectedBoxes } from '../helpers/expected-boxes';
import { KAFKA_WINDOWS, readFixture } from '../helpers/fixtures';
import { startHarness, type Harness } from './harness';

/**
 * The Export menu in Chromium at a device pixel ratio of 2: the PNG a user downloads from the
 * diff graph is decoded in Node and its pixels compared with an independent layout and core's
 * diff colours, legend included.
 */

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness(['diff']);
});
afterAll(async () => {
  await harness?.close();
});

async function download(page: Page, item: RegExp) {
  await page.getByRole('button', { name: 'Export ▾' }).click();
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: item }).click(),
  ]);
  return { name: file.suggestedFilename(), bytes: await readFile((await file.path())!) };
}

describe('Export menu in Chromium', () => {
  it('downloads a PNG of the diff at the device pixel ratio, with its legend', async () => {
    const page = await harness.open('diff', { deviceScaleFactor: 2 });
    const { name, bytes } = await download(page, /PNG image/);
    expect(name).toBe('flame-graph.png');
    const [before, after] = KAFKA_WINDOWS.map((path) => importProfile(readFixture(path)).tree());
    const diff = computeDiff(before, after);
    const scale = createDiffColorScale(diff);
    const rows = diff.maxDepth + 1;
    const { width, height, pixel } = await decodePng(bytes);
    expect([width, height]).toEqual([2400, 2 * (rows * 18 + 26)]);
    const weight = diff.total.map((total, node) => total + diff.baselineTotal![node]);
    let checked = 0;
    for (const [key, { node }] of expectedBoxes(diff, weight, { rows })) {
      const change = scale.changeOf(node);
      if (change === 'new' || change === 'removed') continue; // hatched
      const [left, top] = key.split(',').map(Number);
      expect(pixel(2 * left + 1, 2 * top + 1), diff.name(node)).toBe(scale.colorOf(node));
      checked++;
    }
    expect(checked).toBeGreaterThan(300);
    const ramp = layoutDiffLegend(scale, { width: 1200, fontSize: 12, unit: 'nanoseconds' }).find(
      (item) => item.kind === 'ramp',
    )!;
    const middle = 2 * (rows * 18 + 13);
    const near = (a: number, b: number) =>
      [16, 8, 0].every((shift) => Math.abs(((a >> shift) & 255) - ((b >> shift) & 255)) <= 12);
    const stops = scale.legend.stops;
    expect(near(pixel(2 * ramp.x + 1, middle), stops[0].color)).toBe(true);
    expect(near(pixel(2 * (ramp.x + 160) - 2, middle), stops.at(-1)!.color)).toBe(true);
    await page.context().close();
  });

  it('downloads the interactive page, which opens with no network and searches', async () => {
    const page = await harness.open('diff');
    const { name, bytes } = await download(page, /Interactive HTML/);
    expect(name).toBe('flame-graph.html');
    const viewer = await page.context().newPage();
    const requests: string[] = [];
    viewer.on('request', (request) => requests.push(request.url()));
    await viewer.setContent(bytes.toString('utf8'));
    await viewer.getByRole('searchbox').fill('kafka');
    await expect
      .poll(() => viewer.locator('[aria-live]').first().textContent())
      .toMatch(/^[\d,]+ matching frames/);
    expect(requests).toEqual([]);
    await page.context().close();
  });
});
