import { FlamekitError } from '../errors';
import { growInt32 } from './growable';
import { StringTable } from './string-table';
import type { Frame, FrameIndex, StringIndex } from '../types';

const NONE = -1;

interface FrameLookup {
  /** Frames that are only a name, keyed by the name's string id: the common, fast case. */
  byName: Map<StringIndex, FrameIndex>;
  /** Frames with a file, line or module, keyed by their four ids. */
  byParts: Map<string, FrameIndex>;
}

function partsKey(name: StringIndex, file: StringIndex, line: number, module: StringIndex): string {
  return `${name}:${file}:${line}:${module}`;
}

export interface FrameColumns {
  name: Int32Array;
  file: Int32Array;
  line: Int32Array;
  module: Int32Array;
}

/**
 * Every distinct frame once, as columns of string ids. A frame is identified by all four of its
 * parts, so the same function name in two files (or two lines, at line granularity) gives two
 * frames. Lines are stored as 0 when unknown; the accessors turn that into `undefined`.
 */
export class FrameTable {
  readonly strings: StringTable;
  private nameColumn: Int32Array = new Int32Array(64);
  private fileColumn: Int32Array = new Int32Array(64);
  private lineColumn: Int32Array = new Int32Array(64);
  private moduleColumn: Int32Array = new Int32Array(64);
  private count = 0;
  /**
   * The lookups of {@link internIds}, built on first use for a table made by
   * {@link FrameTable.trusted} (a diff's merged table is mostly only read).
   */
  private lookup: FrameLookup | undefined = { byName: new Map(), byParts: new Map() };

  constructor(strings: StringTable = new StringTable()) {
    this.strings = strings;
  }

  get size(): number {
    return this.count;
  }

  /** Interns a frame given as strings. */
  intern(frame: Frame): FrameIndex {
    const strings = this.strings;
    return this.internIds(
      strings.intern(frame.name),
      frame.file === undefined ? NONE : strings.intern(frame.file),
      frame.line ?? 0,
      frame.module === undefined ? NONE : strings.intern(frame.module),
    );
  }

  /** Interns a frame that is only a name. */
  internName(name: string): FrameIndex {
    return this.internIds(this.strings.intern(name), NONE, 0, NONE);
  }

  /** Interns a frame from string ids already in {@link strings}; -1 means absent, line 0 unknown. */
  internIds(
    name: StringIndex,
    file: StringIndex = NONE,
    line = 0,
    module: StringIndex = NONE,
  ): FrameIndex {
    const { byName, byParts } = this.lookup ?? this.buildLookup();
    if (file === NONE && line === 0 && module === NONE) {
      const found = byName.get(name);
      if (found !== undefined) return found;
      const index = this.append(name, file, line, module);
      byName.set(name, index);
      return index;
    }
    const key = partsKey(name, file, line, module);
    const found = byParts.get(key);
    if (found !== undefined) return found;
    const index = this.append(name, file, line, module);
    byParts.set(key, index);
    return index;
  }

  private buildLookup(): FrameLookup {
    const lookup: FrameLookup = { byName: new Map(), byParts: new Map() };
    for (let f = 0; f < this.count; f++) {
      const name = this.nameColumn[f];
      const file = this.fileColumn[f];
      const line = this.lineColumn[f];
      const module = this.moduleColumn[f];
      if (file === NONE && line === 0 && module === NONE) lookup.byName.set(name, f);
      else lookup.byParts.set(partsKey(name, file, line, module), f);
    }
    return (this.lookup = lookup);
  }

  name(frame: FrameIndex): string {
    return this.strings.get(this.nameColumn[this.check(frame)]);
  }

  nameId(frame: FrameIndex): StringIndex {
    return this.nameColumn[this.check(frame)];
  }

  file(frame: FrameIndex): string | undefined {
    const id = this.fileColumn[this.check(frame)];
    return id === NONE ? undefined : this.strings.get(id);
  }

