import { FlamekitError } from './errors';
import { exportFlamebearer } from './export/flamebearer-export';
import { exportFolded } from './export/folded-export';
import { exportPprof } from './export/pprof-export';
import { exportSpeedscope } from './export/speedscope-export';
import type { Profile } from './profile';

/** The formats `exportProfile` writes. */
export type ExportFormat = 'folded' | 'speedscope' | 'pprof' | 'flamebearer';

export interface ExportOptions {
  /** For formats that hold one sample type (folded, flamebearer): which one. Default: the profile's default. */
  sampleType?: number | string;
}

/**
 * Writes a profile in another format: folded stacks (text, one sample type), speedscope JSON
 * (text, every sample type), pprof (gzipped bytes, every sample type and label), flamebearer JSON
 * (text, one sample type; a diff for a comparison profile). What each
 * writes reads back through `importProfile` with the same totals per sample type.
 */
export function exportProfile(
  profile: Profile,
  format: 'pprof',
  options?: ExportOptions,
): Uint8Array;
export function exportProfile(
  profile: Profile,
  format: 'folded' | 'speedscope',
  options?: ExportOptions,
): string;
export function exportProfile(
  profile: Profile,
  format: ExportFormat,
  options?: ExportOptions,
): string | Uint8Array;
export function exportProfile(
  profile: Profile,
  format: ExportFormat,
  options: ExportOptions = {},
): string | Uint8Array {
  switch (format) {
    case 'folded':
      return exportFolded(profile, options.sampleType);
    case 'speedscope':
      return exportSpeedscope(profile);
    case 'pprof':
      return exportPprof(profile);
    case 'flamebearer':
      return exportFlamebearer(profile, options.sampleType);
    default:
      throw new FlamekitError(
        'invalid-argument',
        `cannot export to "${String(format)}"; choose folded, speedscope, pprof or flamebearer`,
      );
  }
}
