import { CallTree } from '../model/call-tree';
import { FlamekitError } from '../errors';
import { computeTopTable, type TopTable } from '../views/top-table';
import type { NodeIndex } from '../types';
import { formatValue, normalizeUnit } from '../units';
import { detectRuntimes, measurePatternRules, shortFrameName, type PatternMeasure } from './rules';
import type { Finding, FindingFrame, InsightRuntime } from './types';

export interface AnalyzeOptions {
  /** Unit of the tree's values, for the text of the findings. Default `'samples'`. */
  unit?: string;
  /** Findings whose share is below this are dropped, 0..1. Default 0.05. */
  minShare?: number;
  /** At most this many findings. Default 10. */
  limit?: number;
}

/** A function whose self value reaches this share of the total is a finding of its own. */
const HOT_FUNCTION_SHARE = 0.1;
/** This many calls of one function on one stack is deep recursion. */
const RECURSION_NESTING = 20;
/** Stacks this deep are a finding even without recursion. */
const DEEP_STACK = 256;
/** The hot path ends at the deepest node still holding this share of the total… */
const HOT_PATH_SHARE = 0.5;
/** …and is reported when it is at least this many frames long. */
const HOT_PATH_FRAMES = 4;
/** Changes of a function's self share below this are noise in a comparison. */
const DIFF_MIN_CHANGE = 0.005;
const EVIDENCE = 5;

interface Context {
  tree: CallTree;
  unit: string;
  table: TopTable;
  /** The top-table row of each frame (rows are functions, by name). */
  rowOfFrame: Int32Array;
}

/**
 * Offline findings about a profile from built-in rules, largest share first (ties by rule id):
 * - `hot-function`: a function whose own (self) value is at least 10% of the total (functions are
 *   top-table rows: frames of one name);
 * - pattern rules (`rules-runtime.ts`): garbage collection and allocation, lock contention and
 *   waits, system calls and I/O, regular expressions compiled or matched, serialization,
 *   reflection, logging, recognised by frame names per runtime (`runtime` says which). A rule's
 *   share counts each stack once, however many of its frames the stack holds, and leaves out the
 *   waits (locks, sleeps, I/O) below its frames; its evidence is the functions where the matched
 *   work enters, with the value that enters through each;
 * - `deep-recursion`: stacks where one function is nested 20 times or more, or 256 frames deep;
 * - `hot-path`: the heaviest path from the root, to the deepest node still holding half the total;
 * - `diff-regression` and `diff-improvement` for a tree that compares two profiles: the functions
 *   whose self value grew or shrank most as a share of each side's own total. The other rules
 *   read the comparison side.
 *
 * Severity follows the share: 30% and more is critical, 10% a warning, less is information. The
 * hot path and improvements are always information. A tree whose total is not positive has no
 * findings. Names are quoted as the profile spells them: render the text as plain text.
 */
export function analyzeProfile(tree: CallTree, options: AnalyzeOptions = {}): Finding[] {
  const { unit = 'samples', minShare = 0.05, limit = 10 } = options;
  if (!(tree instanceof CallTree)) {
    throw new FlamekitError('invalid-argument', 'analyzeProfile takes a CallTree');
  }
  if (typeof unit !== 'string') {
    throw new FlamekitError('invalid-argument', `unit is ${String(unit)}; use a string`);
  }
  if (!(typeof minShare === 'number' && minShare >= 0 && minShare <= 1)) {
    throw new FlamekitError('invalid-argument', `minShare is ${minShare}; use a share from 0 to 1`);
  }
  checkCount('limit', limit);
  if (!(tree.total[0] > 0)) return [];
  const table = computeTopTable(tree);
  const rowOfFrame = computeRowOfFrame(tree, table);
  const runtimes = detectRuntimes(tree);
  const context: Context = { tree, unit, table, rowOfFrame };
  const measures = measurePatternRules(tree, rowOfFrame, runtimes);
  const findings = [
    ...findHotFunctions(context, measures, runtimes.primary),
    ...measures.flatMap((measure) => patternFinding(context, measure, runtimes.primary)),
    ...findRecursion(context),
    ...findHotPath(context),
    ...findDiffChanges(context),
  ];
  return findings
    .filter((finding) => finding.share >= minShare)
    .sort(
      (a, b) => b.share - a.share || compareText(a.rule, b.rule) || compareText(a.title, b.title),
    )
    .slice(0, limit);
}

