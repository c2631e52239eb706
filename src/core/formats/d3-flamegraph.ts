import type { Profile } from '../model/profile';
import { ProfileBuilder } from '../model/profile-builder';
import type { StackIndex } from '../model/stack-table';
import { toInputSource as toSource, type InputSource, type ProfileInput } from './input';
import type { ImportOptions } from './options';
import {
  describeJsonValue as describe,
  isJsonObject as isObject,
  jsonShapeError,
  type JsonObject,
} from './json-values';

/**
 * The nested JSON that d3-flame-graph (spiermar/d3-flame-graph) draws: `{name, value, children}`,
 * as written by FlameGraph's `stackcollapse` + converters, burn, and many ad-hoc scripts.
 *
 * - The top object stands for the whole profile: it becomes the tree's root (its name is not
 *   kept), and its own self value, if any, the root's self.
 * - `value` is the node's total, children included; a node's self is its value minus its
 *   children's. Where the children add up to more, they are trusted (the node's total is raised to
 *   their sum, its self is 0) and a warning counts such nodes. A missing `value` on a node with
 *   children means "the sum of the children".
 * - Files drawn with d3-flame-graph's `selfValue(true)` hold self values instead (the bundled
 *   differential example does). A file cannot say which it is; when more than a quarter of the
 *   nodes with children (the top object aside, which generators often leave at 0) have children
 *   adding up to more than themselves, it cannot be totals, so every value is read as a self value
 *   and a `self-values` warning says so.
 * - Siblings with the same name are merged. Names are kept as plain text.
 * - `delta` (differential example) is ignored by this importer: the tree comes from `value`;
 *   comparing two profiles is the diff view's job. `libtype` and other extra fields are ignored.
 *
 * The walk uses an explicit stack, so a 100,000-deep nesting is fine.
 */
const FORMAT = 'd3-flamegraph';
/** Above this share of overflowing parents a file is read as self values. */
const SELF_VALUE_SHARE = 0.25;

