import type { CommandSpec, ParsedArgs } from './args';
import type { CliIo } from './io';

/**
 * A command is one file exporting one of these; main.ts lists them in its table. The parser
 * checks options and the count of positional arguments before `run` is called, so `run` only
 * interprets values. `run` reports failure by throwing a FlamekitError (a UsageError for usage).
 */
export interface Command extends CommandSpec {
  run(args: ParsedArgs, io: CliIo): Promise<void>;
}
