import pg from 'pg';
import type { Release } from '../../clean/release.js';
import type { CommitMeta, Engine, EngineAnswer, LastCommit, EngineChanges, EngineSearch, EngineStats, ReplicaStatus, TermDictionary } from '../engine.js';
import { withoutNul } from './compile-query.js';
import { searchPostgres } from './pg-search.js';
import { DatabaseUnavailableError, isConnectionError, redactMessage, redactUrl, SearchTimeoutError } from './pg-errors.js';
import { followCommits } from './follow-commits.js';
import { openPool } from './pg-pool.js';
import { runStatement, type PrepareMode } from './prepared.js';
import { pgTerms } from './pg-terms.js';
import { replicaLag } from './replica-lag.js';
import { checkVersion, createSchema, ident, migrateSchema, readSchemaVersion, SCHEMA_VERSION } from './schema.js';
import { PgWriter } from './pg-writer.js';
import { channelOf, type MetaRow } from './write-commit.js';

/** The slice of a pino logger the engine uses. */
export interface PgLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface PostgresEngineOptions {
  /** The connection string (its password is never logged or shown): the primary, which every write goes to. */
  url: string;
  /**
   * A streaming replica of `url` that searches and reads go to (a reader's option; writers ignore
   * it). Commits are still followed on the primary, and served once the replica has replayed them.
   */
  replicaUrl?: string;
  /** The schema holding the index (default `prsearch`): several indexes can share a database. */
  schema?: string;
  /**
   * A writer (reindex) creates the schema when there is none (`if-missing`), or also replaces one
   * of another version (`replace`, a full reindex). Readers never create anything.
   */
  create?: 'if-missing' | 'replace';
  /** Follow other processes' commits: LISTEN on the schema's channel, and a poll as a fallback. */
  watch?: boolean;
  /** Every search statement is stopped after this long (default 5000 ms). */
  statementTimeoutMs?: number;
  /** Connections in the pool (default 8). */
  poolSize?: number;
  logger?: PgLogger;
  /** The text index's access method (default GIN; RUM needs postgresql-15-rum). */
  access?: 'gin' | 'rum';
  /** Matches past which facets are counted over a sample of about this many (default FACET_SAMPLE). */
  facetSample?: number;
  /** How searches and reads are sent (prepared.ts; default `auto`: named statements, a generic plan only for a search of rare terms). */
  prepare?: PrepareMode;
  /** Terms in fewer releases than this are ranked by scoring every match (default BOUNDED_FROM; 0 always tries the headline candidates). */
  boundedFrom?: number;
}

/** The postgres backend: one database (schema) any number of processes search and one writes. */
export class PostgresEngine implements Engine {
  readonly terms: TermDictionary;
  private readonly writer: PgWriter;
  private current: EngineStats;
  private unfollow: (() => Promise<void>) | undefined;
  private closed = false;
  private readonly where: string;

  private constructor(
    /** Where searches and reads go: the replica when there is one, else the primary. */
    private readonly pool: pg.Pool,
    /** Where writes, locks and commit records go. */
    private readonly primary: pg.Pool,
    private readonly schema: string,
    private readonly opts: PostgresEngineOptions,
    meta: MetaRow,
  ) {
    this.where = `${redactUrl(opts.replicaUrl ?? opts.url)} (schema ${schema})`;
    this.current = statsOf(meta);
    this.terms = pgTerms(schema, (text, values) => this.query(text, values));
    this.writer = new PgWriter({
      primary,
      url: opts.url,
      schema,
      where: this.where,
      mapError: (err) => this.mapError(err),
      redact: (message) => this.redact(message),
      warn: (obj, msg) => this.opts.logger?.warn(obj, msg),
    });
  }

  /** Connect, check (or, for a writer, create) the schema, and read the generation it holds. */
  static async open(opts: PostgresEngineOptions): Promise<PostgresEngine> {
    const schema = opts.schema ?? 'prsearch';
    ident(schema);
    const timeout = Math.max(1, Math.trunc(opts.statementTimeoutMs ?? 5000));
    // a writer works on the primary alone: its commit records and locks are there
    const replicaUrl = opts.create ? undefined : opts.replicaUrl;
    const pool = openPool(replicaUrl ?? opts.url, { size: opts.poolSize ?? 8, timeoutMs: timeout, search: true, customPlans: opts.prepare === 'custom' });
    const primary = replicaUrl ? openPool(opts.url, { size: 2, timeoutMs: timeout, search: false }) : pool;
    const where = `${redactUrl(replicaUrl ?? opts.url)} (schema ${schema})`;
    const redact = (message: string) => redactMessage(redactMessage(message, opts.url), replicaUrl ?? opts.url);
    try {
      const client = await pool.connect().catch((err: unknown) => {
        throw new DatabaseUnavailableError(where, redact((err as Error).message));
      });
      try {
        // the statement timeout bounds searches; opening (and creating a schema) is not one
        await client.query('SET statement_timeout = 0');
        const found = await readSchemaVersion(client, schema);
        if (found && opts.create && (await migrateSchema(client, schema, found))) opts.logger?.info({ from: found.schema, to: SCHEMA_VERSION }, 'index schema migrated');
        else if (!found && opts.create) await createSchema(client, schema, { replace: false, ...(opts.access ? { access: opts.access } : {}) });
        else if (found && opts.create === 'replace') {
          try {
            checkVersion(found, where);
          } catch {
            await createSchema(client, schema, { replace: true, ...(opts.access ? { access: opts.access } : {}) });
          }
        } else checkVersion(found, where);
        checkVersion(await readSchemaVersion(client, schema), where);
        const meta = await client.query(`SELECT generation, built_at, releases FROM ${ident(schema)}.meta`);
        await client.query('RESET statement_timeout');
        const { replicaUrl: _asked, ...rest } = opts;
        void _asked;
        const engine = new PostgresEngine(pool, primary, schema, replicaUrl ? { ...rest, replicaUrl } : rest, meta.rows[0] as MetaRow);
        if (opts.watch) engine.unfollow = await followCommits(opts.url, ident(channelOf(schema)), (want) => engine.swap(want), () => engine.closed);
        return engine;
      } finally {
        client.release();
      }
    } catch (err) {
      await pool.end().catch(() => undefined);
      if (primary !== pool) await primary.end().catch(() => undefined);
      throw err;
    }
  }

