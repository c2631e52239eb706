import type { Page } from 'playwright-core';
import { startHarness } from '../tests/browser/harness';
import { formatMs, median, printTable } from './measure';
import type { PaintProbe } from './pages/paint-probe';

/**
 * Input → paint of `<FlameGraph>` in headless Chromium, measured as the peers' comparison does
 * (shared/peers/browser-bench.md): real input events sent through the browser (playwright's mouse
 * and keyboard, which go through CDP's input domain), timed from the first capture listener on
 * window to the double-requestAnimationFrame point after the last canvas draw or DOM change
 * (bench/pages/paint-probe.ts). A result painted in the frame after the input shows as about two
 * frames (25–35 ms at 60 Hz): that is the floor of this method.
 */
interface Sample {
  paint: number;
  sync: number;
  /** Animation frames begun between the input and the page's last change (see the probe). */
  framesBeforeChange: number;
}

interface BenchApi {
  nodes: number;
  probe: PaintProbe;
  mount(): Promise<number>;
  remount(): Promise<void>;
  target(depth: number): { x: number; y: number; name: string };
  tooltip(): string;
  focusGraph(): void;
}
declare const benchApi: BenchApi;

const VIEWPORT = { width: 1600, height: 900 };

/** Waits for quiet, arms the probe, runs the input, waits for quiet and reads the measurement. */
async function measure(page: Page, input: () => Promise<void>): Promise<Sample> {
  await page.evaluate(() => benchApi.probe.quiet(250));
  await page.evaluate(() => benchApi.probe.arm());
  await input();
  await page.evaluate(() => benchApi.probe.quiet(400));
  const { paint, sync, activity, framesBeforeChange, trace } = await page.evaluate(() =>
    benchApi.probe.result(),
  );
  // BENCH_TRACE=1: what happened when, to see which draw or DOM change came late.
  if (process.env.BENCH_TRACE)
    console.log(
      paint.toFixed(1),
      `frames before the last change: ${framesBeforeChange}`,
      trace.join(' '),
    );
  if (activity === 0) throw new Error('the input changed nothing on the page');
  return { paint, sync, framesBeforeChange };
}

async function reset(page: Page): Promise<void> {
  await page.mouse.move(VIEWPORT.width - 4, VIEWPORT.height - 4);
  await page.evaluate(() => benchApi.focusGraph());
  await page.keyboard.press('Escape');
}

/** Each interaction: a name and the samples of `repeat` runs. */
type Interaction = (page: Page, repeat: number) => Promise<Sample[]>;

/** `repeat` samples, each taken by `once` after the page is back to its start. */
async function each(page: Page, repeat: number, once: () => Promise<Sample>): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let k = 0; k < repeat; k++) {
    await reset(page);
    samples.push(await once());
  }
  return samples;
}

/** Points at a box at `depth` and returns it; with `zoomIn`, Ctrl + wheel zooms in around it first. */
async function pointAt(page: Page, depth: number, zoomIn = false) {
  const target = await page.evaluate((d) => benchApi.target(d), depth);
  await page.mouse.move(target.x, target.y);
  if (zoomIn) {
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -480);
    await page.keyboard.up('Control');
  }
  return target;
}

const INTERACTIONS: [string, Interaction][] = [
  [
    'hover (a box at depth 3, from outside the graph)',
    (page, repeat) =>
      each(page, repeat, async () => {
        const target = await page.evaluate(() => benchApi.target(3));
        const sample = await measure(page, () => page.mouse.move(target.x, target.y));
        const tooltip = await page.evaluate(() => benchApi.tooltip());
        if (!tooltip.includes(target.name))
          throw new Error(`hover: the tooltip shows "${tooltip}", not ${target.name}`);
        return sample;
      }),
  ],
  [
    'zoom (click a box at depth 2)',
    (page, repeat) =>
      each(page, repeat, async () => {
        await pointAt(page, 2);
        return measure(page, async () => {
          await page.mouse.down();
          await page.mouse.up();
        });
      }),
  ],
  [
    'zoom (Ctrl + wheel)',
    (page, repeat) =>
      each(page, repeat, async () => {
        await pointAt(page, 1);
        await page.keyboard.down('Control');
        const sample = await measure(page, () => page.mouse.wheel(0, -240));
        await page.keyboard.up('Control');
        return sample;
      }),
  ],
  [
    'pan (horizontal wheel, zoomed in)',
    (page, repeat) =>
      each(page, repeat, async () => {
        await pointAt(page, 1, true);
        return measure(page, () => page.mouse.wheel(120, 0));
      }),
  ],
  [
    'pan (drag, one pointer move)',
    (page, repeat) =>
      each(page, repeat, async () => {
        const target = await pointAt(page, 1, true);
        await page.mouse.down();
        await page.mouse.move(target.x + 10, target.y);
        const sample = await measure(page, () => page.mouse.move(target.x + 70, target.y - 20));
        await page.mouse.up();
        return sample;
      }),
  ],
  [
    'search as you type (one key)',
    async (page, repeat) => {
      const samples: Sample[] = [];
      const terms = ['json', 'http', 'func1', 'gzip'];
      const search = page.getByLabel('Search functions');
      for (let k = 0; samples.length < repeat; k++) {
        await reset(page);
        await search.fill('');
        await search.focus();
        for (const key of terms[k % terms.length])
          if (samples.length < repeat)
            samples.push(await measure(page, () => page.keyboard.press(key)));
      }
      await search.fill('');
      return samples;
    },
  ],
  [
    'keyboard move (arrow keys)',
    async (page, repeat) => {
      const samples: Sample[] = [];
      const keys = ['ArrowUp', 'ArrowUp', 'ArrowUp', 'ArrowRight', 'ArrowLeft', 'ArrowDown'];
      for (let k = 0; samples.length < repeat; k++) {
        await reset(page);
        await page.evaluate(() => benchApi.remount());
        await page.evaluate(() => benchApi.focusGraph());
        for (const key of keys)
          if (samples.length < repeat)
            samples.push(await measure(page, () => page.keyboard.press(key)));
      }
      return samples;
    },
  ],
];

