import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { COMPONENTS, HOST_COLORS } from './pages/dress-parts';

/**
 * Each exported component as a host page shows it, in Chromium: finished alone (borders, header
 * bands), themed by a host stylesheet (the canvas too), following the reader's colour scheme,
 * menus as wide as their items, a toolbar that does not move while typing, share bars beside
 * their numbers, and the sandwich as one view. The page is pages/dress.tsx.
 */
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness(['dress']);
});
afterAll(async () => {
  await harness?.close();
});

const HOST = HOST_COLORS;

async function open(query: string, width = 1400, colorScheme?: 'light' | 'dark'): Promise<Page> {
  return harness.open('dress', {
    query,
    viewport: { width, height: 900 },
    ...(colorScheme && { colorScheme }),
  });
}
const hostRoot = (page: Page) => page.locator('.host-themed').first();
const style = (page: Page, selector: string, property: string) =>
  page.evaluate(
    ([s, p]) => getComputedStyle(document.querySelector(s)!).getPropertyValue(p),
    [selector, property],
  );

/** How many pixels of the first canvas have exactly this colour (`rgb(r, g, b)`). */
function countPixels(page: Page, rgb: string, selector = 'canvas'): Promise<number> {
  return page.evaluate(
    ([color, s]) => {
      const canvas = document.querySelector<HTMLCanvasElement>(s)!;
      const [r, g, b] = color.match(/\d+/g)!.map(Number);
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let count = 0;
      for (let i = 0; i < data.length; i += 4)
        if (data[i] === r && data[i + 1] === g && data[i + 2] === b) count++;
      return count;
    },
    [rgb, selector],
  );
}

describe('finished alone', () => {
  it('the top table and the call tree draw their borders and header band with no host', async () => {
    for (const component of ['top-table', 'call-tree']) {
      const page = await open(`component=${component}`);
      const grid = component === 'top-table' ? '[role=grid]' : '[role=treegrid]';
      await page.locator(grid).waitFor();
      expect(await style(page, grid, 'border-top-style'), component).toBe('solid');
      expect(await style(page, grid, 'border-top-color'), component).toBe('rgb(209, 217, 224)');
      const header = `${grid} [role=row][aria-rowindex="1"]`;
      expect(await style(page, header, 'background-color'), component).toBe('rgb(246, 248, 250)');
      expect(await style(page, header, 'border-bottom-style'), component).toBe('solid');
      await page.context().close();
    }
  });

  it('share bars sit beside their numbers, never under them', async () => {
    for (const [query, width] of [
      ['component=top-table', 1400],
      ['component=top-table', 700],
      ['component=explorer&view=both', 1400],
    ] as const) {
      const page = await open(query, width);
      await page.locator('[role=grid] [role=row][aria-rowindex="2"]').waitFor();
      // In every value cell: the boxes of its text and of any coloured mark drawn in it.
      const overlaps = await page.evaluate(() => {
        const found: string[] = [];
        const cells = document.querySelectorAll('[role=grid] [role=row] [role=gridcell]');
        for (const cell of cells) {
          const range = document.createRange();
          const texts: DOMRect[] = [];
          const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            range.selectNodeContents(node);
            texts.push(...[...range.getClientRects()].filter((rect) => rect.width > 0));
          }
          for (const mark of cell.querySelectorAll<HTMLElement>('[aria-hidden]')) {
            const painted = [mark, ...mark.querySelectorAll<HTMLElement>('*')].filter(
              (element) => getComputedStyle(element).backgroundColor !== 'rgba(0, 0, 0, 0)',
            );
            for (const element of painted) {
              const bar = element.getBoundingClientRect();
              if (bar.width === 0) continue;
              for (const text of texts)
                if (
                  bar.left < text.right - 0.5 &&
                  text.left < bar.right - 0.5 &&
                  bar.top < text.bottom &&
                  text.top < bar.bottom
                )
                  found.push(`${cell.textContent}: bar over text`);
            }
          }
        }
        return found;
      });
      expect(overlaps, `${query} at ${width} px`).toEqual([]);
      await page.context().close();
    }
  });
});

