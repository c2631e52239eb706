import { FlamekitError } from '../errors';
import type { ProfileBuilder } from '../model/profile-builder';
import type { StackIndex } from '../model/stack-table';
import type { Frame, FrameIndex } from '../types';
import { describeJsonValue } from './json-values';

/**
 * The struct-of-arrays tables of Firefox Profiler processed profiles (see firefox.ts for the
 * versions read), resolved into flamekit frames and stacks with JSON paths for every error.
 */
export const FIREFOX_FORMAT = 'firefox';
const FUNC_HAS_RESOURCE = 1 << 2;
const FUNC_HAS_SOURCE = 1 << 3;
const FUNC_HAS_LINE = 1 << 4;

export type Json = Record<string, unknown>;

/** A struct-of-arrays table: columns of one length, read with their JSON paths for errors. */
export class Table {
  readonly record: Json;
  readonly length: number;

  constructor(
    value: unknown,
    readonly path: string,
    lengthColumn: string,
  ) {
    if (!isRecord(value)) fail(path, 'this table is missing or not an object');
    this.record = value;
    const column = value[lengthColumn];
    const length = typeof value.length === 'number' ? value.length : undefined;
    if (!Array.isArray(column) && length !== 0)
      fail(`${path}.${lengthColumn}`, 'this column is missing or not an array');
    this.length = length ?? (column as unknown[]).length;
    if (!Number.isInteger(this.length) || this.length < 0)
      fail(`${path}.length`, `the length is ${describe(value.length)}, not a count`);
    // The declared length sizes what is allocated for the table: it must be one the file holds.
    const held = Array.isArray(column) ? column.length : 0;
    if (this.length > held)
      fail(
        `${path}.${lengthColumn}`,
        `this column has ${held} values, but the table's length is ${this.length}; the file is damaged or truncated`,
      );
  }

  /** A column as long as the table; `undefined` when optional and absent or null. */
  column(name: string, required: boolean): unknown[] | undefined {
    const column = this.record[name];
    if (column === undefined || column === null) {
      if (required) fail(`${this.path}.${name}`, 'this column is missing');
      return undefined;
    }
    if (!Array.isArray(column) || column.length < this.length) {
      fail(`${this.path}.${name}`, `this column must be an array of ${this.length} values`);
    }
    return column;
  }

  number(name: string, row: number): number {
    const value = this.column(name, true)![row];
    if (typeof value !== 'number' || !Number.isFinite(value))
      fail(`${this.path}.${name}[${row}]`, `${describe(value)} is not a number`);
    return value;
  }

  /** The value at `row` of column `name` as an index below `limit`, or -1 for null. */
  index(name: string, row: number, limit: number, nullable = false): number {
    const value = this.column(name, true)![row];
    if (nullable && value === null) return -1;
    if (!isIndex(value, limit))
      fail(`${this.path}.${name}[${row}]`, `${describe(value)} is not an index below ${limit}`);
    return value;
  }
}

/**
 * The chosen thread's tables (its own or the shared ones) and the strings they index. Maps
 * Firefox stacks to flamekit stacks, each resolved once, walking prefixes without recursion.
 */
export class ThreadTables {
  private readonly stackTable: Table;
  private readonly frameTable: Table;
  private readonly funcTable: Table;
  private readonly resourceTable: Table | undefined;
  private readonly sources: Table | undefined;
  private readonly strings: unknown[];
  private readonly stringsPath: string;
  private readonly byOffset: boolean;
  /** flamekit stack of each Firefox stack row and frame of each frame row; -1 until needed. */
  private readonly stacks: Int32Array;
  private readonly frames: Int32Array;
  private readonly onPath: Uint8Array;
  private readonly path: number[] = [];

