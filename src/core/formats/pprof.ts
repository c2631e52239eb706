import { FlamekitError, isFlamekitError } from '../errors';
import { compileLinearRegex, type LinearRegex } from '../regex/linear-regex';
import { parseSourceRepository } from '../model/source-repository';
import type { Label, Profile, ProfileFunction } from '../model/profile';
import { ProfileBuilder } from '../model/profile-builder';
import { growInt32 } from '../model/growable';
import type { FrameIndex } from '../types';
import { toInputSource, type InputSource, type ProfileInput } from './input';
import type { ImportOptions } from './options';
import {
  decodePprof,
  repairZeroFunctionIds,
  type DecodedPprof,
  type PprofLocation,
} from './pprof-decode';
import { LENGTH_DELIMITED, ProtobufReader, readPackedIds, VARINT } from './protobuf';

/**
 * pprof (`perftools.profiles.Profile`), gzipped or raw: every sample type with its unit, the
 * default sample type (else the last), period, time and duration, string and numeric labels,
 * functions with file and start line, and locations' `Line` entries with inlined frames
 * (`line[0]` is the innermost).
 *
 * - Granularity: `function` (default) makes one frame per function (its start line as the line);
 *   `line` one frame per source line.
 * - A location without lines (an unsymbolized address) becomes a frame named by its hex address.
 * - The frame's module is the base name of the location's mapping file.
 * - `drop_frames`/`keep_frames` prune as pprof does: a frame whose function name fully matches
 *   drop_frames (and not keep_frames) is removed with everything it calls, except above the first
 *   frame that matches nothing; an invalid expression is skipped with a warning.
 * - int64 values are read as signed numbers: exact up to 2^53, the nearest double beyond.
 */
const FORMAT = 'pprof';

/** A string of the table by index; an error at `byteOffset` naming `what` when there is none. */
type StringAt = (index: number, what: string, byteOffset: number) => string;

export function isPprof(input: ProfileInput | InputSource): boolean {
  const source = toInputSource(input);
  if (typeof input === 'string') return false;
  const bytes = source.bytes();
  // A Profile starts with one of its fields (1 to 15) with a valid wire type.
  if (bytes.length < 2 || bytes[0] >> 3 < 1 || bytes[0] >> 3 > 15 || ![0, 2].includes(bytes[0] & 7))
    return false;
  return scanTopLevel(bytes);
}

