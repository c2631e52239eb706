import {
  flameGraphDiffOf,
  flameGraphOf,
  insertStack,
  newNode,
  truncateTree,
  type NameNode,
} from './function-tree';
import { mergedPprofJson, type PickedSample } from './merged-pprof';
import { sampleLabels, type ProfileStore, type TypedProfile } from './profiles';
import { double, int64, type Decoded } from './protojson';
import { parseSelector, SelectorError, type SelectorTest } from './selector';

/**
 * What querier.v1.QuerierService answers, method by method, from a {@link ProfileStore}: requests
 * are decoded messages (proto field names), answers JSON in protobuf's mapping (JSON names,
 * int64 as strings, defaults left out). Semantics follow grafana/pyroscope where the proto is
 * silent: time spans include both ends (ms); SelectSeries points stand for the step ending at
 * them, (T - step, T], from the asked start; trees merge by function name and are cut to
 * `max_nodes` (default 8192).
 */
export class QuerierError extends Error {
  constructor(
    readonly code: 'invalid_argument' | 'unimplemented',
    message: string,
  ) {
    super(message);
  }
}

export const MAX_NODES_DEFAULT = 8192;
export const MAX_NODES_MAX = 1 << 20;

type Answer = Record<string, unknown>;

export function answerQuery(store: ProfileStore, method: string, request: Decoded): Answer {
  switch (method) {
    case 'ProfileTypes':
      return profileTypes(store, request);
    case 'LabelNames':
      return labelNames(store, request);
    case 'LabelValues':
      return labelValues(store, request);
    case 'SelectSeries':
      return selectSeries(store, request);
    case 'SelectMergeStacktraces':
      return { flamegraph: flameGraphOf(mergedTree(store, request), maxNodesOf(request)) };
    case 'SelectMergeProfile':
      return selectMergeProfile(store, request);
    case 'Diff':
      return diff(store, request);
    default:
      throw new QuerierError(
        'unimplemented',
        `querier.v1.QuerierService/${method} is not implemented`,
      );
  }
}

const num = (request: Decoded, field: string): number =>
  (request[field] as number | undefined) ?? 0;
const str = (request: Decoded, field: string): string =>
  (request[field] as string | undefined) ?? '';
const list = (request: Decoded, field: string): string[] =>
  (request[field] as string[] | undefined) ?? [];

function span(request: Decoded): { start: number; end: number } {
  const start = num(request, 'start');
  const end = num(request, 'end');
  if (start > end)
    throw new QuerierError('invalid_argument', `end (${end}) is before start (${start})`);
  return { start, end };
}

function compileSelector(text: string): SelectorTest {
  try {
    return parseSelector(text.trim() === '' ? '{}' : text);
  } catch (error) {
    if (error instanceof SelectorError) throw new QuerierError('invalid_argument', error.message);
    throw error;
  }
}

/** Matchers of the label queries: any of the selectors (none: everything). */
function anyOf(selectors: readonly string[]): SelectorTest {
  if (selectors.length === 0) return () => true;
  const tests = selectors.map(compileSelector);
  return (labels) => tests.some((test) => test(labels));
}

function checkProfileType(id: string): void {
  if (id.split(':').length !== 5) {
    throw new QuerierError(
      'invalid_argument',
      `profile-type selection must be of the form <name>:<sample-type>:<sample-unit>:<period-type>:<period-unit>(optional), got(${id})`,
    );
  }
}

function profileTypes(store: ProfileStore, request: Decoded): Answer {
  const { start, end } = span(request);
  const seen = new Map<string, TypedProfile>();
  for (const typed of store.typedProfiles(start, end)) seen.set(typed.typeId, typed);
  const types = [...seen.keys()].sort().map((id) => {
    const [name, sampleType, sampleUnit, periodType, periodUnit] = id.split(':');
    return { ID: id, name, sampleType, sampleUnit, periodType, periodUnit };
  });
  return types.length === 0 ? {} : { profileTypes: types };
}

