import {
  complement,
  normalize,
  PERL_CLASSES,
  POSIX_CLASSES,
  unicodeProperty,
  type CharClass,
} from './linear-regex-classes';

/**
 * The parser of {@link compileLinearRegex}: RE2's syntax (as Go's `regexp/syntax` reads it) into
 * a small tree. Patterns come from files and links, so every limit is checked here: nesting depth,
 * repetition counts and the size of the program the tree will become.
 *
 * Read: literals and escapes (`\n`, `\x41`, `\x{263a}`, `\101`, `\Q...\E`, escaped punctuation),
 * `.`, classes (`[a-z]`, `[^...]`, `[[:alpha:]]`, `\d \s \w` and their negations, `\pL`,
 * `\p{Greek}`, `\PL`, `\p{^Greek}`), `^ $ \A \z \b \B`, groups (`(...)`, `(?:...)`,
 * `(?P<name>...)`, `(?<name>...)`), flags (`(?i)`, `(?ims-U:...)`), `* + ? {n} {n,} {n,m}` with
 * their lazy forms, and `|`. Refused, as RE2 refuses them: backreferences, lookaround, `\C`, `\Z`,
 * possessive and nested repetition operators (`a**`), counts above 1000.
 */

export type Assertion =
  'begin-text' | 'end-text' | 'begin-line' | 'end-line' | 'word-boundary' | 'not-word-boundary';

export type RegexNode =
  | { kind: 'empty' }
  | { kind: 'char'; set: CharClass }
  | { kind: 'assert'; assertion: Assertion }
  | { kind: 'concat'; items: RegexNode[] }
  | { kind: 'alternate'; items: RegexNode[] }
  | { kind: 'repeat'; item: RegexNode; min: number; max: number };

interface Flags {
  fold: boolean;
  dotAll: boolean;
  multiLine: boolean;
}

/** RE2's limit on `{n,m}` counts. */
export const MAX_REPEAT = 1000;
/** Groups nested deeper than this are refused (RE2 stops at 1000 too). */
const MAX_NESTING = 1000;

export class RegexSyntaxError extends Error {
  constructor(
    reason: string,
    readonly offset: number,
  ) {
    super(reason);
  }
}

const SIMPLE_ESCAPES: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };

/** Parses `source`; throws {@link RegexSyntaxError} with the offset of the problem. */
export function parseRegex(source: string, flags: Partial<Flags> = {}): RegexNode {
  return new Parser(source).parse({
    fold: flags.fold ?? false,
    dotAll: flags.dotAll ?? false,
    multiLine: flags.multiLine ?? false,
  });
}

class Parser {
  private at = 0;
  private depth = 0;

  constructor(private readonly source: string) {}

  parse(flags: Flags): RegexNode {
    const node = this.alternation(flags);
    if (this.at < this.source.length) throw this.error('unexpected )');
    return node;
  }

  /** `a|b|c` up to the end or a `)` of the enclosing group (left for the caller). */
  private alternation(outer: Flags): RegexNode {
    const flags = { ...outer }; // `(?i)` changes flags up to the end of the group
    const branches: RegexNode[] = [];
    let items: RegexNode[] = [];
    for (;;) {
      const c = this.source[this.at];
      if (c === undefined || c === ')') break;
      if (c === '|') {
        this.at++;
        branches.push(concat(items));
        items = [];
        continue;
      }
      const atom = this.atom(flags);
      if (atom) items.push(this.repetition(atom));
    }
    branches.push(concat(items));
    return branches.length === 1 ? branches[0] : { kind: 'alternate', items: branches };
  }

  /** One atom, or undefined for a flag group such as `(?i)` that only changed `flags`. */
  private atom(flags: Flags): RegexNode | undefined {
    const start = this.at;
    const c = this.source[this.at++];
    switch (c) {
      case '(':
        return this.group(flags, start);
      case '[':
        return { kind: 'char', set: this.charClass(flags) };
      case '.':
        return { kind: 'char', set: dot(flags) };
      case '^':
        return { kind: 'assert', assertion: flags.multiLine ? 'begin-line' : 'begin-text' };
      case '$':
        return { kind: 'assert', assertion: flags.multiLine ? 'end-line' : 'end-text' };
      case '*':
      case '+':
      case '?':
        throw this.error(`missing argument to repetition operator ${c}`, start);
      case '{':
        if (this.readCount(start) !== undefined)
          throw this.error('missing argument to repetition operator', start);
        this.at = start + 1;
        return literal(123, flags);
      case '\\':
        return this.escape(flags, start);
      default: {
        const cp = this.source.codePointAt(start)!;
        this.at = start + (cp > 0xffff ? 2 : 1);
        return literal(cp, flags);
      }
    }
  }

