import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { canvasPixel, startHarness, type Harness } from './harness';

// The inline profile of pages/flame-graph.tsx: total 100 over 800 CSS px, rows 18 px, root at the
// bottom of a 300 px graph. Row 2 holds idle (x 0–160), parse (160–480), render (480–800); row 3
// holds lex (160–400) under parse.
const rowY = (depth: number) => 300 - 18 * depth - 9;
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness(['flame-graph']);
});
afterAll(async () => {
  await harness?.close();
});

async function colorOf(page: Page, path: string[]): Promise<string> {
  return page.evaluate(
    (p) =>
      (
        window as unknown as { flamekitTest: { colorOf(path: string[]): string } }
      ).flamekitTest.colorOf(p),
    path,
  );
}

async function canvasBox(page: Page) {
  const box = await page.locator('canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  return box;
}

describe('<FlameGraph> in Chromium', () => {
  for (const ratio of [1, 2]) {
    it(`draws each box in its colour at device pixel ratio ${ratio}`, async () => {
      const page = await harness.open('flame-graph', { deviceScaleFactor: ratio });
      const size = await page.evaluate(() => ({
        width: document.querySelector('canvas')!.width,
        height: document.querySelector('canvas')!.height,
      }));
      expect(size).toEqual({ width: 800 * ratio, height: 300 * ratio });
      expect(await canvasPixel(page, 400, rowY(0))).toBe(await colorOf(page, []));
      expect(await canvasPixel(page, 400, rowY(1))).toBe(await colorOf(page, ['main']));
      expect(await canvasPixel(page, 80, rowY(2))).toBe(await colorOf(page, ['main', 'idle']));
      expect(await canvasPixel(page, 300, rowY(2))).toBe(await colorOf(page, ['main', 'parse']));
      expect(await canvasPixel(page, 600, rowY(2))).toBe(await colorOf(page, ['main', 'render']));
      expect(await canvasPixel(page, 280, rowY(3))).toBe(
        await colorOf(page, ['main', 'parse', 'lex']),
      );
      expect(await canvasPixel(page, 600, rowY(3))).toBe('#ffffff'); // nothing above render
      // The gap between boxes is background: the last device pixel column of idle (x = 160).
      expect(await canvasPixel(page, 160 - 0.5 / ratio, rowY(2))).toBe('#ffffff');
      await page.context().close();
    });
  }

  it('shows a tooltip on hover and zooms on click, fading the ancestors', async () => {
    const page = await harness.open('flame-graph');
    const box = await canvasBox(page);
    await page.mouse.move(box.x + 300, box.y + rowY(2));
    await expect.poll(() => page.locator('[role=tooltip]').textContent()).toContain('parse');
    const main = await colorOf(page, ['main']);
    await page.mouse.click(box.x + 300, box.y + rowY(2));
    await expect
      .poll(() => canvasPixel(page, 50, rowY(2)))
      .toBe(await colorOf(page, ['main', 'parse']));
    await expect.poll(() => canvasPixel(page, 50, rowY(1))).not.toBe(main);
    await page.mouse.dblclick(box.x + 300, box.y + rowY(2));
    await expect
      .poll(() => canvasPixel(page, 50, rowY(2)))
      .toBe(await colorOf(page, ['main', 'idle']));
    await page.context().close();
  });

  it('zooms around the pointer with Ctrl + wheel and pans by dragging', async () => {
    const page = await harness.open('flame-graph');
    const box = await canvasBox(page);
    const idle = await colorOf(page, ['main', 'idle']);
    expect(await canvasPixel(page, 250, rowY(2))).toBe(await colorOf(page, ['main', 'parse']));
    await page.mouse.move(box.x + 100, box.y + rowY(2));
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -500); // zoom in about e times around value 12.5
    await page.keyboard.up('Control');
    await expect.poll(() => canvasPixel(page, 250, rowY(2))).toBe(idle);
    // Drag right by 200 px: the view moves left in value, so idle reaches further right.
    await page.mouse.move(box.x + 300, box.y + rowY(1));
    await page.mouse.down();
    await page.mouse.move(box.x + 400, box.y + rowY(1), { steps: 5 });
    await page.mouse.move(box.x + 500, box.y + rowY(1), { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => canvasPixel(page, 420, rowY(2))).toBe(idle);
    await page.context().close();
  });

  it('is driven by keys: arrows select, the live region speaks, Enter zooms', async () => {
    const page = await harness.open('flame-graph');
    await page.focus('[role=application]');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    const announcer = page.locator('[data-flamekit=announcer]');
    await expect.poll(() => announcer.textContent()).toMatch(/^(parse|render): total 40 samples/);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => announcer.textContent()).toMatch(/^(idle|parse): total/);
    await page.keyboard.press('Enter');
    const selected = (await announcer.textContent())!.split(':')[0];
    await expect
      .poll(() => canvasPixel(page, 50, rowY(2)))
      .toBe(await colorOf(page, ['main', selected]));
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Search functions',
    );
    await page.context().close();
  });

  it('follows its container when it is resized', async () => {
    const page = await harness.open('flame-graph');
    await page.evaluate(() => (document.getElementById('root')!.style.width = '500px'));
    await expect.poll(() => page.evaluate(() => document.querySelector('canvas')!.width)).toBe(500);
    expect(await canvasPixel(page, 450, rowY(1))).toBe(await colorOf(page, ['main']));
    await page.context().close();
  });

  it('redraws at a new device pixel ratio', async () => {
    const page = await harness.open('flame-graph');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setDeviceMetricsOverride', {
      width: 900,
      height: 600,
      deviceScaleFactor: 2,
      mobile: false,
    });
    // Emulation changes the ratio without the media-query event a real screen change fires, so
    // cause a redraw (a hover): the renderer reads the ratio on every draw.
    const box = await canvasBox(page);
    await page.mouse.move(box.x + 300, box.y + rowY(2));
    await expect
      .poll(() => page.evaluate(() => document.querySelector('canvas')!.width))
      .toBe(1600);
    expect(await canvasPixel(page, 300, rowY(2))).toBe(await colorOf(page, ['main', 'parse']));
    await page.context().close();
  });

  it('draws a 10,000-deep graph in a viewport-sized canvas', async () => {
    const page = await harness.open('flame-graph', { query: 'deep=10000' });
    // Polled: on a loaded machine the first draw (which sizes the canvas) can come after the
    // page says it is ready; the size it must reach is unchanged.
    await expect
      .poll(() =>
        page.evaluate(() => ({
          width: document.querySelector('canvas')!.width,
          height: document.querySelector('canvas')!.height,
        })),
      )
      .toEqual({ width: 800, height: 300 });
    expect(await canvasPixel(page, 400, rowY(5))).not.toBe('#ffffff');
    await page.context().close();
  });
});