/** CDP's heap usage after two forced collections: the JS heap and the ArrayBuffer backing stores. */
async function memory(page: Page): Promise<{ heap: number; backing: number }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = await cdp.send('Runtime.getHeapUsage');
    return { heap: usage.usedSize, backing: usage.backingStorageSize };
  } finally {
    await cdp.detach();
  }
}

export interface InteractionResult {
  nodes: number;
  mount: number;
  retained: { heap: number; backing: number };
  interactions: Map<string, Sample[]>;
}

/** One page per size: mount, memory retained beyond the tree, then each interaction `repeat` times. */
export async function measureInteractions(
  sizes: number[],
  repeat: number,
): Promise<InteractionResult[]> {
  const harness = await startHarness(['bench/pages/interaction-bench.tsx']);
  const results: InteractionResult[] = [];
  try {
    for (const size of sizes) {
      const page = await harness.open('interaction-bench', {
        query: `nodes=${size}`,
        viewport: VIEWPORT,
      });
      try {
        await page.waitForFunction(() => 'benchApi' in window, undefined, { timeout: 300_000 });
        const before = await memory(page);
        const mount = await page.evaluate(() => benchApi.mount());
        await page.evaluate(() => benchApi.probe.quiet(500));
        const after = await memory(page);
        const interactions = new Map<string, Sample[]>();
        // BENCH_ONLY=hover: the interactions whose name has that text (for a closer look).
        for (const [name, run] of INTERACTIONS)
          if (!process.env.BENCH_ONLY || name.includes(process.env.BENCH_ONLY))
            interactions.set(name, await run(page, repeat));
        results.push({
          nodes: await page.evaluate(() => benchApi.nodes),
          mount,
          retained: { heap: after.heap - before.heap, backing: after.backing - before.backing },
          interactions,
        });
      } finally {
        await page.context().close();
      }
    }
  } finally {
    await harness.close();
  }
  return results;
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

function formatSamples(samples: Sample[]): string {
  const paints = samples.map((s) => s.paint).sort((a, b) => a - b);
  const nextFrame = samples.filter((s) => s.framesBeforeChange <= 1).length;
  return `${formatMs(median(paints))} [${formatMs(paints[0])}–${formatMs(paints[paints.length - 1])}] (${formatMs(median(samples.map((s) => s.sync)))}) ${nextFrame}/${samples.length}`;
}

/** The interaction table of docs/performance.md. */
export async function benchInteraction(sizes: number[], repeat: number): Promise<void> {
  const results = await measureInteractions(sizes, repeat);
  const count = (n: number) => n.toLocaleString('en-US');
  printTable(
    `<FlameGraph> input → paint in headless Chromium, ${VIEWPORT.width} × ${VIEWPORT.height}, DPR 1: median [min–max] of ${repeat} (sync handler ms), ms; then how many of the ${repeat} drew in the next frame`,
    ['interaction', ...results.map((r) => `${count(r.nodes)} nodes`)],
    [
      ['mount → paint', ...results.map((r) => formatMs(r.mount))],
      ...INTERACTIONS.filter(([name]) => results[0]?.interactions.has(name)).map(([name]) => [
        name,
        ...results.map((r) => formatSamples(r.interactions.get(name)!)),
      ]),
      [
        'retained beyond the tree: JS heap + ArrayBuffers, MB',
        ...results.map(
          (r) =>
            `${mb(r.retained.heap + r.retained.backing)} (${mb(r.retained.heap)} + ${mb(r.retained.backing)})`,
        ),
      ],
    ],
  );
}
