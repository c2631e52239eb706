import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import { posix, relative, sep } from 'node:path';

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

// Inside a layer, a folder per concept (docs/architecture.md). Each folder may import the folders
// listed for it, and the layer's top-level files (core's errors.ts, types.ts, units.ts; render's
// renderers, geometry and themes); the top-level files import no folder, and only index.ts
// imports everything. Each folder's README.md names the same folders (a test compares them).
export const LAYER_FOLDERS = {
  'src/core': {
    regex: [],
    model: [],
    views: ['regex', 'model'],
    'flame-chart': ['model', 'views'],
    diff: ['model', 'views'],
    formats: ['regex', 'model'],
    export: ['model', 'views', 'formats'],
    series: ['regex', 'model', 'views', 'diff', 'formats'],
    state: ['model', 'views', 'series'],
    insights: ['regex', 'model', 'views', 'formats'],
  },
  'src/render': {
    export: [],
  },
};

const root = import.meta.dirname;
const folderRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Folders of a layer import only the folders below them.' },
    schema: [],
  },
  create(context) {
    const file = relative(root, context.filename).split(sep).join('/');
    const layer = Object.keys(LAYER_FOLDERS).find((path) => file.startsWith(`${path}/`));
    if (!layer) return {};
    const folders = LAYER_FOLDERS[layer];
    const folderOf = (path) => {
      const inner = path.slice(layer.length + 1);
      return inner.includes('/') ? inner.slice(0, inner.indexOf('/')) : undefined;
    };
    const from = folderOf(file);
    if (file === `${layer}/index.ts`) return {};
    const check = (node) => {
      const specifier = node.source?.value;
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const target = posix.normalize(posix.join(posix.dirname(file), specifier));
      if (!target.startsWith(`${layer}/`)) return;
      const to = folderOf(target);
      if (to === from) return;
      let message;
      if (target === `${layer}/index` || target === `${layer}/index.ts`)
        message = `import the module itself, not ${layer}/index.ts (only other layers use the index)`;
      else if (from !== undefined && !(from in folders))
        message = `${layer}/${from}/ is not in LAYER_FOLDERS (eslint.config.js): say what it may import`;
      else if (to === undefined) return;
      else if (from === undefined)
        message = `${layer}'s top-level files import no folder; ${specifier} is in ${to}/`;
      else if (!folders[from].includes(to)) {
        const allowed = folders[from].map((name) => `${name}/`).join(', ') || 'no other folder';
        message = `${layer}/${from}/ may import ${allowed}; ${specifier} is in ${to}/`;
      }
      if (message) context.report({ node: node.source, message });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

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
    files: ['src/core/**', 'src/render/**'],
    plugins: { flamekit: { rules: { 'layer-folders': folderRule } } },
    rules: { 'flamekit/layer-folders': 'error' },
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
