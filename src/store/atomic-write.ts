import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Prefix of temporary files; anything starting with it is debris of an interrupted write. */
export const TMP_PREFIX = '.tmp-';

/**
 * Write a file so that readers see the old content or the new, never a part:
 * temp file in the same directory, fsync, rename, fsync the directory.
 * `durable: false` skips the fsyncs (for caches, where a lost file is only re-computed).
 */
export function writeFileAtomic(dir: string, name: string, chunks: Uint8Array | Uint8Array[], durable = true): number {
  const tmp = join(dir, `${TMP_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}-${name}`);
  let bytes = 0;
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    for (const chunk of Array.isArray(chunks) ? chunks : [chunks]) {
      let off = 0;
      while (off < chunk.length) off += writeSync(fd, chunk, off, chunk.length - off);
      bytes += chunk.length;
    }
    if (durable) fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    tryUnlink(tmp);
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(tmp, join(dir, name));
  } catch (err) {
    tryUnlink(tmp);
    throw err;
  }
  if (durable) fsyncDir(dir);
  return bytes;
}

/** Make a rename durable: fsync the directory entry (not supported everywhere, hence best effort). */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // some filesystems refuse fsync on a directory; the rename itself is still atomic
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Remove a file if it is there. */
export function tryUnlink(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
