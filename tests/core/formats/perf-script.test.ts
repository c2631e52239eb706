import { gunzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { FlamekitError, InputSource, findNodeByPath, isFolded, printTree } from '../../../src/core';
import { importPerfScript, isPerfScript } from '../../../src/core/formats/perf-script';
import { catchError } from '../../helpers/catch-error';
import { readFixture } from '../../helpers/fixtures';

const DIR = 'perf-script/';

function fixtureText(file: string): string {
  const bytes = readFixture(DIR + file);
  return file.endsWith('.gz')
    ? new TextDecoder().decode(gunzipSync(bytes))
    : bytes.toString('utf8');
}

/**
 * The expected figures, computed another way than the importer: the whole text split into
 * blank-line blocks, a frame identified by its stack line minus the address and the `+0x` offset,
 * nodes counted as distinct root paths (the comm on top).
 */
function countBlocks(text: string) {
  const stacks: string[] = [];
  let periods = 0;
  for (const block of text.split(/\r?\n\s*\r?\n/)) {
    const lines = block.split(/\r?\n/).filter((line) => line.trim() && !line.startsWith('#'));
    if (lines.length === 0) continue;
    const comm = lines[0].trim().split(/\s+\d+(?:\/\d+)?\s/)[0];
    const period = /:\s+(\d+)\s+[\w:-]+:\s*$/.exec(lines[0]);
    if (period) periods += Number(period[1]);
    const frames = lines.slice(1).map((line) =>
      line
        .trim()
        .replace(/^[0-9a-f]+\s+/, '')
        .replace(/\+0x[0-9a-f]+(?= \(|$)/, ''),
    );
    stacks.push([comm, ...frames.reverse()].join('\n'));
  }
  const paths = new Set<string>();
  let maxDepth = 0;
  for (const stack of stacks) {
    const frames = stack.split('\n');
    maxDepth = Math.max(maxDepth, frames.length);
    for (let depth = 1; depth <= frames.length; depth++)
      paths.add(frames.slice(0, depth).join('\n'));
  }
  return {
    samples: stacks.length,
    distinct: new Set(stacks).size,
    nodes: paths.size,
    maxDepth,
    periods,
  };
}

// Samples, distinct stacks, call-tree nodes (comm included) and max depth from the corpus README.
// Three rows differ from the README, which counted frames by name alone and kept offsets:
// - forks and system-wide: an `[unknown]` symbol in [kernel.kallsyms] and one in [unknown] are two
//   frames here (named `[kernel.kallsyms]` and `[unknown]`, after their dso, as stackcollapse-perf
//   names them), one there (README: 21/62 and 13/39);
// - rust-mangled: its symbols carry `+0x…` offsets, which are stripped here as stackcollapse-perf
//   does (README: 53 stacks, 61 nodes, one per offset).
const fixtures: [file: string, samples: number, distinct: number, nodes: number, depth: number][] =
  [
    ['flamegraph-example-perf-stacks.txt.gz', 1315, 710, 1138, 74],
    ['flamegraph-perf-java-stacks-01.txt', 46, 34, 282, 70],
    ['flamegraph-perf-js-stacks-01.txt', 2, 2, 20, 19],
    ['flamegraph-perf-vertx-stacks-01.txt', 286, 200, 363, 69],
    ['flamescope-perf.test01.txt', 9, 7, 232, 45],
    ['speedscope-forks.linux-perf.txt', 561, 22, 139, 36],
    ['speedscope-rust-mangled.linux-perf.txt', 96, 22, 26, 6],
    ['speedscope-simple-with-header.linux-perf.txt', 136, 6, 10, 6],
    ['speedscope-system-wide.linux-perf.txt', 556, 14, 65, 22],
  ];

describe('perf script', () => {
  it.each(fixtures)(
    '%s: samples, stacks, nodes and depth',
    (file, samples, distinct, nodes, depth) => {
      const expected = countBlocks(fixtureText(file));
      expect([expected.samples, expected.distinct, expected.nodes, expected.maxDepth]).toEqual([
        samples,
        distinct,
        nodes,
        depth,
      ]);
      const bytes = readFixture(DIR + file);
      const source = InputSource.from(bytes);
      expect(isPerfScript(source)).toBe(true);
      const profile = importPerfScript(source);
      expect(profile.format).toBe('perf-script');
      expect(profile.warnings).toEqual([]);
      const tree = profile.tree('samples');
      expect(tree.total[0]).toBe(samples);
      expect(profile.samples.count).toBe(samples);
      expect(new Set(profile.samples.stack).size).toBe(distinct);
      expect(tree.nodeCount - 1).toBe(nodes);
      expect(tree.maxDepth).toBe(depth);
      // With periods in the headers, their sum is the default, as stackcollapse-perf counts.
      if (profile.sampleTypes.length === 2) {
        expect(expected.periods).toBeGreaterThan(0);
        expect(profile.defaultSampleType).toBe(1);
        expect(profile.tree().total[0]).toBe(expected.periods);
      } else {
        expect(expected.periods).toBe(0);
        expect(profile.defaultSampleType).toBe(0);
      }
    },
  );

  it('finds the known hot paths', () => {
    const vertx = importPerfScript(readFixture(DIR + 'flamegraph-perf-vertx-stacks-01.txt')).tree();
    // Argument lists are dropped from names, as stackcollapse-perf drops them.
    const node = findNodeByPath(vertx, ['java', 'start_thread', 'java_start', 'JavaThread::run']);
    expect(vertx.total[node]).toBe(264);
    const raw = importPerfScript(readFixture(DIR + 'flamegraph-perf-vertx-stacks-01.txt'), {
      perfScript: { keepArguments: true },
    }).tree();
    const path = ['java', 'start_thread', 'java_start(Thread*)', 'JavaThread::run()'];
    expect(raw.total[findNodeByPath(raw, path)]).toBe(264);
    const simple = importPerfScript(
      readFixture(DIR + 'speedscope-simple-with-header.linux-perf.txt'),
    );
    expect(simple.sampleTypes).toEqual([
      { type: 'samples', unit: 'count' },
      { type: 'cpu', unit: 'nanoseconds' },
    ]);
    expect(simple.defaultSampleType).toBe(1);
    expect(printTree(simple.tree('samples'))).toBe(
      [
        '- simple-terminat (total 136, self 0)',
        '  - [unknown] (total 136, self 0)',
        '    - __libc_start_main (total 136, self 0)',
        '      - main (total 136, self 0)',
        '        - _Z4betav (total 25, self 25)',
        '        - _Z5alphav (total 20, self 20)',
        '        - _Z5deltav (total 69, self 23)',
        '          - _Z4betav (total 22, self 22)',
        '          - _Z5alphav (total 24, self 24)',
        '        - _Z5gammav (total 22, self 22)',
      ].join('\n'),
    );
  });

  it('keeps the dso as the module and the sample times in nanoseconds', () => {
    const profile = importPerfScript(
      readFixture(DIR + 'speedscope-simple-with-header.linux-perf.txt'),
    );
    const tree = profile.tree();
    const main = findNodeByPath(tree, [
      'simple-terminat',
      '[unknown]',
      '__libc_start_main',
      'main',
    ]);
    expect(profile.frames.get(tree.frame[main])).toEqual({
      name: 'main',
      module: '/workdir/simple-terminates',
    });
    expect(profile.samples.timeNs?.[0]).toBe(198789478194000);
    expect(profile.timeRange).toEqual({ startNs: 198789478194000, endNs: 198789613576000 });
  });

  it('reads the header variations', () => {
    const text = [
      'perf   977/977   [000] 7628263.042515: cycles: ',
      '\tffffffff8104f45a native_write_msr_safe+0x1a ([kernel.kallsyms])',
      '\t    7f183b15aec5 __libc_start_main (/lib/libc-2.19.so)',
      '',
      'Web Content  1234 [003]   12.5:   250000 cycles:ppp: ',
      '            7f183b22aec7 [unknown] (/memfd:jit (deleted))',
      '            7f183b15aec5 foo(int, char*) (/usr/bin/web content)',
      '',
      '     kworker/0:1    42 cpu-clock: ',
      '\tffffffff81000000 [unknown] ([unknown])',
      '',
    ].join('\r\n');
    expect(isPerfScript(text)).toBe(true);
    const profile = importPerfScript(text);
    // Three events: each has its count, cycles:ppp its periods; the first is the default.
    expect(profile.sampleTypes.map((t) => t.type)).toEqual([
      'cycles samples',
      'cycles:ppp samples',
      'cycles',
      'cpu-clock samples',
    ]);
    expect(profile.defaultSampleType).toBe(0);
    expect(printTree(profile.tree())).toBe(
      [
        '- perf (total 1, self 0)',
        '  - __libc_start_main (total 1, self 0)',
        '    - native_write_msr_safe (total 1, self 1)',
      ].join('\n'),
    );
    expect(printTree(profile.tree('cycles'))).toBe(
      [
        // Spaces in the process name become _ in the root frame, as stackcollapse-perf has it.
        '- Web_Content (total 250000, self 0)',
        '  - foo (total 250000, self 0)',
        // An unknown symbol is named after its dso's file, as stackcollapse-perf does.
        '    - [memfd:jit (deleted)] (total 250000, self 250000)',
      ].join('\n'),
    );
    expect(printTree(profile.tree('cpu-clock samples'))).toBe(
      ['- kworker/0:1 (total 1, self 0)', '  - [unknown] (total 1, self 1)'].join('\n'),
    );
    const tree = profile.tree('cycles');
    const jit = findNodeByPath(tree, ['Web_Content', 'foo', '[memfd:jit (deleted)]']);
    expect(profile.frames.module(tree.frame[jit])).toBe('/memfd:jit (deleted)');
    const foo = findNodeByPath(tree, ['Web_Content', 'foo']);
    expect(profile.frames.module(tree.frame[foo])).toBe('/usr/bin/web content');
    expect(profile.warnings).toEqual([
      expect.objectContaining({ code: 'several-events', count: 3 }),
    ]);
    expect(Array.from(profile.samples.timeNs!)).toEqual([7628263042515000, 12_500_000_000, NaN]);
  });

  it('reads output recorded without -g: the address on the header line', () => {
    const profile = importPerfScript(
      [
        'a 1 [000] 1.000001: 10 cycles:  ffffffff8104f45a native_write_msr (kernel)',
        'a 1 [000] 1.000002: 20 cycles:  400123 main+0x3 (/bin/a)',
      ].join('\n'),
    );
    expect(printTree(profile.tree(1))).toBe(
      [
        '- a (total 30, self 0)',
        '  - main (total 20, self 20)',
        '  - native_write_msr (total 10, self 10)',
      ].join('\n'),
    );
    expect(profile.sampleTypes[1]).toEqual({ type: 'cycles', unit: 'count' });
  });

  it('keeps hostile names as plain text', () => {
    const profile = importPerfScript(
      [
        '__proto__ 7 cpu-clock:',
        '\t1 <img src=x onerror=alert(1)> (constructor)',
        '\t2 __proto__ (__proto__)',
      ].join('\n'),
    );
    expect(printTree(profile.tree())).toBe(
      [
        '- __proto__ (total 1, self 0)',
        '  - __proto__ (total 1, self 0)',
        // Tidied as stackcollapse-perf tidies: from the first "(" on, the name is dropped.
        '    - <img src=x onerror=alert (total 1, self 1)',
      ].join('\n'),
    );
    const raw = importPerfScript('__proto__ 7 cpu-clock:\n\t1 <img src=x onerror=alert(1)> (x)', {
      perfScript: { keepArguments: true },
    });
    expect(raw.frames.name(raw.tree().frame[2])).toBe('<img src=x onerror=alert(1)>');
  });

  it('reads a 100,000-frame stack without recursion', () => {
    const lines = ['deep 1 cpu-clock:'];
    for (let i = 0; i < 100_000; i++) lines.push(`\t${i.toString(16)} f${i} (/bin/deep)`);
    const tree = importPerfScript(lines.join('\n')).tree();
    expect(tree.maxDepth).toBe(100_001);
  });

  it('skips lines it cannot read and says how many', () => {
    const profile = importPerfScript(
      [
        '\t1234 orphan (/bin/x)',
        'x 1 cpu-clock:',
        '\t1 a (/bin/x)',
        '\t  /src/a.c:12',
        'not a header line',
      ].join('\n'),
    );
    expect(profile.tree().total[0]).toBe(1);
    expect(profile.warnings).toEqual([
      expect.objectContaining({ code: 'unparsed-lines', count: 3, position: { line: 1 } }),
    ]);
  });

  it.each([
    ['', /the input is empty/],
    ['# only a comment\n', /the input is empty/],
    ['hello\nworld\n', /none of its 2 lines/],
    ['{"a": 1}', /none of its 1 lines/],
  ])('rejects %j with a parse error', (text, reason) => {
    const error = catchError(() => importPerfScript(text)) as FlamekitError;
    expect(error).toBeInstanceOf(FlamekitError);
    expect(error.code).toBe('parse-error');
    expect(error.format).toBe('perf-script');
    expect(error.position).toEqual({ line: 1 });
    expect(error.reason).toMatch(reason);
  });

  it('is detected only where it fits', () => {
    const folded = 'java;start_thread;run 12\njava;start_thread;gc 3\n';
    expect(isPerfScript(folded)).toBe(false);
    expect(isFolded(folded)).toBe(true);
    expect(isPerfScript('{"threads": []}')).toBe(false);
    expect(isPerfScript(new Uint8Array([0x0a, 0x00, 0x01, 0x02]))).toBe(false);
    expect(isPerfScript('java 1 cpu-clock:\n')).toBe(false);
    expect(isFolded(fixtureText('speedscope-simple-with-header.linux-perf.txt'))).toBe(false);
  });
});