  private group(flags: Flags, start: number): RegexNode | undefined {
    let inner = flags;
    if (this.source[this.at] === '?') {
      this.at++;
      const next = this.source[this.at];
      if (next === 'P' || (next === '<' && /[A-Za-z_]/.test(this.source[this.at + 1] ?? ''))) {
        if (next === 'P') {
          this.at++;
          if (this.source[this.at] !== '<')
            throw this.error('backreferences such as (?P=name) are not supported', start);
        }
        const end = this.source.indexOf('>', this.at);
        const name = end < 0 ? '' : this.source.slice(this.at + 1, end);
        if (!/^[A-Za-z0-9_]+$/.test(name)) throw this.error('invalid named capture', start);
        this.at = end + 1;
      } else if (next === '=' || next === '!' || next === '<') {
        throw this.error(
          'lookahead and lookbehind are not supported (RE2 syntax, matched in linear time)',
          start,
        );
      } else {
        const result = this.flagGroup(flags, start);
        if (result.scoped === false) {
          Object.assign(flags, result.flags);
          return undefined;
        }
        inner = result.flags;
      }
    }
    if (++this.depth > MAX_NESTING) throw this.error(`groups nest deeper than ${MAX_NESTING}`);
    const node = this.alternation(inner);
    this.depth--;
    if (this.source[this.at] !== ')') throw this.error('missing closing )', start);
    this.at++;
    return node;
  }

  /** `(?flags)` or `(?flags:` after the `(?`: the flags, and whether a group follows. */
  private flagGroup(flags: Flags, start: number): { flags: Flags; scoped: boolean } {
    const result = { ...flags };
    let negate = false;
    let any = false;
    for (;;) {
      const c = this.source[this.at++];
      if (c === 'i') result.fold = !negate;
      else if (c === 's') result.dotAll = !negate;
      else if (c === 'm') result.multiLine = !negate;
      else if (c === 'U') {
        // Ungreedy: changes which match is reported, not whether one exists.
      } else if (c === '-' && !negate) {
        negate = true;
        any = false;
        continue;
      } else if ((c === ':' && (any || !negate)) || (c === ')' && any)) {
        return { flags: result, scoped: c === ':' };
      } else throw this.error('invalid or unsupported group flags', start);
      any = true;
    }
  }

