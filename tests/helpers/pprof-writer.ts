import { ProtobufWriter } from '../../src/core/formats/protobuf';

/** A hand-made pprof for edge cases: functions by name, locations as inlined chains, samples. */
export interface PprofSpec {
  sampleTypes: [type: string, unit: string][];
  /** Per location, its lines innermost first, as [function name, line]. */
  locations: [name: string, line: number][][];
  /** The id of each location; 1, 2, … unless given. */
  locationIds?: number[];
  /** Per sample, location ids (1-based unless `locationIds` says, leaf first) and values. */
  samples: {
    locations: number[];
    values: number[];
    labels?: [key: string, value: string | number][];
    unpacked?: boolean;
  }[];
  dropFrames?: string;
  keepFrames?: string;
  /** Ids to refer to that do not exist, for dangling-id tests. */
  extraFunctionId?: number;
  /** The `default_sample_type` to write (a type name). */
  defaultSampleType?: string;
  /**
   * Write every function with id 0, as Pyroscope's .NET exporter did (lines still name ids
   * 1, 2, …): the functions stay in the order of the locations that use them.
   */
  functionIdsZero?: boolean;
}

export function writePprof(spec: PprofSpec): Uint8Array {
  const strings = [''];
  const string = (value: string) => {
    let index = strings.indexOf(value);
    if (index < 0) index = strings.push(value) - 1;
    return index;
  };
  const functionIds = new Map<string, number>();
  const fn = (name: string) => {
    if (!functionIds.has(name)) functionIds.set(name, functionIds.size + 1);
    return functionIds.get(name)!;
  };
  const writer = new ProtobufWriter();
  for (const [type, unit] of spec.sampleTypes) {
    writer.message(1, (w) => {
      w.int(1, string(type));
      w.int(2, string(unit));
    });
  }
  for (const sample of spec.samples) {
    writer.message(2, (w) => {
      if (sample.unpacked) {
        for (const id of sample.locations) w.int(1, id);
        for (const value of sample.values) {
          w.tag(2, 0);
          w.varint(value);
        }
      } else {
        w.packed(1, sample.locations);
        w.packed(2, sample.values);
      }
      for (const [key, value] of sample.labels ?? []) {
        w.message(3, (l) => {
          l.int(1, string(key));
          if (typeof value === 'string') l.int(2, string(value));
          else l.int(3, value);
        });
      }
    });
  }
  spec.locations.forEach((lines, index) => {
    writer.message(4, (w) => {
      w.int(1, spec.locationIds?.[index] ?? index + 1);
      for (const [name, line] of lines) {
        w.message(4, (l) => {
          l.int(1, spec.extraFunctionId && name === '!dangling' ? spec.extraFunctionId : fn(name));
          l.int(2, line);
        });
      }
    });
  });
  for (const [name, id] of functionIds) {
    writer.message(5, (w) => {
      w.int(1, spec.functionIdsZero ? 0 : id);
      w.int(2, string(name));
      w.int(4, string(`${name.split('.')[0]}.go`));
      w.int(5, 10);
    });
  }
  const drop = spec.dropFrames ? string(spec.dropFrames) : 0;
  const keep = spec.keepFrames ? string(spec.keepFrames) : 0;
  for (const value of strings) writer.stringAlways(6, value);
  const stringsWritten = strings.length;
  const defaultType = spec.defaultSampleType ? string(spec.defaultSampleType) : 0;
  for (const value of strings.slice(stringsWritten)) writer.stringAlways(6, value);
  writer.int(7, drop);
  writer.int(8, keep);
  writer.int(14, defaultType);
  return writer.finish();
}
