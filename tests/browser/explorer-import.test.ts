import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness';

// Two servers of the same page: one serves flamekit's worker script where the explorer asks for
// it (beside the page), the other does not, as a bundler that leaves the URL alone would.
let served: Harness;
let unserved: Harness;

beforeAll(async () => {
  served = await startHarness(['import', 'src/worker/worker-script.ts']);
  unserved = await startHarness(['import']);
});
afterAll(async () => {
  await served?.close();
  await unserved?.close();
});

const statusBar = (page: Page) => page.locator('[data-flamekit="status-bar"]').textContent();

describe('<ProfileExplorer input> imports', () => {
  it('in its own worker by default, with the progress in place', async () => {
    const page = await served.open('import', { query: 'big=300000' });
    const progress = page.locator('[data-flamekit="explorer-importing"]');
    await expect.poll(() => progress.textContent()).toMatch(/Reading the profile|call tree/);
    expect(await progress.locator('progress').count()).toBe(1);
    expect(page.workers()).toHaveLength(1);
    await page.getByRole('application', { name: 'Flame graph' }).waitFor({ timeout: 60_000 });
    expect(await statusBar(page)).toContain('folded');
    await page.context().close();
  });

  it('stops the worker of an import that a new input replaces', async () => {
    const page = await served.open('import', { query: 'big=600000' });
    const first = page.workers()[0] ?? (await page.waitForEvent('worker'));
    const stopped = new Promise((resolve) => first.once('close', resolve));
    await page.evaluate(() =>
      (
        window as unknown as { flamekitTest: { setInput(f: string): Promise<void> } }
      ).flamekitTest.setInput('pprof/go/google-pprof-sample.cpu.pb.gz'),
    );
    await stopped; // terminated mid-import, not left running
    await page.getByRole('application', { name: 'Flame graph' }).waitFor({ timeout: 30_000 });
    expect(await statusBar(page)).toContain('pprof');
    await page.context().close();
  });

  it('decompresses a large gzip input in its worker as on the page, one gzip member or several', async () => {
    const page = await served.open('import');
    // The pprof as it is (the browser's own gzip decoder), and folded copies in one member
    // (the same) and in three (which Chromium's decoder refuses: the library's reads them).
    for (const members of [0, 1, 3]) {
      const result = await page.evaluate(
        (count) =>
          (
            window as unknown as {
              flamekitTest: {
                compareWithWorker(
                  fixture: string,
                  members: number,
                ): Promise<Record<string, unknown>>;
              };
            }
          ).flamekitTest.compareWithWorker('pprof/go/google-pprof-large.cpu.pb.gz', count),
        members,
      );
      expect(result.bytes).toBeGreaterThan(1 << 20);
      expect(result.viaWorker).toEqual(result.inPlace);
    }
    await page.context().close();
  }, 60_000);

  it('on the main thread when the worker script cannot load', async () => {
    const errors: string[] = [];
    const page = await unserved.open('import');
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.getByRole('application', { name: 'Flame graph' }).waitFor({ timeout: 30_000 });
    expect(await statusBar(page)).toContain('pprof');
    expect(await page.locator('[role=alert]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
