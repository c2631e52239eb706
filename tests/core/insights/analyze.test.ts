import { describe, expect, it } from 'vitest';
import type { CallTree, FlamekitError } from '../../../src/core';
import { computeDiff, formatValue, importProfile, treeFromFolded } from '../../../src/core';
import { analyzeProfile } from '../../../src/core/insights/analyze';
import { canonicalFrame } from '../../../src/core/insights/rules';
import type { Finding } from '../../../src/core/insights/types';
import { catchError } from '../../helpers/catch-error';
import { readFixture } from '../../helpers/fixtures';

/** The frame names from the root to each node with a self value: one entry per stack. */
function* stacks(tree: CallTree): Generator<{ path: string[]; nodes: number[]; value: number }> {
  for (let i = 1; i < tree.nodeCount; i++) {
    if (tree.self[i] === 0) continue;
    const nodes: number[] = [];
    for (let a = i; a > 0; a = tree.parent[a]) nodes.unshift(a);
    yield { path: nodes.map((a) => tree.name(a)), nodes, value: tree.self[i] };
  }
}

/** Brute force: the share of the total in stacks that `counts` accepts, each stack once. */
function stackShare(tree: CallTree, counts: (path: string[], nodes: number[]) => boolean): number {
  let sum = 0;
  for (const { path, nodes, value } of stacks(tree)) if (counts(path, nodes)) sum += value;
  return sum / tree.total[0];
}

/** Brute force for a rule that leaves waits out: stacks through `work` with no wait below it. */
function busyShare(
  tree: CallTree,
  work: (name: string) => boolean,
  wait: (name: string) => boolean,
): number {
  return stackShare(tree, (path) => {
    const first = path.findIndex(work);
    return first >= 0 && !(path.findIndex(wait) > first);
  });
}

/** Brute force: per function, the value of the stacks whose first frame that `matches` accepts is it. */
function firstMatches(tree: CallTree, matches: (name: string) => boolean): Map<string, number> {
  const values = new Map<string, number>();
  for (const { path, value } of stacks(tree)) {
    const first = path.find(matches);
    if (first !== undefined) values.set(first, (values.get(first) ?? 0) + value);
  }
  return values;
}

function load(file: string): CallTree {
  return importProfile(readFixture(file)).tree();
}

function find(findings: Finding[], rule: string): Finding {
  const finding = findings.find((f) => f.rule === rule);
  if (!finding) throw new Error(`no ${rule} in ${findings.map((f) => f.rule).join(', ')}`);
  return finding;
}

const rulesOf = (findings: Finding[]) => findings.map((f) => f.rule);
const all = { minShare: 0, limit: 100 };

describe('canonicalFrame', () => {
  it("brings each runtime's spelling to one form", () => {
    const cases: [string, string | undefined, string][] = [
      ['encoding/json.(*decodeState).object', undefined, 'encoding/json.(*decodeState).object'],
      ['java/util/regex/Pattern.compile:1028', undefined, 'java.util.regex.Pattern.compile'],
      ['Ljava/lang/reflect/Method;.invoke', undefined, 'java.lang.reflect.Method.invoke'],
      ['lib/python3.9/json/encoder.py:199 - encode', undefined, 'json.encoder.encode'],
      ['encode (json/encoder.py:199)', undefined, 'json.encoder.encode'],
      ['dumps', '/usr/lib/python3.12/json/__init__.py', 'json.dumps'],
      ['System.Private.CoreLib!System.GC.Collect()', undefined, 'System.GC.Collect'],
      ['libc-2.31.so.epoll_wait:0', undefined, 'epoll_wait'],
      ['node:events:emit:470', undefined, 'emit'],
      ['(anonymous)', 'file:///app/index.js', '(anonymous)'],
    ];
    expect(cases.map(([name, file]) => canonicalFrame(name, file).name)).toEqual(
      cases.map(([, , canonical]) => canonical),
    );
    expect(canonicalFrame('node:events:emit:470')).toMatchObject({
      file: 'node:events',
      script: true,
    });
    expect(canonicalFrame('read', 'file:///app/index.js').script).toBe(true);
    expect(canonicalFrame('read').script).toBe(false);
  });
});

