import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness(['explorer']);
});
afterAll(async () => {
  await harness?.close();
});

/** The explorer's graph as the canvas drew it, to tell two views apart. */
const graphPixels = (page: Awaited<ReturnType<Harness['open']>>) =>
  page.evaluate(() => document.querySelector('canvas')!.toDataURL());

describe('the explorer thread picker in Chromium', () => {
  it('picks a thread of a perf script from a wide toolbar, and All threads again', async () => {
    const page = await harness.open('explorer', {
      query: 'fixture=perf-script/speedscope-forks.linux-perf.txt&width=page',
      viewport: { width: 1920, height: 700 },
    });
    const status = page.locator('[data-flamekit=status-bar]');
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toContain('All threads');
    const whole = await graphPixels(page);
    const picker = page.getByRole('combobox', { name: 'Thread' });
    const options = await picker.locator('option').allTextContents();
    expect(options[0]).toBe('All threads');
    expect(options.length).toBeGreaterThan(2);
    await picker.selectOption({ label: options[1] });
    await expect.poll(() => status.textContent()).toContain(options[1]);
    await expect.poll(() => graphPixels(page)).not.toBe(whole);
    await picker.selectOption({ label: 'All threads' });
    await expect.poll(() => graphPixels(page)).toBe(whole);
    await page.context().close();
  });

  it('keeps the picker in the More menu of a narrow explorer', async () => {
    const page = await harness.open('explorer', {
      query: 'fixture=firefox/firefox-profiler-processed-3.json&width=page',
      viewport: { width: 700, height: 700 },
    });
    const status = page.locator('[data-flamekit=status-bar]');
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toContain('GeckoMain');
    await page.getByRole('button', { name: 'More' }).click();
    const picker = page.getByRole('combobox', { name: 'Thread' });
    await picker.selectOption({ label: 'Compositor' });
    await expect.poll(() => status.textContent()).toContain('Compositor');
    // Nothing pushes the page sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      700,
    );
    await page.context().close();
  });
});
