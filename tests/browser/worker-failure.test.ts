import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness(['worker-failure']);
});
afterAll(async () => {
  await harness?.close();
});

describe('the import worker client in Chromium', () => {
  it('rejects imports with a FlamekitError when the worker fails or an option cannot be cloned', async () => {
    // The page becomes ready only once every import has settled: a hang fails here, in 15 s.
    const page = await harness.open('worker-failure');
    const results = await page.evaluate(
      () => (window as unknown as { flamekitTest: object }).flamekitTest,
    );
    expect(results).toMatchObject({
      throwing: { name: 'FlamekitError', code: 'worker-error' },
      missing: { name: 'FlamekitError', code: 'worker-error' },
      uncloneable: { name: 'FlamekitError', code: 'invalid-argument' },
    });
    expect((results as { throwing: { message: string } }).throwing.message).toContain(
      'the worker script is broken',
    );
  });
});
