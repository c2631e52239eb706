import { FlamekitError, isFlamekitError } from '../errors';
import type { Profile, SampleType } from '../model/profile';
import { ProfileBuilder } from '../model/profile-builder';
import type { StackIndex } from '../model/stack-table';
import { SpanRecorder, TimeOrderBuilder, withTimeOrder } from '../model/time-order-builder';
import type { FrameIndex } from '../types';
import { normalizeUnit } from '../units';
import { toInputSource as toSource, type InputSource, type ProfileInput } from './input';
import type { ImportOptions } from './options';
import {
  describeJsonValue as describe,
  isJsonObject as isObject,
  jsonShapeError,
  warnNegativeWeights,
  type JsonObject,
} from './json-values';

/**
 * speedscope's own file format (https://www.speedscope.app/file-format-schema.json), as written by
 * speedscope's export and by py-spy, rbspy, pyinstrument, Austin and others.
 *
 * Reads:
 * - `shared.frames`: `name`, `file` and `line` of each frame (`col` is not kept: frames are one per
 *   function or line, so two frames differing only by column become one);
 * - `profiles[]` of type `sampled` (`samples` are arrays of frame indices, root first, with one
 *   `weights` entry each) and `evented` (`O`/`C` events: the time between a frame's open and close
 *   is its value; an interval counts as self time for the innermost open frame);
 * - `unit` (nanoseconds ... seconds, bytes, none) as the sample type's unit; for time units,
 *   `startValue`/`endValue` become the time range and evented intervals carry their start time.
 *
 * One profile is imported at a time: `options.profile` (index or name), else the file's
 * `activeProfileIndex`, else the first. All names are listed in `alternatives`.
 *
 * Evented profiles whose events do not nest (a close of a frame that is not the innermost open
 * one, a frame never closed, time going backwards) are rejected with the JSON path of the
 * offending event rather than repaired: there is no single right repair (close the frames above?
 * ignore the close? reorder same-time events?), each would draw a call tree the program never
 * had, and the error points at the exact event so that the exporter can be fixed. speedscope
 * rejects these files too.
 */
const FORMAT = 'speedscope';
const SCHEMA = 'speedscope.app/file-format-schema.json';
const NS_PER_UNIT = new Map([
  ['nanoseconds', 1],
  ['microseconds', 1e3],
  ['milliseconds', 1e6],
  ['seconds', 1e9],
]);