/** The label sets of the span's samples that pass `test` (each group's samples read once). */
function* matchingLabels(store: ProfileStore, start: number, end: number, test: SelectorTest) {
  for (const { typed } of store.groups(start, end))
    for (const set of typed.profile.source.labelSets) {
      const labels = sampleLabels(typed, set.labels);
      if (test(labels)) yield labels;
    }
}

function labelNames(store: ProfileStore, request: Decoded): Answer {
  const { start, end } = span(request);
  const names = new Set<string>();
  for (const labels of matchingLabels(store, start, end, anyOf(list(request, 'matchers'))))
    for (const [name, value] of Object.entries(labels)) if (value !== '') names.add(name);
  return names.size === 0 ? {} : { names: [...names].sort() };
}

function labelValues(store: ProfileStore, request: Decoded): Answer {
  const { start, end } = span(request);
  const name = str(request, 'name');
  const values = new Set<string>();
  for (const labels of matchingLabels(store, start, end, anyOf(list(request, 'matchers'))))
    if (Object.hasOwn(labels, name) && labels[name] !== '') values.add(labels[name]);
  return values.size === 0 ? {} : { names: [...values].sort() };
}

function selectSeries(store: ProfileStore, request: Decoded): Answer {
  const { start, end } = span(request);
  const typeId = str(request, 'profile_typeID');
  checkProfileType(typeId);
  const test = compileSelector(str(request, 'label_selector'));
  const step = num(request, 'step');
  if (!(step >= 0.001)) throw new QuerierError('invalid_argument', 'step must be >= 1ms');
  const stepMs = Math.trunc(step * 1000);
  const groupBy = list(request, 'group_by');
  const average = request.aggregation === 'TIME_SERIES_AGGREGATION_TYPE_AVERAGE';
  const groups = new Map<string, { labels: [string, string][]; points: Map<number, number[]> }>();
  for (const { typed, profiles } of store.groups(start - stepMs, end, typeId)) {
    // What one profile of the group adds to each series group, before its scale.
    const perGroup = new Map<string, { labels: [string, string][]; value: number }>();
    const { samples, labelSets } = typed.profile.source;
    for (const set of labelSets) {
      const labels = sampleLabels(typed, set.labels);
      if (!test(labels)) continue;
      const pairs = groupBy
        .filter((name) => Object.hasOwn(labels, name) && labels[name] !== '')
        .map((name): [string, string] => [name, labels[name]]);
      const key = JSON.stringify(pairs);
      const entry = perGroup.get(key) ?? { labels: pairs, value: 0 };
      for (const index of set.samples) entry.value += samples[index].values[typed.typeIndex];
      perGroup.set(key, entry);
    }
    for (const profile of profiles) {
      const pointTime = start + Math.max(0, Math.ceil((profile.timeMs - start) / stepMs)) * stepMs;
      if (pointTime > end) continue;
      for (const [key, { labels, value }] of perGroup) {
        const group = groups.get(key) ?? { labels, points: new Map() };
        groups.set(key, group);
        const values = group.points.get(pointTime) ?? [];
        values.push(value * profile.scale);
        group.points.set(pointTime, values);
      }
    }
  }
  const series = [...groups.values()].map(({ labels, points }) => {
    const sorted = [...points].sort(([a], [b]) => a - b);
    return {
      labels,
      sum: sorted.reduce((sum, [, values]) => sum + aggregate(values, average), 0),
      points: sorted.map(([time, values]) => {
        const value = aggregate(values, average);
        return value === 0
          ? { timestamp: int64(time) }
          : { value: double(value), timestamp: int64(time) };
      }),
    };
  });
  const labelKey = (labels: [string, string][]) => labels.map((pair) => pair.join('=')).join(',');
  series.sort((a, b) => b.sum - a.sum || (labelKey(a.labels) < labelKey(b.labels) ? -1 : 1));
  const limit = num(request, 'limit');
  const kept = limit > 0 ? series.slice(0, limit) : series;
  if (kept.length === 0) return {};
  return {
    series: kept.map(({ labels, points }) => ({
      ...(labels.length > 0 && { labels: labels.map(([name, value]) => ({ name, value })) }),
      ...(points.length > 0 && { points }),
    })),
  };
}

