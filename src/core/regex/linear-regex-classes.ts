/**
 * Character classes of {@link compileLinearRegex}: ranges of code points, Unicode properties, and
 * the predicate each becomes, with a table for ASCII so that the common case is one array read.
 */

/** A set of code points: sorted, merged `[low, high]` ranges, and Unicode properties. */
export interface CharClass {
  /** Flat list of inclusive ranges: low0, high0, low1, high1, ... */
  ranges: number[];
  /** Unicode properties (JavaScript's `\p{...}`, tested on one character at a time). */
  properties: UnicodeProperty[];
  negated: boolean;
  /** Case-insensitive: the character's lower and upper case are tried too. */
  fold: boolean;
}

/** A Unicode property such as `\p{Greek}`, or its negation `\P{Greek}`. */
export interface UnicodeProperty {
  test: RegExp;
  negated: boolean;
}

export const PERL_CLASSES: Record<string, number[]> = {
  d: [48, 57],
  s: [9, 10, 12, 13, 32, 32],
  w: [48, 57, 65, 90, 95, 95, 97, 122],
};

export const POSIX_CLASSES: Record<string, number[]> = {
  alnum: [48, 57, 65, 90, 97, 122],
  alpha: [65, 90, 97, 122],
  ascii: [0, 127],
  blank: [9, 9, 32, 32],
  cntrl: [0, 31, 127, 127],
  digit: [48, 57],
  graph: [33, 126],
  lower: [97, 122],
  print: [32, 126],
  punct: [33, 47, 58, 64, 91, 96, 123, 126],
  space: [9, 13, 32, 32],
  upper: [65, 90],
  word: [48, 57, 65, 90, 95, 95, 97, 122],
  xdigit: [48, 57, 65, 70, 97, 102],
};

/** Sorted, merged ranges. */
export function normalize(ranges: number[]): number[] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < ranges.length; i += 2) pairs.push([ranges[i], ranges[i + 1]]);
  pairs.sort((a, b) => a[0] - b[0]);
  const result: number[] = [];
  for (const [low, high] of pairs) {
    const last = result.length - 1;
    if (last > 0 && low <= result[last] + 1) result[last] = Math.max(result[last], high);
    else result.push(low, high);
  }
  return result;
}

export function complement(ranges: number[]): number[] {
  const result: number[] = [];
  let next = 0;
  for (let i = 0; i < ranges.length; i += 2) {
    if (ranges[i] > next) result.push(next, ranges[i] - 1);
    next = ranges[i + 1] + 1;
  }
  if (next <= 0x10ffff) result.push(next, 0x10ffff);
  return result;
}

/**
 * RE2's `\p{Name}` as JavaScript's `\p{...}`: general categories and `Any` by name, scripts
 * (`Greek`) as `Script=Greek`. Only ever tested on a single character, so never slow.
 */
export function unicodeProperty(name: string): RegExp | undefined {
  if (!/^[A-Za-z_]+$/.test(name)) return undefined;
  if (name === 'Any') return /^[^]$/u;
  for (const source of [`^\\p{${name}}$`, `^\\p{Script=${name}}$`]) {
    try {
      return new RegExp(source, 'u');
    } catch {
      // not this spelling: try the next
    }
  }
  return undefined;
}

/** Tests a code point, given also its lower and upper case (the same when not folding). */
export type ClassMatcher = (cp: number, lower: number, upper: number) => boolean;

/** The predicate of a class; ASCII answers are computed once, up front. */
export function classMatcher(set: CharClass): ClassMatcher {
  const { ranges, properties, negated, fold } = set;
  if (!fold && !negated && properties.length === 0 && ranges.length === 2) {
    const [low, high] = ranges;
    return low === high ? (cp) => cp === low : (cp) => cp >= low && cp <= high;
  }
  const contains = (cp: number): boolean => {
    if (cp < 0) return false;
    // Binary search for the last range starting at or before cp.
    let lo = 0;
    let hi = ranges.length / 2 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ranges[mid * 2] <= cp) lo = mid + 1;
      else hi = mid - 1;
    }
    if (hi >= 0 && cp <= ranges[hi * 2 + 1]) return true;
    if (properties.length === 0) return false;
    const text = String.fromCodePoint(cp);
    return properties.some((property) => property.test.test(text) !== property.negated);
  };
  const slow = fold
    ? (cp: number, lower: number, upper: number) =>
        (contains(cp) || contains(lower) || contains(upper)) !== negated
    : (cp: number) => contains(cp) !== negated;
  const ascii = new Uint8Array(128);
  for (let cp = 0; cp < 128; cp++) {
    const lower = cp >= 65 && cp <= 90 ? cp + 32 : cp;
    const upper = cp >= 97 && cp <= 122 ? cp - 32 : cp;
    ascii[cp] = slow(cp, lower, upper) ? 1 : 0;
  }
  return (cp, lower, upper) => (cp < 128 ? ascii[cp] === 1 : slow(cp, lower, upper));
}
