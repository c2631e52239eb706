import { useMemo } from 'react';
import type { CallTree, Profile } from '../core/index';

/** What every view takes to say which data it shows: a profile (and sample type), or a tree. */
export interface TreeSource {
  profile?: Profile;
  sampleType?: number | string;
  tree?: CallTree;
  /** Unit of the values; by default the shown sample type's unit. */
  unit?: string;
}

/** The tree a view shows and the unit of its values, from a profile or a tree. */
export function useProfileTree({ profile, sampleType, tree, unit }: TreeSource): {
  tree: CallTree | undefined;
  unit: string;
} {
  const shown = useMemo(() => tree ?? profile?.tree(sampleType), [tree, profile, sampleType]);
  return {
    tree: shown,
    unit:
      unit ?? (profile ? profile.sampleTypes[sampleTypeIndex(profile, sampleType)].unit : 'count'),
  };
}

/** The index of a sample type given by index or name; the default when absent or unknown. */
export function sampleTypeIndex(profile: Profile, sampleType: number | string | undefined): number {
  if (sampleType === undefined) return profile.defaultSampleType;
  const index =
    typeof sampleType === 'number'
      ? sampleType
      : profile.sampleTypes.findIndex((t) => t.type === sampleType);
  return index >= 0 && index < profile.sampleTypes.length ? index : profile.defaultSampleType;
}
