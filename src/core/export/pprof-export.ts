import { gzipSync } from 'fflate';
import { ProtobufWriter } from '../formats/protobuf';
import type { Profile } from '../model/profile';

/**
 * pprof (`perftools.profiles.Profile`), gzipped as pprof writes it: every sample type and sample
 * with its labels, period, time and default sample type. Each frame becomes one function (name,
 * file, its line as the start line) and one location with one line. Values are written as int64,
 * so fractions are rounded toward zero.
 */
export function exportPprof(profile: Profile): Uint8Array {
  const strings = new StringIndex();
  const writer = new ProtobufWriter();
  for (const sampleType of profile.sampleTypes) {
    writer.message(1, (w) => {
      w.int(1, strings.of(sampleType.type));
      w.int(2, strings.of(sampleType.unit));
    });
  }

  // Location (and function) id of frame f is f + 1.
  const { samples, stacks, frames } = profile;
  const locationIds = new Map<number, number[]>();
  const usedFrames = new Set<number>();
  const stackLocations = (stack: number) => {
    let ids = locationIds.get(stack);
    if (!ids) {
      ids = stacks.framesOf(stack).reverse(); // pprof lists locations leaf first
      for (const frame of ids) usedFrames.add(frame);
      ids = ids.map((frame) => frame + 1);
      locationIds.set(stack, ids);
    }
    return ids;
  };
  const values = new Array<number>(profile.sampleTypes.length);
  for (let i = 0; i < samples.count; i++) {
    for (let t = 0; t < values.length; t++) values[t] = samples.values[t][i];
    const labelSet = samples.labelSet ? samples.labelSet[i] : -1;
    const locations = stackLocations(samples.stack[i]);
    writer.message(2, (w) => {
      w.packed(1, locations);
      w.packed(2, values);
      if (labelSet >= 0) {
        for (const label of samples.labelSets[labelSet]) {
          w.message(3, (l) => {
            l.int(1, strings.of(label.key));
            if (label.value !== undefined) l.int(2, strings.of(label.value));
            if (label.num !== undefined) l.int(3, label.num);
            if (label.unit !== undefined) l.int(4, strings.of(label.unit));
          });
        }
      }
    });
  }
  const sorted = [...usedFrames].sort((a, b) => a - b);
  for (const frame of sorted) {
    writer.message(4, (w) => {
      w.int(1, frame + 1);
      w.message(4, (l) => {
        l.int(1, frame + 1);
        l.int(2, frames.line(frame) ?? 0);
      });
    });
  }
  for (const frame of sorted) {
    const file = frames.file(frame);
    writer.message(5, (w) => {
      w.int(1, frame + 1);
      w.int(2, strings.of(frames.name(frame)));
      if (file !== undefined) w.int(4, strings.of(file));
      w.int(5, frames.line(frame) ?? 0);
    });
  }
  const period = profile.period;
  const periodType = period && [strings.of(period.type), strings.of(period.unit)];
  const defaultType =
    profile.defaultSampleType === profile.sampleTypes.length - 1
      ? 0
      : strings.of(profile.sampleTypes[profile.defaultSampleType].type);
  for (const value of strings.list) writer.stringAlways(6, value);
  if (profile.timeRange) {
    writer.int(9, profile.timeRange.startNs);
    writer.int(10, profile.timeRange.endNs - profile.timeRange.startNs);
  }
  if (period && periodType) {
    writer.message(11, (w) => {
      w.int(1, periodType[0]);
      w.int(2, periodType[1]);
    });
    writer.int(12, period.value);
  }
  writer.int(14, defaultType);
  return gzipSync(writer.finish());
}

/** The string table, built as strings are first used ("" is always string 0). */
class StringIndex {
  readonly list: string[] = [''];
  private readonly index = new Map<string, number>([['', 0]]);

  of(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.list.push(value) - 1;
      this.index.set(value, i);
    }
    return i;
  }
}
