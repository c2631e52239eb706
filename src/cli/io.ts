import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  FlamekitError,
  importProfile,
  isFlamekitError,
  isGzip,
  listFormats,
  type ImportOptions,
  type Profile,
} from '../core/index';
import type { OptionSpec, ParsedArgs } from './args';

/** Where output goes: a Node stream, or anything with `write` in tests. */
export interface OutputSink {
  write(chunk: string | Uint8Array): unknown;
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

/** The import options the command line asks for (`--input-format`). */
export function importOptionsOf(args: ParsedArgs): ImportOptions {
  const format = args.values.get(INPUT_FORMAT_OPTION.name);
  return format === undefined ? {} : { format: format as ImportOptions['format'] };
}

/** The file name that means standard input (for reading) or standard output (for writing). */
export const STANDARD_STREAM = '-';

/**
 * Replaces the characters a terminal acts on instead of printing (C0 controls such as ESC, DEL,
 * C1 controls) with U+FFFD, so that a frame name or a path from a profile cannot move the cursor,
 * recolour the screen or rewrite a line. Line breaks go too: a caller that prints several lines
 * cleans each one.
 */
export function sanitizeForTerminal(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '\ufffd');
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
 * Writes `data` to a file, or to standard output for `-`, gzip-compressed or not as `gzip` says
 * (data that is already gzip is decompressed when `gzip` is false, so the caller need not know
 * what an exporter returns). A file is written to a temporary name beside it and renamed over the
 * target, so a failed or interrupted run never leaves a half-written file where the output was
 * expected, and an existing file is replaced only by a complete one.
 */
export async function writeOutput(
  path: string,
  data: string | Uint8Array,
  io: CliIo,
  { gzip }: { gzip: boolean },
): Promise<void> {
  const bytes = encode(data, gzip);
  if (path === STANDARD_STREAM) {
    io.stdout.write(bytes);
    return;
  }
  const target = resolve(io.cwd, path);
  const temporary = join(
    dirname(target),
    `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await writeFile(temporary, bytes, { flag: 'wx' });
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new FlamekitError(
      'invalid-argument',
      `cannot write ${displayName(path)}: ${describeFileError(error, 'write')}`,
      { cause: error },
    );
  }
}

function encode(data: string | Uint8Array, gzip: boolean): Uint8Array {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  if (gzip === isGzip(bytes)) return bytes;
  return gzip ? gzipSync(bytes) : gunzipSync(bytes);
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
