import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

/**
 * The explorers as people use them, in Chromium: a click zooms and selects (uncontrolled, and
 * with the documented `state` / `onStateChange={setState}`), the sandwich opens on the chosen
 * frame, the keyboard, the host's events and ref, empty, loading and error states, and widths
 * from 360 to 1400 px. The page is pages/usage.tsx.
 */
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness(['usage', 'src/worker/worker-script.ts']);
});
afterAll(async () => {
  await harness?.close();
});

const ROW = 18;
type TestWindow = {
  flamekitTest: {
    events: { kind: string; name?: string; path?: string[] }[];
    state?: { zoomPath: string[]; selectedPath?: string[] };
    handle: { current: Record<string, (...args: unknown[]) => void> };
  };
};

async function open(query: string, width = 1400): Promise<Page> {
  const page = await harness.open('usage', { query, viewport: { width, height: 800 } });
  return page;
}
const graphCanvas = (page: Page) => page.locator('[data-flamekit=flame-graph] canvas').first();
const statusBar = (page: Page) => page.locator('[data-flamekit=status-bar]').first();

/** Clicks the box at `depth` under the middle of the graph; the root row is the canvas's last. */
async function clickFrame(page: Page, depth: number) {
  const canvas = graphCanvas(page);
  await canvas.waitFor();
  const box = (await canvas.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height - depth * ROW - ROW / 2);
}

describe('a click in an explorer zooms and selects', () => {
  for (const component of ['explorer', 'explorer-controlled', 'series', 'series-controlled']) {
    it(`in ${component}`, async () => {
      const page = await open(`component=${component}`);
      await clickFrame(page, 2);
      // Both changes of the one click survive: the zoom pill and the announced selection.
      await expect.poll(() => statusBar(page).textContent()).toMatch(/Zoom: \S/);
      const zoomed = (await statusBar(page).textContent())!.match(/Zoom: (.+?)×/)![1].trim();
      await expect
        .poll(() => page.locator('[data-flamekit=announcer]').first().textContent())
        .toMatch(new RegExp(`^${zoomed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: total`));
      if (component.endsWith('controlled')) {
        const state = await page.evaluate(
          () => (window as unknown as TestWindow).flamekitTest.state!,
        );
        expect(state.zoomPath.at(-1)).toBe(zoomed);
        expect(state.selectedPath?.at(-1)).toBe(zoomed);
      }
      await page.context().close();
    });
  }
});

describe('the explorer as people drive it', () => {
  it('opens the sandwich on the selected frame, not on the heaviest function', async () => {
    const page = await open('component=explorer');
    await clickFrame(page, 3);
    await expect.poll(() => statusBar(page).textContent()).toMatch(/Zoom: \S/);
    const chosen = (await statusBar(page).textContent())!.match(/Zoom: (.+?)×/)![1].trim();
    await page.getByRole('radio', { name: 'Sandwich' }).click();
    await expect.poll(() => statusBar(page).textContent()).toContain(`Sandwich: ${chosen}`);
    expect(await page.getByRole('application', { name: `Callers of ${chosen}` }).count()).toBe(1);
    await page.context().close();
  });

  it('focuses the search with /, and the view switch is one Tab stop moved by arrows', async () => {
    const page = await open('component=explorer');
    await graphCanvas(page).waitFor();
    await page.locator('[data-flamekit=flame-graph] [role=application]').focus();
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Search functions',
    );
    const checked = page.getByRole('radio', { name: 'Flame graph' });
    await checked.focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).not.toBe(
      'radio',
    );
    await checked.focus();
    await page.keyboard.press('ArrowRight');
    const topTable = page.getByRole('radio', { name: 'Top table' });
    expect(await topTable.getAttribute('aria-checked')).toBe('true');
    expect(await topTable.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await page.getByRole('grid').count()).toBe(1);
    await page.context().close();
  });

  it('gives the host the node on click, hover and right click, and a ref to drive it', async () => {
    const page = await open('component=explorer');
    await clickFrame(page, 1);
    const canvas = graphCanvas(page);
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + 20, box.y + box.height - ROW / 2);
    await page.mouse.click(box.x + 20, box.y + box.height - ROW / 2, { button: 'right' });
    const events = () => page.evaluate(() => (window as unknown as TestWindow).flamekitTest.events);
    await expect.poll(async () => (await events()).map((e) => e.kind)).toContain('contextmenu');
    const seen = await events();
    const click = seen.find((e) => e.kind === 'click')!;
    expect(click.path).toHaveLength(1);
    expect(click.name).toBe(click.path![0]);
    expect(seen.some((e) => e.kind === 'hover' && e.name === 'all')).toBe(true);
    expect(seen.find((e) => e.kind === 'contextmenu')!.name).toBe('all');

    const call = (method: string, ...args: unknown[]) =>
      page.evaluate(
        ([name, rest]) =>
          (window as unknown as TestWindow).flamekitTest.handle.current[name as string](
            ...(rest as unknown[]),
          ),
        [method, args] as const,
      );
    await page.keyboard.press('Escape'); // shut the context menu
    await call('reset');
    await expect.poll(() => statusBar(page).textContent()).not.toContain('Zoom:');
    await call('zoomTo', click.path);
    await expect.poll(() => statusBar(page).textContent()).toContain(`Zoom: ${click.name}`);
    await call('search', 'main');
    await expect.poll(() => page.getByRole('searchbox').first().inputValue()).toBe('main');
    await call('focus');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe(
      'application',
    );
    await page.context().close();
  });
});

