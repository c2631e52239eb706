import { gunzipSync } from 'fflate';
import { Profile } from 'pprof-format';

/**
 * Figures computed from a pprof file by another decoder (the pprof-format package), to check ours
 * against: the sum of every sample type's values and the sample count.
 */
export function pprofReference(bytes: Uint8Array) {
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  const profile = Profile.decode(raw);
  const strings = profile.stringTable.strings;
  const totals = profile.sampleType.map(() => 0);
  for (const sample of profile.sample) {
    // pprof-format gives int64 values as numbers or BigInts, and negative ones unsigned: undo that.
    sample.value.forEach((value, t) => (totals[t] += Number(BigInt.asIntN(64, BigInt(value)))));
  }
  return {
    sampleTypes: profile.sampleType.map((t) => ({
      type: strings[Number(t.type)],
      unit: strings[Number(t.unit)],
    })),
    totals,
    sampleCount: profile.sample.length,
    defaultSampleType: strings[Number(profile.defaultSampleType)],
    profile,
  };
}
