import { randomBytes } from 'node:crypto';
import type { Client, PoolClient } from 'pg';
import type { Release } from '../../clean/release.js';
import type { CommitMeta } from '../engine.js';
import { copyInto } from './copy-rows.js';
import { copyBatch, POSTING_COLUMNS, RELEASE_COLUMNS } from './copy-batch.js';
import { loadNextTables, type NextTables } from './full-build.js';
import { withoutNul } from './compile-query.js';
import { packState } from './ingest-state.js';
import { nextOf, swapInNextTables } from './swap-tables.js';
import { ident } from './schema.js';

/** Changes gathered by `apply` for the next commit. */
export interface Staged {
  rebuild: boolean;
  upserts: Map<string, { release: Release; hash: string }>;
  removals: Set<string>;
}

export const emptyStage = (): Staged => ({ rebuild: false, upserts: new Map(), removals: new Set() });

/** The meta row after a commit: what `stats()` answers. */
export interface MetaRow {
  generation: string;
  built_at: Date;
  releases: number;
}

/** The channel a schema's commits are announced on (LISTEN/NOTIFY). */
export const channelOf = (schema: string) => `prsearch_${schema}`;

/**
 * Write the staged changes as one generation, in one transaction: a kill at any moment leaves the
 * previous generation (PostgreSQL rolls back what was not committed), and readers, each search
 * being one statement, see the old generation or the new one, never a mix.
 */
export async function writeCommit(client: PoolClient, schema: string, staged: Staged, meta: CommitMeta, connect: () => Promise<Client>): Promise<MetaRow> {
  const s = ident(schema);
  const upserts = [...staged.upserts.values()];
  // a full build loads, indexes and analyses copies of the tables before the transaction, which
  // swaps them in (full-build.ts)
  const lock = `prsearch-commit:${schema}`;
  // a full build's copies are one writer's at a time too (the lock is this session's: the
  // transaction's lock below is granted to it again)
  if (staged.rebuild) await client.query(`SELECT pg_advisory_lock(hashtext($1))`, [lock]);
  try {
    return await commitInTransaction(client, schema, s, staged, meta, upserts, staged.rebuild ? await loadNextTables(client, connect, schema, s, upserts) : undefined);
  } finally {
    if (staged.rebuild) await client.query(`SELECT pg_advisory_unlock(hashtext($1))`, [lock]).catch(() => undefined);
  }
}