describe('empty, loading and error states', () => {
  it('shows no toolbar above "No profile to show", in the explorer and in a lone graph', async () => {
    for (const component of ['explorer', 'graph']) {
      const page = await open(`component=${component}&empty=1`);
      await expect.poll(() => page.textContent('body')).toContain('No profile to show.');
      expect(await page.getByRole('toolbar').count(), component).toBe(0);
      expect(await page.getByRole('searchbox').count(), component).toBe(0);
      expect(await page.getByRole('button').count(), component).toBe(0);
      await page.context().close();
    }
  });

  it('shows a worker import in place while it runs, then the graph', async () => {
    const context = await harness.browser.newContext({ viewport: { width: 1400, height: 800 } });
    const page = await context.newPage();
    // Record whether the progress was ever shown: a fast import shows it briefly.
    await page.addInitScript(() => {
      new MutationObserver(() => {
        const status = document.querySelector('[data-flamekit=explorer-importing]');
        if (status) Object.assign(window, { importShown: status.textContent });
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(
      `${harness.url}/usage?component=explorer&worker=1&fixture=flamebearer/pyroscope-io-nodejs-frontend-cpu-large.json`,
    );
    await graphCanvas(page).waitFor({ timeout: 30_000 });
    expect(
      await page.evaluate(() => (window as unknown as { importShown?: string }).importShown),
    ).toMatch(/Reading the profile|Building the call tree/);
    await context.close();
  });

  it('offers the flame chart of a trace imported in the worker', async () => {
    const page = await open(
      'component=explorer&worker=1&fixture=chrome-trace/speedscope-chrome116-Trace-20230603.json',
    );
    await page.getByRole('radio', { name: 'Flame chart' }).click({ timeout: 30_000 });
    // The time order came through the worker: a lane per thread, as read on the page.
    await expect
      .poll(() => page.locator('[data-flamekit=lane-header]').first().textContent())
      .toMatch(/^▾Renderer: CrRendererMain \(pid 6543, tid 259, profile 0x2\)1,600 samples$/);
    await page.context().close();
  });

  it("says in people's words that a file is not a profile", async () => {
    const page = await open('component=explorer&input=1&fixture=README.md');
    const alert = page.getByRole('alert');
    await expect
      .poll(() => alert.textContent())
      .toContain('This file is not a profile flamekit reads.');
    expect(await alert.textContent()).not.toMatch(/pass \{|format\}/);
    expect(await page.getByRole('toolbar').count()).toBe(0);
    await page.context().close();
  });
});

describe('widths', () => {
  it('keeps the toolbar in one row from 1120 px up, what does not fit in a More menu', async () => {
    for (const width of [1700, 1400, 1120]) {
      const page = await open('component=explorer', width);
      const toolbar = page.getByRole('toolbar', { name: 'Profile explorer' });
      await toolbar.waitFor();
      const height = (await toolbar.boundingBox())!.height;
      expect(height, `${width} px`).toBeLessThan(40);
      // From 1600 px everything is in the row; below, the secondary controls are in "More".
      expect(await page.getByRole('button', { name: 'More ▾' }).count()).toBe(width < 1600 ? 1 : 0);
      await page.context().close();
    }
    const page = await open('component=explorer', 700);
    await page.getByRole('button', { name: 'More ▾' }).click();
    await page.getByRole('combobox', { name: 'Colour scheme' }).selectOption('total');
    expect(await page.getByRole('combobox', { name: 'Colour scheme' }).inputValue()).toBe('total');
    await page.context().close();
  });

  it('shows one view for "Both" below 800 px and two from 800 px up', async () => {
    for (const [width, grids] of [
      [700, 0],
      [1000, 1],
    ]) {
      const page = await open('component=explorer', width);
      await page.getByRole('radio', { name: 'Both' }).click();
      await graphCanvas(page).waitFor();
      expect(await page.getByRole('grid').count(), `${width} px`).toBe(grids);
      await page.context().close();
    }
  });

  it('never scrolls the page sideways from 360 px up, in any view', async () => {
    for (const width of [360, 700]) {
      for (const component of ['explorer', 'series']) {
        const page = await open(`component=${component}`, width);
        await graphCanvas(page).waitFor();
        const views = ['Flame graph', 'Top table', 'Both', 'Sandwich', 'Call tree'];
        for (const view of views) {
          await page.getByRole('radio', { name: view }).click();
          await page.waitForTimeout(50);
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - window.innerWidth,
          );
          expect(overflow, `${component} ${view} at ${width} px`).toBeLessThanOrEqual(0);
        }
        if (component === 'series') {
          // The comparison: a diff graph and a diff table of the two pods.
          await page.getByRole('button', { name: 'Compare' }).click();
          await graphCanvas(page).waitFor();
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - window.innerWidth,
          );
          expect(overflow, `series comparison at ${width} px`).toBeLessThanOrEqual(0);
        }
        await page.context().close();
      }
    }
  });
});
