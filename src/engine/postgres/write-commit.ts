import { randomBytes } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { Release } from '../../clean/release.js';
import type { CommitMeta } from '../engine.js';
import { arrayLiteral, copyInto, copyLine, copyText } from './copy-rows.js';
import { withoutNul } from './compile-query.js';
import { releaseRow } from './release-row.js';
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
export async function writeCommit(client: PoolClient, schema: string, staged: Staged, meta: CommitMeta): Promise<MetaRow> {
  const s = ident(schema);
  await client.query('BEGIN');
  try {
    await client.query('SET LOCAL statement_timeout = 0');
    // commits of one schema are serial (reindex holds the session lock; this covers other writers)
    await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`prsearch-commit:${schema}`]);
    const affected = new Set<string>();
    if (staged.rebuild) {
      await client.query(`DELETE FROM ${s}.postings`);
      await client.query(`DELETE FROM ${s}.releases`);
      await client.query(`DELETE FROM ${s}.terms`);
    } else {
      const ids = [...new Set([...staged.removals, ...staged.upserts.keys()])];
      if (ids.length) {
        const gone = await client.query(
          `WITH d AS (DELETE FROM ${s}.releases WHERE id = ANY($1::text[]) RETURNING rel) DELETE FROM ${s}.postings p USING d WHERE p.rel = d.rel RETURNING p.term`,
          [withoutNul(ids)],
        );
        for (const row of gone.rows as { term: string }[]) affected.add(row.term);
      }
    }
    const upserts = [...staged.upserts.values()];
    const display = new Map<string, string>();
    if (upserts.length) {
      const rels = await client.query(`SELECT nextval('${s}.rel_seq')::int AS rel FROM generate_series(1, $1::int)`, [upserts.length]);
      const relOf = (rels.rows as { rel: number }[]).map((r) => r.rel);
      const postingLines: string[] = [];
      function* releaseLines(): Generator<string> {
        for (let i = 0; i < upserts.length; i++) {
          const { release, hash } = upserts[i]!;
          const row = releaseRow(release, hash);
          const rel = relOf[i]!;
          for (const [term, [title, body]] of row.postings) {
            postingLines.push(copyLine([copyText(term), rel, title, body]));
            if (!staged.rebuild) affected.add(term);
          }
          for (const [term, shown] of row.display) if (!display.has(term)) display.set(term, shown);
          yield copyLine([
            rel, copyText(row.id), copyText(row.hash), copyText(row.doc), copyText(row.company), copyText(arrayLiteral(row.companyWords)),
            copyText(arrayLiteral(row.tickers)), row.day, copyText(row.cik), copyText(arrayLiteral(row.forms)),
            copyText(arrayLiteral(row.codes)), copyText(arrayLiteral(row.codeNames)), copyText(arrayLiteral(row.trials)), copyText(arrayLiteral(row.phases)),
            row.lenTitle, row.lenBody,
            copyText(row.terms), copyText(row.words),
          ]);
        }
      }
      await copyInto(client, `${s}.releases`, ['rel', 'id', 'hash', 'doc', 'company', 'company_words', 'tickers', 'day', 'cik', 'forms', 'codes', 'code_names', 'trials', 'phases', 'len_title', 'len_body', 'terms', 'words'], releaseLines());
      await copyInto(client, `${s}.postings`, ['term', 'rel', 'tf_title', 'tf_body'], postingLines);
    }
    const counts = `SELECT term, count(*) FILTER (WHERE tf_title > 0), count(*) FILTER (WHERE tf_body > 0), count(*) FROM ${s}.postings`;
    if (staged.rebuild) {
      await client.query(`INSERT INTO ${s}.terms (term, df_title, df_body, releases) ${counts} GROUP BY term`);
    } else if (affected.size) {
      const list = [...affected];
      await client.query(`DELETE FROM ${s}.terms t WHERE t.term = ANY($1::text[]) AND NOT EXISTS (SELECT 1 FROM ${s}.postings p WHERE p.term = t.term)`, [list]);
      await client.query(
        `INSERT INTO ${s}.terms (term, df_title, df_body, releases) ${counts} WHERE term = ANY($1::text[]) GROUP BY term
         ON CONFLICT (term) DO UPDATE SET df_title = EXCLUDED.df_title, df_body = EXCLUDED.df_body, releases = EXCLUDED.releases`,
        [list],
      );
    }
    if (display.size) {
      await client.query(`UPDATE ${s}.terms t SET shown = d.shown FROM unnest($1::text[], $2::text[]) AS d(term, shown) WHERE t.term = d.term AND t.shown IS NULL`, [
        [...display.keys()],
        [...display.values()],
      ]);
    }
    // the code facet's spellings, over every release of the new generation (as the memory backend reads them)
    await client.query(`DELETE FROM ${s}.code_display`);
    await client.query(
      `INSERT INTO ${s}.code_display (key, display)
       SELECT DISTINCT ON (k) k, n FROM (
         SELECT c.k, coalesce(c.n, c.k) AS n, count(*) AS uses
         FROM ${s}.releases r, unnest(r.codes, r.code_names) AS c(k, n) WHERE c.k IS NOT NULL GROUP BY 1, 2) x
       ORDER BY k, uses DESC, n COLLATE "C"`,
    );
    const generation = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
    const updated = await client.query(
      `UPDATE ${s}.meta SET generation = $1, built_at = now(), commit_meta = $2,
         releases = (SELECT count(*) FROM ${s}.releases),
         avg_title = coalesce((SELECT avg(len_title) FROM ${s}.releases), 0),
         avg_body = coalesce((SELECT avg(len_body) FROM ${s}.releases), 0)
       RETURNING generation, built_at, releases`,
      [generation, JSON.stringify(meta)],
    );
    await client.query('SELECT pg_notify($1, $2)', [channelOf(schema), generation]);
    await client.query('COMMIT');
    return updated.rows[0] as MetaRow;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
