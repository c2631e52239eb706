import type { CallTree } from '../model/call-tree';
import type { FrameIndex, NodeIndex } from '../types';
import { PATTERN_RULES, type PatternRule, type RuntimePatterns } from './rules-runtime';
import type { InsightRuntime } from './types';

/*
 * How the pattern rules of `rules-runtime.ts` are applied: frame names brought to one canonical
 * form, the runtimes a profile holds, and one walk over the tree that measures every rule.
 */

/** A frame as the rules read it. */
export interface CanonicalFrame {
  name: string;
  /** The source file, from the profile or from the frame's name. */
  file: string | undefined;
  /**
   * Whether the frame is interpreted code (JavaScript, Python): then a bare name such as `read` is a
   * function of the program, not the C library's.
   */
  script: boolean;
}

const SCRIPT_FILE = /(?:\.(?:[cm]?js|jsx|tsx?|pyw?)|^node:[\w/.-]+)$/;

/**
 * A frame in the one form the patterns are written for, whatever the profile's spelling:
 *
 * | profile                         | frame name                                   | canonical name            |
 * | ------------------------------- | -------------------------------------------- | ------------------------- |
 * | pprof (Go)                      | `encoding/json.(*decodeState).object`        | unchanged                 |
 * | async-profiler collapsed (Java) | `java/util/regex/Pattern.compile:1028`       | `java.util.regex.Pattern.compile` |
 * | perf (Java)                     | `Ljava/lang/reflect/Method;.invoke`          | `java.lang.reflect.Method.invoke` |
 * | Pyroscope (Python)              | `lib/python3.9/json/encoder.py:199 - encode` | `json.encoder.encode`     |
 * | py-spy (Python)                 | `encode (json/encoder.py:199)`               | `json.encoder.encode`     |
 * | Pyroscope (.NET)                | `System.Private.CoreLib!System.GC.Collect()` | `System.GC.Collect`       |
 * | native, with its library        | `libc-2.31.so.epoll_wait:0`                  | `epoll_wait`              |
 * | pprof (Node heap)               | `node:events:emit:470`                       | `emit`, file `node:events` |
 *
 * `rawFile` is the frame's file when the profile records one (a Chrome profile does; Node's heap
 * profiles put it in the name).
 */
export function canonicalFrame(rawName: string, rawFile?: string): CanonicalFrame {
  const name = rawName.trim();
  const python =
    /^(.+\.pyw?)(?::\d+)? - (.+)$/.exec(name) ?? swap(/^(.+) \((.+\.pyw?)(?::\d+)?\)$/.exec(name));
  if (python) {
    return { name: `${pythonModule(python[1])}.${python[2]}`, file: python[1], script: true };
  }
  if (rawFile !== undefined && /\.pyw?$/.test(rawFile) && /^[\w<>.]+$/.test(name)) {
    return { name: `${pythonModule(rawFile)}.${name}`, file: rawFile, script: true };
  }
  // Node heap profiles write `file:function:line`; V8's perf maps `LazyCompile:*function file:line`.
  const node =
    /^(node:[\w/.-]+|[^:]*\.(?:[cm]?js|jsx|tsx?)|):([^:]*):\d+$/.exec(name) ??
    swap(/^(?:LazyCompile|Function|Script|Eval|JS):[*~^]?(\S*) (\S+?)(?::\d+){0,2}$/.exec(name));
  if (node) return { name: node[2], file: node[1] || rawFile, script: true };
  return {
    name: javaName(stripArguments(stripLine(stripLibrary(name)))),
    file: rawFile,
    script: rawFile !== undefined && SCRIPT_FILE.test(rawFile),
  };
}

/** Puts the file of a `function (file)` match first, as in the `file - function` form. */
function swap(match: RegExpExecArray | null): string[] | null {
  return match && [match[0], match[2], match[1]];
}

/**
 * A Python file's module: `lib/python3.11/json/encoder.py` is `json.encoder`,
 * `site-packages/requests/__init__.py` is `requests`. An absolute path outside the known roots
 * gives its file name only, since its directories are the machine's, not a package's.
 */
