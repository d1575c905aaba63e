import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Prefix of temporary files; anything starting with it is debris of an interrupted write. */
export const TMP_PREFIX = '.tmp-';

/**
 * A file written piece by piece so that readers see the old content or the new, never a part:
 * a temp file in the same directory until `finish` (fsync, rename, fsync the directory); `abort`
 * removes it. For files too large to hold whole in memory before writing (a full build's store).
 */
export class AtomicFileWriter {
  private readonly tmp: string;
  private fd: number | undefined;
  bytes = 0;

  constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly durable = true,
  ) {
    this.tmp = join(dir, `${TMP_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}-${name}`);
    this.fd = openSync(this.tmp, 'wx', 0o644);
  }

  write(chunk: Uint8Array): void {
    if (this.fd === undefined) throw new Error(`${this.name} is already finished`);
    try {
      let off = 0;
      // one write call takes at most 2 GiB - 1: an engine file's postings pass that at a few million releases
      while (off < chunk.length) off += writeSync(this.fd, chunk, off, Math.min(chunk.length - off, 1 << 30));
    } catch (err) {
      this.abort();
      throw err;
    }
    this.bytes += chunk.length;
  }

  /** Make the file visible under its name; how many bytes it has. */
  finish(): number {
    const fd = this.fd;
    if (fd === undefined) throw new Error(`${this.name} is already finished`);
    try {
      if (this.durable) fsyncSync(fd);
    } catch (err) {
      this.abort();
      throw err;
    }
    closeSync(fd);
    this.fd = undefined;
    try {
      renameSync(this.tmp, join(this.dir, this.name));
    } catch (err) {
      tryUnlink(this.tmp);
      throw err;
    }
    if (this.durable) fsyncDir(this.dir);
    return this.bytes;
  }

  /** Remove the temp file (nothing of it becomes visible). */
  abort(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    tryUnlink(this.tmp);
  }
}

/**
 * Write a file so that readers see the old content or the new, never a part:
 * temp file in the same directory, fsync, rename, fsync the directory.
 * `durable: false` skips the fsyncs (for caches, where a lost file is only re-computed).
 */
export function writeFileAtomic(dir: string, name: string, chunks: Uint8Array | Uint8Array[], durable = true): number {
  const w = new AtomicFileWriter(dir, name, durable);
  for (const chunk of Array.isArray(chunks) ? chunks : [chunks]) w.write(chunk);
  return w.finish();
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
