import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Gzip } from 'fflate';
import {
  FlamekitError,
  importProfile,
  isFlamekitError,
  isGzip,
  listFormats,
  type ImportOptions,
  type PerfScriptOptions,
  type Profile,
} from '../core/index';
import type { OptionSpec, ParsedArgs } from './args';
import { resolveOutputTarget, writeTarget } from './output-file';
import { escapeForTerminal, escapeLine } from './terminal';

/** Where output goes: a Node stream, or anything with `write` in tests. */
export interface OutputSink {
  write(chunk: string | Uint8Array): unknown;
  /** True when the sink is a terminal: text is then escaped (see terminal.ts). */
  isTTY?: boolean;
  /** A terminal's width in characters (Node's TTY streams have it). */
  columns?: number;
  /** Node streams: called when a full buffer has drained, so that a large output waits for it. */
  once?(event: 'drain', listener: () => void): unknown;
}

/** What the program talks to, injected so that tests can run it in-process. */
export interface CliIo {
  stdout: OutputSink;
  stderr: OutputSink;
  /** Read for the file name `-`; absent when there is no standard input to read. */
  stdin?: AsyncIterable<Uint8Array | string>;
  /** The directory relative paths are resolved against. */
  cwd: string;
}

/** The formats `--input-format` accepts, as `importProfile` names them. */
export const INPUT_FORMATS: readonly string[] = listFormats().split(', ');

/** `--input-format`, which every command that reads profiles takes. */
export const INPUT_FORMAT_OPTION: OptionSpec = {
  name: 'input-format',
  value: 'format',
  choices: INPUT_FORMATS,
  description: 'read the input as this format instead of detecting it',
};

/**
 * The options of every command that reads profiles: `--input-format`, which profile or thread,
 * and `perf script`'s naming as stackcollapse-perf's options name it.
 */
export const IMPORT_OPTIONS: readonly OptionSpec[] = [
  INPUT_FORMAT_OPTION,
  {
    name: 'profile',
    value: 'name|index',
    description: 'of a file of several profiles or threads: which (0 is All threads)',
  },
  {
    name: 'perf-root',
    value: 'root',
    choices: ['comm', 'pid', 'tid'],
    description: 'perf script: the root frame comm, comm-PID or comm-PID/TID (--pid, --tid)',
  },
  {
    name: 'perf-annotate',
    value: 'frames',
    choices: ['kernel', 'jit', 'all'],
    description:
      'perf script: _[k] after kernel frames, _[j] after JIT ones (--kernel, --jit, --all)',
  },
  { name: 'perf-addrs', description: 'perf script: frames without a symbol as [module <address>]' },
  {
    name: 'perf-keep-arguments',
    description: 'perf script: names as perf prints them (argument lists not dropped)',
  },
];

/** The import options the command line asks for (see {@link IMPORT_OPTIONS}). */
export function importOptionsOf(args: ParsedArgs): ImportOptions {
  const format = args.values.get(INPUT_FORMAT_OPTION.name);
  const profile = args.values.get('profile');
  const root = args.values.get('perf-root') as PerfScriptOptions['root'];
  const annotate = args.values.get('perf-annotate');
  const perfScript: PerfScriptOptions = {
    ...(root && { root }),
    ...((annotate === 'kernel' || annotate === 'all') && { annotateKernel: true }),
    ...((annotate === 'jit' || annotate === 'all') && { annotateJit: true }),
    ...(args.flags.has('perf-addrs') && { addresses: true }),
    ...(args.flags.has('perf-keep-arguments') && { keepArguments: true }),
  };
  return {
    ...(format !== undefined && { format: format as ImportOptions['format'] }),
    ...(profile !== undefined && { profile: /^\d+$/.test(profile) ? Number(profile) : profile }),
    ...(Object.keys(perfScript).length > 0 && { perfScript }),
  };
}

/** The file name that means standard input (for reading) or standard output (for writing). */
export const STANDARD_STREAM = '-';

/**
 * Text for a message on standard error (a person reads it): the characters a terminal would act
 * on, line breaks included, are shown escaped (`\x1b`, `\u202e`), so that a frame name or a
 * path from a profile cannot move the cursor, recolour the screen or reorder a line.
 */
export function sanitizeForTerminal(text: string): string {
  return escapeLine(text);
}

/** How a path is named in messages: as the user typed it, cleaned for the terminal. */
export function displayName(path: string): string {
  return path === STANDARD_STREAM ? 'standard input' : sanitizeForTerminal(path);
}

