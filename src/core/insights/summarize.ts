import { CallTree } from '../model/call-tree';
import { FlamekitError } from '../errors';
import { computeTopTable, sortTopTable, type TopTable } from '../views/top-table';
import type { NodeIndex } from '../types';
import { formatValue } from '../units';
import {
  checkCount,
  computeSelfShareChanges,
  formatPercent,
  formatPoints,
  heaviestChild,
  type ShareChange,
} from './analyze';

export interface SummaryLimits {
  /** The text never has more characters (UTF-16 code units) than this. Default 6000, at least 100. */
  maxChars?: number;
  /** How many hot paths to list. Default 8. */
  hotPaths?: number;
  /** How many functions to list by self value, and regressions and improvements of a comparison. Default 15. */
  topFunctions?: number;
  /** Unit of the tree's values. Default `'samples'`. */
  unit?: string;
}

/** A path longer than this shows its first and last frames around a count of the others. */
const PATH_FRAMES = 10;
const PATH_HEAD = 2;

/**
 * The profile as compact plain text for a language model, the same for the same tree and limits:
 *
 * ```text
 * Profile (samples): total 10 samples, 6 call-tree nodes, 5 functions, max depth 3
 * Top functions by self (value and share of the total):
 * 1. b: self 6 samples (60.0%), total 6 samples (60.0%)
 * Hot paths (share of the total through the path):
 * main > a > b  60.0%
 * ```
 *
 * - Top functions come from {@link computeTopTable} (a recursive function's total counts a stack once).
 * - Hot paths: from the root, follow the heaviest child while it holds at least half of its
 *   parent; the path ends where no child does. The heaviest branch not yet shown is then followed
 *   the same way, and so on.
 * - A comparison (a tree with a baseline) gets both totals in the header and, first, its largest
 *   regressions and improvements: the changes of a function's self share, each side's share of its
 *   own total, so profiles of different lengths compare.
 *
 * Whole lines are cut from the end to stay within `maxChars`, and a last line says how many.
 * Names are written as the profile spells them, except that control characters (line breaks)
 * become spaces so that every item stays on its line.
 */
export function summarizeProfile(tree: CallTree, limits: SummaryLimits = {}): string {
  const { maxChars = 6000, hotPaths = 8, topFunctions = 15, unit = 'samples' } = limits;
  if (!(tree instanceof CallTree)) {
    throw new FlamekitError('invalid-argument', 'summarizeProfile takes a CallTree');
  }
  if (!(Number.isInteger(maxChars) && maxChars >= 100)) {
    throw new FlamekitError(
      'invalid-argument',
      `maxChars is ${maxChars}; use a whole number >= 100`,
    );
  }
  checkCount('hotPaths', hotPaths);
  checkCount('topFunctions', topFunctions);
  if (typeof unit !== 'string') {
    throw new FlamekitError('invalid-argument', `unit is ${String(unit)}; use a string`);
  }
  const table = computeTopTable(tree);
  const value = (v: number) => formatValue(v, unit);
  const sides = tree.baselineTotal
    ? `baseline total ${value(tree.baselineTotal[0])}, comparison total ${value(tree.total[0])}`
    : `total ${value(tree.total[0])}`;
  const lines = [
    `${tree.baselineTotal ? 'Comparison of two profiles' : 'Profile'} (${unit}): ${sides}, ${tree.nodeCount} call-tree nodes, ${table.rowCount} functions, max depth ${tree.maxDepth}`,
  ];
  const changes = computeSelfShareChanges(table);
  if (changes) lines.push(...changeLines(table, changes, topFunctions));
  lines.push(...topFunctionLines(table, value, topFunctions));
  lines.push(...hotPathLines(tree, hotPaths));
  return fitLines(lines, maxChars);
}

function changeLines(table: TopTable, changes: ShareChange[], count: number): string[] {
  const line = (c: ShareChange) =>
    `${clean(table.name[c.row])}  ${formatPercent(c.before)} -> ${formatPercent(c.after)} (${formatPoints(c.change)})`;
  const regressions = changes.filter((c) => c.change > 0).slice(0, count);
  const improvements = changes
    .filter((c) => c.change < 0)
    .reverse()
    .slice(0, count);
  const heading = (what: string, list: ShareChange[]) =>
    `Largest ${what} (self share of each side's total, baseline -> comparison):${list.length === 0 ? ' none' : ''}`;
  return [
    heading('regressions', regressions),
    ...regressions.map(line),
    heading('improvements', improvements),
    ...improvements.map(line),
  ];
}

