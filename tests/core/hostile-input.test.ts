import { gzipSync } from 'fflate';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { encodeViewState } from '../../src/core';
import { writePprof } from '../helpers/pprof-writer';
import {
  removeWorkerBundle,
  TimeLimitedRunner,
  type LimitedOutcome,
} from '../helpers/time-limited';

/**
 * The classes of hostile input that used to hang, blow up or escape as a bare error, each run in
 * a worker thread under a time limit (a case that hangs is stopped and fails, instead of hanging
 * the run). The sizes are chosen so that the quadratic or exponential code these replaced takes
 * minutes or forever, while the linear code takes milliseconds: the limits are generous for a
 * busy two-core machine, and no figure here is a benchmark (`npm run bench` has those).
 */
const LIMIT_MS = 15_000;
// The runner stops each case at its own limit; vitest's only has to wait for it.
vi.setConfig({ testTimeout: 90_000 });
const runner = new TimeLimitedRunner();
afterAll(async () => {
  await runner.close();
  await removeWorkerBundle();
});

const run = (task: string, ...args: unknown[]) => runner.run(LIMIT_MS, task, ...args);

function result(outcome: LimitedOutcome): Record<string, unknown> {
  if (outcome.outcome !== 'result')
    throw new Error(`expected a result, got ${JSON.stringify(outcome)}`);
  return outcome.value as Record<string, unknown>;
}

function flamekitError(outcome: LimitedOutcome) {
  if (outcome.outcome !== 'flamekit-error')
    throw new Error(`expected a FlamekitError, got ${JSON.stringify(outcome).slice(0, 400)}`);
  return outcome;
}

const encode = (text: string) => new TextEncoder().encode(text);
const nested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

describe('regular expressions from data and links run in linear time', () => {
  it("pprof's drop_frames (a+)+ against a long function name", async () => {
    const name = `${'a'.repeat(40)}!`;
    const pprof = writePprof({
      sampleTypes: [['samples', 'count']],
      locations: [[[name, 1]], [['main', 1]]],
      samples: [{ locations: [1, 2], values: [3] }],
      dropFrames: '(a+)+',
    });
    expect(result(await run('import', pprof))).toMatchObject({ format: 'pprof', totals: [3] });
  });

  it('a label matcher (.*)*x against a long value', async () => {
    const outcome = await run('labels', '{pod=~"(.*)*x"}', { pod: 'y'.repeat(40) });
    expect(outcome).toEqual({ outcome: 'result', value: false });
  });

  it("a shared link's search [^#]*[^#]*[^#]*# over thousands of long names", async () => {
    const state = encodeViewState({ search: { text: '[^#]*[^#]*[^#]*#', mode: 'regex' } });
    const folded = Array.from({ length: 3000 }, (_, i) => `main;${'x'.repeat(500)}${i} 1`).join(
      '\n',
    );
    expect(result(await run('linkSearch', state, folded))).toEqual({ matchCount: 0 });
  });
});

describe('line-based formats are read in one pass', () => {
  it('a folded line made of a long run of blanks', async () => {
    const text = `a${' '.repeat(300_000)}x\nb 1\n`;
    expect(result(await run('import', encode(text)))).toMatchObject({
      format: 'folded',
      totals: [1],
      warnings: ['unparsed-lines'],
    });
  });

  it('a perf stack line and a header with long runs of whitespace', async () => {
    const header = 'java 123 [000] 1.000000: 1 cycles:';
    const stack = `\t7f1e sym${' '.repeat(300_000)}x (/lib/a.so)`;
    const badHeader = `java${' '.repeat(300_000)}x`;
    const text = `${header}\n${stack}\n\n${badHeader}\n\n${header}\n\t7f1e main (/bin/a)\n`;
    expect(result(await run('import', encode(text), { format: 'perf-script' }))).toMatchObject({
      format: 'perf-script',
      totals: [2, 2],
      warnings: ['unparsed-lines'],
    });
  });

  it('U+2028 in a frame name keeps its folded and perf lines', async () => {
    expect(result(await run('import', 'a\u2028b;c 2\nd 1\n'))).toMatchObject({
      totals: [3],
      warnings: [],
    });
    const perf = 'java 1 [000] 1.0: 1 cycles:\n\t7f1e sym\u2028name (/lib/a.so)\n';
    expect(result(await run('import', perf))).toMatchObject({ totals: [1, 1], warnings: [] });
  });
});

