import { useEffect, useMemo, useRef, useState } from 'react';
import {
  isFlamekitError,
  type ImportOptions,
  type ImportProgress,
  type Profile,
  type ProfileInput,
} from '../core/index';
import type { ProfileImporter } from '../worker/client';
import { createDefaultProfileImporter } from '../worker/default-importer';

export interface ImportedProfile {
  profile?: Profile;
  error?: unknown;
  /** While an import runs: how far it is (undefined before its first report). */
  importing?: { progress?: ImportProgress };
}

type ImportFunction = (input: ProfileInput, options: ImportOptions) => Profile;

/**
 * The main thread's import, loaded when first needed: the importers are most of the core's
 * weight, and an explorer that imports in its worker never needs them on the page.
 */
let mainThreadImport: ImportFunction | undefined;
let mainThreadModule: Promise<ImportFunction> | undefined;
const loadMainThreadImport = (): Promise<ImportFunction> =>
  (mainThreadModule ??= import('../core/formats/import-profile').then(
    (module) => (mainThreadImport = (input, options) => module.importProfile(input, options)),
  ));

/** Set once flamekit's own worker script failed to start in this page: later imports skip it. */
let defaultWorkerFails = false;

/**
 * The profile to show: the one given, or `input` imported. Where module workers exist the import
 * runs in flamekit's own worker (or in the host's, given an `importer`), reporting its progress,
 * so that the page stays responsive; a newer `input` cancels the import under way. With
 * `importer: false`, where there are no workers (a test DOM, server rendering), or when the worker
 * script cannot load, the import runs on the main thread, with the importers loaded on demand.
 */
export function useImportedProfile(
  profile: Profile | undefined,
  input: ProfileInput | undefined,
  importer: ProfileImporter | false | undefined,
  /** Which profile of a file of several to import (`options.profile`); the import's own choice when absent. */
  view?: string,
): ImportedProfile {
  // flamekit's own worker, started at the first import and stopped with the component.
  const own = useRef<{ importer: ProfileImporter | undefined } | undefined>(undefined);
  useEffect(
    () => () => {
      own.current?.importer?.dispose();
      own.current = undefined;
    },
    [],
  );
  const workerOf = (): ProfileImporter | undefined => {
    if (importer !== undefined) return importer || undefined;
    if (defaultWorkerFails) return undefined;
    own.current ??= { importer: createDefaultProfileImporter() };
    return own.current.importer;
  };
  const usesWorker =
    importer !== undefined
      ? importer !== false
      : !defaultWorkerFails && typeof Worker !== 'undefined';

  // What needs no waiting: a profile given, no input, or a main-thread import already loaded.
  const synchronous = useMemo((): ImportedProfile | undefined => {
    if (profile) return { profile };
    if (input === undefined) return {};
    if (usesWorker || !mainThreadImport) return undefined;
    try {
      return { profile: mainThreadImport(input, view === undefined ? {} : { profile: view }) };
    } catch (error) {
      return { error };
    }
  }, [profile, input, usesWorker, view]);
  const [imported, setImported] = useState<ImportedProfile>({ importing: {} });
  useEffect(() => {
    if (synchronous || input === undefined) return;
    const controller = new AbortController();
    let current = true;
    let answered = false;
    setImported({ importing: {} });
    const options = view === undefined ? {} : { profile: view };
    const onMainThread = () => loadMainThreadImport().then((run) => run(input, options));
    const worker = workerOf();
    const job = worker
      ? worker
          .importProfile(input, {
            ...options,
            signal: controller.signal,
            onProgress: (progress) => {
              answered = true;
              if (current) setImported({ importing: { progress } });
            },
          })
          .catch((error: unknown) => {
            // flamekit's own script did not start (a bundler that left its URL alone, a
            // Content-Security-Policy): import here instead, and do not try it again.
            const unstarted = isFlamekitError(error) && error.code === 'worker-error' && !answered;
            if (importer !== undefined || !unstarted || controller.signal.aborted) throw error;
            defaultWorkerFails = true;
            return onMainThread();
          })
      : onMainThread();
    job.then(
      (result) => current && setImported({ profile: result }),
      (error: unknown) => current && setImported({ error }),
    );
    return () => {
      current = false;
      controller.abort();
    };
    // workerOf reads refs and module state only; the import restarts when the input changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [synchronous, importer, input, view]);
  return synchronous ?? imported;
}

/**
 * An import error in words for the person who chose the file, not for the programmer: what is
 * wrong with the file, and what flamekit reads. (The API's own hints, such as passing
 * `{ format }`, are for code and are left out.)
 */
export function describeImportError(error: unknown): { title: string; detail: string } {
  const formats = `flamekit reads ${Object.values(FORMAT_NAMES).join(', ')}.`;
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

/**
 * Every format `importProfile` reads, in its order (`listFormats()`), in people's words: listed
 * here rather than asked of the importers, so that an error message does not load them all.
 */
export const FORMAT_NAMES: Record<string, string> = {
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
