import { FlamekitError } from '../errors';
import { LENGTH_DELIMITED, ProtobufReader } from './protobuf';

/**
 * Decodes a pprof `perftools.profiles.Profile` message (google/pprof proto/profile.proto) into
 * column tables. Ids stay as the file gives them; `pprof.ts` resolves them. Samples are not
 * decoded here: their byte ranges are kept and read one at a time while the stacks are built.
 */
export interface PprofFunction {
  /** Byte offset of the message, for the position of an error about it. */
  offset: number;
  name: number;
  systemName: number;
  filename: number;
  startLine: number;
}

export interface PprofLocation {
  offset: number;
  mappingId: number;
  address: number;
  /** function id and line per `Line`; `line[0]` is the innermost (inlined) frame. */
  functionIds: number[];
  lines: number[];
}

export interface PprofMapping {
  offset: number;
  filename: number;
  buildId: number;
}

export interface DecodedPprof {
  bytes: Uint8Array;
  strings: string[];
  sampleTypes: PprofValueType[];
  /** Byte range [start, end) of each Sample message. */
  sampleStarts: number[];
  sampleEnds: number[];
  functions: Map<number, PprofFunction>;
  locations: Map<number, PprofLocation>;
  /** Function messages in file order with the id each gave (the map keeps one per id). */
  functionsInOrder: { id: number; fn: PprofFunction }[];
  /** Location ids in file order. */
  locationIdsInOrder: number[];
  mappings: Map<number, PprofMapping>;
  dropFrames: number;
  keepFrames: number;
  /** Where drop_frames and keep_frames were read. */
  dropFramesOffset: number;
  keepFramesOffset: number;
  timeNanos: number;
  durationNanos: number;
  periodType?: PprofValueType;
  period: number;
  defaultSampleType: number;
}

export interface PprofValueType {
  offset: number;
  type: number;
  unit: number;
}

const FORMAT = 'pprof';

export function decodePprof(bytes: Uint8Array): DecodedPprof {
  const decoder = new TextDecoder('utf-8');
  const reader = new ProtobufReader(bytes, FORMAT);
  const result: DecodedPprof = {
    bytes,
    strings: [],
    sampleTypes: [],
    sampleStarts: [],
    sampleEnds: [],
    functions: new Map(),
    locations: new Map(),
    functionsInOrder: [],
    locationIdsInOrder: [],
    mappings: new Map(),
    dropFrames: 0,
    keepFrames: 0,
    dropFramesOffset: 0,
    keepFramesOffset: 0,
    timeNanos: 0,
    durationNanos: 0,
    period: 0,
    defaultSampleType: 0,
  };
  while (reader.pos < reader.end) {
    const tag = reader.tag();
    const field = Math.floor(tag / 8);
    const wireType = tag & 7;
    const isMessage = wireType === LENGTH_DELIMITED;
    switch (field) {
      case 1:
        if (isMessage) result.sampleTypes.push(readValueType(reader));
        else reader.skip(wireType);
        break;
      case 2:
        if (isMessage) {
          const end = reader.lengthDelimitedEnd();
          result.sampleStarts.push(reader.pos);
          result.sampleEnds.push(end);
          reader.pos = end;
        } else reader.skip(wireType);
        break;
      case 3:
        if (isMessage) readMapping(reader, result.mappings);
        else reader.skip(wireType);
        break;
      case 4:
        if (isMessage) result.locationIdsInOrder.push(readLocation(reader, result.locations));
        else reader.skip(wireType);
        break;
      case 5:
        if (isMessage) result.functionsInOrder.push(readFunction(reader, result.functions));
        else reader.skip(wireType);
        break;
      case 6:
        if (isMessage) result.strings.push(reader.string(decoder));
        else reader.skip(wireType);
        break;
      case 7:
      case 8:
      case 9:
      case 10:
      case 12:
      case 14: {
        if (wireType !== 0) {
          reader.skip(wireType);
          break;
        }
        const offset = reader.pos;
        const value = reader.varint();
        if (field === 7) [result.dropFrames, result.dropFramesOffset] = [value, offset];
        else if (field === 8) [result.keepFrames, result.keepFramesOffset] = [value, offset];
        else if (field === 9) result.timeNanos = value;
        else if (field === 10) result.durationNanos = value;
        else if (field === 12) result.period = value;
        else result.defaultSampleType = value;
        break;
      }
      case 11:
        if (isMessage) result.periodType = readValueType(reader);
        else reader.skip(wireType);
        break;
      default:
        if (field === 0)
          throw reader.error(
            'field number 0 is not valid protobuf (not a pprof profile)',
            reader.pos,
          );
        reader.skip(wireType);
    }
  }
  if (result.strings.length === 0 || result.strings[0] !== '') {
    throw new FlamekitError(
      'parse-error',
      'the string table is missing or does not start with "" (not a pprof profile, or a corrupt one)',
      {
        format: FORMAT,
        position: { byteOffset: 0 },
      },
    );
  }
  return result;
}

