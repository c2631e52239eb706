import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  KERNEL_PACKAGE,
  UNKNOWN_PACKAGE,
  VM_PACKAGE,
  computePackageName,
} from '../../../src/core/views/package-name';
import { readFixture, readFixtureText } from '../../helpers/fixtures';

type Case = [name: string, expected: string, file?: string];

// Names copied from tests/fixtures/profiles (the file is noted), plus a few forms the fixtures
// lack (marked "synthetic") in the shape the tools write them.
const cases: Record<string, Case[]> = {
  go: [
    // flamebearer/pyroscope-io-server-cpu-small.json and the other Go flamebearer files
    [
      'github.com/pyroscope-io/pyroscope/pkg/agent.(*ProfileSession).takeSnapshots',
      'github.com/pyroscope-io/pyroscope/pkg/agent',
    ],
    [
      'github.com/dgraph-io/badger/v2.(*levelsController).runCompactor',
      'github.com/dgraph-io/badger/v2',
    ],
    [
      'github.com/klauspost/compress/gzhttp.NewWrapper.func1.1.1',
      'github.com/klauspost/compress/gzhttp',
    ],
    [
      'google.golang.org/protobuf/internal/impl.(*MessageInfo).unmarshalPointer',
      'google.golang.org/protobuf/internal/impl',
    ],
    ['compress/flate.(*decompressor).Read', 'compress/flate'],
    ['net/http.HandlerFunc.ServeHTTP', 'net/http'],
    ['runtime.mallocgc', 'runtime'],
    ['runtime.gcBgMarkWorker.func2', 'runtime'],
    ['runtime.(*consistentHeapStats).acquire', 'runtime'],
    ['main.main', 'main'],
    ['main.slowFunction', 'main'],
    ['io.ReadAll', 'io'],
    // synthetic: generics as pprof prints them, capitalised and versioned import paths
    ['example.com/lib/maps.Keys[...]', 'example.com/lib/maps'],
    ['slices.SortFunc[go.shape.[]uint8,go.shape.func(a/b.T) int].func1', 'slices'],
    ['github.com/DataDog/datadog-go/statsd.(*Client).send', 'github.com/DataDog/datadog-go/statsd'],
    ['gopkg.in/yaml.v3.(*decoder).unmarshal', 'gopkg.in/yaml.v3'],
  ],
  java: [
    ['org.apache.kafka.Foo.bar', 'org.apache.kafka'], // synthetic, dotted
    ['java.util.concurrent.ThreadPoolExecutor$Worker.run', 'java.util.concurrent'], // synthetic
    // collapsed/diff/jfr-parser-kafka-cpu-0.collapsed.txt.gz (with line numbers)
    ['org/apache/kafka/common/network/Selector.poll:467', 'org.apache.kafka.common.network'],
    ['kafka/server/AbstractFetcherThread$$Lambda_.apply:0', 'kafka.server'],
    [
      'scala/collection/immutable/Map$MapBuilderImpl.$plus$plus$eq:595',
      'scala.collection.immutable',
    ],
    // flamebearer/pyroscope-io-simple-java-app-cpu.json
    ['jdk/internal/util/ArraysSupport.<clinit>', 'jdk.internal.util'],
    ['Main.slowFunction', 'Main'],
    // collapsed/inferno-async-profiler-annotated.txt
    [
      'org.scalatest.wordspec.AnyWordSpecLike$$Lambda$7943.1056778999.apply',
      'org.scalatest.wordspec',
    ],
    ['com.example.App$$Lambda$14/0x0000000800066840.accept', 'com.example'], // synthetic, JDK 17
    // collapsed/speedscope-perf-vertx-stacks-01-collapsed-all.txt
    ['io/netty/channel/nio/NioEventLoop:.run_[j]', 'io.netty.channel.nio'],
    // perf-script/flamegraph-perf-java-stacks-01.txt and flamescope-perf.test01.txt
    ['Lio/netty/channel/DefaultChannelPipeline$HeadHandler;.flush', 'io.netty.channel'],
    ['Ljava/lang/Thread;::run', 'java.lang'],
    [
      'LSimpleTemplateScript3;::run->Lorg/codehaus/groovy/runtime/callsite/AbstractCallSite;::call',
      'SimpleTemplateScript3',
    ],
  ],
  python: [
    // flamebearer/pyroscope-io-simple-python-app-cpu.json
    ['main.py:21 - slow_function', 'main'],
    ['pyroscope_io/__init__.py:80 - set_tag', 'pyroscope_io'],
    // synthetic: py-spy / austin frames and files
    ['request (/usr/lib/python3/dist-packages/requests/sessions.py:589)', 'requests'],
    ['_bootstrap_inner (/usr/lib/python3.11/threading.py:1045)', 'threading'],
    ['_find_and_load (<frozen importlib._bootstrap>:1007)', 'importlib'],
    ['handle (app/views.py:12)', 'app'],
    ['get', 'requests', '/srv/venv/lib/python3.12/site-packages/requests/api.py'],
    ['requests.api.get', 'requests'],
  ],
  javascript: [
    // chrome-cpuprofile/firefox-profiler-node-hello.cjs.cpuprofile (functionName, url)
    ['wrapSafe', 'node:internal', 'node:internal/modules/cjs/loader'],
    ['readSync', 'node:fs', 'node:fs'],
    ['(anonymous)', 'node:internal', 'node:internal/main/run_main_module'],
    // chrome-cpuprofile/speedscope-chrome65-sucrase.cpuprofile
    [
      'parseArrow',
      '/Users/alanpierce/code/sucrase/build/sucrase-babylon/parser',
      '/Users/alanpierce/code/sucrase/build/sucrase-babylon/parser/expression.js',
    ],
    ['Module._compile', 'module', 'module.js'],
    // flamebearer/pyroscope-io-nodejs-frontend-cpu-large.json
    ['./node_modules/@babel/traverse/lib/path/context.js:popContext:403', '@babel/traverse'],
    ['./node_modules/semver/functions/eq.js:Object.<anonymous>:1', 'semver'],
    [
      './node_modules/jest-config/node_modules/@babel/core/lib/transform.js:transform:25',
      '@babel/core',
    ],
    ['./webapp/javascript/ui/Table.spec.tsx:fulfilled:24', 'webapp/javascript/ui'],
    ['node:internal/modules/cjs/loader:Module._load:833', 'node:internal'],
    ['node:fs:readFileSync:476', 'node:fs'],
    [':runInContext:141', VM_PACKAGE],
    // perf-script/flamegraph-perf-js-stacks-01.txt; pprof/node/parca-node-perf-jit.pb.gz
    [
      'LazyCompile:*Async$consumeFunctionBuffer /apps/node/webapp/node_modules/xxxxx/js/main/async.js:39',
      'xxxxx',
    ],
    ['Function:^processTimers node:internal/timers:497', 'node:internal'],
    ['Builtin:A builtin from the snapshot', 'v8'],
    ['RegExp:[&<>\\"\\\']', 'v8'],
    // synthetic: browser URLs
    ['(anonymous)', '@scope/pkg', 'file:///app/node_modules/@scope/pkg/dist/index.mjs'],
    ['render', 'cdn.example.com/assets', 'https://cdn.example.com/assets/app.js?v=3'],
  ],
  rust: [
    // synthetic, demangled
    ['tokio::runtime::task::poll', 'tokio'],
    ['<alloc::vec::Vec<T> as core::ops::Drop>::drop', 'alloc'],
    ['std::thread::local::LocalKey<T>::with', 'std'],
    ['_ZN5tokio7runtime4task4poll17h0123456789abcdefE', 'tokio'],
    // perf-script/speedscope-rust-mangled.linux-perf.txt (v0 mangling)
    [
      '_RNvNvNtNtCsTACXlTRjQ_4core5slice3raw14from_raw_parts18precondition_checkCs8K9WJNlS7Dz_5trace',
      'core',
    ],
    [
      '_RNvXsb_NtCsfiKabdrepoq_5alloc3vecINtB5_3VecdEINtNtNtCsTACXlTRjQ_4core3ops5index5IndexjE5indexCs8K9WJNlS7Dz_5trace',
      'alloc',
    ],
    ['_RNCNkNvNtNtCsiznFMVuT3yX_4rand4rngs6thread14THREAD_RNG_KEY00B9_', 'rand'],
  ],
  dotnet: [
    ['System.Collections.Generic.List`1.Add', 'System.Collections.Generic'], // synthetic
    // collapsed/pyroscope-io-dotnet-deep.txt
    [
      'System.Private.CoreLib!System.Threading.ExecutionContext.RunInternal(class System.Threading.ExecutionContext,class System.Threading.ContextCallback,class System.Object)',
      'System.Threading',
    ],
    [
      'Microsoft.Extensions.Logging.Console!Microsoft.Extensions.Logging.Console.ConsoleLoggerProcessor.ProcessLogQueue()',
      'Microsoft.Extensions.Logging.Console',
    ],
    [
      'System.Private.CoreLib!System.IO.TextWriter+SyncTextWriter.Write(class System.String)',
      'System.IO',
    ],
    [
      'System.Diagnostics.DiagnosticSource!System.Diagnostics.Activity..ctor(class System.String)',
      'System.Diagnostics',
    ],
    [
      'Microsoft.AspNetCore.Routing!Microsoft.AspNetCore.Routing.DataSourceDependentCache`1[System.__Canon].Initialize()',
      'Microsoft.AspNetCore.Routing',
    ],
    [
      'mvc-hello-world!PracticalAspNetCore.Program.Main(class System.String[])',
      'PracticalAspNetCore',
    ],
    ['?!System.Text.Encodings.Web.HtmlEncoder.get_Default()', 'System.Text.Encodings.Web'],
    ['ntdll.dll!RtlUserThreadStart', 'ntdll.dll'], // synthetic
  ],
  cpp: [
    ['std::vector<int>::push_back', 'std'], // synthetic
    ['boost::asio::detail::scheduler::run(boost::system::error_code&)', 'boost'], // synthetic
    ['(anonymous namespace)::Worker::run()', 'Worker'], // synthetic
    ['_ZNSt6vectorIiSaIiEE9push_backERKi', 'std'], // synthetic
    ['foo(std::string const&)', 'foo'], // synthetic: `::` only in the arguments
    // perf-script/flamegraph-perf-js-stacks-01.txt
    [
      'v8::internal::Invoke(bool, v8::internal::Handle<v8::internal::JSFunction>, v8::internal::Handle<v8::internal::Object>, int, v8::internal::Handle<v8::internal::Object>*)',
      'v8',
    ],
    ['node::Start(int, char**)', 'node'],
    // collapsed/inferno-async-profiler-annotated.txt
    ['oopDesc* PSPromotionManager::copy_to_survivor_space<false>(oopDesc*)', 'PSPromotionManager'],
    ['PhaseIdealLoop::is_dominator(Node*, Node*) [clone .part.114]', 'PhaseIdealLoop'],
    ['java_start(Thread*)', 'java_start'],
    ['Startup::XRE_Main', 'Startup'], // firefox/firefox-profiler-processed-3.json
  ],
  native: [
    // collapsed/pyroscope-io-java-async-profiler-cpu.txt, jfr-parser-kafka-cpu-0
    ['libjvm.dylib.Thread::call_run', 'libjvm.dylib'],
    [
      'libjvm.dylib.void WeakProcessor::Task::work<G1STWIsAliveClosure, G1KeepAliveClosure>',
      'libjvm.dylib',
    ],
    ['libz.1.dylib.inflate', 'libz.1.dylib'],
    ['libjvm.so.nmethod::do_unloading:0', 'libjvm.so'],
    ['./lib/x86_64-linux-gnu/libz.so.1.2.11:0', 'libz.so.1.2.11'],
    ['./lib/x86_64-linux-gnu/libc-2.31.so:0', 'libc-2.31.so'],
    ['libc-2.31.so.clock_gettime:0', 'libc-2.31.so'],
    ['libc.so.6.__GI___poll', 'libc.so.6'], // synthetic
    // d3-flamegraph-json/d3-flame-graph-stacks.json (DTrace)
    ['genunix`syscall_mstate', 'genunix'],
    ['unix`0xfffffffffb800c86', 'unix'],
    // d3-flamegraph-json/d3-flame-graph-differential.json: GCC clone suffixes
    ['ttwu_do_activate.constprop.81', 'ttwu_do_activate'],
    ['start_thread', 'start_thread'],
    ['malloc', '/build/glibc/malloc', '/build/glibc/malloc/malloc.c'], // synthetic
  ],
  special: [
    ['[kernel.kallsyms]', KERNEL_PACKAGE], // perf-script/speedscope-forks.linux-perf.txt
    ['hypercall_page_[k]', KERNEL_PACKAGE], // speedscope-perf-vertx-stacks-01-collapsed-all.txt
    ['[unknown]', UNKNOWN_PACKAGE],
    ['?!?', UNKNOWN_PACKAGE], // pyroscope-io-dotnet-deep.txt
    ['.unknown_Java', UNKNOWN_PACKAGE], // pyroscope-io-java-async-profiler-cpu.txt
    ['0x100000f84', UNKNOWN_PACKAGE], // firefox/firefox-profiler-processed-3.json
    ['7f3e117e1f93', UNKNOWN_PACKAGE], // synthetic: perf's bare address
    ['', UNKNOWN_PACKAGE],
    ['(garbage collector)', VM_PACKAGE], // synthetic: V8 .cpuprofile
    ['(program)', VM_PACKAGE], // firefox-profiler-node-hello.cjs.cpuprofile
    ['(idle)', VM_PACKAGE],
    ['(root)', VM_PACKAGE], // firefox-profiler-processed-3.json
    ['[vdso]', '[vdso]'], // pprof/node/parca-node-perf-jit.pb.gz
  ],
};