function findHotFunctions(
  { tree, unit, table, rowOfFrame }: Context,
  measures: PatternMeasure[],
  primary: InsightRuntime,
): Finding[] {
  const findings: Finding[] = [];
  for (let r = 0; r < table.rowCount; r++) {
    const share = table.selfShare[r];
    if (share < HOT_FUNCTION_SHARE) continue;
    const name = table.name[r];
    const short = shortFrameName(name);
    // The caller through which most of the self value comes.
    const byCaller = new Map<number, number>();
    for (let i = 1; i < tree.nodeCount; i++) {
      if (rowOfFrame[tree.frame[i]] !== r || tree.parent[i] === 0) continue;
      const caller = rowOfFrame[tree.frame[tree.parent[i]]];
      byCaller.set(caller, (byCaller.get(caller) ?? 0) + tree.self[i]);
    }
    const [caller, callerSelf = 0] =
      [...byCaller].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0] ?? [];
    const through =
      caller === undefined
        ? ''
        : ` ${formatPercent(callerSelf / table.self[r])} of it comes through calls from ${shortFrameName(table.name[caller])}.`;
    // A function of a pattern rule (or called by one: bzero under a JVM allocation) gets the
    // rule's advice; making `(garbage collector)` cheaper is not something a user can do.
    const measure =
      measures.find((m) => m.rows.has(r)) ??
      measures.find((m) => caller !== undefined && m.rows.has(caller));
    const part = measure ? ` It is part of ${measure.rule.subject}.` : '';
    findings.push({
      rule: 'hot-function',
      title: `Hot function: ${short}`,
      severity: severityOf(share),
      share,
      detail: `${formatValue(table.self[r], unit)} (${formatPercent(share)} of the total) ${spentIn(unit)} ${short} itself, not in functions it calls.${through}${part}`,
      suggestion: measure
        ? suggestionFor(measure, primary)
        : `Make ${short} cheaper (less work per call, a better algorithm or data structure) or call it less often; its own code holds these samples, so either pays off directly.`,
      evidence: [frameOf(name, table.self[r], table.total[r], share)],
    });
  }
  return findings;
}

function patternFinding(
  { unit, table }: Context,
  measure: PatternMeasure,
  primary: InsightRuntime,
): Finding[] {
  const { rule, value, waiting, baselineValue, runtime, entries } = measure;
  if (value <= 0) return [];
  const share = value / table.rootTotal;
  const evidence = [...entries]
    .map(([row, { self, total }]) => frameOf(table.name[row], self, total, total / table.rootTotal))
    .sort((a, b) => b.total - a.total || compareText(a.name, b.name))
    .slice(0, EVIDENCE);
  const waits =
    waiting > 0
      ? ` Another ${formatValue(waiting, unit)} (${formatPercent(waiting / table.rootTotal)}) below them waits on locks, sleeps or I/O and is left out.`
      : '';
  const baseline = table.baselineRootTotal
    ? ` In the baseline it was ${formatPercent(baselineValue / table.baselineRootTotal)}.`
    : '';
  return [
    {
      rule: rule.id,
      title: rule.title,
      severity: severityOf(share),
      share,
      runtime,
      detail: `${formatValue(value, unit)} (${formatPercent(share)} of the total) ${spentIn(unit)} ${rule.subject}, entered through ${listFrames(evidence, entries.size)}.${waits}${baseline}`,
      suggestion: suggestionFor(measure, primary),
      evidence,
    },
  ];
}