async function commitInTransaction(
  client: PoolClient,
  schema: string,
  s: string,
  staged: Staged,
  meta: CommitMeta,
  upserts: { release: Release; hash: string }[],
  next: NextTables | undefined,
): Promise<MetaRow> {
  await client.query('BEGIN');
  try {
    await client.query('SET LOCAL statement_timeout = 0');
    // commits of one schema are serial (reindex holds the session lock; this covers other writers)
    await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`prsearch-commit:${schema}`]);
    // what the commit changes, to update the statistics by it: per term [title, body, releases]
    // document-frequency deltas, the field lengths, the release count, the codes named
    const delta = new Map<string, [number, number, number]>();
    const bump = (term: string, title: number, body: number, n: number) => {
      const d = delta.get(term);
      if (d) {
        d[0] += title;
        d[1] += body;
        d[2] += n;
      } else delta.set(term, [title, body, n]);
    };
    let lenTitle = next?.lenTitle ?? 0;
    let lenBody = next?.lenBody ?? 0;
    let releaseDelta = next ? upserts.length : 0;
    const codes = new Set<string>();
    const T = next ? { releases: nextOf(s, 'releases'), terms: nextOf(s, 'terms') } : { releases: `${s}.releases`, terms: `${s}.terms` };
    if (!next) {
      const ids = [...new Set([...staged.removals, ...staged.upserts.keys()])];
      if (ids.length) {
        const gone = await client.query(`DELETE FROM ${s}.releases WHERE id = ANY($1::text[]) RETURNING rel, len_title, len_body, codes`, [withoutNul(ids)]);
        const rows = gone.rows as { rel: number; len_title: number; len_body: number; codes: string[] }[];
        for (const r of rows) {
          lenTitle -= r.len_title;
          lenBody -= r.len_body;
          for (const c of r.codes) codes.add(c);
        }
        releaseDelta -= rows.length;
        if (rows.length) {
          const postings = await client.query(
            `WITH p AS (DELETE FROM ${s}.postings WHERE rel = ANY($1::int[]) RETURNING term, tf_title, tf_body)
             SELECT term, count(*) FILTER (WHERE tf_title > 0)::int AS t, count(*) FILTER (WHERE tf_body > 0)::int AS b, count(*)::int AS n FROM p GROUP BY term`,
            [rows.map((r) => r.rel)],
          );
          for (const r of postings.rows as { term: string; t: number; b: number; n: number }[]) bump(r.term, -r.t, -r.b, -r.n);
        }
      }
    }
    const display = new Map<string, string>();
    if (!next && upserts.length) {
      const rels = await client.query(`SELECT nextval('${s}.rel_seq')::int AS rel FROM generate_series(1, $1::int)`, [upserts.length]);
      const batch = copyBatch(upserts, (rels.rows as { rel: number }[]).map((r) => r.rel), true);
      for (const [term, t, b, n] of batch.df ?? []) bump(term, t, b, n);
      lenTitle += batch.lenTitle;
      lenBody += batch.lenBody;
      for (const c of batch.codes) codes.add(c);
      for (const [term, shown] of batch.display) display.set(term, shown);
      await copyInto(client, T.releases, RELEASE_COLUMNS, [batch.releases]);
      await copyInto(client, `${s}.postings`, POSTING_COLUMNS, [batch.postings]);
      releaseDelta += upserts.length;
    }
    if (delta.size) {
      // by the change alone: counting a common word's postings again would read most of the index
      const terms = [...delta.keys()];
      const d = [...delta.values()];
      // the upsert names the terms it brought to no release; only those are deleted
      const emptied = await client.query(
        `WITH up AS (INSERT INTO ${s}.terms AS t (term, df_title, df_body, releases) SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::int[])
           ON CONFLICT (term) DO UPDATE SET df_title = t.df_title + EXCLUDED.df_title, df_body = t.df_body + EXCLUDED.df_body, releases = t.releases + EXCLUDED.releases
           RETURNING t.term, t.releases)
         SELECT term FROM up WHERE releases <= 0`,
        [terms, d.map((x) => x[0]), d.map((x) => x[1]), d.map((x) => x[2])],
      );
      // joined with the list, never `term = ANY($1)`: given thousands of terms that shared
      // trigrams, the planner probed the trigram index once per element (a release of 4,000 new
      // terms: 8.2 s for this statement; 40,000: minutes)
      if (emptied.rows.length) {
        await client.query(`DELETE FROM ${s}.terms t USING unnest($1::text[]) AS d(term) WHERE t.term = d.term AND t.releases <= 0`, [(emptied.rows as { term: string }[]).map((r) => r.term)]);
      }
    }
    if (display.size) {
      await client.query(`UPDATE ${T.terms} t SET shown = d.shown FROM unnest($1::text[], $2::text[]) AS d(term, shown) WHERE t.term = d.term AND t.shown IS NULL`, [
        [...display.keys()],
        [...display.values()],
      ]);
    }
    // the code facet's spellings (as the memory backend reads them: over every release of the new
    // generation), for the codes the change names
    const spellings = (where: string) =>
      `INSERT INTO ${s}.code_display (key, display)
       SELECT DISTINCT ON (k) k, n FROM (
         SELECT c.k, coalesce(c.n, c.k) AS n, count(*) AS uses
         FROM ${T.releases} r, unnest(r.codes, r.code_names) AS c(k, n) WHERE c.k IS NOT NULL ${where} GROUP BY 1, 2) x
       ORDER BY k, uses DESC, n COLLATE "C"`;
    if (next) {
      await client.query(`DELETE FROM ${s}.code_display`);
      await client.query(spellings(''));
    } else if (codes.size) {
      const keys = [...codes];
      await client.query(`DELETE FROM ${s}.code_display WHERE key = ANY($1::text[])`, [keys]);
      await client.query(spellings('AND r.codes && $1::text[] AND c.k = ANY($1::text[])'), [keys]);
    }
    // the cleaning state goes with the generation it describes (none: the next reindex cleans everything)
    if (meta.ingestState === undefined) await client.query(`DELETE FROM ${s}.ingest_state`);
    else {
      await client.query(`INSERT INTO ${s}.ingest_state (state) VALUES ($1) ON CONFLICT (one) DO UPDATE SET state = EXCLUDED.state`, [packState(meta.ingestState)]);
    }
    if (next) await swapInNextTables(client, s, next.renames);
    const generation = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
    const { ingestState: _state, ...record } = meta;
    void _state;
    // the means as avg() computes them (numeric division of the integer sums), kept without a scan
    const keep = next ? '0' : '';
    const updated = await client.query(
      `UPDATE ${s}.meta SET generation = $1, built_at = now(), commit_meta = $2,
         releases = ${keep || 'releases'} + $3::int, sum_title = ${keep || 'sum_title'} + $4::bigint, sum_body = ${keep || 'sum_body'} + $5::bigint
       RETURNING generation, built_at, releases`,
      [generation, JSON.stringify(record), releaseDelta, lenTitle, lenBody],
    );
    await client.query(
      `UPDATE ${s}.meta SET avg_title = coalesce((sum_title::numeric / nullif(releases, 0))::float8, 0), avg_body = coalesce((sum_body::numeric / nullif(releases, 0))::float8, 0)`,
    );
    await client.query('SELECT pg_notify($1, $2)', [channelOf(schema), generation]);
    await client.query('COMMIT');
    return updated.rows[0] as MetaRow;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