function readValueType(reader: ProtobufReader): PprofValueType {
  const offset = reader.pos;
  const end = reader.lengthDelimitedEnd();
  const outer = reader.end;
  reader.end = end;
  let type = 0;
  let unit = 0;
  while (reader.pos < end) {
    const tag = reader.tag();
    if (tag === 1 << 3) type = reader.varint();
    else if (tag === 2 << 3) unit = reader.varint();
    else reader.skip(tag & 7);
  }
  reader.end = outer;
  return { offset, type, unit };
}

function readMapping(reader: ProtobufReader, mappings: Map<number, PprofMapping>): void {
  const offset = reader.pos;
  const end = reader.lengthDelimitedEnd();
  const outer = reader.end;
  reader.end = end;
  let id = 0;
  const mapping: PprofMapping = { offset, filename: 0, buildId: 0 };
  while (reader.pos < end) {
    const tag = reader.tag();
    if (tag === 1 << 3) id = reader.varint();
    else if (tag === 5 << 3) mapping.filename = reader.varint();
    else if (tag === 6 << 3) mapping.buildId = reader.varint();
    else reader.skip(tag & 7);
  }
  reader.end = outer;
  mappings.set(id, mapping);
}

function readLocation(reader: ProtobufReader, locations: Map<number, PprofLocation>): number {
  const offset = reader.pos;
  const end = reader.lengthDelimitedEnd();
  const outer = reader.end;
  reader.end = end;
  let id = 0;
  const location: PprofLocation = {
    offset,
    mappingId: 0,
    address: 0,
    functionIds: [],
    lines: [],
  };
  while (reader.pos < end) {
    const tag = reader.tag();
    if (tag === 1 << 3) id = reader.varint();
    else if (tag === 2 << 3) location.mappingId = reader.varint();
    else if (tag === 3 << 3) location.address = reader.varint();
    else if (tag === ((4 << 3) | LENGTH_DELIMITED)) {
      const lineEnd = reader.lengthDelimitedEnd();
      const lineOuter = reader.end;
      reader.end = lineEnd;
      let functionId = 0;
      let line = 0;
      while (reader.pos < lineEnd) {
        const lineTag = reader.tag();
        if (lineTag === 1 << 3) functionId = reader.varint();
        else if (lineTag === 2 << 3) line = reader.varint();
        else reader.skip(lineTag & 7);
      }
      reader.end = lineOuter;
      location.functionIds.push(functionId);
      location.lines.push(line);
    } else reader.skip(tag & 7);
  }
  reader.end = outer;
  locations.set(id, location);
  return id;
}

function readFunction(
  reader: ProtobufReader,
  functions: Map<number, PprofFunction>,
): { id: number; fn: PprofFunction } {
  const offset = reader.pos;
  const end = reader.lengthDelimitedEnd();
  const outer = reader.end;
  reader.end = end;
  let id = 0;
  const fn: PprofFunction = { offset, name: 0, systemName: 0, filename: 0, startLine: 0 };
  while (reader.pos < end) {
    const tag = reader.tag();
    if (tag === 1 << 3) id = reader.varint();
    else if (tag === 2 << 3) fn.name = reader.varint();
    else if (tag === 3 << 3) fn.systemName = reader.varint();
    else if (tag === 4 << 3) fn.filename = reader.varint();
    else if (tag === 5 << 3) fn.startLine = reader.varint();
    else reader.skip(tag & 7);
  }
  reader.end = outer;
  functions.set(id, fn);
  return { id, fn };
}

/**
 * Pyroscope's repair of a known bug of its .NET profiler's pprof exporter (files of 2023): it
 * writes every function with id 0, and one function per location, the i-th for the i-th location,
 * whose lines point at the ids the functions should have had. When a file has exactly that shape
 * (more than one function, every id 0, as many functions as locations), function i takes the id
 * of location i, as Pyroscope's `FixFunctionIDForBrokenDotnet` does. Returns whether it did.
 */
export function repairZeroFunctionIds(decoded: DecodedPprof): boolean {
  const { functionsInOrder: functions, locationIdsInOrder: locations } = decoded;
  if (functions.length < 2 || functions.length !== locations.length) return false;
  if (functions.some(({ id }) => id !== 0)) return false;
  decoded.functions.clear();
  functions.forEach((entry, i) => {
    entry.id = locations[i];
    decoded.functions.set(locations[i], entry.fn);
  });
  return true;
}
