import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatShare,
  formatValue,
  importProfile,
  type CallTree,
  type Profile,
} from '../../src/core';
import { runCli } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { readFixture } from '../helpers/fixtures';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURES = 'tests/fixtures/profiles';
const CPU = `${FIXTURES}/pprof/go/parca-cpu-with-api-label.pb.gz`;
const HEAP = `${FIXTURES}/pprof/go/parca-heap-alloc_objects.pb.gz`;
const KAFKA_BEFORE = `${FIXTURES}/collapsed/diff/jfr-parser-kafka-cpu-0.collapsed.txt.gz`;
const KAFKA_AFTER = `${FIXTURES}/collapsed/diff/jfr-parser-kafka-cpu-1.collapsed.txt.gz`;
// Each spawn starts Node and tsx (about a second), and they run side by side.
const SPAWN_TIMEOUT = 20_000;

/** Runs the program as a user would, in a child process, from the repository root. */
function flamekit(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? error.code : 0;
        if (typeof code !== 'number') fail(error);
        else done({ code, stdout, stderr });
      },
    );
    child.stdin?.end();
  });
}

/** Runs the program in this process, with standard streams in memory. */
async function runInProcess(args: string[], cwd: string, stdin?: Uint8Array) {
  const stdout: Buffer[] = [];
  const stderr: string[] = [];
  const io: CliIo = {
    stdout: { write: (chunk) => stdout.push(Buffer.from(chunk)) },
    stderr: { write: (chunk) => stderr.push(String(chunk)) },
    stdin: stdin && Readable.from([stdin]),
    cwd,
  };
  const code = await runCli(args, io);
  return { code, stdout: Buffer.concat(stdout), stderr: stderr.join('') };
}

const load = (path: string): Profile => importProfile(readFixture(path.slice(FIXTURES.length + 1)));

/**
 * Self and total per function name from the definitions: self sums the nodes of that name; total
 * sums the nodes of that name with no ancestor of the same name (recursion counted once).
 */
function functionValues(tree: CallTree): Map<string, { self: number; total: number }> {
  const values = new Map<string, { self: number; total: number }>();
  for (let node = 1; node < tree.nodeCount; node++) {
    const name = tree.name(node);
    const entry = values.get(name) ?? { self: 0, total: 0 };
    entry.self += tree.self[node];
    let nested = false;
    for (let a = tree.parent[node]; a > 0; a = tree.parent[a]) nested ||= tree.name(a) === name;
    if (!nested) entry.total += tree.total[node];
    values.set(name, entry);
  }
  return values;
}

/** Total per path from the root, paths with the same names summed (as folded text merges them). */
function pathTotals(tree: CallTree): Map<string, number> {
  const paths: string[] = [''];
  const totals = new Map<string, number>();
  for (let node = 1; node < tree.nodeCount; node++) {
    paths[node] = `${paths[tree.parent[node]]};${tree.name(node)}`;
    totals.set(paths[node], (totals.get(paths[node]) ?? 0) + tree.total[node]);
  }
  return totals;
}

let temp: string;
beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'flamekit-cli-'));
});
afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
});

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The cells of the table rows below the header line (columns are two or more spaces apart). */
function tableCells(stdout: string): string[][] {
  const lines = stdout.trimEnd().split('\n');
  const header = lines.findIndex((line) => line.trimEnd().endsWith('Function'));
  return lines.slice(header + 1).map((line) => line.trim().split(/ {2,}/));
}

