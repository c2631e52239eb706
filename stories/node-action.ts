import { action } from 'storybook/actions';
import type { FlameGraphNode, NodeContextMenuEvent } from '../src/react';

/**
 * A node callback that shows in Actions what a host reads from the node: its index, path and
 * summary. Not the tree it belongs to: Storybook writes out every argument it logs, and a tree's
 * arrays are megabytes (44 MB for each hover of the pprof story), written on every hover and sent
 * to the dev server, which closes its WebSocket on a message over 100 MB.
 */
export function nodeAction(name: string) {
  const log = action(name);
  return (node: FlameGraphNode | undefined, event?: NodeContextMenuEvent) => {
    const shown = node && { node: node.node, path: node.path, summary: node.summary };
    if (event) log(shown, { clientX: event.clientX, clientY: event.clientY });
    else log(shown);
  };
}
