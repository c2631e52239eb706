// Packs flamekit as npm would publish it, installs the tarball into an empty folder where React
// cannot be resolved, and loads flamekit/core there with require and with import. This is the
// proof that the core needs neither React nor a DOM (docs/architecture.md).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
} finally {
  rmSync(work, { recursive: true, force: true });
}
