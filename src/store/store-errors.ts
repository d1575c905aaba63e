/**
 * Errors of the index on disk. Each carries `reason` (what is wrong, for a summary or a log) and
 * `fix` (the command or step that mends it); the message is both, for people.
 */

const FULL = 'rebuild it with `npm run reindex -- --full`';

/** The base of the index's errors: a reason and its fix, kept apart. */
export class IndexError extends Error {
  constructor(readonly indexDir: string, readonly reason: string, readonly fix: string) {
    super(`${reason}; ${fix}`);
    this.name = 'IndexError';
  }
}

/** No index in the directory yet. */
export class IndexMissingError extends IndexError {
  constructor(indexDir: string) {
    super(indexDir, `no index in ${indexDir}`, 'build it with `npm run reindex`');
    this.name = 'IndexMissingError';
  }
}

/** The index was written by another format or tokenizer version: it must be rebuilt, never misread. */
export class IndexVersionError extends IndexError {
  constructor(indexDir: string, detail: string) {
    super(indexDir, `index in ${indexDir} ${detail}`, FULL);
    this.name = 'IndexVersionError';
  }
}

/** A file of the index is missing, truncated, unreadable or fails its checksum. */
export class IndexCorruptError extends IndexError {
  /** `detail`: what is damaged, without the folder (`reason` is the sentence with it). */
  constructor(indexDir: string, readonly detail: string) {
    super(indexDir, `index in ${indexDir} is damaged: ${detail}`, FULL);
    this.name = 'IndexCorruptError';
  }
}

/** Another reindex holds the lock. */
export class IndexLockedError extends IndexError {
  constructor(indexDir: string, readonly pid: number) {
    super(indexDir, `another reindex (pid ${pid}) is writing ${indexDir}`, `wait for it to finish, or remove ${indexDir}/.lock if that process is gone`);
    this.name = 'IndexLockedError';
  }
}

/** What went wrong, without the fix: for a summary that says what it does about it. */
export function reasonOf(err: unknown): string {
  return err instanceof IndexError ? err.reason : err instanceof Error ? err.message : String(err);
}
