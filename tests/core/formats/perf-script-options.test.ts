import { describe, expect, it } from 'vitest';
import {
  ALL_THREADS,
  FlamekitError,
  importProfile,
  printTree,
  selectProfileView,
  type PerfScriptOptions,
} from '../../../src/core';
import {
  isJitModule,
  isKernelModule,
  perfFrameName,
  perfRootName,
  tidyName,
} from '../../../src/core/formats/perf-script-names';
import { catchError } from '../../helpers/catch-error';
import { readFixtureText } from '../../helpers/fixtures';

/** One sample of `comm ids` with the given stack lines (leaf first) and period. */
function sample(comm: string, ids: string, lines: string[], period = 1000, event = 'cycles') {
  return [
    `${comm} ${ids} [000] 1.${ids.length}: ${period} ${event}:`,
    ...lines.map((l) => `\t${l}`),
    '',
  ];
}

function leafName(text: string, options: PerfScriptOptions = {}): string {
  const profile = importProfile(text, { format: 'perf-script', perfScript: options });
  const tree = profile.tree();
  let leaf = 0;
  for (let node = 1; node < tree.nodeCount; node++) if (tree.self[node] > 0) leaf = node;
  return tree.name(leaf);
}

describe("perf script names, by stackcollapse-perf's rules", () => {
  it.each([
    ['foo(int, char*)', 'foo'],
    ['std::vector<int>::push_back(int const&) const', 'std::vector<int>::push_back'],
    // Go methods keep their receivers; (anonymous namespace) is not an argument list.
    ['net/http.(*Client).Do', 'net/http.(*Client).Do'],
    ['(anonymous namespace)::Worker::run(int)', '(anonymous namespace)::Worker::run'],
    ['a::(anonymous namespace)::f()', 'a::(anonymous namespace)::f'],
    // Quotes go, and ; (the folded separator) becomes :.
    ['RegExp:[&<>"\']', 'RegExp:[&<>]'],
    ['Lorg/Foo;.call', 'Lorg/Foo:.call'],
  ])('tidies %j as %j', (name, tidied) => {
    expect(tidyName(name, false)).toBe(tidied);
  });

  it('drops the leading L of Java class names only in Java processes', () => {
    expect(tidyName('Lorg/mozilla/Foo;.call(Lx;)V', true)).toBe('org/mozilla/Foo:.call');
    expect(tidyName('Lorg/mozilla/Foo;.call(Lx;)V', false)).toBe('Lorg/mozilla/Foo:.call');
    expect(tidyName('Loop', true)).toBe('Loop');
    const java = sample('java', '12/13', ['1 Lio/Foo;.bar(I)V (/tmp/perf-12.map)']).join('\n');
    expect(leafName(java)).toBe('io/Foo:.bar');
    expect(leafName(java.replace('java 12/13', 'jab 12/13'))).toBe('Lio/Foo:.bar');
  });

  it('names kernel and JIT modules as the script matches them', () => {
    for (const dso of ['[kernel.kallsyms]', '[nf_conntrack_ipv4]', '/boot/vmlinux', 'x/vmlinux'])
      expect([dso, isKernelModule(dso)]).toEqual([dso, true]);
    for (const dso of ['[unknown]', '/lib/libc.so', '/boot/vmlinux.old', 'kernel.kallsyms'])
      expect([dso, isKernelModule(dso)]).toEqual([dso, false]);
    for (const dso of ['/tmp/perf-123.map', 'x/tmp/perf-1.map (deleted)'])
      expect([dso, isJitModule(dso)]).toEqual([dso, true]);
    for (const dso of ['/tmp/perf-.map', '/tmp/perf-12.mop', '/tmp/perf-x.map', '/tmp/perf-1'])
      expect([dso, isJitModule(dso)]).toEqual([dso, false]);
  });

  it('annotates, kernel first, and names symbol-less frames with their address on request', () => {
    const all = { annotateKernel: true, annotateJit: true };
    expect(perfFrameName('schedule+0x1f', '[kernel.kallsyms]', 'ff', false, all)).toBe(
      'schedule_[k]',
    );
    expect(perfFrameName('Interpreter', '/tmp/perf-7.map', '7f', false, all)).toBe(
      'Interpreter_[j]',
    );
    expect(perfFrameName('f_[j]', '/tmp/perf-7.map', '7f', false, all)).toBe('f_[j]');
    expect(perfFrameName('[unknown]', '[kernel.kallsyms]', 'ff', false, all)).toBe(
      '[[kernel.kallsyms]]_[k]',
    );
    expect(perfFrameName('[unknown]', '[unknown]', '0', false, all)).toBe('[unknown]');
    expect(perfFrameName('[unknown]', '/usr/lib/libc.so.6', '7f12', false, {})).toBe('[libc.so.6]');
    expect(
      perfFrameName('[unknown]', '/usr/lib/libc.so.6', '7f12', false, { addresses: true }),
    ).toBe('[libc.so.6 <7f12>]');
    expect(perfFrameName('', '[unknown]', '7f12', false, { addresses: true })).toBe(
      '[unknown <7f12>]',
    );
  });

  it('names the root comm, comm-PID or comm-PID/TID, spaces as _ and a missing PID as ?', () => {
    expect(perfRootName('V8 WorkerThread', '24636', '25607', 'comm')).toBe('V8_WorkerThread');
    expect(perfRootName('V8 WorkerThread', '24636', '25607', 'pid')).toBe('V8_WorkerThread-24636');
    expect(perfRootName('V8 WorkerThread', '24636', '25607', 'tid')).toBe(
      'V8_WorkerThread-24636/25607',
    );
    expect(perfRootName('java', undefined, '25607', 'pid')).toBe('java-?');
    expect(perfRootName('java', undefined, '25607', 'tid')).toBe('java-?/25607');
  });

  it('gives each address its own frame with addresses on, one frame without', () => {
    const text = [
      ...sample('a', '1', ['7f01 [unknown] (/lib/x.so)']),
      ...sample('a', '1', ['7f02 [unknown] (/lib/x.so)']),
    ].join('\n');
    const plain = importProfile(text, { format: 'perf-script' });
    expect(printTree(plain.tree())).toBe(
      ['- a (total 2000, self 0)', '  - [x.so] (total 2000, self 2000)'].join('\n'),
    );
    const withAddresses = importProfile(text, { perfScript: { addresses: true } });
    expect(printTree(withAddresses.tree())).toBe(
      [
        '- a (total 2000, self 0)',
        '  - [x.so <7f01>] (total 1000, self 1000)',
        '  - [x.so <7f02>] (total 1000, self 1000)',
      ].join('\n'),
    );
  });
});