  /** A quantifier after `atom`, if any. */
  private repetition(atom: RegexNode): RegexNode {
    const start = this.at;
    const c = this.source[this.at];
    let min: number;
    let max: number;
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const count = this.readCount(start);
      if (count === undefined) return atom;
      [min, max] = count;
    } else return atom;
    if (c !== '{') this.at++;
    if (this.source[this.at] === '?') this.at++; // lazy: the same language
    const next = this.source[this.at];
    if (next === '*' || next === '+' || next === '?' || (next === '{' && this.isCount(this.at)))
      throw this.error(
        `invalid nested repetition operator ${this.source.slice(start, this.at + 1)}`,
      );
    if (atom.kind === 'empty') return atom;
    return { kind: 'repeat', item: atom, min, max };
  }

  private isCount(at: number): boolean {
    return /^\{\d+(,\d*)?\}/.test(this.source.slice(at, at + 24));
  }

  /** `{n}`, `{n,}` or `{n,m}` at `start`, consumed; undefined (nothing consumed) if not one. */
  private readCount(start: number): [number, number] | undefined {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(start, start + 24));
    if (!match) return undefined;
    const min = Number(match[1]);
    const max = match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3]);
    if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT) || max < min)
      throw this.error(`invalid repeat count ${match[0]} (at most ${MAX_REPEAT})`, start);
    this.at = start + match[0].length;
    return [min, max];
  }

  private escape(flags: Flags, start: number): RegexNode {
    const c = this.source[this.at];
    if (c === undefined) throw this.error('trailing backslash at end of expression', start);
    if (c === 'A' || c === 'z' || c === 'b' || c === 'B') {
      this.at++;
      const assertion: Record<string, Assertion> = {
        A: 'begin-text',
        z: 'end-text',
        b: 'word-boundary',
        B: 'not-word-boundary',
      };
      return { kind: 'assert', assertion: assertion[c] };
    }
    if (c === 'Q') {
      this.at++;
      let end = this.source.indexOf('\\E', this.at);
      if (end < 0) end = this.source.length;
      const items: RegexNode[] = [];
      for (const ch of this.source.slice(this.at, end))
        items.push(literal(ch.codePointAt(0)!, flags));
      this.at = Math.min(end + 2, this.source.length);
      return concat(items);
    }
    const set = this.classEscape(flags);
    if (set) return { kind: 'char', set };
    return literal(this.charEscape(start), flags);
  }

  /** `\d \s \w \D \S \W \pX \p{..} \PX \P{..}` as a class, consuming it; else undefined. */
  private classEscape(flags: Flags): CharClass | undefined {
    const c = this.source[this.at];
    const lower = c?.toLowerCase();
    if (lower === 'd' || lower === 's' || lower === 'w') {
      this.at++;
      return {
        ranges: PERL_CLASSES[lower].slice(),
        properties: [],
        negated: c !== lower,
        fold: false,
      };
    }
    if (c !== 'p' && c !== 'P') return undefined;
    const start = this.at - 1;
    this.at++;
    let name: string;
    if (this.source[this.at] === '{') {
      const end = this.source.indexOf('}', this.at);
      if (end < 0) throw this.error('invalid character class range', start);
      name = this.source.slice(this.at + 1, end);
      this.at = end + 1;
    } else {
      name = this.source[this.at++] ?? '';
    }
    let negated = c === 'P';
    if (name.startsWith('^')) {
      negated = !negated;
      name = name.slice(1);
    }
    const test = unicodeProperty(name);
    if (!test) throw this.error(`invalid character class range \\p{${name}}`, start);
    return { ranges: [], properties: [{ test, negated }], negated: false, fold: flags.fold };
  }

  /** The code point of a character escape after the backslash. */
  private charEscape(start: number): number {
    const c = this.source[this.at++];
    if (c in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[c];
    if (c === 'x') {
      if (this.source[this.at] === '{') {
        const end = this.source.indexOf('}', this.at);
        const hex = end < 0 ? '' : this.source.slice(this.at + 1, end);
        const value = /^[0-9A-Fa-f]{1,8}$/.test(hex) ? parseInt(hex, 16) : NaN;
        if (!(value <= 0x10ffff)) throw this.error('invalid escape sequence', start);
        this.at = end + 1;
        return value;
      }
      const hex = this.source.slice(this.at, this.at + 2);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw this.error('invalid escape sequence', start);
      this.at += 2;
      return parseInt(hex, 16);
    }
    if (c >= '0' && c <= '7') {
      // \0, or \1 to \7 followed by another octal digit: octal. A lone \1 would be a backreference.
      const digits = /^[0-7]{1,3}/.exec(this.source.slice(this.at - 1, this.at + 2))![0];
      if (c !== '0' && digits.length === 1)
        throw this.error('backreferences are not supported', start);
      this.at += digits.length - 1;
      return parseInt(digits, 8);
    }
    // Any punctuation may be escaped; letters and digits are refused unless listed above.
    const cp = this.source.codePointAt(this.at - 1)!;
    if (cp < 128 && !/[0-9A-Za-z]/.test(c)) return cp;
    throw this.error(`invalid escape sequence \\${c}`, start);
  }

  /** A bracketed class, after its `[`. */
  private charClass(flags: Flags): CharClass {
    const start = this.at - 1;
    const set: CharClass = { ranges: [], properties: [], negated: false, fold: flags.fold };
    if (this.source[this.at] === '^') {
      set.negated = true;
      this.at++;
    }
    const ranges: number[] = [];
    let first = true;
    for (;;) {
      const c = this.source[this.at];
      if (c === undefined) throw this.error('missing closing ]', start);
      if (c === ']' && !first) {
        this.at++;
        break;
      }
      first = false;
      if (c === '[' && this.source[this.at + 1] === ':') {
        const end = this.source.indexOf(':]', this.at + 2);
        let name = end < 0 ? '' : this.source.slice(this.at + 2, end);
        const negated = name.startsWith('^');
        if (negated) name = name.slice(1);
        const posix = POSIX_CLASSES[name];
        if (end >= 0 && Object.hasOwn(POSIX_CLASSES, name)) {
          this.at = end + 2;
          ranges.push(...(negated ? complement(posix) : posix));
          continue;
        }
        if (end >= 0) throw this.error(`invalid character class range [:${name}:]`, this.at);
      }
      if (c === '\\') {
        this.at++;
        const inner = this.classEscape(flags);
        if (inner) {
          if (inner.properties.length > 0) set.properties.push(inner.properties[0]);
          else ranges.push(...(inner.negated ? complement(normalize(inner.ranges)) : inner.ranges));
          continue;
        }
        this.at--;
      }
      const low = this.classChar();
      if (
        this.source[this.at] === '-' &&
        this.source[this.at + 1] !== ']' &&
        this.source[this.at + 1] !== undefined
      ) {
        this.at++;
        const high = this.classChar();
        if (high < low) throw this.error('invalid character class range', start);
        ranges.push(low, high);
      } else ranges.push(low, low);
    }
    set.ranges = normalize(ranges);
    return set;
  }

  /** One character of a class, escaped or not. */
  private classChar(): number {
    const start = this.at;
    if (this.source[this.at] === '\\') {
      this.at++;
      return this.charEscape(start);
    }
    const cp = this.source.codePointAt(this.at)!;
    this.at += cp > 0xffff ? 2 : 1;
    return cp;
  }

  private error(reason: string, offset = this.at): RegexSyntaxError {
    return new RegexSyntaxError(reason, offset);
  }
}

function concat(items: RegexNode[]): RegexNode {
  if (items.length === 0) return { kind: 'empty' };
  return items.length === 1 ? items[0] : { kind: 'concat', items };
}

function literal(cp: number, flags: Flags): RegexNode {
  return {
    kind: 'char',
    set: { ranges: [cp, cp], properties: [], negated: false, fold: flags.fold },
  };
}

function dot(flags: Flags): CharClass {
  return {
    ranges: flags.dotAll ? [0, 0x10ffff] : [0, 9, 11, 0x10ffff],
    properties: [],
    negated: false,
    fold: false,
  };
}
