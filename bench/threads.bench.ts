import { computeThreadProfile, importProfile, selectProfileView, type Profile } from '../src/core';
import { formatMs, printTable, retainedBytes, timeMs } from './measure';
import { generateStacks } from './synthetic-profile';

/**
 * Issue 25's costs on `perf script` text of `samples` samples spread over `threads` threads:
 * importing the whole (every thread tagged), then the profile of one thread
 * (`computeThreadProfile`, one pass over the samples) and the switch back to the whole
 * (`selectProfileView`, free), and the import with every stackcollapse-perf option on (roots with
 * pid/tid, `_[k]`/`_[j]` checks, `[dso <address>]` names, which defeat the frame cache).
 */
export function generatePerfScript(samples: number, threads: number): string {
  const input = generateStacks(50_000, 7);
  const names = Array.from({ length: input.frames.size }, (_, f) => input.frames.name(f));
  const parts: string[] = [];
  for (let k = 0; k < samples; k++) {
    const i = k % input.stackCount;
    const thread = k % threads;
    const seconds = (1000 + k / 1000).toFixed(6);
    parts.push(`worker ${thread % 7} 4242/${thread} [000] ${seconds}: 1000000 cpu-clock:\n`);
    const start = input.stackStart[i];
    for (let at = input.stackStart[i + 1] - 1; at >= start; at--) {
      const frame = input.stackFrames[at];
      const dso =
        frame % 5 === 0
          ? '[kernel.kallsyms]'
          : frame % 5 === 1
            ? '/tmp/perf-4242.map'
            : '/usr/bin/app';
      parts.push(`\t${(0x400000 + frame).toString(16)} ${names[frame]}(int)+0x1f (${dso})\n`);
    }
    parts.push('\n');
  }
  return parts.join('');
}

const held: Profile[] = [];

export function benchThreads(sizes: number[], threadCounts: number[]): void {
  const rows: (string | number)[][] = [];
  for (const samples of sizes) {
    for (const threads of threadCounts) {
      const text = generatePerfScript(samples, threads);
      const bytes = new TextEncoder().encode(text);
      const repeat = samples >= 200_000 ? 1 : 3;
      let whole: Profile | undefined;
      const importMs = timeMs(() => {
        whole = importProfile(bytes);
        whole.tree();
      }, repeat);
      const before = retainedBytes();
      let thread: Profile | undefined;
      const threadMs = timeMs(() => {
        thread = computeThreadProfile(whole!, 0);
        thread.tree();
      }, repeat);
      held.push(thread!);
      const threadHeld = retainedBytes() - before;
      const backMs = timeMs(() => void selectProfileView(thread!, 0), repeat);
      const optionsMs = timeMs(() => {
        importProfile(bytes, {
          perfScript: { root: 'tid', annotateKernel: true, annotateJit: true, addresses: true },
        }).tree();
      }, repeat);
      rows.push([
        samples.toLocaleString('en-US'),
        threads.toLocaleString('en-US'),
        (bytes.length / 1e6).toFixed(1),
        formatMs(importMs),
        (bytes.length / 1e6 / (importMs / 1e3)).toFixed(1),
        formatMs(threadMs),
        `${(Math.max(0, threadHeld) / 1e6).toFixed(1)} MB`,
        formatMs(backMs),
        formatMs(optionsMs),
      ]);
      held.length = 0;
    }
  }
  printTable(
    'perf script threads and stackcollapse-perf options (bench/threads.bench.ts)',
    [
      'samples',
      'threads',
      'MB',
      'import ms',
      'MB/s',
      'one thread ms',
      'one thread held',
      'back to all ms',
      'all options ms',
    ],
    rows,
  );
}
