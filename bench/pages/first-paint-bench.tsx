import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { ProfileExplorer } from '../../src/react';
import { createPaintProbe } from './paint-probe';

/**
 * Browser benchmark page for bytes → first paint (bench/first-paint.bench.ts): the file's bytes
 * are fetched (not timed), then `<ProfileExplorer input={bytes}>` is mounted, importing in its
 * own worker (`mode=worker`, the default) or on the main thread (`mode=main`), and timed to the
 * double-rAF point after its graph is drawn. A PerformanceObserver collects the main thread's
 * long tasks (over 50 ms) meanwhile. Results go to `window.benchResult`.
 */
const query = new URLSearchParams(location.search);
const probe = createPaintProbe();
Object.assign(window, { flamekitReady: true });

interface LongTask {
  start: number;
  duration: number;
}

async function main() {
  const bytes = new Uint8Array(await (await fetch(`/files/${query.get('file')}`)).arrayBuffer());
  await new Promise((resolve) => setTimeout(resolve, 300));
  const tasks: LongTask[] = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      tasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask' });
  const container = document.createElement('div');
  container.style.width = '1400px';
  document.body.append(container);
  // When the import's placeholder goes: the profile has arrived.
  let importedAt = NaN;
  new MutationObserver(() => {
    if (Number.isNaN(importedAt) && container.querySelector('[data-flamekit="status-bar"]'))
      importedAt = performance.now();
  }).observe(container, { childList: true, subtree: true });

  probe.start();
  const t0 = performance.now();
  createRoot(container).render(
    createElement(ProfileExplorer, {
      input: bytes,
      ...(query.get('mode') === 'main' && { importer: false }),
    }),
  );
  const graphDrawn = () => {
    const canvas = container.querySelector('[role="application"] canvas') as HTMLCanvasElement;
    return canvas !== null && canvas.width > 0;
  };
  const error = () => container.querySelector('[role="alert"]')?.textContent;
  while (!graphDrawn() && !error()) await new Promise((resolve) => setTimeout(resolve, 20));
  await probe.quiet(400);
  const paint = probe.result().paint;
  const within = (from: number, to: number) =>
    tasks.filter((task) => task.start >= from && task.start < to);
  const longest = (list: LongTask[]) => Math.max(0, ...list.map((task) => task.duration));
  Object.assign(window, {
    benchResult: {
      error: error(),
      bytes: bytes.length,
      paint,
      imported: importedAt - t0,
      longestWhileImporting: longest(within(t0, importedAt)),
      longestAfterImport: longest(within(importedAt, t0 + paint)),
      longTasks: within(t0, t0 + paint).map((task) => [
        Math.round(task.start - t0),
        Math.round(task.duration),
      ]),
    },
  });
}

void main();
