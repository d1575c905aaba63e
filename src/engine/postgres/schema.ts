import type { PoolClient } from 'pg';
import { TOKENIZER_VERSION } from '../../analysis/terms.js';
import { PgIndexMissingError, PgIndexVersionError } from './pg-errors.js';
import { INCOMPLETE_PAIRS, lexeme } from './release-row.js';

/** Bump whenever a table, column or index below changes: a database of another version is rebuilt. */
export const SCHEMA_VERSION = 5;

/** A schema name as an SQL identifier (the names are the project's own, checked, never a user's text). */
export function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a valid schema name: ${JSON.stringify(name)} (lower-case letters, digits, _)`);
  return `"${name}"`;
}

/**
 * The tables of one index. `releases` holds each release whole (JSON) with the values filters and
 * facets read, and two tsvectors: `terms` (every term, for term queries) and `words` (whole terms
 * with positions, for phrases). `postings` holds term frequencies per field, from which BM25 is
 * computed with `terms`' document frequencies and `meta`'s release count and mean field lengths.
 */
export function schemaDdl(schema: string, access: 'gin' | 'rum' = 'gin'): string[] {
  const s = ident(schema);
  const ops = access === 'rum' ? 'USING rum (terms rum_tsvector_ops)' : 'USING gin (terms)';
  const wordOps = access === 'rum' ? 'USING rum (words rum_tsvector_ops)' : 'USING gin (words)';
  const pairOps = pairsIndex(access);
  return [
    `CREATE SCHEMA ${s}`,
    `CREATE TABLE ${s}.meta (
       one boolean PRIMARY KEY DEFAULT true CHECK (one),
       schema_version int NOT NULL,
       tokenizer_version int NOT NULL,
       generation text NOT NULL,
       built_at timestamptz NOT NULL,
       releases int NOT NULL,
       avg_title float8 NOT NULL,
       avg_body float8 NOT NULL,
       commit_meta text,
       -- the field lengths summed: a small commit updates the means without reading every release
       sum_title bigint NOT NULL DEFAULT 0,
       sum_body bigint NOT NULL DEFAULT 0)`,
    ...ingestStateDdl(s),
    `CREATE SEQUENCE ${s}.rel_seq`,
    `CREATE TABLE ${s}.releases (
       rel int PRIMARY KEY,
       id text NOT NULL UNIQUE,
       hash text NOT NULL,
       doc text NOT NULL,
       company text NOT NULL,
       company_words text[] NOT NULL,
       tickers text[] NOT NULL,
       day int NOT NULL,
       cik text NOT NULL,
       forms text[] NOT NULL,
       -- what it names (release.entities): code keys with how it writes each, registry ids, phases
       codes text[] NOT NULL,
       code_names text[] NOT NULL,
       trials text[] NOT NULL,
       phases text[] NOT NULL,
       len_title int NOT NULL,
       len_body int NOT NULL,
       terms tsvector NOT NULL,
       words tsvector NOT NULL,
       -- the pairs of words side by side (release-row.ts): a phrase's candidates, then checked by words
       pairs tsvector NOT NULL)`,
    `CREATE INDEX ON ${s}.releases ${ops}`,
    `CREATE INDEX ON ${s}.releases ${wordOps}`,
    `CREATE INDEX ON ${s}.releases ${pairOps}`,
    `CREATE INDEX ON ${s}.releases (day)`,
    `CREATE INDEX ON ${s}.releases USING gin (codes)`,
    `CREATE INDEX ON ${s}.releases USING gin (trials)`,
    // each code's spelling most releases naming it use (ties: the first in code-point order), for the code facet
    `CREATE TABLE ${s}.code_display (
       key text COLLATE "C" PRIMARY KEY,
       display text NOT NULL)`,
    `CREATE TABLE ${s}.postings (
       term text COLLATE "C" NOT NULL,
       rel int NOT NULL,
       tf_title int NOT NULL,
       tf_body int NOT NULL,
       -- the frequencies ride in the index: scoring a term reads its postings by index-only scan
       PRIMARY KEY (term, rel) INCLUDE (tf_title, tf_body))`,
    `CREATE INDEX ON ${s}.postings (rel)`,
    `CREATE TABLE ${s}.terms (
       term text COLLATE "C" PRIMARY KEY,
       df_title int NOT NULL,
       df_body int NOT NULL,
       releases int NOT NULL,
       shown text)`,
    `CREATE INDEX ON ${s}.terms USING gin (term gin_trgm_ops)`,
  ];
}

function pairsIndex(access: 'gin' | 'rum'): string {
  return access === 'rum' ? 'USING rum (pairs rum_tsvector_ops)' : 'USING gin (pairs)';
}

/** The ingester's cleaning state of the generation (packed), for cleaning new filings alone. */
function ingestStateDdl(s: string): string[] {
  return [`CREATE TABLE ${s}.ingest_state (one boolean PRIMARY KEY DEFAULT true CHECK (one), state bytea NOT NULL)`];
}

/**
 * Bring an index of an older schema up to this one where no release needs reading again (a
 * writer opening it: reindex). From 3: the cleaning state and the summed field lengths. From 4:
 * the pairs column, every release's holding INCOMPLETE_PAIRS alone (each is then a candidate for
 * every phrase and checked by `words`, as before: exact, not faster, until rewritten or rebuilt).
 * Returns whether it did; in one transaction.
 */
export async function migrateSchema(client: PoolClient, schema: string, found: { schema: number; tokenizer: number }): Promise<boolean> {
  if ((found.schema !== 3 && found.schema !== 4) || found.tokenizer !== TOKENIZER_VERSION) return false;
  const s = ident(schema);
  await client.query('BEGIN');
  try {
    if (found.schema === 3) {
      for (const sql of ingestStateDdl(s)) await client.query(sql);
      await client.query(`ALTER TABLE ${s}.meta ADD COLUMN sum_title bigint NOT NULL DEFAULT 0, ADD COLUMN sum_body bigint NOT NULL DEFAULT 0`);
      await client.query(
        `UPDATE ${s}.meta SET sum_title = coalesce((SELECT sum(len_title) FROM ${s}.releases), 0), sum_body = coalesce((SELECT sum(len_body) FROM ${s}.releases), 0)`,
      );
    }
    // (a constant default: no row is rewritten; dropped after, the rows keep it)
    await client.query(`ALTER TABLE ${s}.releases ADD COLUMN pairs tsvector NOT NULL DEFAULT '${lexeme(INCOMPLETE_PAIRS).replace(/'/g, "''")}'::tsvector`);
    await client.query(`ALTER TABLE ${s}.releases ALTER COLUMN pairs DROP DEFAULT`);
    const rum = await client.query(`SELECT 1 FROM pg_indexes WHERE schemaname = $1 AND tablename = 'releases' AND indexdef LIKE '%USING rum%'`, [schema]);
    await client.query(`CREATE INDEX ON ${s}.releases ${pairsIndex(rum.rows.length ? 'rum' : 'gin')}`);
    await client.query(`UPDATE ${s}.meta SET schema_version = $1`, [SCHEMA_VERSION]);
    await client.query('COMMIT');
    return true;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** What the meta row says about the index a schema holds, or undefined when there is none. */
