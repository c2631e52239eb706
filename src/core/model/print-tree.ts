import type { CallTree } from './call-tree';

export interface PrintTreeOptions {
  /** Include the synthetic root as the first line. Default false. */
  includeRoot?: boolean;
  /**
   * Deeper lines are not indented further; they start with `[depth N]` instead, so that a
   * 200,000-deep stack prints in linear space. Default 64.
   */
  maxIndentDepth?: number;
}

/**
 * The tree as text, one node a line, children indented by two spaces under their parent:
 *
 * ```
 * - a (total 4, self 0)
 *   - b (total 3, self 3)
 * ```
 *
 * A tree that compares two profiles adds the baseline: `(total 4, self 0; baseline 2, 1)`.
 * Tests assert on this text, so it is stable: change it only with a changelog entry.
 */
export function printTree(tree: CallTree, options: PrintTreeOptions = {}): string {
  const { includeRoot = false, maxIndentDepth = 64 } = options;
  const lines: string[] = [];
  const indents: string[] = [''];
  const firstDepth = includeRoot ? 0 : 1;
  for (let node = includeRoot ? 0 : 1; node < tree.nodeCount; node++) {
    const level = tree.depth[node] - firstDepth;
    let indent: string;
    if (level <= maxIndentDepth) {
      while (indents.length <= level) indents.push(indents[indents.length - 1] + '  ');
      indent = indents[level];
    } else {
      indent = `[depth ${level}] `;
    }
    let line = `${indent}- ${tree.name(node)} (total ${tree.total[node]}, self ${tree.self[node]}`;
    if (tree.baselineTotal && tree.baselineSelf)
      line += `; baseline ${tree.baselineTotal[node]}, ${tree.baselineSelf[node]}`;
    lines.push(line + ')');
  }
  return lines.join('\n');
}
