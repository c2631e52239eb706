/**
 * Which package, module or library a frame belongs to, read from its name (and file) the way each
 * language writes them, so that the flame graph can give one library one colour. Every rule is a
 * scan with `indexOf` or a loop, so a 10 kB name costs linear time (no backtracking regexes).
 *
 * 1. Decorations are dropped: async-profiler's `_[j]`, `_[i]`, `_[0]` suffixes (`_[k]` means
 *    kernel), a trailing `:line` or `+0x1f` offset, GCC's ` [clone .part.3]`.
 * 2. A script file decides for JavaScript and Python, whose function names say nothing of their
 *    module: the `file` argument when it is a `.js`/`.ts`/`.py`-like path, a URL or `node:`.
 * 3. Special frames get a fixed group: `[kernel.kallsyms]` and `_[k]` frames → `[kernel]`;
 *    `[unknown]`, `?`, `?!?`, addresses (`0x7f3e117e1f93`) → `[unknown]`; engine pseudo-frames
 *    such as `(garbage collector)`, `(program)`, `(idle)`, `(root)` → `(vm)`; any other `[dso]`
 *    (perf's `[vdso]`) is its own group.
 * 4. A script file written in the name: `func (path/module.py:12)` (py-spy), `module.py:12 - func`
 *    (Pyroscope Python), `./node_modules/pkg/a.js:func:12` (Pyroscope Node; `:func:12`, with no
 *    file, is engine code → `(vm)`). A file gives
 *    `node:internal/...` → `node:internal`; `…/node_modules/@scope/pkg/…` → `@scope/pkg`;
 *    `…/node_modules/pkg/…` → `pkg`; `…/site-packages/requests/api.py` → `requests` (also
 *    dist-packages, and `lib/python3.x/` for the standard library); otherwise its directory
 *    (`/app/src/a.js` → `/app/src`), or its name without extension (`main.py` → `main`).
 * 5. Otherwise the name, by the first rule that applies:
 *    - V8 perf maps: `LazyCompile:*f /app/main.js:12` → the file's package; `Builtin:…` → `v8`.
 *    - JVM descriptors (perf-map-agent): `Lorg/foo/Bar;.run` → `org.foo`.
 *    - Mangled C++ and Rust: `_ZN5tokio7runtime4poll17h…E` → `tokio`, `_ZNSt6vector…` → `std`,
 *      Rust v0 `_RNvNtCs1a_4core5slice…` → `core`. An unqualified `_Z5alphav` has no package.
 *    - A library: `libjvm.so.Thread::run`, `libsystem_c.dylib.malloc`, `/lib/libz.so.1` → its name;
 *      `Assembly!Namespace.Type.Method` (Windows, .NET) → the symbol's package, else the assembly;
 *      DTrace `genunix`syscall` → `genunix`.
 *    - `::` (C++, Rust): the identifier before the first `::`, skipping return types and `<`:
 *      `std::vector<int>::push_back` → `std`, `<alloc::vec::Vec<T> as core::ops::Drop>::drop` →
 *      `alloc`, `oopDesc* PSPromotionManager::copy<false>` → `PSPromotionManager`.
 *    - `/` (Go import paths, JVM class paths). Go when a directory holds a dot (`github.com`) or
 *      no segment is capitalised: the path up to the first dot after the last slash
 *      (`github.com/foo/bar.(*T).Method` → `github.com/foo/bar`, `gopkg.in/yaml.v3.F` →
 *      `gopkg.in/yaml.v3`). Java otherwise: the segments before the first capitalised one, dotted
 *      (`org/apache/kafka/Foo$1.bar` and `Foo$$Lambda$7/0x0801.run` → `org.apache.kafka`).
 *    - `.` with a lower-case first segment (Java, Go, Python): the lower-case segments before the
 *      first capitalised one (`org.apache.kafka.Foo.bar` → `org.apache.kafka`, `main.Foo` →
 *      `main`), or only the first when none is (`runtime.mallocgc`, `main.main.func1`).
 *    - `.` with a capitalised first segment (.NET): all but the type and member
 *      (`System.Collections.Generic.List`1.Add` → `System.Collections.Generic`), or the type
 *      when there is no namespace (`Main.main` → `Main`).
 *    Generic arguments (`pkg.F[...]`), argument lists and signatures are ignored.
 * 6. A name none of these fit (`malloc`, `start_thread(void*)`) belongs to its file's directory,
 *    or without a file is its own group (`start_thread`).
 */

/** The group of kernel frames. */
export const KERNEL_PACKAGE = '[kernel]';
/** The group of frames with no symbol: `[unknown]`, `?`, bare addresses. */
export const UNKNOWN_PACKAGE = '[unknown]';
/** The group of a runtime's pseudo-frames: `(garbage collector)`, `(program)`, `(idle)`, `(root)`. */
export const VM_PACKAGE = '(vm)';

