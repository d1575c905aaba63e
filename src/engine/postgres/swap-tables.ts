import type { ClientBase } from 'pg';

/** The tables a full build writes anew. */
export const REBUILT = ['releases', 'postings', 'terms'] as const;
export type Rebuilt = (typeof REBUILT)[number];

/** Where a full build writes a table: beside the serving one, without indexes (`s`: the quoted schema). */
export const nextOf = (s: string, table: Rebuilt) => `${s}.${table}_next`;

/** An index built on a copy under a temporary name, and the name it takes when the copy is swapped in. */
export type Rename = [temp: string, name: string];

/**
 * Start a full build: empty copies of the tables beside the serving ones, without their indexes
 * (a load into indexed tables maintains the GIN indexes and the postings' key row by row; built
 * once at the end they are sorted in bulk), so searches keep reading the serving tables,
 * unblocked, while the copies load. Copies left by a build that was killed are dropped first.
 */
export async function createNextTables(client: ClientBase, s: string): Promise<void> {
  for (const t of REBUILT) {
    await client.query(`DROP TABLE IF EXISTS ${nextOf(s, t)}`);
    await client.query(`CREATE TABLE ${nextOf(s, t)} (LIKE ${s}.${t} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
  }
}

/** The serving table's indexes built on its loaded copy (once each, in bulk), under temporary names. */
export async function indexNextTable(client: ClientBase, schema: string, s: string, t: Rebuilt): Promise<Rename[]> {
  const renames: Rename[] = [];
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
  return renames;
}

/**
 * End a full build, in its transaction: the indexed copies put in the serving tables' place.
 * Searches wait only for this; a kill before the commit leaves the serving tables as they were.
 */
export async function swapInNextTables(client: ClientBase, s: string, renames: readonly Rename[]): Promise<void> {
  for (const t of REBUILT) await client.query(`DROP TABLE ${s}.${t}`);
  for (const t of REBUILT) await client.query(`ALTER TABLE ${nextOf(s, t)} RENAME TO ${t}`);
  for (const [temp, name] of renames) await client.query(`ALTER INDEX ${s}."${temp}" RENAME TO "${name}"`);
}
