import type { CallTree } from './call-tree';
import { computeCallTree } from './call-tree-from-stacks';
import { FlamekitError, type InputPosition } from '../errors';
import { FrameTable } from './frame-table';
import { growFloat64, growInt32 } from './growable';
import type {
  ImportWarning,
  Label,
  Profile,
  ProfileComparison,
  ProfileFormat,
  ProfilePeriod,
  ProfileThread,
  ProfileTimeline,
  SampleType,
} from './profile';
import { StackBatch } from './stack-batch';
import { StackTable, type StackIndex } from './stack-table';
import type { FrameIndex } from '../types';

/**
 * The largest sum of a sample type's value magnitudes a profile may have: a quarter of the
 * largest double, so that any total, the sum or difference of two sides of a diff, and a merge
 * of a few profiles stay finite. A file past it is refused at import (`invalid-value`).
 */
export const MAX_TOTAL_VALUE = Number.MAX_VALUE / 4;

export interface ProfileDetails {
  defaultSampleType?: number;
  period?: ProfilePeriod;
  timeRange?: { startNs: number; endNs: number };
  name?: string;
  truncated?: boolean;
  comparison?: ProfileComparison;
  alternatives?: { names: readonly string[]; index: number };
  timeline?: ProfileTimeline;
}

/**
 * What every importer uses to assemble a {@link Profile}: frames and stacks are interned as they
 * are read, samples are appended as columns, and `finish` seals the result.
 */
export class ProfileBuilder {
  readonly frames: FrameTable;
  readonly stacks: StackTable;
  readonly sampleTypes: readonly SampleType[];
  private readonly format: ProfileFormat;
  private count = 0;
  private stack = new Int32Array(1024);
  /**
   * The stacks of samples added by {@link addStackSample}, interned when the profile is finished.
   * @internal For flamekit's readers that write frames in place (pprof's): a sample on the stack
   * of index `i` here is added as `addSample(-1 - i, …)`, as `addStackSample` does.
   */
  readonly pendingStacks: StackBatch;
  private values: Float64Array[];
  private labelSet: Int32Array | undefined;
  private readonly labelSets: Label[][] = [];
  private readonly labelSetIndex = new Map<string, number>();
  private timeNs: Float64Array | undefined;
  private thread: Int32Array | undefined;
  private readonly threads: ProfileThread[] = [];
  private currentThread = -1;
  private readonly warnings: ImportWarning[] = [];
  /** Per sample type, the sum of the values' magnitudes so far: no total can exceed it. */
  private readonly magnitudes: Float64Array;
  /**
   * Where the importer is in its input, for the position of a bad value (a line, a byte offset, a
   * JSON path). Called only when a value is refused.
   */
  locate: (() => InputPosition | undefined) | undefined;

  constructor(
    format: ProfileFormat,
    sampleTypes: readonly SampleType[],
    frames: FrameTable = new FrameTable(),
    /** Stacks interned already (over `frames`), for a reader that learns its sample types last. */
    stacks: StackTable = new StackTable(frames),
  ) {
    if (sampleTypes.length === 0)
      throw new FlamekitError('invalid-argument', 'a profile needs at least one sample type');
    if (stacks.frames !== frames)
      throw new FlamekitError('invalid-argument', 'the stacks must be over the given frames');
    this.format = format;
    this.sampleTypes = sampleTypes;
    this.frames = frames;
    this.stacks = stacks;
    this.pendingStacks = new StackBatch(this.stacks);
    this.values = sampleTypes.map(() => new Float64Array(1024));
    this.magnitudes = new Float64Array(sampleTypes.length);
  }

  get sampleCount(): number {
    return this.count;
  }

