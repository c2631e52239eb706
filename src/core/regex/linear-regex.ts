import { FlamekitError } from '../errors';
import { classMatcher, type ClassMatcher } from './linear-regex-classes';
import {
  parseRegex,
  RegexSyntaxError,
  type Assertion,
  type RegexNode,
} from './linear-regex-syntax';

/**
 * Regular expressions from data (pprof's `drop_frames`, Prometheus label matchers, a shared
 * link's search) matched in time linear in the text, whatever the pattern: RE2's syntax and
 * semantics (both pprof and Prometheus are RE2), run as a Thompson NFA that keeps every possible
 * state at once, so nothing ever backtracks. `(a+)+$` on a long run of `a`s costs what `a+` costs.
 *
 * Only "does it match" is answered (no captures), which is all a filter needs. A pattern that
 * RE2 refuses (lookaround, backreferences, counts above 1000) throws a {@link FlamekitError}
 * whose message says why, and so does one whose program would exceed {@link MAX_PROGRAM_SIZE}.
 */
export interface LinearRegex {
  /** Whether the pattern matches `text` (the whole of it when compiled with `fullMatch`). */
  test(text: string): boolean;
  readonly source: string;
}

export interface LinearRegexOptions {
  /** `(?i)`: letters match either case. */
  caseInsensitive?: boolean;
  /** `(?s)`: `.` matches `\n` too. */
  dotAll?: boolean;
  /** `(?m)`: `^` and `$` match at line breaks too. */
  multiLine?: boolean;
  /** Match the whole text, as `^(?:pattern)$` with `\A`/`\z` (pprof and Prometheus do). */
  fullMatch?: boolean;
}

/** Instructions a program may hold: `(x{1000}){1000}` would be a million, which is refused. */
export const MAX_PROGRAM_SIZE = 20_000;

const CHAR = 0;
const SPLIT = 1;
const JUMP = 2;
const ASSERT = 3;
const MATCH = 4;

const ASSERTIONS: readonly Assertion[] = [
  'begin-text',
  'end-text',
  'begin-line',
  'end-line',
  'word-boundary',
  'not-word-boundary',
];

/**
 * Compiles `source` (RE2 syntax). Throws a FlamekitError (`invalid-argument`) that names the
 * problem and its position in the pattern.
 *
 * ```ts
 * compileLinearRegex('(a+)+b', { fullMatch: true }).test('a'.repeat(100_000)); // false, at once
 * ```
 */
export function compileLinearRegex(source: string, options: LinearRegexOptions = {}): LinearRegex {
  let tree: RegexNode;
  try {
    tree = parseRegex(source, {
      fold: options.caseInsensitive ?? false,
      dotAll: options.dotAll ?? false,
      multiLine: options.multiLine ?? false,
    });
  } catch (error) {
    if (!(error instanceof RegexSyntaxError)) throw error;
    throw new FlamekitError(
      'invalid-argument',
      `${JSON.stringify(shorten(source))} is not a valid regular expression: ${error.message} (at character ${error.offset + 1}); the syntax is RE2's`,
    );
  }
  if (options.fullMatch) {
    tree = {
      kind: 'concat',
      items: [
        { kind: 'assert', assertion: 'begin-text' },
        tree,
        { kind: 'assert', assertion: 'end-text' },
      ],
    };
  }
  const program = new ProgramWriter(source);
  program.emit(tree);
  program.add(MATCH, 0, 0);
  return new NfaMatcher(source, program, !options.fullMatch);
}

function shorten(source: string): string {
  return source.length > 80 ? `${source.slice(0, 79)}…` : source;
}

/** Builds the instruction columns from the tree. */
class ProgramWriter {
  op: number[] = [];
  x: number[] = [];
  y: number[] = [];
  classes: ClassMatcher[] = [];
  fold = false;

  constructor(private readonly source: string) {}

  add(op: number, x: number, y: number): number {
    if (this.op.length >= MAX_PROGRAM_SIZE) {
      throw new FlamekitError(
        'invalid-argument',
        `the regular expression ${JSON.stringify(shorten(this.source))} is too large (its repetitions make more than ${MAX_PROGRAM_SIZE} steps); use smaller counts`,
      );
    }
    this.op.push(op);
    this.x.push(x);
    this.y.push(y);
    return this.op.length - 1;
  }

  /** Appends the instructions of `node`. Recursion is bounded by the parser's nesting limit. */
  emit(node: RegexNode): void {
    switch (node.kind) {
      case 'empty':
        return;
      case 'char':
        if (node.set.fold) this.fold = true;
        this.classes.push(classMatcher(node.set));
        this.add(CHAR, this.classes.length - 1, 0);
        return;
      case 'assert':
        this.add(ASSERT, ASSERTIONS.indexOf(node.assertion), 0);
        return;
      case 'concat':
        for (const item of node.items) this.emit(item);
        return;
      case 'alternate': {
        // split L1, next; L1: a; jump end; next: split L2, next2; ... last branch; end:
        const jumps: number[] = [];
        node.items.forEach((item, k) => {
          if (k < node.items.length - 1) {
            const split = this.add(SPLIT, 0, 0);
            this.x[split] = split + 1;
            this.emit(item);
            jumps.push(this.add(JUMP, 0, 0));
            this.y[split] = this.op.length;
          } else this.emit(item);
        });
        for (const jump of jumps) this.x[jump] = this.op.length;
        return;
      }
      case 'repeat': {
        for (let k = 0; k < node.min; k++) this.emit(node.item);
        if (node.max === Infinity) {
          // loop: split body, out; body; jump loop; out:
          const loop = this.add(SPLIT, 0, 0);
          this.x[loop] = loop + 1;
          this.emit(node.item);
          this.add(JUMP, loop, 0);
          this.y[loop] = this.op.length;
          return;
        }
        // Each optional copy: split body, end; body. All skips go to the end.
        const splits: number[] = [];
        for (let k = node.min; k < node.max; k++) {
          const split = this.add(SPLIT, 0, 0);
          this.x[split] = split + 1;
          splits.push(split);
          this.emit(node.item);
        }
        for (const split of splits) this.y[split] = this.op.length;
      }
    }
  }
}

