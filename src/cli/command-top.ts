import {
  computeTopTable,
  formatShare,
  formatValue,
  sortTopTable,
  type FormatValueOptions,
  type Profile,
  type SampleType,
  type TopTable,
} from '../core/index';
import { readCount, UsageError, type ParsedArgs } from './args';
import type { Command } from './command';
import { SERVER_OPTIONS } from './read-server';
import { readCommandTree } from './read-tree';
import { IMPORT_OPTIONS, type CliIo } from './io';
import { escapeForTerminal, fitToWidth, forSink } from './terminal';

const DEFAULT_LIMIT = 20;
/** A terminal too narrow for the values still shows this much of each name (the line wraps). */
const MIN_NAME_WIDTH = 24;

export const topCommand: Command = {
  name: 'top',
  summary: 'print the functions with the most value (self or total), or what changed between two',
  description: [
    'Prints one row per function (frames with the same name are one function): its self value,',
    'from samples that end in it, and its total, from samples that pass through it (a recursive',
    'call counted once), with their shares of the whole profile.',
    '',
    'With --baseline, prints the total of each function in both profiles and the change, largest',
    'change first, growth and shrinkage alike. A profile that is itself a comparison (a two-column',
    'folded file, a flamebearer diff) prints that way too.',
    '',
    'With --pyroscope, reads instead the merged flame graph of --query over --from..--until from',
    'a Grafana Pyroscope server (or its Grafana data-source proxy URL), cut by the server to',
    '--max-nodes; with --baseline-from and --baseline-until, the diff of that range against it.',
    '',
    "On a terminal, names longer than the terminal's width leaves them are cut in the middle",
    '(package…function) so that every row stays one line; a file or a pipe gets them whole.',
  ].join('\n'),
  arguments: [
    {
      name: 'file',
      description: 'a profile in any format flamekit reads; - for stdin (not with --pyroscope)',
      unlessOption: 'pyroscope',
    },
  ],
  options: [
    {
      name: 'sample-type',
      value: 'name|index',
      description: "the sample type to count, such as cpu or alloc_space (default: the profile's)",
    },
    {
      name: 'sort',
      value: 'column',
      choices: ['self', 'total'],
      description: 'the column to order by, largest first (default: self; not with --baseline)',
    },
    {
      name: 'limit',
      value: 'N',
      description: `print the first N rows only; 0 prints every row (default: ${DEFAULT_LIMIT})`,
    },
    {
      name: 'baseline',
      value: 'file',
      description: 'compare with this profile, matching functions by name',
    },
    ...IMPORT_OPTIONS,
    ...SERVER_OPTIONS,
    { name: 'json', description: 'print the rows as JSON, with raw values instead of text' },
  ],
  examples: [
    'flamekit top cpu.pb.gz',
    'flamekit top heap.pb.gz --sample-type alloc_space --sort total --limit 50',
    'flamekit top after.pb.gz --baseline before.pb.gz',
    'flamekit top cpu.pb.gz --json --limit 0 > top.json',
    'flamekit top --pyroscope http://pyroscope:4040 --query \'process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="api"}\' --from now-6h',
  ],
  run: runTop,
};

async function runTop(args: ParsedArgs, io: CliIo): Promise<void> {
  const sort = args.values.get('sort');
  const limit = readCount(args, 'limit', DEFAULT_LIMIT);
  const { tree, sampleType, profile } = await readCommandTree(args, io);
  const table = computeTopTable(tree);
  if (table.baselineTotal && sort !== undefined) {
    throw new UsageError('--sort orders a single profile; a comparison is ordered by the change');
  }
  const print: TablePrint = {
    table,
    sampleType,
    format: formatterOf(sampleType, profile),
    limit: limit === 0 ? table.rowCount : limit,
    // A terminal's rows stay one line each: names cut to what its width leaves them.
    ...(io.stdout.isTTY && io.stdout.columns && { columns: io.stdout.columns }),
  };
  const json = args.flags.has('json');
  const text = table.baselineTotal
    ? formatDiffTable(print, json)
    : formatSingleTable(print, sort === 'total' ? 'total' : 'self', json);
  // Names as they are for a file or a pipe; control and bidi characters escaped for a terminal.
  io.stdout.write(forSink(io.stdout, text, json));
}

interface TablePrint {
  table: TopTable;
  sampleType: SampleType;
  format: (value: number) => string;
  limit: number;
  /** The terminal's width, when the text goes to one. */
  columns?: number;
}

function formatterOf(
  sampleType: SampleType,
  profile: Profile | undefined,
): (value: number) => string {
  const options: FormatValueOptions = profile?.period ? { period: profile.period } : {};
  return (value) => formatValue(value, sampleType.unit, options);
}

