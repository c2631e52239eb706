import { defineConfig } from 'vitest/config';

// Core and render run in Node (they must not need a DOM); React components run in happy-dom.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
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
          environment: 'happy-dom',
          include: ['tests/react/**/*.test.{ts,tsx}'],
          setupFiles: ['tests/react/setup.ts'],
        },
      },
    ],
  },
});