function findRecursion({ tree, unit, table, rowOfFrame }: Context): Finding[] {
  const { nodeCount: n, frame, subtreeEnd, total, depth } = tree;
  const nesting = new Int32Array(table.rowCount);
  const maxNesting = new Int32Array(table.rowCount);
  const open = new Int32Array(tree.maxDepth + 1);
  let openLength = 0;
  let cover = -1;
  let value = 0;
  const rows = new Set<number>();
  for (let i = 1; i < n; i++) {
    while (openLength > 0 && subtreeEnd[open[openLength - 1]] <= i) {
      nesting[rowOfFrame[frame[open[--openLength]]]]--;
    }
    const r = rowOfFrame[frame[i]];
    open[openLength++] = i;
    maxNesting[r] = Math.max(maxNesting[r], ++nesting[r]);
    if (nesting[r] < RECURSION_NESTING && depth[i] < DEEP_STACK) continue;
    rows.add(r);
    if (cover >= 0 && i < subtreeEnd[cover]) continue;
    cover = i;
    value += total[i];
  }
  if (value <= 0) return [];
  const share = value / table.rootTotal;
  const recursive = [...rows].filter((r) => maxNesting[r] >= RECURSION_NESTING);
  const deepest = recursive.sort((a, b) => maxNesting[b] - maxNesting[a] || a - b)[0];
  const nested =
    deepest === undefined
      ? ''
      : ` ${shortFrameName(table.name[deepest])} is nested up to ${maxNesting[deepest]} times on one stack.`;
  const deep = tree.maxDepth >= DEEP_STACK ? ` Stacks reach ${tree.maxDepth} frames.` : '';
  return [
    {
      rule: 'deep-recursion',
      title: recursive.length > 0 ? 'Deep recursion' : 'Very deep stacks',
      severity: severityOf(share),
      share,
      detail: `${formatValue(value, unit)} (${formatPercent(share)} of the total) runs in deeply nested calls.${nested}${deep}`,
      suggestion:
        'Deep recursion costs a call per level and risks stack overflows: make it iterative, memoise repeated sub-results, or bound the depth of the input.',
      evidence: evidenceOfRows(table, [...rows]),
    },
  ];
}

function findHotPath({ tree, unit }: Context): Finding[] {
  const rootTotal = tree.total[0];
  let node: NodeIndex = 0;
  for (let c = heaviestChild(tree, 0); c >= 0 && tree.total[c] >= HOT_PATH_SHARE * rootTotal;) {
    node = c;
    c = heaviestChild(tree, node);
  }
  if (tree.depth[node] < HOT_PATH_FRAMES) return [];
  const path: NodeIndex[] = [];
  for (let a = node; a > 0; a = tree.parent[a]) path.unshift(a);
  const share = tree.total[node] / rootTotal;
  const names = path.map((a) => shortFrameName(tree.name(a)));
  const shown = names.length > 6 ? [...names.slice(0, 2), '…', ...names.slice(-3)] : names;
  const end = names[names.length - 1];
  // The last frames of the path, each function once (a recursion would repeat one name).
  const evidence: FindingFrame[] = [];
  for (let k = path.length - 1; k >= 0 && evidence.length < EVIDENCE; k--) {
    const a = path[k];
    if (evidence.some((e) => e.name === tree.name(a))) continue;
    evidence.unshift(frameOf(tree.name(a), tree.self[a], tree.total[a], tree.total[a] / rootTotal));
  }
  return [
    {
      rule: 'hot-path',
      title: 'One call path holds most of the total',
      severity: 'info',
      share,
      detail: `The path ${shown.join(' > ')} (${path.length} frames) holds ${formatValue(tree.total[node], unit)} (${formatPercent(share)} of the total); no branch below ${end} holds half.`,
      suggestion: `Start reading the profile at ${end}: focus the flame graph on it to see how its total divides.`,
      evidence,
    },
  ];
}

function findDiffChanges({ unit, table }: Context): Finding[] {
  const changes = computeSelfShareChanges(table);
  if (!changes) return [];
  const regressions = changes.filter((c) => c.change >= DIFF_MIN_CHANGE).slice(0, EVIDENCE);
  const improvements = changes
    .filter((c) => c.change <= -DIFF_MIN_CHANGE)
    .reverse()
    .slice(0, EVIDENCE);
  const describe = (list: ShareChange[]) =>
    list
      .map(
        (c) =>
          `${shortFrameName(table.name[c.row])} (${formatPercent(c.before)} -> ${formatPercent(c.after)}, ${formatPoints(c.change)}, now ${formatValue(table.self[c.row], unit)})`,
      )
      .join(', ');
  const finding = (list: ShareChange[], regression: boolean): Finding => {
    const share = list.reduce((sum, c) => sum + Math.abs(c.change), 0);
    return {
      rule: regression ? 'diff-regression' : 'diff-improvement',
      title: regression ? 'Regressions since the baseline' : 'Improvements since the baseline',
      severity: regression ? severityOf(share) : 'info',
      share,
      detail: `The self share ${regression ? 'grew' : 'shrank'} most in ${describe(list)}; shares are of each side's own total.`,
      suggestion: regression
        ? 'Compare the callers of these functions in the two profiles (sandwich or diff view): a new caller, more calls or more work per call explains the growth.'
        : 'Check that the improvement is intended and that the work did not just move to another function.',
      evidence: list.map((c) =>
        frameOf(table.name[c.row], table.self[c.row], table.total[c.row], c.after),
      ),
    };
  };
  return [
    ...(regressions.length > 0 ? [finding(regressions, true)] : []),
    ...(improvements.length > 0 ? [finding(improvements, false)] : []),
  ];
}