export async function readSchemaVersion(client: PoolClient, schema: string): Promise<{ schema: number; tokenizer: number } | undefined> {
  const found = await client.query(`SELECT to_regclass($1) AS meta`, [`${ident(schema)}.meta`]);
  if ((found.rows[0] as { meta: string | null }).meta === null) return undefined;
  const meta = await client.query(`SELECT schema_version, tokenizer_version FROM ${ident(schema)}.meta`);
  const row = meta.rows[0] as { schema_version: number; tokenizer_version: number } | undefined;
  return row ? { schema: row.schema_version, tokenizer: row.tokenizer_version } : { schema: -1, tokenizer: -1 };
}

/** Refuse an index of another version (or none): the error names the fix. */
export function checkVersion(found: { schema: number; tokenizer: number } | undefined, where: string): void {
  if (!found) throw new PgIndexMissingError(where);
  if (found.schema !== SCHEMA_VERSION) throw new PgIndexVersionError(where, `has schema version ${found.schema}, this build uses ${SCHEMA_VERSION}`);
  if (found.tokenizer !== TOKENIZER_VERSION) throw new PgIndexVersionError(where, `was built with tokenizer ${found.tokenizer}, this build uses ${TOKENIZER_VERSION}`);
}

/**
 * Create the schema (a writer opening a database with none), or, with `replace` (a full
 * reindex), drop one of another version and create it anew. All in one transaction.
 */
export async function createSchema(client: PoolClient, schema: string, opts: { replace: boolean; access?: 'gin' | 'rum' }): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    if (opts.access === 'rum') await client.query('CREATE EXTENSION IF NOT EXISTS rum');
    if (opts.replace) await client.query(`DROP SCHEMA IF EXISTS ${ident(schema)} CASCADE`);
    for (const sql of schemaDdl(schema, opts.access)) await client.query(sql);
    await client.query(
      `INSERT INTO ${ident(schema)}.meta (schema_version, tokenizer_version, generation, built_at, releases, avg_title, avg_body) VALUES ($1, $2, $3, now(), 0, 0, 0)`,
      [SCHEMA_VERSION, TOKENIZER_VERSION, 'empty'],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
