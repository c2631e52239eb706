import { resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as chartStories from '../../stories/FlameChart.stories';
import * as graphStories from '../../stories/FlameGraph.stories';

/**
 * The code a Docs page shows for a story on a fixture file is what a host would write: it passes
 * the story's props and compiles against the library's own types (the package names pointed at
 * src).
 */
const ROOT = resolve(import.meta.dirname, '../..');

type StoryLike = {
  args?: Record<string, unknown>;
  parameters?: { docs?: { source?: { code?: string } } };
};

function snippets(): { name: string; code: string; args: Record<string, unknown> }[] {
  return Object.entries({ ...prefixed('graph', graphStories), ...prefixed('chart', chartStories) })
    .map(([name, story]) => ({
      name,
      code: story.parameters?.docs?.source?.code ?? '',
      args: story.args ?? {},
    }))
    .filter(({ code }) => code !== '');
}

function prefixed(prefix: string, module: object): Record<string, StoryLike> {
  return Object.fromEntries(
    Object.entries(module)
      .filter(([name]) => name !== 'default')
      .map(([name, story]) => [`${prefix}/${name}`, story as StoryLike]),
  );
}

describe('"Show code" of the fixture stories', () => {
  it('passes each story its own props, as written', () => {
    const all = snippets();
    expect(all.length).toBeGreaterThan(15);
    for (const { name, code, args } of all) {
      const element = code.slice(code.lastIndexOf('<'));
      // The props read back from the element: strings as written, other values evaluated.
      const props: Record<string, unknown> = {};
      for (const match of element.matchAll(/ (\w+)=(?:"([^"]*)"|\{(.*?)\})(?= \w+=| \/>)/g)) {
        const [, prop, text, expression] = match;
        props[prop] =
          text ?? (prop === 'profile' ? expression : new Function(`return (${expression});`)());
      }
      const expected = Object.fromEntries(
        Object.entries(args).filter(([, value]) => typeof value !== 'function'),
      );
      expect(props, name).toEqual({ profile: 'profile', ...expected });
    }
  });

  it('compiles against the library', () => {
    const files = new Map(
      snippets().map(({ name, code }) => [
        resolve(ROOT, `snippet-${name.replace('/', '-')}.tsx`),
        // The package's names point at src (a build in dist, when there is one, is not this code).
        `export {};\n${code};\n`
          .replace(`from 'flamekit';`, `from '${ROOT}/src/react/index';`)
          .replace(`from 'flamekit/core';`, `from '${ROOT}/src/core/index';`),
      ]),
    );
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      jsx: ts.JsxEmit.ReactJSX,
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
    };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    host.readFile = (file) => files.get(resolve(file)) ?? readFile(file);
    host.fileExists = (file) => files.has(resolve(file)) || fileExists(file);
    const program = ts.createProgram([...files.keys()], options, host);
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((diagnostic) => diagnostic.file && files.has(resolve(diagnostic.file.fileName)))
      .map(
        (diagnostic) =>
          `${diagnostic.file!.fileName}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`,
      );
    expect(problems).toEqual([]);
  }, 120_000);
});