  line(frame: FrameIndex): number | undefined {
    const line = this.lineColumn[this.check(frame)];
    return line === 0 ? undefined : line;
  }

  module(frame: FrameIndex): string | undefined {
    const id = this.moduleColumn[this.check(frame)];
    return id === NONE ? undefined : this.strings.get(id);
  }

  /** The four columns (copies): string ids of name, file and module (-1 absent) and lines (0 unknown). */
  columns(): FrameColumns {
    const n = this.count;
    return {
      name: this.nameColumn.slice(0, n),
      file: this.fileColumn.slice(0, n),
      line: this.lineColumn.slice(0, n),
      module: this.moduleColumn.slice(0, n),
    };
  }

  /** A table with the frames of {@link FrameTable.columns}, in the same order, over `strings`. */
  static fromColumns(strings: StringTable, columns: FrameColumns): FrameTable {
    const table = new FrameTable(strings);
    for (let f = 0; f < columns.name.length; f++) {
      if (
        table.internIds(columns.name[f], columns.file[f], columns.line[f], columns.module[f]) !== f
      ) {
        throw new FlamekitError(
          'invalid-argument',
          `frame ${f} repeats an earlier frame; a frame table holds each frame once`,
        );
      }
    }
    return table;
  }

  /**
   * A table of the frames in `columns` (taken, not copied) over `strings`, for frames known to be
   * distinct and to name strings of the table, such as the merge of two tables. Unlike
   * {@link FrameTable.fromColumns} nothing is checked, and the lookup used by {@link intern} is
   * built only when first needed.
   */
  static trusted(strings: StringTable, columns: FrameColumns): FrameTable {
    const table = new FrameTable(strings);
    table.nameColumn = columns.name;
    table.fileColumn = columns.file;
    table.lineColumn = columns.line;
    table.moduleColumn = columns.module;
    table.count = columns.name.length;
    table.lookup = undefined;
    return table;
  }

  /** The frame as an object, for display. Allocates: do not call it per node in a hot loop. */
  get(frame: FrameIndex): Frame {
    const result: Frame = { name: this.name(frame) };
    const file = this.file(frame);
    const line = this.line(frame);
    const module = this.module(frame);
    if (file !== undefined) result.file = file;
    if (line !== undefined) result.line = line;
    if (module !== undefined) result.module = module;
    return result;
  }

  private append(
    name: StringIndex,
    file: StringIndex,
    line: number,
    module: StringIndex,
  ): FrameIndex {
    const stringCount = this.strings.size;
    for (const id of [name, file, module]) {
      if (!Number.isInteger(id) || id < (id === name ? 0 : NONE) || id >= stringCount) {
        throw new FlamekitError(
          'invalid-argument',
          `string ${id} does not exist (the table has ${stringCount})`,
        );
      }
    }
    if (!Number.isInteger(line) || line < 0 || line > 0x7fffffff) {
      throw new FlamekitError(
        'invalid-argument',
        `line ${line} is not a line number (a positive integer, or 0 for unknown)`,
      );
    }
    const index = this.count++;
    if (index >= this.nameColumn.length) {
      const length = index + 1;
      this.nameColumn = growInt32(this.nameColumn, length);
      this.fileColumn = growInt32(this.fileColumn, length);
      this.lineColumn = growInt32(this.lineColumn, length);
      this.moduleColumn = growInt32(this.moduleColumn, length);
    }
    this.nameColumn[index] = name;
    this.fileColumn[index] = file;
    this.lineColumn[index] = line;
    this.moduleColumn[index] = module;
    return index;
  }

  private check(frame: FrameIndex): FrameIndex {
    if (!(frame >= 0 && frame < this.count && Number.isInteger(frame))) {
      throw new FlamekitError(
        'invalid-frame',
        `frame ${frame} does not exist (the table has ${this.count})`,
      );
    }
    return frame;
  }
}
