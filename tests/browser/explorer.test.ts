import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canvasPixel, startHarness, type Harness } from './harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness(['explorer']);
});
afterAll(async () => {
  await harness?.close();
});

describe('<ProfileExplorer> in Chromium', () => {
  it('draws the graph, switches views, opens a sandwich and walks the call tree by keys', async () => {
    const page = await harness.open('explorer');
    // The flame graph drew something at the root row (bottom of the 420 px graph). The profile is
    // imported and painted after the page opens, later on a loaded machine: wait for the paint.
    await expect
      .poll(() => canvasPixel(page, 500, 420 - 9), { timeout: 30_000 })
      .not.toBe('#ffffff');
    await expect
      .poll(() => page.locator('[data-flamekit=status-bar]').textContent())
      .toContain('cpu (nanoseconds)');

    await page.getByRole('radio', { name: 'Top table' }).click();
    const grid = page.getByRole('grid');
    await grid.focus();
    await page.keyboard.press('ArrowDown');
    const activeName = await page.evaluate(() => {
      const grid = document.querySelector('[role=grid]')!;
      const row = document.getElementById(grid.getAttribute('aria-activedescendant')!)!;
      const cells = row.querySelectorAll('[role=gridcell]');
      return cells[cells.length - 2].textContent;
    });
    expect(activeName).toBeTruthy();
    await page.keyboard.press('s');
    await expect
      .poll(() => page.getByRole('application', { name: `Callers of ${activeName}` }).count())
      .toBe(1);
    expect(await page.locator('[data-flamekit=status-bar]').textContent()).toContain(
      `Sandwich: ${activeName}`,
    );

    await page.getByRole('radio', { name: 'Call tree' }).click();
    const tree = page.getByRole('treegrid');
    await tree.focus();
    const rowsBefore = await page.locator('[role=treegrid] [role=row]').count();
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => page.locator('[role=treegrid] [role=row]').count())
      .toBeGreaterThan(rowsBefore);
    await page.context().close();
  });

  it('shows the import error of a file that is not a profile', async () => {
    const page = await harness.open('explorer', { query: 'fixture=README.md' });
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('This file is not a profile flamekit reads.');
    await page.context().close();
  });
});
