import { ESLint } from 'eslint';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The dependency rule (core <- render <- react) is enforced by eslint; this proves the rule fires.
const root = resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

describe('the layer rule', () => {
  it('keeps React, render and the DOM out of src/core', async () => {
    expect(
      await problems(
        'src/core/example.ts',
        "import { useState } from 'react';\nexport const x = useState;\n",
      ),
    ).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*Only src\/react may import React/),
    ]);
    expect(
      await problems(
        'src/core/example.ts',
        "import { lightTheme } from '../render/theme';\nexport const x = lightTheme;\n",
      ),
    ).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*must not import from src\/render/),
    ]);
    expect(
      await problems(
        'src/core/example.ts',
        'export const width = () => document.body.clientWidth;\n',
      ),
    ).toEqual([expect.stringMatching(/^no-restricted-globals: .*runs without a DOM/)]);
  });

  it('keeps React out of src/render but lets src/react use everything', async () => {
    expect(
      await problems(
        'src/render/example.ts',
        "import { createElement } from 'react';\nexport const x = createElement;\n",
      ),
    ).toHaveLength(1);
    expect(
      await problems(
        'src/react/example.ts',
        "import { createElement } from 'react';\nimport { lightTheme } from '../render/theme';\nexport const x = [createElement, lightTheme];\n",
      ),
    ).toEqual([]);
  });
});

/** The folders of a layer, and what each one's README.md says it may import (`name/` in backticks). */
function readmeRules(layer: string): Map<string, string[]> {
  const rules = new Map<string, string[]>();
  for (const entry of readdirSync(resolve(root, layer), { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const readme = resolve(root, layer, entry.name, 'README.md');
    const line = existsSync(readme)
      ? readFileSync(readme, 'utf8')
          .split('\n')
          .find((text) => text.startsWith('May import:'))
      : undefined;
    if (line === undefined)
      throw new Error(`${layer}/${entry.name}/README.md has no "May import:" line`);
    rules.set(
      entry.name,
      [...line.matchAll(/`([a-z-]+)\/`/g)].map(([, name]) => name),
    );
  }
  return rules;
}

// The folders inside a layer stand one above the other: each imports only the folders its README
// names (and the layer's top-level files), as flamekit/layer-folders in eslint.config.js enforces.
describe.each(['src/core', 'src/render'])('the folders of %s', (layer) => {
  const rules = readmeRules(layer);

  it.each([...rules.keys()])('%s/ imports only what its README says', async (folder) => {
    const allowed = rules.get(folder)!;
    for (const other of rules.keys()) {
      if (other === folder) continue;
      const found = await problems(
        `${layer}/${folder}/example.ts`,
        `import { x } from '../${other}/example';\nexport const y = x;\n`,
      );
      expect(found, `${folder}/ importing ${other}/`).toEqual(
        allowed.includes(other)
          ? []
          : [expect.stringMatching(/^flamekit\/layer-folders: .* may import/)],
      );
    }
    // Top-level files and sub-folders of its own are always fine.
    expect(
      await problems(
        `${layer}/${folder}/deeper/example.ts`,
        `import { x } from '../example';\nexport const y = x;\n`,
      ),
    ).toEqual([]);
  });

  it('keeps the top-level files below every folder, and the index for other layers', async () => {
    for (const folder of rules.keys()) {
      expect(
        await problems(
          `${layer}/example.ts`,
          `import { x } from './${folder}/example';\nexport const y = x;\n`,
        ),
      ).toEqual([
        expect.stringMatching(/^flamekit\/layer-folders: .*top-level files import no folder/),
      ]);
    }
    expect(
      await problems(
        `${layer}/${[...rules.keys()][0]}/example.ts`,
        `import { x } from '../index';\nexport const y = x;\n`,
      ),
    ).toEqual([expect.stringMatching(/not src\/.*index\.ts/)]);
  });
});

it('asks for a new folder to say what it may import', async () => {
  expect(
    await problems(
      'src/core/new-concept/example.ts',
      "import { x } from '../model/example';\nexport const y = x;\n",
    ),
  ).toEqual([expect.stringMatching(/new-concept\/ is not in LAYER_FOLDERS/)]);
});
