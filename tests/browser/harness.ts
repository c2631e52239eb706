import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { findChromium } from '../../scripts/chromium.mjs';

/**
 * Real headless Chromium (Debian's, driven by playwright-core) for what only a browser shows:
 * pixels, device pixel ratio, resize, wheel, drag and keys. A test page (tests/browser/pages/*.tsx)
 * is bundled with esbuild and served from 127.0.0.1 with the fixtures beside it.
 */
const ROOT = resolve(import.meta.dirname, '../..');
// npm test's pretest found it or installed it (scripts/chromium.mjs), or stopped with the command.
export const CHROMIUM = findChromium() ?? '/usr/bin/chromium';

export interface Harness {
  url: string;
  browser: Browser;
  open(page: string, options?: BrowserContextOptions & { query?: string }): Promise<Page>;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with nothing that reaches the network. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
      '--font-render-hinting=none',
      ...extraArgs,
    ],
  });
}

/**
 * Serves the given pages: names of files in tests/browser/pages, or paths (relative to the
 * repository) of other page files, served under their base name. `files` are served at
 * `/files/<name>` (inputs a benchmark generates).
 */
export async function startHarness(
  pages: string[],
  chromiumArgs: string[] = [],
  files: ReadonlyMap<string, Uint8Array> = new Map(),
): Promise<Harness> {
  const bundles = new Map<string, string>();
  for (const page of pages) {
    const entry = page.includes('/')
      ? join(ROOT, page)
      : join(ROOT, 'tests/browser/pages', `${page}.tsx`);
    const name = basename(entry).replace(/\.tsx?$/, '');
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      write: false,
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
    });
    bundles.set(name, result.outputFiles[0].text);
  }
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const page = url.pathname.slice(1).replace(/\.html$/, '');
    const file = files.get(decodeURIComponent(url.pathname.slice('/files/'.length)));
    if (url.pathname.startsWith('/files/') && file) {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(file);
      return;
    }
    if (url.pathname.startsWith('/fixtures/')) {
      try {
        response.writeHead(200, { 'content-type': 'application/octet-stream' });
        response.end(
          readFileSync(
            join(
              ROOT,
              'tests/fixtures/profiles',
              decodeURIComponent(url.pathname.slice('/fixtures/'.length)),
            ),
          ),
        );
      } catch {
        response.writeHead(404).end();
      }
      return;
    }
    // A script asked for by its source name too: the explorer's worker is `new URL(
    // './worker-script.ts', import.meta.url)`, which resolves beside the page's bundle.
    const script = page.replace(/\.(js|ts)$/, '');
    if (/\.(js|ts)$/.test(url.pathname) && bundles.has(script)) {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end(bundles.get(script));
      return;
    }
    if (bundles.has(page)) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(
        `<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0;font-family:sans-serif}</style></head><body><div id="root"></div><script type="module" src="/${page}.js"></script></body></html>`,
      );
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchChromium(chromiumArgs);
  return {
    url,
    browser,
    async open(name, options = {}) {
      const { query, ...contextOptions } = options;
      const context = await browser.newContext({
        viewport: { width: 900, height: 600 },
        ...contextOptions,
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      await page.goto(`${url}/${name}${query ? `?${query}` : ''}`);
      await page
        .waitForFunction(
          () => (window as unknown as { flamekitReady?: boolean }).flamekitReady === true,
          undefined,
          { timeout: 15_000 },
        )
        .catch((error) => {
          throw new Error(`${name} did not become ready: ${errors.join('; ') || error}`);
        });
      return page;
    },
    async close() {
      await browser.close();
      await new Promise((done) => server.close(done));
    },
  };
}

/** The colour of one device pixel of the first canvas on the page, as `#rrggbb`. */
export async function canvasPixel(page: Page, cssX: number, cssY: number): Promise<string> {
  return page.evaluate(
    ([x, y]) => {
      const canvas = document.querySelector('canvas')!;
      const ratio = canvas.width / canvas.getBoundingClientRect().width;
      const [r, g, b] = canvas
        .getContext('2d')!
        .getImageData(Math.floor(x * ratio), Math.floor(y * ratio), 1, 1).data;
      return `#${((r << 16) | (g << 8) | b).toString(16).padStart(6, '0')}`;
    },
    [cssX, cssY],
  );
}
