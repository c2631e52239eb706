import { gzipSync } from 'fflate';
import {
  compileLinearRegex,
  exportProfileChunks,
  importProfile,
  matchesLabels,
  parseLabelSelector,
} from '../src/core';
import { ServerSentEventParser } from '../src/core/insights/sse';
import { writePprof } from '../tests/helpers/pprof-writer';
import { formatMs, printTable, timeMs } from './measure';

/**
 * The worst-case inputs of issue 22 at sizes ten times apart: each row's time should grow about
 * tenfold from one column to the next (linear), where the code they replaced grew a hundredfold
 * (quadratic) or never finished (exponential). Median of 3 runs, milliseconds.
 */
const encoder = new TextEncoder();

const CASES: { name: string; make: (n: number) => () => unknown }[] = [
  {
    name: 'folded: a line of n blanks',
    make: (n) => {
      const bytes = encoder.encode(`a${' '.repeat(n)}x\nb 1\n`);
      return () => importProfile(bytes);
    },
  },
  {
    name: 'perf script: a stack line with n blanks',
    make: (n) => {
      const text = `java 1 [000] 1.0: 1 cycles:\n\t7f1e sym${' '.repeat(n)}x (/lib/a.so)\n`;
      const bytes = encoder.encode(text);
      return () => importProfile(bytes, { format: 'perf-script' });
    },
  },
  {
    name: 'pprof: drop_frames (a+)+ on a name of n chars',
    make: (n) => {
      const bytes = writePprof({
        sampleTypes: [['samples', 'count']],
        locations: [[[`${'a'.repeat(n)}!`, 1]]],
        samples: [{ locations: [1], values: [1] }],
        dropFrames: '(a+)+',
      });
      return () => importProfile(bytes);
    },
  },
  {
    name: 'label matcher (.*)*x on a value of n chars',
    make: (n) => {
      const matchers = parseLabelSelector('{pod=~"(.*)*x"}');
      const labels = { pod: 'y'.repeat(n) };
      return () => matchesLabels(matchers, labels);
    },
  },
  {
    name: 'search [^#]*[^#]*[^#]*# on a name of n chars',
    make: (n) => {
      const pattern = compileLinearRegex('[^#]*[^#]*[^#]*#');
      const name = 'x'.repeat(n);
      return () => pattern.test(name);
    },
  },
  {
    name: 'event stream: n one-byte pieces of one event',
    make: (n) => {
      const text = `data: ${'x'.repeat(n)}\n\n`;
      return () => {
        const parser = new ServerSentEventParser();
        for (let i = 0; i < text.length; i++) parser.push(text[i]);
        return parser.end();
      };
    },
  },
  {
    name: 'JSON error: a value nested n deep',
    make: (n) => {
      const text = `{"name":"root","children":[{"name":${'['.repeat(n)}1${']'.repeat(n)},"value":1}]}`;
      return () => {
        try {
          importProfile(text);
        } catch {
          // the FlamekitError is the point
        }
      };
    },
  },
  {
    name: 'gzip: trailer declaring 4 GiB, n-byte body',
    make: (n) => {
      const bytes = gzipSync(encoder.encode(`a;b 1\n${'#'.repeat(n)}\n`));
      bytes.set([0xf0, 0xff, 0xff, 0xff], bytes.length - 4);
      return () => importProfile(bytes);
    },
  },
  {
    name: 'folded export of a stack n/100 deep, in pieces',
    make: (n) => {
      const depth = Math.max(1, Math.round(n / 100));
      const lines = Array.from(
        { length: depth },
        (_, d) => `${Array.from({ length: d + 1 }, (_, k) => `f${k}`).join(';')} 1`,
      );
      const profile = importProfile(lines.join('\n'));
      return () => {
        let length = 0;
        for (const piece of exportProfileChunks(profile, 'folded')) length += piece.length;
        return length;
      };
    },
  },
];

export function benchHostile(sizes: number[]): void {
  const rows = CASES.map(({ name, make }) => {
    const times = sizes.map((n) => timeMs(make(n)));
    const growth = times.slice(1).map((t, i) => (t / Math.max(times[i], 0.01)).toFixed(1));
    return [name, ...times.map(formatMs), growth.join(', ')];
  });
  printTable(
    'Worst-case inputs (issue 22), ms, median of 3: linear time grows about 10x per column (the last export row grows 100x: its output is quadratic in the depth)',
    ['input', ...sizes.map((n) => `n = ${n.toLocaleString('en-US')}`), 'growth per 10x'],
    rows,
  );
}
