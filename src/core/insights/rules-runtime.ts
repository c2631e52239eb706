import type { InsightRuntime } from './types';

/**
 * The pattern rules: known kinds of work, recognised by frame names per runtime. Patterns are
 * tested on the canonical name of `canonicalFrame` (dots for Java, module paths for Python, no
 * binary, line or arguments) and anchored on both ends with whole package or class prefixes, so
 * that user code that only looks alike (`myregexpCompiler`, a Python `log.py`) does not count.
 * A runtime's patterns apply only when its frames are in the profile; `native` ones (C library,
 * kernel) apply everywhere but never to interpreted code, where `read` is a user's function.
 */

/** Regular expressions per runtime. */
export type RuntimePatterns = Partial<Record<InsightRuntime, readonly RegExp[]>>;

export interface PatternRule {
  id: string;
  title: string;
  /** What the time is spent in, for the sentence "X of the total is spent in …". */
  subject: string;
  /** Canonical frame names. */
  names: RuntimePatterns;
  /** Source files, for runtimes whose frames are named by function only (Node's `log`). */
  files?: RuntimePatterns;
  /** Matches below these frames do not count: one-off work at start-up, for example. */
  notUnder?: RuntimePatterns;
  /**
   * Whether the rule's frames wait rather than work (locks, sleeps, I/O). The other rules leave
   * out the waits below their frames: a logging thread idle on its queue is not logging work.
   */
  waits?: boolean;
  /** What to try, per runtime; `any` when the runtime has no advice of its own. */
  suggestion: Partial<Record<InsightRuntime, string>> & { any: string };
}