const words = (text: string) => new Set(text.split(' '));
const SCRIPT_EXTENSIONS = words('js mjs cjs jsx ts mts cts tsx vue svelte coffee py pyw pyx');
/** Kinds of code in V8's perf maps; these carry a script location, the others are V8's own. */
const V8_SCRIPT_TAGS = words('LazyCompile Function JS Script Eval Baseline Maglev Turbofan');
const V8_TAGS = words(
  'Builtin BytecodeHandler Handler Stub RegExp Code LazyCompile Function JS Script Eval Baseline Maglev Turbofan',
);
const UNKNOWN_NAMES = words('? ?? ?!? unknown <unknown> .unknown .unknown_Java');
const PYTHON_DIRS = ['/site-packages/', '/dist-packages/'];
/** A module or library name: `System.Private.CoreLib`, `libc.so.1`, `genunix`. */
const PLAIN = /^[\w$.+-]*$/;
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * The package, module or library of a frame, following the rules above.
 *
 * ```ts
 * computePackageName('github.com/foo/bar.(*T).Method'); // 'github.com/foo/bar'
 * computePackageName('get', '/venv/lib/site-packages/requests/api.py'); // 'requests'
 * ```
 */
export function computePackageName(frameName: string, file?: string): string {
  let name = frameName.trim();
  const n = name.length;
  // async-profiler marks frame kinds with `_[x]`: j(it), i(nlined), k(ernel), 0/1 (interpreted/C1).
  if (n > 4 && name.charCodeAt(n - 4) === 95 && name[n - 3] === '[' && name[n - 1] === ']') {
    if (name[n - 2] === 'k') return KERNEL_PACKAGE;
    name = name.slice(0, n - 4);
  }
  const clone = name.indexOf(' [clone ');
  if (clone > 0) name = name.slice(0, clone);
  name = name.replace(/\+0x[0-9a-f]+$/i, '').replace(/:\d+$/, '');
  if (file && isScriptFile(file)) return packageOfFile(file);
  const special = specialGroup(name);
  if (special !== undefined) return special;
  // Pyroscope Node writes `file:function:line`; engine code has no file: `:runInContext:141`.
  if (name[0] === ':') return VM_PACKAGE;
  const embedded = embeddedScriptFile(name);
  if (embedded !== undefined) return packageOfFile(embedded);
  return packageOfSymbol(name, true) ?? (file ? packageOfFile(file) : bareName(name));
}

function specialGroup(name: string): string | undefined {
  if (name === '' || UNKNOWN_NAMES.has(name)) return UNKNOWN_PACKAGE;
  const last = name.length - 1;
  if (name[0] === '[' && name.indexOf(']') === last) {
    if (name.startsWith('[kernel')) return KERNEL_PACKAGE;
    return name === '[unknown]' || name === '[]' ? UNKNOWN_PACKAGE : name;
  }
  if (name[0] === '(' && name.indexOf(')') === last) return VM_PACKAGE;
  return isAddress(name) ? UNKNOWN_PACKAGE : undefined;
}

/** `0x7f3e117e1f93`, or perf's bare `7f3e117e1f93` (eight or more hex digits, some decimal). */
function isAddress(name: string): boolean {
  const start = name.startsWith('0x') ? 2 : 0;
  if (start === 0 && name.length < 8) return false;
  let digits = start > 0;
  for (let i = start; i < name.length; i++) {
    const c = name.charCodeAt(i) | 32;
    if (c >= 48 && c <= 57) digits = true;
    else if (c < 97 || c > 102) return false;
  }
  return digits && name.length > start;
}

function isScriptFile(file: string): boolean {
  if (file.startsWith('node:') || file.startsWith('<frozen ') || URL_SCHEME.test(file)) return true;
  const slash = file.lastIndexOf('/');
  const dot = file.lastIndexOf('.');
  return dot > slash && SCRIPT_EXTENSIONS.has(file.slice(dot + 1).toLowerCase());
}

function embeddedScriptFile(name: string): string | undefined {
  if (name.endsWith(')')) {
    const open = name.lastIndexOf(' (');
    const location = open < 0 ? '' : name.slice(open + 2, -1).replace(/:\d+$/, '');
    if (isScriptFile(location)) return location;
  }
  const dash = name.indexOf(' - ');
  const head = dash > 0 ? name.slice(0, dash).replace(/:\d+$/, '') : '';
  if (isScriptFile(head)) return head;
  const colon = name.indexOf(':', name.startsWith('node:') && name[5] !== ':' ? 5 : 0);
  const prefix = colon > 0 ? name.slice(0, colon) : '';
  return isScriptFile(prefix) ? prefix : undefined;
}