  constructor(
    thread: Json,
    threadPath: string,
    shared: Json | undefined,
    private readonly builder: ProfileBuilder,
    /** The processed format's version (0 before `preprocessedProfileVersion` existed). */
    private readonly version: number,
  ) {
    const pick = (key: string, lengthColumn: string, required: boolean) => {
      if (thread[key] !== undefined)
        return new Table(thread[key], `${threadPath}.${key}`, lengthColumn);
      if (shared?.[key] !== undefined)
        return new Table(shared[key], `$.shared.${key}`, lengthColumn);
      if (required) fail(`${threadPath}.${key}`, 'the thread has no such table, nor has $.shared');
      return undefined;
    };
    this.stackTable = pick('stackTable', 'frame', true)!;
    this.frameTable = pick('frameTable', 'func', true)!;
    this.funcTable = pick('funcTable', 'name', true)!;
    this.resourceTable = pick('resourceTable', 'name', false);
    this.sources = pick('sources', 'filename', false);
    const own = thread.stringArray !== undefined ? 'stringArray' : 'stringTable';
    let strings = thread[own] ?? shared?.stringArray;
    this.stringsPath = thread[own] !== undefined ? `${threadPath}.${own}` : '$.shared.stringArray';
    // A profile copied from the console of an old profiler has its StringTable object.
    if (isRecord(strings) && Array.isArray(strings._array)) {
      strings = strings._array;
      this.stringsPath += '._array';
    }
    if (!Array.isArray(strings))
      fail(this.stringsPath, 'the string array is missing or not an array');
    this.strings = strings;
    this.byOffset = this.stackTable.record.prefix === undefined;
    this.stacks = new Int32Array(this.stackTable.length).fill(-1);
    this.onPath = new Uint8Array(this.stackTable.length);
    this.frames = new Int32Array(this.frameTable.length).fill(-1);
  }

  resolve(value: unknown, where: string): StackIndex {
    const table = this.stackTable;
    if (!isIndex(value, table.length))
      fail(where, `${describe(value)} is not a stack index below ${table.length}`);
    const path = this.path;
    let stack = value;
    while (stack >= 0 && this.stacks[stack] < 0) {
      if (this.onPath[stack]) fail(`${table.path}.prefix[${stack}]`, 'the prefixes form a cycle');
      this.onPath[stack] = 1;
      path.push(stack);
      if (this.byOffset) {
        const offset = table.index('prefixOffset', stack, stack + 1);
        stack = offset === 0 ? -1 : stack - offset;
      } else {
        stack = table.index('prefix', stack, table.length, true);
      }
    }
    let result = stack < 0 ? 0 : this.stacks[stack];
    for (let i = path.length - 1; i >= 0; i--) {
      const row = path[i];
      const frame = this.frameOf(table.index('frame', row, this.frameTable.length));
      result = this.builder.stacks.child(result, frame);
      this.stacks[row] = result;
      this.onPath[row] = 0;
    }
    path.length = 0;
    return result;
  }

  private frameOf(row: number): FrameIndex {
    if (this.frames[row] >= 0) return this.frames[row];
    const { frameTable, funcTable: funcs, resourceTable, sources } = this;
    const func = frameTable.index('func', row, funcs.length);
    const flags = funcs.column('flags', false) && funcs.number('flags', func);
    // Before version 73 a null (or a -1 resource) says "none"; from 73 on, a flag bit does.
    const present = (name: string, bit: number) => {
      const value = funcs.column(name, false)?.[func];
      return (
        value !== undefined && (flags === undefined ? value !== null && value !== -1 : flags & bit)
      );
    };
    const frame: Frame = { name: this.string(funcs, 'name', func) };
    if (frame.name === '') {
      const address = frameTable.record.address;
      const value = Array.isArray(address) ? address[row] : undefined;
      frame.name = isIndex(value, Infinity) ? `0x${value.toString(16)}` : '(unnamed)';
    }
    if (present('resource', FUNC_HAS_RESOURCE)) {
      if (!resourceTable) fail(`${funcs.path}.resource[${func}]`, 'there is no resourceTable');
      const resource = funcs.index('resource', func, resourceTable.length);
      frame.module = this.string(resourceTable, 'name', resource);
    }
    if (present('fileName', FUNC_HAS_SOURCE)) {
      frame.file = this.string(funcs, 'fileName', func);
    } else if (present('source', FUNC_HAS_SOURCE)) {
      if (!sources) fail(`${funcs.path}.source[${func}]`, 'there is no $.shared.sources table');
      frame.file = this.string(sources, 'filename', funcs.index('source', func, sources.length));
    }
    const line = present('lineNumber', FUNC_HAS_LINE) && funcs.column('lineNumber', true)![func];
    if (isIndex(line, 0x80000000) && line > 0) frame.line = line;
    if (this.version < 18)
      upgradeFuncName(frame, this.version, funcs.column('isJS', false)?.[func]);
    return (this.frames[row] = this.builder.frames.intern(frame));
  }