const GC: PatternRule = {
  id: 'gc-pressure',
  title: 'Garbage collection and allocation',
  subject: 'garbage collection and memory allocation',
  names: {
    go: [
      /^runtime\.(?:mallocgc\w*|newobject|newarray|makeslice\w*|growslice|makemap\w*|rawstring\w*|rawbyteslice|rawruneslice|gcBgMarkWorker[\w.]*|gcDrain\w*|gcAssistAlloc[\w.]*|scanobject|scanblock|scanstack|scanframeworker|greyobject|markroot\w*|gcMarkDone|gcMarkTermination|gcStart|GC|bgsweep|bgscavenge|sweepone|gcSweep|wbBufFlush\w*|gcWriteBarrier\w*|heapBitsSetType|\(\*(?:mheap|mcache|mcentral|gcWork|gcControllerState|mspan|sweepLocked|pageAlloc|scavengerState)\)\.\w+)$/,
    ],
    java: [
      /^java\.lang\.ref\.(?:Reference(?:\$ReferenceHandler)?\.(?:processPendingReferences|run|tryHandlePending|enqueueFromPending|waitForReferencePendingList)|Finalizer(?:\$FinalizerThread)?\.\w+)$/,
      // HotSpot's own C++ frames: the collectors, and the allocation paths that end in them.
      /^(?:G1\w*|PS[A-Z]\w*|ParallelScavengeHeap|ParallelCompactData|CMS\w*|Shenandoah\w*|Z[A-Z]\w*|GCTaskThread|GCTaskManager|ConcurrentGCThread|ConcurrentMarkThread|HeapRegion\w*|MarkBitMap|CollectedHeap|MemAllocator|ObjAllocator|ObjArrayAllocator|ThreadLocalAllocBuffer|ReferenceProcessor|WeakProcessor\w*|VM_G1\w*|VM_GC\w*|VM_CollectForAllocation|OptoRuntime::(?:new_\w+|multianewarray\w*)|InstanceKlass::allocate_instance\w*|TypeArrayKlass::allocate\w*|ObjArrayKlass::allocate\w*)(?:::[\w~<>]+)?$/,
      // Thread frames of async-profiler (`[GC Thread#0 tid=12]`) and of the JVM's thread names.
      /^\[?(?:GC Thread|GC task thread|G1 (?:Young|Main|Conc|Refine|Service)|ParGC Thread|Gang worker)/,
    ],
    python: [/^gc\.collect$/],
    node: [
      /^\(garbage collector\)$/,
      /^v8::internal::(?:Heap|Scavenger\w*|ScavengeJob|MarkCompactCollector|MinorMarkCompactCollector|MinorMarkSweepCollector|ConcurrentMarking|IncrementalMarking\w*|Sweeper|ArrayBufferSweeper)::/,
      /^(?:Scavenge|MarkCompact|MinorMarkCompact|MinorMS|MinorGC|MajorGC|V8\.GC\w*)$/,
    ],
    dotnet: [
      /^(?:System\.GC\.\w+|GC|GarbageCollect\w*|(?:WKS|SVR)::(?:gc_heap|GCHeap)::\w+|JIT_New\w*|AllocateObject|AllocateSzArray)$/,
    ],
  },
  suggestion: {
    any: 'Allocate less on the hot paths: reuse buffers, size collections up front, avoid temporary objects; then check the heap limit.',
    go: 'Look at an alloc_space or alloc_objects profile for the allocating callers; reuse buffers (sync.Pool), preallocate slices and maps, avoid converting values to interfaces on hot paths; tune GOGC or GOMEMLIMIT if the heap is small for the load.',
    java: 'Take an allocation profile (async-profiler -e alloc, JFR) to find the allocating callers; reduce temporary objects and boxing, reuse buffers; check the heap and young generation sizes and the collector in the GC log.',
    python:
      'Explicit gc.collect() calls or many short-lived container objects drive the collector; remove the calls, or tune gc.set_threshold / gc.freeze() after start-up.',
    node: 'Record a heap allocation profile; avoid creating many short-lived objects, strings and closures on hot paths; if the heap is near its limit, raise --max-old-space-size.',
    dotnet:
      'Use an allocation trace (dotnet-trace, dotnet-counters) to find the allocating callers; reuse buffers (ArrayPool), avoid boxing and LINQ on hot paths; check GC mode (Server, Concurrent) and heap limits.',
  },
};

const LOCKS: PatternRule = {
  id: 'lock-contention',
  title: 'Lock contention and waiting',
  subject: 'waiting on locks, conditions and sleeps, and in contended atomics',
  waits: true,
  names: {
    go: [
      /^sync\.\(\*(?:Mutex|RWMutex)\)\.(?:Lock|RLock|lockSlow|unlockSlow|rUnlockSlow)$/,
      /^sync\.\(\*(?:Cond|WaitGroup)\)\.Wait$/,
      /^sync\.runtime_(?:Semacquire\w*|notifyListWait)$/,
      /^time\.Sleep$|^runtime\.timeSleep$/,
      /^runtime\.(?:semacquire\w*|lock2|lockSlow|selectgo|block|chanrecv[12]?|chansend1?|notifyListWait)$/,
    ],
    java: [
      /^java\.util\.concurrent\.locks\.[\w$]+\.\w+$/,
      /^(?:sun\.misc|jdk\.internal\.misc)\.Unsafe\.park$/,
      /^java\.lang\.(?:Object\.wait|Thread\.sleep)\w*$/,
      // A compare-and-set is one instruction; when it shows in a profile, threads fight over it.
      /^java\.util\.concurrent\.atomic\.\w+\.(?:compareAndSet|weakCompareAndSet\w*)$/,
      /^(?:ObjectMonitor::(?:enter|EnterI|ReenterI|wait|TrySpin\w*)|ObjectSynchronizer::\w+|SharedRuntime::complete_monitor_locking_C|InterpreterRuntime::monitorenter|Runtime1::monitorenter|monitorenter|JVM_MonitorWait|Parker::park|ParkEvent::park|PlatformEvent::park|os::PlatformEvent::park|Monitor::(?:lock|wait|IWait|ILock)\w*|Mutex::(?:lock|wait)\w*|(?:os::)?Platform(?:Monitor|Mutex)::(?:lock|wait)\w*)$/,
    ],
    python: [
      /^threading\.(?:\w+\.)?(?:acquire|wait|join|_wait_for_tstate_lock)$|^time\.sleep$/,
      /^(?:asyncio\.locks|multiprocessing\.synchronize)\.[\w.]+$/,
    ],
    dotnet: [
      /^System\.Threading\.(?:Monitor\.(?:Enter|ReliableEnter|TryEnter|Wait|ObjWait)\w*|SpinLock\.\w+|SpinWait\.\w+|SemaphoreSlim\.Wait\w*|ManualResetEventSlim\.Wait\w*|Mutex\.WaitOne\w*|WaitHandle\.Wait\w*|ReaderWriterLockSlim\.\w*(?:Enter|Wait)\w*|Lock\.(?:Enter|TryEnter)\w*|LowLevelLock\.\w+|LowLevelMonitor\.\w+|LowLevelSpinWaiter\.\w+|CountdownEvent\.Wait\w*|Barrier\.SignalAndWait\w*|Thread\.Sleep\w*)$/,
      /^(?:JIT_MonEnter\w*|JIT_MonReliableEnter\w*|AwareLock::\w+)$/,
    ],
    native: [
      /^(?:pthread_mutex_(?:timed)?lock|__pthread_mutex_lock\w*|__lll_lock_wait\w*|pthread_cond_(?:timed)?wait\w*|__pthread_cond_(?:timed)?wait\w*|pthread_rwlock_\w*lock|sem_(?:timed)?wait|__new_sem_wait\w*|__psynch_mutexwait|__psynch_cvwait|__psynch_rw_\w+|semaphore_(?:timed)?wait_trap|_pthread_mutex_firstfit_lock_slow|_pthread_cond_wait|native_queued_spin_lock_slowpath|queued_spin_lock_slowpath|_raw_spin_lock\w*|__mutex_lock\w*|osq_lock|rwsem_down_\w+|std::mutex::lock|std::condition_variable::wait\w*|RtlAcquireSRWLock\w*|RtlpWaitOnCriticalSection|RtlEnterCriticalSection|WaitForSingleObject\w*|WaitForMultipleObjects\w*|nanosleep|__nanosleep|clock_nanosleep|usleep|__semwait_signal|SleepEx|NtDelayExecution)$/,
    ],
  },
  suggestion: {
    any: 'Find the lock or queue the threads wait on and shorten what runs while it is held, or split it; a wall-clock profile also shows idle worker threads here, which cost nothing.',
    go: 'Take a mutex and a block profile to find the contended lock or channel; hold locks for less time, shard the data, or use sync/atomic or RWMutex for read-mostly state.',
    java: 'Record lock contention (async-profiler -e lock, JFR) to find the monitor; shorten synchronized sections, use concurrent collections or LongAdder instead of a contended AtomicLong.',
    python:
      'Threads waiting on locks or joins: move CPU-bound work to processes, and keep the code run under a lock short.',
    dotnet:
      'Find the contended lock (dotnet-counters monitor-lock-contention, a wait trace); shorten lock sections, prefer async waits (SemaphoreSlim.WaitAsync) over blocking ones.',
  },
};

const SYSCALLS: PatternRule = {
  id: 'syscalls-io',
  title: 'System calls and I/O waits',
  subject: 'system calls and waits for I/O',
  waits: true,
  names: {
    go: [
      /^syscall\.(?:Syscall\d*|RawSyscall\d*|syscall\d*|rawSyscallNoError|Read|Write|Pread|Pwrite|read|write|pread|pwrite|Open|openat|Fstat|fstat|Stat|Lstat|Getdents|ReadDirent|Accept4?|Sendmsg|Recvmsg|recvfrom|sendto|Connect|Close|Fsync|EpollWait)$/,
      /^(?:runtime\/internal\/syscall|internal\/runtime\/syscall)\.Syscall6$/,
      /^golang\.org\/x\/sys\/unix\.(?:Syscall\w*|RawSyscall\w*|syscall\w*)$/,
      /^runtime\.(?:netpoll|netpollblock|epollwait|futex|read|write1?|pread|kevent|semasleep)$/,
      /^internal\/poll\.(?:runtime_pollWait|\(\*FD\)\.\w+|\(\*pollDesc\)\.\w+)$/,
    ],
    java: [
      /^sun\.nio\.(?:ch|fs)\.[\w$]+\.\w+$/,
      /^java\.net\.[\w$]+\.(?:socket\w+|\w+0)$/,
      /^java\.io\.(?:FileInputStream|FileOutputStream|RandomAccessFile)\.(?:read|write|open|close)\w*$/,
      /^java\.io\.(?:UnixFileSystem|WinNTFileSystem)\.\w+0$/,
      /^io\.netty\.channel\.(?:epoll|kqueue)\.Native\.\w+$/,
    ],
    python: [
      /^(?:select|selectors)\.[\w.]+$/,
      /^socket\.(?:\w+\.)?(?:recv\w*|send\w*|accept|connect\w*|readinto)$/,
      /^ssl\.(?:\w+\.)?(?:read|write|recv\w*|send\w*|do_handshake)$/,
      /^os\.(?:read|write|fsync)$/,
    ],
    node: [
      // `(idle)` is time with nothing to run, waiting for I/O or timers; `(program)` is V8's own
      // native code, not a wait, so it does not count.
      /^\(idle\)$/,
      /^uv_\w+$|^uv__\w+$/,
    ],
    dotnet: [
      /^System\.Net\.Sockets\.(?:Socket\.(?:Receive|Send|Accept|Connect|Poll|Select)\w*|SocketAsyncEngine\.\w+|SocketPal\.\w+)$/,
      /^Interop\+(?:Sys|Kernel32|Winsock)\.(?:Read|Write|ReadFile|WriteFile|WaitForSocketEvents|Poll|Select|Recv|Send|Accept|Connect|PRead|PWrite|FSync)\w*$/,
      /^System\.IO\.(?:FileStream|RandomAccess)\.(?:Read|Write|Flush)\w*$/,
    ],
    native: [
      /^(?:epoll_wait|epoll_pwait2?|__epoll_wait\w*|epoll_ctl|poll|__poll|ppoll|select|__select|pselect6?|kevent\w*|read|__read|__libc_read|__read_nocancel|readv|pread(?:64)?|__pread\w*|write|__write|__libc_write|__write_nocancel|writev|pwrite(?:64)?|recv|recvfrom|recvmsg|__libc_recv\w*|send|sendto|sendmsg|__libc_send\w*|accept4?|connect|__libc_connect|open(?:64)?|__open\w*|openat\w*|__libc_open\w*|close|__close\w*|__libc_close|fsync|fdatasync|futex|syscall|__syscall|__futex_abstimed_wait_common\w*|futex_wait\w*|do_futex|__x64_sys_\w+|__arm64_sys_\w+|sys_\w+|ksys_\w+|do_syscall_64|entry_SYSCALL_64\w*|vfs_read|vfs_write|mach_msg2?_trap|__workq_kernreturn|NtReadFile|NtWriteFile|NtDeviceIoControlFile|NtRemoveIoCompletion\w*|GetQueuedCompletionStatus\w*)$/,
    ],
  },
  files: {
    node: [/^node:(?:fs|internal\/fs\/[\w/]+)$/],
  },
  suggestion: {
    any: 'Batch small reads and writes, buffer I/O, and make sure waits for the network or disk are not on the request path; in a wall-clock profile idle threads waiting for work show here too.',
    go: 'Wrap files and connections in bufio, batch writes, and check that waiting goroutines are expected (network pollers and idle workers are).',
    java: 'Use buffered streams, batch writes, and check the selector threads: waiting in EPoll.wait is an idle event loop, time in read/write is I/O.',
    node: '(idle) is the event loop with nothing to do; time in fs and libuv calls is I/O: prefer the asynchronous fs API to *Sync calls on a server.',
    dotnet:
      'Use asynchronous I/O with buffers (FileStream with bufferSize, PipeReader), batch small writes, and keep blocking socket calls off the thread pool.',
  },
};

const REGEX_COMPILATION: PatternRule = {
  id: 'regex-compilation',
  title: 'Regular expressions compiled at run time',
  subject: 'compiling regular expressions',
  names: {
    go: [
      /^regexp\.(?:Compile|MustCompile|CompilePOSIX|MustCompilePOSIX|compile)$/,
      /^regexp\/syntax\.[\w.()*]+$/,
    ],
    java: [
      /^java\.util\.regex\.Pattern\.(?!(?:matcher|matches|split|splitAsStream|asPredicate|asMatchPredicate|quote|pattern|flags|toString)$)[\w<>$]+$/,
    ],
    python: [
      /^(?:re\._?compile|re\._compiler\.\w+|re\._parser\.\w+|sre_compile\.\w+|sre_parse\.\w+)$/,
    ],
    dotnet: [
      /^System\.Text\.RegularExpressions\.(?:Regex\.\.ctor|Regex\.Init|RegexCache\.\w+|RegexParser\.\w+|RegexWriter\.\w+|RegexCompiler\.\w+|RegexNode\.\w+|RegexTree\w*\.\w+|RegexFindOptimizations\.\w+|RegexCharClass\.\w+)$/,
    ],
    node: [
      /^RegExp$|^(?:Builtins_)?RegExpConstructor$|^v8::internal::RegExp(?:Impl|Compiler|Parser)?::(?:Compile|Parse)\w*/,
    ],
    native: [/^(?:pcre2?_compile\w*|re2::RE2::Init|re2::Regexp::Parse|regcomp|onig_new)$/],
  },
  // Package initialisers and static initialisers compile once per process: that is the right place.
  // Package and static initialisers compile once per process: that is the right place.
  notUnder: {
    go: [/^[\w.%/-]+\.init(?:\.\d+|\.func\d+)*$|^runtime\.doInit1?$/],
    java: [/\.<clinit>$/],
    dotnet: [/\.\.cctor$/],
  },
  suggestion: {
    any: 'Compile each regular expression once and reuse it instead of compiling it per call.',
    go: 'Move regexp.MustCompile to a package-level variable (compiled once at init), or cache compiled expressions; for simple checks strings.Contains/HasPrefix is cheaper.',
    java: 'Keep Pattern.compile results in static final fields; String.matches, replaceAll and split with a pattern compile on every call.',
    python:
      'Call re.compile once at module level and reuse the pattern; the re module caches only a few hundred expressions.',
    dotnet:
      'Keep Regex instances in static readonly fields (or use [GeneratedRegex]); the static Regex methods cache only a few patterns.',
    node: 'Hoist new RegExp(...) out of loops and functions called often; regex literals are compiled once per site.',
  },
};

const REGEX_MATCHING: PatternRule = {
  id: 'regex-matching',
  title: 'Regular-expression matching',
  subject: 'matching regular expressions',
  names: {
    go: [/^regexp\.\(\*\w+\)\.\w+$|^regexp\.(?:onePass\w*|MatchString|MatchReader|Match)$/],
    java: [
      /^java\.util\.regex\.(?:Matcher\.\w+|Pattern\$[\w$]+\.\w+|Pattern\.(?:matches|split\w*))$/,
    ],
    python: [/^re\.(?:match|search|sub|subn|findall|finditer|split|fullmatch)$/],
    dotnet: [
      /^System\.Text\.RegularExpressions\.(?:Regex\.(?:IsMatch|Match|Matches|Replace|Split|Count|EnumerateMatches|Run\w*|Scan\w*)|Match\.\w+|RegexRunner\.\w+|RegexInterpreter\.\w+|[\w.]*Compiled\w*Runner\w*\.\w+)$/,
    ],
    node: [
      /^RegExp: |^(?:Builtins_)?RegExp(?:Exec|PrototypeExec|PrototypeTest|Replace|Split|MatchFast|PrototypeReplace|PrototypeMatch|PrototypeSplit)\w*$/,
    ],
    native: [
      /^(?:pcre2?_(?:match|exec|jit_match|dfa_exec)\w*|re2::RE2::\w*Match\w*|onig_(?:search|match)\w*|regexec)$/,
    ],
  },
  suggestion: {
    any: 'Check the expressions for backtracking (nested quantifiers, leading .*), anchor them, or test with plain string functions first.',
    go: 'Go regexps never backtrack but are slower than string functions: pre-filter with strings.Contains or HasPrefix, and match bytes without converting to strings.',
    java: 'Simplify the patterns (avoid nested quantifiers and greedy .* that backtrack), anchor them, use possessive quantifiers, or pre-filter with String.contains/startsWith.',
    dotnet:
      'Use RegexOptions.Compiled or [GeneratedRegex], add timeouts, and consider RegexOptions.NonBacktracking for untrusted input.',
  },
};

const SERIALIZATION: PatternRule = {
  id: 'serialization',
  title: 'Serialization',
  subject: 'encoding and decoding data (JSON, protobuf and other formats)',
  names: {
    go: [
      /^encoding\/(?:json|gob|xml|csv|asn1)\..+$/,
      /^(?:github\.com\/(?:golang|gogo)\/protobuf|google\.golang\.org\/protobuf|github\.com\/json-iterator\/go|github\.com\/goccy\/go-(?:json|yaml)|github\.com\/bytedance\/sonic|github\.com\/mailru\/easyjson|github\.com\/vmihailenco\/msgpack|github\.com\/tinylib\/msgp|github\.com\/ugorji\/go\/codec|github\.com\/segmentio\/encoding|github\.com\/apache\/thrift|gopkg\.in\/yaml(?:\.|%2e)v\d|sigs\.k8s\.io\/yaml)(?:\/[\w./%-]+)?\..+$/,
      // Methods that code generators (gogo, vtprotobuf, easyjson) give message types.
      /^[\w.%/-]+\.\(\*\w+\)\.(?:Marshal|Unmarshal|MarshalTo|MarshalToSizedBuffer|MarshalVT|UnmarshalVT|MarshalEasyJSON|UnmarshalEasyJSON)$/,
    ],
    java: [
      /^(?:com\.fasterxml\.jackson|org\.codehaus\.jackson|com\.google\.protobuf|com\.google\.gson|org\.apache\.avro|com\.esotericsoftware\.kryo|org\.json|javax\.json|jakarta\.json|org\.glassfish\.json|com\.alibaba\.fastjson2?|org\.yaml\.snakeyaml|kotlinx\.serialization|org\.apache\.thrift\.protocol|io\.protostuff|org\.msgpack|com\.jsoniter|javax\.xml\.bind|jakarta\.xml\.bind|com\.thoughtworks\.xstream)\..+$/,
      /^java\.io\.Object(?:Output|Input)Stream(?:\$\w+)*\.\w+$/,
    ],
    python: [
      /^(?:json|simplejson|orjson|ujson|rapidjson|pickle|_pickle|marshal|yaml|ruamel\.yaml|msgpack|google\.protobuf|cbor2|bson|fastavro|xmltodict)\..+$/,
    ],
    node: [
      /^JSON\.(?:parse|stringify)$|^(?:Builtins_)?Json(?:Parse|Stringify)\w*$|^v8::internal::Json(?:Parser|Stringifier)/,
    ],
    dotnet: [
      /^(?:System\.Text\.Json|Newtonsoft\.Json|Google\.Protobuf|ProtoBuf|MessagePack|System\.Xml\.Serialization|System\.Runtime\.Serialization|Utf8Json|ServiceStack\.Text|YamlDotNet)\..+$/,
    ],
  },
  files: {
    node: [
      /(?:^|\/)node_modules\/(?:protobufjs|google-protobuf|@bufbuild\/protobuf|@msgpack\/msgpack|msgpackr?|avsc|flatbuffers|fast-json-stringify|json-bigint|superjson|js-yaml|yaml|bson|cbor\w*)\//,
    ],
  },
  suggestion: {
    any: 'Serialize less: cache encoded results, send fewer or smaller fields, or use a faster codec; avoid decoding the same payload twice.',
    go: 'encoding/json works by reflection: use a generated or faster codec (easyjson, sonic, vtprotobuf), reuse encoders and buffers, and avoid map[string]interface{} payloads.',
    java: 'Reuse ObjectMapper/ObjectReader/ObjectWriter instances (they are thread-safe and cache serializers), enable the Afterburner/Blackbird module, stream large payloads.',
    python:
      'Use orjson or msgspec instead of json, avoid encoding the same objects repeatedly, and stream large documents.',
    node: 'Avoid JSON round-trips for copying objects (structuredClone), cache serialized responses, and use fast-json-stringify with a schema for hot responses.',
    dotnet:
      'Reuse JsonSerializerOptions (creating them per call is slow), use System.Text.Json source generators, and serialize straight to streams.',
  },
};

const REFLECTION: PatternRule = {
  id: 'reflection',
  title: 'Reflection',
  subject: 'reflection',
  names: {
    go: [/^(?:reflect|internal\/reflectlite)\..+$/],
    java: [
      /^(?:java\.lang\.reflect|sun\.reflect|jdk\.internal\.reflect)\..+$/,
      /^java\.lang\.Class\.(?:getMethods?|getDeclared\w+|getFields?|getConstructors?|forName\w*|newInstance|getAnnotation\w*|privateGetDeclared\w+|searchMethods|reflectionData)$/,
    ],
    python: [/^inspect\..+$/],
    dotnet: [
      /^System\.(?:Reflection(?:\.Emit)?|RuntimeType|RuntimeMethodHandle|RuntimeTypeHandle|Activator|ModuleHandle)\..+$/,
    ],
  },
  suggestion: {
    any: 'Cache what reflection looks up (methods, fields, type information) and avoid reflective calls on hot paths.',
    go: 'Reflection is usually behind encoding/json, fmt or a generic mapper: use generated code or concrete types on hot paths.',
    java: 'Cache Method/Field lookups, or use MethodHandles or generated accessors instead of Method.invoke on hot paths.',
    dotnet:
      'Cache MethodInfo/PropertyInfo lookups, compile delegates (Expression trees, CreateDelegate) or use source generators instead of Invoke on hot paths.',
  },
};

const LOGGING: PatternRule = {
  id: 'logging',
  title: 'Logging',
  subject: 'logging',
  names: {
    go: [
      /^(?:log|log\/slog|go\.uber\.org\/zap(?:\/\w+)*|github\.com\/[Ss]irupsen\/logrus|github\.com\/rs\/zerolog(?:\/\w+)*|github\.com\/go-kit\/(?:kit\/)?log(?:\/\w+)*|k8s\.io\/klog(?:\/v\d)?|github\.com\/golang\/glog|github\.com\/go-logr\/\w+|github\.com\/hashicorp\/go-hclog)\..+$/,
    ],
    java: [
      /^(?:org\.apache\.logging\.log4j|org\.apache\.log4j|ch\.qos\.logback|org\.slf4j|java\.util\.logging|org\.jboss\.logging|org\.apache\.commons\.logging)\..+$/,
    ],
    python: [/^(?:logging|structlog|loguru)\..+$/],
    node: [/^consoleCall$/],
    dotnet: [/^(?:Microsoft\.Extensions\.Logging|Serilog|NLog|log4net)\..+$/],
  },
  files: {
    node: [
      /^node:internal\/console\//,
      // Not morgan or pino-http: as middleware they sit above the whole request handler.
      /(?:^|\/)node_modules\/(?:winston|winston-transport|pino|bunyan|log4js|loglevel)\//,
    ],
  },
  suggestion: {
    any: 'Log less on hot paths: raise the level, sample repetitive messages, and avoid building messages that are then filtered out.',
    go: 'Check the level before building expensive fields, prefer a structured logger without reflection (zap, zerolog, slog with typed attributes), and sample repeated logs.',
    java: 'Use parameterised messages ({} placeholders) or level guards, asynchronous appenders, and avoid location information (%L, %M) in patterns.',
    python:
      "Pass arguments to the logger ('%s', value) instead of formatting first, and raise the level of chatty modules.",
    node: 'console.log is synchronous on files and pipes: use an asynchronous logger (pino) and raise the level in production.',
    dotnet:
      'Use LoggerMessage source generators or IsEnabled checks, and keep the console logger out of production hot paths.',
  },
};

/** The pattern rules in the order they are evaluated (the result is sorted by share). */
export const PATTERN_RULES: readonly PatternRule[] = [
  GC,
  LOCKS,
  SYSCALLS,
  REGEX_COMPILATION,
  REGEX_MATCHING,
  SERIALIZATION,
  REFLECTION,
  LOGGING,
];