describe('computePackageName', () => {
  for (const [language, list] of Object.entries(cases)) {
    it.each(list)(`${language}: %s → %s`, (name, expected, file) => {
      expect(computePackageName(name, file)).toBe(expected);
    });
  }

  it('lets a script file win over the name, and uses other files only as a fallback', () => {
    expect(computePackageName('(anonymous)', 'node:events')).toBe('node:events');
    expect(computePackageName('runtime.mallocgc', '/usr/local/go/src/runtime/malloc.go')).toBe(
      'runtime',
    );
    expect(computePackageName('start_thread', '/build/glibc/nptl/pthread_create.c')).toBe(
      '/build/glibc/nptl',
    );
  });

  it('agrees with simple per-language readings of every name in the real fixtures', () => {
    // Each expectation below is a regex reading of one format, narrower than the library's rules.
    const goFiles = [
      'flamebearer/pyroscope-io-server-cpu-small.json',
      'flamebearer/pyroscope-io-server-inuse_space.json',
      'flamebearer/pyroscope-io-render-pyroscope-server-cpu.json',
      'flamebearer/pyroscope-flamegraph-testData-alloc_objects.json',
    ];
    const goNames = goFiles.flatMap(flamebearerNames).filter((name) => name !== 'total');
    for (const name of goNames)
      expect(computePackageName(name), name).toBe(/^((?:[^/]*\/)*[^./]*)/.exec(name)![1]);

    const nodeNames = flamebearerNames('flamebearer/pyroscope-io-nodejs-frontend-cpu-large.json');
    let checked = 0;
    for (const name of nodeNames) {
      const pkg = /.*\/node_modules\/(@[^/]+\/[^/]+|[^/]+)\//.exec(name)?.[1];
      const builtin = /^node:([^/:]+)/.exec(name)?.[1];
      const expected = pkg ?? (builtin && `node:${builtin}`);
      if (expected) {
        expect(computePackageName(name), name).toBe(expected);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(4000);

    const kafka = gunzipSync(readFixture('collapsed/diff/jfr-parser-kafka-cpu-0.collapsed.txt.gz'));
    const javaNames = foldedFrames(kafka.toString('utf8')).filter((name) =>
      /^[a-z]\w*\//.test(name),
    );
    for (const name of javaNames) {
      const segments = name.split('/');
      const expected = segments
        .slice(
          0,
          segments.findIndex((s) => !/^[a-z]/.test(s)),
        )
        .join('.');
      expect(computePackageName(name), name).toBe(expected);
    }
    expect(javaNames.length).toBeGreaterThan(900);

    const dotnet = foldedFrames(readFixtureText('collapsed/pyroscope-io-dotnet-deep.txt'));
    const plainDotnet = dotnet.filter((name) => /^[\w.]+!/.test(name) && !/[<>]|\.\./.test(name));
    for (const name of plainDotnet) {
      let symbol = name.slice(name.indexOf('!') + 1).split('(')[0];
      while (symbol.includes('[')) symbol = symbol.replace(/\[[^[\]]*\]/g, '');
      const segments = symbol.split('.');
      const expected = segments.length > 2 ? segments.slice(0, -2).join('.') : segments[0];
      expect(computePackageName(name), name).toBe(expected);
    }
    expect(plainDotnet.length).toBeGreaterThan(300);
  });

  it('takes linear time on long and hostile names', () => {
    // A quadratic scan of these 200 kB names would take minutes and time the test out.
    const long = 200_000;
    const hostile = [
      'a.'.repeat(long / 2),
      'A.'.repeat(long / 2) + 'b',
      'a/'.repeat(long / 2) + 'b.c',
      'x::'.repeat(long / 3),
      '(' + 'a::'.repeat(long / 3),
      '['.repeat(long) + 'a.b',
      '<'.repeat(long) + 'a.b',
      'lib.so'.repeat(long / 6),
      '+0x1'.repeat(long / 4) + 'z',
      ':1'.repeat(long / 2) + 'x',
      '_RN' + 's'.repeat(long),
      '_ZN' + '9'.repeat(long),
      'L' + 'a/'.repeat(long / 2),
      'x!'.repeat(long / 2),
      'a`'.repeat(long / 2),
      ' ('.repeat(long / 2) + ')',
    ];
    for (const name of hostile) expect(typeof computePackageName(name, name)).toBe('string');
    for (const name of hostile) expect(computePackageName(name).length).toBeGreaterThan(0);
  });
});

function flamebearerNames(file: string): string[] {
  const json = JSON.parse(readFixtureText(file)) as { flamebearer?: { names: string[] } };
  return json.flamebearer!.names;
}

/** The distinct frames of folded text, with `[value]` or `value` dropped. */
function foldedFrames(text: string): string[] {
  const frames = new Set<string>();
  for (const line of text.split('\n')) {
    const stack = line.replace(/ \[?\d+\]?$/, '');
    if (stack) for (const frame of stack.split(';')) frames.add(frame);
  }
  return [...frames];
}
