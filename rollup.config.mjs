// One rollup run builds every entry point in ESM and CJS (sharing chunks, so a class such as
// FlamekitError is the same object whichever entry a host imports it from) plus bundled .d.ts.
import esbuild from 'rollup-plugin-esbuild';
import { dts } from 'rollup-plugin-dts';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { posix } from 'node:path';

const input = {
  index: 'src/react/index.ts',
  core: 'src/core/index.ts',
  render: 'src/render/index.ts',
  worker: 'src/worker/index.ts',
  'worker-script': 'src/worker/worker-script.ts',
};

// Peer and runtime dependencies stay imports; our own source is bundled, and so are the few d3
// modules the scales use: they ship as ES modules only, which a CommonJS host on Node 20 cannot
// require, and bundling lets rollup keep only the functions used.
const BUNDLED = /^(d3-[a-z-]+|internmap)(\/|$)/;
const external = (id) =>
  !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0') && !BUNDLED.test(id);
// The declarations name no d3 type, so every package stays an import there.
const externalTypes = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');

// The ES modules keep one file per source module, so that a host's bundler drops whole modules it
// does not use ("sideEffects": false). Merged into chunks, the d3 modules' top-level definitions
// would keep everything beside them alive: the core tree model alone grew from 6 to 18 KB gzip.
const entries = { ...input, cli: 'src/cli/main.ts' };
const keepModules = {
  preserveModules: true,
  // Rollup would otherwise add imports of the modules a dynamic import needs to the importer.
  hoistTransitiveImports: false,
  preserveModulesRoot: 'src',
  entryFileNames: (chunk) =>
    chunk.isEntry && chunk.name in entries ? '[name].js' : 'modules/[name].js',
};

// The explorer's own import worker is created in src/worker/default-importer.ts with the literal
// `new Worker(new URL('./worker-script.ts', import.meta.url), { type: 'module' })`, which Vite
// (Storybook) resolves in the source. In the ES build the URL must name the built worker-script.js
// relative to the built module, still as a literal so that a host's bundler (Vite, webpack 5,
// Rollup with an import-meta-assets plugin) finds it and bundles the worker. The CommonJS build
// has no module URL (import.meta.url is undefined there), so it imports on the main thread.
const WORKER_SCRIPT_URL = /new URL\((['"])\.\/worker-script\.ts\1, import\.meta\.url\)/g;
const DEFAULT_IMPORTER = /src[\\/]worker[\\/]default-importer\.ts$/;
const workerScriptUrl = {
  name: 'flamekit-worker-script-url',
  resolveImportMeta(property, { moduleId, format }) {
    if (format === 'cjs' && property === 'url' && DEFAULT_IMPORTER.test(moduleId))
      return 'undefined';
    return null;
  },
  renderChunk(code, chunk, options) {
    if (options.format !== 'es' || !WORKER_SCRIPT_URL.test(code)) return null;
    let relative = posix.relative(posix.dirname(chunk.fileName), 'worker-script.js');
    if (!relative.startsWith('.')) relative = `./${relative}`;
    return {
      code: code.replace(WORKER_SCRIPT_URL, `new URL('${relative}', import.meta.url)`),
      map: null,
    };
  },
};

export default [
  {
    // The command line is built as JavaScript only: it has no types to publish.
    input: entries,
    external,
    // The package says "sideEffects": false, and rollup should believe it too: a module that is
    // imported only for a name it does not use must not be kept for its top-level code.
    treeshake: { moduleSideEffects: (id) => /worker-script|cli[\\/]main/.test(id) },
    plugins: [
      nodeResolve({ resolveOnly: (id) => BUNDLED.test(id) }),
      esbuild({ target: 'es2022', jsx: 'automatic', tsconfig: 'tsconfig.json' }),
      workerScriptUrl,
    ],
    output: [
      {
        dir: 'dist',
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        sourcemap: true,
        ...keepModules,
      },
      {
        dir: 'dist',
        format: 'cjs',
        entryFileNames: '[name].cjs',
        chunkFileNames: 'chunks/[name]-[hash].cjs',
        sourcemap: true,
        exports: 'named',
      },
    ],
  },
  {
    input,
    external: externalTypes,
    plugins: [dts({ tsconfig: 'tsconfig.build.json' })],
    output: [
      {
        dir: 'dist',
        format: 'es',
        entryFileNames: '[name].d.ts',
        chunkFileNames: 'chunks/[name]-[hash].d.ts',
      },
      {
        dir: 'dist',
        format: 'es',
        entryFileNames: '[name].d.cts',
        chunkFileNames: 'chunks/[name]-[hash].d.cts',
      },
    ],
  },
];
