import { FlamekitError } from '../errors';
import type { StringIndex } from '../types';

/**
 * Every distinct string once. Profiles repeat the same few thousand names millions of times;
 * interning them keeps one copy and lets the tree compare integers instead of strings.
 *
 * Backed by a Map, so names such as `__proto__` or `constructor` are ordinary keys.
 */
export class StringTable {
  private strings: string[] = [];
  /**
   * Id of each string. A table made by {@link StringTable.trusted} has none until it is first
   * looked up in: derived tables (a diff's) are often only read, and a Map of 40,000 names costs
   * more to build than the rest of the table.
   */
  private index: Map<string, StringIndex> | undefined = new Map();

  get size(): number {
    return this.strings.length;
  }

  intern(value: string): StringIndex {
    const indexOf = this.indexOf();
    let index = indexOf.get(value);
    if (index === undefined) {
      index = this.strings.length;
      this.strings.push(value);
      indexOf.set(value, index);
    }
    return index;
  }

  /** The index of a string already interned, or -1. */
  find(value: string): StringIndex {
    return this.indexOf().get(value) ?? -1;
  }

  /**
   * A table holding `strings` (taken, not copied) with ids 0, 1, 2... For strings known to be
   * distinct, such as the merge of two tables: unlike {@link StringTable.fromArray} it does not
   * check them, and builds its index only when first looked up in.
   */
  static trusted(strings: string[]): StringTable {
    const table = new StringTable();
    table.strings = strings;
    table.index = undefined;
    return table;
  }

  private indexOf(): Map<string, StringIndex> {
    if (!this.index) {
      this.index = new Map();
      for (let id = 0; id < this.strings.length; id++) this.index.set(this.strings[id], id);
    }
    return this.index;
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
