import { createFlameLayout, formatValue, printTree, treeFromFolded } from '../src/core';

/** Text from profiles is untrusted: everything put into the page goes through here. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * The preview page `npm start` serves until Storybook replaces it: a list of the folded fixtures
 * and, for the chosen one, its totals and printed call tree.
 */
export function renderPreviewPage(
  files: string[],
  chosen: { name: string; text: string } | undefined,
): string {
  const list = files
    .map((file) => `<li><a href="/?file=${encodeURIComponent(file)}">${escapeHtml(file)}</a></li>`)
    .join('');
  let body = '<p>Choose a profile.</p>';
  if (chosen) {
    const tree = treeFromFolded(chosen.text);
    const layout = createFlameLayout(tree);
    body = `<h2>${escapeHtml(chosen.name)}</h2>
<p>${tree.nodeCount.toLocaleString('en-US')} nodes, ${layout.rowCount} rows, total ${escapeHtml(formatValue(tree.total[0], 'samples'))}</p>
<pre>${escapeHtml(printTree(tree))}</pre>`;
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>flamekit preview</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;display:flex;gap:2rem}nav{min-width:20rem}pre{font:12px ui-monospace,monospace}</style>
</head><body><nav><h1>flamekit</h1><ul>${list}</ul></nav><main>${body}</main></body></html>`;
}
