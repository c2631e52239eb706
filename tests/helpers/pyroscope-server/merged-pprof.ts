import { insertStack, minValue, newNode, type NameNode } from './function-tree';
import type { DecodedPprof, DecodedSample } from './profiles';
import { int64 } from './protojson';

/** A sample picked for the merged pprof: where it comes from and its scaled value. */
export interface PickedSample {
  source: DecodedPprof;
  sample: DecodedSample;
  value: number;
}

const asNumber = (value: number | bigint): number => Number(BigInt.asIntN(64, BigInt(value)));

type Pprof = DecodedPprof['pprof'];
interface Tables {
  mappings: Map<number, Pprof['mapping'][number]>;
  locations: Map<number, Pprof['location'][number]>;
  functions: Map<number, Pprof['function'][number]>;
}
const tablesOf = new WeakMap<DecodedPprof, Tables>();

/** The source's mappings, locations and functions by id, made once per source. */
function tables(source: DecodedPprof): Tables {
  let found = tablesOf.get(source);
  if (!found) {
    const byId = <T extends { id: number | bigint }>(items: T[]) =>
      new Map(items.map((item) => [asNumber(item.id), item]));
    found = {
      mappings: byId(source.pprof.mapping),
      locations: byId(source.pprof.location),
      functions: byId(source.pprof.function),
    };
    tablesOf.set(source, found);
  }
  return found;
}

/**
 * google.v1.Profile in protobuf's JSON mapping, of the picked samples merged (as
 * SelectMergeProfile answers; after grafana/pyroscope pkg/phlaredb/symdb resolver_pprof_tree.go):
 * the ids of every source's mappings, locations and functions renumbered into one table, samples
 * on the same locations added up, one sample type (the profile type's). With `maxNodes`, the
 * function-name tree of the samples is cut as flame graphs are, and each sample's locations below
 * the cut are replaced by one `other` location.
 */