function formatSingleTable(
  { table, sampleType, format, limit, columns }: TablePrint,
  column: 'self' | 'total',
  json: boolean,
): string {
  const rows = Array.from(sortTopTable(table, column, 'desc').subarray(0, limit));
  if (json) {
    return `${JSON.stringify(
      {
        sampleType: { type: sampleType.type, unit: sampleType.unit },
        total: table.rootTotal,
        functions: table.rowCount,
        rows: rows.map((r) => ({
          name: table.name[r],
          self: table.self[r],
          selfShare: table.selfShare[r],
          total: table.total[r],
          totalShare: table.totalShare[r],
        })),
      },
      null,
      2,
    )}\n`;
  }
  const heading =
    `${describeType(sampleType)}: ${format(table.rootTotal)} in ${table.rowCount} functions; ` +
    `${describeShown(rows.length, table.rowCount)} by ${column}`;
  return formatColumns(heading, ['Self', 'Self %', 'Total', 'Total %'], rows, columns, (r) => [
    format(table.self[r]),
    formatShare(table.selfShare[r]),
    format(table.total[r]),
    formatShare(table.totalShare[r]),
    table.name[r],
  ]);
}

function formatDiffTable(
  { table, sampleType, format, limit, columns }: TablePrint,
  json: boolean,
): string {
  const baseline = table.baselineTotal!;
  const delta = (r: number) => table.total[r] - baseline[r];
  // Largest change first whichever its sign, as pprof's diff does: a regression and an
  // improvement of the same size matter as much, and --limit must not hide either kind.
  const rows = Array.from(sortTopTable(table, 'name', 'asc'))
    .sort((a, b) => Math.abs(delta(b)) - Math.abs(delta(a)))
    .slice(0, limit);
  const baselineRootTotal = table.baselineRootTotal ?? 0;
  if (json) {
    return `${JSON.stringify(
      {
        sampleType: { type: sampleType.type, unit: sampleType.unit },
        baselineTotal: baselineRootTotal,
        comparisonTotal: table.rootTotal,
        functions: table.rowCount,
        rows: rows.map((r) => ({
          name: table.name[r],
          baseline: baseline[r],
          comparison: table.total[r],
          delta: delta(r),
        })),
      },
      null,
      2,
    )}\n`;
  }
  const signed = (value: number) => (value > 0 ? `+${format(value)}` : format(value));
  const heading =
    `${describeType(sampleType)}: ${format(baselineRootTotal)} before, ${format(table.rootTotal)} ` +
    `after (${signed(table.rootTotal - baselineRootTotal)}) in ${table.rowCount} functions; ` +
    `${describeShown(rows.length, table.rowCount)} by the change of their total`;
  return formatColumns(heading, ['Baseline', 'Comparison', 'Delta'], rows, columns, (r) => [
    format(baseline[r]),
    format(table.total[r]),
    signed(delta(r)),
    table.name[r],
  ]);
}

function describeType({ type, unit }: SampleType): string {
  return unit && unit !== type ? `${type} (${unit})` : type;
}

function describeShown(shown: number, count: number): string {
  return shown === count ? 'all of them' : `the first ${shown}`;
}

/**
 * A heading, then right-aligned value columns and the function name last, where a long or wide
 * name cannot push the other columns out of line. Names are printed as they are (runTop escapes
 * them for a terminal); for a terminal `columns` wide, they are escaped here and cut in the middle
 * to the width left after the values (at least {@link MIN_NAME_WIDTH}).
 */
function formatColumns(
  heading: string,
  valueHeaders: readonly string[],
  rows: readonly number[],
  columns: number | undefined,
  cellsOf: (row: number) => string[],
): string {
  const cells = rows.map(cellsOf);
  const widths = valueHeaders.map((header, c) =>
    Math.max(header.length, ...cells.map((row) => row[c].length)),
  );
  const valuesWidth = widths.reduce((sum, width) => sum + width + 2, 0);
  const nameWidth = columns && Math.max(MIN_NAME_WIDTH, columns - valuesWidth);
  const fit = (name: string) => (nameWidth ? fitToWidth(escapeForTerminal(name), nameWidth) : name);
  const line = (values: readonly string[], name: string) =>
    [...values.map((value, c) => value.padStart(widths[c])), fit(name)].join('  ');
  const lines = [heading, '', line(valueHeaders, 'Function')];
  for (const row of cells) lines.push(line(row.slice(0, -1), row[row.length - 1]));
  return `${lines.join('\n')}\n`;
}
