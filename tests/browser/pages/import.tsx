import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ProfileExplorer } from '../../../src/react';

/**
 * A page with a <ProfileExplorer input={bytes}> and the default importer (flamekit's own worker,
 * served beside the page when the test asks for src/worker/worker-script.ts). Query: `fixture`, or
 * `big` for generated folded stacks of that many lines.
 * `window.flamekitTest.setInput(fixture)` gives the explorer another file.
 */
const query = new URLSearchParams(location.search);
const read = async (fixture: string) =>
  new Uint8Array(await (await fetch(`/fixtures/${fixture}`)).arrayBuffer());

function Page({ first }: { first: Uint8Array }) {
  const [input, setInput] = useState(first);
  Object.assign(window, {
    flamekitTest: { setInput: async (fixture: string) => setInput(await read(fixture)) },
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
