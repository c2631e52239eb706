import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeFleetExplorerState,
  DEFAULT_FLEET_EXPLORER_STATE,
  encodeFleetExplorerState,
  type FleetExplorerState,
} from '../../src/react/fleet-state';
import { connectError } from '../helpers/pyroscope-server/connect-handler';
import {
  startPyroscopeTestServer,
  type PyroscopeTestServer,
} from '../helpers/pyroscope-server/http-server';
import { loadFleetStore } from '../helpers/pyroscope-server/node-fleet';
import type { ProfileStore } from '../helpers/pyroscope-server/profiles';
import { canvasPixel, startHarness, type Harness } from './harness';

// The fleet explorer in Chromium on the Pyroscope client, asking the test server (CORS allowed)
// over real HTTP about a day of real profiles, driven with the mouse and keys as a person would.

const DAY_START_MS = Date.UTC(2026, 10, 23);
const NOW_MS = DAY_START_MS + 86_400_000;
const SCREENSHOTS = process.env.FLAMEKIT_SCREENSHOTS;

let store: ProfileStore;
let server: PyroscopeTestServer;
let harness: Harness;

beforeAll(async () => {
  // A day and two hours, so that "24 h ago" has profiles too.
  store = loadFleetStore({
    startMs: DAY_START_MS - 7_200_000,
    durationMs: 93_600_000,
    intervalMs: 15_000,
  });
  server = await startPyroscopeTestServer({ store, cors: true });
  harness = await startHarness(['fleet']);
});
afterAll(async () => {
  await harness?.close();
  await server?.close();
});

async function openFleet(options: { state?: string; width?: number; maxNodes?: number } = {}) {
  const width = options.width ?? 1400;
  const query = [
    `server=${encodeURIComponent(server.url)}`,
    `now=${NOW_MS}`,
    `width=${width - 40}`,
    ...(options.maxNodes ? [`maxNodes=${options.maxNodes}`] : []),
  ].join('&');
  const page = await harness.open('fleet', { query, viewport: { width, height: 1000 } });
  if (options.state) {
    await page.evaluate((hash) => (location.hash = hash), options.state);
    await page.reload();
    await page.waitForFunction(
      () => (window as { flamekitReady?: boolean }).flamekitReady === true,
    );
  }
  return page;
}

/** A state as the page reads it from its hash. */
function encodeState(state: Partial<FleetExplorerState>): string {
  return encodeFleetExplorerState({ ...DEFAULT_FLEET_EXPLORER_STATE, ...state });
}

/** The state the page wrote into its location's hash. */
async function stateOf(page: Page): Promise<FleetExplorerState> {
  return decodeFleetExplorerState(await page.evaluate(() => location.hash.slice(1)));
}

