import type { Client, ClientBase } from 'pg';
import type { Release } from '../../clean/release.js';
import { bulkLoad, type Loaded } from './bulk-load.js';
import { createNextTables, indexNextTable, nextOf, type Rename } from './swap-tables.js';

/** Copies of the rebuilt tables, loaded, indexed and analysed, ready to be swapped in. */
export interface NextTables extends Loaded {
  renames: Rename[];
}

async function onSession<T>(client: ClientBase, run: () => Promise<T>): Promise<T> {
  // a load and its index builds: no timeout, and room to sort in memory
  await client.query(`SET statement_timeout = 0`);
  await client.query(`SET maintenance_work_mem = '256MB'`);
  try {
    return await run();
  } finally {
    await client.query('RESET statement_timeout').catch(() => undefined);
    await client.query('RESET maintenance_work_mem').catch(() => undefined);
  }
}

/**
 * The heavy part of a full build, before the commit's transaction: copies of `releases`,
 * `postings` and `terms` beside the serving ones, loaded by two COPYs at once (bulk-load.ts),
 * their indexes built and their planner statistics and visibility map made (VACUUM ANALYZE),
 * the two connections working in parallel. Nothing here is seen by searches, which read the
 * serving tables: a kill at any moment leaves the previous generation serving (the next full
 * build drops the copies it left), and the commit's transaction only swaps the copies in.
 */
export async function loadNextTables(
  client: ClientBase,
  /** A connection of its own to the primary (not the pool's: the load must not wait for a pool's free one). */
  connect: () => Promise<Client>,
  schema: string,
  s: string,
  upserts: readonly { release: Release; hash: string }[],
): Promise<NextTables> {
  await client.query('SET statement_timeout = 0');
  await createNextTables(client, s);
  const rels = await client.query(`SELECT nextval('${s}.rel_seq')::int AS rel FROM generate_series(1, $1::int)`, [upserts.length]);
  await client.query('RESET statement_timeout');
  const a = await connect();
  let b: Client | undefined;
  try {
    b = await connect();
    const second = b;
    return await onSession(a, () =>
      onSession(second, async () => {
        const loaded = await bulkLoad(a, second, { releases: nextOf(s, 'releases'), postings: nextOf(s, 'postings') }, upserts, (rels.rows as { rel: number }[]).map((r) => r.rel));
        const [forReleases, forPostings] = await Promise.all([
          (async () => {
            const renames = await indexNextTable(a, schema, s, 'releases');
            await a.query(`VACUUM (ANALYZE) ${nextOf(s, 'releases')}`);
            return renames;
          })(),
          (async () => {
            await second.query(
              `INSERT INTO ${nextOf(s, 'terms')} (term, df_title, df_body, releases)
               SELECT term, count(*) FILTER (WHERE tf_title > 0), count(*) FILTER (WHERE tf_body > 0), count(*) FROM ${nextOf(s, 'postings')} GROUP BY term`,
            );
            if (loaded.display.size) {
              await second.query(`UPDATE ${nextOf(s, 'terms')} t SET shown = d.shown FROM unnest($1::text[], $2::text[]) AS d(term, shown) WHERE t.term = d.term`, [
                [...loaded.display.keys()],
                [...loaded.display.values()],
              ]);
            }
            const renames = [...(await indexNextTable(second, schema, s, 'postings')), ...(await indexNextTable(second, schema, s, 'terms'))];
            await second.query(`VACUUM (ANALYZE) ${nextOf(s, 'postings')}, ${nextOf(s, 'terms')}`);
            return renames;
          })(),
        ]);
        return { ...loaded, renames: [...forReleases, ...forPostings] };
      }),
    );
  } finally {
    await a.end().catch(() => undefined);
    await b?.end().catch(() => undefined);
  }
}
