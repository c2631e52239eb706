import { FlamekitError } from '../errors';
import { exportFlamebearer } from './flamebearer-export';
import { exportFoldedChunks } from './folded-export';
import { exportPprof } from './pprof-export';
import { exportSpeedscopeChunks } from './speedscope-export';
import { joinChunks } from './text-chunks';
import type { Profile } from '../model/profile';

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
 *
 * Text that would pass V8's string limit (about 512 MiB: the folded text or speedscope JSON of a
 * very deep profile repeats every stack in full) throws a `FlamekitError` (`invalid-argument`);
 * {@link exportProfileChunks} writes any size.
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
  if (format === 'pprof') return exportPprof(profile);
  return joinChunks(exportProfileChunks(profile, format, options) as Iterable<string>, format);
}

/**
 * The output of {@link exportProfile} in pieces, produced as they are taken: text of about a
 * megabyte each (folded, speedscope, flamebearer), or the gzipped bytes in one piece (pprof).
 * Write them one by one to a file or a stream, or hand them to a `Blob`; their concatenation is
 * what `exportProfile` returns.
 *
 * ```ts
 * for (const piece of exportProfileChunks(profile, 'folded')) stream.write(piece);
 * ```
 */
export function exportProfileChunks(
  profile: Profile,
  format: ExportFormat,
  options: ExportOptions = {},
): Iterable<string | Uint8Array> {
  switch (format) {
    case 'folded':
      return exportFoldedChunks(profile, options.sampleType);
    case 'speedscope':
      return exportSpeedscopeChunks(profile);
    case 'pprof':
      return [exportPprof(profile)];
    case 'flamebearer':
      return [exportFlamebearer(profile, options.sampleType)];
    default:
      throw new FlamekitError(
        'invalid-argument',
        `cannot export to "${String(format)}"; choose folded, speedscope, pprof or flamebearer`,
      );
  }
}
