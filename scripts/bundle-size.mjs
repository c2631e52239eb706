// What flamekit adds to an app, per way of using it: each case below is a small app that imports
// flamekit from node_modules (a link to this checkout, so package.json's "exports" and
// "sideEffects" apply as in a host), bundled for production the way Vite does it (Rollup, browser
// resolution, minified by esbuild), React left out (every such app has it already), then gzipped.
// Chunks that a case loads on demand (dynamic import) are counted apart: they cost nothing until a
// user asks for them. Run `npm run build` first.
//
//   node scripts/bundle-size.mjs            print the table; exit 1 if a case passes its budget
//   node scripts/bundle-size.mjs --json     the same figures as JSON
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import esbuild from 'rollup-plugin-esbuild';

const root = resolve(import.meta.dirname, '..');

/** Each case: the app code, and the most it may add in gzip bytes (docs/performance.md). */
const CASES = [
  {
    name: 'core tree model (builder, frames, layout, units)',
    budget: 15_000,
    code: `import { CallTreeBuilder, FrameTable, createFlameLayout, formatValue } from 'flamekit/core';
      const frames = new FrameTable(); const builder = new CallTreeBuilder({ frames });
      builder.addStack([frames.internName('main')], 1);
      const tree = builder.build(); console.log(createFlameLayout(tree), formatValue(tree.total[0], 'nanoseconds'));`,
  },
  {
    name: 'core with importProfile',
    // 32 KB before issue 22 added the linear-time regular expression engine (about 5 KB gzip)
    // that pprof's drop_frames needs, and the one-pass line readers and streaming gunzip; 37 KB
    // before issue 25 (threads as views, stackcollapse-perf's names and options, Firefox
    // upgrades from version 0, the .NET pprof repair: about 4 KB); 41 KB before issue 23 (stacks
    // interned in batches, grouped when they come in no order, and pprof's flat location
    // table: 1.5 KB); 42 KB before issue 26 kept every thread's samples and spans in time order
    // (2.7 KB).
    budget: 45_000,
    code: `import { importProfile } from 'flamekit/core';
      console.log(importProfile(globalThis.input).tree().nodeCount);`,
  },
  {
    name: '<FlameGraph> with a tree passed in',
    budget: 45_000,
    code: `import { FlameGraph } from 'flamekit';
      console.log(FlameGraph);`,
  },
  {
    name: '<FlameGraph> and importProfile',
    // 55 KB before issue 22's regular expression engine (search and pprof's drop_frames), 57 KB
    // before issue 20's graph as a guest on the page (native row scrolling and the wheel hint,
    // host events and the ref handle, function-first labels with values, muted narrow boxes), 58
    // KB before issue 25's importers (about 4 KB), 62 KB before issue 23 (input painted in the
    // next frame, the search shared and faded by frame, the compact layout, and the importers'
    // batched stacks: 1.7 KB), 64 KB before issue 21's themes from CSS variables (65.0 KB), 66
    // KB before issue 26's time order in the importers (2.9 KB), 69 KB before issue 23's search
    // in the next frame at a million nodes (0.6 KB: the flame graph keeps the boxes it placed,
    // search counts per frame and each frame table's last matches).
    budget: 70_000,
    code: `import { FlameGraph, importProfile } from 'flamekit';
      console.log(FlameGraph, importProfile);`,
  },
  {
    name: '<ProfileExplorer>',
    // Issue 19's goal was 75 KB. Since issue 23 the explorer imports in its own worker, and loads
    // the importers on demand only where it imports on the main thread: 92.5 KB at start before
    // (issue 25's importers and thread picker included), 63.7 KB after (the worker script is a
    // chunk of its own, which the host's bundler makes for the worker); 67.7 KB with issue 21's
    // finished parts (themes from CSS variables, the sandwich as one view, call tree search);
    // 68.5 KB with issue 26's Flame chart view (the chart itself, 12.7 KB, loads on demand);
    // 69.2 KB with the flame graph's prepared first frame (no long task on a large tree); 70.1
    // KB with the idle-time search of a large tree (the first key at 1M in the next frame).
    budget: 71_000,
    code: `import { ProfileExplorer } from 'flamekit';
      console.log(ProfileExplorer);`,
  },
  {
    name: 'Pyroscope client (createPyroscopeSource)',
    // Only the apps that call it have it: the cases above must not (checked below).
    server: true,
    budget: 40_000,
    code: `import { createPyroscopeSource } from 'flamekit/core';
      const source = createPyroscopeSource({ url: globalThis.url });
      console.log(source.queryMergedTree(globalThis.query));`,
  },
  {
    name: '<FleetExplorer> on the Pyroscope client',
    server: true,
    // <ProfileExplorer>, the Timeline (d3's time scales), label filter, source view and the client;
    // 125 KB before issue 25's importers and thread picker (4.6 KB, in <ProfileExplorer>), 130 KB
    // before issue 23 moved the explorer's importers into its worker (119.4 KB after).
    budget: 122_000,
    code: `import { FleetExplorer, createPyroscopeSource } from 'flamekit';
      console.log(FleetExplorer, createPyroscopeSource);`,
  },
  {
    name: "the explorer's import worker (a chunk the worker loads, not the page)",
    // What flamekit/worker-script holds: every importer and the transfer of the result; 45 KB
    // before issue 26's time order (the importers' and its transfer: 3.0 KB).
    budget: 48_000,
    code: `import { serveProfileImports } from 'flamekit/worker';
      serveProfileImports(self);`,
  },
];

