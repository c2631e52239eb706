import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { rollup, type RollupOptions, type OutputOptions } from 'rollup';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './harness';

/**
 * The explorer's own worker from the built package, as a host's bundler sees it: flamekit's ES
 * build (rollup.config.mjs, into a temporary folder) is installed as node_modules/flamekit of a
 * small app, the app is built for production by Vite, and the page runs in Chromium. The worker
 * must be found and bundled by Vite, start, and import the profile.
 */
const ROOT = resolve(import.meta.dirname, '../..');
let work: string;
let server: Server;
let browser: Browser;
let base: string;

/** flamekit's ES build into `dir`: the first configuration of rollup.config.mjs, ES output only. */
async function buildPackage(dir: string): Promise<void> {
  const configs = (await import(join(ROOT, 'rollup.config.mjs'))).default as RollupOptions[];
  const { output, ...input } = configs[0];
  const es = (output as OutputOptions[]).find((o) => o.format === 'es')!;
  const cwd = process.cwd();
  process.chdir(ROOT); // the configuration names its inputs relative to the repository
  try {
    const bundle = await rollup({ ...input, onwarn: () => {} });
    await bundle.write({ ...es, dir: join(dir, 'dist'), sourcemap: false });
    await bundle.close();
  } finally {
    process.chdir(cwd);
  }
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'flamekit-bundled-worker-'));
  const installed = join(work, 'node_modules/flamekit');
  mkdirSync(installed, { recursive: true });
  copyFileSync(join(ROOT, 'package.json'), join(installed, 'package.json'));
  await buildPackage(installed);
  for (const name of ['react', 'react-dom', 'scheduler', '@tanstack', 'fflate'])
    symlinkSync(join(ROOT, 'node_modules', name), join(work, 'node_modules', name), 'dir');
  copyFileSync(
    join(ROOT, 'tests/fixtures/profiles/pprof/go/google-pprof-sample.cpu.pb.gz'),
    join(work, 'profile.pb.gz'),
  );
  writeFileSync(
    join(work, 'index.html'),
    '<!doctype html><html><body><div id="root"></div><script type="module" src="./main.js"></script></body></html>',
  );
  writeFileSync(
    join(work, 'main.js'),
    `import { createElement } from 'react';
     import { createRoot } from 'react-dom/client';
     import { ProfileExplorer } from 'flamekit';
     const bytes = new Uint8Array(await (await fetch('/profile.pb.gz')).arrayBuffer());
     createRoot(document.getElementById('root')).render(createElement(ProfileExplorer, { input: bytes }));`,
  );
  await build({
    root: work,
    logLevel: 'silent',
    configFile: false,
    build: { outDir: join(work, 'out'), target: 'es2022' },
  });
  copyFileSync(join(work, 'profile.pb.gz'), join(work, 'out/profile.pb.gz'));
  server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', base).pathname));
    try {
      const body = readFileSync(join(work, 'out', path === '/' ? 'index.html' : path));
      const type = { '.html': 'text/html', '.js': 'text/javascript' }[extname(path) || '.html'];
      response.writeHead(200, { 'content-type': type ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the built package in an app bundled by Vite', () => {
  it('bundles the explorer worker, which imports the profile', async () => {
    const assets = readdirSync(join(work, 'out/assets'));
    // Vite found the worker in flamekit's module and emitted it as a chunk of its own.
    const workerChunk = assets.find((name) => name.startsWith('worker-script'));
    expect(workerChunk).toBeDefined();
    const main = assets.filter((name) => name.endsWith('.js') && name !== workerChunk);
    const code = main.map((name) => readFileSync(join(work, 'out/assets', name), 'utf8')).join();
    expect(code).toContain(workerChunk);

    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    const worker = page.waitForEvent('worker');
    await page.goto(base);
    expect((await worker).url()).toContain(workerChunk);
    await page.getByRole('application', { name: 'Flame graph' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-flamekit="status-bar"]').textContent()).toContain('pprof');
    expect(errors).toEqual([]);
    await page.close();
  });
});
