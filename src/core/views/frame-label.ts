import type { CallTree } from '../model/call-tree';
import type { NodeIndex } from '../types';
import { formatShare } from './node-summary';
import { computePackageName } from './package-name';
import { formatValue } from '../units';

/**
 * Shorter forms of a frame's name for a label that does not fit, longest first, the full name
 * first: the package path cut to its last segment, then the package left out, so that the
 * function stays readable where cutting from the end would keep only the path (`github.com/co…`).
 * The package is found by {@link computePackageName}'s rules (Go, Java, .NET, C++, Rust, Python,
 * JS), and only shortened where the name starts with it.
 *
 * Last, the method alone, without its type (`Ingest`, `poll`), so that a narrow box reads `Run`
 * rather than a cut such as `(…un`; a Go closure keeps the function it is in (`Run.func2`).
 *
 * ```
 * github.com/grafana/pyroscope/pkg/phlaredb.(*Head).Ingest
 *   → phlaredb.(*Head).Ingest → (*Head).Ingest → Ingest
 * org.apache.kafka.clients.NetworkClient.poll
 *   → clients.NetworkClient.poll → NetworkClient.poll → poll
 * runtime.mallocgc → mallocgc
 * ```
 */
export function computeLabelForms(name: string): string[] {
  const forms = [name];
  const pkg = computePackageName(name);
  const end = packagePrefixEnd(name, pkg);
  if (end <= 0) return forms;
  const separator = name.startsWith('::', end) ? 2 : 1;
  const rest = name.slice(end + separator);
  if (rest.length === 0) return forms;
  const lastSegment = (pkg.lastIndexOf('/') >= 0 ? pkg.lastIndexOf('/') : pkg.lastIndexOf('.')) + 1;
  // A library's name (`libjvm.so.Thread::run`) has no path worth a segment of.
  if (lastSegment > 0 && !rest.includes('::')) forms.push(name.slice(lastSegment));
  forms.push(rest);
  const method = methodOf(rest);
  if (method !== rest) forms.push(method);
  return forms;
}

/** Go's names for closures and anonymous functions, which say nothing without their function. */
const ANONYMOUS = /^(func\d+|\d+|lambda\$.*|\$.*)$/;

/**
 * The last member of a qualified name without its type (`(*Head).Ingest` → `Ingest`,
 * `Thread::run` → `run`), or the name itself when it has no type. Separators inside parentheses
 * or angle brackets (`(*T)`, `vector<a::b>`) do not count.
 */
function methodOf(name: string): string {
  const starts: number[] = [];
  let depth = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '(' || c === '<' || c === '[') depth++;
    else if (c === ')' || c === '>' || c === ']') depth = Math.max(0, depth - 1);
    else if (depth === 0 && c === '.' && i > 0) starts.push(i + 1);
    else if (depth === 0 && c === ':' && name[i + 1] === ':') starts.push(++i + 1);
  }
  let cut = starts.length - 1;
  while (cut >= 0 && ANONYMOUS.test(name.slice(starts[cut]).split(/[.:]/)[0])) cut--;
  return cut >= 0 && starts[cut] < name.length ? name.slice(starts[cut]) : name;
}

/**
 * Where the package ends in the name (the index of the separator after it), or -1 when the
 * name does not start with it. A JVM class path writes the package's dots as slashes.
 */
function packagePrefixEnd(name: string, pkg: string): number {
  if (pkg.length === 0 || pkg.length >= name.length) return -1;
  for (let i = 0; i < pkg.length; i++) {
    const a = name[i];
    const b = pkg[i];
    if (a !== b && !((a === '/' || a === '.') && (b === '/' || b === '.'))) return -1;
  }
  const next = name[pkg.length];
  return next === '.' || next === '/' || next === ':' ? pkg.length : -1;
}

/** What a label shows after the name: nothing, the share of the whole profile, or the total. */
export type LabelValue = 'none' | 'share' | 'total';

/**
 * The text after a node's name in its label: `''` for `'none'`, the share of the root's total
 * (`42.1 %`) or the total (`1.2 s`) in `unit`.
 */
export function createLabelValueFormatter(
  tree: CallTree,
  value: LabelValue,
  unit: string,
): (node: NodeIndex) => string {
  if (value === 'none') return () => '';
  const whole = tree.total[0];
  return value === 'share'
    ? (node) => formatShare(whole > 0 ? tree.total[node] / whole : 0)
    : (node) => formatValue(tree.total[node], unit);
}
