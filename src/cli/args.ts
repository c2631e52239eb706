import { FlamekitError } from '../core/index';

/**
 * A mistake in how flamekit was called: an unknown command or option, a missing or malformed
 * argument. The program prints it with a pointer to `--help` and exits with 2, where an error in
 * the data (an unreadable file, a broken profile) exits with 1. It is a FlamekitError so that the
 * one-error-type rule holds; `instanceof UsageError` tells the two apart.
 */
export class UsageError extends FlamekitError {
  constructor(reason: string) {
    super('invalid-argument', reason);
  }
}

/** One option of a command, as the parser reads it and the help prints it. */
export interface OptionSpec {
  /** The long name without dashes: `sample-type` for `--sample-type`. */
  name: string;
  /** One letter for a short form: `o` for `-o`. */
  short?: string;
  /** Placeholder of the value in the help (`N`, `file`); absent for a flag, which takes none. */
  value?: string;
  /** The values allowed; any other is a usage error that lists them. */
  choices?: readonly string[];
  /** One line for the help. */
  description: string;
}

export interface ArgumentSpec {
  name: string;
  description: string;
  /** Not asked for when this option is given (a file, or `--pyroscope` instead). */
  unlessOption?: string;
}

/** What the help says of a command: its name, summary, arguments, options and examples. */
export interface CommandSpec {
  name: string;
  /** One line for the command list of `flamekit --help`. */
  summary: string;
  /** Paragraphs shown by the command's own help, after the usage line. */
  description: string;
  /** Required positional arguments, in order. */
  arguments: readonly ArgumentSpec[];
  options: readonly OptionSpec[];
  examples?: readonly string[];
}

export interface ParsedArgs {
  positionals: string[];
  /** Values of the options that take one, by long name; when given twice, the last one wins. */
  values: Map<string, string>;
  /** The flags given, by long name. */
  flags: Set<string>;
}

/** Every command takes `-h`/`--help`; the parser adds it, so the help lists it too. */
export const HELP_OPTION: OptionSpec = {
  name: 'help',
  short: 'h',
  description: 'print this help and exit',
};

/** Whether `argv` asks for help: `-h` or `--help` before any `--`, whatever else it holds. */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  const options = end < 0 ? argv : argv.slice(0, end);
  return options.includes('--help') || options.includes('-h');
}

/**
 * Reads `argv` against `specs`: `--name value`, `--name=value`, `-x value`, flags (`--json`),
 * `--` to end the options and `-` as an ordinary argument (standard input or output). A value
 * that looks like an option (`--limit --json`) is refused rather than swallowed; write
 * `--name=value` for a value that starts with a dash. No bundling of short flags (`-ab`).
 */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], values: new Map(), flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') {
      parsed.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (token === '-' || !token.startsWith('-')) {
      parsed.positionals.push(token);
      continue;
    }
    const equals = token.indexOf('=');
    const written = equals < 0 ? token : token.slice(0, equals);
    const spec = findOption(specs, written);
    if (!spec) throw new UsageError(`unknown option ${written}`);
    if (spec.value === undefined) {
      if (equals >= 0) throw new UsageError(`option ${written} takes no value`);
      parsed.flags.add(spec.name);
      continue;
    }
    let value: string;
    if (equals >= 0) value = token.slice(equals + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || (next.length > 1 && next.startsWith('-'))) {
        throw new UsageError(`option ${written} needs a value: ${written} ${placeholder(spec)}`);
      }
      value = next;
      i++;
    }
    if (spec.choices && !spec.choices.includes(value)) {
      throw new UsageError(
        `option ${written} cannot be "${value}"; use one of ${spec.choices.join(', ')}`,
      );
    }
    parsed.values.set(spec.name, value);
  }
  return parsed;
}

function findOption(specs: readonly OptionSpec[], written: string): OptionSpec | undefined {
  if (written.startsWith('--')) return specs.find((spec) => `--${spec.name}` === written);
  return specs.find((spec) => spec.short !== undefined && `-${spec.short}` === written);
}