/** The bytes of a file, or of standard input for `-`. Failures are FlamekitErrors that name the file. */
export async function readInput(path: string, io: CliIo): Promise<Uint8Array> {
  if (path === STANDARD_STREAM) {
    if (!io.stdin)
      throw new FlamekitError('invalid-argument', 'there is no standard input to read');
    const chunks: Uint8Array[] = [];
    for await (const chunk of io.stdin) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    }
    return Buffer.concat(chunks);
  }
  try {
    return await readFile(resolve(io.cwd, path));
  } catch (error) {
    throw new FlamekitError(
      'invalid-argument',
      `cannot read ${displayName(path)}: ${describeFileError(error, 'read')}`,
      { cause: error },
    );
  }
}

/**
 * Reads and imports a profile. Import errors keep their message (format and position) behind the
 * file name; the importer's warnings go to standard error, since a person should know that data
 * was skipped even when the command succeeds.
 */
export async function readProfile(
  path: string,
  io: CliIo,
  options: ImportOptions = {},
): Promise<Profile> {
  const bytes = await readInput(path, io);
  let profile: Profile;
  try {
    profile = importProfile(bytes, options);
  } catch (error) {
    if (!isFlamekitError(error) || error.code === 'internal-error') throw error;
    throw new FlamekitError(error.code, `${displayName(path)}: ${error.message}`, {
      cause: error,
    });
  }
  for (const warning of profile.warnings) {
    const times = warning.count && warning.count > 1 ? ` (${warning.count} times)` : '';
    io.stderr.write(
      `flamekit: warning: ${displayName(path)}: ${sanitizeForTerminal(warning.message)}${times}\n`,
    );
  }
  return profile;
}

/**
 * Writes `data` (one piece, or the pieces of `exportProfileChunks`) to a file, or to standard
 * output for `-`, gzip-compressed or not as `gzip` says (data that is already gzip is
 * decompressed when `gzip` is false, so the caller need not know what an exporter returns). The
 * pieces are encoded and compressed one at a time: an output of gigabytes is never one string.
 *
 * A file is written as {@link resolveOutputTarget} says: regular files replaced atomically
 * (keeping their mode), devices and FIFOs written in place, files the user may not write refused.
 * Standard output that is a terminal gets text with control and bidi characters escaped, and
 * refuses binary (gzip) data, as gzip itself does.
 */
export async function writeOutput(
  path: string,
  data: string | Uint8Array | Iterable<string | Uint8Array>,
  io: CliIo,
  { gzip }: { gzip: boolean },
): Promise<void> {
  const pieces: Iterable<string | Uint8Array> =
    typeof data === 'string' || data instanceof Uint8Array ? [data] : data;
  if (path === STANDARD_STREAM) {
    const sink = io.stdout;
    for (const piece of encodeOutput(pieces, gzip, sink.isTTY === true)) {
      if (sink.write(piece) === false && sink.once)
        await new Promise<void>((drained) => sink.once!('drain', drained));
    }
    return;
  }
  try {
    const target = await resolveOutputTarget(resolve(io.cwd, path));
    await writeTarget(target, encodeOutput(pieces, gzip, false));
  } catch (error) {
    if (isFlamekitError(error)) throw error;
    throw new FlamekitError(
      'invalid-argument',
      `cannot write ${displayName(path)}: ${describeFileError(error, 'write')}`,
      { cause: error },
    );
  }
}

/** The pieces as bytes: text encoded as UTF-8 (escaped for a terminal), gzipped or gunzipped. */
function* encodeOutput(
  pieces: Iterable<string | Uint8Array>,
  gzip: boolean,
  terminal: boolean,
): Generator<Uint8Array, void, undefined> {
  const compressed: Uint8Array[] = [];
  // Made at the first text piece: gzip data passed through must not be followed by an empty member.
  let compressor: Gzip | undefined;
  for (const piece of pieces) {
    if (typeof piece !== 'string' && isGzip(piece)) {
      if (terminal) throw binaryToTerminal();
      yield gzip ? piece : gunzipSync(piece);
      continue;
    }
    if (terminal && (gzip || typeof piece !== 'string')) throw binaryToTerminal();
    const bytes =
      typeof piece === 'string' ? Buffer.from(terminal ? escapeForTerminal(piece) : piece) : piece;
    if (!gzip) {
      yield bytes;
      continue;
    }
    compressor ??= new Gzip((chunk) => compressed.push(chunk));
    compressor.push(bytes);
    yield* compressed.splice(0);
  }
  if (compressor) {
    compressor.push(new Uint8Array(0), true);
    yield* compressed.splice(0);
  }
}

function binaryToTerminal(): FlamekitError {
  return new FlamekitError(
    'invalid-argument',
    'the output is binary (gzip) and standard output is a terminal; redirect it to a file or a pipe (… > out.pb.gz)',
  );
}

/** A file system error in a few words, without Node's syscall and path noise. */
function describeFileError(error: unknown, operation: 'read' | 'write'): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return operation === 'read' ? 'no such file' : 'no such directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'the file system is read-only';
    default:
      return typeof code === 'string'
        ? code
        : sanitizeForTerminal(error instanceof Error ? error.message : String(error));
  }
}