export function importPprof(
  input: ProfileInput | InputSource,
  options: ImportOptions = {},
): Profile {
  const source = toInputSource(input);
  const decoded = decodePprof(source.bytes());
  const { strings } = decoded;
  const string: StringAt = (index, what, byteOffset) => {
    if (!(index >= 0 && index < strings.length)) {
      throw new FlamekitError(
        'parse-error',
        `${what} points at string ${index}, but the string table has ${strings.length}`,
        { format: FORMAT, position: { byteOffset } },
      );
    }
    return strings[index];
  };
  if (decoded.sampleTypes.length === 0) {
    throw new FlamekitError(
      'parse-error',
      'the profile has no sample types, so its values mean nothing',
      { format: FORMAT, position: { byteOffset: 0 } },
    );
  }
  const sampleTypes = decoded.sampleTypes.map((valueType, i) => ({
    type: string(valueType.type, `sample type ${i}`, valueType.offset),
    unit: string(valueType.unit, `sample type ${i}`, valueType.offset),
  }));
  const builder = new ProfileBuilder('pprof', sampleTypes);
  if (repairZeroFunctionIds(decoded)) {
    builder.warn({
      code: 'repaired-function-ids',
      message: `all ${decoded.functionsInOrder.length} functions have id 0, and the locations point at ids they do not have (a known bug of the .NET exporter); as Pyroscope does, function i was read as the function of location i`,
    });
  }
  const locationFrames = new LocationFrames(
    decoded,
    builder,
    options.granularity ?? 'function',
    string,
  );

  const reader = new ProtobufReader(decoded.bytes, FORMAT);
  const values = new Float64Array(sampleTypes.length);
  let locationIds = new Int32Array(256);
  let idCount = 0;
  const pushId = (id: number) => {
    if (idCount === locationIds.length) locationIds = growInt32(locationIds, idCount + 1);
    locationIds[idCount++] = id;
  };
  const labels: Label[] = [];
  let stack = new Int32Array(256);
  /**
   * With drop_frames: the frames of `count` locations (leaf first) into `stack`, root first, pruned
   * as pprof does; returns how many.
   */
  const pruneStack = (ids: Int32Array, count: number, byteOffset: number): number => {
    let length = 0;
    let foundUserFrame = false;
    for (let i = count - 1; i >= 0; i--) {
      const frames = locationFrames.get(ids[i], byteOffset);
      if (frames.pruned === 'none') foundUserFrame = true;
      const stop = foundUserFrame && frames.pruned !== 'none';
      if (stop && frames.pruned === 'whole') break;
      const kept = frames.pruned === 'whole' ? frames.untrimmed : frames.ids;
      if (length + kept.length > stack.length) stack = growInt32(stack, length + kept.length);
      // A plain loop: most locations hold one frame, and TypedArray.set costs more than it copies.
      for (let k = 0; k < kept.length; k++) stack[length++] = kept[k];
      if (stop) break;
    }
    return length;
  };
  const sampleCount = decoded.sampleStarts.length;
  let s = 0;
  builder.locate = () => ({ byteOffset: decoded.sampleStarts[s] });
  for (; s < sampleCount; s++) {
    reader.pos = decoded.sampleStarts[s];
    reader.end = decoded.sampleEnds[s];
    idCount = 0;
    labels.length = 0;
    let valueCount = 0;
    while (reader.pos < reader.end) {
      const tag = reader.tag();
      const field = Math.floor(tag / 8);
      if (field === 1) {
        if ((tag & 7) === LENGTH_DELIMITED) {
          const end = reader.lengthDelimitedEnd();
          if (idCount + end - reader.pos > locationIds.length)
            locationIds = growInt32(locationIds, idCount + end - reader.pos);
          const read = readPackedIds(reader.bytes, reader.pos, end, locationIds, idCount);
          if (read >= 0) {
            idCount = read;
            reader.pos = end;
          } else while (reader.pos < end) pushId(reader.varint());
        } else pushId(reader.varint());
      } else if (field === 2) {
        if ((tag & 7) === LENGTH_DELIMITED) {
          const end = reader.lengthDelimitedEnd();
          while (reader.pos < end) {
            const value = reader.varint();
            if (valueCount < values.length) values[valueCount] = value;
            valueCount++;
          }
        } else {
          const value = reader.varint();
          if (valueCount < values.length) values[valueCount] = value;
          valueCount++;
        }
      } else if (field === 3 && (tag & 7) === LENGTH_DELIMITED)
        labels.push(readLabel(reader, string));
      else reader.skip(tag & 7);
    }
    if (valueCount !== values.length) {
      throw new FlamekitError(
        'parse-error',
        `sample ${s} has ${valueCount} values for ${values.length} sample types`,
        {
          format: FORMAT,
          position: { byteOffset: decoded.sampleStarts[s] },
        },
      );
    }
    const labelSet = labels.length > 0 ? builder.internLabelSet(labels) : -1;
    // Locations are leaf first; the stack is root first.
    if (!locationFrames.prunes) {
      // No drop_frames: every location's frames, written straight into the builder's pending
      // stacks (a million samples' ten million frames must not be copied twice, nor chase an
      // object per frame). Most locations hold one frame, looked up in one array.
      const singles = locationFrames.singleFrame;
      const pending = builder.pendingStacks;
      let room = idCount;
      let at = pending.reserve(room);
      let buffer = pending.buffer;
      let length = 0;
      for (let i = idCount - 1; i >= 0; i--) {
        const id = locationIds[i];
        const frame = id >= 0 && id < singles.length ? singles[id] : -1;
        if (frame >= 0) {
          buffer[at + length++] = frame;
          continue;
        }
        const entry = locationFrames.entryOf(id, decoded.sampleStarts[s]);
        const count = locationFrames.frameCount[entry];
        // The locations still to come need at least a frame each.
        if (length + count + i > room) {
          room = length + count + i;
          at = pending.reserve(room);
          buffer = pending.buffer;
        }
        const frames = locationFrames.frames;
        for (let k = locationFrames.frameStart[entry], end = k + count; k < end; k++)
          buffer[at + length++] = frames[k];
      }
      // A sample on a pending stack holds -1 - its index until the stacks are interned.
      builder.addSample(-1 - pending.addWritten(length), values, labelSet);
    } else {
      const length = pruneStack(locationIds, idCount, decoded.sampleStarts[s]);
      builder.addStackSample(stack, length, values, labelSet);
    }
    if ((s & 4095) === 4095)
      options.onProgress?.({
        phase: 'read',
        done: decoded.sampleEnds[s],
        total: decoded.bytes.length,
      });
  }
  for (const warning of locationFrames.warnings) builder.warn(warning);

  const profile = builder.finish({
    defaultSampleType: defaultSampleTypeOf(decoded, sampleTypes, builder),
    ...(decoded.periodType && {
      period: {
        type: string(decoded.periodType.type, 'period type', decoded.periodType.offset),
        unit: string(decoded.periodType.unit, 'period type', decoded.periodType.offset),
        value: decoded.period,
      },
    }),
    ...(decoded.timeNanos !== 0 && {
      timeRange: { startNs: decoded.timeNanos, endNs: decoded.timeNanos + decoded.durationNanos },
    }),
  });
  profile.granularity = options.granularity ?? 'function';
  // Frames of lines no longer say where their function starts; source views need it.
  if (profile.granularity === 'line') profile.functions = functionsOf(decoded);
  for (const mapping of decoded.mappings.values()) {
    const repository =
      mapping.buildId > 0 ? parseSourceRepository(strings[mapping.buildId] ?? '') : undefined;
    if (repository) {
      profile.sourceRepository = repository;
      break;
    }
  }
  return profile;
}

