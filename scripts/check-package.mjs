// Packs flamekit as npm would publish it, installs the tarball into an empty folder where React
// cannot be resolved, and loads flamekit/core there with require and with import. This is the
// proof that the core needs neither React nor a DOM (docs/architecture.md).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'flamekit-package-'));
try {
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
      cwd: root,
      encoding: 'utf8',
    }),
  );
  // Install the tarball as a user would: with its dependencies, without its optional peers (React).
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  execFileSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--no-package-lock', join(work, packed[0].filename)],
    { cwd: work, stdio: 'inherit' },
  );

  const folded = readFileSync(
    join(
      root,
      'tests/fixtures/profiles/collapsed/speedscope-perf-vertx-stacks-01-collapsed-all.txt',
    ),
    'utf8',
  );
  const expectedTotal = folded
    .split('\n')
    .filter((line) => line.trim())
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  const body = (load) => `
    ${load}
    try { require.resolve('react'); console.error('react is resolvable: the check proves nothing'); process.exit(1); } catch {}
    const text = require('node:fs').readFileSync(0, 'utf8');
    const tree = core.treeFromFolded(text);
    if (tree.total[0] !== ${expectedTotal}) { console.error('total', tree.total[0], 'expected', ${expectedTotal}); process.exit(1); }
    console.log('  ok: ' + ${JSON.stringify(load)} + ' -> ' + tree.nodeCount + ' nodes, total ' + tree.total[0]);
  `;
  const run = (args, script) =>
    execFileSync(process.execPath, [...args, '-e', script], {
      cwd: work,
      input: folded,
      stdio: ['pipe', 'inherit', 'inherit'],
    });
  console.log(`flamekit/core from ${packed[0].filename}, with no React installed:`);
  run([], body(`const core = require('flamekit/core');`));
  run(
    ['--input-type=module'],
    `import { createRequire } from 'node:module'; const require = createRequire(process.cwd() + '/'); ${body(`const core = await import('flamekit/core');`)}`,
  );
  // A real profile through the importer of the packed build (its gzip dependency included).
  run(
    [],
    `const core = require('flamekit/core');
     const profile = core.importProfile(require('node:fs').readFileSync(0));
     if (profile.format !== 'folded' || profile.tree().total[0] !== ${expectedTotal}) process.exit(1);
     console.log('  ok: importProfile from the packed build -> ' + profile.format + ', total ' + profile.tree().total[0]);`,
  );

  // The command line of the packed build, where npm installed no optional peer (no canvas: a
  // user's install compiles nothing). HTML and SVG are drawn; the page's script, made from the
  // built viewer's source, must still parse; PNG says how to get the canvas package.
  console.log('the flamekit command of the packed build:');
  const cli = join(work, 'node_modules/.bin/flamekit');
  const fixture = join(
    root,
    'tests/fixtures/profiles/collapsed/diff/jfr-parser-kafka-cpu-1.collapsed.txt.gz',
  );
  for (const name of ['out.svg', 'out.html'])
    execFileSync(cli, ['render', fixture, '-o', name], { cwd: work, stdio: 'inherit' });
  const page = readFileSync(join(work, 'out.html'), 'utf8');
  const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]);
  if (scripts.length !== 1) throw new Error(`the page has ${scripts.length} inline scripts, not 1`);
  new Function(scripts[0]); // throws a SyntaxError if the built viewer's source does not parse
  console.log(`  ok: render -o out.html (${page.length} bytes, its script parses) and out.svg`);
  let png;
  try {
    execFileSync(cli, ['render', fixture, '-o', 'out.png'], {
      cwd: work,
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (error) {
    png = error;
  }
  if (png?.status !== 1 || !png.stderr.includes('npm install @napi-rs/canvas'))
    throw new Error(
      `render -o out.png without a canvas package should fail with exit 1 and say how to install one`,
    );
  console.log(
    '  ok: render -o out.png without a canvas package exits 1 and says: npm install @napi-rs/canvas',
  );

  // What a product team reads in node_modules/flamekit: the licence, and every page the README
  // links to (the docs travel with the package).
  console.log('the files of the installed package:');
  const installed = join(work, 'node_modules/flamekit');
  if (!readFileSync(join(installed, 'LICENSE'), 'utf8').includes('Apache License'))
    throw new Error('the package has no Apache-2.0 LICENSE');
  const readme = readFileSync(join(installed, 'README.md'), 'utf8').replace(/```[\s\S]*?```/g, '');
  const links = [...readme.matchAll(/\]\(([^)\s#]+)(#[^)\s]*)?\)/g)]
    .map((match) => match[1])
    .filter((link) => !/^(https?:|mailto:)/.test(link));
  const missing = links.filter((link) => !existsSync(join(installed, link)));
  if (missing.length > 0) throw new Error(`README links missing from the package: ${missing}`);
  console.log(
    `  ok: LICENSE, and all ${links.length} README links resolve in node_modules/flamekit`,
  );

  // The tarball as tools judge it: package.json's fields (publint), and the types of every entry
  // point under each moduleResolution people use, node10 included (Are the Types Wrong).
  const bin = (name) => join(root, 'node_modules/.bin', name);
  const tarball = join(work, packed[0].filename);
  execFileSync(bin('publint'), [tarball, '--strict'], { stdio: 'inherit' });
  execFileSync(bin('attw'), [tarball, '--format', 'table-flipped'], { stdio: 'inherit' });
} finally {
  rmSync(work, { recursive: true, force: true });
}