  /** The string that row `row` of `table`'s column `name` points at. */
  private string(table: Table, name: string, row: number): string {
    const index = table.index(name, row, this.strings.length);
    const value = this.strings[index];
    if (typeof value !== 'string')
      fail(`${this.stringsPath}[${index}]`, `${describe(value)} is not a string`);
    return value;
  }
}

/**
 * What the Firefox Profiler's upgraders to versions 4, 17 and 18 do to a function's name and file,
 * for profiles older than them: a JS function of version 0 is named `name (url:line)` (or
 * `url:line`), split into name, file and line (the last of `a -> b` script URLs); `AutoEntryScript `
 * leaves names (version 17); a JS file name ending in `:line` before version 18 holds the line,
 * whose column was taken for it. Matched by hand, in one pass over the name.
 */
function upgradeFuncName(frame: Frame, version: number, isJS: unknown): void {
  if (version < 4 && isJS === true) {
    const split = splitScriptLocation(frame.name);
    if (split) {
      const arrow = split.url.lastIndexOf(' -> ');
      const url = arrow >= 0 ? split.url.slice(arrow + 4) : split.url;
      frame.name = split.name || url;
      frame.file = url;
      if (split.line > 0 && split.line < 0x80000000) frame.line = split.line;
      else delete frame.line;
    }
  }
  if (version < 17 && frame.name.startsWith('AutoEntryScript '))
    frame.name = frame.name.slice('AutoEntryScript '.length);
  if (version < 18 && isJS === true && frame.file !== undefined) {
    const fixed = trailingNumber(frame.file);
    if (fixed) {
      frame.file = frame.file.slice(0, fixed.start - 1);
      if (fixed.value > 0 && fixed.value < 0x80000000) frame.line = fixed.value;
    }
  }
}

/** `name (url:line)` or `url:line` (name ""), as the version 4 upgrader's expressions read them. */
function splitScriptLocation(
  text: string,
): { name: string; url: string; line: number } | undefined {
  if (text.endsWith(')')) {
    const number = trailingNumber(text.slice(0, -1));
    if (number) {
      const colon = number.start - 1;
      const open = text.lastIndexOf(' (', colon - 2);
      if (open >= 0)
        return { name: text.slice(0, open), url: text.slice(open + 2, colon), line: number.value };
    }
  }
  const number = trailingNumber(text);
  return number
    ? { name: '', url: text.slice(0, number.start - 1), line: number.value }
    : undefined;
}

/** The digits a text ends with after a `:`, as a number and where they start. */
function trailingNumber(text: string): { value: number; start: number } | undefined {
  let start = text.length;
  while (start > 0 && text.charCodeAt(start - 1) >= 48 && text.charCodeAt(start - 1) <= 57) start--;
  if (start === text.length || start === 0 || text.charCodeAt(start - 1) !== 58 /* : */)
    return undefined;
  return { value: Number(text.slice(start)) | 0, start };
}

export function isIndex(value: unknown, limit: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < limit;
}

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  return value === undefined ? 'a missing value' : describeJsonValue(value);
}

export function fail(jsonPath: string, reason: string): never {
  throw new FlamekitError('parse-error', reason, {
    format: FIREFOX_FORMAT,
    position: { jsonPath },
  });
}
