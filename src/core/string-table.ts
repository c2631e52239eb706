import { FlamekitError } from './errors';
import type { StringIndex } from './types';

/**
 * Every distinct string once. Profiles repeat the same few thousand names millions of times;
 * interning them keeps one copy and lets the tree compare integers instead of strings.
 *
 * Backed by a Map, so names such as `__proto__` or `constructor` are ordinary keys.
 */
export class StringTable {
  private readonly strings: string[] = [];
  private readonly indexOf = new Map<string, StringIndex>();

  get size(): number {
    return this.strings.length;
  }

  intern(value: string): StringIndex {
    let index = this.indexOf.get(value);
    if (index === undefined) {
      index = this.strings.length;
      this.strings.push(value);
      this.indexOf.set(value, index);
    }
    return index;
  }

  /** The index of a string already interned, or -1. */
  find(value: string): StringIndex {
    return this.indexOf.get(value) ?? -1;
  }

  /** Every string, in id order (a copy). */
  toArray(): string[] {
    return this.strings.slice();
  }

  /** A table holding `strings` with ids 0, 1, 2... in that order; they must be distinct. */
  static fromArray(strings: readonly string[]): StringTable {
    const table = new StringTable();
    for (const value of strings) {
      if (table.intern(value) !== table.size - 1) {
        throw new FlamekitError(
          'invalid-argument',
          `the string ${JSON.stringify(value.slice(0, 40))} appears twice; a string table holds each string once`,
        );
      }
    }
    return table;
  }

  get(index: StringIndex): string {
    const value = this.strings[index];
    if (value === undefined) {
      throw new FlamekitError(
        'invalid-argument',
        `string ${index} does not exist (the table has ${this.strings.length})`,
      );
    }
    return value;
  }
}
