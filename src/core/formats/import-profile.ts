import { FlamekitError } from '../errors';
import { importFolded, isFolded } from './folded';
import { InputSource, type ProfileInput } from './input';
import { importChromeCpuProfile, isChromeCpuProfile } from './chrome-cpuprofile';
import { importChromeTrace, isChromeTrace } from './chrome-trace';
import { importD3FlameGraph, isD3FlameGraph } from './d3-flamegraph';
import { importFirefoxProfile, isFirefoxProfile } from './firefox';
import { importFlamebearer, isFlamebearer } from './flamebearer';
import { importGrafanaNestedSet, isGrafanaNestedSet } from './grafana-nested-set';
import { importSpeedscope, isSpeedscope } from './speedscope';
import { importPerfScript, isPerfScript } from './perf-script';
import { importPprof, isPprof } from './pprof';
import type { ImportOptions } from './options';
import type { Profile, ProfileFormat } from '../model/profile';

interface FormatReader {
  format: ProfileFormat;
  sniff(source: InputSource): boolean;
  read(source: InputSource, options: ImportOptions): Profile;
}

/**
 * The formats in the order they are tried. Binary and JSON formats come first because their
 * sniffers are exact; the line-based text formats last, perf script before folded stacks.
 */
const READERS: FormatReader[] = [
  { format: 'pprof', sniff: isPprof, read: importPprof },
  { format: 'speedscope', sniff: isSpeedscope, read: importSpeedscope },
  { format: 'chrome-cpuprofile', sniff: isChromeCpuProfile, read: importChromeCpuProfile },
  { format: 'chrome-trace', sniff: isChromeTrace, read: importChromeTrace },
  { format: 'firefox', sniff: isFirefoxProfile, read: importFirefoxProfile },
  { format: 'flamebearer', sniff: isFlamebearer, read: importFlamebearer },
  { format: 'grafana-nested-set', sniff: isGrafanaNestedSet, read: importGrafanaNestedSet },
  // d3's shape ({name, value, children}) is the loosest of the JSON formats: it goes last of them.
  { format: 'd3-flamegraph', sniff: isD3FlameGraph, read: importD3FlameGraph },
  { format: 'perf-script', sniff: isPerfScript, read: importPerfScript },
  { format: 'folded', sniff: isFolded, read: importFolded },
];

/**
 * Reads a profile in any supported format, detected from the content (gzip magic, protobuf shape,
 * JSON shape, first lines), never from a file name. Throws {@link FlamekitError} when the input is
 * not a profile it can read, with the format, the position and what to do.
 */
export function importProfile(input: ProfileInput, options: ImportOptions = {}): Profile {
  const source = InputSource.from(input);
  if (options.format) {
    const reader = READERS.find((candidate) => candidate.format === options.format);
    if (!reader)
      throw new FlamekitError(
        'invalid-argument',
        `unknown format "${options.format}"; known: ${listFormats()}`,
      );
    return readWithProgress(reader, source, options);
  }
  if (source.byteLength === 0) {
    throw new FlamekitError(
      'parse-error',
      'the input is empty; pass the contents of a profile file',
      { position: { byteOffset: 0 } },
    );
  }
  const reader = READERS.find((candidate) => candidate.sniff(source));
  if (!reader) {
    throw new FlamekitError(
      'parse-error',
      `this is not a profile format flamekit reads (${listFormats()}); if it is one, pass { format } to see why it does not parse`,
      {
        position: { byteOffset: 0 },
      },
    );
  }
  return readWithProgress(reader, source, options);
}

/**
 * Reports the start and the end of reading for every format (the line-based and pprof readers
 * also report as they go), so that a progress bar always starts and always completes.
 */
function readWithProgress(
  reader: FormatReader,
  source: InputSource,
  options: ImportOptions,
): Profile {
  const total = source.byteLength;
  options.onProgress?.({ phase: 'read', done: 0, total });
  const profile = reader.read(source, options);
  options.onProgress?.({ phase: 'read', done: total, total });
  return profile;
}

/** The formats `importProfile` can detect, in the order it tries them. */
export function listFormats(): string {
  return READERS.map((reader) => reader.format).join(', ');
}
