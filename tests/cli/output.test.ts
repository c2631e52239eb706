import { execFile, spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import {
  chmod,
  chown,
  link,
  lstat,
  mkdtemp,
  readFile,
  readlink,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importProfile } from '../../src/core';
import { runCli } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';

/**
 * Where the command line's output goes: a terminal (a real pseudo-terminal from util-linux's
 * `script`) gets control and bidi characters escaped, a pipe gets names as they are; files are
 * replaced atomically only when they are regular files the user may write, and everything else
 * (FIFOs, devices, links into /proc) is written in place.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const SPAWN_TIMEOUT = 30_000;
const NAMES = 'main;evil\u001b[31mred\u0007\u009b 5\nmain;rtl\u202eevil 3\n';

let temp: string;
let profile: string;
beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'flamekit-output-'));
  await chmod(temp, 0o777); // the user `nobody` writes here in one test
  profile = join(temp, 'names.folded');
  await writeFile(profile, NAMES);
});
afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
});

const CLI = ['--import', 'tsx', join(ROOT, 'src/cli/main.ts')];

/**
 * Runs the command with its standard output on a pseudo-terminal (`columns` wide when given);
 * returns what it printed.
 */
function inTerminal(args: string[], columns?: number): Promise<{ code: number; output: string }> {
  const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;
  const command =
    (columns ? `stty cols ${columns}; ` : '') +
    [process.execPath, ...CLI, ...args].map(quote).join(' ');
  return new Promise((done, fail) => {
    execFile(
      'script',
      ['--quiet', '--return', '--command', command, '/dev/null'],
      { cwd: ROOT, timeout: SPAWN_TIMEOUT, env: { ...process.env, TERM: 'dumb' } },
      (error, stdout) => {
        const code = error ? error.code : 0;
        if (typeof code !== 'number') fail(error);
        // The terminal turns line feeds into CR LF.
        else done({ code, output: stdout.replace(/\r\n/g, '\n') });
      },
    );
  });
}

/**
 * The command line as one file in the shared temporary folder, for another user to run: that
 * user may not be able to read the checkout (a fresh clone in a private folder), so neither tsx
 * nor the sources are reachable there.
 */
async function bundleCliForOthers(): Promise<string> {
  const outfile = join(temp, 'flamekit-cli.mjs');
  await build({
    entryPoints: [join(ROOT, 'src/cli/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    external: ['@napi-rs/canvas', 'canvas'],
    logLevel: 'silent',
  });
  await chmod(outfile, 0o644);
  return outfile;
}

/** Runs the command with its standard output on a pipe, as another user when `uid` is given. */
async function inPipe(
  args: string[],
  uid?: number,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const program = uid === undefined ? CLI : [await bundleCliForOthers()];
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [...program, ...args],
      {
        cwd: uid === undefined ? ROOT : temp,
        timeout: SPAWN_TIMEOUT,
        ...(uid !== undefined && { uid, gid: uid }),
      },
      (error, stdout, stderr) => {
        const code = error ? error.code : 0;
        if (typeof code !== 'number') fail(error);
        else done({ code, stdout, stderr });
      },
    );
  });
}

/** Runs the command in `sh` with its standard output piped into `cat`. */
function inShellPipe(args: string[]): Promise<{ code: number; stdout: string }> {
  const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;
  const command = `${[process.execPath, ...CLI, ...args].map(quote).join(' ')} | cat`;
  return new Promise((done, fail) => {
    execFile('sh', ['-c', command], { cwd: ROOT, timeout: SPAWN_TIMEOUT }, (error, stdout) => {
      const code = error ? error.code : 0;
      if (typeof code !== 'number') fail(error);
      else done({ code, stdout });
    });
  });
}

async function inProcess(args: string[]) {
  const stderr: string[] = [];
  const io: CliIo = {
    stdout: { write: () => true },
    stderr: { write: (chunk) => stderr.push(String(chunk)) },
    cwd: temp,
  };
  return { code: await runCli(args, io), stderr: stderr.join('') };
}

// C0 (but tab and line feed), DEL, C1 and the bidi formatting characters.
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- looking for control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

