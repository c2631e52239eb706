import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The dependency rule (core <- render <- react) is enforced by eslint; this proves the rule fires.
const eslint = new ESLint({ cwd: resolve(import.meta.dirname, '../..') });

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
