import { gzipSync } from 'fflate';
import { exportProfile } from '../core/index';
import { renderFlameGraphHtml, renderFlameGraphPng, renderFlameGraphSvg } from '../render/index';
import type { ExportFileFormat, ExportSource, PictureOptions } from './export-files';

/**
 * The bytes of an export: the picture renderers and the profile writers, loaded by
 * `createExportFile` on the first export only (they are a third of what a flame graph weighs).
 */
export async function writeExportData(
  format: ExportFileFormat,
  source: ExportSource,
  picture: PictureOptions,
): Promise<Blob | string | Uint8Array<ArrayBuffer>> {
  switch (format) {
    case 'png':
      return renderFlameGraphPng(source.tree, picture);
    case 'svg':
      return renderFlameGraphSvg(source.tree, picture);
    case 'html':
      return renderFlameGraphHtml(source.tree, picture);
  }
  // createExportFile checked that a profile format has a profile.
  const profile = source.profile!;
  const options = source.sampleType !== undefined ? { sampleType: source.sampleType } : {};
  if (format === 'pprof') return gzipSync(exportProfile(profile, 'pprof', options));
  const data = exportProfile(profile, format, options);
  return typeof data === 'string' ? data : new Uint8Array(data);
}
