import { FlamekitError } from './errors';
import { growInt32 } from './growable';
import { StringTable } from './string-table';
import type { Frame, FrameIndex, StringIndex } from './types';

const NONE = -1;

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
  private nameColumn = new Int32Array(64);
  private fileColumn = new Int32Array(64);
  private lineColumn = new Int32Array(64);
  private moduleColumn = new Int32Array(64);
  private count = 0;
  /** Frames that are only a name, keyed by the name's string id: the common, fast case. */
  private readonly byName = new Map<StringIndex, FrameIndex>();
  /** Frames with a file, line or module, keyed by their four ids. */
  private readonly byParts = new Map<string, FrameIndex>();

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
    if (file === NONE && line === 0 && module === NONE) {
      const found = this.byName.get(name);
      if (found !== undefined) return found;
      const index = this.append(name, file, line, module);
      this.byName.set(name, index);
      return index;
    }
    const key = `${name}:${file}:${line}:${module}`;
    const found = this.byParts.get(key);
    if (found !== undefined) return found;
    const index = this.append(name, file, line, module);
    this.byParts.set(key, index);
    return index;
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