/**
 * A Pike-style NFA simulation without captures: the set of live instructions advances one code
 * point at a time; each instruction is added at most once per position, so the work is
 * O(text length × program size) for any pattern.
 */
class NfaMatcher implements LinearRegex {
  private readonly op: Uint8Array;
  private readonly x: Int32Array;
  private readonly y: Int32Array;
  private readonly classes: ClassMatcher[];
  private readonly fold: boolean;
  private current: SparseSet;
  private next: SparseSet;
  private readonly stack: Int32Array;

  constructor(
    readonly source: string,
    program: ProgramWriter,
    private readonly unanchored: boolean,
  ) {
    this.op = Uint8Array.from(program.op);
    this.x = Int32Array.from(program.x);
    this.y = Int32Array.from(program.y);
    this.classes = program.classes;
    this.fold = program.fold;
    const size = this.op.length;
    this.current = new SparseSet(size);
    this.next = new SparseSet(size);
    this.stack = new Int32Array(size * 2 + 2);
  }

  test(text: string): boolean {
    const length = text.length;
    let current = this.current;
    let next = this.next;
    current.clear();
    let previous = -1;
    let position = 0;
    for (;;) {
      const cp = position < length ? codePointAt(text, position) : -1;
      if (this.unanchored || position === 0) {
        if (this.addThread(current, 0, position, length, previous, cp)) return true;
      }
      // At the end of the text, or (anchored) with no live state left: no match.
      if (cp < 0 || current.size === 0) return false;
      const step = cp > 0xffff ? 2 : 1;
      const after = position + step;
      const following = after < length ? codePointAt(text, after) : -1;
      let lower = cp;
      let upper = cp;
      if (this.fold) [lower, upper] = caseVariants(cp);
      next.clear();
      const dense = current.dense;
      for (let k = 0; k < current.size; k++) {
        const pc = dense[k];
        if (this.op[pc] !== CHAR) continue;
        const matcher = this.classes[this.x[pc]];
        if (!matcher(cp, lower, upper)) continue;
        if (this.addThread(next, pc + 1, after, length, cp, following)) return true;
      }
      [current, next] = [next, current];
      previous = cp;
      position = after;
    }
  }

  /** Adds `start` and everything reachable from it without reading a character; true on MATCH. */
  private addThread(
    list: SparseSet,
    start: number,
    position: number,
    length: number,
    previous: number,
    following: number,
  ): boolean {
    const stack = this.stack;
    let top = 0;
    stack[top++] = start;
    while (top > 0) {
      const pc = stack[--top];
      if (list.has(pc)) continue;
      list.add(pc);
      switch (this.op[pc]) {
        case MATCH:
          return true;
        case JUMP:
          stack[top++] = this.x[pc];
          break;
        case SPLIT:
          stack[top++] = this.y[pc];
          stack[top++] = this.x[pc];
          break;
        case ASSERT:
          if (holds(this.x[pc], position, length, previous, following)) stack[top++] = pc + 1;
          break;
      }
    }
    return false;
  }
}

function holds(
  assertion: number,
  position: number,
  length: number,
  previous: number,
  following: number,
): boolean {
  switch (ASSERTIONS[assertion]) {
    case 'begin-text':
      return position === 0;
    case 'end-text':
      return position === length;
    case 'begin-line':
      return position === 0 || previous === 10;
    case 'end-line':
      return position === length || following === 10;
    case 'word-boundary':
      return isWordChar(previous) !== isWordChar(following);
    default:
      return isWordChar(previous) === isWordChar(following);
  }
}

/** RE2's `\b` is ASCII: letters, digits and `_`. */
function isWordChar(cp: number): boolean {
  return (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122) || cp === 95;
}

function codePointAt(text: string, index: number): number {
  const unit = text.charCodeAt(index);
  if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
    const low = text.charCodeAt(index + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return (unit - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
  }
  return unit;
}

/** The lower and upper case of a code point (itself when it has none, or more than one). */
function caseVariants(cp: number): [number, number] {
  if (cp < 128) {
    if (cp >= 65 && cp <= 90) return [cp + 32, cp];
    if (cp >= 97 && cp <= 122) return [cp, cp - 32];
    return [cp, cp];
  }
  const text = String.fromCodePoint(cp);
  const lower = text.toLowerCase();
  const upper = text.toUpperCase();
  const single = (s: string) => (s.length === (cp > 0xffff ? 2 : 1) ? s.codePointAt(0)! : cp);
  return [single(lower), single(upper)];
}

/** A set of instruction indices with O(1) add, test and clear (Briggs and Torczon). */
class SparseSet {
  readonly dense: Int32Array;
  private readonly sparse: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.dense = new Int32Array(capacity);
    this.sparse = new Int32Array(capacity);
  }

  has(value: number): boolean {
    const index = this.sparse[value];
    return index < this.size && this.dense[index] === value;
  }

  add(value: number): void {
    this.sparse[value] = this.size;
    this.dense[this.size++] = value;
  }

  clear(): void {
    this.size = 0;
  }
}
