/**
 * New filings reindexed into PostgreSQL alone: cleaned against the cleaning state the database
 * keeps with its generation, and committed by the change (statistics updated by deltas, not
 * recounted), giving the database a full build of the same corpus gives: the same releases,
 * term statistics, means, code spellings and ranked answers.
 */
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { openEngine } from '../../src/engine/open-engine.js';
import { freshSchema, HAVE_PG, useTestCluster } from '../support/pg-cluster.js';
import { tempIndex, type TempIndex } from '../support/temp-index.js';

const QUERIES = ['taser', 'orders', 'revenue', 'police department', 'philips', 'quarter results'];

describe.skipIf(!HAVE_PG)('postgres: new filings reindexed alone', () => {
  const cluster = useTestCluster();
  let t: TempIndex;
  beforeAll(async () => {
    // the real ingester, on filings whose paragraphs recur across files: the later one makes
    // indexed releases lose a paragraph (they are cleaned again)
    t = await tempIndex({ prefix: 'pg-extend', files: { 'edgar-html': 'ingest/edgar-html', 'taser/earlier.csv': 'ingest/recurring/earlier.csv' } });
  }, 60_000);
  afterAll(() => t?.cleanup());

  const writer = (schema: string, full = false) => () => openEngine({ backend: 'postgres', url: cluster.get().url, schema, create: full ? 'replace' : 'if-missing', poolSize: 2 });

  /** What a generation holds, read back through SQL and through searches. */
  async function contents(schema: string) {
    const client = new pg.Client({ connectionString: cluster.get().url });
    await client.connect();
    let engine: Engine | undefined;
    try {
      const rows = async (sql: string) => (await client.query(sql)).rows as unknown[];
      engine = await openEngine({ backend: 'postgres', url: cluster.get().url, schema, poolSize: 2 });
      const all = await engine.search({ query: { kind: 'all' }, order: 'date', offset: 0, limit: 1000 });
      const answers = [];
      for (const q of QUERIES) {
        const a = await engine.search({ query: { kind: 'and', items: q.split(' ').map((term) => ({ kind: 'term' as const, term })) }, order: 'relevance', offset: 0, limit: 50, facets: ['company', 'year'] });
        answers.push({ total: a.total, hits: a.hits.map((h) => `${h.id} ${h.score.toFixed(9)}`), facets: a.facets });
      }
      return {
        releases: await rows(`SELECT id, hash, doc, len_title, len_body, day, codes, code_names FROM "${schema}".releases ORDER BY id`),
        terms: await rows(`SELECT term, df_title, df_body, releases FROM "${schema}".terms ORDER BY term`),
        meta: await rows(`SELECT releases, avg_title, avg_body, sum_title, sum_body FROM "${schema}".meta`),
        codes: await rows(`SELECT key, display FROM "${schema}".code_display ORDER BY key`),
        ids: all.hits.map((h) => h.id).sort(),
        answers,
      };
    } finally {
      await engine?.close();
      await client.end();
    }
  }

  it('cleans only the new file against the saved state, and the database equals a full build', async () => {
    const schema = freshSchema('inc');
    const drafts = join(t.root, 'drafts-inc');
    const first = await t.reindex({ indexDir: drafts, database: writer(schema) });
    expect(first).toMatchObject({ mode: 'full' });
    t.addFixture('taser/later.csv', 'ingest/recurring/later.csv');
    const s = await t.reindex({ indexDir: drafts, database: writer(schema) });
    expect(s).toMatchObject({ mode: 'incremental', extended: true, files: { added: ['taser/later.csv'] } });
    expect(s.notExtended).toBeUndefined();
    expect(s.releases.added).toBe(2);
    expect(s.releases.updated).toBeGreaterThanOrEqual(2);

    const full = freshSchema('full');
    const f = await t.reindex({ indexDir: join(t.root, 'drafts-full'), full: true, database: writer(full, true) });
    expect(s.releases.total).toBe(f.releases.total);
    expect(s.boilerplateRemoved).toBe(f.boilerplateRemoved);
    const inc = await contents(schema);
    expect(inc.answers.flatMap((a) => a.hits).length).toBeGreaterThan(5);
    expect(inc).toEqual(await contents(full));

    // and once more from the state that commit saved: a second new filing
    t.addFile('more/again.csv', (await import('node:fs')).readFileSync(join(t.root, 'corpus', 'taser', 'later.csv'), 'utf8').replace(/TASER/g, 'Axon Enterprise'));
    const again = await t.reindex({ indexDir: drafts, database: writer(schema) });
    expect(again.mode).toBe('incremental');
    const full2 = freshSchema('full');
    await t.reindex({ indexDir: join(t.root, 'drafts-full2'), full: true, database: writer(full2, true) });
    expect(await contents(schema)).toEqual(await contents(full2));
  });

  it('a commit without a cleaning state clears the saved one: the next reindex cleans the whole corpus', async () => {
    const schema = freshSchema('nostate');
    const drafts = join(t.root, 'drafts-nostate');
    await t.reindex({ indexDir: drafts, database: writer(schema) });
    const engine = await writer(schema)();
    try {
      expect((await engine.lastCommit!()).meta?.ingestState).toBeDefined();
      await engine.apply({ upserts: [], removals: [] });
      await engine.commit({ ...(await engine.lastCommit!()).meta!, ingestState: undefined });
      expect((await engine.lastCommit!()).meta?.ingestState).toBeUndefined();
    } finally {
      await engine.close();
    }
    t.addFile('extra/new.txt', 'not a press release at all');
    const s = await t.reindex({ indexDir: drafts, database: writer(schema) });
    expect(s.extended).toBe(false);
  });

  it('a full build cut off while it loads leaves the previous generation serving; the next one replaces the copies it left', async () => {
    const schema = freshSchema('cut');
    await t.reindex({ indexDir: join(t.root, 'drafts-cut'), full: true, database: writer(schema, true) });
    const before = await contents(schema);
    const engine = await writer(schema)();
    const admin = new pg.Client({ connectionString: cluster.get().url });
    await admin.connect();
    try {
      // enough releases that the load takes a while: the held ones under other ids
      const all = await engine.search({ query: { kind: 'all' }, order: 'date', offset: 0, limit: 1000 });
      const held = (await engine.releases(all.hits.map((h) => h.id))).filter((r) => r !== undefined);
      const upserts = Array.from({ length: 3000 }, (_, i) => ({ release: { ...held[i % held.length]!, id: `copy-${i}` }, hash: `h${i}` }));
      await engine.apply({ upserts, removals: [] }, { rebuild: true });
      const committed = engine.commit({ ...(await engine.lastCommit!()).meta! }).then(
        () => undefined,
        (err: unknown) => err,
      );
      // once a COPY into the copies runs, every other connection to the database is ended
      await vi.waitFor(
        async () => {
          const r = await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE $1`, [`COPY "${schema}".%_next%`]);
          expect((r.rows[0] as { n: number }).n).toBeGreaterThan(0);
        },
        { timeout: 30_000, interval: 5 },
      );
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = current_database() AND backend_type = 'client backend'`);
      expect(await committed).toBeInstanceOf(Error);
      // the serving tables as they were, beside the copies the build left
      expect(await contents(schema)).toEqual(before);
      const left = await admin.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1 AND tablename LIKE '%\\_next'`, [schema]);
      expect((left.rows[0] as { n: number }).n).toBeGreaterThan(0);
    } finally {
      await engine.close().catch(() => undefined);
      await admin.end();
    }
    // the next full build drops them and completes
    await t.reindex({ indexDir: join(t.root, 'drafts-cut2'), full: true, database: writer(schema, true) });
    expect(await contents(schema)).toEqual(before);
  }, 120_000);
});
