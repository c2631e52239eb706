import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import {
  access,
  chmod,
  chown,
  lstat,
  open,
  readlink,
  realpath,
  rename,
  rm,
  stat,
} from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';

/**
 * How the command line writes a file the user named, chosen from what is there:
 * - nothing (or a name in a directory the user may write): a new file, written under a temporary
 *   name beside it and renamed into place, so that a failed run leaves nothing half-written;
 * - a regular file the user may write: replaced the same way, keeping its mode (and, for root,
 *   its owner), so a 0600 file stays 0600; through a symlink, the file it points to is replaced
 *   and the link kept;
 * - a regular file that renaming would change in ways the user cannot restore (another owner or
 *   group, or more than one hard link): written in place;
 * - a device, a FIFO, a socket, a symlink to nothing, or a path through /proc (`/dev/stdout` is a
 *   link to `/proc/self/fd/1`): written in place, as `cat > path` would;
 * - a file the user may not write: refused (`EACCES`), even where renaming over it would work
 *   (a read-only file in a writable directory).
 */
export type OutputTarget =
  { kind: 'in-place'; path: string } | { kind: 'replace'; path: string; existing?: Stats };

const MAX_LINKS = 40;

export async function resolveOutputTarget(path: string): Promise<OutputTarget> {
  if (await passesThroughProc(path)) return { kind: 'in-place', path };
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    // A symlink to nothing is written through: the file is created where it points.
    const link = await lstat(path).catch(() => undefined);
    return link?.isSymbolicLink() ? { kind: 'in-place', path } : { kind: 'replace', path };
  }
  if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  if (!info.isFile()) return { kind: 'in-place', path };
  const target = await realpath(path);
  await access(target, constants.W_OK);
  return canReplace(info)
    ? { kind: 'replace', path: target, existing: info }
    : { kind: 'in-place', path: target };
}

/** Whether a file renamed over this one can be made the same: mode, owner, group, links. */
function canReplace(info: Stats): boolean {
  if (info.nlink > 1) return false;
  const uid = process.getuid?.();
  if (uid === undefined || uid === 0) return true;
  const groups = [process.getegid?.(), ...(process.getgroups?.() ?? [])];
  return info.uid === uid && groups.includes(info.gid);
}

/** Whether the path, or a link on the way to its file, is under /proc (or /dev/fd, its alias). */
async function passesThroughProc(path: string): Promise<boolean> {
  let current = resolve(path);
  for (let hop = 0; hop < MAX_LINKS; hop++) {
    if (/^\/(?:proc|dev\/fd)(?:\/|$)/.test(current)) return true;
    const info = await lstat(current).catch(() => undefined);
    if (!info?.isSymbolicLink()) return false;
    const link = await readlink(current);
    current = isAbsolute(link) ? link : join(dirname(current), link);
  }
  return false;
}

/** Writes `pieces` to the target as {@link resolveOutputTarget} chose it. */
export async function writeTarget(
  target: OutputTarget,
  pieces: Iterable<Uint8Array>,
): Promise<void> {
  if (target.kind === 'in-place') {
    const handle = await open(target.path, 'w');
    try {
      for (const piece of pieces) await handle.write(piece);
    } finally {
      await handle.close();
    }
    return;
  }
  const temporary = join(
    dirname(target.path),
    `.${basename(target.path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    const handle = await open(temporary, 'wx', 0o666);
    try {
      for (const piece of pieces) await handle.write(piece);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    const existing = target.existing;
    if (existing) {
      // chown first: it may clear set-id bits that chmod then restores.
      if (process.getuid?.() === 0) await chown(temporary, existing.uid, existing.gid);
      await chmod(temporary, existing.mode & 0o7777);
    }
    await rename(temporary, target.path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
