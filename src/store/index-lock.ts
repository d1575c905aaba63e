import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { IndexLockedError } from './store-errors.js';

export const LOCK_FILE = '.lock';

/** A held lock on an index directory. */
export interface IndexLock {
  release(): void;
  /** True when the lock of a dead process was taken over. */
  tookOver: boolean;
}

/** Is a process with this pid running (or at least present)? */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').split('\n')[0] ?? '', 10);
    return Number.isFinite(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function tryCreate(path: string): boolean {
  try {
    const fd = openSync(path, 'wx', 0o644);
    try {
      writeSync(fd, `${process.pid}\n${new Date().toISOString()}\n`);
    } catch (err) {
      // e.g. a full disk: leave no empty lock behind
      closeSync(fd);
      unlinkSync(path);
      throw err;
    }
    closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Take the index lock (an exclusive-create file holding our pid). A lock left by a dead
 * process is taken over; a live holder is waited for up to `waitMs`, then IndexLockedError.
 */
export async function acquireIndexLock(indexDir: string, waitMs = 0): Promise<IndexLock> {
  const path = join(indexDir, LOCK_FILE);
  const deadline = Date.now() + waitMs;
  let tookOver = false;
  for (;;) {
    if (tryCreate(path)) {
      return {
        tookOver,
        release: () => {
          if (readHolder(path) === process.pid) unlinkSync(path);
        },
      };
    }
    const holder = readHolder(path);
    if (holder === undefined || (holder !== process.pid && !isAlive(holder))) {
      // Half-written or stale: the writer died. Remove it and race for the create again.
      if (holder !== undefined || lockAgeMs(path) > 2000) {
        try {
          unlinkSync(path);
          tookOver = true;
        } catch {
          // someone else removed it first
        }
        continue;
      }
    }
    if (Date.now() >= deadline) throw new IndexLockedError(indexDir, holder ?? 0);
    await sleep(Math.min(200, Math.max(10, deadline - Date.now())));
  }
}

// An empty lock file is normal for an instant (created, pid not yet written): judge it by age.
function lockAgeMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