export function mergedPprofJson(
  picked: readonly PickedSample[],
  type: { sampleType: string; sampleUnit: string; periodType: string; periodUnit: string },
  maxNodes: number,
  timeNanos: number,
): Record<string, unknown> {
  const strings = [''];
  const stringIndex = new Map([['', 0]]);
  const str = (text: string) => {
    let index = stringIndex.get(text);
    if (index === undefined) stringIndex.set(text, (index = strings.push(text) - 1));
    return index;
  };
  const tree = treeOf(picked);
  const threshold = maxNodes > 0 ? minValue(tree, maxNodes) : 0;
  const functions: Record<string, unknown>[] = [];
  const locations: Record<string, unknown>[] = [];
  const mappings: Record<string, unknown>[] = [];
  const ids = new Map<string, number>(); // "kind:source:id" → new id
  const sources = new Map<DecodedPprof, number>();
  /** The new id of a source's mapping, location or function, written into `list` when first met. */
  const renumber = (
    kind: string,
    list: Record<string, unknown>[],
    source: DecodedPprof,
    id: number,
    write: (newId: number) => Record<string, unknown>,
  ): number => {
    let s = sources.get(source);
    if (s === undefined) sources.set(source, (s = sources.size));
    const key = `${kind}:${s}:${id}`;
    let newId = ids.get(key);
    if (newId === undefined) {
      ids.set(key, (newId = list.length + 1));
      list.push(withoutDefaults(write(newId)));
    }
    return newId;
  };
  const text = (source: DecodedPprof, index: number | bigint | undefined) =>
    int64(str(source.strings[asNumber(index ?? 0)]));
  const mappingId = (source: DecodedPprof, id: number): number =>
    renumber('m', mappings, source, id, (newId) => {
      const mapping = tables(source).mappings.get(id);
      return {
        id: int64(newId),
        memoryStart: int64(asNumber(mapping?.memoryStart ?? 0)),
        memoryLimit: int64(asNumber(mapping?.memoryLimit ?? 0)),
        fileOffset: int64(asNumber(mapping?.fileOffset ?? 0)),
        filename: text(source, mapping?.filename),
        buildId: text(source, mapping?.buildId),
        hasFunctions: mapping?.hasFunctions ?? false,
        hasFilenames: mapping?.hasFilenames ?? false,
        hasLineNumbers: mapping?.hasLineNumbers ?? false,
        hasInlineFrames: mapping?.hasInlineFrames ?? false,
      };
    });
  const functionId = (source: DecodedPprof, id: number): number =>
    renumber('f', functions, source, id, (newId) => {
      const fn = tables(source).functions.get(id);
      return {
        id: int64(newId),
        name: text(source, fn?.name),
        systemName: text(source, fn?.systemName),
        filename: text(source, fn?.filename),
        startLine: int64(asNumber(fn?.startLine ?? 0)),
      };
    });
  const locationLines = (source: DecodedPprof, id: number) =>
    tables(source).locations.get(id)?.line.length ?? 0;
  const locationId = (source: DecodedPprof, id: number): number =>
    renumber('l', locations, source, id, (newId) => {
      const location = tables(source).locations.get(id)!;
      return {
        id: int64(newId),
        mappingId: int64(mappingId(source, asNumber(location.mappingId))),
        address: int64(asNumber(location.address)),
        line: location.line.map((line) =>
          withoutDefaults({
            functionId: int64(functionId(source, asNumber(line.functionId))),
            line: int64(asNumber(line.line)),
          }),
        ),
        isFolded: location.isFolded,
      };
    });
  let stubId = 0;
  const stub = () => {
    if (stubId === 0) {
      const name = str('other');
      functions.push({
        id: int64(functions.length + 1),
        name: int64(name),
        systemName: int64(name),
      });
      if (mappings.length === 0) mappings.push({ id: '1' });
      stubId = locations.length + 1;
      locations.push({
        id: int64(stubId),
        mappingId: '1',
        line: [{ functionId: int64(functions.length) }],
      });
    }
    return stubId;
  };

  const samples = new Map<string, { locationId: string[]; value: number }>();
  for (const { source, sample, value } of picked) {
    const kept = keptNames(tree, sample.names, threshold);
    const chosen = keptLocations(source, sample.locationIds, kept, locationLines);
    const ids = chosen.ids.map((id) => String(locationId(source, id)));
    if (chosen.cut) ids.unshift(String(stub()));
    const key = ids.join(',');
    const existing = samples.get(key);
    if (existing) existing.value += value;
    else samples.set(key, { locationId: ids, value });
  }
  const sampleType = { type: int64(str(type.sampleType)), unit: int64(str(type.sampleUnit)) };
  const periodType = { type: int64(str(type.periodType)), unit: int64(str(type.periodUnit)) };
  return withoutDefaults({
    sampleType: [sampleType],
    sample: [...samples.values()].map(({ locationId, value }) => ({
      locationId,
      value: [int64(value)],
    })),
    mapping: mappings,
    location: locations,
    function: functions,
    stringTable: strings,
    timeNanos: int64(timeNanos),
    periodType,
    defaultSampleType: sampleType.type,
  });
}

function treeOf(picked: readonly PickedSample[]): NameNode {
  const root = newNode('');
  for (const { sample, value } of picked) insertStack(root, sample.names, value);
  return root;
}

/** How many of the names, root first, lead through nodes whose total reaches the threshold. */
function keptNames(tree: NameNode, names: readonly string[], threshold: number): number {
  if (threshold === 0) return names.length;
  let node: NameNode | undefined = tree;
  let kept = 0;
  for (const name of names) {
    node = node.children.find((child) => child.name === name);
    if (!node || node.total < threshold) break;
    kept++;
  }
  return kept;
}

/**
 * The locations (leaf first) that hold the kept names: whole locations from the root down until
 * they cover them; `cut` when locations below were left out (resolver_pprof_tree.go truncateLocations).
 */
function keptLocations(
  source: DecodedPprof,
  locationIds: readonly number[],
  kept: number,
  lineCount: (source: DecodedPprof, id: number) => number,
): { ids: number[]; cut: boolean } {
  let covered = 0;
  let l = locationIds.length;
  while (l > 0 && covered < kept) covered += lineCount(source, locationIds[--l]);
  return { ids: locationIds.slice(l), cut: l > 0 };
}

/** Drops the fields protojson leaves out: zeros, empty strings and lists, false. */
function withoutDefaults(message: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(message).filter(
      ([, value]) =>
        value !== '0' &&
        value !== '' &&
        value !== false &&
        !(Array.isArray(value) && value.length === 0),
    ),
  );
}
