import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './harness';
import { findVisualProblems } from './visual-check';

/**
 * The stories as people see them: Storybook is built to static files (what `npm run
 * build-storybook` makes), served from 127.0.0.1, and each story's iframe driven in headless
 * Chromium: pointer, keys, search, the diff legend, the Playground's file input, and checks that
 * the canvas is not blank.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

let staticDir: string;
let server: Server;
let browser: Browser;
let base: string;

beforeAll(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'flamekit-storybook-'));
  execFileSync(
    join(ROOT, 'node_modules/.bin/storybook'),
    ['build', '--output-dir', staticDir, '--quiet', '--disable-telemetry'],
    { cwd: ROOT, stdio: 'pipe', env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' } },
  );
  server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', base).pathname));
    const file = join(staticDir, path === '/' ? 'index.html' : path);
    try {
      if (!file.startsWith(staticDir) || !statSync(file).isFile()) throw new Error('not found');
      response.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      });
      response.end(readFileSync(file));
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => server?.close(done));
  if (staticDir) rmSync(staticDir, { recursive: true, force: true });
});

/**
 * Opens a story's iframe and waits until its first canvas has drawn boxes: `colours` of them (a
 * profile whose frames are all unsymbolicated addresses draws in one grey).
 */
async function openStory(id: string, colours = 6): Promise<Page> {
  const page = await (
    await browser.newContext({ viewport: { width: 1000, height: 800 } })
  ).newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(`${base}/iframe.html?id=${id}&viewMode=story`);
  await page
    .waitForFunction(
      (wanted) => {
        const canvas = document.querySelector('canvas');
        if (!canvas || canvas.width === 0) return false;
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        const seen = new Set<number>();
        for (let i = 0; i < data.length && seen.size < wanted; i += 64)
          seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
        return seen.size >= wanted;
      },
      colours,
      { timeout: 30_000 },
    )
    .catch((error) => {
      throw new Error(`story ${id} drew nothing: ${errors.join('; ') || error}`);
    });
  return page;
}

/** Distinct colours of the first canvas (a blank or single-colour canvas has one or two). */
function canvasColours(page: Page): Promise<number> {
  return page.evaluate(() => {
    const canvas = document.querySelector('canvas')!;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4)
      colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return colours.size;
  });
}