describe.concurrent('flamekit, run as a program', { timeout: SPAWN_TIMEOUT }, () => {
  it('top prints the heaviest functions by self, formatted in the unit', async () => {
    const profile = load(CPU);
    const cpu = profile.sampleTypes[profile.defaultSampleType];
    const values = functionValues(profile.tree());
    const rootTotal = profile.tree().total[0];
    const expected = [...values]
      .sort(([a, x], [b, y]) => y.self - x.self || byName(a, b))
      .slice(0, 6)
      .map(([name, { self, total }]) => [
        formatValue(self, cpu.unit),
        formatShare(self / rootTotal),
        formatValue(total, cpu.unit),
        formatShare(total / rootTotal),
        name,
      ]);
    const run = await flamekit(['top', CPU, '--limit', '6']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(tableCells(run.stdout)).toEqual(expected);
    expect(run.stdout).toContain(`${cpu.type} (${cpu.unit}): ${formatValue(rootTotal, 'ns')}`);
  });

  it('top --json --sort total --limit 0 gives every function with raw values, largest total first', async () => {
    const profile = load(HEAP);
    const tree = profile.tree('alloc_space');
    const values = functionValues(tree);
    const run = await flamekit([
      'top',
      HEAP,
      '--json',
      '--sort=total',
      '--limit',
      '0',
      '--sample-type',
      'alloc_space',
    ]);
    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout);
    expect(output.sampleType).toEqual({ type: 'alloc_space', unit: 'bytes' });
    expect(output.total).toBe(tree.total[0]);
    expect(output.rows).toHaveLength(values.size);
    const expected = [...values]
      .sort(([a, x], [b, y]) => y.total - x.total || byName(a, b))
      .map(([name, { self, total }]) => ({
        name,
        self,
        selfShare: self / tree.total[0],
        total,
        totalShare: total / tree.total[0],
      }));
    expect(output.rows).toEqual(expected);
  });

  it('top --baseline lists the functions of two profiles by the size of the change', async () => {
    const before = functionValues(load(KAFKA_BEFORE).tree());
    const after = functionValues(load(KAFKA_AFTER).tree());
    const names = new Set([...before.keys(), ...after.keys()]);
    const expected = [...names]
      .map((name) => {
        const baseline = before.get(name)?.total ?? 0;
        const comparison = after.get(name)?.total ?? 0;
        return { name, baseline, comparison, delta: comparison - baseline };
      })
      .sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || byName(x.name, y.name));
    expect(expected.some((row) => row.delta < 0)).toBe(true);

    const [json, text] = await Promise.all([
      flamekit(['top', KAFKA_AFTER, '--baseline', KAFKA_BEFORE, '--json', '--limit', '0']),
      flamekit(['top', KAFKA_AFTER, '--baseline', KAFKA_BEFORE, '--limit', '12']),
    ]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).rows).toEqual(expected);
    expect(text.code).toBe(0);
    const signed = (value: number) =>
      value > 0 ? `+${formatValue(value, 'samples')}` : formatValue(value, 'samples');
    expect(tableCells(text.stdout)).toEqual(
      expected
        .slice(0, 12)
        .map((row) => [
          formatValue(row.baseline, 'samples'),
          formatValue(row.comparison, 'samples'),
          signed(row.delta),
          row.name,
        ]),
    );
  });

  it('convert to folded keeps the root total and the total of every path', async () => {
    const original = load(CPU).tree();
    const out = join(temp, 'cpu.folded');
    const run = await flamekit(['convert', CPU, '-o', out]);
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
    const back = importProfile(await readFile(out));
    expect(back.format).toBe('folded');
    expect(back.tree().total[0]).toBe(original.total[0]);
    expect(pathTotals(back.tree())).toEqual(pathTotals(original));
  });

  it("convert of perf script with stackcollapse-perf's options writes FlameGraph's expected folded file", async () => {
    const sortedLines = (text: string) => text.trim().split('\n').sort();
    const cases: [input: string, options: string[], expected: string][] = [
      ['perf-script/flamegraph-perf-js-stacks-01.txt', ['--perf-annotate', 'all'], 'all'],
      ['perf-script/flamegraph-test/perf-funcab-cmd-01.txt', ['--perf-root', 'tid'], 'tid'],
      ['perf-script/flamegraph-test/perf-funcab-pid-01.txt', ['--perf-addrs'], 'addrs'],
    ];
    for (const [input, options, option] of cases) {
      const out = join(temp, `${option}.folded`);
      const run = await runInProcess(
        ['convert', `${FIXTURES}/${input}`, ...options, '-o', out],
        ROOT,
      );
      expect(run.code).toBe(0);
      const name = input
        .split('/')
        .at(-1)!
        .replace(/^flamegraph-/, '')
        .replace(/\.txt$/, '');
      const expected = readFixture(
        `collapsed/flamegraph-test-results/${name}-collapsed-${option}.txt`,
      );
      expect(sortedLines(await readFile(out, 'utf8'))).toEqual(sortedLines(expected.toString()));
    }
    // One thread of the file, by its index among All threads and the threads.
    const out = join(temp, 'thread.folded');
    const forks = `${FIXTURES}/perf-script/speedscope-forks.linux-perf.txt`;
    expect((await runInProcess(['convert', forks, '--profile', '1', '-o', out], ROOT)).code).toBe(
      0,
    );
    const thread = importProfile(readFixture('perf-script/speedscope-forks.linux-perf.txt'), {
      profile: 1,
    });
    expect(importProfile(await readFile(out)).tree().total[0]).toBe(thread.tree().total[0]);
    expect(thread.tree().total[0]).toBeLessThan(load(forks).tree().total[0]);
  });

  it('convert to .pb.gz writes gzipped pprof with every sample type', async () => {
    const original = load(HEAP);
    const out = join(temp, 'heap.pb.gz');
    const run = await flamekit(['convert', HEAP, '--output', out]);
    expect(run.code).toBe(0);
    const bytes = await readFile(out);
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    const back = importProfile(bytes);
    expect(back.format).toBe('pprof');
    expect(back.sampleTypes).toEqual(original.sampleTypes);
    original.sampleTypes.forEach((_, t) => {
      expect(pathTotals(back.tree(t))).toEqual(pathTotals(original.tree(t)));
    });
  });

  it('a missing file is exit 1 with one line naming it', async () => {
    expect(await flamekit(['top', 'missing.pb.gz'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'flamekit: cannot read missing.pb.gz: no such file\n',
    });
  });

  it('a file that is no profile is exit 1 with the format detection message and the installed docs, without a stack', async () => {
    const run = await flamekit(['convert', `${FIXTURES}/README.md`, '-o', join(temp, 'x.pb')]);
    expect(run.code).toBe(1);
    const [message, docs, ...rest] = run.stderr.split('\n');
    expect(message).toMatch(
      /^flamekit: tests\/fixtures\/profiles\/README\.md: byte 0: this is not a profile format flamekit reads \(pprof, /,
    );
    // A page the user has: the docs folder travels in the package, next to the program.
    expect(docs).toBe(
      `the formats flamekit reads and its errors: ${join(ROOT, 'docs/formats.md')}`,
    );
    expect(rest).toEqual(['']);
    expect(await readdir(temp)).not.toContain('x.pb');
  });

  it('an unknown option is exit 2, naming the option and the help', async () => {
    const run = await flamekit(['top', CPU, '--bogus']);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: "flamekit top: unknown option --bogus\nrun 'flamekit top --help' for usage\n",
    });
  });

  it('--help and --version print to stdout and exit 0', async () => {
    const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
    const [help, version] = await Promise.all([
      flamekit(['top', '--help']),
      flamekit(['--version']),
    ]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(
      /^Usage: flamekit top \(<file> \| --pyroscope <url>\) \[options\]\n/,
    );
    expect(version).toEqual({ code: 0, stdout: `${manifest.version}\n`, stderr: '' });
  });

  it('prints frame names to a pipe as they are, control characters included', async () => {
    const file = join(temp, 'escape.folded');
    await writeFile(file, 'main;evil\u001b[31mred\u009b 5\nmain;ok\u202e 3\n');
    const run = await flamekit(['top', file]);
    expect(run.code).toBe(0);
    // A program reading the pipe gets the real names (terminal.test.ts has a terminal's view).
    expect(tableCells(run.stdout).map((cells) => cells[4])).toEqual([
      'evil\u001b[31mred\u009b',
      'ok\u202e',
      'main',
    ]);
  });
});

