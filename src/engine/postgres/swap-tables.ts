import type { PoolClient } from 'pg';

/** The tables a full build writes anew. */
export const REBUILT = ['releases', 'postings', 'terms'] as const;
type Rebuilt = (typeof REBUILT)[number];

/** Where a full build writes a table: beside the serving one, without indexes (`s`: the quoted schema). */
export const nextOf = (s: string, table: Rebuilt) => `${s}.${table}_next`;

/**
 * Start a full build: empty copies of the tables beside the serving ones, without their indexes
 * (a load into indexed tables maintains the GIN indexes and the postings' key row by row; built
 * once at the end they are sorted in bulk), so searches keep reading the serving tables,
 * unblocked, while the copies load.
 */
export async function createNextTables(client: PoolClient, s: string): Promise<void> {
  // the indexes are built once, at the end: with room to sort in memory
  await client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
  for (const t of REBUILT) {
    await client.query(`DROP TABLE IF EXISTS ${nextOf(s, t)}`);
    await client.query(`CREATE TABLE ${nextOf(s, t)} (LIKE ${s}.${t} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
  }
}

/**
 * End a full build, in its transaction: the serving tables' indexes built on the loaded copies
 * (once each, in bulk), then the copies put in their place. Searches wait only for the swap at
 * the end; a kill before the commit leaves the serving tables as they were.
 */
export async function swapInNextTables(client: PoolClient, schema: string, s: string): Promise<void> {
  const renames: [string, string][] = [];
  for (const t of REBUILT) {
    const defs = await client.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = $2 ORDER BY indexname`, [schema, t]);
    for (const { indexname, indexdef } of defs.rows as { indexname: string; indexdef: string }[]) {
      const temp = `${indexname.slice(0, 55)}_next`;
      // the definition as the catalogue gives it, on the copy, under a temporary name
      const on = indexdef.indexOf(' ON ');
      const using = indexdef.indexOf(' USING ');
      if (on < 0 || using < on) throw new Error(`cannot read the definition of index ${indexname}`);
      const head = indexdef.slice(0, on).replace(/INDEX \S+$/, `INDEX "${temp}"`);
      await client.query(`${head} ON ${nextOf(s, t)}${indexdef.slice(using)}`);
      renames.push([temp, indexname]);
    }
  }
  for (const t of REBUILT) await client.query(`DROP TABLE ${s}.${t}`);
  for (const t of REBUILT) await client.query(`ALTER TABLE ${nextOf(s, t)} RENAME TO ${t}`);
  for (const [temp, name] of renames) await client.query(`ALTER INDEX ${s}."${temp}" RENAME TO "${name}"`);
}