async function screenshot(page: Page, name: string) {
  if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

/** CPU nanoseconds per service over the last hour of the day, from the store itself. */
function cpuTotals(): Map<string, number> {
  const totals = new Map<string, number>();
  for (const profile of store.profiles) {
    if (profile.name !== 'process_cpu' || profile.timeMs < NOW_MS - 3_600_000) continue;
    const cpu = profile.source.sampleTypes.findIndex((type) => type.type === 'cpu');
    const value = profile.source.samples.reduce((sum, s) => sum + s.values[cpu], 0);
    const service = profile.labels.service_name;
    totals.set(service, (totals.get(service) ?? 0) + value * profile.scale);
  }
  return totals;
}

describe('<FleetExplorer> on a Pyroscope server, in Chromium', () => {
  it('lists the services heaviest first and opens one in the flame graph, state in the link', async () => {
    const page = await openFleet();
    const list = page.getByRole('list', { name: 'Services' });
    await expect
      .poll(() => list.locator(':scope > [role=listitem]').count(), { timeout: 20_000 })
      .toBe(4);
    const expected = [...cpuTotals()].sort((a, b) => b[1] - a[1]).map(([service]) => service);
    const shown = await list.locator('section strong').allTextContents();
    expect(shown).toEqual(expected);
    await screenshot(page, 'fleet-services-1400');
    await list
      .locator(':scope > [role=listitem]')
      .nth(0)
      .getByRole('button', { name: 'Flame graph' })
      .click();
    await expect.poll(() => page.getByRole('application', { name: 'Flame graph' }).count()).toBe(1);
    await expect.poll(() => canvasPixel(page, 200, 200), { timeout: 20_000 }).not.toBe('#ffffff');
    const state = await stateOf(page);
    expect(state.view).toBe('flame-graph');
    expect(state.matchers).toEqual([{ name: 'service_name', op: '=', value: expected[0] }]);
    // The link reopens the same view.
    const again = await openFleet({ state: await page.evaluate(() => location.hash.slice(1)) });
    await expect
      .poll(() => again.getByRole('application', { name: 'Flame graph' }).count())
      .toBe(1);
    await page.context().close();
    await again.context().close();
  });

  it('marks a cut tree partial, and zooming asks the server for the calls under the node', async () => {
    const page = await openFleet({
      maxNodes: 300,
      state: 'jeyJsIjoie3NlcnZpY2VfbmFtZT1cImNoZWNrb3V0XCJ9IiwiZnYiOiJmbGFtZS1ncmFwaCJ9',
    });
    const note = page.locator('[data-flamekit=fleet-partial]');
    await expect
      .poll(() => note.textContent(), { timeout: 20_000 })
      .toContain('Partial flame graph');
    const before = server.requests.length;
    const graph = page.getByRole('application', { name: 'Flame graph' });
    await graph.focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect
      .poll(() =>
        server.requests
          .slice(before)
          .filter((r) => r.procedure === 'SelectMergeStacktraces')
          .map(
            (r) =>
              (r.body as { stackTraceSelector?: { callSite: unknown[] } }).stackTraceSelector
                ?.callSite.length,
          ),
      )
      .toContain(2);
    const zoomPath = (await stateOf(page)).explorer.zoomPath;
    expect(zoomPath.length).toBe(2);
    await expect
      .poll(() => page.getByRole('status').allTextContents())
      .toContainEqual(expect.stringContaining(`under ${zoomPath[1]}`));
    await screenshot(page, 'fleet-detail-1400');
    await page.context().close();
  });

  it('shows loading in place, cancels the query a new one replaces, and offers Retry on errors', async () => {
    const page = await openFleet({
      state: 'jeyJsIjoie3NlcnZpY2VfbmFtZT1cImNoZWNrb3V0XCJ9IiwiZnYiOiJmbGFtZS1ncmFwaCJ9',
    });
    await expect.poll(() => canvasPixel(page, 200, 300), { timeout: 20_000 }).not.toBe('#ffffff');
    server.setDelay((procedure) => (procedure === 'SelectMergeStacktraces' ? 1500 : 0));
    try {
      const before = server.requests.length;
      // Two changes of the selector in a row: the first tree query is cancelled by the second.
      await page.getByRole('button', { name: /Remove filter service_name/ }).click();
      await expect
        .poll(() => page.locator('[data-flamekit=fleet-loading]').count())
        .toBeGreaterThan(0);
      // The old graph stays on screen while the new one loads.
      expect(await page.getByRole('application', { name: 'Flame graph' }).count()).toBe(1);
      const selector = page.getByRole('textbox', { name: 'Label selector' });
      await selector.fill('{service_name="worker"}');
      await selector.press('Enter');
      await expect
        .poll(
          () =>
            server.requests
              .slice(before)
              .filter((r) => r.procedure === 'SelectMergeStacktraces')
              .map((r) => r.closedEarly),
          { timeout: 10_000 },
        )
        .toEqual([true, false]);
    } finally {
      server.setDelay(0);
    }
    server.failNext(connectError('unavailable', 'the store gateway is restarting'), 1);
    await page
      .getByRole('group', { name: 'View' })
      .getByRole('button', { name: 'Services' })
      .click();
    const alert = page.locator('[data-flamekit=fleet-error]');
    await expect
      .poll(() => alert.textContent(), { timeout: 10_000 })
      .toContain('the store gateway is restarting');
    await alert.getByRole('button', { name: 'Retry' }).click();
    await expect
      .poll(() =>
        page.getByRole('list', { name: 'Services' }).locator(':scope > [role=listitem]').count(),
      )
      .toBe(4);
    expect(await alert.count()).toBe(0);
    await page.context().close();
  });

  it('splits by a label, includes and excludes values, and compares two of them as a diff', async () => {
    const state = encodeState({
      view: 'labels',
      matchers: [{ name: 'service_name', op: '=', value: 'checkout' }],
    });
    const page = await openFleet({ state });
    const values = page.getByRole('list', { name: /^Values of / });
    const cards = values.locator(':scope > [role=listitem]');
    await expect.poll(() => cards.count(), { timeout: 20_000 }).toBe(2);
    expect(await cards.locator('section strong').allTextContents()).toEqual([
      'pod = checkout-0',
      'pod = checkout-1',
    ]);
    await screenshot(page, 'fleet-labels-1400');
    await cards.nth(1).getByRole('button', { name: 'Exclude' }).click();
    await expect
      .poll(async () => (await stateOf(page)).matchers)
      .toContainEqual({
        name: 'pod',
        op: '!=',
        value: 'checkout-1',
      });
    await cards.nth(0).getByRole('button', { name: 'Include' }).click();
    await expect
      .poll(async () => (await stateOf(page)).matchers)
      .toEqual([
        { name: 'service_name', op: '=', value: 'checkout' },
        { name: 'pod', op: '=', value: 'checkout-0' },
      ]);
    await page.getByRole('button', { name: /Remove filter pod/ }).click();
    await expect.poll(() => cards.count()).toBe(2);
    await page.getByLabel('Group by').selectOption('region');
    await expect
      .poll(() => cards.locator('section strong').allTextContents())
      .toEqual(['region = eu-west', 'region = us-east']);
    for (const k of [0, 1]) await cards.nth(k).getByRole('checkbox', { name: 'Compare' }).check();
    const before = server.requests.length;
    await page.getByRole('button', { name: 'Compare eu-west with us-east' }).click();
    await expect
      .poll(() => page.locator('[data-flamekit=fleet-diff] canvas').count())
      .toBeGreaterThan(0);
    await expect
      .poll(() => server.requests.slice(before).find((r) => r.procedure === 'Diff')?.body)
      .toMatchObject({
        left: { labelSelector: '{service_name="checkout", region="eu-west"}' },
        right: { labelSelector: '{service_name="checkout", region="us-east"}' },
      });
    expect((await stateOf(page)).labelComparison).toEqual({
      name: 'region',
      baseline: 'eu-west',
      comparison: 'us-east',
    });
    await screenshot(page, 'fleet-label-diff-1400');
    await page.context().close();
  });

  it('diffs two ranges set by a preset, keeping their lengths in sync when asked', async () => {
    const state = encodeState({
      view: 'diff',
      matchers: [{ name: 'service_name', op: '=', value: 'checkout' }],
    });
    const page = await openFleet({ state, width: 700 });
    await expect
      .poll(() => page.getByRole('status').allTextContents(), { timeout: 20_000 })
      .toContainEqual(expect.stringContaining('choose the baseline range'));
    const before = server.requests.length;
    await page.getByRole('button', { name: '24 h ago vs now' }).click();
    await expect
      .poll(() => server.requests.slice(before).find((r) => r.procedure === 'Diff')?.body)
      .toMatchObject({
        left: {
          start: String(NOW_MS - 86_400_000 - 1_800_000),
          end: String(NOW_MS - 86_400_000 - 1),
        },
        right: { start: String(NOW_MS - 1_800_000), end: String(NOW_MS - 1) },
      });
    // Version 2 of checkout (after noon) doubles its values: the comparison is heavier.
    await expect
      .poll(() => page.locator('[data-flamekit=fleet-diff] canvas').count())
      .toBeGreaterThan(0);
    const saved = await stateOf(page);
    expect(saved.ranges.window!.startNs).toBe((NOW_MS - 86_400_000 - 1_800_000) * 1e6);
    await screenshot(page, 'fleet-diff-700');
    // With lengths in sync, brushing the baseline gives the comparison its length.
    await page.getByRole('checkbox', { name: 'Same length' }).check();
    await page
      .locator('[data-flamekit=timeline-brushes]')
      .getByRole('button', { name: 'Baseline', exact: true })
      .click();
    const plot = (await page
      .locator('[data-flamekit=fleet-diff] [data-flamekit=timeline-plot]')
      .boundingBox())!;
    await page.mouse.move(plot.x + plot.width * 0.1, plot.y + plot.height / 2);
    await page.mouse.down();
    await page.mouse.move(plot.x + plot.width * 0.3, plot.y + plot.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect
      .poll(async () => {
        const { baseline, comparison } = (await stateOf(page)).ranges;
        return baseline && comparison
          ? Math.round((baseline.endNs - baseline.startNs) / 1e9) ===
              Math.round((comparison.endNs - comparison.startNs) / 1e9)
          : false;
      })
      .toBe(true);
    const { baseline } = (await stateOf(page)).ranges;
    expect(baseline!.endNs - baseline!.startNs).not.toBe(1_800e9);
    await page.context().close();
  });

  it('shows the cost per line of a function from the merged pprof, from the context menu', async () => {
    const state = encodeState({
      view: 'flame-graph',
      matchers: [{ name: 'service_name', op: '=', value: 'search' }],
    });
    const page = await openFleet({ state, width: 700 });
    const graph = page.getByRole('application', { name: 'Flame graph' });
    await expect.poll(() => graph.count(), { timeout: 20_000 }).toBe(1);
    await graph.focus();
    for (const key of ['ArrowUp', 'ArrowUp', 'ArrowUp']) await page.keyboard.press(key);
    await page.keyboard.press('Shift+F10');
    await page.getByRole('menuitem', { name: 'Show source lines' }).click();
    const lines = page.locator('[data-flamekit=source-view]');
    await expect.poll(() => lines.count(), { timeout: 10_000 }).toBe(1);
    const path = (await stateOf(page)).sourcePath!;
    expect(path).toEqual(['runtime.main', 'main.main', 'main.busyLoop']);
    expect(await lines.textContent()).toContain('main.busyLoop');
    const numbers = await lines.locator('tbody tr th').allTextContents();
    expect(numbers.length).toBeGreaterThan(1);
    const request = [...server.requests]
      .reverse()
      .find((r) => r.procedure === 'SelectMergeProfile');
    expect((request?.body as { stackTraceSelector: unknown }).stackTraceSelector).toEqual({
      callSite: path.map((name) => ({ name })),
    });
    await screenshot(page, 'fleet-source-lines-700');
    await page.context().close();
  });
});
