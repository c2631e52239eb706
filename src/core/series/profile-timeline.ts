import type { Profile } from '../model/profile';
import { defaultAggregation } from './series-query';
import type { SeriesTotals } from './series-types';

/**
 * A profile's own timeline (a Pyroscope flamebearer's totals per window) as {@link SeriesTotals},
 * for the `<Timeline>` component; undefined when the profile has none. Its values are in the unit
 * of the profile's default sample type, as the server wrote them.
 */
export function profileTimelineTotals(profile: Profile): SeriesTotals | undefined {
  const timeline = profile.timeline;
  if (!timeline) return undefined;
  const sampleType = profile.sampleTypes[profile.defaultSampleType];
  return {
    startNs: timeline.startNs,
    stepNs: timeline.stepNs,
    steps: timeline.values.length,
    sampleType,
    aggregation: defaultAggregation(sampleType),
    groups: [
      {
        values: timeline.values.slice(),
        total: timeline.values.reduce((sum, value) => sum + value, 0),
      },
    ],
    omittedGroups: 0,
  };
}
