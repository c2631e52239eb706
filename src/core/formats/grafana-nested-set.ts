import type { Profile } from '../model/profile';
import { ProfileBuilder } from '../model/profile-builder';
import type { FrameIndex } from '../types';
import { toInputSource as toSource, type InputSource, type ProfileInput } from './input';
import type { ImportOptions } from './options';
import {
  describeJsonValue as describe,
  isJsonObject as isObject,
  jsonShapeError,
  type JsonObject,
} from './json-values';

/**
 * Grafana's flame graph data (the "nested set" data frame of @grafana/flamegraph and the Pyroscope
 * data source): one row per call-tree node in depth-first pre-order, `level` its depth, `value`
 * its total. Two shapes are read:
 * - a data frame serialised as JSON: `{ fields: [{ name, values, config?: { unit? } }, ...] }`,
 *   with `label` as strings or as an enum (`config.type.enum.text` plus indices);
 * - plain columns: `{ label: [...], level: [...], value: [...], self?: [...], ... }`.
 *
 * - Level 0 is the root (Grafana's "total"): it becomes the tree's root and its label is not kept.
 *   A level may drop any number of steps but rise by one at most; a bigger jump is an error naming
 *   the row.
 * - Self values are derived from `value` minus the children's values, never read from `self`:
 *   in Grafana's own test data (our fixture) `self` is `value` divided by 10^6 in every row,
 *   another unit and not self values at all. A warning says when `self` disagrees. Where the
 *   children add up to more than their parent, they are trusted (warning).
 * - With `valueRight` the data is a comparison, as Grafana's diff view draws it: `value` is the
 *   left side (baseline), `valueRight` the right side (comparison); `selfRight` is checked like
 *   `self`. Sample types are `baseline` and `comparison`, the comparison shown by default.
 * - `fileName` and `line` give each frame its file and line when `fileName` has one entry per
 *   row; otherwise both are left out with a warning (the fixture's `fileName` is one short).
 * - The unit is the `value` field's `config.unit` (Grafana says `short` for counts, `ns`,
 *   `bytes`), else `options.unit`, else `samples`.
 *
 * Not read: the wire form `{ schema, data: { values } }`, several frames in one file, and the
 * remaining Grafana field config (display names, links, thresholds).
 */
const FORMAT = 'grafana-nested-set';
const PLAIN_COLUMNS = 'label level value self valueRight selfRight fileName line'.split(' ');

interface Column {
  values: unknown[];
  /** JSON path of `values`. */
  path: string;
  config?: JsonObject;
}

