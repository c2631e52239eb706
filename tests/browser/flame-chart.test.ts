import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness';

// The inline lanes of pages/flame-chart.tsx: 1000 ns over 800 CSS px (0.8 px a ns). Under the
// 22 px axis: lane "main" (header 22–42, main 42–60, parse 0–500 / render 500–1000 at 60–78),
// a 6 px gap, lane "worker" (header 84–104, worker 104–122). Labels start 4 px into a box: the
// pixels read here lie past them.
const ROW = { main: 51, second: 69, worker: 113 };
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness(['flame-chart']);
});
afterAll(async () => {
  await harness?.close();
});

const CHART_CANVAS = '[data-flamekit=chart-scroller] canvas';

/** One device pixel of the chart's canvas (not the overview's), or another's, as `#rrggbb`. */
async function pixel(page: Page, cssX: number, cssY: number, of = CHART_CANVAS): Promise<string> {
  return page.evaluate(
    ([x, y, selector]) => {
      const canvas = document.querySelector<HTMLCanvasElement>(selector)!;
      const ratio = canvas.width / canvas.getBoundingClientRect().width;
      const [r, g, b] = canvas
        .getContext('2d')!
        .getImageData(Math.floor(x * ratio), Math.floor(y * ratio), 1, 1).data;
      return `#${((r << 16) | (g << 8) | b).toString(16).padStart(6, '0')}`;
    },
    [cssX, cssY, of] as const,
  );
}

/**
 * The colour of the boxes along a line of a canvas, by function: at 19 points, the pixel (read
 * with the pointer away, where its neighbours have the same colour: not a box's edge) and the
 * name the tooltip gives when the pointer is there.
 */
async function coloursByName(page: Page, canvas: string, cssY: number) {
  const box = (await page.locator(canvas).boundingBox())!;
  const byName = new Map<string, string>();
  for (let k = 1; k < 20; k++) {
    const x = Math.round((box.width * k) / 20);
    await page.mouse.move(box.x + x, box.y - 40);
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done))));
    const colours = new Set(
      await Promise.all([x - 1, x, x + 1].map((at) => pixel(page, at, cssY, canvas))),
    );
    await page.mouse.move(box.x + x, box.y + cssY);
    const name = await page
      .locator('[role=tooltip] > div')
      .first()
      .textContent({ timeout: 2000 })
      .catch(() => null);
    if (name && colours.size === 1) byName.set(name, [...colours][0]);
  }
  return byName;
}

const colorOf = (page: Page, name: string) =>
  page.evaluate(
    (frame) =>
      (
        window as unknown as { flamekitTest: { colorOf(name: string): string } }
      ).flamekitTest.colorOf(frame),
    name,
  );

async function chartBox(page: Page) {
  const box = await page.locator('[data-flamekit=chart-scroller] canvas').boundingBox();
  if (!box) throw new Error('no chart canvas');
  return box;
}

