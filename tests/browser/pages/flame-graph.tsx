import { createRoot } from 'react-dom/client';
import {
  computeNodeColors,
  colorToCss,
  findNodeByPath,
  importProfile,
  treeFromFolded,
  type CallTree,
} from '../../../src/core';
import { FlameGraph } from '../../../src/react';

/**
 * A page with one <FlameGraph>. Query: `fixture` (a file under tests/fixtures/profiles; default a
 * small inline profile), `height`, `theme`, `orientation`, `width` (of the container).
 */
const query = new URLSearchParams(location.search);
const INLINE = 'main;parse;lex 30\nmain;parse 10\nmain;render 40\nmain;idle 20';

async function main() {
  const fixture = query.get('fixture');
  let tree: CallTree;
  let profile;
  if (fixture) {
    profile = importProfile(
      new Uint8Array(await (await fetch(`/fixtures/${fixture}`)).arrayBuffer()),
    );
    tree = profile.tree();
  } else if (query.get('deep')) {
    const depth = Number(query.get('deep'));
    tree = treeFromFolded(
      `${Array.from({ length: depth }, (_, i) => `frame${i % 10}`).join(';')} 1`,
    );
  } else {
    tree = treeFromFolded(INLINE);
  }
  const theme = query.get('theme') === 'dark' ? 'dark' : 'light';
  const colors = computeNodeColors(tree, 'package', { theme });
  Object.assign(window, {
    flamekitTest: {
      colorOf: (path: string[]) =>
        colorToCss(colors[path.length === 0 ? 0 : findNodeByPath(tree, path)]),
      total: tree.total[0],
    },
  });
  const container = document.getElementById('root')!;
  container.style.width = `${query.get('width') ?? 800}px`;
  createRoot(container).render(
    <FlameGraph
      {...(profile ? { profile } : { tree, unit: 'samples' })}
      height={Number(query.get('height') ?? 300)}
      theme={theme}
      orientation={query.get('orientation') === 'icicle' ? 'icicle' : 'flame'}
    />,
  );
  // Ready after the first animation frames have drawn.
  requestAnimationFrame(() =>
    requestAnimationFrame(() => Object.assign(window, { flamekitReady: true })),
  );
}

void main();