export function isGrafanaNestedSet(input: ProfileInput | InputSource): boolean {
  const source = toSource(input);
  if (source.isBinary() || !/^\s*\{/.test(source.head(256))) return false;
  let data: unknown;
  try {
    data = source.json(FORMAT);
  } catch {
    return false;
  }
  if (!isObject(data)) return false;
  const columns = readColumns(data, false);
  return columns.has('label') && columns.has('level') && columns.has('value');
}

export function importGrafanaNestedSet(
  input: ProfileInput | InputSource,
  options: ImportOptions = {},
): Profile {
  const data = toSource(input).json(FORMAT);
  if (!isObject(data))
    fail('$', 'the file is not a JSON object with "fields" or with label/level/value columns');
  const columns = readColumns(data, true);
  const level = required(columns, 'level');
  const rows = level.values.length;
  if (rows === 0) fail(level.path, 'the data has no rows; a flame graph needs at least the root');
  const labels = labelsOf(required(columns, 'label', rows));
  const value = numbers(required(columns, 'value', rows));
  const right = columns.get('valueRight');
  const valueRight = right && numbers(sized(right, 'valueRight', rows));
  const comparison = valueRight !== undefined;
  const unitName = value.config?.unit;
  const unit = typeof unitName === 'string' ? unitName : (options.unit ?? 'samples');
  const builder = new ProfileBuilder(
    FORMAT,
    comparison
      ? [
          { type: 'baseline', unit },
          { type: 'comparison', unit },
        ]
      : [{ type: 'value', unit }],
  );
  const files = locationsOf(builder, columns, rows);

  // Pre-order rows: a row's parent is the last row seen one level up.
  const parent = new Int32Array(rows);
  const stack = new Int32Array(rows);
  const pathRow = new Int32Array(rows + 1);
  for (let i = 0; i < rows; i++) {
    const l = level.values[i];
    const previous = i === 0 ? -1 : (level.values[i - 1] as number);
    if (typeof l !== 'number' || !Number.isInteger(l) || l < 0)
      fail(`${level.path}[${i}]`, `row ${i} has level ${describe(l)}; levels are integers from 0`);
    if (l > previous + 1) {
      const where =
        i === 0 ? `the first row has level ${l}` : `row ${i} jumps from level ${previous} to ${l}`;
      fail(
        `${level.path}[${i}]`,
        `${where}; rows must be in depth-first pre-order from the root (level 0), each at most one level below the row before it`,
      );
    }
    pathRow[l] = i;
    if (l === 0) {
      parent[i] = -1;
      stack[i] = 0;
      continue;
    }
    parent[i] = pathRow[l - 1];
    const frame = files ? files(labels[i], i) : builder.frames.internName(labels[i]);
    stack[i] = builder.stacks.child(stack[parent[i]], frame);
  }

  const self = deriveSelf(builder, parent, value);
  const selfRight = valueRight && deriveSelf(builder, parent, valueRight);
  checkSelfColumn(builder, 'self', columns.get('self'), self);
  if (selfRight) checkSelfColumn(builder, 'selfRight', columns.get('selfRight'), selfRight);
  const pair = [0, 0];
  let i = 0;
  builder.locate = () => ({ jsonPath: `${value.path}[${i}]` });
  for (; i < rows; i++) {
    if (!selfRight) {
      if (self[i] !== 0) builder.addSample(stack[i], self[i]);
    } else if (self[i] !== 0 || selfRight[i] !== 0) {
      pair[0] = self[i];
      pair[1] = selfRight[i];
      builder.addSample(stack[i], pair);
    }
  }
  return builder.finish(
    comparison ? { comparison: { baseline: 0, comparison: 1 }, defaultSampleType: 1 } : {},
  );
}

/** Each row's value minus its children's, trusting the children where they add up to more. */
function deriveSelf(
  builder: ProfileBuilder,
  parent: Int32Array,
  { values, path }: Column & { values: number[] },
): Float64Array {
  const rows = parent.length;
  const childSum = new Float64Array(rows);
  const self = new Float64Array(rows);
  let raised = 0;
  let firstRaised = 0;
  // Children come after their parent, so a reverse pass sees every child's total first.
  for (let i = rows - 1; i >= 0; i--) {
    let total = values[i];
    if (childSum[i] - total > 1e-9 * Math.max(1, total)) {
      total = childSum[i];
      raised++;
      firstRaised = i;
    }
    self[i] = Math.max(0, total - childSum[i]);
    if (parent[i] >= 0) childSum[parent[i]] += total;
  }
  if (raised > 0) {
    builder.warn({
      code: 'children-exceed-value',
      message: `in ${raised} row${raised === 1 ? '' : 's'} the children add up to more than the row's value; the children were trusted (first: row ${firstRaised})`,
      count: raised,
      position: { jsonPath: `${path}[${firstRaised}]` },
    });
  }
  return self;
}

function checkSelfColumn(
  builder: ProfileBuilder,
  name: string,
  column: Column | undefined,
  derived: Float64Array,
): void {
  if (!column) return;
  const rows = derived.length;
  let wrong = 0;
  let first = -1;
  for (let i = 0; i < rows; i++) {
    const given = column.values[i];
    if (typeof given === 'number' && Math.abs(given - derived[i]) <= 1e-9 * Math.abs(derived[i]))
      continue;
    if (wrong++ === 0) first = i;
  }
  if (wrong === 0) return;
  builder.warn({
    code: 'self-column-ignored',
    message: `the ${name} column disagrees with value minus the children's values in ${wrong} of ${rows} rows (first: row ${first}, ${describe(column.values[first])} against ${derived[first]}); self values were derived from the values`,
    count: wrong,
    position: { jsonPath: `${column.path}[${first}]` },
  });
}

/** `fileName` (and `line`) as a frame maker, or undefined when they cannot be matched to rows. */
function locationsOf(
  builder: ProfileBuilder,
  columns: Map<string, Column>,
  rows: number,
): ((name: string, row: number) => FrameIndex) | undefined {
  const files = columns.get('fileName');
  if (!files) return undefined;
  if (files.values.length !== rows) {
    builder.warn({
      code: 'column-length',
      message: `fileName has ${files.values.length} values for ${rows} rows, so they cannot be matched to rows; file names and lines were left out`,
      position: { jsonPath: files.path },
    });
    return undefined;
  }
  const lines = columns.get('line');
  const lineValues = lines && sized(lines, 'line', rows).values;
  return (name, row) => {
    const file = files.values[row];
    const line = lineValues?.[row];
    if (file != null && typeof file !== 'string')
      fail(`${files.path}[${row}]`, `row ${row} has file name ${describe(file)}, not a string`);
    if (line != null && !(typeof line === 'number' && Number.isInteger(line) && line >= 0))
      fail(`${lines!.path}[${row}]`, `row ${row} has line ${describe(line)}, not a line number`);
    return builder.frames.intern({
      name,
      ...(file && { file }),
      ...(typeof line === 'number' && line > 0 && { line }),
    });
  };
}

/**
 * The columns by name, from a data frame's fields (the first of two fields with one name wins) or
 * from plain arrays. Not `strict` (sniffing): what is malformed is left out rather than an error.
 */
function readColumns(data: JsonObject, strict: boolean): Map<string, Column> {
  const columns = new Map<string, Column>();
  if (!Array.isArray(data.fields)) {
    for (const name of PLAIN_COLUMNS) {
      const values = Object.hasOwn(data, name) ? data[name] : undefined;
      if (Array.isArray(values)) columns.set(name, { values, path: `$.${name}` });
      else if (values !== undefined && strict)
        fail(`$.${name}`, `${name} is ${describe(values)}, not an array`);
    }
    return columns;
  }
  data.fields.forEach((field, k) => {
    const path = `$.fields[${k}]`;
    if (!isObject(field) || typeof field.name !== 'string' || !Array.isArray(field.values)) {
      if (strict)
        fail(path, 'the field is not an object with a string "name" and a "values" array');
      return;
    }
    if (!columns.has(field.name)) {
      const config = isObject(field.config) ? field.config : undefined;
      columns.set(field.name, { values: field.values, path: `${path}.values`, config });
    }
  });
  return columns;
}

function required(columns: Map<string, Column>, name: string, rows?: number): Column {
  const column = columns.get(name);
  if (!column)
    fail(
      '$',
      `the ${name} column is missing; Grafana flame graph data needs label, level and value`,
    );
  return rows === undefined ? column : sized(column, name, rows);
}

function sized(column: Column, name: string, rows: number): Column {
  if (column.values.length !== rows)
    fail(
      column.path,
      `${name} has ${column.values.length} values for ${rows} rows; it needs one per row`,
    );
  return column;
}

function numbers(column: Column): Column & { values: number[] } {
  column.values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      fail(
        `${column.path}[${i}]`,
        `row ${i} has value ${describe(v)}; values must be non-negative numbers`,
      );
  });
  return column as Column & { values: number[] };
}

/** Labels as strings, looked up in the enum table when the field is an enum. */
function labelsOf(column: Column): string[] {
  const type = column.config?.type;
  const enumTable = isObject(type) && isObject(type.enum) ? type.enum.text : undefined;
  const text = Array.isArray(enumTable) ? enumTable : undefined;
  return column.values.map((v, i) => {
    const label =
      text && typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < text.length
        ? text[v]
        : v;
    if (typeof label !== 'string') {
      const why = text ? `, not an index into the ${text.length} enum names` : ', not a string';
      fail(`${column.path}[${i}]`, `row ${i} has label ${describe(v)}${why}`);
    }
    return label;
  });
}

function fail(jsonPath: string, reason: string): never {
  throw jsonShapeError(FORMAT, jsonPath, reason);
}