describe('perf script threads', () => {
  const text = [
    ...sample('web server', '10/11', ['1 serve (/bin/s)', '2 main (/bin/s)'], 300),
    ...sample('web server', '10/12', ['1 poll (/bin/s)'], 200),
    ...sample('web server', '10/11', ['1 serve (/bin/s)', '2 main (/bin/s)'], 100),
    ...sample('sh', '20', ['1 read (/bin/sh)'], 50),
  ].join('\n');

  it('has the whole by default and one profile per pid/tid, named as the header has it', () => {
    const whole = importProfile(text);
    expect(whole.name).toBe(ALL_THREADS);
    expect(whole.alternatives).toEqual({
      names: [ALL_THREADS, 'web server 10/11', 'web server 10/12', 'sh 20'],
      index: 0,
    });
    expect(whole.threads).toEqual([
      { name: 'web server 10/11', pid: '10', tid: '11', processName: 'web server' },
      { name: 'web server 10/12', pid: '10', tid: '12', processName: 'web server' },
      { name: 'sh 20', tid: '20', processName: 'sh' },
    ]);
    expect(Array.from(whole.samples.thread!)).toEqual([0, 1, 0, 2]);
    expect(whole.tree().total[0]).toBe(650);

    const first = importProfile(text, { profile: 1 });
    expect(first.name).toBe('web server 10/11');
    expect(first.alternatives?.index).toBe(1);
    expect(printTree(first.tree())).toBe(
      [
        '- web_server (total 400, self 0)',
        '  - main (total 400, self 0)',
        '    - serve (total 400, self 400)',
      ].join('\n'),
    );
    expect(first.tree('samples').total[0]).toBe(2);
    expect(importProfile(text, { profile: 'sh 20' }).tree().total[0]).toBe(50);
    // Back to the whole, and to another thread, without importing again.
    expect(selectProfileView(first, 0)?.tree().total[0]).toBe(650);
    expect(selectProfileView(first, 'web server 10/12')?.tree().total[0]).toBe(200);
  });

  it('refuses a thread it does not have, listing the ones it has', () => {
    const error = catchError(() => importProfile(text, { profile: 'nope' })) as FlamekitError;
    expect(error).toBeInstanceOf(FlamekitError);
    expect(error.code).toBe('invalid-argument');
    expect(error.message).toMatch(/no profile "nope".*0: "All threads", 1: "web server 10\/11"/);
    const outOfRange = catchError(() => importProfile(text, { profile: 4 })) as FlamekitError;
    expect(outOfRange.code).toBe('invalid-argument');
  });

  it.each([
    'speedscope-forks.linux-perf.txt',
    'speedscope-system-wide.linux-perf.txt',
    'speedscope-simple-with-header.linux-perf.txt',
  ])("%s: the threads and frames of speedscope's perf importer snapshots", (file) => {
    // Its profiles, in order: "forks tid: 9", "swapper" (tid 0), each with its frames' names
    // ("??? (dso)" for a frame without symbol, which flamekit names "[dso's file]").
    const snapshot = readFixtureText('perf-script/speedscope-linux-tools-perf.test.ts.snap');
    const expected: { name: string; frames: string[] }[] = [];
    for (let n = 1; ; n++) {
      const start = snapshot.indexOf(`exports[\`importFromLinuxPerf ${file.slice(11)} ${n}\`]`);
      if (start < 0) break;
      const body = snapshot.slice(start, snapshot.indexOf('\n`;', start));
      const frames = [...body.matchAll(/ {6}"name": "([^"]*)"/g)].map(([, name]) => {
        const unknown = /^\?\?\? \((.*)\)$/.exec(name);
        if (!unknown) return name;
        const dso = unknown[1];
        return dso === '[unknown]' ? dso : `[${dso.slice(dso.lastIndexOf('/') + 1)}]`;
      });
      const name = /\n {2}"name": "([^"]*)"/.exec(body)![1];
      expected.push({ name, frames: [...new Set(frames)].sort() });
    }
    expect(expected.length).toBeGreaterThan(0);
    const whole = importProfile(readFixtureText(`perf-script/${file}`));
    const views = whole.alternatives?.names.slice(1) ?? [whole.name!];
    expect(views).toHaveLength(expected.length);
    expected.forEach(({ name, frames }, k) => {
      const thread = expected.length === 1 ? whole : selectProfileView(whole, k + 1)!;
      // "forks tid: 9" is "forks 9" here; "swapper" (tid 0, which speedscope leaves out) "swapper 0".
      const [comm, tid = '0'] = name.split(' tid: ');
      expect(thread.name).toBe(`${comm} ${tid}`);
      const tree = thread.tree('samples');
      const names = new Set<string>();
      for (let node = 1; node < tree.nodeCount; node++)
        if (tree.depth[node] > 1) names.add(tree.name(node));
      expect([...names].sort()).toEqual(frames);
    });
  });

  it('splits a real multi-process capture into its threads, each with its samples', () => {
    const forks = readFixtureText('perf-script/speedscope-forks.linux-perf.txt');
    const whole = importProfile(forks);
    // Counted another way: the header lines of each pid/tid.
    const perThread = new Map<string, number>();
    for (const line of forks.split('\n')) {
      const match = /^(\S.*?)\s+(\d+(?:\/\d+)?)\s+(?:\[\d+\]\s+)?\d+\.\d+:/.exec(line);
      if (match)
        perThread.set(
          `${match[1]} ${match[2]}`,
          (perThread.get(`${match[1]} ${match[2]}`) ?? 0) + 1,
        );
    }
    expect(whole.alternatives!.names.slice(1)).toEqual([...perThread.keys()]);
    whole.alternatives!.names.slice(1).forEach((name, k) => {
      const thread = selectProfileView(whole, k + 1)!;
      expect([name, thread.tree('samples').total[0]]).toEqual([name, perThread.get(name)]);
    });
  });
});