describe("issue 25's names, upgrades and threads stay linear", () => {
  it('perf names of long runs of "(" and JIT-like dsos, every option on', async () => {
    const symbol = `f${'('.repeat(300_000)}`;
    const dso = `${'/tmp/perf-1'.repeat(30_000)}.mop`;
    const text = `a 1/2 [000] 1.0: 5 cycles:\n\t7f1e ${symbol} (${dso})\n\t7f1f [unknown] (${dso})\n`;
    const options = {
      format: 'perf-script',
      perfScript: { root: 'tid', annotateKernel: true, annotateJit: true, addresses: true },
    };
    expect(result(await run('import', encode(text), options))).toMatchObject({
      format: 'perf-script',
      totals: [1, 5],
    });
  });

  it('a perf script of 100,000 threads, and a Firefox profile of 20,000 threads of one name', async () => {
    const perf = Array.from(
      { length: 100_000 },
      (_, i) => `t 1/${i} [000] 1.0: 1 cycles:\n\t7f1e main (/bin/a)\n`,
    ).join('\n');
    expect(result(await run('import', encode(perf), { profile: 100_000 }))).toMatchObject({
      totals: [1, 1],
    });
    const thread = {
      name: 'GeckoMain',
      samples: { stack: [0], time: [0], length: 1 },
      stackTable: { length: 1, frame: [0], prefix: [null] },
      frameTable: { length: 1, func: [0] },
      funcTable: { length: 1, name: [0], resource: [-1] },
      stringArray: ['main'],
    };
    const firefox = JSON.stringify({
      meta: { preprocessedProfileVersion: 48, interval: 1 },
      threads: Array.from({ length: 20_000 }, () => thread),
    });
    expect(result(await run('import', encode(firefox), { profile: 0 }))).toMatchObject({
      totals: [20_000],
    });
  });

  it('a version 0 Firefox JS name of 100,000 " (" groups', async () => {
    const name = `${'a ('.repeat(100_000)}x:1)`;
    const firefox = JSON.stringify({
      meta: { version: 3, interval: 1 },
      threads: [
        {
          name: 'Content',
          samples: { stack: [0], time: [0], length: 1 },
          stackTable: { length: 1, frame: [0], prefix: [null] },
          frameTable: { length: 1, func: [0] },
          funcTable: { length: 1, name: [0], resource: [-1], isJS: [true] },
          stringArray: [name],
        },
      ],
    });
    expect(result(await run('import', encode(firefox)))).toMatchObject({
      format: 'firefox',
      totals: [1],
    });
  });
});

describe("the explain provider's event-stream reader", () => {
  it('parses a stream sent one character at a time in linear time', async () => {
    const text = `data: ${'x'.repeat(200_000)}\n\n`;
    expect(await run('sse', text, 1)).toEqual({ outcome: 'result', value: 1 });
  });

  it('refuses an event whose data lines never end', async () => {
    const text = 'data: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n'.repeat(100_000);
    expect(flamekitError(await run('sse', text, 65_536)).message).toContain('blank line');
  });
});

describe('sizes come from the bytes, not from what a file declares', () => {
  const firefox = (length: number) =>
    JSON.stringify({
      meta: { preprocessedProfileVersion: 48, interval: 1 },
      threads: [
        {
          name: 'GeckoMain',
          samples: { stack: [0], time: [0], length: 1 },
          stackTable: { length, frame: [0], prefix: [null] },
          frameTable: { length: 1, func: [0] },
          funcTable: { length: 1, name: [0], resource: [-1] },
          stringArray: ['main'],
        },
      ],
    });

  it.each([2 ** 32, 1e300])('a Firefox stackTable.length of %d', async (length) => {
    const error = flamekitError(await run('import', firefox(length)));
    expect(error.position).toEqual({ jsonPath: '$.threads[0].stackTable.frame' });
  });

  it('a gzip trailer that declares 4 GiB, and a file of several gzip members', async () => {
    const forged = gzipSync(encode('a;b 1\n'));
    forged.set([0xf0, 0xff, 0xff, 0xff], forged.length - 4);
    const imported = result(await run('import', forged));
    expect(imported).toMatchObject({ totals: [1] });
    expect(imported.arrayBuffersMb).toBeLessThan(64);
    const members = [gzipSync(encode('a;b 1\n'.repeat(100))), gzipSync(encode('c 2\n'))];
    const joined = new Uint8Array([...members[0], ...members[1]]);
    expect(result(await run('import', joined))).toMatchObject({ totals: [102] });
  });
});

