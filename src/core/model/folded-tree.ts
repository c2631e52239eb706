import type { CallTree } from './call-tree';
import { FlamekitError } from '../errors';
import { FrameTable } from './frame-table';
import type { SiblingOrder } from './call-tree-from-stacks';
import { CallTreeBuilder } from './tree-builder';

export interface TreeFromFoldedOptions {
  siblingOrder?: SiblingOrder;
  frames?: FrameTable;
}

/**
 * Builds a tree from folded stacks written inline, the quickest way to state a test's input:
 *
 * ```ts
 * treeFromFolded('a;b;c 3\na;d 1')
 * ```
 *
 * Each non-blank line is `frame;frame;... value`. A line with two values, `stack before after`,
 * makes a tree that compares two profiles (the first value is the baseline). Leading blank space
 * is ignored so that template literals can be indented. A line that does not parse throws
 * {@link FlamekitError} with its line number.
 */
export function treeFromFolded(text: string, options: TreeFromFoldedOptions = {}): CallTree {
  const frames = options.frames ?? new FrameTable();
  const builder = new CallTreeBuilder({ frames, siblingOrder: options.siblingOrder });
  const lines = text.split(/\r?\n/);
  const stack: number[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index].trim();
    if (line === '') continue;
    const match =
      /^(.*?)\s+(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)(?:\s+(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?))?$/i.exec(
        line,
      );
    if (!match) {
      throw new FlamekitError(
        'parse-error',
        `"${line.slice(0, 80)}" is not "frame;frame;... value"`,
        { format: 'folded', position: { line: index + 1 } },
      );
    }
    stack.length = 0;
    for (const name of match[1].split(';')) stack.push(frames.internName(name));
    if (match[3] === undefined) {
      builder.addStack(stack, Number(match[2]));
    } else {
      builder.addBaselineStack(stack, Number(match[2]));
      builder.addStack(stack, Number(match[3]));
    }
  }
  return builder.build();
}
