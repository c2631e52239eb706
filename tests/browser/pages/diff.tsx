import { createRoot } from 'react-dom/client';
import { computeDiff, createDiffColorScale, importProfile } from '../../../src/core';
import { DiffFlameGraph } from '../../../src/react';

/**
 * A page with a <DiffFlameGraph> of two fixtures (`baseline` and `comparison` queries; by default
 * two consecutive CPU windows of a Kafka pod). It exposes the colours the test looks for.
 */
const query = new URLSearchParams(location.search);

async function load(path: string) {
  return importProfile(new Uint8Array(await (await fetch(`/fixtures/${path}`)).arrayBuffer()));
}

async function main() {
  const before = await load(
    query.get('baseline') ?? 'collapsed/diff/jfr-parser-kafka-cpu-0.collapsed.txt.gz',
  );
  const after = await load(
    query.get('comparison') ?? 'collapsed/diff/jfr-parser-kafka-cpu-1.collapsed.txt.gz',
  );
  const diff = computeDiff(before.tree(), after.tree());
  const legendOf = (palette: 'default' | 'colorblind') =>
    createDiffColorScale(diff, { palette }).legend;
  Object.assign(window, {
    flamekitLegends: { default: legendOf('default'), colorblind: legendOf('colorblind') },
  });
  const container = document.getElementById('root')!;
  container.style.width = '1100px';
  createRoot(container).render(<DiffFlameGraph tree={diff} unit="nanoseconds" height={420} />);
  requestAnimationFrame(() =>
    requestAnimationFrame(() => Object.assign(window, { flamekitReady: true })),
  );
}

void main();
