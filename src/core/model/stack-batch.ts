import { FlamekitError } from '../errors';
import { growInt32 } from './growable';
import { checkFrames, sharesPrefixes, type StackTable } from './stack-table';
import type { FrameIndex } from '../types';

/** How many stacks are kept before deciding whether they come in an order worth keeping. */
const DECIDE_AFTER = 4096;

/**
 * The stacks of samples, interned into a table in whichever way is fast for the order they come
 * in: what the builders use. The first few thousand are kept and looked at: when each mostly
 * repeats the prefix of the one before (a sorted folded file), they and all that follow are
 * interned as they come; otherwise (pprof's samples, in no order) all are kept and interned
 * together by {@link StackTable.internAll}, which groups them. Each frame is checked as it is
 * added, so that a bad one is refused there and leaves no trace.
 */
export class StackBatch {
  private frames: Int32Array | undefined = new Int32Array(1024);
  private starts = new Int32Array(256);
  /** The stack of each one added, once known (all of them after {@link finish}). */
  private leaves: Int32Array = new Int32Array(256);
  private count = 0;
  private asTheyCome = false;
  /** Where {@link reserve} put the next stack; once stacks are interned as they come, a scratch. */
  private reservedAt = 0;
  private reservedRoom = 0;
  private scratch = new Int32Array(256);

  constructor(private readonly stacks: StackTable) {}

  /** Adds the first `length` frames of `stack` (root first); returns its index in the batch. */
  add(stack: ArrayLike<FrameIndex>, length: number): number {
    if (this.asTheyCome) {
      const index = this.count++;
      if (index >= this.leaves.length) this.leaves = growInt32(this.leaves, index + 1);
      this.leaves[index] = this.stacks.intern(stack, length);
      return index;
    }
    if (!(length >= 0 && length <= stack.length && Number.isInteger(length))) {
      throw new FlamekitError(
        'invalid-argument',
        `stack length ${length} is outside the stack (0 to ${stack.length})`,
      );
    }
    // Checked as given: a frame of 1.5 or NaN would pass once written into the Int32Array.
    checkFrames(stack, 0, length, this.stacks.frames.size, 0);
    const start = this.reserve(length);
    const frames = this.frames!;
    for (let i = 0; i < length; i++) frames[start + i] = stack[i];
    return this.keep(start + length);
  }

  /**
   * Room for the next stack, written in place rather than copied in by {@link add}: for a reader
   * that has to convert each frame anyway (pprof's location ids, read straight into the batch).
   * Write up to `maxLength` frames at `buffer[at ..]` (`at` is returned; read {@link buffer} after
   * this call, as it may be a new array), then call {@link addWritten} before adding anything
   * else (an {@link add} writes over the room). A reservation not followed by it is forgotten.
   */
  reserve(maxLength: number): number {
    if (this.asTheyCome) {
      if (maxLength > this.scratch.length) this.scratch = growInt32(this.scratch, maxLength);
      this.reservedRoom = maxLength;
      return (this.reservedAt = 0);
    }
    const start = this.starts[this.count];
    // Grown four times over: a million samples' ten million frames are copied about a third as
    // often as by doubling, and fresh memory is slow to touch on a virtual machine.
    if (start + maxLength > this.frames!.length)
      this.frames = growInt32(this.frames!, Math.max(start + maxLength, this.frames!.length * 4));
    this.reservedRoom = maxLength;
    return (this.reservedAt = start);
  }

  /** The array {@link reserve} gave room in. */
  get buffer(): Int32Array {
    return this.asTheyCome ? this.scratch : this.frames!;
  }

  /**
   * Adds the stack of `length` frames written at the place {@link reserve} gave, as {@link add}
   * would; returns its index in the batch.
   */
  addWritten(length: number): number {
    if (!(length >= 0 && length <= this.reservedRoom && Number.isInteger(length))) {
      throw new FlamekitError(
        'invalid-argument',
        `stack length ${length} is outside the stack (0 to ${this.reservedRoom}, as reserved)`,
      );
    }
    if (this.asTheyCome) return this.add(this.scratch, length);
    const frames = this.frames!;
    const start = this.reservedAt;
    // Checked before it counts, so that a bad frame is refused here and leaves no trace.
    checkFrames(frames, start, length, this.stacks.frames.size, 0);
    return this.keep(start + length);
  }

  /** Keeps the stack written up to `end`; returns its index. */
  private keep(end: number): number {
    if (this.count + 2 > this.starts.length)
      this.starts = growInt32(this.starts, Math.max(this.count + 2, this.starts.length * 4));
    this.starts[++this.count] = end;
    if (this.count === DECIDE_AFTER && sharesPrefixes(this.frames!, this.starts, this.count))
      this.finish();
    return this.count - 1;
  }

  /**
   * Interns the stacks still kept; returns the stack of each one added, by index. Stacks added
   * afterwards are interned as they come.
   */
  finish(): Int32Array {
    if (!this.asTheyCome && this.frames) {
      this.leaves = this.stacks.internAll(this.frames, this.starts, this.count, true);
      this.frames = undefined;
      this.starts = new Int32Array(0);
    }
    this.asTheyCome = true;
    return this.leaves.subarray(0, this.count);
  }
}
