import { defineConfig } from 'vitest/config';

// Core and render run in Node (they must not need a DOM); React components run in happy-dom.
// Time limits only stop a hung test: the heaviest cases (real profiles of 400k nodes, spawned
// programs) take a second or two alone and several times that on a loaded 2-core machine.
const HANG_LIMIT_MS = 20_000;

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          testTimeout: HANG_LIMIT_MS,
          include: [
            'tests/core/**/*.test.ts',
            'tests/render/**/*.test.ts',
            'tests/package/**/*.test.ts',
            'tests/worker/**/*.test.ts',
            'tests/cli/**/*.test.ts',
          ],
        },
      },
      {
        test: {
          name: 'browser',
          environment: 'node',
          include: ['tests/browser/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        esbuild: { jsx: 'automatic' },
        test: {
          name: 'dom',
          testTimeout: HANG_LIMIT_MS,
          environment: 'happy-dom',
          include: ['tests/react/**/*.test.{ts,tsx}'],
          setupFiles: ['tests/react/setup.ts'],
        },
      },
    ],
  },
});
