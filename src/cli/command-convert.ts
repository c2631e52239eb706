import { exportProfileChunks, type ExportFormat } from '../core/index';
import { readSampleType, UsageError, type ParsedArgs } from './args';
import type { Command } from './command';
import {
  displayName,
  importOptionsOf,
  IMPORT_OPTIONS,
  readProfile,
  STANDARD_STREAM,
  writeOutput,
  type CliIo,
} from './io';

const OUTPUT_FORMATS: readonly ExportFormat[] = ['folded', 'pprof', 'speedscope', 'flamebearer'];

/** Formats that hold one sample type, so that `--sample-type` chooses which. */
const SINGLE_TYPE_FORMATS: readonly ExportFormat[] = ['folded', 'flamebearer'];

/**
 * Output formats by file name ending, longest first so `.speedscope.json` wins over `.json`. A
 * bare `.json` is left out on purpose: speedscope and flamebearer are both JSON, and guessing
 * wrong would write a file the intended tool cannot open.
 */
const EXTENSIONS: readonly (readonly [string, ExportFormat])[] = [
  ['.speedscope.json', 'speedscope'],
  ['.flamebearer.json', 'flamebearer'],
  ['.collapsed', 'folded'],
  ['.folded', 'folded'],
  ['.pprof', 'pprof'],
  ['.txt', 'folded'],
  ['.pb', 'pprof'],
];

export const convertCommand: Command = {
  name: 'convert',
  summary: 'write a profile in another format: folded, pprof, speedscope or flamebearer',
  description: [
    'Reads a profile in any format flamekit reads and writes it in another. The format comes from',
    '--format or else from the output name:',
    '  .folded .collapsed .txt    folded stacks (one sample type)',
    '  .pb .pprof                 pprof (every sample type and label)',
    '  .speedscope.json           speedscope (every sample type)',
    '  .flamebearer.json          Pyroscope flamebearer (one sample type)',
    'A plain .json could be speedscope or flamebearer: name the format with --format.',
    'A name ending in .gz (out.pb.gz, out.folded.gz) is gzip-compressed; other files are not.',
    'With -o - the output goes to stdout and needs --format; pprof is then gzipped, as pprof',
    'tools write it. A file is replaced only once the whole output is written.',
  ].join('\n'),
  arguments: [{ name: 'file', description: 'a profile in any format flamekit reads; - for stdin' }],
  options: [
    {
      name: 'output',
      short: 'o',
      value: 'file',
      description: 'where to write (required), or - for stdout',
    },
    {
      name: 'format',
      value: 'format',
      choices: OUTPUT_FORMATS,
      description: 'the output format (default: from the output name)',
    },
    {
      name: 'sample-type',
      value: 'name|index',
      description: "for folded and flamebearer: the sample type to write (default: the profile's)",
    },
    ...IMPORT_OPTIONS,
  ],
  examples: [
    'flamekit convert cpu.pb.gz -o cpu.folded',
    'flamekit convert heap.pb.gz --sample-type inuse_space -o heap.folded.gz',
    'flamekit convert trace.json -o trace.speedscope.json',
    'flamekit convert stacks.txt --format pprof -o - > stacks.pb.gz',
    'perf script | flamekit convert - --perf-annotate all -o out.folded',
  ],
  run: runConvert,
};

async function runConvert(args: ParsedArgs, io: CliIo): Promise<void> {
  const [file] = args.positionals;
  const output = args.values.get('output');
  if (output === undefined) {
    throw new UsageError('convert needs an output: -o <file>, or -o - for stdout');
  }
  const format = (args.values.get('format') as ExportFormat | undefined) ?? formatFromName(output);
  const sampleTypeText = args.values.get('sample-type');
  if (sampleTypeText !== undefined && !SINGLE_TYPE_FORMATS.includes(format)) {
    throw new UsageError(
      `--sample-type applies to folded and flamebearer output; ${format} holds every sample type`,
    );
  }
  const profile = await readProfile(file, io, importOptionsOf(args));
  // In pieces: the folded text of a deep profile can pass the longest string V8 can make.
  const data = exportProfileChunks(profile, format, {
    sampleType: readSampleType(sampleTypeText, profile.sampleTypes),
  });
  const gzip = output === STANDARD_STREAM ? format === 'pprof' : isGzipName(output);
  await writeOutput(output, data, io, { gzip });
}

function isGzipName(path: string): boolean {
  return path.toLowerCase().endsWith('.gz');
}

/** The format an output name asks for (see {@link EXTENSIONS}); a usage error when it says none. */
function formatFromName(output: string): ExportFormat {
  const choose = `pass --format ${OUTPUT_FORMATS.join('|')}`;
  if (output === STANDARD_STREAM)
    throw new UsageError(`writing to stdout needs a format: ${choose}`);
  const name = output.toLowerCase().replace(/\.gz$/, '');
  const match = EXTENSIONS.find(([extension]) => name.endsWith(extension));
  if (match) return match[1];
  if (name.endsWith('.json')) {
    throw new UsageError(
      `${displayName(output)} could be speedscope or flamebearer JSON: pass --format speedscope ` +
        'or --format flamebearer, or name it *.speedscope.json or *.flamebearer.json',
    );
  }
  throw new UsageError(
    `cannot tell the output format from the name ${displayName(output)}: ${choose}, or end the ` +
      'name in .folded, .pb.gz or .speedscope.json',
  );
}
