import pg from 'pg';
import type { CommitMeta, EngineChanges, LastCommit } from '../engine.js';
import { readLastCommit, takeWriterLock } from './commit-records.js';
import { PgIndexLockedError } from './pg-errors.js';
import { ident } from './schema.js';
import { emptyStage, writeCommit, type MetaRow, type Staged } from './write-commit.js';

/** What the writer needs of the engine it writes for. */
export interface PgWriterContext {
  /** Where writes, locks and commit records go. */
  primary: pg.Pool;
  /** The primary's connection string, for connections outside the pool. */
  url: string;
  schema: string;
  /** The database and schema, as error messages name them (password redacted). */
  where: string;
  /** The engine's error mapping (timeouts, lost connections, passwords redacted). */
  mapError(err: unknown): Error;
  redact(message: string): string;
  warn(obj: object, msg: string): void;
}

const heard = new WeakSet<pg.PoolClient>();

/**
 * The postgres write path: changes staged by `apply`, written as one generation by `commit`, and
 * the writer lock and commit records reindex works from, all on the primary.
 */
export class PgWriter {
  private staged: Staged = emptyStage();

  constructor(private readonly ctx: PgWriterContext) {}

  stage(changes: EngineChanges, rebuild: boolean): void {
    if (rebuild) this.staged = { ...emptyStage(), rebuild: true };
    for (const id of changes.removals) {
      this.staged.upserts.delete(id);
      this.staged.removals.add(id);
    }
    for (const u of changes.upserts) this.staged.upserts.set(u.release.id, u);
  }

  /**
   * Write what is staged as one generation. `committed` hears the new meta row as soon as it is
   * committed, before the statistics are refreshed (which can take a while and cannot fail the commit).
   */
  async commit(meta: CommitMeta, committed: (row: MetaRow) => void): Promise<void> {
    const staged = this.staged;
    const client = await this.connect();
    try {
      const row = await writeCommit(client, this.ctx.schema, staged, meta, () => this.connectApart());
      this.staged = emptyStage();
      committed(row);
      // a full build analysed its tables before swapping them in; a small update leaves the statistics to autovacuum
      if (!staged.rebuild && staged.upserts.size + staged.removals.size > Number(row.releases) / 10) await this.maintain(client);
    } catch (err) {
      throw this.ctx.mapError(err);
    } finally {
      client.release();
    }
  }

  /**
   * After a commit: fresh planner statistics (a bulk load leaves none, and the planner then guesses
   * a common word's postings at a few dozen rows) and a VACUUM, so postings are read by index-only
   * scans: after a rebuild or a change of more than a tenth of the releases. Outside the commit's
   * transaction (VACUUM cannot run in one); a failure here loses nothing.
   */
  private async maintain(client: pg.PoolClient): Promise<void> {
    const s = ident(this.ctx.schema);
    try {
      await client.query('SET statement_timeout = 0');
      await client.query(`VACUUM (ANALYZE) ${s}.releases, ${s}.postings, ${s}.terms`);
    } catch (err) {
      this.ctx.warn({ err: this.ctx.redact((err as Error).message) }, 'statistics not refreshed after the commit');
    } finally {
      await client.query('RESET statement_timeout').catch(() => undefined);
    }
  }

  /** The commit record and release hashes of the generation the database holds (what reindex plans the next run from). */
  async lastCommit(): Promise<LastCommit> {
    const client = await this.connect();
    try {
      return await readLastCommit(client, this.ctx.schema);
    } catch (err) {
      throw this.ctx.mapError(err);
    } finally {
      client.release();
    }
  }

  /**
   * The writer lock: a session advisory lock on a connection of its own, so it goes when the
   * process does (a reindex killed with SIGKILL leaves no lock behind).
   */
  async lockWriter(): Promise<{ release(): Promise<void> }> {
    const client = await this.connect();
    try {
      return await takeWriterLock(client, this.ctx.schema, this.ctx.where);
    } catch (err) {
      client.release();
      throw err instanceof PgIndexLockedError ? err : this.ctx.mapError(err);
    }
  }

  /** A connection to the primary outside the pool (a full build's parallel loads), ended by its user. */
  private async connectApart(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.ctx.url });
    // a dropped connection fails the statement it runs; it must not crash the process too
    client.on('error', () => undefined);
    try {
      await client.connect();
      return client;
    } catch (err) {
      throw this.ctx.mapError(err);
    }
  }

  /** A connection to the primary (writes, locks, commit records). */
  private async connect(): Promise<pg.PoolClient> {
    try {
      const client = await this.ctx.primary.connect();
      // a connection dropped while checked out fails the statement it runs (and the caller says
      // so); the pool listens only to idle ones, and an unheard 'error' would end the process
      if (!heard.has(client)) {
        heard.add(client);
        client.on('error', () => undefined);
      }
      return client;
    } catch (err) {
      throw this.ctx.mapError(err);
    }
  }
}