/**
 * The file's `default_sample_type` when it names one of its types; else pprof's rule, the last
 * type, except that a type whose values are all 0 is passed over for the last one that has values
 * (a .NET profile's six types end in lock_time, zero in a profile without contention).
 */
function defaultSampleTypeOf(
  decoded: DecodedPprof,
  sampleTypes: readonly { type: string }[],
  builder: ProfileBuilder,
): number {
  const named =
    decoded.defaultSampleType > 0 ? decoded.strings[decoded.defaultSampleType] : undefined;
  const index = named === undefined ? -1 : sampleTypes.findIndex((t) => t.type === named);
  if (index >= 0) return index;
  for (let t = sampleTypes.length - 1; t >= 0; t--) if (builder.hasValues(t)) return t;
  return sampleTypes.length - 1;
}

/** The functions with their start lines; a bad string id reads as "" (unused ones are not checked). */
function functionsOf({ functions, strings }: DecodedPprof): ProfileFunction[] {
  const text = (index: number) => strings[index] ?? '';
  const result: ProfileFunction[] = [];
  for (const fn of functions.values()) {
    const file = text(fn.filename);
    result.push({
      name: text(fn.name) || text(fn.systemName) || '??',
      ...(file && { file }),
      ...(fn.startLine > 0 && { startLine: fn.startLine }),
    });
  }
  return result;
}

interface ResolvedLocation {
  /** Root-first frames after drop_frames trimming. */
  ids: Int32Array;
  /** Root-first frames before trimming. */
  untrimmed: Int32Array;
  /** How drop_frames touches the location: not at all, beneath one of its lines, or wholly. */
  pruned: 'none' | 'beneath' | 'whole';
}

/** Resolves each location to frames once, however many samples use it. */
class LocationFrames {
  readonly warnings: { code: string; message: string }[] = [];
  /** Resolved locations by id: an array when ids are small (the usual 1..n), else a map. */
  private readonly dense: (ResolvedLocation | undefined)[];
  private readonly sparse = new Map<number, ResolvedLocation>();
  /**
   * The untrimmed frames of each location resolved so far, flat: entry `e` holds
   * `frames[frameStart[e] .. frameStart[e] + frameCount[e])`, root first. The entry of a location
   * is its id when ids are small, else one given in order (`sparseEntry`).
   */
  frameStart: Int32Array;
  frameCount: Int32Array;
  frames = new Int32Array(1024);
  /** By id, for locations with small ids resolved so far to exactly one frame: it; else -1. */
  readonly singleFrame: Int32Array;
  private frameEnd = 0;
  private readonly sparseEntry = new Map<number, number>();
  private readonly drop: LinearRegex | undefined;
  private readonly keep: LinearRegex | undefined;

