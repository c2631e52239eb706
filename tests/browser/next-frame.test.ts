import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { colorToCss } from '../../src/core';
import { lightTheme } from '../../src/render';
import { canvasPixel, startHarness, type Harness } from './harness';

// The inline profile of pages/flame-graph.tsx: total 100 over 800 CSS px, rows 18 px, root at the
// bottom of a 300 px graph; row 2 holds idle (x 0–160), parse (160–480) and render (480–800).
const rowY = (depth: number) => 300 - 18 * depth - 9;
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness(['flame-graph']);
});
afterAll(async () => {
  await harness?.close();
});

/** What the page shows: the canvas's pixels (as a checksum), the tooltip and the search count. */
interface Shown {
  canvas: number;
  tooltip: string;
  status: string;
}

/**
 * Installs `window.watchFirstFrame(type)`: from then on, `window.firstFrame` resolves with what
 * the page shows in the first animation frame after the next `type` event has been dispatched.
 * The frame callback is asked for from a bubble listener on window, after the graph's own
 * handlers, so it runs after any redraw those handlers asked for in that frame, and before
 * anything asked for later.
 */
async function installProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const show = (): Shown => {
      const canvas = document.querySelector('canvas')!;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let sum = 0;
      for (let i = 0; i < data.length; i += 4)
        sum = (Math.imul(sum, 31) + ((data[i] << 16) | (data[i + 1] << 8) | data[i + 2])) | 0;
      return {
        canvas: sum,
        tooltip: document.querySelector('[role=tooltip]')?.textContent ?? '',
        status: [...document.querySelectorAll('[aria-live]')].map((e) => e.textContent).join('|'),
      };
    };
    Object.assign(window, {
      shown: show,
      watchFirstFrame: (type: string) => {
        Object.assign(window, {
          firstFrame: new Promise<Shown>((resolve) =>
            window.addEventListener(type, () => requestAnimationFrame(() => resolve(show())), {
              once: true,
            }),
          ),
        });
      },
    });
  });
}

/** What the page shows in the first frame after `type`, and once everything has settled. */
async function firstAndSettled(
  page: Page,
  type: string,
  input: () => Promise<void>,
): Promise<{ before: Shown; first: Shown; settled: Shown }> {
  const before = await page.evaluate(() => (window as unknown as { shown(): Shown }).shown());
  // Watching before the input is sent: an input must not race the listener.
  await page.evaluate(
    (t) => (window as unknown as { watchFirstFrame(t: string): void }).watchFirstFrame(t),
    type,
  );
  await input();
  const first = await page.evaluate(
    () => (window as unknown as { firstFrame: Promise<Shown> }).firstFrame,
  );
  await page.waitForTimeout(300);
  const settled = await page.evaluate(() => (window as unknown as { shown(): Shown }).shown());
  return { before, first, settled };
}

describe('<FlameGraph> paints an input in the next frame', () => {
  it('hover: the tooltip and the outlines of the function together', async () => {
    const page = await harness.open('flame-graph');
    await installProbe(page);
    const box = (await page.locator('canvas').boundingBox())!;
    const { before, first, settled } = await firstAndSettled(page, 'pointermove', () =>
      page.mouse.move(box.x + 300, box.y + rowY(2)),
    );
    expect(settled.tooltip).toContain('parse');
    expect(settled.canvas).not.toBe(before.canvas); // the outline of parse
    expect(first).toEqual(settled);
    // The outline is the theme's highlight colour on parse's first column.
    expect(await canvasPixel(page, 160, rowY(2))).toBe(colorToCss(lightTheme.highlightOutline));
    await page.context().close();
  });

  it('zoom with Ctrl + wheel, pan with a drag, and a click to zoom', async () => {
    const page = await harness.open('flame-graph');
    await installProbe(page);
    const box = (await page.locator('canvas').boundingBox())!;
    await page.mouse.move(box.x + 100, box.y + rowY(2));
    await page.keyboard.down('Control');
    const wheel = await firstAndSettled(page, 'wheel', () => page.mouse.wheel(0, -300));
    await page.keyboard.up('Control');
    expect(wheel.settled.canvas).not.toBe(wheel.before.canvas);
    expect(wheel.first).toEqual(wheel.settled);

    await page.mouse.down();
    await page.mouse.move(box.x + 110, box.y + rowY(2));
    const drag = await firstAndSettled(page, 'pointermove', () =>
      page.mouse.move(box.x + 200, box.y + rowY(2)),
    );
    await page.mouse.up();
    expect(drag.settled.canvas).not.toBe(drag.before.canvas);
    expect(drag.first).toEqual(drag.settled);

    await page.keyboard.press('Escape');
    await page.mouse.move(box.x + 600, box.y + rowY(2));
    await page.waitForTimeout(100);
    const click = await firstAndSettled(page, 'click', () =>
      page.mouse.click(box.x + 600, box.y + rowY(2)),
    );
    expect(click.settled.canvas).not.toBe(click.before.canvas);
    expect(click.first).toEqual(click.settled);
    await page.context().close();
  });

  it('keyboard moves and search as you type', async () => {
    const page = await harness.open('flame-graph');
    await installProbe(page);
    await page.focus('[role=application]');
    const key = await firstAndSettled(page, 'keydown', () => page.keyboard.press('ArrowUp'));
    expect(key.settled.canvas).not.toBe(key.before.canvas); // the selection's outline
    expect(key.first).toEqual(key.settled);

    await page.getByLabel('Search functions').focus();
    const typed = await firstAndSettled(page, 'input', () => page.keyboard.press('l'));
    expect(typed.settled.canvas).not.toBe(typed.before.canvas); // the misses faded
    expect(typed.first).toEqual(typed.settled);
    await page.context().close();
  });
});