describe('stories in Chromium', () => {
  it('FlameGraph: hover shows a tooltip, click zooms, keys navigate, search counts', async () => {
    const page = await openStory('flamegraph--basic');
    expect(await canvasColours(page)).toBeGreaterThan(10);
    const canvas = page.locator('canvas');
    const box = (await canvas.boundingBox())!;
    // The root row is at the bottom of the graph.
    await canvas.hover({ position: { x: box.width / 2, y: box.height - 9 } });
    await expect.poll(() => page.getByRole('tooltip').textContent()).toContain('all');
    // A click on the second row zooms: the Reset button becomes enabled.
    const reset = page.getByRole('button', { name: 'Reset' });
    expect(await reset.isDisabled()).toBe(true);
    await canvas.click({ position: { x: box.width / 2, y: box.height - 27 } });
    await expect.poll(() => reset.isDisabled()).toBe(false);
    // Keys: move to the selection's caller and hear it announced.
    const graph = page.getByRole('application', { name: 'Flame graph' });
    await graph.focus();
    await page.keyboard.press('ArrowUp');
    await expect
      .poll(() => page.locator('[data-flamekit="announcer"]').textContent())
      .toMatch(/: total .* of the profile/);
    // Search counts matches.
    await page.getByRole('searchbox').fill('vertx');
    await expect
      .poll(() => page.locator('[data-flamekit="search-status"]').textContent())
      .toMatch(/[1-9]\d* match/);
    await page.context().close();
  });

  it('each real format and scenario draws a graph that is not blank', async () => {
    for (const id of [
      'flamegraph--pprof',
      'flamegraph--folded',
      'flamegraph--speedscope',
      'flamegraph--chrome-cpu-profile',
      'flamegraph--chrome-trace',
      'flamegraph--perf-script',
      'flamegraph--firefox',
      'flamegraph--flamebearer',
      'flamegraph--grafana-nested-set',
      'flamegraph--d-3-flame-graph',
      'flamegraph--icicle',
      'flamegraph--dark-theme',
      'flamegraph--narrow-container',
      'profileexplorer--threads',
      'profileexplorer--firefox-threads',
    ]) {
      const page = await openStory(id);
      expect(await canvasColours(page), id).toBeGreaterThan(5);
      await page.context().close();
    }
  });

  it('ProfileExplorer: imports in flamekit’s own worker, which Storybook bundles', async () => {
    const page = await openStory('profileexplorer--go-service-cpu');
    const workers = page.workers().map((worker) => worker.url());
    expect(workers).toHaveLength(1);
    expect(workers[0]).toMatch(/worker-script/);
    expect(await page.locator('[data-flamekit="status-bar"]').textContent()).toContain('pprof');
    await page.context().close();
  });

  it('ProfileExplorer export and share: the share string follows the view, exports are listed', async () => {
    const page = await openStory('profileexplorer--export-and-share');
    const share = page.getByRole('textbox', { name: /Share string/ });
    const before = await share.inputValue();
    await page.getByRole('searchbox', { name: 'Search functions' }).fill('runtime');
    await expect.poll(() => share.inputValue()).not.toBe(before);
    // The string is what the library encodes for the state it decodes to.
    const decoded = await page.getByText('Decoded back:').locator('code').textContent();
    expect(JSON.parse(decoded!)).toMatchObject({ view: 'both', search: { text: 'runtime' } });
    await page.getByRole('button', { name: 'Export ▾' }).click();
    await page.getByRole('menuitem', { name: /SVG image/ }).click();
    await expect
      .poll(() => page.getByRole('list', { name: 'Exported files' }).textContent())
      .toMatch(/flame-graph\.svg \([\d,]+ bytes\)/);
    await page.context().close();
  });

  it("sends Storybook no story's data: no code snippet of it, no action carrying the tree", async () => {
    // Storybook writes out what it sends the manager (and in `npm start` the dev server, whose
    // WebSocket closes on a message over 100 MB): by default "Show code" wrote each rendered
    // element out as JSX, props and all (58 MB for the pprof story, 341 MB for a million
    // samples), and Actions each hovered node with its tree (44 MB a hover).
    for (const id of ['flamegraph--pprof', 'toptable--basic']) {
      const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
      const page = await context.newPage();
      await page.addInitScript(() => {
        type Channel = { emit(event: string, ...args: unknown[]): void };
        const sent: [string, number][] = [];
        let channel: Channel | undefined;
        Object.assign(window, { sentToStorybook: sent });
        Object.defineProperty(window, '__STORYBOOK_ADDONS_CHANNEL__', {
          configurable: true,
          get: () => channel,
          set(next: Channel) {
            channel = next;
            const emit = next.emit.bind(next);
            next.emit = (event, ...args) => {
              let length: number;
              try {
                length = JSON.stringify(args)?.length ?? 0;
              } catch {
                length = Infinity; // what JSON cannot write (a cycle), Storybook writes its own way
              }
              sent.push([event, length]);
              emit(event, ...args);
            };
          },
        });
      });
      await page.goto(`${base}/iframe.html?id=${id}&viewMode=story`);
      const sent = () =>
        page.evaluate(
          () => (window as unknown as { sentToStorybook: [string, number][] }).sentToStorybook,
        );
      // A story's last event: its snippet, when there is one, comes before it.
      await expect
        .poll(async () => (await sent()).some(([event]) => event === 'storyFinished'), {
          timeout: 60_000,
        })
        .toBe(true);
      if (id.startsWith('flamegraph')) {
        // Hover two boxes and click one: each is an action.
        const box = (await page.locator('canvas').first().boundingBox())!;
        await page.mouse.move(box.x + box.width * 0.5, box.y + box.height - 30);
        await page.mouse.move(box.x + box.width * 0.4, box.y + box.height - 50);
        await page.mouse.click(box.x + box.width * 0.4, box.y + box.height - 50);
        await expect
          .poll(
            async () => (await sent()).filter(([event]) => event.endsWith('action-event')).length,
          )
          .toBeGreaterThanOrEqual(3);
      }
      const largest = Math.max(...(await sent()).map(([, length]) => length));
      expect(largest, id).toBeLessThan(50_000);
      await context.close();
    }
  });

  it('each FlameChart story draws its lanes', async () => {
    for (const [id, colours] of [
      ['flamechart--chrome-page-load', 6],
      ['flamechart--node-cpu-profile', 6],
      ['flamechart--multi-threaded-trace', 6],
      ['flamechart--firefox-threads', 2], // unsymbolicated: every box the grey of no package
      ['flamechart--perf-script', 6],
      ['flamechart--dark-theme', 6],
    ] as const) {
      const page = await openStory(id, colours);
      expect(await canvasColours(page), id).toBeGreaterThanOrEqual(colours);
      expect(await page.locator('[data-flamekit=lane-header]').count(), id).toBeGreaterThan(0);
      await page.context().close();
    }
  });

  it('FlameChart: lanes named, a selected range shows its flame graph, the explorer offers the chart', async () => {
    const page = await openStory('flamechart--with-a-selected-range');
    const headers = await page.locator('[data-flamekit=lane-header]').allTextContents();
    expect(headers[0]).toMatch(/CrRendererMain/);
    expect(await page.locator('[data-flamekit=chart-selection] strong').textContent()).toBe(
      'Selection 40 ms – 140 ms (100 ms)',
    );
    expect(
      await page.getByRole('application', { name: 'Flame graph of the selection' }).count(),
    ).toBe(1);
    await page.context().close();
    const explorer = await openStory('flamechart--in-the-explorer');
    expect(
      await explorer.getByRole('radio', { name: 'Flame chart' }).getAttribute('aria-checked'),
    ).toBe('true');
    await explorer.context().close();
  });

  it('DiffFlameGraph: the legend renders and says what the colours mean', async () => {
    const page = await openStory('diffflamegraph--absolute-change');
    const legend = page.locator('[data-flamekit="diff-legend"]');
    expect(await legend.textContent()).toContain('change of each frame’s total');
    expect(await legend.textContent()).toContain('removed');
    expect(await canvasColours(page)).toBeGreaterThan(20);
    await page.context().close();
  });

  it('SeriesExplorer: a line per service, and a brushed range merges fewer profiles', async () => {
    const page = await openStory('seriesexplorer--generated-day');
    expect(await page.locator('[data-flamekit="timeline-line"]').count()).toBe(4);
    const status = page.locator('[data-flamekit="status-bar"]');
    const totalOf = async () => {
      const text = (await status.textContent()) ?? '';
      return text.match(/Total ([^·]+)·/)?.[1].trim();
    };
    const whole = await totalOf();
    expect(whole).toMatch(/\d/);
    // Drag over the first quarter of the plot: a quarter of the day merges, a smaller total.
    const box = (await page.locator('[data-flamekit="timeline-plot"]').boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + 2, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 4, y, { steps: 5 });
    await page.mouse.up();
    await expect.poll(totalOf).not.toBe(whole);
    expect(await canvasColours(page)).toBeGreaterThan(5);
    await page.context().close();
  });

  it('SeriesExplorer: comparisons of versions, real windows and heap snapshots draw diffs', async () => {
    for (const id of [
      'seriesexplorer--compare-versions',
      'seriesexplorer--compare-time-ranges',
      'seriesexplorer--kafka-windows',
      'seriesexplorer--heap-snapshots',
    ]) {
      const page = await openStory(id);
      expect(await canvasColours(page), id).toBeGreaterThan(5);
      if (id !== 'seriesexplorer--kafka-windows')
        expect(await page.locator('[data-flamekit="diff-legend"]').count(), id).toBe(1);
      await page.context().close();
    }
  });

  it('Timeline and LabelFilter stories render their data', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/iframe.html?id=timeline--pyroscope-server-timeline&viewMode=story`);
    // The real flamebearer timeline: one line over 361 windows of 10 s.
    await expect
      .poll(() => page.locator('[data-flamekit="timeline-line"]').count(), { timeout: 30_000 })
      .toBe(1);
    const path = (await page.locator('[data-flamekit="timeline-line"]').getAttribute('d')) ?? '';
    expect(path.match(/[ML]/g)?.length).toBe(361);
    await page.goto(`${base}/iframe.html?id=labelfilter--with-matchers&viewMode=story`);
    await expect
      .poll(() => page.getByRole('list', { name: 'Filters' }).textContent(), { timeout: 30_000 })
      .toContain('region != "eu"');
    await page.context().close();
  });

  it('Insights: findings, a streamed explanation and source lines render', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/iframe.html?id=insights--findings-only&viewMode=story`);
    await expect
      .poll(() => page.getByRole('list', { name: 'Findings' }).locator(':scope > li').count(), {
        timeout: 30_000,
      })
      .toBeGreaterThan(0);
    await page.goto(`${base}/iframe.html?id=insights--scripted-model&viewMode=story`);
    await page.getByRole('button', { name: 'Explain flame graph' }).click();
    await expect
      .poll(() => page.locator('[data-flamekit="explain-turn"] h6').first().textContent())
      .toBe('Bottleneck');
    await page.goto(`${base}/iframe.html?id=insights--source-lines-without-source&viewMode=story`);
    // time.now has 32 lines with samples in this profile.
    await expect
      .poll(() => page.locator('table tbody tr').count(), { timeout: 30_000 })
      .toBeGreaterThanOrEqual(32);
    await page.context().close();
  });

  it('FleetExplorer: a day of real profiles from a Pyroscope API, services to flame graph', async () => {
    const page = await (
      await browser.newContext({ viewport: { width: 1400, height: 900 } })
    ).newPage();
    await page.goto(`${base}/iframe.html?id=fleetexplorer--services&viewMode=story`);
    const services = page
      .getByRole('list', { name: 'Services' })
      .locator(':scope > [role=listitem]');
    await expect.poll(() => services.count(), { timeout: 30_000 }).toBe(4);
    await services.first().getByRole('button', { name: 'Flame graph' }).click();
    await expect.poll(() => canvasColours(page), { timeout: 30_000 }).toBeGreaterThan(10);
    await page.context().close();
    const partial = await openStory('fleetexplorer--partial-trees');
    await expect
      .poll(() => partial.locator('[data-flamekit=fleet-partial]').textContent())
      .toContain('Partial flame graph');
    await partial.context().close();
    const inPage = await (await browser.newContext()).newPage();
    await inPage.goto(`${base}/iframe.html?id=fleetexplorer--in-the-page&viewMode=story`);
    await expect
      .poll(
        () =>
          inPage
            .getByRole('list', { name: 'Services' })
            .locator(':scope > [role=listitem]')
            .count(),
        {
          timeout: 30_000,
        },
      )
      .toBe(4);
    await inPage.context().close();
  });

  it('Playground: imports a fixture file in the worker and explores it', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/iframe.html?id=playground--open-a-file&viewMode=story`);
    await page
      .getByLabel('Profile files')
      .setInputFiles(join(ROOT, 'tests/fixtures/profiles/pprof/go/google-pprof-large.cpu.pb.gz'));
    await expect
      .poll(() => page.getByTestId('loaded-file').textContent(), { timeout: 30_000 })
      .toBe('google-pprof-large.cpu.pb.gz');
    await expect.poll(() => canvasColours(page)).toBeGreaterThan(10);
    // A file that is not a profile gives a message, not a blank.
    await page.getByLabel('Profile files').setInputFiles(join(ROOT, 'README.md'));
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/\w/);
    await page.context().close();
  });

  it('opens on a real service, and documents the props with working controls', async () => {
    const page = await (
      await browser.newContext({ viewport: { width: 1400, height: 900 } })
    ).newPage();
    // The manager opens the first entry: the explorer's docs, whose example is the first story.
    await page.goto(`${base}/`);
    await page.waitForFunction(() => location.search.includes('path='), undefined, {
      timeout: 30_000,
    });
    expect(new URL(page.url()).searchParams.get('path')).toBe('/docs/profileexplorer--docs');
    const index = JSON.parse(readFileSync(join(staticDir, 'index.json'), 'utf8')) as {
      entries: Record<string, { id: string; type: string; title: string }>;
    };
    const explorerStories = Object.values(index.entries).filter(
      (entry) => entry.type === 'story' && entry.title === 'ProfileExplorer',
    );
    expect(explorerStories[0].id).toBe('profileexplorer--go-service-cpu');
    // That story is a Go service's CPU profile, with the frames of its own code.
    await page.goto(`${base}/iframe.html?id=profileexplorer--go-service-cpu&viewMode=story`);
    await expect
      .poll(() => page.locator('[data-flamekit=status-bar]').textContent(), { timeout: 30_000 })
      .toMatch(/^Total 10\.8 s · cpu \(nanoseconds\) · pprof/);
    await page.getByRole('searchbox', { name: 'Search functions' }).fill('concourse/atc');
    await expect
      .poll(() => page.locator('[data-flamekit=search-status]').textContent())
      .toMatch(/^[1-9][\d,]* matches · [1-9]/);

    // Prop tables, read from the TypeScript props, for the main components.
    const rowsOf = async (id: string) => {
      await page.goto(`${base}/iframe.html?id=${id}--docs&viewMode=docs`);
      const table = page.locator('.docblock-argstable').first();
      await table.waitFor({ timeout: 60_000 });
      return table.locator('tbody tr td:first-child').allTextContents();
    };
    const graphProps = await rowsOf('flamegraph');
    for (const prop of [
      'theme',
      'orientation',
      'colorScheme',
      'textAlign',
      'height',
      'onNodeClick',
    ])
      expect(
        graphProps.map((name) => name.trim()),
        prop,
      ).toContain(prop);
    for (const id of ['profileexplorer', 'toptable', 'calltree', 'sandwichview', 'diffflamegraph'])
      expect(
        (await rowsOf(id)).map((name) => name.trim()),
        id,
      ).toEqual(expect.arrayContaining(['theme', 'className', 'style']));
    // A control changes the example: the theme's radio turns the sandwich dark.
    await page.goto(`${base}/iframe.html?id=sandwichview--docs&viewMode=docs`);
    const themeRow = page.locator('.docblock-argstable tbody tr', { hasText: /^theme/ });
    await themeRow.waitFor({ timeout: 60_000 });
    await themeRow.getByLabel('dark').check();
    await expect
      .poll(() =>
        page
          .locator('.docs-story [data-flamekit=sandwich]')
          .first()
          .getAttribute('data-flamekit-theme'),
      )
      .toBe('dark');
    await page.context().close();
  });

  it('SeriesExplorer and Timeline stories read right: heap snapshots, ticks, ranges, colours', async () => {
    const page = await openStory('seriesexplorer--heap-snapshots');
    // The earlier snapshot is the baseline, and the two differ where memory was allocated.
    expect(await page.getByRole('combobox', { name: 'Baseline' }).inputValue()).toBe('before');
    expect(await page.getByRole('combobox', { name: 'Comparison' }).inputValue()).toBe('after');
    const ticks = await page.locator('[data-flamekit=timeline-x-tick] text').allTextContents();
    expect(ticks.length).toBeGreaterThan(2);
    for (const tick of ticks) expect(tick).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
    expect(await page.locator('[data-flamekit=timeline-point]').count()).toBe(2);
    const reddish = await page.evaluate(() => {
      const canvas = document.querySelector('canvas')!;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let count = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] - data[i + 1] > 60) count++;
      return count;
    });
    expect(reddish).toBeGreaterThan(2000);
    // The baseline's line and picker share a colour, as do the comparison's.
    const legend = await page
      .locator('[data-flamekit=timeline-legend] li')
      .evaluateAll((items) =>
        items.map((item) => [
          item.textContent!.split(' ')[0],
          getComputedStyle(item.querySelector('span')!).borderTopColor,
        ]),
      );
    const pickerColor = (name: string) =>
      page
        .getByRole('combobox', { name })
        .evaluate((select) => getComputedStyle(select).borderLeftColor);
    expect(Object.fromEntries(legend)).toEqual({
      before: await pickerColor('Baseline'),
      after: await pickerColor('Comparison'),
    });
    await page.context().close();

    // A day in minutes of CPU: value ticks on round minutes; ranges in whole seconds.
    const day = await openStory('seriesexplorer--compare-time-ranges');
    const values = await day.locator('[data-flamekit=timeline-y-tick] text').allTextContents();
    expect(values.length).toBeGreaterThan(2);
    for (const value of values) expect(value).toMatch(/^(0 ns|\d+ (s|min|h))$/);
    const ranges = await day.locator('[data-flamekit=timeline-brushes]').textContent();
    expect(ranges).toMatch(/\d\d:\d\d:\d\d – /);
    expect(ranges).not.toMatch(/\.\d{3}/);
    await day.context().close();
  });

  it('every story at 1400 and 700 px: no page error, nothing sticking out, no word broken', async () => {
    const index = JSON.parse(readFileSync(join(staticDir, 'index.json'), 'utf8')) as {
      entries: Record<string, { id: string; type: string }>;
    };
    const ids = Object.values(index.entries)
      .filter((entry) => entry.type === 'story')
      .map((entry) => entry.id);
    expect(ids.length).toBeGreaterThan(50);
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const problems: string[] = [];
    let errors: string[] = [];
    let page = await context.newPage();
    // Stories switch inside one page, as the manager switches them, but what a story of a million
    // samples and the others before it leave in the page adds up: a fresh page every 16 stories,
    // and for each story whose data is generated at full size, keeps the renderer's memory bounded.
    const heavy = (id: string) => /million/.test(id);
    for (const [k, id] of ids.entries()) {
      errors = [];
      const fresh = k % 16 === 0 || heavy(id) || (k > 0 && heavy(ids[k - 1]));
      let shown = false;
      await page.setViewportSize({ width: 1400, height: 900 });
      if (!fresh) {
        // The next story in the same page, as the manager switches stories (a page load each
        // would spend most of the time loading Storybook again): done when it has rendered,
        // its loaders included, or failed.
        await page
          .evaluate(
            (storyId) =>
              new Promise<void>((done, fail) => {
                type Channel = {
                  on(event: string, listener: () => void): void;
                  off(event: string, listener: () => void): void;
                  emit(event: string, payload: unknown): void;
                };
                const channel = (window as unknown as { __STORYBOOK_ADDONS_CHANNEL__: Channel })
                  .__STORYBOOK_ADDONS_CHANNEL__;
                const events = ['storyRendered', 'storyErrored', 'storyThrewException'];
                const timer = setTimeout(
                  () => fail(new Error(`${storyId} did not render`)),
                  60_000,
                );
                const finish = () => {
                  clearTimeout(timer);
                  for (const event of events) channel.off(event, finish);
                  done();
                };
                for (const event of events) channel.on(event, finish);
                channel.emit('setCurrentStory', { storyId, viewMode: 'story' });
              }),
            id,
          )
          .then(() => (shown = true))
          // A switch the page did not survive (its context replaced under the call): load the
          // story in a fresh page instead, where it is checked all the same.
          .catch(() => undefined);
      }
      if (!shown) {
        if (k > 0) {
          await page.close();
          page = await context.newPage();
        }
        page.on('pageerror', (error) => errors.push(String(error)));
        await page.setViewportSize({ width: 1400, height: 900 });
        await page.goto(`${base}/iframe.html?id=${id}&viewMode=story`);
        await page.waitForFunction(() => document.body.classList.contains('sb-show-main'));
      }
      for (const width of [1400, 700]) {
        await page.setViewportSize({ width, height: 900 });
        // Two frames: resize observers, then the layout and paint they ask for.
        await page.evaluate(
          () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
        );
        if (await page.evaluate(() => document.body.classList.contains('sb-show-errordisplay')))
          problems.push(`${id}: Storybook shows an error`);
        for (const problem of await page.evaluate(findVisualProblems, '#storybook-root'))
          problems.push(`${id} at ${width} px: ${problem}`);
      }
      for (const error of errors) problems.push(`${id}: page error ${error}`);
    }
    await page.context().close();
    expect(problems).toEqual([]);
  }, 900_000);
});
