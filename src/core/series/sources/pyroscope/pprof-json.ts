import { ProtobufWriter } from '../../../formats/protobuf';
import {
  field,
  readInt64,
  readMessage,
  readRepeated,
  readString,
  type JsonObject,
} from './proto-json';

/**
 * google.v1.Profile, the answer of querier.v1.QuerierService/SelectMergeProfile, read from
 * protobuf's JSON mapping (grafana/pyroscope `api/google/v1/profile.proto`, which is pprof's
 * `perftools.profiles.Profile` with the same field numbers) and written back as the protobuf
 * bytes of a pprof file, so that flamekit's own pprof importer reads it, lines and all.
 *
 * Field numbers, as the proto gives them:
 * Profile: sample_type 1, sample 2, mapping 3, location 4, function 5, string_table 6,
 *   drop_frames 7, keep_frames 8, time_nanos 9, duration_nanos 10, period_type 11, period 12,
 *   comment 13, default_sample_type 14.
 * ValueType: type 1, unit 2. Sample: location_id 1, value 2, label 3.
 * Label: key 1, str 2, num 3, num_unit 4. Mapping: id 1, memory_start 2, memory_limit 3,
 *   file_offset 4, filename 5, build_id 6, has_functions 7, has_filenames 8, has_line_numbers 9,
 *   has_inline_frames 10.
 * Location: id 1, mapping_id 2, address 3, line 4, is_folded 5. Line: function_id 1, line 2.
 * Function: id 1, name 2, system_name 3, filename 4, start_line 5.
 */
export function encodePprofFromJson(json: unknown): Uint8Array {
  const profile = readMessage(json, '$');
  const writer = new ProtobufWriter();
  const each = (
    jsonName: string,
    protoName: string,
    write: (item: JsonObject, path: string) => void,
  ) =>
    readRepeated(field(profile, jsonName, protoName), `$.${jsonName}`).forEach((item, k) => {
      const path = `$.${jsonName}[${k}]`;
      write(readMessage(item, path), path);
    });
  const int = (message: JsonObject, path: string, jsonName: string, protoName = jsonName) =>
    readInt64(field(message, jsonName, protoName), `${path}.${jsonName}`);
  const ints = (message: JsonObject, path: string, jsonName: string, protoName = jsonName) =>
    readRepeated(field(message, jsonName, protoName), `${path}.${jsonName}`).map((value, k) =>
      readInt64(value, `${path}.${jsonName}[${k}]`),
    );
  const bool = (message: JsonObject, jsonName: string, protoName: string) =>
    field(message, jsonName, protoName) === true ? 1 : 0;
  const valueType = (
    target: ProtobufWriter,
    fieldNumber: number,
    message: JsonObject,
    path: string,
  ) =>
    target.message(fieldNumber, (w) => {
      w.int(1, int(message, path, 'type'));
      w.int(2, int(message, path, 'unit'));
    });

  each('sampleType', 'sample_type', (item, path) => valueType(writer, 1, item, path));
  each('sample', 'sample', (item, path) =>
    writer.message(2, (w) => {
      w.packed(1, ints(item, path, 'locationId', 'location_id'));
      w.packed(2, ints(item, path, 'value'));
      readRepeated(field(item, 'label'), `${path}.label`).forEach((entry, k) => {
        const at = `${path}.label[${k}]`;
        const label = readMessage(entry, at);
        w.message(3, (l) => {
          l.int(1, int(label, at, 'key'));
          l.int(2, int(label, at, 'str'));
          l.int(3, int(label, at, 'num'));
          l.int(4, int(label, at, 'numUnit', 'num_unit'));
        });
      });
    }),
  );
  each('mapping', 'mapping', (item, path) =>
    writer.message(3, (w) => {
      w.int(1, int(item, path, 'id'));
      w.int(2, int(item, path, 'memoryStart', 'memory_start'));
      w.int(3, int(item, path, 'memoryLimit', 'memory_limit'));
      w.int(4, int(item, path, 'fileOffset', 'file_offset'));
      w.int(5, int(item, path, 'filename'));
      w.int(6, int(item, path, 'buildId', 'build_id'));
      w.int(7, bool(item, 'hasFunctions', 'has_functions'));
      w.int(8, bool(item, 'hasFilenames', 'has_filenames'));
      w.int(9, bool(item, 'hasLineNumbers', 'has_line_numbers'));
      w.int(10, bool(item, 'hasInlineFrames', 'has_inline_frames'));
    }),
  );
  each('location', 'location', (item, path) =>
    writer.message(4, (w) => {
      w.int(1, int(item, path, 'id'));
      w.int(2, int(item, path, 'mappingId', 'mapping_id'));
      w.int(3, int(item, path, 'address'));
      readRepeated(field(item, 'line'), `${path}.line`).forEach((entry, k) => {
        const at = `${path}.line[${k}]`;
        const line = readMessage(entry, at);
        w.message(4, (l) => {
          l.int(1, int(line, at, 'functionId', 'function_id'));
          l.int(2, int(line, at, 'line'));
        });
      });
      w.int(5, bool(item, 'isFolded', 'is_folded'));
    }),
  );
  each('function', 'function', (item, path) =>
    writer.message(5, (w) => {
      w.int(1, int(item, path, 'id'));
      w.int(2, int(item, path, 'name'));
      w.int(3, int(item, path, 'systemName', 'system_name'));
      w.int(4, int(item, path, 'filename'));
      w.int(5, int(item, path, 'startLine', 'start_line'));
    }),
  );
  readRepeated(field(profile, 'stringTable', 'string_table'), '$.stringTable').forEach((text, k) =>
    writer.stringAlways(6, readString(text, `$.stringTable[${k}]`)),
  );
  writer.int(7, int(profile, '$', 'dropFrames', 'drop_frames'));
  writer.int(8, int(profile, '$', 'keepFrames', 'keep_frames'));
  writer.int(9, int(profile, '$', 'timeNanos', 'time_nanos'));
  writer.int(10, int(profile, '$', 'durationNanos', 'duration_nanos'));
  const periodType = field(profile, 'periodType', 'period_type');
  if (periodType !== undefined)
    valueType(writer, 11, readMessage(periodType, '$.periodType'), '$.periodType');
  writer.int(12, int(profile, '$', 'period'));
  writer.packed(13, ints(profile, '$', 'comment'));
  writer.int(14, int(profile, '$', 'defaultSampleType', 'default_sample_type'));
  return writer.finish();
}
