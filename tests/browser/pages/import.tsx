import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { gzipSync } from 'fflate';
import { exportProfile, importProfile, printTree, type Profile } from '../../../src/core';
import { ProfileExplorer } from '../../../src/react';
import { createProfileImporter } from '../../../src/worker';

/**
 * A page with a <ProfileExplorer input={bytes}> and the default importer (flamekit's own worker,
 * served beside the page when the test asks for src/worker/worker-script.ts). Query: `fixture`, or
 * `big` for generated folded stacks of that many lines.
 * `window.flamekitTest.setInput(fixture)` gives the explorer another file.
 */
const query = new URLSearchParams(location.search);
const read = async (fixture: string) =>
  new Uint8Array(await (await fetch(`/fixtures/${fixture}`)).arrayBuffer());

/** What a tree says, in short: its total, its size and its heaviest lines. */
function summary(profile: Profile) {
  const tree = profile.tree();
  const lines = printTree(tree).split('\n').slice(0, 200).join('\n');
  return { total: tree.total[0], nodes: tree.nodeCount, lines };
}

/**
 * A fixture imported by flamekit's worker (served beside the page) and on this thread: gzipped
 * again (stored, not compressed, to stay large) as `members` gzip members of a folded copy when
 * asked, to reach the worker's paths for
 * large gzip input (the browser's DecompressionStream, and the library's decoder where it fails).
 */
async function compareWithWorker(fixture: string, members: number) {
  let bytes = await read(fixture);
  if (members > 0) {
    const folded = new TextEncoder().encode(exportProfile(importProfile(bytes), 'folded'));
    const step = Math.ceil(folded.length / members);
    const parts = Array.from({ length: members }, (_, k) =>
      gzipSync(folded.subarray(k * step, (k + 1) * step), { level: 0 }),
    );
    bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
    parts.reduce((at, part) => (bytes.set(part, at), at + part.length), 0);
  }
  const importer = createProfileImporter(
    new Worker(new URL('/worker-script.js', location.href), { type: 'module' }),
  );
  try {
    const viaWorker = summary(await importer.importProfile(bytes));
    return { bytes: bytes.length, viaWorker, inPlace: summary(importProfile(bytes)) };
  } finally {
    importer.dispose();
  }
}

function Page({ first }: { first: Uint8Array }) {
  const [input, setInput] = useState(first);
  Object.assign(window, {
    flamekitTest: {
      setInput: async (fixture: string) => setInput(await read(fixture)),
      compareWithWorker,
    },
  });
  return <ProfileExplorer input={input} height={420} />;
}

/** Folded stacks of about `lines` distinct lines (seconds to import), for a slow import. */
function bigFolded(lines: number): Uint8Array {
  const parts: string[] = [];
  for (let i = 0; i < lines; i++)
    parts.push(`main;service${i % 97};handler${i % 1013};work${i} ${1 + (i % 7)}\n`);
  return new TextEncoder().encode(parts.join(''));
}

async function main() {
  const big = Number(query.get('big') ?? 0);
  const bytes =
    big > 0
      ? bigFolded(big)
      : await read(query.get('fixture') ?? 'pprof/go/google-pprof-sample.cpu.pb.gz');
  const container = document.getElementById('root')!;
  container.style.width = '1100px';
  createRoot(container).render(<Page first={bytes} />);
  Object.assign(window, { flamekitReady: true });
}

void main();