export function isD3FlameGraph(input: ProfileInput | InputSource): boolean {
  const source = toSource(input);
  if (source.isBinary() || !/^\s*\{/.test(source.head(256))) return false;
  let root: unknown;
  try {
    root = source.json(FORMAT);
  } catch {
    return false;
  }
  if (!isObject(root) || typeof root.name !== 'string') return false;
  const { value, children } = root;
  if (Array.isArray(children))
    return children.length === 0 || (isObject(children[0]) && typeof children[0].name === 'string');
  return typeof value === 'number';
}

export function importD3FlameGraph(
  input: ProfileInput | InputSource,
  options: ImportOptions = {},
): Profile {
  const root = toSource(input).json(FORMAT);
  if (!isObject(root))
    fail('$', 'the file is not a JSON object {name, value, children}; is it d3-flame-graph data?');
  const builder = new ProfileBuilder(FORMAT, [
    { type: 'samples', unit: options.unit ?? 'samples' },
  ]);
  const nodes = flatten(builder, root);
  const { parent, value, stack } = nodes;
  const count = stack.length;

  // Children's raw values per node, for the test of which convention the file follows.
  const childSum = new Float64Array(count);
  const hasChildren = new Uint8Array(count);
  for (let i = count - 1; i > 0; i--) {
    childSum[parent[i]] += Number.isNaN(value[i]) ? 0 : value[i];
    hasChildren[parent[i]] = 1;
  }
  let parents = 0;
  let overflowing = 0;
  for (let i = 1; i < count; i++) {
    if (!hasChildren[i] || Number.isNaN(value[i])) continue;
    parents++;
    if (exceeds(childSum[i], value[i])) overflowing++;
  }
  const selfValues = overflowing > 0 && overflowing > parents * SELF_VALUE_SHARE;

  const self = new Float64Array(count);
  if (selfValues) {
    for (let i = 0; i < count; i++) self[i] = Number.isNaN(value[i]) ? 0 : value[i];
    builder.warn({
      code: 'self-values',
      message: `the values were read as self values (d3-flame-graph's selfValue mode): in ${overflowing} of ${parents} nodes with children, the children add up to more than the node`,
    });
  } else {
    // Children come after their parent, so a reverse pass sees every child's total first.
    const total = new Float64Array(count);
    childSum.fill(0);
    let raised = 0;
    let firstRaised = -1;
    for (let i = count - 1; i >= 0; i--) {
      const own = value[i];
      if (Number.isNaN(own)) total[i] = childSum[i];
      else if (exceeds(childSum[i], own)) {
        total[i] = childSum[i];
        raised++;
        firstRaised = i;
      } else total[i] = Math.max(own, childSum[i]);
      self[i] = total[i] - childSum[i];
      if (i > 0) childSum[parent[i]] += total[i];
    }
    if (raised > 0) {
      const where = nodePath(nodes, firstRaised);
      builder.warn({
        code: 'children-exceed-value',
        message: `${raised} node${raised === 1 ? "'s children add" : "s' children add"} up to more than the node's value; the children were trusted and the node's value raised to their sum (first: ${where})`,
        count: raised,
        position: { jsonPath: where },
      });
    }
  }
  let i = 0;
  builder.locate = () => ({ jsonPath: `${nodePath(nodes, i)}.value` });
  for (; i < count; i++) if (self[i] !== 0) builder.addSample(stack[i], self[i]);
  return builder.finish();
}

interface FlatNodes {
  /** Parent of each node, in pre-order; -1 for the top object. */
  parent: number[];
  /** Position of each node in its parent's `children`, for JSON paths. */
  childIndex: number[];
  /** `value` of each node; NaN where absent. */
  value: number[];
  stack: StackIndex[];
}

/** Validates the nodes and lists them in pre-order, each with its interned stack. */
function flatten(builder: ProfileBuilder, root: JsonObject): FlatNodes {
  const nodes: FlatNodes = { parent: [], childIndex: [], value: [], stack: [] };
  const pendingNode: unknown[] = [root];
  const pendingParent: number[] = [-1];
  const pendingIndex: number[] = [0];
  while (pendingNode.length > 0) {
    const node = pendingNode.pop();
    const parent = pendingParent.pop()!;
    const i = nodes.stack.length;
    nodes.parent.push(parent);
    nodes.childIndex.push(pendingIndex.pop()!);
    if (!isObject(node))
      fail(nodePath(nodes, i), 'the node is not an object {name, value, children}');
    const { name, value, children } = node;
    if (parent >= 0 && typeof name !== 'string')
      fail(`${nodePath(nodes, i)}.name`, `the node's name is ${describe(name)}, not a string`);
    if (value == null) nodes.value.push(NaN);
    else if (typeof value === 'number' && Number.isFinite(value) && value >= 0)
      nodes.value.push(value);
    else
      fail(
        `${nodePath(nodes, i)}.value`,
        `the value is ${describe(value)}; values must be non-negative numbers`,
      );
    nodes.stack.push(
      parent < 0
        ? 0
        : builder.stacks.child(nodes.stack[parent], builder.frames.internName(name as string)),
    );
    if (children == null) {
      if (value == null)
        fail(nodePath(nodes, i), 'the node has neither a value nor children; it needs one of them');
      continue;
    }
    if (!Array.isArray(children))
      fail(`${nodePath(nodes, i)}.children`, `children is ${describe(children)}, not an array`);
    // Pushed last to first, so that they come off the stack in file order.
    for (let c = children.length - 1; c >= 0; c--) {
      pendingNode.push(children[c]);
      pendingParent.push(i);
      pendingIndex.push(c);
    }
  }
  return nodes;
}

/** The JSON path of a node; the middle of a very deep one is elided to keep messages readable. */
function nodePath({ parent, childIndex }: FlatNodes, node: number): string {
  const steps: string[] = [];
  for (let n = node; n > 0; n = parent[n]) steps.push(`.children[${childIndex[n]}]`);
  steps.reverse();
  if (steps.length > 24) {
    const hidden = steps.length - 16;
    steps.splice(8, hidden, `…(${hidden} levels)…`);
  }
  return `$${steps.join('')}`;
}

/** `sum > value`, ignoring the rounding error of adding up decimal values. */
function exceeds(sum: number, value: number): boolean {
  return sum - value > 1e-9 * Math.max(1, Math.abs(value));
}

function fail(jsonPath: string, reason: string): never {
  throw jsonShapeError(FORMAT, jsonPath, reason);
}
