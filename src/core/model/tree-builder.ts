import type { CallTree } from './call-tree';
import { computeCallTree, type SiblingOrder } from './call-tree-from-stacks';
import { FlamekitError } from '../errors';
import { FrameTable } from './frame-table';
import { growFloat64 } from './growable';
import { StackBatch } from './stack-batch';
import { StackTable } from './stack-table';
import type { FrameIndex } from '../types';

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
 * number of frames: the stacks are kept as they come and go into a {@link StackTable} together
 * when the tree is built (grouped, when they come in no order), their values are added up per
 * stack, and {@link computeCallTree} lays the result out.
 *
 * A stack that is rejected (bad frame id, NaN or infinite value) changes nothing.
 */
export class CallTreeBuilder {
  readonly frames: FrameTable;
  private readonly stacks: StackTable;
  private readonly options: CallTreeBuilderOptions;
  /** The stacks added, interned together by {@link build}, and the value and side of each. */
  private readonly batch: StackBatch;
  private values = new Float64Array(256);
  private baselineSide: Uint8Array | undefined;
  private built = false;

  constructor(options: CallTreeBuilderOptions = {}) {
    this.frames = options.frames ?? new FrameTable();
    this.stacks = new StackTable(this.frames);
    this.batch = new StackBatch(this.stacks);
    this.options = options;
  }

  /**
   * Adds `value` to the stack made of the first `length` frames of `stack`, root first.
   * An empty stack adds to the root's self.
   */
  addStack(stack: ArrayLike<FrameIndex>, value: number, length: number = stack.length): void {
    this.add(stack, value, length, false);
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
    this.add(stack, value, length, true);
  }

  /** Builds the tree. The builder cannot be used afterwards. */
  build(): CallTree {
    this.checkUsable();
    this.built = true;
    const leaves = this.batch.finish();
    const count = leaves.length;
    const n = this.stacks.size;
    const self = new Float64Array(n);
    const baselineSelf = this.baselineSide && new Float64Array(n);
    for (let k = 0; k < count; k++) {
      if (baselineSelf && this.baselineSide![k]) baselineSelf[leaves[k]] += this.values[k];
      else self[leaves[k]] += this.values[k];
    }
    return computeCallTree(this.stacks, self, {
      siblingOrder: this.options.siblingOrder,
      rootName: this.options.rootName,
      keepEmptyNodes: this.options.keepEmptyNodes,
      baselineSelf,
    });
  }

  private add(stack: ArrayLike<FrameIndex>, value: number, length: number, baseline: boolean) {
    this.checkUsable();
    if (!Number.isFinite(value)) {
      throw new FlamekitError(
        'invalid-value',
        `a sample value is ${value}; sample values must be finite numbers`,
      );
    }
    const k = this.batch.add(stack, length);
    if (k >= this.values.length) this.values = growFloat64(this.values, k + 1);
    this.values[k] = value;
    if (baseline) this.baselineSide ??= new Uint8Array(this.values.length);
    if (this.baselineSide) {
      if (k >= this.baselineSide.length) {
        const grown = new Uint8Array(this.values.length);
        grown.set(this.baselineSide);
        this.baselineSide = grown;
      }
      this.baselineSide[k] = baseline ? 1 : 0;
    }
  }

  private checkUsable(): void {
    if (this.built)
      throw new FlamekitError(
        'invalid-argument',
        'this CallTreeBuilder has already built its tree; create a new one',
      );
  }
}
