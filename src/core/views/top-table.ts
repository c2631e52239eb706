import type { CallTree } from '../model/call-tree';
import { FlamekitError } from '../errors';
import { computeNameMatches } from './name-matcher';
import type { SearchQuery } from './search';

/**
 * Self and total per function: the table pprof calls "top" and the Firefox Profiler calls
 * "functions". A function is a frame name: frames with the same name in different files (or, at
 * line granularity, on different lines) are one row, as in the transforms and search. Columns are
 * indexed by row; rows come in the order their function first appears in pre-order.
 */
export interface TopTable {
  rowCount: number;
  name: string[];
  /** Value of the samples that end in the function. */
  self: Float64Array;
  /**
   * Value of the samples whose stack passes through the function, each sample once: a recursive
   * call below another call of the same function adds nothing.
   */
  total: Float64Array;
  /** `self` over the root's total; 0 when that is 0. */
  selfShare: Float64Array;
  /** `total` over the root's total; 0 when that is 0. */
  totalShare: Float64Array;
  /** The root's total, the denominator of the shares. */
  rootTotal: number;
  /** The baseline side of a tree that compares two profiles, by the same rules. */
  baselineSelf?: Float64Array;
  baselineTotal?: Float64Array;
  baselineRootTotal?: number;
}

export type TopTableColumn =
  | 'name'
  | 'self'
  | 'total'
  | 'baselineSelf'
  | 'baselineTotal'
  /** `total - baselineTotal`. */
  | 'delta'
  /**
   * The relative change `(total - baselineTotal) / |baselineTotal|` as a fraction (0.5 is +50%);
   * +Infinity for a function that only the comparison has, -Infinity for one whose negative
   * samples only it has, 0 when both sides are 0.
   */
  | 'deltaPercent';

const COLUMNS: readonly TopTableColumn[] = [
  'name',
  'self',
  'total',
  'baselineSelf',
  'baselineTotal',
  'delta',
  'deltaPercent',
];

/**
 * The top table of `tree` in one pre-order pass, O(nodes). To count recursion once, the walk keeps
 * the path of open nodes (an explicit stack) and, per function, how many of them belong to it: a
 * node adds its total only when that count is 0, that is when no ancestor is the same function.
 *
 * ```ts
 * const table = computeTopTable(treeFromFolded('main;f;f 3\nmain;g 1'));
 * // name  ['main', 'f', 'g']
 * // self  [0, 3, 1]
 * // total [4, 3, 1]     (f once, though the stack holds it twice)
 * ```
 */
export function computeTopTable(tree: CallTree): TopTable {
  const { nodeCount: n, frame, subtreeEnd, self, total, baselineSelf, baselineTotal } = tree;
  const frames = tree.frames;
  // Rows are made on first sight, so frames of the table that this tree does not use get none.
  // There are at most as many rows as frames; the columns are cut to size at the end.
  const capacity = frames.size;
  const rowOfFrame = new Int32Array(capacity).fill(-1);
  const rowOfName = new Map<number, number>();
  const names: string[] = [];
  const rowOfNewFrame = (f: number): number => {
    const nameId = frames.nameId(f);
    let r = rowOfName.get(nameId);
    if (r === undefined) {
      r = names.length;
      names.push(frames.strings.get(nameId));
      rowOfName.set(nameId, r);
    }
    return r;
  };
  const rowSelf = new Float64Array(capacity);
  const rowTotal = new Float64Array(capacity);
  const rowBaselineSelf = baselineSelf && new Float64Array(capacity);
  const rowBaselineTotal = baselineSelf && new Float64Array(capacity);
  const openCount = new Int32Array(capacity);
  // The path from the root to the current node, and the row of each node on it.
  const open = new Int32Array(tree.maxDepth + 1);
  const openRow = new Int32Array(tree.maxDepth + 1);
  let openLength = 0;
  for (let i = 1; i < n; i++) {
    while (openLength > 0 && subtreeEnd[open[openLength - 1]] <= i)
      openCount[openRow[--openLength]]--;
    const f = frame[i];
    let r = rowOfFrame[f];
    if (r < 0) r = rowOfFrame[f] = rowOfNewFrame(f);
    rowSelf[r] += self[i];
    if (rowBaselineSelf) rowBaselineSelf[r] += baselineSelf![i];
    if (openCount[r] === 0) {
      rowTotal[r] += total[i];
      if (rowBaselineTotal) rowBaselineTotal[r] += baselineTotal![i];
    }
    openCount[r]++;
    open[openLength] = i;
    openRow[openLength++] = r;
  }

  const rowCount = names.length;
  const rootTotal = total[0];
  const table: TopTable = {
    rowCount,
    name: names,
    self: rowSelf.slice(0, rowCount),
    total: rowTotal.slice(0, rowCount),
    selfShare: shares(rowSelf, rowCount, rootTotal),
    totalShare: shares(rowTotal, rowCount, rootTotal),
    rootTotal,
  };
  if (rowBaselineSelf && rowBaselineTotal) {
    table.baselineSelf = rowBaselineSelf.slice(0, rowCount);
    table.baselineTotal = rowBaselineTotal.slice(0, rowCount);
    table.baselineRootTotal = baselineTotal![0];
  }
  return table;
}

