import type { PoolClient } from 'pg';
import type { CommitMeta, LastCommit } from '../engine.js';
import { unpackState } from './ingest-state.js';
import { PgIndexLockedError } from './pg-errors.js';
import { ident } from './schema.js';

/** The last commit's record, cleaning state and release hashes, read in one snapshot (what reindex plans from). */
export async function readLastCommit(client: PoolClient, schema: string): Promise<LastCommit> {
  const s = ident(schema);
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const meta = await client.query(`SELECT commit_meta FROM ${s}.meta`);
    const hashes = await client.query(`SELECT id, hash FROM ${s}.releases`);
    const state = await client.query(`SELECT state FROM ${s}.ingest_state`);
    await client.query('COMMIT');
    const text = (meta.rows[0] as { commit_meta: string | null } | undefined)?.commit_meta;
    const ingestState = unpackState((state.rows[0] as { state: Buffer } | undefined)?.state);
    return {
      meta: text ? { ...(JSON.parse(text) as CommitMeta), ...(ingestState === undefined ? {} : { ingestState }) } : undefined,
      hashes: new Map((hashes.rows as { id: string; hash: string }[]).map((r) => [r.id, r.hash])),
    };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/**
 * The writer lock: a session advisory lock on the connection given, so it goes when the process
 * does (a reindex killed with SIGKILL leaves no lock behind). Refused with the holder's pid; the
 * connection is released with the lock.
 */
export async function takeWriterLock(client: PoolClient, schema: string, where: string): Promise<{ release(): Promise<void> }> {
  const key = `prsearch-writer:${schema}`;
  const got = await client.query('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [key]);
  if (!(got.rows[0] as { ok: boolean }).ok) {
    const holder = await client.query(
      `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = (hashtext($1)::bigint & 4294967295)::oid LIMIT 1`,
      [key],
    );
    throw new PgIndexLockedError(where, Number((holder.rows[0] as { pid?: number } | undefined)?.pid ?? 0));
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
}