  /** Run one statement on the pool; a lost or refused connection becomes DatabaseUnavailableError. */
  private async query(text: string, values: unknown[], pool = this.pool, plans?: 'generic' | 'custom'): Promise<Record<string, unknown>[]> {
    const params = values.map(withoutNul);
    const mode = this.opts.prepare ?? 'auto';
    try {
      return (await runStatement(pool, text, params, mode, plans)).rows as Record<string, unknown>[];
    } catch (err) {
      // a standby cancels a read whose rows replay is removing (40001, conflict with recovery): once more
      if ((err as { code?: string }).code !== '40001' || pool === this.primary) throw this.mapError(err);
      try {
        return (await runStatement(pool, text, params, mode, plans)).rows as Record<string, unknown>[];
      } catch (again) {
        throw this.mapError(again);
      }
    }
  }

  private redact(message: string): string {
    const out = redactMessage(message, this.opts.url);
    return this.opts.replicaUrl ? redactMessage(out, this.opts.replicaUrl) : out;
  }

  private mapError(err: unknown): Error {
    if ((err as { code?: string }).code === '57014') return new SearchTimeoutError(this.opts.statementTimeoutMs ?? 5000);
    if (isConnectionError(err)) return new DatabaseUnavailableError(this.where, this.redact((err as Error).message));
    const e = err instanceof Error ? err : new Error(String(err));
    e.message = this.redact(e.message);
    return e;
  }

  search(req: EngineSearch): Promise<EngineAnswer> {
    return searchPostgres((text, values, plans) => this.query(text, values, this.pool, plans), this.schema, req, { facetSample: this.opts.facetSample, boundedFrom: this.opts.boundedFrom });
  }

  async releases(ids: readonly string[]): Promise<(Release | undefined)[]> {
    if (ids.length === 0) return [];
    const rows = await this.query(`SELECT id, doc FROM ${ident(this.schema)}.releases WHERE id = ANY($1::text[])`, [ids.map((id) => id.replace(/\u0000/g, ''))]);
    const byId = new Map(rows.map((row) => [row['id'] as string, row['doc'] as string]));
    return ids.map((id) => {
      const doc = byId.get(id);
      return doc === undefined ? undefined : (JSON.parse(doc) as Release);
    });
  }

  stats(): EngineStats {
    return this.current;
  }

  async apply(changes: EngineChanges, opts?: { rebuild?: boolean }): Promise<void> {
    this.writer.stage(changes, opts?.rebuild === true);
  }

  async commit(meta: CommitMeta): Promise<EngineStats> {
    await this.writer.commit(meta, (row) => {
      this.current = statsOf(row);
    });
    return this.current;
  }

  /** The commit record and release hashes of the generation the database holds (what reindex plans the next run from). */
  lastCommit(): Promise<LastCommit> {
    return this.writer.lastCommit();
  }

  /** The writer lock, held until released or until the process ends (pg-writer.ts). */
  lockWriter(): Promise<{ release(): Promise<void> }> {
    return this.writer.lockWriter();
  }

  async refresh(): Promise<void> {
    await this.swap();
  }

  /** Serve the generation the read pool (the replica, if any) holds; true when it is `want` (or, without one, any). */
  private async swap(want?: string): Promise<boolean> {
    const rows = await this.query(`SELECT generation, built_at, releases FROM ${ident(this.schema)}.meta`, []);
    const row = rows[0] as MetaRow | undefined;
    if (row && row.generation !== this.current.generation) {
      this.current = statsOf(row);
      this.opts.logger?.info({ generation: row.generation, releases: row.releases }, 'index swapped');
    }
    return want === undefined || row?.generation === want;
  }

  /** With a replica: how far behind the primary it is (what /healthz reports while searches go on). */
  async replication(): Promise<ReplicaStatus | undefined> {
    if (!this.opts.replicaUrl) return undefined;
    return replicaLag((text, values) => this.query(text, values), (text, values) => this.query(text, values, this.primary), this.schema);
  }

  /** Whether the database answers now (for /healthz), with the reason when it does not. */
  async check(): Promise<string | undefined> {
    try {
      await this.query('SELECT 1', []);
      return undefined;
    } catch (err) {
      return (err as Error).message;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.unfollow?.();
    await this.pool.end().catch(() => undefined);
    if (this.primary !== this.pool) await this.primary.end().catch(() => undefined);
  }
}

function statsOf(row: MetaRow): EngineStats {
  return { backend: 'postgres', releases: Number(row.releases), builtAt: new Date(row.built_at).toISOString(), generation: row.generation };
}
