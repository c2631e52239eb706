// One rollup run builds every entry point in ESM and CJS (sharing chunks, so a class such as
// FlamekitError is the same object whichever entry a host imports it from) plus bundled .d.ts.
import esbuild from 'rollup-plugin-esbuild';
import { dts } from 'rollup-plugin-dts';

const input = {
  index: 'src/react/index.ts',
  core: 'src/core/index.ts',
  render: 'src/render/index.ts',
  worker: 'src/worker/index.ts',
  'worker-script': 'src/worker/worker-script.ts',
};

// Peer and runtime dependencies stay imports; only our own source is bundled.
const external = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');

export default [
  {
    input,
    external,
    plugins: [esbuild({ target: 'es2022', jsx: 'automatic', tsconfig: 'tsconfig.json' })],
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
    external,
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
