import { createRoot } from 'react-dom/client';
import { ProfileExplorer } from '../../../src/react';

/**
 * A page with a <ProfileExplorer> on a fixture (`fixture` query, default a pprof with 2 sample
 * types), 1100 px wide or `width` px (`width=page`: the page's width).
 */
const query = new URLSearchParams(location.search);

async function main() {
  const fixture = query.get('fixture') ?? 'pprof/go/google-pprof-sample.cpu.pb.gz';
  const bytes = new Uint8Array(await (await fetch(`/fixtures/${fixture}`)).arrayBuffer());
  const container = document.getElementById('root')!;
  const width = query.get('width') ?? '1100';
  container.style.width = width === 'page' ? 'auto' : `${width}px`;
  createRoot(container).render(<ProfileExplorer input={bytes} height={420} />);
  requestAnimationFrame(() =>
    requestAnimationFrame(() => Object.assign(window, { flamekitReady: true })),
  );
}

void main();