const isReact = (id) => /^react(-dom)?(\/|$)/.test(id);

/** Minified, gzipped bytes of a case: the code loaded at start, and what it may load later. */
async function measure(code, work) {
  const entry = join(work, 'app.js');
  writeFileSync(entry, code);
  const bundle = await rollup({
    input: entry,
    external: isReact,
    plugins: [nodeResolve({ browser: true }), esbuild({ minify: true, target: 'es2022' })],
    onwarn: () => {},
  });
  const { output } = await bundle.generate({ format: 'es' });
  await bundle.close();
  const chunks = new Map(
    output.filter((item) => item.type === 'chunk').map((c) => [c.fileName, c]),
  );
  // What the app loads at start: its entry and the entry's static imports, transitively.
  const eager = new Set();
  const visit = (name) => {
    if (eager.has(name) || !chunks.has(name)) return;
    eager.add(name);
    for (const imported of chunks.get(name).imports) visit(imported);
  };
  for (const chunk of chunks.values()) if (chunk.isEntry) visit(chunk.fileName);
  let atStart = 0;
  let onDemand = 0;
  for (const chunk of chunks.values()) {
    const size = gzipSync(chunk.code, { level: 9 }).length;
    if (eager.has(chunk.fileName)) atStart += size;
    else onDemand += size;
  }
  const bundled = [...chunks.values()].map((chunk) => chunk.code).join('\n');
  return { atStart, onDemand, serverClient: bundled.includes(SERVER_CLIENT_MARK) };
}

/** A string only the Pyroscope client has: an app that does not use it must not contain it. */
const SERVER_CLIENT_MARK = 'querier.v1.QuerierService';

if (!existsSync(join(root, 'dist/index.js'))) {
  console.error('bundle-size: dist/ is missing; run `npm run build` first');
  process.exit(1);
}
const work = mkdtempSync(join(tmpdir(), 'flamekit-bundle-size-'));
mkdirSync(join(work, 'node_modules'));
symlinkSync(root, join(work, 'node_modules/flamekit'), 'dir');
const rows = [];
try {
  for (const { name, budget, code, server = false } of CASES)
    rows.push({ name, budget, server, ...(await measure(code, work)) });
} finally {
  rmSync(work, { recursive: true, force: true });
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  console.log(
    '\nWhat flamekit adds to an app (Rollup as Vite builds for production, minified, gzip -9, React left out)\n',
  );
  console.log('| case | at start | on demand | budget |');
  console.log('| --- | --- | --- | --- |');
  for (const row of rows)
    console.log(
      `| ${row.name} | ${kb(row.atStart)} | ${kb(row.onDemand)} | ${kb(row.budget)}${row.atStart > row.budget ? ' **over**' : ''} |`,
    );
}
const leaked = rows.filter((row) => row.serverClient && !row.server);
if (leaked.length > 0) {
  console.error(
    `\nbundle-size: the Pyroscope client is in apps that do not use it: ${leaked.map((row) => row.name).join('; ')}`,
  );
  process.exit(1);
}
const over = rows.filter((row) => row.atStart > row.budget);
if (over.length > 0) {
  console.error(
    `\nbundle-size: over budget: ${over.map((row) => `${row.name} (${kb(row.atStart)} > ${kb(row.budget)})`).join('; ')}`,
  );
  process.exit(1);
}
