import { useEffect, useMemo, useState } from 'react';
import {
  importProfile,
  isFlamekitError,
  listFormats,
  type ImportProgress,
  type Profile,
  type ProfileInput,
} from '../core/index';
import type { ProfileImporter } from '../worker/client';

export interface ImportedProfile {
  profile?: Profile;
  error?: unknown;
  /** While a worker imports: how far it is (undefined before its first report). */
  importing?: { progress?: ImportProgress };
}

/**
 * The profile to show: the one given, or `input` imported, on the main thread or, with an
 * `importer` (`createProfileImporter(worker)`), in a worker that reports its progress, so the
 * page stays responsive and the explorer can show how far the import is. A newer input makes
 * the result of an older import be ignored.
 */
export function useImportedProfile(
  profile: Profile | undefined,
  input: ProfileInput | undefined,
  importer: ProfileImporter | undefined,
  /** Which profile of a file of several to import (`options.profile`); the import's own choice when absent. */
  view?: string,
): ImportedProfile {
  const synchronous = useMemo((): ImportedProfile | undefined => {
    if (profile) return { profile };
    if (input === undefined) return {};
    if (importer) return undefined;
    try {
      return { profile: importProfile(input, view === undefined ? {} : { profile: view }) };
    } catch (error) {
      return { error };
    }
  }, [profile, input, importer, view]);
  const [fromWorker, setFromWorker] = useState<ImportedProfile>({ importing: {} });
  useEffect(() => {
    if (synchronous || !importer || input === undefined) return;
    let current = true;
    setFromWorker({ importing: {} });
    importer
      .importProfile(input, {
        ...(view !== undefined && { profile: view }),
        onProgress: (progress) => current && setFromWorker({ importing: { progress } }),
      })
      .then(
        (imported) => current && setFromWorker({ profile: imported }),
        (error: unknown) => current && setFromWorker({ error }),
      );
    return () => {
      current = false;
    };
  }, [synchronous, importer, input, view]);
  return synchronous ?? fromWorker;
}

/**
 * An import error in words for the person who chose the file, not for the programmer: what is
 * wrong with the file, and what flamekit reads. (The API's own hints, such as passing
 * `{ format }`, are for code and are left out.)
 */
export function describeImportError(error: unknown): { title: string; detail: string } {
  const formats = `flamekit reads ${listFormats()
    .split(', ')
    .map((format) => FORMAT_NAMES[format] ?? format)
    .join(', ')}.`;
  if (!isFlamekitError(error))
    return { title: 'This file could not be opened.', detail: String(error) };
  if (/not a profile format flamekit reads/.test(error.reason))
    return { title: 'This file is not a profile flamekit reads.', detail: formats };
  if (/input is empty/.test(error.reason))
    return { title: 'This file is empty.', detail: `Choose a profile file. ${formats}` };
  const where = error.format
    ? `a ${FORMAT_NAMES[error.format] ?? error.format} profile`
    : 'a profile';
  const reason = error.reason.replace(/;?\s*(pass|use) \{[^}]*\}.*$/, '');
  // The message is "format at position: reason"; the position helps whoever looks at the file.
  const at = error.message.endsWith(error.reason)
    ? error.message.slice(0, -error.reason.length).replace(/:\s*$/, '')
    : '';
  return {
    title: `This file looks like ${where}, but it could not be read.`,
    detail: at ? `${reason} (${at})` : reason,
  };
}

const FORMAT_NAMES: Record<string, string> = {
  pprof: 'pprof',
  speedscope: 'speedscope JSON',
  'chrome-cpuprofile': 'Chrome .cpuprofile',
  'chrome-trace': 'Chrome traces',
  firefox: 'Firefox Profiler JSON',
  flamebearer: 'Pyroscope flamebearer',
  'grafana-nested-set': 'Grafana nested sets',
  'd3-flamegraph': 'd3-flame-graph JSON',
  'perf-script': 'perf script',
  folded: 'folded stacks',
};
