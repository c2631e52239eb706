import type { PerfScriptOptions } from './options';
import { isBlank, withoutOffset } from './perf-script-lines';

/**
 * Frame and root names of `perf script` samples, by the rules of FlameGraph's
 * stackcollapse-perf.pl (github.com/brendangregg/FlameGraph), so that flamekit's numbers and
 * names match the folded files people compare against. Each rule is one pass over a name.
 */

/** A stack line's text after the address, `symbol+0x1f (dso)`, as symbol (offset kept) and dso. */
export function splitSymbolAndDso(text: string): { symbol: string; dso?: string } {
  const open = text.endsWith(')') ? matchingOpenParen(text) : -1;
  // The dso is the last balanced "(...)" set off by a space: "(/memfd:x (deleted))" included.
  if (open === 0 || (open > 0 && isBlank(text.charCodeAt(open - 1))))
    return { symbol: text.slice(0, open).trimEnd(), dso: text.slice(open + 1, -1) };
  return { symbol: text };
}

/**
 * The name of a frame: the symbol without its `+0x…` offset; a frame without a symbol named after
 * its dso's file (`[libc-2.31.so]`, `[unknown]`), with the address when `options.addresses`
 * (`[libc-2.31.so <7f1e214c24d9>]`); tidied unless `options.keepArguments`; then `_[k]` or `_[j]`
 * when asked. `java` is whether the process name starts with `java` (its tidying differs).
 */
export function perfFrameName(
  symbol: string,
  dso: string | undefined,
  address: string,
  java: boolean,
  options: PerfScriptOptions,
): string {
  let name = withoutOffset(symbol);
  if (name === '' || name === '[unknown]') {
    // Named after the dso, not tidied: a "(deleted)" in it is part of the file's name.
    const file = dso && dso !== '[unknown]' ? dso.slice(dso.lastIndexOf('/') + 1) : 'unknown';
    name = options.addresses && address ? `[${file} <${address}>]` : `[${file}]`;
  } else if (!options.keepArguments) {
    name = tidyName(name, java);
  }
  if (dso !== undefined) {
    if (options.annotateKernel && isKernelModule(dso)) name += '_[k]';
    else if (options.annotateJit && isJitModule(dso) && !name.includes('_[j]')) name += '_[j]';
  }
  return name;
}

/**
 * stackcollapse-perf's tidying: `;` becomes `:` (it separates frames in folded text); unless the
 * name looks like a Go method (`net/http.(*Client).Do`), everything from the first `(` that does
 * not open `(anonymous namespace)` is dropped; quotes go; and in Java processes a leading `L`
 * goes from names holding a `/` (`Lorg/mozilla/Foo;.call` reads `org/mozilla/Foo:.call`).
 */
export function tidyName(name: string, java: boolean): string {
  let tidy = name.includes(';') ? name.replaceAll(';', ':') : name;
  if (!isGoMethod(tidy)) {
    const cut = argumentsStart(tidy);
    if (cut >= 0) tidy = tidy.slice(0, cut);
  }
  if (tidy.includes('"') || tidy.includes("'")) tidy = tidy.replace(/["']/g, '');
  if (java && tidy.startsWith('L') && tidy.includes('/')) tidy = tidy.slice(1);
  return tidy;
}

/** The root frame: `comm`, `comm-PID` or `comm-PID/TID`, spaces as `_`; an absent PID is `?`. */
export function perfRootName(
  comm: string,
  pid: string | undefined,
  tid: string,
  root: PerfScriptOptions['root'],
): string {
  const name =
    root === 'tid'
      ? `${comm}-${pid ?? '?'}/${tid}`
      : root === 'pid'
        ? `${comm}-${pid ?? '?'}`
        : comm;
  return name.includes(' ') ? name.replaceAll(' ', '_') : name;
}

/** A kernel module: `[kernel.kallsyms]`, `[nf_conntrack_ipv4]`, `/boot/vmlinux` (not `[unknown]`). */
export function isKernelModule(dso: string): boolean {
  return (dso.startsWith('[') || dso.endsWith('vmlinux')) && !dso.includes('unknown');
}

/** A JIT's symbol map, `/tmp/perf-<pid>.map`, where perf finds JIT-compiled code's names. */
export function isJitModule(dso: string): boolean {
  for (let at = dso.indexOf('/tmp/perf-'); at >= 0; at = dso.indexOf('/tmp/perf-', at + 1)) {
    let i = at + '/tmp/perf-'.length;
    const digits = i;
    while (i < dso.length && dso.charCodeAt(i) >= 48 && dso.charCodeAt(i) <= 57) i++;
    if (i > digits && dso.startsWith('.map', i)) return true;
  }
  return false;
}

/** `pkg.(*T).M`: a `.(` with a `).` after it. */
function isGoMethod(name: string): boolean {
  const open = name.indexOf('.(');
  return open >= 0 && name.lastIndexOf(').') > open;
}

/** The first `(` that does not open `(anonymous namespace)`, or -1. */
function argumentsStart(name: string): number {
  for (let at = name.indexOf('('); at >= 0; at = name.indexOf('(', at + 1))
    if (!name.startsWith('(anonymous namespace)', at)) return at;
  return -1;
}

/** The index of the "(" that closes with the text's final ")", or -1 if unbalanced. */
function matchingOpenParen(text: string): number {
  let depth = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 41 /* ) */) depth++;
    else if (c === 40 /* ( */ && --depth === 0) return i;
  }
  return -1;
}