describe('<FlameChart> in Chromium', () => {
  for (const ratio of [1, 2]) {
    it(`draws each box at its time and depth at device pixel ratio ${ratio}`, async () => {
      const page = await harness.open('flame-chart', { deviceScaleFactor: ratio });
      // The chart draws on the animation frame after it is told its size: wait for that draw.
      const canvasSize = () =>
        page.evaluate(() => {
          const canvas = document.querySelector<HTMLCanvasElement>(
            '[data-flamekit=chart-scroller] canvas',
          )!;
          return { width: canvas.width, height: canvas.height };
        });
      await expect.poll(canvasSize).toEqual({ width: 800 * ratio, height: 300 * ratio });
      expect(await pixel(page, 400, ROW.main)).toBe(await colorOf(page, 'main'));
      expect(await pixel(page, 200, ROW.second)).toBe(await colorOf(page, 'parse'));
      expect(await pixel(page, 600, ROW.second)).toBe(await colorOf(page, 'render'));
      expect(await pixel(page, 400, ROW.worker)).toBe(await colorOf(page, 'worker'));
      // A device pixel of gap after parse (it ends at x = 400), and nothing below worker.
      expect(await pixel(page, 400 - 0.5 / ratio, ROW.second)).not.toBe(
        await colorOf(page, 'parse'),
      );
      expect(await pixel(page, 400, 140)).not.toBe(await colorOf(page, 'worker'));
      await page.context().close();
    });
  }

  it('zooms around the pointer with Ctrl + wheel, not with a plain wheel; Shift + wheel pans', async () => {
    const page = await harness.open('flame-chart');
    const box = await chartBox(page);
    const parse = await colorOf(page, 'parse');
    const render = await colorOf(page, 'render');
    await page.mouse.move(box.x + 600, box.y + ROW.second);
    await page.mouse.wheel(0, -300);
    await page.waitForTimeout(100);
    expect(await pixel(page, 100, ROW.second)).toBe(parse); // a plain wheel leaves the zoom
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -500); // a factor of e: 750 ns stays under x = 600
    await page.keyboard.up('Control');
    await expect.poll(() => pixel(page, 150, ROW.second)).toBe(render);
    expect(await pixel(page, 600, ROW.second)).toBe(render);
    // The boundary at 500 ns moved from x = 400 to 600 - 200 / e ≈ 526... of the old scale:
    // 750 - (600 / 800) × 1000 / e ≈ 474 ns is now x = 0, so 500 ns is at x ≈ 56.
    expect(await pixel(page, 48, ROW.second)).toBe(parse);
    await page.keyboard.down('Shift');
    await page.mouse.wheel(0, -300); // pans towards the start
    await page.keyboard.up('Shift');
    await expect.poll(() => pixel(page, 300, ROW.second)).toBe(parse);
    await page.context().close();
  });

  it('pans with a drag, and zooms to a box on double-click', async () => {
    const page = await harness.open('flame-chart');
    const box = await chartBox(page);
    await page.keyboard.down('Control');
    await page.mouse.move(box.x + 400, box.y + ROW.second);
    await page.mouse.wheel(0, -700);
    await page.keyboard.up('Control');
    const render = await colorOf(page, 'render');
    const parse = await colorOf(page, 'parse');
    await expect.poll(() => pixel(page, 700, ROW.second)).toBe(render);
    await page.mouse.move(box.x + 700, box.y + ROW.second);
    await page.mouse.down();
    await page.mouse.move(box.x + 500, box.y + ROW.second, { steps: 5 });
    await page.mouse.move(box.x + 100, box.y + ROW.second, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => pixel(page, 300, ROW.second)).toBe(render);
    // Double-click the worker box: the view is the box with 5 % either side.
    await page.mouse.dblclick(box.x + 300, box.y + ROW.worker);
    await expect.poll(() => pixel(page, 300, ROW.second)).toBe(parse);
    expect(await pixel(page, 780, ROW.second)).toBe(render);
    await page.context().close();
  });

  it('lets a plain wheel scroll the lanes (the view stays), and zooms on a two-finger pinch', async () => {
    const page = await harness.open('flame-chart', {
      query: 'fixture=chrome-trace/lighthouse-load.trace.json',
      hasTouch: true,
    });
    const box = await chartBox(page);
    const shown = () => page.getByText(/ shown$/).textContent();
    const whole = await shown();
    const scroller = page.locator('[data-flamekit=chart-scroller]');
    await page.mouse.move(box.x + 400, box.y + 150);
    await page.mouse.wheel(0, 200);
    await expect.poll(() => scroller.evaluate((element) => element.scrollTop)).toBeGreaterThan(0);
    expect(await shown()).toBe(whole);
    // Two fingers 100 px apart spreading to 300 px: three times closer, around their middle.
    const cdp = await page.context().newCDPSession(page);
    const touch = async (type: 'touchStart' | 'touchMove' | 'touchEnd', spread: number) =>
      cdp.send('Input.dispatchTouchEvent', {
        type,
        touchPoints:
          type === 'touchEnd'
            ? []
            : [
                { x: box.x + 400 - spread / 2, y: box.y + 150, id: 1 },
                { x: box.x + 400 + spread / 2, y: box.y + 150, id: 2 },
              ],
      });
    await touch('touchStart', 100);
    for (const spread of [150, 200, 250, 300]) await touch('touchMove', spread);
    await touch('touchEnd', 300);
    // The caption follows the pinch a frame behind: wait for the last spread, not the first change.
    const spanShown = async () => (await shown())!.split(' of ')[0];
    await expect.poll(spanShown).toMatch(/^1\.3\d s$/); // 3.93 s / 3
    expect((await shown())!.split(' of ')[1]).toBe(whole!.split(' of ')[1]);
    await page.context().close();
  });

  it('collapses a lane to its header and opens it again', async () => {
    const page = await harness.open('flame-chart');
    const worker = await colorOf(page, 'worker');
    const header = page.getByRole('button', { name: /^main/ });
    await expect.poll(() => header.getAttribute('aria-expanded')).toBe('true');
    await header.click();
    // worker moves up to 22 + 20 (main's header) + 6 + 20 (its own header) = 68.
    await expect.poll(() => pixel(page, 400, 77)).toBe(worker);
    expect(await header.getAttribute('aria-expanded')).toBe('false');
    await header.click();
    await expect.poll(() => pixel(page, 400, ROW.worker)).toBe(worker);
    await page.context().close();
  });

  it('a range dragged across the time axis shows its tree below, and a new range updates it', async () => {
    const page = await harness.open('flame-chart');
    const box = await chartBox(page);
    const drag = async (from: number, to: number) => {
      await page.mouse.move(box.x + from, box.y + 10);
      await page.mouse.down();
      await page.mouse.move(box.x + (from + to) / 2, box.y + 10, { steps: 4 });
      await page.mouse.move(box.x + to, box.y + 10, { steps: 4 });
      await page.mouse.up();
    };
    await drag(100, 300); // 125 to 375 ns: parse only
    const panel = page.locator('[data-flamekit=chart-selection]');
    await expect
      .poll(() => panel.locator('strong').textContent())
      .toBe('Selection 125 ns – 375 ns (250 ns)');
    await panel.getByRole('radio', { name: 'Top table' }).click();
    const rows = async () => (await panel.getByRole('row').allTextContents()).join('\n');
    await expect.poll(rows).toMatch(/parse/);
    expect(await rows()).toMatch(/main/);
    expect(await rows()).not.toMatch(/render/);
    await drag(500, 700); // 625 to 875 ns: render only
    await expect
      .poll(() => panel.locator('strong').textContent())
      .toBe('Selection 625 ns – 875 ns (250 ns)');
    await expect.poll(rows).toMatch(/render/);
    expect(await rows()).not.toMatch(/parse/);
    await panel.getByRole('button', { name: 'Clear selection' }).click();
    await expect.poll(() => panel.count()).toBe(0);
    await page.context().close();
  });

  it('brushes a range on the overview strip: the chart zooms to it and its tree shows below', async () => {
    const page = await harness.open('flame-chart');
    const strip = (await page.locator('[data-flamekit=chart-overview]').boundingBox())!;
    await page.mouse.move(strip.x + 620, strip.y + 20);
    await page.mouse.down();
    await page.mouse.move(strip.x + 700, strip.y + 20, { steps: 4 });
    await page.mouse.move(strip.x + 780, strip.y + 20, { steps: 4 });
    await page.mouse.up();
    const render = await colorOf(page, 'render');
    await expect.poll(() => pixel(page, 300, ROW.second)).toBe(render);
    expect(await page.locator('[data-flamekit=chart-selection] strong').textContent()).toMatch(
      /^Selection 77\d ns – 97\d ns/,
    );
    await page.context().close();
  });

  it('tells start, duration and self on hover, and walks the boxes with the keyboard', async () => {
    const page = await harness.open('flame-chart');
    const box = await chartBox(page);
    await page.mouse.move(box.x + 400, box.y + ROW.main);
    const tooltip = page.getByRole('tooltip');
    await expect.poll(() => tooltip.textContent()).toContain('main');
    expect(await tooltip.textContent()).toMatch(/Start0 ns.*Duration1 µs.*Self0 ns.*Samples3/);
    await page.mouse.move(box.x + 400, box.y + 250);
    await page.getByRole('application', { name: 'Flame chart' }).focus();
    const announcer = page.locator('[data-flamekit=announcer]');
    await page.keyboard.press('ArrowDown'); // the first box: main
    await expect.poll(() => announcer.textContent()).toMatch(/^main, 1 µs from 0 ns, self 0 ns/);
    await page.keyboard.press('ArrowDown'); // its longest callee, the first of two as long
    await expect.poll(() => announcer.textContent()).toMatch(/^parse, 500 ns from 0 ns/);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => announcer.textContent()).toMatch(/^render, 500 ns from 500 ns/);
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => announcer.textContent()).toMatch(/^main,/);
    await page.context().close();
  });

  it('keeps its toolbar on one line, the search status in it, at 1400 and 700 px', async () => {
    for (const width of [1400, 700]) {
      const page = await harness.open('flame-chart', {
        query: `width=${width - 20}`,
        viewport: { width, height: 800 },
      });
      const middle = async (name: string) => {
        const box = (await page
          .locator(`[data-flamekit=flame-chart] ${name}`)
          .first()
          .boundingBox())!;
        return box.y + box.height / 2;
      };
      await page.getByRole('searchbox', { name: 'Search functions' }).fill('render');
      const search = await middle('input[type=search]');
      // Every control of the search, its status and Reset zoom on the search box's line.
      for (const part of ['select', 'button[title="Match case"]', '[data-flamekit=search-status]'])
        expect(Math.abs((await middle(part)) - search), `${part} at ${width} px`).toBeLessThan(1);
      expect(await page.locator('[data-flamekit=search-status]').textContent()).toMatch(/^1 match/);
      if (width === 1400) {
        const reset = await middle('button:text("Reset zoom")');
        expect(Math.abs(reset - search), 'Reset zoom at 1400 px').toBeLessThan(1);
      }
      await page.context().close();
    }
  });

  it('fades the boxes a search misses', async () => {
    const page = await harness.open('flame-chart');
    const parse = await colorOf(page, 'parse');
    await page.getByRole('searchbox', { name: 'Search functions' }).fill('render');
    await expect.poll(() => pixel(page, 200, ROW.second)).not.toBe(parse);
    expect(await pixel(page, 600, ROW.second)).toBe(await colorOf(page, 'render'));
    await page.context().close();
  });
});

