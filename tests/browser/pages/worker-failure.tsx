import { createProfileImporter } from '../../../src/worker';

/**
 * Real Web Workers that fail: a script that throws as it loads, one that is not there, and an
 * option that cannot be cloned. Each import's outcome (the error's name, code and message) goes
 * to window.flamekitTest.
 */
type Outcome = { name: string; code?: string; message: string } | 'resolved';

async function outcomeOf(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    await run();
    return 'resolved';
  } catch (error) {
    const { name, code, message } = error as { name: string; code?: string; message: string };
    return { name, code, message };
  }
}

const throwing = URL.createObjectURL(
  new Blob(['throw new Error("the worker script is broken")'], { type: 'text/javascript' }),
);
const results: Record<string, Outcome> = {};
results.throwing = await outcomeOf(() =>
  createProfileImporter(new Worker(throwing)).importProfile('a;b 1\n'),
);
results.missing = await outcomeOf(() =>
  createProfileImporter(new Worker('/no-such-worker.js', { type: 'module' })).importProfile(
    'a;b 1\n',
  ),
);
const idle = URL.createObjectURL(new Blob([''], { type: 'text/javascript' }));
results.uncloneable = await outcomeOf(() =>
  createProfileImporter(new Worker(idle)).importProfile('a;b 1\n', {
    format: 'folded',
    unit: (() => 'ms') as unknown as string,
  }),
);
Object.assign(window, { flamekitTest: results, flamekitReady: true });
