import { exportProfileChunks } from '../core/index';
import { renderFlameGraphHtml, renderFlameGraphPng, renderFlameGraphSvg } from '../render/index';
import type { ExportFileFormat, ExportSource, PictureOptions } from './export-source';

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
  // A Blob of the writer's pieces: a deep profile's folded text can pass the longest string a
  // browser makes, a Blob of pieces cannot. pprof comes gzipped from the writer already.
  const pieces = [...exportProfileChunks(profile, format, options)];
  return new Blob(
    pieces.map((piece) => (typeof piece === 'string' ? piece : new Uint8Array(piece))),
  );
}
