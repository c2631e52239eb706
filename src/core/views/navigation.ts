import type { CallTree } from '../model/call-tree';
import type { NodeIndex } from '../types';

/** Where a keyboard step goes from a node. */
export type NavigationStep = 'parent' | 'heaviest-child' | 'previous-sibling' | 'next-sibling';

/**
 * The node one keyboard step away, or the node itself when there is nowhere to go (the root has
 * no parent, a leaf no child, the first sibling no previous). Siblings are in sibling order, left
 * to right as drawn.
 */
export function computeNeighbour(tree: CallTree, node: NodeIndex, step: NavigationStep): NodeIndex {
  const { parent, subtreeEnd, total } = tree;
  switch (step) {
    case 'parent':
      return parent[node] >= 0 ? parent[node] : node;
    case 'heaviest-child': {
      let best = -1;
      for (let child = node + 1; child < subtreeEnd[node]; child = subtreeEnd[child]) {
        if (best < 0 || total[child] > total[best]) best = child;
      }
      return best >= 0 ? best : node;
    }
    case 'next-sibling': {
      const next = subtreeEnd[node];
      return node > 0 && next < subtreeEnd[parent[node]] ? next : node;
    }
    case 'previous-sibling': {
      if (node === 0) return node;
      const p = parent[node];
      let previous = -1;
      for (let child = p + 1; child < node; child = subtreeEnd[child]) previous = child;
      return previous >= 0 ? previous : node;
    }
  }
}
