import type { CallTree } from './call-tree';
import { computeCallTree, type SiblingOrder } from './call-tree-from-stacks';
import { FlamekitError } from './errors';
import { FrameTable } from './frame-table';
import { growFloat64 } from './growable';
import { StackTable } from './stack-table';
import type { FrameIndex } from './types';

export interface CallTreeBuilderOptions {
  /** Frame table the stacks' ids point into; a new one if absent. */
  frames?: FrameTable;
  siblingOrder?: SiblingOrder;
  /** Name of the synthetic root. */
  rootName?: string;
  /** Keep nodes whose whole subtree has no value; see {@link computeCallTree}. Default false. */
  keepEmptyNodes?: boolean;
}

/**
 * Merges stacks (root-first frame ids plus a value) into a {@link CallTree} in time linear in the
 * number of frames: the stacks go into a {@link StackTable}, their values are added up per stack,
 * and {@link computeCallTree} lays the result out.
 *
 * A stack that is rejected (bad frame id, NaN or infinite value) changes nothing.
 */
export class CallTreeBuilder {
  readonly frames: FrameTable;
  private readonly stacks: StackTable;
  private readonly options: CallTreeBuilderOptions;
  private self = new Float64Array(1024);
  private baselineSelf: Float64Array | undefined;
  private built = false;

  constructor(options: CallTreeBuilderOptions = {}) {
    this.frames = options.frames ?? new FrameTable();
    this.stacks = new StackTable(this.frames);
    this.options = options;
  }

  /**
   * Adds `value` to the stack made of the first `length` frames of `stack`, root first.
   * An empty stack adds to the root's self.
   */
  addStack(stack: ArrayLike<FrameIndex>, value: number, length: number = stack.length): void {
    const leaf = this.insert(stack, value, length);
    this.self[leaf] += value;
  }

  /**
   * Adds `value` to the baseline side of the stack, making this a tree that compares two profiles:
   * `addStack` then feeds the comparison side. Both sides share nodes, so the tree is aligned by path.
   */
  addBaselineStack(
    stack: ArrayLike<FrameIndex>,
    value: number,
    length: number = stack.length,
  ): void {
    const leaf = this.insert(stack, value, length);
    this.baselineSelf ??= new Float64Array(this.self.length);
    this.baselineSelf[leaf] += value;
  }

  /** Builds the tree. The builder cannot be used afterwards. */
  build(): CallTree {
    this.checkUsable();
    this.built = true;
    const n = this.stacks.size;
    if (this.baselineSelf) this.baselineSelf = growFloat64(this.baselineSelf, n);
    return computeCallTree(this.stacks, growFloat64(this.self, n), {
      siblingOrder: this.options.siblingOrder,
      rootName: this.options.rootName,
      keepEmptyNodes: this.options.keepEmptyNodes,
      baselineSelf: this.baselineSelf,
    });
  }

  private insert(stack: ArrayLike<FrameIndex>, value: number, length: number): number {
    this.checkUsable();
    if (!Number.isFinite(value)) {
      throw new FlamekitError(
        'invalid-value',
        `a sample value is ${value}; sample values must be finite numbers`,
      );
    }
    const leaf = this.stacks.intern(stack, length);
    if (leaf >= this.self.length) {
      this.self = growFloat64(this.self, leaf + 1);
      if (this.baselineSelf) this.baselineSelf = growFloat64(this.baselineSelf, this.self.length);
    }
    return leaf;
  }

  private checkUsable(): void {
    if (this.built)
      throw new FlamekitError(
        'invalid-argument',
        'this CallTreeBuilder has already built its tree; create a new one',
      );
  }
}