/** A function's self share on each side of a comparison, each of its own side's total. */
export interface ShareChange {
  row: number;
  before: number;
  after: number;
  /** `after - before`. */
  change: number;
}

/**
 * The self-share change of every function of a comparison's top table, largest growth first (ties
 * by name), or `undefined` for a table of one profile. Functions without change are left out.
 */
export function computeSelfShareChanges(table: TopTable): ShareChange[] | undefined {
  const { baselineSelf, baselineRootTotal = 0, rootTotal } = table;
  if (!baselineSelf) return undefined;
  const changes: ShareChange[] = [];
  for (let row = 0; row < table.rowCount; row++) {
    const after = rootTotal > 0 ? table.self[row] / rootTotal : 0;
    const before = baselineRootTotal > 0 ? baselineSelf[row] / baselineRootTotal : 0;
    if (after !== before) changes.push({ row, before, after, change: after - before });
  }
  return changes.sort(
    (a, b) => b.change - a.change || compareText(table.name[a.row], table.name[b.row]),
  );
}

/** The child with the largest total, the first in sibling order on a tie; -1 for a leaf. */
export function heaviestChild(tree: CallTree, node: NodeIndex): NodeIndex {
  let best = -1;
  const end = tree.subtreeEnd[node];
  for (let c = node + 1; c < end; c = tree.subtreeEnd[c]) {
    if (best < 0 || tree.total[c] > tree.total[best]) best = c;
  }
  return best;
}

/** A share as a percentage with one decimal: `0.4213` is `42.1%`. */
export function formatPercent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** A change of share in percentage points: `+15.0 points`, `-2.5 points`. */
export function formatPoints(change: number): string {
  return `${change < 0 ? '-' : '+'}${Math.abs(change * 100).toFixed(1)} points`;
}

/** UTF-16 order, as sibling order and the top table use, independent of the locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function computeRowOfFrame(tree: CallTree, table: TopTable): Int32Array {
  const rowOfName = new Map(table.name.map((name, row) => [name, row]));
  const rowOfFrame = new Int32Array(tree.frames.size).fill(-1);
  for (let i = 1; i < tree.nodeCount; i++) {
    const f = tree.frame[i];
    if (rowOfFrame[f] < 0) rowOfFrame[f] = rowOfName.get(tree.frames.name(f))!;
  }
  return rowOfFrame;
}

/** The rows as evidence, heaviest total first (ties by name), at most {@link EVIDENCE}. */
function evidenceOfRows(table: TopTable, rows: number[]): FindingFrame[] {
  return rows
    .sort((a, b) => table.total[b] - table.total[a] || compareText(table.name[a], table.name[b]))
    .slice(0, EVIDENCE)
    .map((r) => frameOf(table.name[r], table.self[r], table.total[r], table.totalShare[r]));
}

function frameOf(name: string, self: number, total: number, share: number): FindingFrame {
  return { name, self, total, share };
}

function listFrames(evidence: FindingFrame[], count: number): string {
  const listed = evidence
    .map((e) => `${shortFrameName(e.name)} (${formatPercent(e.share)})`)
    .join(', ');
  return count > evidence.length ? `${listed} and ${count - evidence.length} more` : listed;
}

/** C library frames say little about what to change; the program's runtime does. */
function suggestionFor({ rule, runtime }: PatternMeasure, primary: InsightRuntime): string {
  return rule.suggestion[runtime === 'native' ? primary : runtime] ?? rule.suggestion.any;
}

/** Memory is not "spent" in a function. */
function spentIn(unit: string): string {
  const canonical = normalizeUnit(unit);
  return canonical === 'bytes' || canonical === 'objects' ? 'is in' : 'is spent in';
}

function severityOf(share: number): Finding['severity'] {
  return share >= 0.3 ? 'critical' : share >= 0.1 ? 'warning' : 'info';
}

export function checkCount(name: string, value: number): void {
  if (!(Number.isInteger(value) && value >= 0)) {
    throw new FlamekitError('invalid-argument', `${name} is ${value}; use a whole number >= 0`);
  }
}
