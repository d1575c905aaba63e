/** Errors of the index on disk; every message names the command that fixes it. */

const FULL = '`npm run reindex -- --full`';

/** No index in the directory yet. */
export class IndexMissingError extends Error {
  constructor(readonly indexDir: string) {
    super(`no index in ${indexDir}; build it with \`npm run reindex\``);
    this.name = 'IndexMissingError';
  }
}

/** The index was written by another format or tokenizer version: it must be rebuilt, never misread. */
export class IndexVersionError extends Error {
  constructor(readonly indexDir: string, detail: string) {
    super(`index in ${indexDir} ${detail}; rebuild it with ${FULL}`);
    this.name = 'IndexVersionError';
  }
}

/** A file of the index is missing, truncated or unreadable. */
export class IndexCorruptError extends Error {
  constructor(readonly indexDir: string, detail: string) {
    super(`index in ${indexDir} is damaged: ${detail}; rebuild it with ${FULL}`);
    this.name = 'IndexCorruptError';
  }
}

/** Another reindex holds the lock. */
export class IndexLockedError extends Error {
  constructor(readonly indexDir: string, readonly pid: number) {
    super(`another reindex (pid ${pid}) is writing ${indexDir}; wait for it to finish, or remove ${indexDir}/.lock if that process is gone`);
    this.name = 'IndexLockedError';
  }
}
