// One rollup run builds every entry point in ESM and CJS (sharing chunks, so a class such as
// FlamekitError is the same object whichever entry a host imports it from) plus bundled .d.ts.
import esbuild from 'rollup-plugin-esbuild';
import { dts } from 'rollup-plugin-dts';
import { nodeResolve } from '@rollup/plugin-node-resolve';

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

export default [
  {
    // The command line is built as JavaScript only: it has no types to publish.
    input: { ...input, cli: 'src/cli/main.ts' },
    external,
    plugins: [
      nodeResolve({ resolveOnly: (id) => BUNDLED.test(id) }),
      esbuild({ target: 'es2022', jsx: 'automatic', tsconfig: 'tsconfig.json' }),
    ],
    output: [
      {
        dir: 'dist',
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        sourcemap: true,
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
