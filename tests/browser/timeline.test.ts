import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness(['timeline']);
});
afterAll(async () => {
  await harness?.close();
});

interface TimelineTest {
  changes: {
    ranges: Record<string, { startNs: number; endNs: number } | undefined>;
    changed: string;
  }[];
  startNs: number;
  stepNs: number;
  steps: number;
}

const testState = (page: Page) =>
  page.evaluate(() => (window as unknown as { flamekitTest: TimelineTest }).flamekitTest);

/** The plot area on the page, and from it the step under a page x and a step's middle. */
async function plotScale(page: Page) {
  const box = await page.locator('[data-flamekit="timeline-plot"]').boundingBox();
  if (!box) throw new Error('no plot');
  const { startNs, stepNs, steps } = await testState(page);
  const stepAt = (x: number) =>
    Math.min(steps - 1, Math.max(0, Math.floor(((x - box.x) / box.width) * steps)));
  return {
    box,
    middleY: box.y + box.height / 2,
    centerOf: (step: number) => box.x + ((step + 0.5) / steps) * box.width,
    /** The range of whole steps a drag from x1 to x2 covers. */
    rangeOf: (x1: number, x2: number) => ({
      startNs: startNs + Math.min(stepAt(x1), stepAt(x2)) * stepNs,
      endNs: startNs + (Math.max(stepAt(x1), stepAt(x2)) + 1) * stepNs,
    }),
  };
}

async function dragOn(page: Page, fromX: number, toX: number, y: number) {
  await page.mouse.move(fromX, y);
  await page.mouse.down();
  await page.mouse.move((fromX + toX) / 2, y, { steps: 4 });
  await page.mouse.move(toX, y, { steps: 4 });
  await page.mouse.up();
}

describe('<Timeline> in Chromium', () => {
  it('turns mouse drags into step-aligned ranges for the baseline and the comparison', async () => {
    const page = await harness.open('timeline');
    const { box, middleY, rangeOf } = await plotScale(page);
    expect(box.width).toBeGreaterThan(600);
    const x1 = box.x + box.width * 0.137;
    const x2 = box.x + box.width * 0.402;
    await dragOn(page, x1, x2, middleY);
    const baseline = rangeOf(x1, x2);
    // 13.7 % and 40.2 % of 60 steps: steps 8 to 24.
    expect(baseline.endNs - baseline.startNs).toBe(17 * 10e9);
    await expect.poll(async () => (await testState(page)).changes.length).toBe(1);
    expect((await testState(page)).changes[0]).toEqual({
      ranges: { baseline },
      changed: 'baseline',
    });

    await page.getByRole('button', { name: 'Comparison', exact: true }).click();
    expect(
      await page
        .getByRole('button', { name: 'Comparison', exact: true })
        .getAttribute('aria-pressed'),
    ).toBe('true');
    // Right to left this time.
    const x3 = box.x + box.width * 0.91;
    const x4 = box.x + box.width * 0.655;
    await dragOn(page, x3, x4, middleY);
    await expect.poll(async () => (await testState(page)).changes.length).toBe(2);
    expect((await testState(page)).changes[1]).toEqual({
      ranges: { baseline, comparison: rangeOf(x3, x4) },
      changed: 'comparison',
    });
    expect(await page.locator('[data-flamekit="timeline-band"]').count()).toBe(2);
    await page.context().close();
  });

  it('shows the read-out of the step under the pointer, and no data in a gap', async () => {
    const page = await harness.open('timeline');
    const { middleY, centerOf } = await plotScale(page);
    const readout = page.locator('[data-flamekit="timeline-readout"]');
    await page.mouse.move(centerOf(7), middleY);
    // Step 7 starts 70 s after 12:00 UTC; api is (7 + 1) × 100 ms there, db 500 ms.
    await expect.poll(() => readout.textContent()).toContain('2024-01-01 12:01:10 UTC');
    expect(await readout.textContent()).toContain('api: 800 ms');
    expect(await readout.textContent()).toContain('db: 500 ms');
    await page.mouse.move(centerOf(22), middleY);
    await expect.poll(() => readout.textContent()).toContain('api: no data');
    await page.mouse.move(centerOf(22), middleY - 400);
    await expect.poll(() => readout.count()).toBe(0);
    await page.context().close();
  });

  it('brushes with the keyboard after a click focuses the chart', async () => {
    const page = await harness.open('timeline');
    const { middleY, centerOf } = await plotScale(page);
    const { startNs, stepNs } = await testState(page);
    await page.mouse.click(centerOf(10), middleY); // selects step 10 and puts the cursor there
    await expect.poll(async () => (await testState(page)).changes.length).toBe(1);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Totals over time');
    await page.keyboard.down('Shift');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.up('Shift');
    const { changes } = await testState(page);
    expect(changes.at(-1)).toEqual({
      ranges: { baseline: { startNs: startNs + 10 * stepNs, endNs: startNs + 13 * stepNs } },
      changed: 'baseline',
    });
    await page.context().close();
  });
});
