import { normalizeUnit } from '../units';
import type { Profile } from '../model/profile';
import { sumPerStack } from '../model/profile-builder';
import { TextChunks } from './text-chunks';

/**
 * speedscope's file format (https://www.speedscope.app/file-format-schema.json): one `sampled`
 * profile per sample type, sharing one frame list, with the default type as the active profile.
 * Each distinct stack with a value is one sample whose weight is that value.
 *
 * The JSON is written in pieces of about a megabyte, each stack's frames as they are walked:
 * a profile 20,000 deep holds 200 million frame indices, far more than one string (or than one
 * array per stack kept alive) can hold.
 */
export function* exportSpeedscopeChunks(profile: Profile): Generator<string, void, undefined> {
  const { frames, stacks } = profile;
  const out = new TextChunks();
  const header = {
    $schema: 'https://www.speedscope.app/file-format-schema.json',
    exporter: 'flamekit',
    name: profile.name ?? profile.sampleTypes[profile.defaultSampleType].type,
    activeProfileIndex: profile.defaultSampleType,
  };
  out.write(`${JSON.stringify(header).slice(0, -1)},"shared":{"frames":[`);
  for (let f = 0; f < frames.size; f++) {
    const frame = frames.get(f);
    const entry = {
      name: frame.name,
      ...(frame.file !== undefined && { file: frame.file }),
      ...(frame.line !== undefined && { line: frame.line }),
    };
    out.write(`${f > 0 ? ',' : ''}${JSON.stringify(entry)}`);
    if (out.full) yield out.take();
  }
  out.write(']},"profiles":[');
  for (let type = 0; type < profile.sampleTypes.length; type++) {
    const sampleType = profile.sampleTypes[type];
    const self = sumPerStack(profile, type);
    let total = 0;
    for (let stack = 0; stack < self.length; stack++) total += self[stack];
    const head = {
      type: 'sampled',
      name: `${sampleType.type} (${sampleType.unit})`,
      unit: speedscopeUnit(sampleType.unit),
      startValue: 0,
      endValue: total,
    };
    out.write(`${type > 0 ? ',' : ''}${JSON.stringify(head).slice(0, -1)},"samples":[`);
    let first = true;
    for (let stack = 0; stack < self.length; stack++) {
      if (self[stack] === 0) continue;
      const path = stacks.framesOf(stack);
      out.write(first ? '[' : ',[');
      first = false;
      // In runs, so that a stack 100,000 deep is never one string either.
      for (let i = 0; i < path.length; i += 4096)
        out.write((i > 0 ? ',' : '') + path.slice(i, i + 4096).join(','));
      out.write(']');
      if (out.full) yield out.take();
    }
    out.write('],"weights":[');
    first = true;
    for (let stack = 0; stack < self.length; stack++) {
      if (self[stack] === 0) continue;
      out.write(first ? String(self[stack]) : `,${self[stack]}`);
      first = false;
      if (out.full) yield out.take();
    }
    out.write(']}');
  }
  out.write(']}');
  yield out.take();
}

function speedscopeUnit(unit: string): string {
  const known = normalizeUnit(unit);
  return ['nanoseconds', 'microseconds', 'milliseconds', 'seconds', 'bytes'].includes(known)
    ? known
    : 'none';
}