// Each case starts Node and tsx once or twice: seconds on a loaded machine, not a timing.
describe(
  'output to a terminal is escaped, to a pipe it is as it is',
  { timeout: SPAWN_TIMEOUT },
  () => {
    it('top', async () => {
      const terminal = await inTerminal(['top', profile]);
      expect(terminal.code).toBe(0);
      expect(terminal.output).not.toMatch(UNSAFE);
      expect(terminal.output).toContain('evil\\x1b[31mred\\x07\\x9b');
      expect(terminal.output).toContain('rtl\\u202eevil');
      const pipe = await inPipe(['top', profile]);
      expect(pipe.stdout).toContain('evil\u001b[31mred\u0007\u009b');
      expect(pipe.stdout).toContain('rtl\u202eevil');
    });

    it('top fits names to the width of a terminal, cut in the middle; a pipe gets them whole', async () => {
      const real = join(ROOT, 'tests/fixtures/profiles/pprof/go/concourse-web-cpu-300s.pb.gz');
      const args = ['top', real, '--sort', 'total', '--limit', '30'];
      const rowsOf = (output: string) => output.trimEnd().split('\n').slice(3);
      const whole = rowsOf((await inPipe(args)).stdout);
      expect(whole.some((line) => line.length > 72)).toBe(true);
      const terminal = await inTerminal(args, 72);
      expect(terminal.code).toBe(0);
      const fitted = rowsOf(terminal.output);
      expect(fitted).toHaveLength(whole.length);
      let cut = 0;
      for (const [index, line] of fitted.entries()) {
        expect(Array.from(line).length, line).toBeLessThanOrEqual(72);
        if (line === whole[index]) continue;
        // Cut in the middle: the start and the end of the whole line, around one ellipsis.
        const [head, tail] = line.split('…');
        expect(whole[index].startsWith(head) && whole[index].endsWith(tail), line).toBe(true);
        expect(Array.from(line).length).toBe(72);
        cut++;
      }
      expect(cut).toBeGreaterThan(0);
    });

    it('top --json stays valid JSON with the real names', async () => {
      const terminal = await inTerminal(['top', profile, '--json']);
      expect(terminal.output).not.toMatch(UNSAFE);
      const names = (output: string) =>
        (JSON.parse(output) as { rows: { name: string }[] }).rows.map((row) => row.name).sort();
      const expected = ['evil\u001b[31mred\u0007\u009b', 'main', 'rtl\u202eevil'];
      expect(names(terminal.output)).toEqual(expected);
      expect(names((await inPipe(['top', profile, '--json'])).stdout)).toEqual(expected);
    });

    it('convert -o - writes folded text escaped, and refuses gzip', async () => {
      const terminal = await inTerminal(['convert', profile, '--format', 'folded', '-o', '-']);
      expect(terminal.code).toBe(0);
      expect(terminal.output).not.toMatch(UNSAFE);
      expect(terminal.output).toContain('main;rtl\\u202eevil 3');
      const pprof = await inTerminal(['convert', profile, '--format', 'pprof', '-o', '-']);
      expect(pprof.code).toBe(1);
      expect(pprof.output).toContain('standard output is a terminal');
      expect((await inPipe(['convert', profile, '--format', 'folded', '-o', '-'])).stdout).toBe(
        NAMES,
      );
    });
  },
);

describe('output files', { timeout: SPAWN_TIMEOUT }, () => {
  it('replaces a regular file atomically and keeps its mode', async () => {
    const out = join(temp, 'private.folded');
    await writeFile(out, 'old');
    await chmod(out, 0o600);
    expect((await inProcess(['convert', profile, '-o', out])).code).toBe(0);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    expect(await readFile(out, 'utf8')).toBe(NAMES);
  });

  it('writes through a symlink to its target, and keeps the link', async () => {
    const target = join(temp, 'target.folded');
    const link = join(temp, 'link.folded');
    await writeFile(target, 'old');
    await symlink(target, link);
    expect((await inProcess(['convert', profile, '-o', link])).code).toBe(0);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe(target);
    expect(await readFile(target, 'utf8')).toBe(NAMES);
  });

  it('writes into a FIFO in place, for whoever reads it', async () => {
    const fifo = join(temp, 'pipe.folded');
    await new Promise<void>((done, fail) =>
      spawn('mkfifo', [fifo]).on('exit', (code) =>
        code === 0 ? done() : fail(new Error('mkfifo')),
      ),
    );
    const received: Buffer[] = [];
    const reading = new Promise<void>((done) =>
      createReadStream(fifo)
        .on('data', (chunk) => received.push(chunk as Buffer))
        .on('end', done),
    );
    // A second name for the FIFO: if the writer never opens it (and renames a file over the
    // first name), the reader would wait for ever; opening this one after a while lets it end.
    const spare = `${fifo}.spare`;
    await link(fifo, spare);
    const writing = inProcess(['convert', profile, '-o', fifo]);
    const timeout = setTimeout(() => void writeFile(spare, '').catch(() => undefined), 3_000);
    const [{ code }] = await Promise.all([writing, reading]);
    clearTimeout(timeout);
    expect(code).toBe(0);
    expect(Buffer.concat(received).toString('utf8')).toBe(NAMES);
    expect((await lstat(fifo)).isFIFO()).toBe(true);
  });

  it('writes through a link into /proc (as /dev/stdout is) without replacing the link', async () => {
    const link = join(temp, 'stdout-link');
    await symlink('/proc/self/fd/1', link);
    // Through a shell's pipe: Node's own child stdio is a socket, which /proc cannot reopen.
    const run = await inShellPipe(['convert', profile, '--format', 'folded', '-o', link]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(NAMES);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    // A device behind a link is written in place too.
    const devNull = join(temp, 'null-link');
    await symlink('/dev/null', devNull);
    expect((await inProcess(['convert', profile, '--format', 'folded', '-o', devNull])).code).toBe(
      0,
    );
    expect((await lstat(devNull)).isSymbolicLink()).toBe(true);
    expect((await stat('/dev/null')).isCharacterDevice()).toBe(true);
  });

  it('refuses a file the user may not write, even in a directory they may write', async () => {
    const out = join(temp, 'not-yours.folded');
    await writeFile(out, 'old');
    await chmod(out, 0o444);
    const isRoot = process.getuid?.() === 0;
    // As root, whom no mode stops, the user is `nobody` and the file root's.
    if (isRoot) await chown(out, 0, 0);
    const run = isRoot
      ? await inPipe(['convert', profile, '-o', out], 65534)
      : { ...(await inProcess(['convert', profile, '-o', out])), stdout: '' };
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('permission denied');
    expect(await readFile(out, 'utf8')).toBe('old');
    expect((await stat(out)).mode & 0o777).toBe(0o444);
  });

  it('streams a large output in pieces to a gzip file that reads back whole', async () => {
    const lines = Array.from({ length: 40_000 }, (_, i) => `main;${'f'.repeat(40)}${i} ${i + 1}`);
    const input = join(temp, 'large.folded');
    await writeFile(input, `${lines.join('\n')}\n`);
    const out = join(temp, 'large.folded.gz');
    expect((await inProcess(['convert', input, '-o', out])).code).toBe(0);
    const back = importProfile(await readFile(out));
    expect(back.tree().total[0]).toBe((40_000 * 40_001) / 2);
  });
});