function topFunctionLines(table: TopTable, value: (v: number) => string, count: number): string[] {
  const rows = Array.from(sortTopTable(table, 'self', 'desc'))
    .filter((r) => table.self[r] > 0)
    .slice(0, count);
  const { baselineSelf, baselineTotal, baselineRootTotal = 0 } = table;
  const baseline = (values: Float64Array | undefined, r: number) =>
    values
      ? `; baseline ${formatPercent(baselineRootTotal > 0 ? values[r] / baselineRootTotal : 0)}`
      : '';
  return [
    `Top functions by self (value and share of the total${baselineSelf ? ', then of the baseline' : ''}):${rows.length === 0 ? ' none' : ''}`,
    ...rows.map(
      (r, k) =>
        `${k + 1}. ${clean(table.name[r])}: self ${value(table.self[r])} (${formatPercent(table.selfShare[r])}${baseline(baselineSelf, r)}), total ${value(table.total[r])} (${formatPercent(table.totalShare[r])}${baseline(baselineTotal, r)})`,
    ),
  ];
}

function hotPathLines(tree: CallTree, count: number): string[] {
  const { total, baselineTotal } = tree;
  const ends: NodeIndex[] = [];
  // Branches not followed yet; the heaviest is taken next (the first in pre-order on a tie).
  const pending: NodeIndex[] = [0];
  while (ends.length < count && pending.length > 0) {
    let pick = 0;
    for (let k = 1; k < pending.length; k++) {
      const [a, b] = [pending[k], pending[pick]];
      if (total[a] > total[b] || (total[a] === total[b] && a < b)) pick = k;
    }
    let end = pending.splice(pick, 1)[0];
    if (!(total[end] > 0)) break;
    for (let c = heaviestChild(tree, end); c >= 0 && total[c] * 2 >= total[end];) {
      forEachOtherChild(tree, end, c, (other) => pending.push(other));
      end = c;
      c = heaviestChild(tree, end);
    }
    forEachOtherChild(tree, end, -1, (other) => pending.push(other));
    if (end !== 0) ends.push(end);
  }
  const share = (values: Float64Array, node: NodeIndex) =>
    formatPercent(values[0] > 0 ? values[node] / values[0] : 0);
  return [
    `Hot paths (share of the total through the path${baselineTotal ? ', then of the baseline' : ''}):${ends.length === 0 ? ' none' : ''}`,
    ...ends.map(
      (end) =>
        `${pathText(tree, end)}  ${share(total, end)}${baselineTotal ? ` (baseline ${share(baselineTotal, end)})` : ''}`,
    ),
  ];
}

function forEachOtherChild(
  tree: CallTree,
  node: NodeIndex,
  except: NodeIndex,
  visit: (child: NodeIndex) => void,
): void {
  const end = tree.subtreeEnd[node];
  for (let c = node + 1; c < end; c = tree.subtreeEnd[c]) if (c !== except) visit(c);
}

/** `a > b > c`; a long path keeps its first and last frames: `a > b > … 30 frames … > y > z`. */
function pathText(tree: CallTree, node: NodeIndex): string {
  const names: string[] = [];
  for (let a = node; a > 0; a = tree.parent[a]) names.unshift(clean(tree.name(a)));
  if (names.length <= PATH_FRAMES) return names.join(' > ');
  const tail = PATH_FRAMES - PATH_HEAD;
  const hidden = names.length - PATH_FRAMES;
  return [
    ...names.slice(0, PATH_HEAD),
    `… ${hidden} frames …`,
    ...names.slice(names.length - tail),
  ].join(' > ');
}

/** Whole lines from the start, then a line saying how many were cut, within `maxChars`. */
function fitLines(lines: string[], maxChars: number): string {
  const text = lines.join('\n');
  if (text.length <= maxChars) return text;
  const note = (cut: number) =>
    `(${cut} more ${cut === 1 ? 'line' : 'lines'} cut to stay within ${maxChars} characters)`;
  let kept = 0;
  let length = 0; // of the kept lines, each with its line break
  while (
    kept < lines.length &&
    length + lines[kept].length + 1 + note(lines.length - kept - 1).length <= maxChars
  ) {
    length += lines[kept].length + 1;
    kept++;
  }
  return [...lines.slice(0, kept), note(lines.length - kept)].join('\n');
}

/** Control characters would break the one-item-per-line layout. */
function clean(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}
