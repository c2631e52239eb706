import { FlamekitError } from '../../../errors';
import type { SourceProfileType } from '../profile-source';

/** The label Grafana Pyroscope files each profile's type ID under. */
export const PROFILE_TYPE_LABEL = '__profile_type__';

/**
 * A Grafana Pyroscope profile type ID, `<name>:<sample type>:<sample unit>:<period type>:<period
 * unit>` (`process_cpu:cpu:nanoseconds:cpu:nanoseconds`), read into its parts.
 *
 * @throws FlamekitError `invalid-argument` for an ID that is not five parts.
 */
export function parseProfileTypeId(id: string): SourceProfileType {
  const parts = typeof id === 'string' ? id.split(':') : [];
  if (parts.length !== 5 || parts.slice(0, 3).some((part) => part === '')) {
    throw new FlamekitError(
      'invalid-argument',
      `${JSON.stringify(id)} is not a Pyroscope profile type ID; they read <name>:<sample type>:<sample unit>:<period type>:<period unit>, such as process_cpu:cpu:nanoseconds:cpu:nanoseconds`,
    );
  }
  const [name, type, unit, periodType, periodUnit] = parts;
  return {
    id,
    name,
    sampleType: { type, unit },
    ...((periodType !== '' || periodUnit !== '') && {
      period: { type: periodType, unit: periodUnit },
    }),
  };
}
