import { createProfileImporter, type ProfileImporter } from './client';

/**
 * An importer on flamekit's own worker script, for `<ProfileExplorer>` and for hosts that want
 * imports off the main thread without setting a worker up: the worker starts at the first import
 * (and again after a cancelled one). Undefined where there are no module workers (Node, tests in
 * a DOM emulation, a CommonJS build).
 *
 * The worker is created with the literal `new Worker(new URL('./worker-script.ts',
 * import.meta.url), { type: 'module' })`, the form Vite, webpack 5 and Rollup's import-meta-assets
 * plugin find and bundle; the package build points it at the built `worker-script.js`. Where the
 * script cannot load (a bundler that leaves the URL alone, a Content-Security-Policy without
 * `worker-src`), imports reject with `worker-error`, and the explorer imports on the main thread.
 */
export function createDefaultProfileImporter(): ProfileImporter | undefined {
  if (typeof Worker === 'undefined') return undefined;
  // One expression, as bundlers look for it. In the CommonJS build import.meta.url is undefined,
  // so the URL throws and imports reject with `worker-error`.
  return createProfileImporter(
    () => new Worker(new URL('./worker-script.ts', import.meta.url), { type: 'module' }),
  );
}
