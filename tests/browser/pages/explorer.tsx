import { createRoot } from 'react-dom/client';
import { ProfileExplorer } from '../../../src/react';

/** A page with a <ProfileExplorer> on a fixture (`fixture` query, default a pprof with 2 sample types). */
const query = new URLSearchParams(location.search);

async function main() {
  const fixture = query.get('fixture') ?? 'pprof/go/google-pprof-sample.cpu.pb.gz';
  const bytes = new Uint8Array(await (await fetch(`/fixtures/${fixture}`)).arrayBuffer());
  const container = document.getElementById('root')!;
  container.style.width = '1100px';
  createRoot(container).render(<ProfileExplorer input={bytes} height={420} />);
  requestAnimationFrame(() =>
    requestAnimationFrame(() => Object.assign(window, { flamekitReady: true })),
  );
}

void main();