  constructor(
    private readonly decoded: DecodedPprof,
    private readonly builder: ProfileBuilder,
    private readonly granularity: 'function' | 'line',
    private readonly string: StringAt,
  ) {
    let maxId = 0;
    for (const id of decoded.locations.keys()) maxId = Math.max(maxId, id);
    this.dense = new Array(maxId <= decoded.locations.size * 4 + 1024 ? maxId + 1 : 0).fill(
      undefined,
    );
    this.drop = this.pattern(decoded.dropFrames, 'drop_frames');
    this.keep = this.pattern(decoded.keepFrames, 'keep_frames');
    this.frameStart = new Int32Array(Math.max(this.dense.length, 16)).fill(-1);
    this.frameCount = new Int32Array(this.frameStart.length);
    this.singleFrame = new Int32Array(this.dense.length).fill(-1);
  }

  /** Whether drop_frames may remove frames: samples then go through {@link get}. */
  get prunes(): boolean {
    return this.drop !== undefined;
  }

  /** The entry of a location's frames in the flat table, resolving it on first use. */
  entryOf(id: number, byteOffset: number): number {
    if (id >= 0 && id < this.dense.length && this.frameStart[id] >= 0) return id;
    let entry = this.sparseEntry.get(id);
    if (entry !== undefined) return entry;
    const { untrimmed } = this.get(id, byteOffset);
    if (id >= 0 && id < this.dense.length) entry = id;
    else {
      entry = this.dense.length + this.sparseEntry.size;
      this.sparseEntry.set(id, entry);
      if (entry >= this.frameStart.length) {
        this.frameStart = growInt32(this.frameStart, entry + 1);
        this.frameCount = growInt32(this.frameCount, this.frameStart.length);
      }
    }
    this.frames = growInt32(this.frames, this.frameEnd + untrimmed.length);
    this.frames.set(untrimmed, this.frameEnd);
    this.frameStart[entry] = this.frameEnd;
    this.frameCount[entry] = untrimmed.length;
    if (id >= 0 && id < this.dense.length && untrimmed.length === 1)
      this.singleFrame[id] = untrimmed[0];
    this.frameEnd += untrimmed.length;
    return entry;
  }

  get(id: number, byteOffset: number): ResolvedLocation {
    const isDense = id >= 0 && id < this.dense.length;
    let resolved = isDense ? this.dense[id] : this.sparse.get(id);
    if (resolved) return resolved;
    const location = this.decoded.locations.get(id);
    if (!location) {
      throw new FlamekitError(
        'parse-error',
        `a sample refers to location ${id}, which the profile does not define`,
        { format: FORMAT, position: { byteOffset } },
      );
    }
    resolved = this.resolve(id, location);
    if (isDense) this.dense[id] = resolved;
    else this.sparse.set(id, resolved);
    return resolved;
  }

  private resolve(id: number, location: PprofLocation): ResolvedLocation {
    const frames = this.builder.frames;
    const mapping = this.decoded.mappings.get(location.mappingId);
    const mappingFile = mapping
      ? this.string(mapping.filename, `mapping ${location.mappingId}`, mapping.offset)
      : '';
    const module = mappingFile ? mappingFile.slice(mappingFile.lastIndexOf('/') + 1) : undefined;
    if (location.functionIds.length === 0) {
      const frame = frames.intern({
        name: `0x${location.address.toString(16)}`,
        ...(module && { module }),
      });
      const ids = Int32Array.of(frame);
      return { ids, untrimmed: ids, pruned: 'none' };
    }
    const innermostFirst: FrameIndex[] = [];
    let dropAt = -1; // the outermost line matching drop_frames
    for (let i = location.functionIds.length - 1; i >= 0; i--) {
      const fn = this.decoded.functions.get(location.functionIds[i]);
      if (!fn) throw this.undefinedFunction(id, location, location.functionIds[i]);
      const name =
        this.string(fn.name, `function ${location.functionIds[i]}`, fn.offset) ||
        this.string(fn.systemName, `function ${location.functionIds[i]}`, fn.offset) ||
        '??';
      if (dropAt < 0 && this.drop?.test(name) && !this.keep?.test(name)) dropAt = i;
      const file = this.string(fn.filename, `function ${location.functionIds[i]}`, fn.offset);
      const line = this.granularity === 'line' ? location.lines[i] : fn.startLine;
      innermostFirst[i] = frames.intern({
        name,
        ...(file && { file }),
        ...(line > 0 && { line }),
        ...(module && { module }),
      });
    }
    const untrimmed = Int32Array.from(innermostFirst).reverse();
    if (dropAt < 0) return { ids: untrimmed, untrimmed, pruned: 'none' };
    if (dropAt === location.functionIds.length - 1)
      return { ids: new Int32Array(0), untrimmed, pruned: 'whole' };
    // Keep the lines outside the match: innermostFirst[dropAt + 1 ..], root first.
    return {
      ids: Int32Array.from(innermostFirst.slice(dropAt + 1)).reverse(),
      untrimmed,
      pruned: 'beneath',
    };
  }