describe('error paths are iterative too', () => {
  it.each([
    [
      'speedscope',
      `{"$schema":"https://www.speedscope.app/file-format-schema.json","shared":{"frames":[{"name":"a"}]},"profiles":[{"type":"sampled","unit":"none","samples":[[0]],"weights":[${nested(100_000)}]}]}`,
    ],
    ['d3-flamegraph', `{"name":"root","children":[{"name":${nested(100_000)},"value":1}]}`],
    ['grafana-nested-set', `{"label":["total",${nested(100_000)}],"level":[0,1],"value":[2,1]}`],
    [
      'chrome-cpuprofile',
      `{"nodes":[{"id":1,"callFrame":{"functionName":"a"}}],"samples":[${nested(100_000)}]}`,
    ],
  ])('a value nested 100,000 deep in a %s field of the wrong type', async (format, text) => {
    const error = flamekitError(await run('import', text, { format }));
    expect(error.message).toContain('[[[[');
  });

  it('a Chrome trace whose pid is nested 100,000 deep', async () => {
    const text = `[{"ph":"X","name":"a","ts":0,"dur":5,"pid":${nested(100_000)},"tid":1}]`;
    expect(result(await run('import', text))).toMatchObject({ totals: [5] });
  });
});

describe('exports that pass the longest string', () => {
  const depth = 20_000;
  const events: string[] = [];
  for (let i = 0; i < depth; i++) events.push(`{"type":"O","frame":${i},"at":${i}}`);
  for (let i = depth - 1; i >= 0; i--)
    events.push(`{"type":"C","frame":${i},"at":${2 * depth - 1 - i}}`);
  const frames = Array.from({ length: depth }, (_, i) => `{"name":"f${i}"}`).join(',');
  const deep = `{"$schema":"https://www.speedscope.app/file-format-schema.json","shared":{"frames":[${frames}]},"profiles":[{"type":"evented","name":"deep","unit":"none","startValue":0,"endValue":${2 * depth},"events":[${events.join(',')}]}]}`;

  it.each(['folded', 'speedscope'])(
    'a speedscope profile nested 20,000 deep, as one %s string: a FlamekitError',
    async (format) => {
      const error = flamekitError(await runner.run(60_000, 'export', deep, format, true));
      expect(error.message).toContain('exportProfileChunks');
    },
  );

  it('the same as folded pieces: all of it, none long', async () => {
    const { length, longest } = result(await runner.run(60_000, 'export', deep, 'folded', false));
    // Line d (1-based) holds d names f0..f(d-1), d - 1 semicolons, " 1" and a line break.
    let expected = 0;
    let names = 0;
    for (let d = 1; d <= depth; d++) {
      names += `f${d - 1}`.length;
      expected += names + (d - 1) + 3;
    }
    expect(length).toBe(expected);
    expect(longest).toBeLessThan(1.2 * 2 ** 20);
  });
});

describe('totals and values out of range are refused with their position', () => {
  it('two folded values that add up past the largest double', async () => {
    const big = `4${'0'.repeat(307)}`; // 4e307: each fine, the two past the limit
    const error = flamekitError(await run('import', `a ${big}\nb ${big}\n`));
    expect(error).toMatchObject({ code: 'invalid-value', position: { line: 2, column: 3 } });
  });

  it('a folded value too large to be a number', async () => {
    const error = flamekitError(await run('import', `a 1\nb;c ${'9'.repeat(400)}\n`));
    expect(error).toMatchObject({ code: 'invalid-value', position: { line: 2, column: 5 } });
  });
});

describe('smaller things', () => {
  it('a NUL in the first KB of bytes does not defeat detection', async () => {
    expect(result(await run('import', encode('main;a\u0000b 2\nmain 1\n')))).toMatchObject({
      format: 'folded',
      totals: [3],
    });
  });

  it('negative speedscope weights are kept, with a warning that says what they mean', async () => {
    const text = `{"$schema":"https://www.speedscope.app/file-format-schema.json","shared":{"frames":[{"name":"a"},{"name":"b"}]},"profiles":[{"type":"sampled","unit":"none","samples":[[0],[1]],"weights":[5,-2]}]}`;
    expect(result(await run('import', text))).toMatchObject({
      totals: [3],
      warnings: ['negative-weights'],
    });
  });
});