function aggregate(values: readonly number[], average: boolean): number {
  const sum = values.reduce((a, b) => a + b, 0);
  return average ? sum / values.length : sum;
}

function maxNodesOf(request: Decoded): number {
  const asked = num(request, 'max_nodes');
  if (asked === 0) return MAX_NODES_DEFAULT;
  if (asked < 0 || asked > MAX_NODES_MAX) {
    throw new QuerierError(
      'invalid_argument',
      `max_nodes ${asked} is greater than the maximum allowed (${MAX_NODES_MAX}) or below 0`,
    );
  }
  return asked;
}

/** The samples a merge request selects: type, selector, span and call site. */
function pickSamples(store: ProfileStore, request: Decoded): PickedSample[] {
  const { start, end } = span(request);
  const typeId = str(request, 'profile_typeID');
  checkProfileType(typeId);
  const test = compileSelector(str(request, 'label_selector'));
  const selector = request.stack_trace_selector as Decoded | undefined;
  const callSite = ((selector?.call_site as Decoded[] | undefined) ?? []).map((location) =>
    str(location, 'name'),
  );
  const picked: PickedSample[] = [];
  for (const { typed, profiles } of store.groups(start, end, typeId)) {
    // Profiles of a group differ only in scale: their samples add up to one copy times the sum.
    const scale = profiles.reduce((sum, profile) => sum + profile.scale, 0);
    const { samples, labelSets } = typed.profile.source;
    for (const set of labelSets) {
      if (!test(sampleLabels(typed, set.labels))) continue;
      for (const index of set.samples) {
        const sample = samples[index];
        if (!callSite.every((name, k) => sample.names[k] === name)) continue;
        const value = sample.values[typed.typeIndex] * scale;
        if (value > 0) picked.push({ source: typed.profile.source, sample, value });
      }
    }
  }
  return picked;
}

function mergedTree(store: ProfileStore, request: Decoded): NameNode {
  const format = request.format ?? 'PROFILE_FORMAT_UNSPECIFIED';
  if (format !== 'PROFILE_FORMAT_UNSPECIFIED' && format !== 'PROFILE_FORMAT_FLAMEGRAPH') {
    throw new QuerierError(
      'unimplemented',
      `this test server answers flame graphs only, not ${String(format)}`,
    );
  }
  const root = newNode('');
  for (const { sample, value } of pickSamples(store, request))
    insertStack(root, sample.names, value);
  return root;
}

function selectMergeProfile(store: ProfileStore, request: Decoded): Answer {
  const [, sampleType, sampleUnit, periodType, periodUnit] = str(request, 'profile_typeID').split(
    ':',
  );
  const picked = pickSamples(store, request);
  // As Pyroscope by default: no cut unless max_nodes is asked for.
  const maxNodes = num(request, 'max_nodes') === 0 ? 0 : maxNodesOf(request);
  return mergedPprofJson(
    picked,
    { sampleType, sampleUnit, periodType, periodUnit },
    maxNodes,
    num(request, 'start') * 1e6,
  );
}

function diff(store: ProfileStore, request: Decoded): Answer {
  const left = (request.left as Decoded | undefined) ?? {};
  const right = (request.right as Decoded | undefined) ?? {};
  const asked = Math.max(num(left, 'max_nodes'), num(right, 'max_nodes'));
  const maxNodes = maxNodesOf({ max_nodes: asked });
  // Each side is cut before the diff, as the trees travel cut, and the diff is cut again.
  const side = (part: Decoded) => truncateTree(mergedTree(store, part), maxNodes);
  return { flamegraph: flameGraphDiffOf(side(left), side(right), maxNodes) };
}
