import { normalizeUnit } from '../units';
import type { Profile } from '../profile';
import { sumPerStack } from '../profile-builder';

/**
 * speedscope's file format (https://www.speedscope.app/file-format-schema.json): one `sampled`
 * profile per sample type, sharing one frame list, with the default type as the active profile.
 * Each distinct stack with a value is one sample whose weight is that value.
 */
export function exportSpeedscope(profile: Profile): string {
  const frames = profile.frames;
  const sharedFrames = Array.from({ length: frames.size }, (_, f) => {
    const frame = frames.get(f);
    return {
      name: frame.name,
      ...(frame.file !== undefined && { file: frame.file }),
      ...(frame.line !== undefined && { line: frame.line }),
    };
  });
  const stackFrames = new Map<number, number[]>();
  const framesOf = (stack: number) => {
    let list = stackFrames.get(stack);
    if (!list) stackFrames.set(stack, (list = profile.stacks.framesOf(stack)));
    return list;
  };
  const profiles = profile.sampleTypes.map((sampleType, type) => {
    const self = sumPerStack(profile, type);
    const samples: number[][] = [];
    const weights: number[] = [];
    let total = 0;
    for (let stack = 0; stack < self.length; stack++) {
      if (self[stack] === 0) continue;
      samples.push(framesOf(stack));
      weights.push(self[stack]);
      total += self[stack];
    }
    return {
      type: 'sampled',
      name: `${sampleType.type} (${sampleType.unit})`,
      unit: speedscopeUnit(sampleType.unit),
      startValue: 0,
      endValue: total,
      samples,
      weights,
    };
  });
  return JSON.stringify({
    $schema: 'https://www.speedscope.app/file-format-schema.json',
    exporter: 'flamekit',
    name: profile.name ?? profile.sampleTypes[profile.defaultSampleType].type,
    activeProfileIndex: profile.defaultSampleType,
    shared: { frames: sharedFrames },
    profiles,
  });
}

function speedscopeUnit(unit: string): string {
  const known = normalizeUnit(unit);
  return ['nanoseconds', 'microseconds', 'milliseconds', 'seconds', 'bytes'].includes(known)
    ? known
    : 'none';
}
