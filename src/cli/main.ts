#!/usr/bin/env node
// flamekit's command-line program. Nothing else imports this layer, so it may use Node freely.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isFlamekitError } from '../core/index';
import {
  formatCommandHelp,
  formatOverview,
  HELP_OPTION,
  parseArgs,
  UsageError,
  wantsHelp,
} from './args';
import type { Command } from './command';
import { convertCommand } from './command-convert';
import { renderCommand } from './command-render';
import { topCommand } from './command-top';
import { sanitizeForTerminal, type CliIo } from './io';
import { documentationFile, readVersion } from './package-files';

/** The commands, in the order the help lists them. A new command is one file and one entry here. */
const COMMANDS: readonly Command[] = [topCommand, convertCommand, renderCommand];

/** Exit codes: 1 for bad data or files, 2 for bad usage, 70 (EX_SOFTWARE) for a bug in flamekit. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 70;

/**
 * Runs the program on `argv` (the arguments after the program name) and resolves to its exit
 * code. It never throws and never exits the process: expected errors are printed as one line on
 * `io.stderr`, bugs as "internal error" with the stack.
 *
 * ```ts
 * const code = await runCli(['top', 'cpu.pb.gz'], { stdout, stderr, cwd: process.cwd() });
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  // The command being run, so that a usage error can point to that command's help.
  const context: { command?: Command } = {};
  try {
    return await dispatch(argv, io, context);
  } catch (error) {
    return reportError(error, io, context.command);
  }
}

async function dispatch(
  argv: readonly string[],
  io: CliIo,
  context: { command?: Command },
): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr.write(formatOverview(COMMANDS));
    return EXIT_USAGE;
  }
  if (first === '--help' || first === '-h') {
    io.stdout.write(formatOverview(COMMANDS));
    return EXIT_OK;
  }
  if (first === '--version') {
    io.stdout.write(`${readVersion()}\n`);
    return EXIT_OK;
  }
  if (first === 'help') {
    if (rest.length > 1) throw new UsageError(`help takes one command, not ${rest.length}`);
    io.stdout.write(
      rest.length === 0 ? formatOverview(COMMANDS) : formatCommandHelp(find(rest[0])),
    );
    return EXIT_OK;
  }
  if (first.startsWith('-') && first !== '-') throw new UsageError(`unknown option ${first}`);
  const command = find(first);
  context.command = command;
  if (wantsHelp(rest)) {
    io.stdout.write(formatCommandHelp(command));
    return EXIT_OK;
  }
  const args = parseArgs(rest, [...command.options, HELP_OPTION]);
  const expected = command.arguments.filter(
    (argument) => !(argument.unlessOption && args.values.has(argument.unlessOption)),
  );
  if (args.positionals.length < expected.length) {
    const missing = expected.slice(args.positionals.length).map((a) => `<${a.name}>`);
    throw new UsageError(`missing argument ${missing.join(' ')}`);
  }
  if (args.positionals.length > expected.length) {
    throw new UsageError(`unexpected argument ${args.positionals[expected.length]}`);
  }
  await command.run(args, io);
  return EXIT_OK;
}

function find(name: string): Command {
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    const names = COMMANDS.map((candidate) => candidate.name).join(', ');
    throw new UsageError(`unknown command ${name}; the commands are ${names}`);
  }
  return command;
}

function reportError(error: unknown, io: CliIo, command: Command | undefined): number {
  if (error instanceof UsageError) {
    const help = command ? `flamekit ${command.name} --help` : 'flamekit --help';
    const where = command ? `flamekit ${command.name}` : 'flamekit';
    io.stderr.write(`${where}: ${sanitizeForTerminal(error.message)}\nrun '${help}' for usage\n`);
    return EXIT_USAGE;
  }
  if (isFlamekitError(error) && error.code !== 'internal-error') {
    io.stderr.write(`flamekit: ${sanitizeForTerminal(error.message)}\n`);
    // A file that does not read: the formats, their limits and errors are in the docs that
    // ship in the package (a path the user has, not one that only exists in the repository).
    const formats = error.code === 'parse-error' ? documentationFile('formats.md') : undefined;
    if (formats) io.stderr.write(`the formats flamekit reads and its errors: ${formats}\n`);
    return EXIT_FAILURE;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr.write(
    `flamekit: internal error (a bug in flamekit; please report it with this text)\n${detail}\n`,
  );
  return EXIT_INTERNAL;
}

/** True when this file is the script Node was started with, not a module imported by a test. */
function isMainModule(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMainModule()) {
  // `flamekit top big.pb | head` closes the pipe early; that is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT_OK);
    throw error;
  });
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    // A getter: touching process.stdin opens it, which only `-` needs.
    get stdin() {
      return process.stdin;
    },
    cwd: process.cwd(),
  };
  // exitCode rather than exit(), which could cut off output still queued for a pipe.
  void runCli(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