describe('analyzeProfile on hand-made trees', () => {
  it('counts nested GC frames once, with the Go runtime and its advice', () => {
    const tree = treeFromFolded(`
      runtime.main;main.handle;runtime.mallocgc;runtime.gcAssistAlloc;runtime.gcDrain 3
      runtime.main;main.handle;main.work 7`);
    const gc = find(analyzeProfile(tree), 'gc-pressure');
    // 3 of 10 stacks pass through GC frames; the three nested frames do not make it 9.
    expect(gc).toMatchObject({ share: 0.3, severity: 'critical', runtime: 'go' });
    expect(gc.evidence).toEqual([{ name: 'runtime.mallocgc', self: 0, total: 3, share: 0.3 }]);
    expect(gc.detail).toContain('3 samples (30.0% of the total)');
    expect(gc.suggestion).toContain('GOGC');
  });

  it('does not take user code that looks like a runtime function', () => {
    const tree = treeFromFolded(`
      runtime.main;main.main;main.myregexpCompiler 4
      runtime.main;main.main;github.com/me/regexp.Compile 3
      runtime.main;main.main;regexp.MustCompile;regexp/syntax.Parse 1
      runtime.main;main.main;main.mallocgc 2`);
    const findings = analyzeProfile(tree, all);
    expect(find(findings, 'regex-compilation')).toMatchObject({ share: 0.1, runtime: 'go' });
    expect(rulesOf(findings)).not.toContain('gc-pressure');
  });

  it('leaves out regexps compiled by package initialisers', () => {
    const tree = treeFromFolded(`
      runtime.main;runtime.doInit1;main.init;regexp.MustCompile 4
      runtime.main;main.main;main.handle;regexp.MustCompile 6`);
    expect(find(analyzeProfile(tree), 'regex-compilation').share).toBe(0.6);
  });

  it('reads Java, Python, .NET and Node spellings of the same rules', () => {
    const java = treeFromFolded(`
      java/lang/Thread.run;com/example/Handler.handle;java/util/regex/Pattern.compile 2
      java/lang/Thread.run;com/example/Handler.handle;java/util/regex/Matcher.matches 3
      java/lang/Thread.run;com/example/Handler.handle;com/example/MyPattern.compile 5`);
    const javaFindings = analyzeProfile(java, all);
    expect(find(javaFindings, 'regex-compilation')).toMatchObject({ share: 0.2, runtime: 'java' });
    expect(find(javaFindings, 'regex-matching').share).toBe(0.3);

    const python = treeFromFolded(`
      main.py:1 - <module>;app/handlers.py:10 - handle;/usr/lib/python3.11/re/__init__.py:226 - compile 4
      main.py:1 - <module>;app/handlers.py:12 - handle;/usr/lib/python3.11/json/__init__.py:231 - dumps 1
      main.py:1 - <module>;app/handlers.py:14 - handle;myre.py:3 - compile 3
      main.py:1 - <module>;app/handlers.py:14 - handle;json_utils.py:3 - dumps 2`);
    const pythonFindings = analyzeProfile(python, all);
    expect(find(pythonFindings, 'regex-compilation')).toMatchObject({
      share: 0.4,
      runtime: 'python',
    });
    expect(find(pythonFindings, 'serialization').share).toBe(0.1);

    const node = treeFromFolded(`
      ./index.js:(anonymous):19;node:internal/console/constructor:log:375 3
      ./index.js:(anonymous):19;./lib/log.js:log:3 5
      ./index.js:(anonymous):19;./app.js:read:3 1
      (idle) 1`);
    const nodeFindings = analyzeProfile(node, all);
    expect(find(nodeFindings, 'logging')).toMatchObject({ share: 0.3, runtime: 'node' });
    // `read` of app.js is the program's, not the C library's; only (idle) waits.
    expect(find(nodeFindings, 'syscalls-io').share).toBe(0.1);
  });

  it('leaves the waits below a rule out of it: a logging thread idle on its queue', () => {
    const tree = treeFromFolded(`
      App!App.Worker.Run();Microsoft.Extensions.Logging.Console!Microsoft.Extensions.Logging.Console.ConsoleLoggerProcessor.ProcessLogQueue();System.Private.CoreLib!System.Threading.Monitor.Wait(class System.Object,int32) 8
      App!App.Worker.Run();Microsoft.Extensions.Logging.Console!Microsoft.Extensions.Logging.Console.ConsoleLoggerProcessor.ProcessLogQueue();System.Console!System.Console.Write(string) 2`);
    const findings = analyzeProfile(tree, all);
    expect(find(findings, 'lock-contention')).toMatchObject({ share: 0.8, runtime: 'dotnet' });
    const logging = find(findings, 'logging');
    expect(logging.share).toBe(0.2);
    expect(logging.detail).toContain('Another 8 samples (80.0%) below them waits');
    // Sentences use the short name; the evidence keeps the frame's own.
    expect(logging.detail).toContain(
      'entered through Microsoft.Extensions.Logging.Console.ConsoleLoggerProcessor.ProcessLogQueue (20.0%)',
    );
  });

  it('finds deep recursion at 20 nested calls, not 19', () => {
    const deep = treeFromFolded(`main;${Array(25).fill('f').join(';')} 3\nmain;g 7`);
    const finding = find(analyzeProfile(deep), 'deep-recursion');
    expect(finding).toMatchObject({ share: 0.3, title: 'Deep recursion' });
    expect(finding.detail).toContain('f is nested up to 25 times');
    expect(finding.evidence.map((e) => e.name)).toEqual(['f']);
    const shallow = treeFromFolded(`main;${Array(19).fill('f').join(';')} 3\nmain;g 7`);
    expect(rulesOf(analyzeProfile(shallow, all))).not.toContain('deep-recursion');
    const tall = treeFromFolded(
      `${Array.from({ length: 300 }, (_, k) => `a${k}`).join(';')} 1\nb 1`,
    );
    expect(find(analyzeProfile(tall), 'deep-recursion')).toMatchObject({
      share: 0.5,
      title: 'Very deep stacks',
    });
  });

  it('reports the deepest node of the path holding at least half of the total', () => {
    const tree = treeFromFolded('main;a;b;c;d 6\nmain;a;b;x 1\nmain;e 3');
    const path = find(analyzeProfile(tree), 'hot-path');
    // main 10, a 7, b 7, c 6, d 6: d is the last node with at least 5.
    expect(path).toMatchObject({ share: 0.6, severity: 'info' });
    expect(path.detail).toContain('The path main > a > b > c > d (5 frames)');
    expect(path.evidence.map((e) => e.name)).toEqual(['main', 'a', 'b', 'c', 'd']);
    // Three frames are not "many levels".
    expect(rulesOf(analyzeProfile(treeFromFolded('main;a;b 6\nmain;e 4'), all))).not.toContain(
      'hot-path',
    );
  });

  it('reports hot functions from 10% of self, with their heaviest caller', () => {
    const tree = treeFromFolded('main;a;leaf 8\nmain;b;leaf 2\nmain;c 81\nmain;d 9');
    const findings = analyzeProfile(tree, all).filter((f) => f.rule === 'hot-function');
    expect(findings.map((f) => [f.title, f.share])).toEqual([
      ['Hot function: c', 0.81],
      ['Hot function: leaf', 0.1],
    ]);
    expect(findings[1].detail).toContain('80.0% of it comes through calls from a');
  });

  it('compares the shares of each side of a diff', () => {
    const before = treeFromFolded('main;a 50\nmain;b 50');
    const after = treeFromFolded('main;a 150\nmain;b 50\nmain;c 100');
    const findings = analyzeProfile(computeDiff(before, after), all);
    // Shares: a 1/2 -> 1/2, b 1/2 -> 1/6, c 0 -> 1/3.
    const regression = find(findings, 'diff-regression');
    expect(regression.share).toBeCloseTo(1 / 3, 12);
    expect(regression.severity).toBe('critical');
    expect(regression.evidence).toEqual([{ name: 'c', self: 100, total: 100, share: 1 / 3 }]);
    expect(regression.detail).toContain('c (0.0% -> 33.3%, +33.3 points');
    const improvement = find(findings, 'diff-improvement');
    expect(improvement).toMatchObject({ severity: 'info', evidence: [{ name: 'b' }] });
    expect(improvement.share).toBeCloseTo(1 / 3, 12);
  });

  it('filters by minShare, sorts by share and keeps limit findings', () => {
    const tree = treeFromFolded('main;a 50\nmain;runtime.mallocgc 30\nmain;b 20');
    const shares = analyzeProfile(tree, all).map((f) => f.share);
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    expect(analyzeProfile(tree, { minShare: 0.35 }).map((f) => f.title)).toEqual([
      'Hot function: a',
    ]);
    expect(analyzeProfile(tree, { limit: 1 })).toHaveLength(1);
    expect(analyzeProfile(treeFromFolded(''))).toEqual([]);
  });

  it('rejects bad options with FlamekitError', () => {
    const tree = treeFromFolded('a 1');
    for (const options of [{ minShare: 2 }, { minShare: NaN }, { limit: -1 }, { limit: 1.5 }]) {
      expect((catchError(() => analyzeProfile(tree, options)) as FlamekitError).code).toBe(
        'invalid-argument',
      );
    }
    const notATree = {} as CallTree;
    expect((catchError(() => analyzeProfile(notATree)) as FlamekitError).code).toBe(
      'invalid-argument',
    );
  });
});