  /**
   * Adds a sample on `stack` with one value per sample type (a number when there is one type).
   * Values are checked first: NaN or infinite values, and values that take a sample type's sum of
   * magnitudes past a quarter of the largest double (about 4.5e307, so that sums and diffs stay
   * finite), throw `invalid-value` (with the format, and the
   * position `locate` gives) and add nothing.
   */
  addSample(
    stack: StackIndex,
    values: number | ArrayLike<number>,
    labelSet = -1,
    timeNs?: number,
  ): void {
    const typeCount = this.values.length;
    if (typeof values === 'number') {
      if (typeCount !== 1)
        throw new FlamekitError(
          'invalid-argument',
          `a sample needs ${typeCount} values, one per sample type`,
        );
      this.checkValue(0, values);
    } else {
      if (values.length !== typeCount)
        throw new FlamekitError(
          'invalid-argument',
          `a sample has ${values.length} values for ${typeCount} sample types`,
        );
      for (let t = 0; t < typeCount; t++) this.checkValue(t, values[t]);
    }
    const i = this.count++;
    if (i >= this.stack.length) this.grow(i + 1);
    this.stack[i] = stack;
    if (typeof values === 'number') this.values[0][i] = values;
    else for (let t = 0; t < typeCount; t++) this.values[t][i] = values[t];
    if (labelSet >= 0) {
      this.labelSet ??= new Int32Array(this.stack.length).fill(-1, 0, i);
      this.labelSet[i] = labelSet;
    } else if (this.labelSet) {
      this.labelSet[i] = -1;
    }
    if (timeNs !== undefined) {
      this.timeNs ??= new Float64Array(this.stack.length).fill(NaN, 0, i);
      this.timeNs[i] = timeNs;
      if (!Number.isFinite(timeNs)) {
        this.timeNs[i] = NaN;
        this.warnInvalidTime(1);
      }
    } else if (this.timeNs) {
      this.timeNs[i] = NaN;
    }
    if (this.thread) this.thread[i] = this.currentThread;
  }

  /**
   * Adds a thread and returns its index; samples added after `setThread(index)` belong to it.
   * A profile with threads has every sample in one: set a thread before the first sample.
   */
  addThread(thread: ProfileThread): number {
    return this.threads.push({ ...thread }) - 1;
  }

  /** The thread the samples added from now on belong to (an index `addThread` returned). */
  setThread(index: number): void {
    if (!(Number.isInteger(index) && index >= 0 && index < this.threads.length))
      throw new FlamekitError('invalid-argument', `thread ${index} was not added`);
    if (!this.thread) {
      if (this.count > 0)
        throw new FlamekitError(
          'invalid-argument',
          'set a thread before the first sample: every sample of a profile with threads has one',
        );
      this.thread = new Int32Array(this.stack.length);
    }
    this.currentThread = index;
  }

  /** Whether any sample so far has a value other than 0 in sample type `type`. */
  hasValues(type: number): boolean {
    return this.magnitudes[type] > 0;
  }

  get threadCount(): number {
    return this.threads.length;
  }

  /**
   * Checks one value and adds its magnitude to its type's: a value that is not finite, or one
   * that would take the type's total past {@link MAX_TOTAL_VALUE}, is refused with the position.
   */
  private checkValue(type: number, value: number): void {
    const magnitude = this.magnitudes[type] + Math.abs(value);
    if (magnitude <= MAX_TOTAL_VALUE) {
      this.magnitudes[type] = magnitude;
      return;
    }
    const { type: name, unit } = this.sampleTypes[type];
    const reason = Number.isFinite(value)
      ? `the values of sample type ${JSON.stringify(name)} (${unit}) add up to more than ${MAX_TOTAL_VALUE.toPrecision(2)}, past what totals and differences can hold as numbers; rescale the values to a coarser unit`
      : `a sample value is ${value}; sample values must be finite numbers`;
    const position = this.locate?.();
    throw new FlamekitError('invalid-value', reason, {
      format: this.format,
      ...(position && { position }),
    });
  }

  /**
   * Adds a sample on the stack of the first `length` frames of `frames` (root first). The stacks
   * of these samples are interned together when the profile is finished: faster, when samples
   * come in no order (pprof's), than one at a time.
   */
  addStackSample(
    frames: ArrayLike<FrameIndex>,
    length: number,
    values: number | ArrayLike<number>,
    labelSet = -1,
    timeNs?: number,
  ): void {
    this.addSample(-1 - this.pendingStacks.add(frames, length), values, labelSet, timeNs);
  }

  /** The id of a set of labels, interned so that samples sharing labels share one array. */
  internLabelSet(labels: readonly Label[]): number {
    if (labels.length === 0) return -1;
    const key = JSON.stringify(
      labels.map((label) => [label.key, label.value, label.num, label.unit]),
    );
    let index = this.labelSetIndex.get(key);
    if (index === undefined) {
      index = this.labelSets.length;
      this.labelSets.push(labels.map((label) => ({ ...label })));
      this.labelSetIndex.set(key, index);
    }
    return index;
  }

  /** Records a warning; repeated codes are counted, keeping the first position. */
  warn(warning: ImportWarning): void {
    const existing = this.warnings.find((w) => w.code === warning.code);
    if (existing) existing.count = (existing.count ?? 1) + (warning.count ?? 1);
    else this.warnings.push({ ...warning, count: warning.count ?? 1 });
  }