describe('themed from CSS', () => {
  it("a host stylesheet's variables theme every component, the canvas included", async () => {
    for (const component of COMPONENTS) {
      const page = await open(`component=${component}&host=1`);
      const root = hostRoot(page);
      await root.waitFor();
      const colors = await root.evaluate((element) => {
        const computed = getComputedStyle(element);
        return { color: computed.color, background: computed.backgroundColor };
      });
      expect(colors.color, component).toBe(HOST.fg);
      // Components with a surface of their own paint it in the host's background.
      if (!['diff-legend', 'markdown', 'export-menu'].includes(component))
        expect(colors.background, component).toBe(HOST.bg);
      // Bordered parts (inputs, tables, buttons) take the host's border colour.
      const borders = await page.evaluate(() =>
        [
          ...document.querySelectorAll(
            '.host-themed input, .host-themed button, [role=grid], [role=treegrid]',
          ),
        ]
          .map((element) => getComputedStyle(element).borderTopColor)
          .filter((color, index, all) => all.indexOf(color) === index),
      );
      expect(borders, component).not.toContain('rgb(209, 217, 224)'); // the light default
      await page.context().close();
    }
  });

  it('the canvas background, labels and outlines follow the host variables', async () => {
    const page = await open('component=flame-graph&host=1');
    const canvas = page.locator('canvas').first();
    await canvas.waitFor();
    await expect.poll(() => countPixels(page, HOST.bg)).toBeGreaterThan(1000);
    // Labels on the (dark) boxes are drawn in the host's text colour.
    expect(await countPixels(page, HOST.fg)).toBeGreaterThan(50);
    // The selected box is outlined in the host's accent.
    expect(await countPixels(page, HOST.accent)).toBe(0);
    await page.getByRole('application', { name: 'Flame graph' }).focus();
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => countPixels(page, HOST.accent)).toBeGreaterThan(20);
    // A host that changes its variables (a class on <html>, as theme switchers do) repaints it.
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'html.light-mode { --flamekit-bg: rgb(250, 250, 240); }';
      document.head.append(style);
      document.documentElement.classList.add('light-mode');
    });
    await expect.poll(() => countPixels(page, 'rgb(250, 250, 240)')).toBeGreaterThan(1000);
    await page.context().close();
  });

  it('theme="system" follows the reader\'s colour scheme, and its changes', async () => {
    const page = await open('component=explorer&theme=system', 1400, 'dark');
    const root = hostRoot(page);
    await root.waitFor();
    const background = () => root.evaluate((element) => getComputedStyle(element).backgroundColor);
    expect(await background()).toBe('rgb(13, 17, 23)');
    await expect.poll(() => countPixels(page, 'rgb(13, 17, 23)')).toBeGreaterThan(1000);
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(background).toBe('rgb(255, 255, 255)');
    await expect.poll(() => countPixels(page, 'rgb(255, 255, 255)')).toBeGreaterThan(1000);
    await page.context().close();
  });

  it('native selects and inputs follow the dark theme', async () => {
    const page = await open('component=explorer&theme=dark', 1700);
    const select = page.getByRole('combobox', { name: 'Colour scheme' });
    await select.waitFor();
    expect(await select.evaluate((element) => getComputedStyle(element).colorScheme)).toBe('dark');
    const search = page.getByRole('searchbox', { name: 'Search functions' });
    expect(await search.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe(
      'rgb(13, 17, 23)',
    );
    await page.context().close();
  });
});

