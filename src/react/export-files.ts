import { FlamekitError } from '../core/index';
import type { ExportFileFormat, ExportSource } from './export-source';

export const EXPORT_FILE_FORMATS: readonly ExportFileFormat[] = [
  'png',
  'svg',
  'html',
  'folded',
  'pprof',
  'speedscope',
  'flamebearer',
];

/** A file made by {@link createExportFile}: hand it to {@link downloadFile}, or upload it. */
export interface ExportedFile {
  format: ExportFileFormat;
  fileName: string;
  blob: Blob;
}

const DETAILS: Record<ExportFileFormat, { label: string; extension: string; type: string }> = {
  png: { label: 'PNG image', extension: '.png', type: 'image/png' },
  svg: { label: 'SVG image', extension: '.svg', type: 'image/svg+xml' },
  html: { label: 'Interactive HTML', extension: '.html', type: 'text/html' },
  folded: { label: 'Folded stacks', extension: '.folded', type: 'text/plain' },
  pprof: { label: 'pprof', extension: '.pb.gz', type: 'application/gzip' },
  speedscope: { label: 'speedscope JSON', extension: '.speedscope.json', type: 'application/json' },
  flamebearer: {
    label: 'Pyroscope flamebearer JSON',
    extension: '.json',
    type: 'application/json',
  },
};

/** The menu label of a format, e.g. `PNG image`, and its file extension. */
export function describeExportFormat(format: ExportFileFormat): {
  label: string;
  extension: string;
} {
  return DETAILS[format];
}

export function isPictureFormat(format: ExportFileFormat): boolean {
  return format === 'png' || format === 'svg' || format === 'html';
}

/**
 * Makes the file of one format: a picture of the view (PNG at the device pixel ratio unless the
 * picture options say otherwise) or the profile itself (pprof gzipped, as pprof files are).
 * Throws {@link FlamekitError} when a format cannot hold the profile.
 *
 * The picture renderers and the profile writers are loaded on the first export, so an app that
 * shows graphs pays for them only when someone exports.
 */
export async function createExportFile(
  format: ExportFileFormat,
  source: ExportSource,
): Promise<ExportedFile> {
  const { type, extension } = DETAILS[format];
  const picture = (typeof source.picture === 'function' ? source.picture() : source.picture) ?? {};
  const fileName =
    (source.baseName ?? (isPictureFormat(format) ? 'flame-graph' : 'profile')) + extension;
  if (!isPictureFormat(format) && !source.profile)
    throw new FlamekitError(
      'invalid-argument',
      `there is no profile to write as ${format}: pass \`profile\``,
    );
  const { writeExportData } = await import('./export-writers');
  const data = await writeExportData(format, source, picture);
  return { format, fileName, blob: data instanceof Blob ? data : new Blob([data], { type }) };
}

/** Saves a file the way a link with `download` does: the browser's download, no server. */
export function downloadFile(file: ExportedFile): void {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by now; the URL is only needed until the browser has read it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