  private warnInvalidTime(count: number): void {
    this.warn({
      code: 'invalid-time',
      message:
        'a time is not a finite number (a timestamp or duration out of range) and was left out',
      count,
    });
  }

  finish(details: ProfileDetails = {}): Profile {
    // The samples of addStackSample hold -1 - their stack's index in the batch.
    const leaves = this.pendingStacks.finish();
    if (leaves.length > 0)
      for (let i = 0; i < this.count; i++)
        if (this.stack[i] < 0) this.stack[i] = leaves[-1 - this.stack[i]];
    const range = details.timeRange;
    if (range && !(Number.isFinite(range.startNs) && Number.isFinite(range.endNs))) {
      this.warnInvalidTime(1);
      details = { ...details, timeRange: undefined };
    }
    const n = this.count;
    const samples = {
      count: n,
      stack: this.stack.slice(0, n),
      values: this.values.map((column) => column.slice(0, n)),
      labelSet: this.labelSet?.slice(0, n),
      labelSets: this.labelSets,
      timeNs: this.timeNs?.slice(0, n),
      ...(this.thread && { thread: this.thread.slice(0, n) }),
    };
    const defaultSampleType = details.defaultSampleType ?? this.sampleTypes.length - 1;
    if (!(defaultSampleType >= 0 && defaultSampleType < this.sampleTypes.length)) {
      throw new FlamekitError(
        'invalid-argument',
        `default sample type ${defaultSampleType} does not exist`,
      );
    }
    return createProfile({
      format: this.format,
      sampleTypes: this.sampleTypes,
      defaultSampleType,
      frames: this.frames,
      stacks: this.stacks,
      samples,
      warnings: this.warnings,
      truncated: details.truncated ?? false,
      ...(details.name !== undefined && { name: details.name }),
      ...(details.period && { period: details.period }),
      ...(details.timeRange && { timeRange: details.timeRange }),
      ...(details.comparison && { comparison: details.comparison }),
      ...(details.alternatives && { alternatives: details.alternatives }),
      ...(details.timeline && { timeline: details.timeline }),
      ...(this.threads.length > 0 && { threads: this.threads }),
    });
  }

  private grow(length: number): void {
    this.stack = growInt32(this.stack, length);
    this.values = this.values.map((column) => growFloat64(column, this.stack.length));
    if (this.labelSet) this.labelSet = growInt32(this.labelSet, this.stack.length);
    if (this.timeNs) this.timeNs = growFloat64(this.timeNs, this.stack.length);
    if (this.thread) this.thread = growInt32(this.thread, this.stack.length);
  }
}

/**
 * A {@link Profile} from its parts, with `tree()` built on demand and kept per sample type
 * (`trees` holds those already built, by sample type).
 */
export function createProfile(
  parts: Omit<Profile, 'tree'>,
  trees: Map<number, CallTree> = new Map(),
): Profile {
  const profile: Profile = {
    ...parts,
    tree(sampleType?: number | string): CallTree {
      const index = resolveSampleType(profile, sampleType);
      let tree = trees.get(index);
      if (!tree) {
        const self = sumPerStack(profile, index);
        const comparison = profile.comparison;
        const baselineSelf =
          comparison && comparison.comparison === index
            ? sumPerStack(profile, comparison.baseline)
            : undefined;
        tree = computeCallTree(profile.stacks, self, { baselineSelf });
        trees.set(index, tree);
      }
      return tree;
    },
  };
  return profile;
}

/** The index of a sample type given by index or by name; the default when absent. */
export function resolveSampleType(
  profile: Pick<Profile, 'sampleTypes' | 'defaultSampleType'>,
  sampleType: number | string | undefined,
): number {
  if (sampleType === undefined) return profile.defaultSampleType;
  const index =
    typeof sampleType === 'number'
      ? sampleType
      : profile.sampleTypes.findIndex((t) => t.type === sampleType);
  if (!(index >= 0 && index < profile.sampleTypes.length && Number.isInteger(index))) {
    const known = profile.sampleTypes.map((t) => t.type).join(', ');
    throw new FlamekitError(
      'invalid-argument',
      `the profile has no sample type ${JSON.stringify(sampleType)}; it has ${known}`,
    );
  }
  return index;
}

/** The value of the samples ending at each stack, for one sample type. */
export function sumPerStack(
  profile: Pick<Profile, 'stacks' | 'samples'>,
  sampleType: number,
): Float64Array {
  const self = new Float64Array(profile.stacks.size);
  const { stack, values, count } = profile.samples;
  const column = values[sampleType];
  for (let i = 0; i < count; i++) self[stack[i]] += column[i];
  return self;
}