/**
 * The rows in the order of `column`, as row indexes. Equal values are ordered by name (ascending
 * in both directions, by UTF-16 code units as sibling order is), so the order never depends on
 * the row order. Baseline and delta columns need a table made from a tree that compares two
 * profiles.
 *
 * ```ts
 * const order = sortTopTable(table, 'self', 'desc');
 * const heaviest = table.name[order[0]];
 * ```
 */
export function sortTopTable(
  table: TopTable,
  column: TopTableColumn,
  direction: 'asc' | 'desc',
): Int32Array {
  if (!COLUMNS.includes(column)) {
    throw new FlamekitError(
      'invalid-argument',
      `top table column "${String(column)}" is unknown; use one of ${COLUMNS.join(', ')}`,
    );
  }
  if (direction !== 'asc' && direction !== 'desc') {
    throw new FlamekitError('invalid-argument', `direction is "${direction}"; use "asc" or "desc"`);
  }
  const names = table.name;
  const order = new Int32Array(table.rowCount);
  for (let r = 0; r < order.length; r++) order[r] = r;
  const byName = (a: number, b: number) =>
    names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : a - b;
  if (column === 'name') {
    order.sort(direction === 'asc' ? byName : (a, b) => byName(b, a));
    return order;
  }
  const key = sortKey(table, column);
  const sign = direction === 'asc' ? 1 : -1;
  // Explicit comparisons: a subtraction would give NaN for two infinite percentages.
  order.sort((a, b) => (key[a] < key[b] ? -sign : key[a] > key[b] ? sign : byName(a, b)));
  return order;
}

/**
 * The rows whose function name matches `search`, by the rules of the flame graph's search
 * ({@link computeSearch}, through `computeNameMatches`), kept in the order of `order` (the
 * rows in table order when not given; pass the result of {@link sortTopTable} to filter a sorted
 * table). An empty search text filters nothing out. A regex that is invalid or unsafe matches no
 * row and comes back with the reason in `error`.
 *
 * ```ts
 * const { rows } = filterTopTable(table, { text: 'json', mode: 'substring' }, sorted);
 * ```
 */
export function filterTopTable(
  table: TopTable,
  search: SearchQuery,
  order?: Int32Array,
): { rows: Int32Array; error?: string } {
  const rows = order ?? Int32Array.from({ length: table.rowCount }, (_, r) => r);
  for (let k = 0; k < rows.length; k++) {
    if (!(rows[k] >= 0 && rows[k] < table.rowCount)) {
      throw new FlamekitError(
        'invalid-argument',
        `row ${rows[k]} does not exist (the table has ${table.rowCount}); pass an order from sortTopTable`,
      );
    }
  }
  if (search.text === '') return { rows: rows.slice() };
  const { matches, error } = computeNameMatches(table.name, search);
  let count = 0;
  for (let k = 0; k < rows.length; k++) count += matches[rows[k]];
  const kept = new Int32Array(count);
  for (let k = 0, next = 0; k < rows.length; k++) if (matches[rows[k]]) kept[next++] = rows[k];
  return error === undefined ? { rows: kept } : { rows: kept, error };
}

function sortKey(table: TopTable, column: Exclude<TopTableColumn, 'name'>): Float64Array {
  if (column === 'self') return table.self;
  if (column === 'total') return table.total;
  const { baselineSelf, baselineTotal } = table;
  if (!baselineSelf || !baselineTotal) {
    throw new FlamekitError(
      'invalid-argument',
      `column "${column}" needs a baseline; make the table from a tree that compares two profiles`,
    );
  }
  if (column === 'baselineSelf') return baselineSelf;
  if (column === 'baselineTotal') return baselineTotal;
  const key = new Float64Array(table.rowCount);
  for (let r = 0; r < key.length; r++) {
    const delta = table.total[r] - baselineTotal[r];
    if (column === 'delta') key[r] = delta;
    else if (baselineTotal[r] !== 0) key[r] = delta / Math.abs(baselineTotal[r]);
    else key[r] = delta === 0 ? 0 : delta > 0 ? Infinity : -Infinity;
  }
  return key;
}

function shares(values: Float64Array, count: number, rootTotal: number): Float64Array {
  const result = new Float64Array(count);
  if (rootTotal !== 0) for (let r = 0; r < count; r++) result[r] = values[r] / rootTotal;
  return result;
}