export function isSpeedscope(input: ProfileInput | InputSource): boolean {
  const source = toSource(input);
  if (source.isBinary() || !/^\s*\{/.test(source.head(256))) return false;
  let file: unknown;
  try {
    file = source.json(FORMAT);
  } catch {
    return false;
  }
  return isObject(file) && typeof file.$schema === 'string' && file.$schema.includes(SCHEMA);
}

export function importSpeedscope(
  input: ProfileInput | InputSource,
  options: ImportOptions = {},
): Profile {
  const file = toSource(input).json(FORMAT);
  if (!isObject(file))
    fail(
      '$',
      'the file is not a JSON object with "shared" and "profiles"; is it a speedscope file?',
    );
  const shared = file.shared;
  if (!isObject(shared) || !Array.isArray(shared.frames))
    fail(
      '$.shared.frames',
      'shared.frames is missing or not an array; speedscope keeps its frames there',
    );
  const profiles = file.profiles;
  if (!Array.isArray(profiles) || profiles.length === 0)
    fail('$.profiles', 'profiles is missing or empty; the file holds no profile to import');
  const names = profiles.map((p, i) =>
    isObject(p) && typeof p.name === 'string' ? p.name : `profile ${i}`,
  );
  const active = file.activeProfileIndex;
  const index = chooseProfile(options.profile, active, names);
  const spans = new SpanRecorder();
  const { builder, profile, nsPerUnit } = readProfile(profiles, index, shared.frames, spans);
  if (active !== undefined && options.profile === undefined && active !== index) {
    builder.warn({
      code: 'invalid-active-profile',
      message: `activeProfileIndex ${describe(active)} names no profile; the first one was imported`,
      position: { jsonPath: '$.activeProfileIndex' },
    });
  }
  const { startValue, endValue } = profile;
  const timed =
    nsPerUnit !== undefined && typeof startValue === 'number' && typeof endValue === 'number';
  const result = builder.finish({
    ...(typeof profile.name === 'string' && { name: profile.name }),
    ...(names.length > 1 && { alternatives: { names, index } }),
    ...(timed && { timeRange: { startNs: startValue * nsPerUnit, endNs: endValue * nsPerUnit } }),
  });
  const chosen = { index, profile: result, spans };
  return withTimeOrder(result, speedscopeTimeOrder(profiles, names, shared.frames, chosen));
}

/** Reads profile `index` of the file into a builder of its own. */
function readProfile(
  profiles: unknown[],
  index: number,
  frameList: unknown[],
  spans?: SpanRecorder,
) {
  const path = `$.profiles[${index}]`;
  const profile = profiles[index];
  if (!isObject(profile)) fail(path, 'the profile is not an object');
  const unit = profile.unit ?? 'none';
  if (typeof unit !== 'string')
    fail(`${path}.unit`, `the unit is ${describe(unit)}, not a unit name`);
  const nsPerUnit = NS_PER_UNIT.get(normalizeUnit(unit));
  const builder = new ProfileBuilder(FORMAT, [sampleTypeOf(unit)]);
  const frames = internFrames(builder, frameList);
  if (profile.type === 'sampled') readSampled(builder, frames, profile, path);
  else if (profile.type === 'evented')
    readEvented(builder, frames, profile, path, nsPerUnit, spans);
  else
    fail(
      `${path}.type`,
      `the profile type is ${describe(profile.type)}; speedscope profiles are "sampled" or "evented"`,
    );
  return { builder, profile, nsPerUnit };
}

/**
 * Each profile of the file with a time unit as a lane: an evented profile's open/close pairs as
 * spans, a sampled profile's samples one after another, each as long as its weight (speedscope's
 * time order; one with negative weights has none). A profile that cannot be read is left out
 * with a warning.
 */
function speedscopeTimeOrder(
  profiles: unknown[],
  names: string[],
  frameList: unknown[],
  chosen: { index: number; profile: Profile; spans: SpanRecorder },
): TimeOrderBuilder {
  // Time units become nanoseconds; a file whose axis counts something else keeps its unit, and
  // only the profiles in the imported one's unit become lanes.
  const axisOf = (json: unknown) => {
    const unit = isObject(json) && typeof json.unit === 'string' ? json.unit : 'none';
    const nsPerUnit = NS_PER_UNIT.get(normalizeUnit(unit));
    return { unit: nsPerUnit === undefined ? unit : 'nanoseconds', scale: nsPerUnit ?? 1 };
  };
  const timeOrder = new TimeOrderBuilder(undefined, undefined, axisOf(profiles[chosen.index]).unit);
  const skipped: string[] = [];
  profiles.forEach((json, index) => {
    const { unit, scale: nsPerUnit } = axisOf(json);
    if (!isObject(json) || unit !== timeOrder.unit) return;
    try {
      const spans = index === chosen.index ? chosen.spans : new SpanRecorder();
      const read =
        index === chosen.index ? undefined : readProfile(profiles, index, frameList, spans);
      const profile = read ? read.builder.finish() : chosen.profile;
      const lane = { name: names[index] };
      if (json.type === 'evented') return spans.addTo(timeOrder, lane, profile.stacks);
      const weights = profile.samples.values[0];
      // A negative weight (a diff's, say: the import warns about them) takes no time.
      if (weights.some((weight) => weight < 0)) return;
      const timeNs = new Float64Array(weights.length);
      let at = typeof json.startValue === 'number' ? json.startValue : 0;
      weights.forEach((weight, i) => {
        timeNs[i] = at * nsPerUnit;
        at += weight;
      });
      const durationNs = weights.map((weight) => weight * nsPerUnit);
      timeOrder.addSamples(lane, profile.stacks, profile.samples.stack, timeNs, durationNs);
    } catch (error) {
      if (!isFlamekitError(error)) throw error;
      skipped.push(`${names[index]}: ${error.message}`);
    }
  });
  if (skipped.length > 0) {
    const count = skipped.length;
    chosen.profile.warnings = [
      ...chosen.profile.warnings,
      {
        code: 'profile-without-time-order',
        message: `${count} profile${count === 1 ? ' is' : 's are'} left out of the time order: ${skipped.join('; ')}`,
        count,
      },
    ];
  }
  return timeOrder;
}

function chooseProfile(
  asked: number | string | undefined,
  active: unknown,
  names: string[],
): number {
  const inRange = (i: unknown): i is number =>
    typeof i === 'number' && Number.isInteger(i) && i >= 0 && i < names.length;
  if (asked === undefined) return inRange(active) ? active : 0;
  const index = typeof asked === 'number' ? asked : names.indexOf(asked);
  if (inRange(index)) return index;
  const known = names.map((name, i) => `${i}: ${JSON.stringify(name)}`).join(', ');
  throw new FlamekitError(
    'invalid-argument',
    `the file has no profile ${JSON.stringify(asked)}; pass one of its profiles by index or name (${known})`,
    { format: FORMAT },
  );
}

function sampleTypeOf(unit: string): SampleType {
  const normal = normalizeUnit(unit);
  if (NS_PER_UNIT.has(normal)) return { type: 'time', unit };
  return { type: normal === 'bytes' ? 'memory' : 'weight', unit };
}

/** Our frame index for each speedscope frame index. */
function internFrames(builder: ProfileBuilder, frames: unknown[]): Int32Array {
  const indices = new Int32Array(frames.length);
  for (let i = 0; i < frames.length; i++) {
    const frame = frames[i];
    const path = `$.shared.frames[${i}]`;
    if (!isObject(frame) || typeof frame.name !== 'string')
      fail(path, 'the frame is not an object with a string "name"');
    const { file, line } = frame;
    if (file != null && typeof file !== 'string')
      fail(`${path}.file`, `the file is ${describe(file)}, not a file name`);
    const validLine =
      typeof line === 'number' && Number.isInteger(line) && line >= 0 && line <= 0x7fffffff;
    if (line != null && !validLine)
      fail(`${path}.line`, `the line is ${describe(line)}, not a line number (a positive integer)`);
    indices[i] = builder.frames.intern({
      name: frame.name,
      ...(file != null && { file }),
      ...(validLine && line > 0 && { line }),
    });
  }
  return indices;
}

function readSampled(
  builder: ProfileBuilder,
  frames: Int32Array,
  profile: JsonObject,
  path: string,
): void {
  const { samples, weights } = profile;
  if (!Array.isArray(samples))
    fail(
      `${path}.samples`,
      'samples is missing or not an array of stacks (arrays of frame indices)',
    );
  if (!Array.isArray(weights) || weights.length !== samples.length) {
    const has = Array.isArray(weights) ? `${weights.length} entries` : describe(weights);
    fail(
      `${path}.weights`,
      `weights has ${has} for ${samples.length} samples; it needs one per sample`,
    );
  }
  const stack: FrameIndex[] = [];
  let negative = 0;
  let firstNegative = '';
  let s = 0;
  builder.locate = () => ({ jsonPath: `${path}.weights[${s}]` });
  for (; s < samples.length; s++) {
    const sample = samples[s];
    if (!Array.isArray(sample))
      fail(`${path}.samples[${s}]`, 'the sample is not an array of frame indices, root first');
    const weight = weights[s];
    if (typeof weight !== 'number' || !Number.isFinite(weight))
      fail(
        `${path}.weights[${s}]`,
        `the weight is ${describe(weight)}; weights must be finite numbers`,
      );
    stack.length = 0;
    for (let k = 0; k < sample.length; k++) {
      const frame = frameAt(frames, sample[k]);
      if (frame < 0) failFrame(`${path}.samples[${s}][${k}]`, sample[k], frames.length);
      stack.push(frame);
    }
    builder.addStackSample(stack, stack.length, weight);
    if (weight < 0 && negative++ === 0) firstNegative = `${path}.weights[${s}]`;
  }
  warnNegativeWeights(builder, negative, firstNegative);
}

/**
 * Each interval between two events becomes one sample on the stack of frames open during it, so a
 * frame's total is the time between its open and close and its self the time nothing was above it.
 */
function readEvented(
  builder: ProfileBuilder,
  frames: Int32Array,
  profile: JsonObject,
  path: string,
  nsPerUnit: number | undefined,
  spans?: SpanRecorder,
): void {
  const events = profile.events;
  if (!Array.isArray(events)) fail(`${path}.events`, 'events is missing or not an array of events');
  // The stack of open frames as a StackTable id, one per depth: each event is O(1), however deep.
  const stacks: StackIndex[] = [0];
  const openFrames: number[] = []; // speedscope's frame index of each open frame
  const openedBy: number[] = []; // the event that opened it
  const openSpans: number[] = []; // its span in `spans`
  let last = NaN;
  const nameOf = (f: number) => JSON.stringify(builder.frames.name(frames[f]));
  let e = 0;
  builder.locate = () => ({ jsonPath: `${path}.events[${e}]` });
  for (; e < events.length; e++) {
    const event = events[e];
    const where = `${path}.events[${e}]`;
    if (!isObject(event)) fail(where, 'the event is not an object {type, frame, at}');
    const at = event.at;
    if (typeof at !== 'number' || !Number.isFinite(at))
      fail(`${where}.at`, `the event time is ${describe(at)}; an event needs its time as a number`);
    if (at < last)
      fail(
        `${where}.at`,
        `the event time ${at} is before the previous event's (${last}); events must be in time order`,
      );
    const frame = frameAt(frames, event.frame);
    if (frame < 0) failFrame(`${where}.frame`, event.frame, frames.length);
    if (openFrames.length > 0 && at > last) {
      const timeNs = nsPerUnit === undefined ? undefined : last * nsPerUnit;
      builder.addSample(stacks[stacks.length - 1], at - last, -1, timeNs);
    }
    last = at;
    const f = event.frame as number;
    if (event.type === 'O') {
      stacks.push(builder.stacks.child(stacks[stacks.length - 1], frame));
      openFrames.push(f);
      openedBy.push(e);
      if (spans) openSpans.push(spans.add(stacks[stacks.length - 1], at * (nsPerUnit ?? 1)));
    } else if (event.type === 'C') {
      const top = openFrames.length - 1;
      if (top < 0)
        fail(where, `the event closes frame ${f} (${nameOf(f)}) at ${at}, but no frame is open`);
      if (openFrames[top] !== f) {
        fail(
          where,
          `the event closes frame ${f} (${nameOf(f)}) at ${at}, but the innermost open frame is ${openFrames[top]} ` +
            `(${nameOf(openFrames[top])}, opened by ${path}.events[${openedBy[top]}]); ` +
            'frames must close in the reverse order of opening',
        );
      }
      stacks.pop();
      openFrames.pop();
      openedBy.pop();
      if (spans) spans.end(openSpans.pop()!, at * (nsPerUnit ?? 1));
    } else {
      fail(
        `${where}.type`,
        `the event type is ${describe(event.type)}; events are "O" (open) or "C" (close)`,
      );
    }
  }
  const open = openFrames.length;
  if (open > 0) {
    const f = openFrames[open - 1];
    fail(
      `${path}.events[${openedBy[open - 1]}]`,
      `the event opens frame ${f} (${nameOf(f)}), which is never closed (${open} frame${open === 1 ? ' is' : 's are'} still open after the last event); the profile looks truncated`,
    );
  }
}

/** Our frame index for a speedscope frame index, or -1 if there is no such frame. */
function frameAt(frames: Int32Array, value: unknown): FrameIndex {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < frames.length
    ? frames[value]
    : -1;
}

function failFrame(jsonPath: string, value: unknown, count: number): never {
  fail(
    jsonPath,
    `the frame index is ${describe(value)}, but shared.frames has ${count} frames, numbered from 0`,
  );
}

function fail(jsonPath: string, reason: string): never {
  throw jsonShapeError(FORMAT, jsonPath, reason);
}