describe('menus and toolbars', () => {
  it('the Export menu is as wide as its items: none broken, all on the page', async () => {
    for (const [query, width] of [
      ['component=explorer', 1700],
      ['component=explorer', 700],
      ['component=flame-graph', 1400],
      ['component=export-menu', 1400],
    ] as const) {
      const page = await open(query, width);
      await page.getByRole('button', { name: 'Export ▾' }).click();
      const items = page.getByRole('menuitem');
      await items.first().waitFor();
      const problems = await page.evaluate(() => {
        const found: string[] = [];
        const range = document.createRange();
        for (const item of document.querySelectorAll('[role=menuitem]')) {
          range.selectNodeContents(item);
          const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
          if (tops.size > 1) found.push(`${item.textContent} is on ${tops.size} lines`);
          if (item.scrollWidth > item.clientWidth) found.push(`${item.textContent} is cut`);
          const box = item.getBoundingClientRect();
          if (box.right > document.documentElement.clientWidth || box.left < 0)
            found.push(`${item.textContent} is off the page`);
        }
        return found;
      });
      expect(problems, `${query} at ${width} px`).toEqual([]);
      expect(await items.allTextContents()).toContain('Interactive HTML (.html)');
      await page.context().close();
    }
  });

  it('typing a search never moves the toolbar’s buttons', async () => {
    for (const [component, width] of [
      ['explorer', 1700],
      ['explorer', 1400],
      ['explorer', 1000],
      ['explorer', 700],
      ['flame-graph', 1400],
      ['flame-graph', 700],
    ] as const) {
      const page = await open(`component=${component}`, width);
      const search = page.getByRole('searchbox', { name: 'Search functions' });
      await search.waitFor();
      const positions = () =>
        page.evaluate(() =>
          [...document.querySelectorAll('.host-themed button, .host-themed select')]
            .filter((element) => !element.closest('[role=search]'))
            .map((element) => {
              const box = element.getBoundingClientRect();
              return `${element.textContent || element.getAttribute('aria-label')} ${Math.round(box.left)},${Math.round(box.top)}`;
            }),
        );
      const before = await positions();
      expect(before.length).toBeGreaterThan(2);
      await search.fill('runtime');
      await expect
        .poll(() => page.locator('[data-flamekit=search-status]').textContent())
        .toMatch(/\d+ matches · /);
      expect(await positions(), `${component} at ${width} px, with matches`).toEqual(before);
      // A long message: an invalid regular expression.
      await page.getByRole('combobox', { name: 'Search mode' }).selectOption('regex');
      await search.fill('main.(');
      await expect
        .poll(() => page.locator('[data-flamekit=search-status]').textContent())
        .not.toMatch(/match/);
      expect(await positions(), `${component} at ${width} px, with an error`).toEqual(before);
      // The status itself is readable: "29 matches · 90.5 %" is not cut.
      await page.getByRole('combobox', { name: 'Search mode' }).selectOption('substring');
      await search.fill('runtime');
      const status = page.locator('[data-flamekit=search-status]');
      await expect.poll(() => status.textContent()).toMatch(/\d+ matches · /);
      expect(
        await status.evaluate((element) => element.scrollWidth <= element.clientWidth),
        `${component} at ${width} px: the status is cut`,
      ).toBe(true);
      await page.context().close();
    }
  });
});

describe('the sandwich as one view', () => {
  it('no synthetic root among the callers, the halves labelled, the search in both', async () => {
    const page = await open('component=explorer&view=sandwich&sandwich=runtime.mallocgc', 1400);
    const callers = page.getByRole('application', { name: 'Callers of runtime.mallocgc' });
    const callees = page.getByRole('application', { name: 'Callees of runtime.mallocgc' });
    await callers.waitFor();
    for (const label of ['Callers', 'Callees']) {
      const box = await page.getByText(new RegExp(`^${label}`)).boundingBox();
      expect(box, label).not.toBeNull();
      expect(box!.width * box!.height, label).toBeGreaterThan(100);
    }
    // The callers' row next to the function (the canvas's last) is a caller, not "all" and not
    // the function again.
    const canvas = callers.locator('canvas');
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + 30, box.y + box.height - 9);
    const tooltip = page.getByRole('tooltip');
    await tooltip.waitFor();
    const name = await tooltip.locator('div').first().textContent();
    expect(name).not.toBe('all');
    expect(name).not.toBe('runtime.mallocgc');
    expect(await tooltip.textContent()).toContain('of runtime.mallocgc');
    await page.mouse.move(0, 0);
    // The explorer's search fades what does not match, in both halves.
    const pixels = (locator: typeof canvas) =>
      locator.evaluate((element: HTMLCanvasElement) =>
        Array.from(
          element.getContext('2d')!.getImageData(0, 0, element.width, Math.min(element.height, 40))
            .data,
        ).join(),
      );
    const before = [await pixels(canvas), await pixels(callees.locator('canvas'))];
    await page.getByRole('searchbox', { name: 'Search functions' }).fill('makeslice');
    await expect.poll(() => pixels(canvas)).not.toBe(before[0]);
    await expect.poll(() => pixels(callees.locator('canvas'))).not.toBe(before[1]);
    await page.context().close();
  });
});