describe('analyzeProfile on real profiles', () => {
  it('Go block profile: all of it waits in select and Cond.Wait', () => {
    const tree = load('pprof/go/diff/ddtrace-block.after.pprof');
    const waits = (name: string) => name === 'runtime.selectgo' || name === 'sync.(*Cond).Wait';
    const finding = find(analyzeProfile(tree, { unit: 'nanoseconds' }), 'lock-contention');
    expect(finding).toMatchObject({ severity: 'critical', runtime: 'go' });
    expect(finding.share).toBeCloseTo(
      stackShare(tree, (path) => path.some(waits)),
      12,
    );
    const entries = firstMatches(tree, waits);
    expect(finding.evidence.map((e) => [e.name, e.total])).toEqual(
      [...entries].sort((a, b) => b[1] - a[1]),
    );
  });

  it('Go CPU profiles: a hot function, recursion, GC, system calls', () => {
    const large = load('pprof/go/google-pprof-large.cpu.pb.gz');
    const findings = analyzeProfile(large, { unit: 'nanoseconds' });
    const now = find(findings, 'hot-function');
    const nowSelf = stackShare(large, (path) => path[path.length - 1] === 'time.Now');
    expect(now).toMatchObject({ title: 'Hot function: time.Now', severity: 'critical' });
    expect(now.share).toBeCloseTo(nowSelf, 12);
    expect(now.detail).toContain(formatValue(nowSelf * large.total[0], 'nanoseconds'));
    const nested = (path: string[]) => path.filter((name) => name === 'main.next').length >= 20;
    expect(find(findings, 'deep-recursion').share).toBeCloseTo(stackShare(large, nested), 12);
    expect(rulesOf(findings)).not.toContain('gc-pressure');

    const concourse = load('pprof/go/concourse-web-cpu-300s.pb.gz');
    const cpu = analyzeProfile(concourse, { unit: 'nanoseconds' });
    const gcFrame = (name: string) =>
      /^runtime\.(mallocgc\w*|newobject|newarray|makeslice|growslice|makemap|rawstring\w*|gc\w+|bgsweep|bgscavenge|sweepone|scan\w+|greyobject|markroot\w*|wbBufFlush1?|\(\*(mheap|mcache|mcentral|mspan|sweepLocked|pageAlloc|scavengerState)\)\.\w+)$/.test(
        name,
      );
    const syscall = (name: string) =>
      /^(syscall\.\w+|internal\/runtime\/syscall\.Syscall6|runtime\.(futex|netpoll|netpollblock|write1?)|internal\/poll\.(runtime_pollWait|\(\*(FD|pollDesc)\)\.\w+))$/.test(
        name,
      );
    const lock = (name: string) =>
      /^(sync\.\(\*R?W?Mutex\)\.(R?Lock|lockSlow|unlockSlow|rUnlockSlow)|sync\.\(\*(Cond|WaitGroup)\)\.Wait|sync\.runtime_\w+|time\.Sleep|runtime\.(semacquire\w*|lock2|selectgo|chanrecv[12]?|chansend1?|notifyListWait|timeSleep))$/.test(
        name,
      );
    const gc = find(cpu, 'gc-pressure');
    const wait = (name: string) => syscall(name) || lock(name);
    expect(gc.share).toBeCloseTo(busyShare(concourse, gcFrame, wait), 12);
    expect(gc.evidence[0].name).toBe('runtime.gcBgMarkWorker');
    expect(find(cpu, 'syscalls-io').share).toBeCloseTo(
      stackShare(concourse, (path) => path.some(syscall)),
      12,
    );
  });

  it('Go heap profile: serialization, and no GC frames in an allocation profile', () => {
    const tree = load('pprof/go/parca-heap-alloc_objects.pb.gz');
    const findings = analyzeProfile(tree, { unit: 'bytes', minShare: 0.01 });
    const codec = (name: string) =>
      /^(encoding\/json\.|github\.com\/json-iterator\/go\.|gopkg\.in\/yaml%2ev2\.)/.test(name);
    expect(find(findings, 'serialization').share).toBeCloseTo(
      stackShare(tree, (path) => path.some(codec)),
      12,
    );
    expect(find(findings, 'hot-function').detail).toMatch(
      / is in compress\/flate\.NewWriter itself/,
    );
    expect(rulesOf(findings)).not.toContain('gc-pressure');
  });

  it('Java (async-profiler): JVM allocation and GC, contended atomics, fib recursion', () => {
    const tree = load('collapsed/pyroscope-io-java-async-profiler-cpu.txt');
    const findings = analyzeProfile(tree);
    const gc = find(findings, 'gc-pressure');
    expect(gc.runtime).toBe('java');
    const jvmGc = (name: string) =>
      /^libjvm\.dylib\.(G1\w*|HeapRegion\w*|MarkBitMap|CollectedHeap|MemAllocator|ObjArrayAllocator|OptoRuntime::new_\w+|ConcurrentGCThread|VM_G1\w*|WeakProcessor\w*)(::|$)/.test(
        name,
      );
    const park = (name: string) =>
      /(semaphore_wait_trap|__psynch_(cvwait|mutexwait)|Monitor::wait\w*|Mutex::lock\w*|_pthread_mutex_firstfit_lock_slow|AbstractQueuedSynchronizer\$ConditionObject\.await|AtomicLong\.compareAndSet)$/.test(
        name,
      );
    expect(gc.share).toBeCloseTo(busyShare(tree, jvmGc, park), 12);
    expect(find(findings, 'lock-contention').share).toBeCloseTo(
      stackShare(tree, (path) => path.some(park)),
      12,
    );
    const bzero = find(findings, 'hot-function');
    expect(bzero.title).toBe(
      'Hot function: libsystem_platform.dylib._platform_bzero$VARIANT$Haswell',
    );
    // Called from the JVM's allocator: the advice is the allocation rule's.
    expect(bzero.suggestion).toBe(gc.suggestion);
    const fib = (path: string[]) => path.filter((name) => name === 'App.fib').length >= 20;
    expect(find(findings, 'deep-recursion').share).toBeCloseTo(stackShare(tree, fib), 12);
  });

  it('Java (Kafka, line numbers): regular-expression matching and logging', () => {
    const tree = load('collapsed/diff/jfr-parser-kafka-cpu-0.collapsed.txt.gz');
    const findings = analyzeProfile(tree, { minShare: 0.01 });
    const matching = find(findings, 'regex-matching');
    expect(matching.severity).toBe('critical');
    expect(matching.share).toBeCloseTo(
      stackShare(tree, (path) => path.some((name) => name.startsWith('java/util/regex/'))),
      12,
    );
    expect(find(findings, 'logging').share).toBeCloseTo(
      stackShare(tree, (path) => path.some((name) => /^org\/(apache\/log4j|slf4j)\//.test(name))),
      12,
    );
    expect(rulesOf(findings)).not.toContain('regex-compilation');
  });

  it('Python: the hot lines of work(), no runtime rule', () => {
    const tree = load('flamebearer/pyroscope-io-simple-python-app-cpu.json');
    const findings = analyzeProfile(tree);
    expect(rulesOf(findings)).toEqual(['hot-function', 'hot-function', 'hot-function']);
    expect(findings[0].title).toBe('Hot function: main.py:11 - work');
    expect(findings[0].share).toBeCloseTo(
      stackShare(tree, (path) => path[path.length - 1] === 'main.py:11 - work'),
      12,
    );
  });

  it('Node: the garbage collector, console.log, and the idle event loop', () => {
    const sucrase = load('chrome-cpuprofile/speedscope-chrome65-sucrase.cpuprofile');
    const gc = find(analyzeProfile(sucrase), 'gc-pressure');
    expect(gc.runtime).toBe('node');
    expect(gc.share).toBeCloseTo(
      stackShare(sucrase, (path) => path.includes('(garbage collector)')),
      12,
    );

    const hello = load('chrome-cpuprofile/firefox-profiler-node-hello.cjs.cpuprofile');
    // console.log runs through consoleCall (the inspector's wrapper) into node:internal/console.
    const inConsole = (path: string[], nodes: number[]) =>
      path.includes('consoleCall') ||
      nodes.some((a) => hello.frameInfo(a).file?.startsWith('node:internal/console/'));
    expect(find(analyzeProfile(hello), 'logging').share).toBeCloseTo(
      stackShare(hello, inConsole),
      12,
    );

    const wall = load('pprof/node/pyroscope-io-nodejs-wall.pb.gz');
    const io = find(analyzeProfile(wall), 'syscalls-io');
    const idle = stackShare(wall, (path) => path[path.length - 1] === '(idle)');
    expect(io.evidence[0]).toMatchObject({ name: '(idle)' });
    expect(io.evidence[0].share).toBeCloseTo(idle, 12);
  });

  it('.NET: waiting threads are contention, not logging', () => {
    const tree = load('collapsed/pyroscope-io-dotnet-deep.txt');
    const findings = analyzeProfile(tree, all);
    const wait = (name: string) =>
      /!System\.Threading\.(ManualResetEventSlim\.Wait|SemaphoreSlim\.Wait\w*|Thread\.Sleep|SpinWait\.\w+)\(/.test(
        name,
      );
    const locks = find(findings, 'lock-contention');
    expect(locks).toMatchObject({ runtime: 'dotnet', severity: 'critical' });
    expect(locks.share).toBeCloseTo(
      stackShare(tree, (path) => path.some(wait)),
      12,
    );
    const logger = (name: string) => name.includes('!Microsoft.Extensions.Logging.');
    const busyLogging = busyShare(tree, logger, wait);
    expect(find(findings, 'logging').share).toBeCloseTo(busyLogging, 12);
    expect(busyLogging).toBeLessThan(0.01);
  });
});
