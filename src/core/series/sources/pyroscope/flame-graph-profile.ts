import { walkLevels } from '../../../formats/flamebearer-levels';
import type { Profile, SampleType } from '../../../model/profile';
import { ProfileBuilder } from '../../../model/profile-builder';
import type { TimeRange } from '../../series-types';
import type { FlameGraphMessage } from './querier-json';

/**
 * A querier.v1.FlameGraph (or FlameGraphDiff) as a profile: the levels read as flamebearer rows
 * are (Pyroscope's `/render` sends the same structure), the first row's `total` node becoming the
 * root. A single graph gives one sample type; a diff gives `baseline` and `comparison` sides of
 * `sampleType`'s unit, whose `tree()` carries both. `other` nodes set `truncated`.
 */
export function profileFromFlameGraph(
  message: FlameGraphMessage,
  sampleType: SampleType,
  diff: boolean,
  timeRange: TimeRange,
): { profile: Profile; otherTotal: number } {
  const types = diff
    ? [
        { type: 'baseline', unit: sampleType.unit },
        { type: 'comparison', unit: sampleType.unit },
      ]
    : [{ type: sampleType.type, unit: sampleType.unit }];
  const builder = new ProfileBuilder('flamebearer', types);
  const walk = walkLevels(builder, message.names, message.levels, diff, '$.flamegraph', {});
  const profile = builder.finish({
    truncated: walk.truncated,
    timeRange,
    defaultSampleType: diff ? 1 : 0,
    ...(diff && { comparison: { baseline: 0, comparison: 1 } }),
  });
  return { profile, otherTotal: walk.truncated ? otherTotal(message) : 0 };
}

/** What the `other` nodes of a single graph hold (of a diff, the comparison side). */
function otherTotal(message: FlameGraphMessage): number {
  const other = message.names.indexOf('other');
  if (other < 0) return 0;
  const step = message.leftTicks === undefined ? 4 : 7;
  const totalAt = step === 4 ? 1 : 4;
  let sum = 0;
  for (const level of message.levels)
    for (let k = 0; k + step <= level.length; k += step)
      if (level[k + step - 1] === other) sum += level[k + totalAt];
  return sum;
}
