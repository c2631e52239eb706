import { gunzipSync } from 'fflate';
import { Profile as PprofProfile } from 'pprof-format';

/**
 * The test server's store: real pprof files, decoded with the pprof-format package (not flamekit's
 * importer), each placed at a time with series labels, as Grafana Pyroscope stores them: one
 * series per profile type (`<name>:<sample type>:<unit>:<period type>:<period unit>`) and label
 * set, a sample's string labels joining its profile's.
 */
export interface DecodedPprof {
  pprof: PprofProfile;
  strings: string[];
  sampleTypes: { type: string; unit: string }[];
  periodType: { type: string; unit: string };
  samples: DecodedSample[];
  /** The distinct string-label sets of the samples, each with its samples' indices. */
  labelSets: { labels: Record<string, string>; samples: number[] }[];
}

export interface DecodedSample {
  /** Function names from the root down, inlined calls expanded, as Pyroscope's trees read them. */
  names: string[];
  /** pprof location ids, leaf first. */
  locationIds: number[];
  values: number[];
  /** The sample's string labels. */
  labels: Record<string, string>;
}

const asNumber = (value: number | bigint): number => Number(BigInt.asIntN(64, BigInt(value)));

export function decodePprof(bytes: Uint8Array): DecodedPprof {
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  const pprof = PprofProfile.decode(raw);
  const strings = pprof.stringTable.strings;
  const functions = new Map(
    pprof.function.map((fn) => [asNumber(fn.id), strings[asNumber(fn.name)]]),
  );
  const locations = new Map(
    pprof.location.map((location) => [
      asNumber(location.id),
      // line[0] is the innermost (inlined) call: root-first order reads the lines backwards.
      location.line.map((line) => functions.get(asNumber(line.functionId)) ?? '').reverse(),
    ]),
  );
  const samples = pprof.sample.map((sample) => {
    const locationIds = sample.locationId.map(asNumber);
    const names: string[] = [];
    for (let k = locationIds.length - 1; k >= 0; k--)
      names.push(...(locations.get(locationIds[k]) ?? []));
    const labels: Record<string, string> = {};
    for (const label of sample.label) {
      const value = asNumber(label.str);
      if (value !== 0) labels[strings[asNumber(label.key)]] = strings[value];
    }
    return { names, locationIds, values: sample.value.map(asNumber), labels };
  });
  const periodType = pprof.periodType ?? { type: 0, unit: 0 };
  const labelSets = new Map<string, { labels: Record<string, string>; samples: number[] }>();
  samples.forEach((sample, index) => {
    const key = JSON.stringify(Object.entries(sample.labels).sort());
    let set = labelSets.get(key);
    if (!set) labelSets.set(key, (set = { labels: sample.labels, samples: [] }));
    set.samples.push(index);
  });
  return {
    pprof,
    strings,
    sampleTypes: pprof.sampleType.map((t) => ({
      type: strings[asNumber(t.type)],
      unit: strings[asNumber(t.unit)],
    })),
    periodType: {
      type: strings[asNumber(periodType.type)],
      unit: strings[asNumber(periodType.unit)],
    },
    samples,
    labelSets: [...labelSets.values()],
  };
}

export interface StoredProfile {
  timeMs: number;
  /** The profile's `__name__`: process_cpu, memory, wall... */
  name: string;
  labels: Record<string, string>;
  source: DecodedPprof;
  /** Every value is multiplied by this (to vary load over time with the same real stacks). */
  scale: number;
}

/** One sample type of a stored profile: what Pyroscope calls a profile of one profile type. */
export interface TypedProfile {
  profile: StoredProfile;
  typeIndex: number;
  typeId: string;
}

export function profileTypeId(profile: StoredProfile, typeIndex: number): string {
  const { type, unit } = profile.source.sampleTypes[typeIndex];
  const period = profile.source.periodType;
  return `${profile.name}:${type}:${unit}:${period.type}:${period.unit}`;
}

/** The labels the samples of a typed profile with these string labels are selected and grouped by. */
export function sampleLabels(
  typed: TypedProfile,
  own: Readonly<Record<string, string>>,
): Record<string, string> {
  return {
    ...typed.profile.labels,
    ...own,
    __name__: typed.profile.name,
    __profile_type__: typed.typeId,
  };
}

/** Profiles of one file, type and label set: the first as `typed`, all of them in `profiles`. */
export interface ProfileGroup {
  typed: TypedProfile;
  profiles: StoredProfile[];
}

export class ProfileStore {
  /** In the order added; {@link groups} reads them by time through `byTime`. */
  readonly profiles: StoredProfile[] = [];
  private byTime: StoredProfile[] | undefined;
  /** Per profile: the key of its file and labels (the groups it falls in, one per type). */
  private readonly keys = new Map<StoredProfile, string>();
  private readonly sourceIds = new Map<DecodedPprof, number>();

  add(profile: StoredProfile): void {
    this.profiles.push(profile);
    let source = this.sourceIds.get(profile.source);
    if (source === undefined) this.sourceIds.set(profile.source, (source = this.sourceIds.size));
    this.keys.set(profile, `${source}|${JSON.stringify(Object.entries(profile.labels))}`);
    this.byTime = undefined;
  }

  /**
   * The typed profiles of [startMs, endMs] (both included, as Pyroscope reads them), grouped by
   * file, type and labels: profiles of one group differ only in time and scale, so a query reads
   * each group's samples once.
   */
  groups(startMs: number, endMs: number, typeId?: string): ProfileGroup[] {
    const groups = new Map<string, ProfileGroup>();
    for (const profile of this.between(startMs, endMs)) {
      const key = this.keys.get(profile)!;
      profile.source.sampleTypes.forEach((_, typeIndex) => {
        const groupKey = `${key}|${typeIndex}`;
        let group = groups.get(groupKey);
        if (!group) {
          const typed = { profile, typeIndex, typeId: profileTypeId(profile, typeIndex) };
          groups.set(groupKey, (group = { typed, profiles: [] }));
        }
        group.profiles.push(profile);
      });
    }
    return [...groups.values()].filter(
      (group) => typeId === undefined || group.typed.typeId === typeId,
    );
  }

  /** Every profile type of every profile in [startMs, endMs] (both included, as Pyroscope reads). */
  typedProfiles(startMs: number, endMs: number): TypedProfile[] {
    return this.between(startMs, endMs).flatMap((profile) =>
      profile.source.sampleTypes.map((_, typeIndex) => ({
        profile,
        typeIndex,
        typeId: profileTypeId(profile, typeIndex),
      })),
    );
  }

  /** The profiles of [startMs, endMs], found by binary search in time order. */
  private between(startMs: number, endMs: number): StoredProfile[] {
    this.byTime ??= [...this.profiles].sort((a, b) => a.timeMs - b.timeMs);
    const sorted = this.byTime;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid].timeMs < startMs) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < sorted.length && sorted[end].timeMs <= endMs) end++;
    return sorted.slice(lo, end);
  }
}
