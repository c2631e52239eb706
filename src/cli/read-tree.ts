import {
  diffProfiles,
  resolveSampleType,
  type CallTree,
  type Profile,
  type SampleType,
} from '../core/index';
import { readSampleType, UsageError, type ParsedArgs } from './args';
import { importOptionsOf, readProfile, STANDARD_STREAM, type CliIo } from './io';
import { readServerTree, readsFromServer } from './read-server';

/**
 * The tree a command shows: the profile's tree of `--sample-type`, or with `--baseline` the diff
 * of the baseline against it (the type looked up in the baseline, then by name in the profile).
 * Shared by `top` and `render`, so that both read `--sample-type`, `--baseline` and
 * `--input-format` alike, and both read from a Pyroscope server with `--pyroscope`.
 */
export async function readCommandTree(
  args: ParsedArgs,
  io: CliIo,
): Promise<{ tree: CallTree; sampleType: SampleType; profile?: Profile }> {
  if (readsFromServer(args)) {
    for (const option of ['baseline', 'sample-type', 'input-format'])
      if (args.values.has(option)) {
        throw new UsageError(
          `--${option} reads files; with --pyroscope the query names the type, and --baseline-from a baseline`,
        );
      }
    return readServerTree(args, Date.now(), (note) => io.stderr.write(note));
  }
  const [file] = args.positionals;
  const baselineFile = args.values.get('baseline');
  if (baselineFile === STANDARD_STREAM && file === STANDARD_STREAM) {
    throw new UsageError('standard input can be read once: give the baseline or the file a name');
  }
  const importOptions = importOptionsOf(args);

  const profile = await readProfile(file, io, importOptions);
  const source =
    baselineFile === undefined ? profile : await readProfile(baselineFile, io, importOptions);
  const index = resolveSampleType(
    source,
    readSampleType(args.values.get('sample-type'), source.sampleTypes),
  );
  return {
    tree:
      baselineFile === undefined
        ? profile.tree(index)
        : diffProfiles(source, profile, { sampleType: index }),
    sampleType: source.sampleTypes[index],
    profile,
  };
}
