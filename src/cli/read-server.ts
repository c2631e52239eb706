import {
  createPyroscopeSource,
  parseProfileTypeId,
  type CallTree,
  type Profile,
  type SampleType,
  type TimeRange,
} from '../core/index';
import { readCount, UsageError, type OptionSpec, type ParsedArgs } from './args';

/**
 * Reading a flame graph (or a diff) from a Grafana Pyroscope server instead of a file: the options
 * `top` and `render` share, and what they ask the server. Relative times are read against `now`.
 */
export const SERVER_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'pyroscope',
    value: 'url',
    description:
      'read from this Grafana Pyroscope server (or Grafana data-source proxy URL) instead of a file',
  },
  {
    name: 'query',
    value: 'query',
    description:
      'with --pyroscope: profile type and selector, as process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="api"}',
  },
  { name: 'from', value: 'time', description: 'with --pyroscope: start (default now-1h)' },
  { name: 'until', value: 'time', description: 'with --pyroscope: end (default now)' },
  {
    name: 'baseline-from',
    value: 'time',
    description: 'with --pyroscope: diff against this range (with --baseline-until)',
  },
  { name: 'baseline-until', value: 'time', description: 'with --pyroscope: the baseline end' },
  {
    name: 'baseline-query',
    value: 'query',
    description: 'with --pyroscope: the baseline selector (default --query)',
  },
  { name: 'tenant', value: 'id', description: 'with --pyroscope: sent as X-Scope-OrgID' },
  { name: 'header', value: 'name:value', description: 'with --pyroscope: a request header' },
  {
    name: 'max-nodes',
    value: 'N',
    description: 'with --pyroscope: the most nodes the server sends (default 16384)',
  },
];

const DEFAULT_MAX_NODES = 16_384;
const UNITS_MS: Record<string, number> = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 604800e3 };

/** Whether the command reads from a server (and must not be given a file). */
export function readsFromServer(args: ParsedArgs): boolean {
  return args.values.has('pyroscope');
}

/**
 * A time as people give it to Pyroscope: `now`, `now-1h` (s, m, h, d, w), Unix seconds or
 * milliseconds, or an ISO 8601 date; in nanoseconds since the epoch.
 */
export function parseTime(text: string, nowMs: number, option: string): number {
  const trimmed = text.trim();
  const relative = /^now(?:-(\d+(?:\.\d+)?)([smhdw]))?$/.exec(trimmed);
  if (relative) {
    const ago = relative[1] === undefined ? 0 : Number(relative[1]) * UNITS_MS[relative[2]];
    return (nowMs - ago) * 1e6;
  }
  if (/^\d+$/.test(trimmed)) {
    // Ten digits or fewer are seconds (until the year 2286), more are milliseconds.
    const value = Number(trimmed);
    return (trimmed.length <= 10 ? value * 1e3 : value) * 1e6;
  }
  const parsed = Date.parse(trimmed);
  if (!Number.isNaN(parsed) && /^\d{4}-\d{2}-\d{2}/.test(trimmed)) return parsed * 1e6;
  throw new UsageError(
    `--${option} cannot be "${text}"; give now, now-1h (s, m, h, d, w), Unix seconds or milliseconds, or a date such as 2026-11-23T09:00:00Z`,
  );
}

/** `type{selector}` split: Pyroscope's query is a profile type ID and a label selector. */
export function parseServerQuery(
  text: string,
  option: string,
): { profileType: string; selector: string } {
  const brace = text.indexOf('{');
  const profileType = (brace < 0 ? text : text.slice(0, brace)).trim();
  const selector = brace < 0 ? '{}' : text.slice(brace).trim();
  try {
    parseProfileTypeId(profileType);
  } catch {
    throw new UsageError(
      `--${option} must start with a profile type ID such as process_cpu:cpu:nanoseconds:cpu:nanoseconds, then a selector {…}; got "${text}"`,
    );
  }
  return { profileType, selector };
}

/**
 * The tree `--pyroscope` asks for: the merged flame graph of `--query` over `--from`..`--until`, or
 * with `--baseline-from` the diff of that baseline range (and `--baseline-query`) against it.
 */
export async function readServerTree(
  args: ParsedArgs,
  nowMs: number,
  report: (note: string) => void,
): Promise<{ tree: CallTree; sampleType: SampleType; profile?: Profile }> {
  const url = args.values.get('pyroscope')!;
  const queryText = args.values.get('query');
  if (queryText === undefined) {
    throw new UsageError(
      '--pyroscope needs --query, such as --query \'process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="api"}\'',
    );
  }
  const query = parseServerQuery(queryText, 'query');
  const range = rangeOf(args, 'from', 'until', nowMs);
  const maxNodes = readCount(args, 'max-nodes', DEFAULT_MAX_NODES);
  const header = args.values.get('header');
  const colon = header?.indexOf(':') ?? -1;
  if (header !== undefined && colon < 1) {
    throw new UsageError(`--header takes "Name: value", not "${header}"`);
  }
  const tenant = args.values.get('tenant');
  const source = createPyroscopeSource({
    url,
    ...(tenant !== undefined && { tenant }),
    ...(header !== undefined && {
      headers: { [header.slice(0, colon).trim()]: header.slice(colon + 1).trim() },
    }),
  });
  const baselineFrom = args.values.get('baseline-from');
  if (baselineFrom === undefined) {
    if (args.values.has('baseline-until') || args.values.has('baseline-query')) {
      throw new UsageError('--baseline-until and --baseline-query go with --baseline-from');
    }
    const merged = await source.queryMergedTree({
      profileType: query.profileType,
      matchers: query.selector,
      range,
      maxNodes,
    });
    if (merged.partial)
      report(partialNote(merged.otherTotal, merged.profile.tree().total[0], maxNodes));
    const sampleType = merged.profile.sampleTypes[0];
    return { tree: merged.profile.tree(), sampleType, profile: merged.profile };
  }
  const baselineQuery = parseServerQuery(
    args.values.get('baseline-query') ?? queryText,
    'baseline-query',
  );
  if (baselineQuery.profileType !== query.profileType) {
    throw new UsageError('--baseline-query must name the same profile type as --query');
  }
  const diff = await source.queryDiff({
    baseline: {
      profileType: query.profileType,
      matchers: baselineQuery.selector,
      range: rangeOf(args, 'baseline-from', 'baseline-until', nowMs),
    },
    comparison: { profileType: query.profileType, matchers: query.selector, range },
    maxNodes,
  });
  if (diff.partial)
    report(
      `note: the server cut both trees to about ${maxNodes} nodes, folding small calls into "other"; raise --max-nodes to see them\n`,
    );
  return { tree: diff.tree, sampleType: diff.sampleType };
}

function rangeOf(
  args: ParsedArgs,
  fromOption: string,
  untilOption: string,
  nowMs: number,
): TimeRange {
  const startNs = parseTime(args.values.get(fromOption) ?? 'now-1h', nowMs, fromOption);
  const endNs = parseTime(args.values.get(untilOption) ?? 'now', nowMs, untilOption);
  if (!(startNs < endNs)) {
    throw new UsageError(`--${fromOption} must come before --${untilOption}`);
  }
  return { startNs, endNs };
}

function partialNote(otherTotal: number, total: number, maxNodes: number): string {
  const share = total > 0 ? ((100 * otherTotal) / total).toFixed(1) : '0';
  return `note: the server cut the tree to about ${maxNodes} nodes; ${share}% of the samples end in "other" nodes; raise --max-nodes for more\n`;
}
