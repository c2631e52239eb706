/**
 * The worker side of time-limited.ts: runs one task at a time on flamekit's core and answers with
 * what came out. Bundled by esbuild (with src/core) into one file that a worker thread loads, so
 * that a case which hangs can be stopped by terminating the thread.
 */
import { parentPort } from 'node:worker_threads';
import {
  createFlameChart,
  computeSearch,
  computeTimeRangeTree,
  decodeViewState,
  exportProfile,
  exportProfileChunks,
  importProfile,
  isFlamekitError,
  matchesLabels,
  parseLabelSelector,
  treeFromFolded,
  type ExportFormat,
  type ImportOptions,
  type SearchQuery,
} from '../../src/core';
import { ServerSentEventParser } from '../../src/core/insights/sse';

export type Outcome =
  | { outcome: 'result'; value: unknown }
  | { outcome: 'flamekit-error'; code: string; message: string; position?: unknown }
  | { outcome: 'other-error'; name: string; message: string; stack?: string };

const TASKS: Record<string, (...args: never[]) => unknown> = {
  /**
   * Imports and builds every tree, and the flame chart and the tree of the whole recording when
   * the profile has a time order: the profile's format, totals per sample type and warnings.
   */
  import(input: Uint8Array | string, options: ImportOptions = {}) {
    const profile = importProfile(input, options);
    const totals = profile.sampleTypes.map((_, t) => profile.tree(t).total[0]);
    const { timeOrder } = profile;
    let boxes: number | undefined;
    if (timeOrder) {
      const chart = createFlameChart(timeOrder);
      boxes = 0;
      for (let lane = 0; lane < chart.rowCounts.length; lane++)
        boxes += chart.lane(lane).frame.length;
      const whole = computeTimeRangeTree(timeOrder, 0, timeOrder.duration).total[0];
      if (!Number.isFinite(whole)) throw new Error(`the time order's total is ${whole}`);
    }
    for (const total of totals)
      if (!Number.isFinite(total)) throw new Error(`a tree's total is ${total}`);
    return {
      format: profile.format,
      totals,
      warnings: profile.warnings.map((w) => w.code),
      ...(boxes !== undefined && { boxes }),
      // Still counted until collected: what the import allocated outside the heap, in MB.
      arrayBuffersMb: process.memoryUsage().arrayBuffers / 2 ** 20,
    };
  },
  /** Server-sent events from text fed in pieces of `pieceLength` characters: how many. */
  sse(text: string, pieceLength: number) {
    const parser = new ServerSentEventParser();
    let events = 0;
    for (let i = 0; i < text.length; i += pieceLength)
      events += parser.push(text.slice(i, i + pieceLength)).length;
    return events + parser.end().length;
  },
  /** How many nodes of the folded text's tree a search matches, and its error. */
  search(folded: string, query: SearchQuery) {
    const result = computeSearch(treeFromFolded(folded), query);
    return { matchCount: result.matchCount, error: result.error };
  },
  /** A shared link's view state decoded, and its search run on the folded text's tree. */
  linkSearch(state: string, folded: string) {
    const { search } = decodeViewState(state);
    const result = search ? computeSearch(treeFromFolded(folded), search) : undefined;
    return { matchCount: result?.matchCount, error: result?.error };
  },
  /** Whether labels satisfy a Prometheus-style selector. */
  labels(selector: string, labels: Record<string, string>) {
    return matchesLabels(parseLabelSelector(selector), labels);
  },
  /** The length of an export, whole (`exportProfile`) or in pieces, and its longest piece. */
  export(input: Uint8Array | string, format: ExportFormat, whole: boolean) {
    const profile = importProfile(input);
    if (whole) return { length: exportProfile(profile, format).length };
    let length = 0;
    let longest = 0;
    for (const piece of exportProfileChunks(profile, format)) {
      length += piece.length;
      longest = Math.max(longest, piece.length);
    }
    return { length, longest };
  },
};

parentPort!.on('message', ({ id, task, args }: { id: number; task: string; args: never[] }) => {
  let reply: Outcome;
  try {
    reply = { outcome: 'result', value: TASKS[task](...args) };
  } catch (error) {
    reply = isFlamekitError(error)
      ? {
          outcome: 'flamekit-error',
          code: error.code,
          message: error.message,
          position: error.position,
        }
      : {
          outcome: 'other-error',
          name: (error as Error)?.name ?? typeof error,
          message: String((error as Error)?.message ?? error).slice(0, 500),
          stack: (error as Error)?.stack?.slice(0, 2000),
        };
  }
  parentPort!.postMessage({ id, reply });
});
