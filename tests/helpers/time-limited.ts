import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import type { Outcome } from './limited-worker';

export type { Outcome };

/** What a task gave, or that it ran out of time (the worker was then terminated). */
export type LimitedOutcome = Outcome | { outcome: 'timeout'; ms: number };

let bundle: Promise<{ file: string; directory: string }> | undefined;

/** limited-worker.ts and flamekit's core in one file, built once per test file. */
function bundleWorker(): Promise<{ file: string; directory: string }> {
  bundle ??= (async () => {
    const directory = mkdtempSync(join(tmpdir(), 'flamekit-limited-'));
    const file = join(directory, 'limited-worker.mjs');
    await build({
      entryPoints: [new URL('./limited-worker.ts', import.meta.url).pathname],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: file,
      logLevel: 'silent',
    });
    return { file, directory };
  })();
  return bundle;
}

/**
 * Runs tasks of limited-worker.ts in a worker thread, each under a time limit: a task still
 * running when its time is up is stopped by terminating the worker (a new one serves the next
 * task), and reported as a timeout instead of hanging the test run. The worker's heap is capped
 * too, so a blow-up is an error in the worker, not an exhausted machine.
 */
export class TimeLimitedRunner {
  private worker: Worker | undefined;
  private nextId = 1;

  constructor(private readonly heapMb = 1536) {}

  async run(timeoutMs: number, task: string, ...args: unknown[]): Promise<LimitedOutcome> {
    const { file } = await bundleWorker();
    const worker = (this.worker ??= new Worker(file, {
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb },
    }));
    const id = this.nextId++;
    const started = performance.now();
    return new Promise<LimitedOutcome>((resolve) => {
      const finish = (outcome: LimitedOutcome) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        resolve(outcome);
      };
      const onMessage = (message: { id: number; reply: Outcome }) => {
        if (message.id === id) finish(message.reply);
      };
      // A worker that dies (out of memory, say) answers nothing: report what killed it.
      const onError = (error: Error) => {
        this.worker = undefined;
        finish({ outcome: 'other-error', name: error.name, message: error.message });
      };
      const onExit = (code: number) => {
        this.worker = undefined;
        finish({ outcome: 'other-error', name: 'exit', message: `the worker exited with ${code}` });
      };
      const timer = setTimeout(() => {
        this.worker = undefined;
        void worker.terminate();
        finish({ outcome: 'timeout', ms: performance.now() - started });
      }, timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ id, task, args });
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }
}

/** Removes the bundle's directory; call it once all runners of a file are closed. */
export async function removeWorkerBundle(): Promise<void> {
  if (!bundle) return;
  const { directory } = await bundle;
  rmSync(directory, { recursive: true, force: true });
  bundle = undefined;
}
