import { IndexError } from '../../store/store-errors.js';

export { redactMessage, redactUrl } from '../connection-string.js';

/** The command that rebuilds the postgres index from the corpus. */
export const PG_FULL = 'rebuild it with `npm run reindex -- --engine postgres --full`';

/** No postgres index in this database (schema) yet. */
export class PgIndexMissingError extends IndexError {
  constructor(where: string) {
    super(where, `no index in ${where}`, 'build it with `npm run reindex -- --engine postgres`');
    this.name = 'PgIndexMissingError';
  }
}

/** The database holds an index of another schema or tokenizer version: rebuilt, never misread. */
export class PgIndexVersionError extends IndexError {
  constructor(where: string, detail: string) {
    super(where, `index in ${where} ${detail}`, PG_FULL);
    this.name = 'PgIndexVersionError';
  }
}

/** Another reindex holds the database's writer lock (an advisory lock). */
export class PgIndexLockedError extends IndexError {
  constructor(where: string, readonly pid: number) {
    super(where, `another reindex (database backend pid ${pid || 'unknown'}) is writing ${where}`, 'wait for it to finish; the lock goes with its connection');
    this.name = 'PgIndexLockedError';
  }
}

/** The database cannot be reached or answered with a failure that is not the query's fault. */
export class DatabaseUnavailableError extends IndexError {
  readonly status = 503;
  constructor(where: string, reason: string) {
    super(where, `database ${where} is unavailable: ${reason}`, 'check that PostgreSQL is running (`npm run db -- status`) and --database-url / DATABASE_URL');
    this.name = 'DatabaseUnavailableError';
  }
}

/** A search that ran longer than the statement timeout. */
export class SearchTimeoutError extends Error {
  readonly status = 503;
  constructor(readonly ms: number) {
    super(`the search took longer than ${ms} ms and was stopped; narrow the query`);
    this.name = 'SearchTimeoutError';
  }
}

/** Whether an error from `pg` means the server is gone or unreachable (rather than a bad query). */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  if (typeof e?.code === 'string' && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|EPIPE|EAI_AGAIN|57P01|57P02|57P03|08\w{3})$/.test(e.code)) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error|not queryable/i.test(e?.message ?? '');
}