function pythonModule(path: string): string {
  const slashed = path.replace(/\\/g, '/').replace(/^\.\//, '');
  const root = /(?:^|\/)(?:site-packages|dist-packages|lib\/python\d+(?:\.\d+)?|Lib)\/(.+)$/.exec(
    slashed,
  );
  const relative = root
    ? root[1]
    : slashed.startsWith('/') || /^[A-Za-z]:\//.test(slashed)
      ? slashed.slice(slashed.lastIndexOf('/') + 1)
      : slashed;
  return relative
    .replace(/\.pyw?$/, '')
    .replace(/\/__init__$/, '')
    .replace(/\//g, '.');
}

/** `libc-2.31.so.read` and .NET's `System.Private.CoreLib!System.GC.Collect` lose the binary. */
function stripLibrary(name: string): string {
  const library = /^[\w+.-]*?\.(?:so(?:\.\d+)*|dylib|dll)\.(.+)$/.exec(name);
  if (library) return library[1];
  const module = /^[\w.-]+!(.+)$/.exec(name);
  return module ? module[1] : name;
}

function stripLine(name: string): string {
  return name.replace(/:\d+$/, '');
}

/**
 * A long name shortened for a sentence: .NET's `System.Private.CoreLib!System.Threading.Thread.Sleep(value class System.TimeSpan)` is
 * `System.Threading.Thread.Sleep`. Evidence keeps the full name, as the flame graph shows it.
 */
export function shortFrameName(name: string): string {
  return stripArguments(name.replace(/^[\w.-]+!(?=.)/, ''));
}

/** `Thread.Sleep(value class System.TimeSpan)` is `Thread.Sleep`; `(anonymous)` stays. */
function stripArguments(name: string): string {
  const trimmed = name.replace(/\) const$/, ')');
  if (!trimmed.endsWith(')')) return name;
  let depth = 0;
  for (let i = trimmed.length - 1; i > 0; i--) {
    if (trimmed[i] === ')') depth++;
    else if (trimmed[i] === '(' && --depth === 0) {
      return /[\w$>\]`']/.test(trimmed[i - 1]) ? trimmed.slice(0, i) : name;
    }
  }
  return name;
}

/**
 * Java class paths with slashes, `java/util/regex/Pattern.compile` or the JVM's
 * `Ljava/lang/Object;.wait`, in dots. The last segment must be a class (upper case by
 * convention), which keeps Go's `compress/flate.NewWriter` as it is.
 */
function javaName(name: string): string {
  const match = /^L?((?:[a-z_][\w$]*\/)+[A-Z$_][\w$]*);?\.([\w$<>-]+)$/.exec(name);
  return match ? `${match[1].replace(/\//g, '.')}.${match[2]}` : name;
}

const SIGNATURES: [InsightRuntime, RegExp, RegExp?][] = [
  // [runtime, name pattern, file pattern]
  ['go', /^(?:runtime|main)\.[A-Za-z_][\w.]*$|^[\w.%/-]+\.\(\*?\w+\)\.[\w.-]+$/],
  [
    'java',
    /^L?(?:java|javax|jdk|sun|kotlin|scala)[./][\w$]|(?:^|[^\w])libjvm\.|^Java(?:Calls|Thread)::/,
  ],
  ['python', /\.pyw?(?::\d+)?(?: - |\)|$)|^<module>$/, /\.pyw?$/],
  [
    'node',
    /^\((?:anonymous|garbage collector|program|idle|root)\)$|^node:|\.(?:[cm]?js|jsx|tsx?):|^(?:LazyCompile|Function):|^v8::/,
    /^node:|\.(?:[cm]?js|jsx|tsx?)$/,
  ],
  ['dotnet', /^(?:[\w.-]+!)?(?:System|Microsoft)\.[A-Z]|^(?:coreclr|libcoreclr)[.!]/],
];

/** The runtimes whose frames a tree holds, and the one with the most frames. */
export interface DetectedRuntimes {
  present: ReadonlySet<InsightRuntime>;
  /** `'native'` when no managed runtime shows. */
  primary: InsightRuntime;
}

/**
 * Which runtimes a tree's frames come from, by their spelling: `runtime.` and Go package paths
 * for Go, `java.`/`jdk.` and the JVM for Java, `.py` files for Python, `node:` and `.js` files
 * for Node, `System.`/`Microsoft.` for .NET. A profile may hold several (a JVM's native frames,
 * Node's C++). `'native'` is always present: C libraries and the kernel show under every runtime.
 */
export function detectRuntimes(tree: CallTree): DetectedRuntimes {
  const seen = new Uint8Array(tree.frames.size);
  const counts = new Map<InsightRuntime, number>();
  for (let i = 1; i < tree.nodeCount; i++) {
    const f = tree.frame[i];
    if (seen[f]) continue;
    seen[f] = 1;
    const name = tree.frames.name(f);
    const file = tree.frames.file(f);
    for (const [runtime, namePattern, filePattern] of SIGNATURES) {
      if (namePattern.test(name) || (filePattern && file !== undefined && filePattern.test(file))) {
        counts.set(runtime, (counts.get(runtime) ?? 0) + 1);
      }
    }
  }
  let primary: InsightRuntime = 'native';
  let most = 0;
  // SIGNATURES' order breaks ties, so the answer never depends on the frame order.
  for (const [runtime] of SIGNATURES) {
    const count = counts.get(runtime) ?? 0;
    if (count > most) [primary, most] = [runtime, count];
  }
  return { present: new Set<InsightRuntime>([...counts.keys(), 'native']), primary };
}

/** What a pattern rule found: its value counted once per stack, and the functions it matched. */
export interface PatternMeasure {
  rule: PatternRule;
  /**
   * Sum of the totals of the matched nodes that have no matched ancestor, less the waits below
   * them for a rule that does not itself wait (see {@link PatternRule.waits}).
   */
  value: number;
  /** What was left out of `value` as waiting. */
  waiting: number;
  /** `value` on the baseline side of a comparison; 0 for one profile. */
  baselineValue: number;
  /** The runtime whose patterns matched the most value. */
  runtime: InsightRuntime;
  /** Top-table rows of every matched function, in no order. */
  rows: Set<number>;
  /**
   * The functions matched with no matched ancestor, where the work enters, by top-table row: the
   * totals of their nodes (less the waits left out), which add up to `value`, and the self
   * values of every matched node of theirs.
   */
  entries: Map<number, { self: number; total: number }>;
}

/** The runtimes in the order that breaks ties. */
const RUNTIMES: readonly InsightRuntime[] = ['go', 'java', 'python', 'node', 'dotnet', 'native'];

/**
 * Every pattern rule's value in one pre-order pass. A node counts when its frame matches and no
 * ancestor on its stack matched (so nested GC frames, or recursion, count once), and not below a
 * frame of the rule's `notUnder`. `rowOfFrame` maps frames to top-table rows for the evidence.
 */
export function measurePatternRules(
  tree: CallTree,
  rowOfFrame: Int32Array,
  runtimes: DetectedRuntimes,
): PatternMeasure[] {
  const ruleCount = PATTERN_RULES.length;
  const { match, blocked, waits, relevant } = classifyFrames(tree, runtimes);
  const { frame, subtreeEnd, total, baselineTotal } = tree;
  // The outermost counted node, and the outermost `notUnder` node, per rule on the current path.
  const cover = new Int32Array(ruleCount).fill(-1);
  const block = new Int32Array(ruleCount).fill(-1);
  let waitCover = -1;
  const inside = (node: NodeIndex, i: NodeIndex) => node >= 0 && i < subtreeEnd[node];
  const value = new Float64Array(ruleCount);
  const waiting = new Float64Array(ruleCount);
  const baselineValue = new Float64Array(ruleCount);
  const baselineWaiting = new Float64Array(ruleCount);
  const byRuntime = new Float64Array(ruleCount * RUNTIMES.length);
  const selfOfRow = PATTERN_RULES.map(() => new Map<number, number>());
  const entries = PATTERN_RULES.map(() => new Map<number, { self: number; total: number }>());
  const entryOf = (r: number, node: NodeIndex) => {
    const row = rowOfFrame[frame[node]];
    let entry = entries[r].get(row);
    if (!entry) entries[r].set(row, (entry = { self: 0, total: 0 }));
    return entry;
  };
  for (let i = 1; i < tree.nodeCount; i++) {
    const f = frame[i];
    if (!relevant[f]) continue;
    for (let r = 0; r < ruleCount; r++) {
      if (inside(block[r], i)) continue;
      if (blocked[f * ruleCount + r]) {
        block[r] = i;
        continue;
      }
      const runtime = match[f * ruleCount + r];
      if (runtime === 0) continue;
      const row = rowOfFrame[f];
      selfOfRow[r].set(row, (selfOfRow[r].get(row) ?? 0) + tree.self[i]);
      if (inside(cover[r], i)) continue;
      cover[r] = i;
      entryOf(r, i).total += total[i];
      value[r] += total[i];
      if (baselineTotal) baselineValue[r] += baselineTotal[i];
      byRuntime[r * RUNTIMES.length + runtime - 1] += total[i];
    }
    if (waits[f] && !inside(waitCover, i)) {
      waitCover = i;
      PATTERN_RULES.forEach((rule, r) => {
        if (rule.waits || !inside(cover[r], i) || cover[r] === i) return;
        waiting[r] += total[i];
        entryOf(r, cover[r]).total -= total[i];
        if (baselineTotal) baselineWaiting[r] += baselineTotal[i];
      });
    }
  }
  return PATTERN_RULES.map((rule, r) => {
    const at = r * RUNTIMES.length;
    let best = 0;
    for (let k = 1; k < RUNTIMES.length; k++)
      if (byRuntime[at + k] > byRuntime[at + best]) best = k;
    for (const [row, entry] of entries[r]) entry.self = selfOfRow[r].get(row)!;
    return {
      rule,
      value: value[r] - waiting[r],
      waiting: waiting[r],
      baselineValue: baselineValue[r] - baselineWaiting[r],
      runtime: RUNTIMES[best],
      rows: new Set(selfOfRow[r].keys()),
      entries: entries[r],
    };
  });
}

/**
 * Per frame of the tree and per rule: which runtime's pattern matches it (1 + index in
 * {@link RUNTIMES}, 0 for none) and whether the rule's `notUnder` does; per frame, whether a
 * waiting rule matches it, and whether any rule cares about it (the walk skips the others).
 */
function classifyFrames(tree: CallTree, { present }: DetectedRuntimes) {
  const ruleCount = PATTERN_RULES.length;
  const size = tree.frames.size;
  const match = new Uint8Array(size * ruleCount);
  const blocked = new Uint8Array(size * ruleCount);
  const waits = new Uint8Array(size);
  const relevant = new Uint8Array(size);
  const seen = new Uint8Array(size);
  const runtimes = RUNTIMES.filter((runtime) => present.has(runtime));
  // The first runtime whose patterns match, or undefined.
  const find = (frame: CanonicalFrame, names?: RuntimePatterns, files?: RuntimePatterns) =>
    runtimes.find(
      (runtime) =>
        !(runtime === 'native' && frame.script) &&
        (names?.[runtime]?.some((pattern) => pattern.test(frame.name)) ||
          (frame.file !== undefined &&
            files?.[runtime]?.some((pattern) => pattern.test(frame.file!)))),
    );
  for (let i = 1; i < tree.nodeCount; i++) {
    const f: FrameIndex = tree.frame[i];
    if (seen[f]) continue;
    seen[f] = 1;
    const frame = canonicalFrame(tree.frames.name(f), tree.frames.file(f));
    PATTERN_RULES.forEach((rule, r) => {
      const runtime = find(frame, rule.names, rule.files);
      if (runtime) match[f * ruleCount + r] = 1 + RUNTIMES.indexOf(runtime);
      if (runtime && rule.waits) waits[f] = 1;
      if (find(frame, rule.notUnder)) blocked[f * ruleCount + r] = 1;
      if (runtime || blocked[f * ruleCount + r]) relevant[f] = 1;
    });
  }
  return { match, blocked, waits, relevant };
}
