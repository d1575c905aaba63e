import pg from 'pg';
import type { Release } from '../../clean/release.js';
import type { CommitMeta, Engine, EngineAnswer, LastCommit, EngineChanges, EngineSearch, EngineStats, TermDictionary } from '../engine.js';
import { withoutNul } from './compile-query.js';
import { searchPostgres } from './pg-search.js';
import { DatabaseUnavailableError, isConnectionError, PgIndexLockedError, redactMessage, redactUrl, SearchTimeoutError } from './pg-errors.js';
import { pgTerms } from './pg-terms.js';
import { checkVersion, createSchema, ident, readSchemaVersion } from './schema.js';
import { channelOf, emptyStage, writeCommit, type MetaRow, type Staged } from './write-commit.js';

/** The slice of a pino logger the engine uses. */
export interface PgLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface PostgresEngineOptions {
  /** The connection string (its password is never logged or shown). */
  url: string;
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
}

const POLL_MS = 1000;

/** The postgres backend: one database (schema) any number of processes search and one writes. */
export class PostgresEngine implements Engine {
  readonly terms: TermDictionary;
  private staged: Staged = emptyStage();
  private current: EngineStats;
  private listener: pg.Client | undefined;
  private poll: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly where: string;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
    private readonly opts: PostgresEngineOptions,
    meta: MetaRow,
  ) {
    this.where = `${redactUrl(opts.url)} (schema ${schema})`;
    this.current = statsOf(meta);
    this.terms = pgTerms(schema, (text, values) => this.query(text, values));
  }

  /** Connect, check (or, for a writer, create) the schema, and read the generation it holds. */
  static async open(opts: PostgresEngineOptions): Promise<PostgresEngine> {
    const schema = opts.schema ?? 'prsearch';
    ident(schema);
    const timeout = Math.max(1, Math.trunc(opts.statementTimeoutMs ?? 5000));
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolSize ?? 8,
      // also how long a search waits for a free connection under load (a refused connect fails at once)
      connectionTimeoutMillis: 15_000,
      idleTimeoutMillis: 30_000,
      // enable_seqscan off: a word in most releases still reads them through the GIN index, never by
      // detoasting every release's tsvector in a sequential scan (190 of 380 ms at 10k, measured);
      // jit off: searches are short, and the disabled scan's cost made every one compile (2 s)
      options: `-c statement_timeout=${timeout} -c pg_trgm.similarity_threshold=0.2 -c enable_seqscan=off -c jit=off`,
    });
    // an idle connection the server drops must not crash the process: the next query reconnects
    pool.on('error', () => undefined);
    const where = `${redactUrl(opts.url)} (schema ${schema})`;
    try {
      const client = await pool.connect().catch((err: unknown) => {
        throw new DatabaseUnavailableError(where, redactMessage((err as Error).message, opts.url));
      });
      try {
        // the statement timeout bounds searches; opening (and creating a schema) is not one
        await client.query('SET statement_timeout = 0');
        const found = await readSchemaVersion(client, schema);
        if (!found && opts.create) await createSchema(client, schema, { replace: false, ...(opts.access ? { access: opts.access } : {}) });
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
        const engine = new PostgresEngine(pool, schema, opts, meta.rows[0] as MetaRow);
        if (opts.watch) await engine.follow();
        return engine;
      } finally {
        client.release();
      }
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw err;
    }
  }

  /** Run one statement on the pool; a lost or refused connection becomes DatabaseUnavailableError. */
  private async query(text: string, values: unknown[]): Promise<Record<string, unknown>[]> {
    try {
      return (await this.pool.query(text, values.map(withoutNul))).rows as Record<string, unknown>[];
    } catch (err) {
      throw this.mapError(err);
    }
  }

  private mapError(err: unknown): Error {
    if ((err as { code?: string }).code === '57014') return new SearchTimeoutError(this.opts.statementTimeoutMs ?? 5000);
    if (isConnectionError(err)) return new DatabaseUnavailableError(this.where, redactMessage((err as Error).message, this.opts.url));
    const e = err instanceof Error ? err : new Error(String(err));
    e.message = redactMessage(e.message, this.opts.url);
    return e;
  }

  search(req: EngineSearch): Promise<EngineAnswer> {
    return searchPostgres((text, values) => this.query(text, values), this.schema, req);
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
    if (opts?.rebuild) this.staged = { ...emptyStage(), rebuild: true };
    for (const id of changes.removals) {
      this.staged.upserts.delete(id);
      this.staged.removals.add(id);
    }
    for (const u of changes.upserts) this.staged.upserts.set(u.release.id, u);
  }

  async commit(meta: CommitMeta): Promise<EngineStats> {
    const staged = this.staged;
    const client = await this.connect();
    try {
      const row = await writeCommit(client, this.schema, staged, meta);
      this.staged = emptyStage();
      this.current = statsOf(row);
      // a small update leaves the statistics to autovacuum
      if (staged.rebuild || staged.upserts.size + staged.removals.size > Number(row.releases) / 10) await this.maintain(client);
      return this.current;
    } catch (err) {
      throw this.mapError(err);
    } finally {
      client.release();
    }
  }

  /**
   * After a commit: fresh planner statistics (a bulk load leaves none, and the planner then guesses
   * a common word's postings at a few dozen rows) and a VACUUM, so postings are read by index-only
   * scans: after a rebuild or a change of more than a tenth of the releases. Outside the commit's transaction (VACUUM cannot run in one); a
   * failure here loses nothing.
   */
  private async maintain(client: pg.PoolClient): Promise<void> {
    const s = ident(this.schema);
    try {
      await client.query('SET statement_timeout = 0');
      await client.query(`VACUUM (ANALYZE) ${s}.releases, ${s}.postings, ${s}.terms`);
    } catch (err) {
      this.opts.logger?.warn({ err: redactMessage((err as Error).message, this.opts.url) }, 'statistics not refreshed after the commit');
    } finally {
      await client.query('RESET statement_timeout').catch(() => undefined);
    }
  }

  /** The commit record and release hashes of the generation the database holds (what reindex plans the next run from). */
  async lastCommit(): Promise<LastCommit> {
    const client = await this.connect();
    try {
      // one snapshot for both
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const meta = await client.query(`SELECT commit_meta FROM ${ident(this.schema)}.meta`);
      const hashes = await client.query(`SELECT id, hash FROM ${ident(this.schema)}.releases`);
      await client.query('COMMIT');
      const text = (meta.rows[0] as { commit_meta: string | null } | undefined)?.commit_meta;
      return {
        meta: text ? (JSON.parse(text) as CommitMeta) : undefined,
        hashes: new Map((hashes.rows as { id: string; hash: string }[]).map((r) => [r.id, r.hash])),
      };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw this.mapError(err);
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
      const key = `prsearch-writer:${this.schema}`;
      const got = await client.query('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [key]);
      if (!(got.rows[0] as { ok: boolean }).ok) {
        const holder = await client.query(
          `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = (hashtext($1)::bigint & 4294967295)::oid LIMIT 1`,
          [key],
        );
        throw new PgIndexLockedError(this.where, Number((holder.rows[0] as { pid?: number } | undefined)?.pid ?? 0));
      }
      let released = false;
      return {
        release: async () => {
          if (released) return;
          released = true;
          await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
          client.release();
        },
      };
    } catch (err) {
      client.release();
      throw err instanceof PgIndexLockedError ? err : this.mapError(err);
    }
  }

  private async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (err) {
      throw this.mapError(err);
    }
  }

  async refresh(): Promise<void> {
    const rows = await this.query(`SELECT generation, built_at, releases FROM ${ident(this.schema)}.meta`, []);
    const row = rows[0] as MetaRow | undefined;
    if (row && row.generation !== this.current.generation) {
      this.current = statsOf(row);
      this.opts.logger?.info({ generation: row.generation, releases: row.releases }, 'index swapped');
    }
  }

  /** LISTEN for commits (reconnecting with backoff when the connection drops), and poll as a fallback. */
  private async follow(): Promise<void> {
    const listen = async (delay: number): Promise<void> => {
      if (this.closed) return;
      const client = new pg.Client({ connectionString: this.opts.url });
      client.on('notification', () => void this.refresh().catch(() => undefined));
      client.on('error', () => {
        this.listener = undefined;
        void client.end().catch(() => undefined);
        setTimeout(() => void listen(Math.min(delay * 2, 30_000)), delay).unref();
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${ident(channelOf(this.schema))}`);
        this.listener = client;
        if (this.closed) await client.end();
      } catch {
        void client.end().catch(() => undefined);
        setTimeout(() => void listen(Math.min(delay * 2, 30_000)), delay).unref();
      }
    };
    await listen(500);
    this.poll = setInterval(() => void this.refresh().catch(() => undefined), POLL_MS);
    this.poll.unref();
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
    clearInterval(this.poll);
    await this.listener?.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }
}

function statsOf(row: MetaRow): EngineStats {
  return { backend: 'postgres', releases: Number(row.releases), builtAt: new Date(row.built_at).toISOString(), generation: row.generation };
}