  /** The error for a location whose line points at a function the file does not define. */
  private undefinedFunction(id: number, location: PprofLocation, functionId: number) {
    const defined = this.decoded.functionsInOrder;
    const ids = [...new Set(defined.slice(0, 5).map((entry) => entry.id))].join(', ');
    const held =
      defined.length === 0
        ? 'defines no function'
        : `defines ${defined.length} function${defined.length === 1 ? '' : 's'} (ids ${ids}${defined.length > 5 ? ', …' : ''})`;
    return new FlamekitError(
      'parse-error',
      `location ${id} points at function ${functionId}, which the file does not define: it ${held}; the file is damaged or its exporter wrote wrong function ids`,
      { format: FORMAT, position: { byteOffset: location.offset } },
    );
  }

  /** pprof's regular expressions are Go's (RE2), matched whole: `^(?:source)$`, in linear time. */
  private pattern(index: number, field: string): LinearRegex | undefined {
    if (index <= 0) return undefined;
    const offset =
      field === 'drop_frames' ? this.decoded.dropFramesOffset : this.decoded.keepFramesOffset;
    const source = this.string(index, field, offset);
    if (!source) return undefined;
    try {
      return compileLinearRegex(source, { fullMatch: true });
    } catch (error) {
      if (!isFlamekitError(error)) throw error;
      this.warnings.push({
        code: 'invalid-regexp',
        message: `${field} was ignored: ${error.reason}`,
      });
      return undefined;
    }
  }
}

function readLabel(reader: ProtobufReader, string: StringAt): Label {
  const offset = reader.pos;
  const end = reader.lengthDelimitedEnd();
  const outer = reader.end;
  reader.end = end;
  let key = 0;
  let str = 0;
  let num = 0;
  let numUnit = 0;
  let hasNum = false;
  while (reader.pos < end) {
    const tag = reader.tag();
    if (tag === 1 << 3) key = reader.varint();
    else if (tag === 2 << 3) str = reader.varint();
    else if (tag === 3 << 3) {
      num = reader.varint();
      hasNum = true;
    } else if (tag === 4 << 3) numUnit = reader.varint();
    else reader.skip(tag & 7);
  }
  reader.end = outer;
  const label: Label = { key: string(key, 'a label key', offset) };
  if (str !== 0 || !hasNum) label.value = string(str, 'a label value', offset);
  if (hasNum) {
    label.num = num;
    if (numUnit !== 0) label.unit = string(numUnit, 'a label unit', offset);
  }
  return label;
}

/** Walks the top-level fields without decoding them: true if they cover the input exactly. */
function scanTopLevel(bytes: Uint8Array): boolean {
  const reader = new ProtobufReader(bytes, FORMAT);
  let sawStrings = false;
  try {
    while (reader.pos < reader.end) {
      const tag = reader.tag();
      const field = Math.floor(tag / 8);
      const wireType = tag & 7;
      if (field < 1 || (wireType !== VARINT && wireType !== LENGTH_DELIMITED)) return false;
      if (field === 6) {
        if (!sawStrings) {
          const end = reader.lengthDelimitedEnd();
          if (end !== reader.pos) return false; // the first string must be ""
          sawStrings = true;
          continue;
        }
      }
      reader.skip(wireType);
    }
  } catch {
    return false;
  }
  return sawStrings;
}
