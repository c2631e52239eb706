import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The public surface of every entry point in package.json's "exports": each exported name and what
// it is (class, function, const, interface, type...), as TypeScript sees it through the entry's
// re-exports. Moving and splitting files must leave it exactly as it is: public-api.txt is the
// committed list, and a change to it is a change to the API that a review should see. After
// adding an export on purpose, rewrite the list with
// `UPDATE_PUBLIC_API=1 npx vitest run tests/package/public-api.test.ts`.
const root = resolve(import.meta.dirname, '../..');
const listFile = resolve(import.meta.dirname, 'public-api.txt');

/** Each entry of package.json's "exports" and the source file it is built from (rollup.config.mjs). */
const ENTRIES: Record<string, string> = {
  flamekit: 'src/react/index.ts',
  'flamekit/core': 'src/core/index.ts',
  'flamekit/render': 'src/render/index.ts',
  'flamekit/worker': 'src/worker/index.ts',
  'flamekit/worker-script': 'src/worker/worker-script.ts',
};

function kindOf(symbol: ts.Symbol): string {
  const flags = symbol.flags;
  if (flags & ts.SymbolFlags.Class) return 'class';
  if (flags & ts.SymbolFlags.Function) return 'function';
  if (flags & ts.SymbolFlags.Enum) return 'enum';
  if (flags & ts.SymbolFlags.Variable) return 'const';
  if (flags & ts.SymbolFlags.Interface) return 'interface';
  if (flags & ts.SymbolFlags.TypeAlias) return 'type';
  if (flags & ts.SymbolFlags.Module) return 'namespace';
  return `flags ${flags}`;
}

function publicSurface(): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    resolve(root, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  );
  if (!config) throw new Error('tsconfig.json could not be read');
  const files = Object.values(ENTRIES).map((file) => resolve(root, file));
  const program = ts.createProgram(files, config.options);
  const checker = program.getTypeChecker();
  const lines: string[] = [];
  for (const [entry, file] of Object.entries(ENTRIES)) {
    const source = program.getSourceFile(resolve(root, file));
    if (!source) throw new Error(`${file} is not in the program`);
    const moduleSymbol = checker.getSymbolAtLocation(source);
    // A script with no exports (the worker script) has no module symbol: it exports nothing.
    const exports = moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : [];
    for (const exported of exports) {
      const target =
        exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      lines.push(`${entry} ${kindOf(target)} ${exported.name}`);
    }
    if (exports.length === 0) lines.push(`${entry} (no exports)`);
  }
  return lines.sort();
}

describe('the public API', () => {
  const surface = publicSurface();

  it('exports the same names, of the same kinds, from every entry point', () => {
    if (process.env.UPDATE_PUBLIC_API) writeFileSync(listFile, surface.join('\n') + '\n');
    const committed = readFileSync(listFile, 'utf8').trim().split('\n');
    expect(surface).toEqual(committed);
  }, 60_000);

  it('has at run time exactly the values the types declare', async () => {
    const modules: Record<string, Record<string, unknown>> = {
      flamekit: await import('../../src/react/index'),
      'flamekit/core': await import('../../src/core/index'),
      'flamekit/render': await import('../../src/render/index'),
      'flamekit/worker': await import('../../src/worker/index'),
    };
    for (const [entry, module] of Object.entries(modules)) {
      const declared = surface
        .map((line) => line.split(' '))
        .filter(
          ([name, kind]) => name === entry && ['class', 'function', 'const', 'enum'].includes(kind),
        )
        .map(([, , exported]) => exported)
        .sort();
      expect(Object.keys(module).sort(), entry).toEqual(declared);
      for (const name of declared) expect(module[name], `${entry} ${name}`).toBeDefined();
    }
  }, 60_000);
});
