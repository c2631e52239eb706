import type { KeyboardEvent } from 'react';
import { computeNeighbour, type CallTree, type NodeIndex } from '../core/index';
import type { Orientation } from '../render/index';
import type { ContextMenuItem } from './ContextMenu';
import type { TreeTransform } from './tree-transforms';

// What the keyboard and the context menu of <FlameGraph> do, as plain functions of the graph's
// state: the component passes its state and actions in and wires the results to its events.

export interface FlameGraphKeyOptions {
  tree: CallTree | undefined;
  /** The node the keys start from: the selected node, else the zoomed one. */
  current: NodeIndex;
  orientation: Orientation;
  /** The first row drawn: the arrows skip rows above it. */
  firstDepth: number;
  select: (node: NodeIndex) => void;
  zoomTo: (node: NodeIndex) => void;
  resetZoom: () => void;
  back: () => void;
  focusSearch: () => void;
  openMenuAt: (node: NodeIndex) => void;
}

/**
 * The graph's keys: arrows walk the tree (deeper to the heaviest child, shallower to the parent,
 * sideways to siblings), Enter zooms, Escape resets, Backspace goes back, / searches, and the
 * context-menu key (or Shift + F10) opens the menu on the current node.
 */
export function flameGraphKeyHandler(options: FlameGraphKeyOptions) {
  const { tree, orientation, firstDepth, select, zoomTo, resetZoom, back } = options;
  return (event: KeyboardEvent<HTMLDivElement>) => {
    if (!tree || event.target !== event.currentTarget) return;
    let current = options.current;
    const deeper = orientation === 'flame' ? 'ArrowUp' : 'ArrowDown';
    const shallower = orientation === 'flame' ? 'ArrowDown' : 'ArrowUp';
    let handled = true;
    if (event.key === deeper) {
      // From a row not drawn, down to the first row that is.
      let next = computeNeighbour(tree, current, 'heaviest-child');
      while (tree.depth[next] < firstDepth && next !== current)
        [current, next] = [next, computeNeighbour(tree, next, 'heaviest-child')];
      select(next);
    } else if (event.key === shallower) select(computeNeighbour(tree, current, 'parent'));
    else if (event.key === 'ArrowLeft') select(computeNeighbour(tree, current, 'previous-sibling'));
    else if (event.key === 'ArrowRight') select(computeNeighbour(tree, current, 'next-sibling'));
    else if (event.key === 'Enter') zoomTo(current);
    else if (event.key === 'Escape') resetZoom();
    else if (event.key === 'Backspace') back();
    else if (event.key === '/') options.focusSearch();
    else if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey))
      options.openMenuAt(current);
    else handled = false;
    if (handled) event.preventDefault();
  };
}

export interface FlameGraphMenuOptions {
  tree: CallTree;
  node: NodeIndex;
  zoomTo: (node: NodeIndex) => void;
  transforms: readonly TreeTransform[];
  setTransforms: (transforms: readonly TreeTransform[]) => void;
  onOpenSandwich: ((name: string) => void) | undefined;
}

/** flamekit's own items of a node's context menu (a host's follow them). */
export function flameGraphMenuItems(options: FlameGraphMenuOptions): ContextMenuItem[] {
  const { tree, node, zoomTo, transforms, setTransforms, onOpenSandwich } = options;
  const name = tree.name(node);
  const items: ContextMenuItem[] = [
    { label: 'Zoom to this frame', onSelect: () => zoomTo(node) },
    { label: 'Copy function name', onSelect: () => void navigator.clipboard?.writeText(name) },
  ];
  if (onOpenSandwich)
    items.push({ label: 'Open in sandwich view', onSelect: () => onOpenSandwich(name) });
  if (node > 0) {
    items.push(
      {
        label: 'Merge function (hide it, keep its callees)',
        onSelect: () => setTransforms([...transforms, { kind: 'merge-function', name }]),
      },
      {
        label: 'Drop function (hide it and its callees)',
        onSelect: () => setTransforms([...transforms, { kind: 'drop-function', name }]),
      },
      {
        label: 'Collapse recursion',
        onSelect: () => setTransforms([...transforms, { kind: 'collapse-recursion', name }]),
      },
    );
  }
  if (transforms.length > 0)
    items.push({ label: 'Undo all merges and drops', onSelect: () => setTransforms([]) });
  return items;
}