describe('flamekit, run in-process', () => {
  it.each([
    ['top', ['--sample-type', '--sort', '--limit', '--baseline', '--input-format', '--json']],
    ['convert', ['-o, --output', '--format', '--sample-type', '--input-format']],
  ])('help for %s lists its options, by either spelling', async (command, options) => {
    const help = await runInProcess(['help', command], ROOT);
    const flag = await runInProcess([command, CPU, '-h'], ROOT);
    expect(help.code).toBe(0);
    expect(flag).toEqual(help);
    const text = help.stdout.toString();
    for (const option of [...options, '-h, --help']) expect(text).toContain(`  ${option}`);
  });

  it('the overview lists the commands; no command at all is a usage error', async () => {
    const overview = await runInProcess(['--help'], ROOT);
    expect(overview.code).toBe(0);
    expect(overview.stdout.toString()).toMatch(/\n {2}top {2,}\S[^]*\n {2}convert {2,}\S/);
    const none = await runInProcess([], ROOT);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(overview.stdout.toString());
    expect((await runInProcess(['frobnicate'], ROOT)).stderr).toBe(
      "flamekit: unknown command frobnicate; the commands are top, convert, render\nrun 'flamekit --help' for usage\n",
    );
  });

  it('reads standard input for - and writes standard output for -o -', async () => {
    const folded = 'a;b 3\na;c 4\nd 5\n';
    const run = await runInProcess(
      ['convert', '-', '--format', 'pprof', '-o', '-'],
      temp,
      Buffer.from(folded),
    );
    expect(run.code).toBe(0);
    expect([run.stdout[0], run.stdout[1]]).toEqual([0x1f, 0x8b]);
    expect(pathTotals(importProfile(run.stdout).tree())).toEqual(
      new Map([
        [';a', 7],
        [';a;b', 3],
        [';a;c', 4],
        [';d', 5],
      ]),
    );
  });

  it('a plain .json output needs --format; .pb is written without gzip', async () => {
    const directory = await mkdtemp(join(temp, 'out-'));
    const ambiguous = await runInProcess(['convert', CPU, '-o', join(directory, 'cpu.json')], ROOT);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('pass --format speedscope or --format flamebearer');
    const plain = await runInProcess(['convert', CPU, '-o', join(directory, 'cpu.pb')], ROOT);
    expect(plain.code).toBe(0);
    const bytes = await readFile(join(directory, 'cpu.pb'));
    expect(bytes[0]).not.toBe(0x1f);
    expect(importProfile(bytes).tree().total[0]).toBe(load(CPU).tree().total[0]);
    // The temporary file was renamed into place: nothing else is left in the directory.
    expect(await readdir(directory)).toEqual(['cpu.pb']);
  });

  it('usage mistakes are exit 2 and name the mistake', async () => {
    const cases: [string[], string][] = [
      [['top'], 'missing argument <file>'],
      [['top', CPU, 'extra'], 'unexpected argument extra'],
      [['top', CPU, '--limit'], 'option --limit needs a value'],
      [['top', CPU, '--limit', 'ten'], 'option --limit takes a whole number, not "ten"'],
      [['top', CPU, '--sort', 'name'], 'option --sort cannot be "name"; use one of self, total'],
      [['top', CPU, '--json=yes'], 'option --json takes no value'],
      [['top', CPU, '--baseline', CPU, '--sort', 'self'], '--sort orders a single profile'],
      [['convert', CPU], 'convert needs an output'],
      [['convert', CPU, '-o', '-'], 'writing to stdout needs a format'],
      [['convert', CPU, '-o', 'x.pb', '--sample-type', 'cpu'], '--sample-type applies to folded'],
    ];
    for (const [args, message] of cases) {
      const run = await runInProcess(args, ROOT);
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.stderr).toContain(message);
    }
  });

  it('an unknown sample type is exit 1 and lists the ones the profile has', async () => {
    const run = await runInProcess(['top', CPU, '--sample-type', 'wall'], ROOT);
    expect(run).toMatchObject({ code: 1, stderr: expect.stringContaining('it has samples, cpu') });
  });

  it('--sample-type takes an index too', async () => {
    const byIndex = await runInProcess(['top', HEAP, '--sample-type', '1', '--json'], ROOT);
    const byName = await runInProcess(
      ['top', HEAP, '--sample-type', 'alloc_space', '--json'],
      ROOT,
    );
    expect(JSON.parse(byIndex.stdout.toString()).sampleType.type).toBe('alloc_space');
    expect(byIndex.stdout).toEqual(byName.stdout);
  });

  it('a bug is exit 70 with "internal error" and the stack', async () => {
    const stderr: string[] = [];
    const code = await runCli(['top', CPU], {
      stdout: {
        write: () => {
          throw new TypeError('broken stream');
        },
      },
      stderr: { write: (chunk) => stderr.push(String(chunk)) },
      cwd: ROOT,
    });
    expect(code).toBe(70);
    expect(stderr.join('')).toMatch(
      /^flamekit: internal error .*\nTypeError: broken stream\n {4}at /,
    );
  });

  it('keeps the raw name in --json, where JSON escapes the control characters', async () => {
    const file = join(temp, 'escape.folded');
    await writeFile(file, 'main;evil\u001b[31mred 5\n');
    const run = await runInProcess(['top', file, '--json'], temp);
    expect(run.stdout.toString()).not.toContain('\u001b');
    expect(JSON.parse(run.stdout.toString()).rows.map((row: { name: string }) => row.name)).toEqual(
      ['evil\u001b[31mred', 'main'],
    );
  });
});