function packageOfFile(file: string): string {
  let path = file.replace(/\\/g, '/');
  if (path.startsWith('node:')) return 'node:' + path.slice(5).split(/[/:]/, 1)[0];
  if (path.startsWith('<frozen ')) return path.slice(8).split(/[.>]/, 1)[0];
  const scheme = URL_SCHEME.exec(path);
  if (scheme) path = path.slice(scheme[0].length);
  const query = path.search(/[?#]/);
  if (query >= 0) path = path.slice(0, query);
  const modules = path.lastIndexOf('node_modules/');
  if (modules === 0 || (modules > 0 && path[modules - 1] === '/')) {
    const rest = path.slice(modules + 13).split('/');
    if (rest.length > 2 && rest[0].startsWith('@')) return `${rest[0]}/${rest[1]}`;
    if (rest.length > 1) return rest[0];
  }
  for (const marker of PYTHON_DIRS) {
    const at = path.lastIndexOf(marker);
    if (at >= 0) return path.slice(at + marker.length).split(/[/.]/, 1)[0];
  }
  const python = path.lastIndexOf('/lib/python');
  const library = python < 0 ? -1 : path.indexOf('/', python + 11);
  if (library > 0 && library < path.length - 1) return path.slice(library + 1).split(/[/.]/, 1)[0];
  const slash = path.lastIndexOf('/');
  const directory = path.slice(path.startsWith('./') ? 2 : 0, Math.max(slash, 0));
  if (directory !== '' && directory !== '.') return directory;
  const base = path.slice(slash + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base || file;
}

function packageOfSymbol(name: string, splitModule: boolean): string | undefined {
  const colon = name.indexOf(':');
  if (colon > 0 && name[colon + 1] !== ':' && V8_TAGS.has(name.slice(0, colon))) {
    const space = name.lastIndexOf(' ');
    const location = space > colon ? name.slice(space + 1) : '';
    const isFile = V8_SCRIPT_TAGS.has(name.slice(0, colon)) && /[./:]/.test(location);
    return isFile ? packageOfFile(location) : 'v8';
  }
  const descriptor = /^L([\w$/]+);/.exec(name);
  if (descriptor) {
    const slash = descriptor[1].lastIndexOf('/');
    return slash > 0 ? descriptor[1].slice(0, slash).replace(/\//g, '.') : typeName(descriptor[1]);
  }
  if (name.startsWith('_Z') || name.startsWith('__Z')) return itaniumPackage(name);
  if (name.startsWith('_R')) return rustV0Package(name);
  const library = libraryPrefix(name);
  if (library !== undefined) return library;
  // A binary without a symbol (async-profiler): `./lib/x86_64-linux-gnu/libz.so.1.2.11`.
  const base = name.slice(name.lastIndexOf('/') + 1);
  if (base !== name && /\.(?:so(?:\.\d+)*|dylib|dll|exe)$/.test(base)) return base;
  const bang = name.indexOf('!');
  if (splitModule && bang > 0 && (PLAIN.test(name.slice(0, bang)) || name.startsWith('?!'))) {
    const module = bang === 1 ? UNKNOWN_PACKAGE : name.slice(0, bang);
    return packageOfSymbol(name.slice(bang + 1), false) ?? module;
  }
  const tick = name.indexOf('`');
  if (tick > 0 && PLAIN.test(name.slice(0, tick))) {
    const next = name.charCodeAt(tick + 1);
    if (!(next >= 48 && next <= 57) || name.startsWith('0x', tick + 1)) return name.slice(0, tick);
  }
  return cppPackage(name) ?? pathPackage(name);
}

function isIdentifierChar(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 95 || c === 36;
}

/** `libjvm.so.Thread::run`, `libc.so.6.read`, `libsystem_c.dylib.malloc` → the library. */
function libraryPrefix(name: string): string | undefined {
  const plain = /^[\w$.+-]+/.exec(name)?.[0] ?? '';
  const suffix = /\.(?:dylib|so(?:\.\d+)*)(?=\.)/.exec(plain);
  return suffix && suffix.index > 0 ? plain.slice(0, suffix.index + suffix[0].length) : undefined;
}

/** The first identifier that a `::` follows, before any argument list. */
function cppPackage(name: string): string | undefined {
  const text = name.startsWith('(anonymous namespace)::') ? name.slice(23) : name;
  const paren = text.indexOf('(');
  const limit = paren < 0 ? text.length : paren;
  for (let at = text.indexOf('::'); at >= 0 && at < limit; at = text.indexOf('::', at + 2)) {
    let start = at;
    while (start > 0 && isIdentifierChar(text.charCodeAt(start - 1))) start--;
    if (start < at) return text.slice(start, at);
  }
  return undefined;
}

function pathPackage(name: string): string | undefined {
  // The symbol ends at an argument list (Go's `.(*T)` is not one) or a space; generic arguments
  // (`pkg.F[...]`, `List`1[System.Int32].Add`) are left out.
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  let end = 0;
  for (; end < name.length; end++) {
    const c = name[end];
    if (c === '[') {
      if (depth++ === 0) parts.push(name.slice(from, end));
    } else if (c === ']') {
      if (depth > 0 && --depth === 0) from = end + 1;
    } else if (depth === 0 && (c === ' ' || (c === '(' && end > 0 && name[end - 1] !== '.'))) {
      break;
    }
  }
  if (depth === 0) parts.push(name.slice(from, end));
  let text = parts.join('');
  // A lambda's hidden class (`Foo$$Lambda$7/0x0801.run`): keep the class and a member after it.
  const lambda = text.indexOf('$$Lambda');
  if (lambda > 0) text = text.slice(0, lambda) + '.run';
  const lastSlash = text.lastIndexOf('/');
  if (lastSlash < 0) return dottedPackage(text);
  const segments = text.split('/');
  const capital = segments.findIndex((segment) => isUpper(segment.charCodeAt(0)));
  if (!text.slice(0, lastSlash).includes('.') && capital >= 0)
    return capital === 0 ? typeName(segments[0]) : segments.slice(0, capital).join('.');
  const dot = text.indexOf('.', lastSlash);
  if (dot < 0) return text;
  // gopkg.in keeps the major version in the last element: `gopkg.in/yaml.v3.Marshal`.
  const version = /^\.v\d+(?=\.|$)/.exec(text.slice(dot));
  return text.slice(0, dot + (version ? version[0].length : 0));
}

function dottedPackage(text: string): string | undefined {
  // Dots between segments: not inside `<…>` (.NET's `<.ctor>b__3_0`), and `..ctor` counts once.
  const dots: number[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '<') depth++;
    else if (c === '>') depth = Math.max(0, depth - 1);
    else if (c === '.' && depth === 0 && text[i - 1] !== '.') dots.push(i);
  }
  if (dots.length === 0 || dots[0] === 0) return undefined;
  if (isUpper(text.charCodeAt(0))) {
    const typeDot = dots[dots.length - 2];
    return typeDot === undefined ? typeName(text.slice(0, dots[0])) : text.slice(0, typeDot);
  }
  // Every segment but the last (the member) may belong to the package.
  for (let k = 0; k < dots.length - 1; k++) {
    const c = text.charCodeAt(dots[k] + 1);
    if (!((c >= 97 && c <= 122) || c === 95)) return text.slice(0, dots[k]);
  }
  return text.slice(0, dots[0]);
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** A type without its nested, anonymous or generic-arity suffix: `Foo$1`, `List`1`, `A+B` → the type. */
function typeName(type: string): string {
  const cut = type.search(/[$`+;.]/);
  return cut > 0 ? type.slice(0, cut) : type;
}

/** `_ZN3foo3barEv` → `foo`; `_ZNSt…`, `_ZSt…` → `std`; an unqualified `_Z3fooi` has none. */
function itaniumPackage(name: string): string | undefined {
  let p = name.startsWith('__Z') ? 3 : 2;
  if (name[p] === 'L') p++;
  if (name.startsWith('St', p)) return 'std';
  if (name[p++] !== 'N') return undefined;
  while ('rVKRO'.includes(name[p] ?? '-')) p++;
  if (name[p] === 'S') return 'std'; // St, Sa, Ss…: the only substitutions possible this early
  return lengthPrefixed(name, p);
}

/** `<decimal length><identifier>` at `p`, or undefined. */
function lengthPrefixed(name: string, p: number): string | undefined {
  let length = 0;
  for (let c = name.charCodeAt(p); c >= 48 && c <= 57 && length < 1e6; c = name.charCodeAt(++p))
    length = length * 10 + c - 48;
  if (name[p] === '_') p++; // Rust v0 separates an identifier that starts with a digit or `_`
  return length > 0 && p + length <= name.length ? name.slice(p, p + length) : undefined;
}

/**
 * Rust v0 symbols (`_R…`) write a path outermost first, so the crate root (`C`) comes before any
 * identifier: skip the path, impl and generic tags to it.
 */
function rustV0Package(name: string): string | undefined {
  for (let p = 2; p < name.length;) {
    const c = name[p];
    if (c === 'C') {
      p++;
      if (name[p] === 's') p = name.indexOf('_', p) + 1;
      return p > 0 ? lengthPrefixed(name, p) : undefined;
    }
    if (c === 'N') p += 2;
    else if (c === 'X' || c === 'M' || c === 'Y' || c === 'I') p++;
    else if (c === 's') p = name.indexOf('_', p) + 1 || name.length;
    else return undefined;
  }
  return undefined;
}

function bareName(name: string): string {
  const paren = name.indexOf('(');
  return (paren > 0 ? name.slice(0, paren).trim() : name) || name;
}
