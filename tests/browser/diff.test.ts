import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness(['diff']);
});
afterAll(async () => {
  await harness?.close();
});

/** How many canvas pixels have each of the given colours (0xRRGGBB), and how many colours in all. */
function countColors(page: Page, colors: number[]) {
  return page.evaluate((wanted) => {
    const canvas = document.querySelector('canvas')!;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    const counts = new Map<number, number>(wanted.map((color) => [color, 0]));
    const all = new Set<number>();
    for (let i = 0; i < data.length; i += 4) {
      const color = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
      all.add(color);
      if (counts.has(color)) counts.set(color, counts.get(color)! + 1);
    }
    return { counts: wanted.map((color) => counts.get(color)!), distinct: all.size };
  }, colors);
}

interface Legend {
  stops: { value: number; color: number }[];
  newColor: number;
  removedColor: number;
}

describe('<DiffFlameGraph> in Chromium', () => {
  it('paints increases, decreases, new and removed frames, with hatching and a legend', async () => {
    const page = await harness.open('diff');
    const legends = (await page.evaluate(
      () => (window as unknown as { flamekitLegends: Record<string, Legend> }).flamekitLegends,
    )) as Record<string, Legend>;
    const ends = (legend: Legend) => [legend.stops[0].color, legend.stops.at(-1)!.color];
    const shown = await countColors(page, [
      legends.default.newColor,
      legends.default.removedColor,
      ...ends(legends.default),
    ]);
    // Box fills of each kind are on the canvas (exact colours: fills are not blended).
    expect(shown.counts[0]).toBeGreaterThan(50); // new
    expect(shown.counts[1]).toBeGreaterThan(50); // removed
    expect(shown.counts[2] + shown.counts[3]).toBeGreaterThan(0); // saturated change
    // Hatch lines are drawn over the new and removed boxes: blended colours, many of them.
    expect(shown.distinct).toBeGreaterThan(40);

    const legend = page.locator('[data-flamekit="diff-legend"]');
    expect(await legend.textContent()).toContain('Violet with / hatching: new');
    await page.getByLabel('Palette').selectOption('colorblind');
    // The boxes are repainted from the colour-blind ramp.
    const colorblindPixels = async () =>
      (
        await countColors(
          page,
          legends.colorblind.stops.map((stop) => stop.color),
        )
      ).counts.reduce((a, b) => a + b);
    await expect.poll(colorblindPixels).toBeGreaterThan(100);
    expect(await legend.textContent()).toContain('Blue: shrank');
    // FLAMEKIT_SCREENSHOT=file.png keeps a picture of the page for a person to look at.
    if (process.env.FLAMEKIT_SCREENSHOT)
      await page.screenshot({ path: process.env.FLAMEKIT_SCREENSHOT });

    // Hovering the root row shows both sides.
    const canvas = page.locator('canvas');
    await canvas.hover({ position: { x: 550, y: 420 - 9 } });
    const tooltip = page.getByRole('tooltip');
    await expect.poll(() => tooltip.textContent()).toContain('Baseline');
    expect(await tooltip.textContent()).toContain('Comparison');
    expect(await tooltip.textContent()).toContain('Difference');
    await page.context().close();
  });
});