describe('<ProfileExplorer> with a time-ordered profile', () => {
  it('offers the flame chart as a view, and the flame graph again', async () => {
    const page = await harness.open('flame-chart', {
      query: 'fixture=chrome-cpuprofile/speedscope-chrome65-simple.cpuprofile&explorer=1',
      viewport: { width: 1400, height: 900 },
    });
    await expect
      .poll(() => page.getByRole('radio', { name: 'Flame chart' }).getAttribute('aria-checked'))
      .toBe('true');
    await expect.poll(() => page.locator('[data-flamekit=lane-header]').count()).toBe(1);
    await page.getByRole('radio', { name: 'Flame graph' }).click();
    await expect.poll(() => page.locator('[data-flamekit=chart-scroller]').count()).toBe(0);
    await page.context().close();
  });

  it('leaves the search as much room with the Flame chart button as without it', async () => {
    // The explorer's thresholds (one row from 1100 px, everything inline from 1600 px) move up by
    // the button's 120 px: just above each, the search is as wide as without the button (about
    // 140 px at one row's start, 250 px with everything inline), and at 1600 px the secondary
    // controls are in More rather than squeezing it to 133 px.
    for (const [width, least] of [
      [1220, 130],
      [1600, 250],
      [1720, 240],
    ]) {
      const page = await harness.open('flame-chart', {
        query: `fixture=chrome-trace/speedscope-chrome116-Trace-20230603.json&explorer=1&width=${width}`,
        viewport: { width: width + 20, height: 900 },
      });
      const toolbar = page.getByRole('toolbar', { name: 'Profile explorer' });
      await toolbar.waitFor();
      expect((await toolbar.boundingBox())!.height, `${width} px`).toBeLessThan(40);
      const search = await page.getByRole('searchbox', { name: 'Search functions' }).boundingBox();
      expect(search!.width, `${width} px`).toBeGreaterThanOrEqual(least);
      await page.context().close();
    }
  });

  it('draws a function in the colour the flame graph gives it', async () => {
    const page = await harness.open('flame-chart', {
      query:
        'fixture=chrome-cpuprofile/firefox-profiler-node-hello.cjs.cpuprofile&explorer=1&width=1400&height=400',
      viewport: { width: 1420, height: 900 },
    });
    await page.locator(CHART_CANVAS).waitFor();
    // The chart's first row (under the 22 px axis and the lane's 20 px header): the outermost calls.
    const inChart = await coloursByName(page, CHART_CANVAS, 22 + 20 + 9);
    await page.getByRole('radio', { name: 'Flame graph' }).click();
    const graph = '[data-flamekit=flame-graph] canvas';
    await page.locator(graph).waitFor();
    // The flame graph's row above its root (at the bottom): the same outermost calls.
    const height = (await page.locator(graph).boundingBox())!.height;
    const inGraph = await coloursByName(page, graph, height - 18 - 9);
    const both = [...inChart.keys()].filter((name) => inGraph.has(name));
    expect(both.length, `${[...inChart.keys()]} / ${[...inGraph.keys()]}`).toBeGreaterThan(0);
    for (const name of both) expect(inChart.get(name), name).toBe(inGraph.get(name));
    await page.context().close();
  });

  it('has no flame chart view for a profile without times', async () => {
    const page = await harness.open('flame-chart', {
      query: 'fixture=collapsed/edge/speedscope-simple.txt&explorer=1',
    });
    await expect
      .poll(() => page.getByRole('radio', { name: 'Flame graph' }).getAttribute('aria-checked'))
      .toBe('true');
    expect(await page.getByRole('radio', { name: 'Flame chart' }).count()).toBe(0);
    await page.context().close();
  });
});
