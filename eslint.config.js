import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

// The dependency rule of the three layers (docs/architecture.md): core imports nothing from render,
// react or the DOM; render imports nothing from react.
const reactImports = [
  {
    group: ['react', 'react/*', 'react-dom', 'react-dom/*'],
    message: 'Only src/react may import React.',
  },
  {
    group: ['**/react/**', '../react', '../react/*'],
    message: 'Only src/react may import from src/react.',
  },
];
const renderImports = [
  {
    group: ['**/render/**', '../render', '../render/*'],
    message: 'src/core must not import from src/render.',
  },
];
// Browser globals that would tie the core to a DOM. Typed arrays, TextDecoder and friends are fine.
const domGlobals = [
  'window',
  'document',
  'navigator',
  'HTMLElement',
  'HTMLCanvasElement',
  'CanvasRenderingContext2D',
  'requestAnimationFrame',
  'localStorage',
  'location',
].map((name) => ({
  name,
  message: 'src/core runs without a DOM: take what you need as an argument.',
}));

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'storybook-static/', 'coverage/', 'docs/api/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/react/**', 'stories/**', 'tests/react/**', 'tests/browser/pages/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...reactImports, ...renderImports] }],
      'no-restricted-globals': ['error', ...domGlobals],
    },
  },
  {
    files: ['src/worker/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...reactImports,
            ...renderImports.map((rule) => ({
              ...rule,
              message: 'src/worker imports only src/core.',
            })),
          ],
        },
      ],
    },
  },
  {
    files: ['src/render/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: reactImports }],
    },
  },
);