/** An option's value as a whole number ≥ 0, or `fallback` when it was not given. */
export function readCount(args: ParsedArgs, name: string, fallback: number): number {
  const text = args.values.get(name);
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) {
    throw new UsageError(`option --${name} takes a whole number, not "${text}"`);
  }
  return Number(text);
}

/**
 * A `--sample-type` value as `resolveSampleType` takes it: a name, or an index when it is digits
 * and no sample type has that name.
 */
export function readSampleType(
  text: string | undefined,
  sampleTypes: readonly { type: string }[],
): number | string | undefined {
  if (text === undefined || !/^\d+$/.test(text)) return text;
  return sampleTypes.some((t) => t.type === text) ? text : Number(text);
}

/** The help of one command: usage, description, arguments, options and examples. */
export function formatCommandHelp(command: CommandSpec): string {
  const usage = [
    'flamekit',
    command.name,
    ...command.arguments.map((a) => {
      const instead = a.unlessOption && command.options.find((o) => o.name === a.unlessOption);
      return instead ? `(<${a.name}> | --${instead.name} <${instead.value}>)` : `<${a.name}>`;
    }),
    '[options]',
  ];
  const lines = [`Usage: ${usage.join(' ')}`, '', command.description, ''];
  if (command.arguments.length > 0) {
    lines.push('Arguments:');
    lines.push(...formatTwoColumns(command.arguments.map((a) => [`<${a.name}>`, a.description])));
    lines.push('');
  }
  lines.push('Options:');
  lines.push(
    ...formatTwoColumns(
      [...command.options, HELP_OPTION].map((spec) => [optionLabel(spec), describeOption(spec)]),
    ),
  );
  if (command.examples && command.examples.length > 0) {
    lines.push('', 'Examples:', ...command.examples.map((example) => `  ${example}`));
  }
  return `${lines.join('\n')}\n`;
}

/** The help of the program: the commands and the global options. */
export function formatOverview(commands: readonly CommandSpec[]): string {
  const lines = [
    'Usage: flamekit <command> [options]',
    '',
    'Reads profiles in any format flamekit knows (pprof, folded stacks, speedscope, Chrome,',
    'Firefox, perf script, Pyroscope flamebearer...) and prints or converts them.',
    '',
    'Commands:',
    ...formatTwoColumns(commands.map((command) => [command.name, command.summary])),
    '',
    'Options:',
    ...formatTwoColumns([
      ['-h, --help', 'print this help and exit'],
      ['--version', "print flamekit's version and exit"],
    ]),
    '',
    "Run 'flamekit help <command>' or 'flamekit <command> --help' for a command's options.",
  ];
  return `${lines.join('\n')}\n`;
}

/** Choices that fit in the option's placeholder (`<self|total>`); longer lists go below it. */
const INLINE_CHOICES_LENGTH = 20;

function hasInlineChoices(spec: OptionSpec): spec is OptionSpec & { choices: readonly string[] } {
  return !!spec.choices && spec.choices.join('|').length <= INLINE_CHOICES_LENGTH;
}

function optionLabel(spec: OptionSpec): string {
  const long = `--${spec.name}`;
  const names = spec.short ? `-${spec.short}, ${long}` : `    ${long}`;
  return spec.value === undefined ? names : `${names} ${placeholder(spec)}`;
}

function placeholder(spec: OptionSpec): string {
  return `<${hasInlineChoices(spec) ? spec.choices.join('|') : spec.value}>`;
}

function describeOption(spec: OptionSpec): string {
  if (!spec.choices || hasInlineChoices(spec)) return spec.description;
  return `${spec.description}; one of ${spec.choices.join(', ')}`;
}

function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** Help lines fit in this many columns where the left column leaves room. */
const HELP_WIDTH = 80;

/** Two aligned columns; a long right cell wraps and continues under its first line. */
function formatTwoColumns(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  const rightWidth = Math.max(30, HELP_WIDTH - width - 4);
  return rows.flatMap(([left, right]) =>
    wrapWords(right, rightWidth).map(
      (line, k) => `  ${(k === 0 ? left : '').padEnd(width)}  ${line}`,
    ),
  );
}
