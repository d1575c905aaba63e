/**
 * Searches as named prepared statements (prepared.ts), on a real cluster: a connection keeps at
 * most PER_CONNECTION of them however many shapes it is sent, an evicted one is prepared again
 * when it comes back, a long text runs unnamed, and the answers are those of unnamed statements
 * in every mode, past the executions after which PostgreSQL may switch to a generic plan.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine, EngineAnswer, EngineSearch } from '../../src/engine/engine.js';
import { openEngine } from '../../src/engine/open-engine.js';
import { MAX_TEXT, PER_CONNECTION, PREPARE_MODES, runStatement, statementName } from '../../src/engine/postgres/prepared.js';
import { freshSchema, HAVE_PG, useTestCluster } from '../support/pg-cluster.js';
import { meta, release } from './conformance/fixtures.js';
import { queryTerms } from '../../src/analysis/terms.js';

describe.skipIf(!HAVE_PG)('postgres: prepared statements', () => {
  const cluster = useTestCluster();

  it('a connection holds at most PER_CONNECTION statements, the least recently used deallocated', async () => {
    const pool = new pg.Pool({ connectionString: cluster.get().url, max: 1 });
    try {
      const held = async () => Number((await pool.query('SELECT count(*) AS n FROM pg_prepared_statements')).rows[0].n);
      const shape = (k: number) => `SELECT $1::int + ${k} AS v`;
      for (let k = 0; k < PER_CONNECTION + 25; k++) expect((await runStatement(pool, shape(k), [1], 'auto')).rows).toEqual([{ v: k + 1 }]);
      expect(await held()).toBe(PER_CONNECTION);
      const names = (await pool.query('SELECT name FROM pg_prepared_statements')).rows.map((r: { name: string }) => r.name);
      // the newest are kept, the oldest gone
      expect(names).toContain(statementName(shape(PER_CONNECTION + 24)));
      expect(names).not.toContain(statementName(shape(0)));
      // an evicted shape comes back: prepared again (not "does not exist"), the bound kept
      expect((await runStatement(pool, shape(0), [2], 'auto')).rows).toEqual([{ v: 2 }]);
      expect(await held()).toBe(PER_CONNECTION);
      // a shape used again is the same statement
      await runStatement(pool, shape(0), [3], 'auto');
      expect(await held()).toBe(PER_CONNECTION);
      // a long text runs unnamed, and `off` never names
      const long = `SELECT $1::int AS v /* ${'x'.repeat(MAX_TEXT)} */`;
      expect((await runStatement(pool, long, [7], 'auto')).rows).toEqual([{ v: 7 }]);
      expect((await runStatement(pool, shape(-1), [7], 'off')).rows).toEqual([{ v: 6 }]);
      const after = (await pool.query('SELECT name FROM pg_prepared_statements')).rows.map((r: { name: string }) => r.name);
      expect(after).not.toContain(statementName(long));
      expect(after).not.toContain(statementName(shape(-1)));
      // `custom` statements are planned for their values every time, `generic` ones may not be
      const mode = async (plans: 'generic' | 'custom') => (await runStatement(pool, `SELECT current_setting('plan_cache_mode') AS m, $1::int AS v`, [1], 'auto', plans)).rows[0].m;
      expect(await mode('custom')).toBe('force_custom_plan');
      expect(await mode('generic')).toBe('auto');
      const plans = async (text: string) => (await pool.query('SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = $1', [statementName(text)])).rows[0];
      const g = 'SELECT count(*) AS n FROM pg_class WHERE relpages >= $1::int';
      const c = 'SELECT count(*) AS n FROM pg_class WHERE relpages >= $1::int + 0';
      for (let k = 0; k < 8; k++) {
        await runStatement(pool, g, [k], 'auto', 'generic');
        await runStatement(pool, c, [k], 'auto', 'custom');
      }
      expect(Number((await plans(g)).generic_plans)).toBeGreaterThan(0);
      expect(await plans(c)).toEqual({ generic_plans: '0', custom_plans: '8' });
      // an error leaves the connection and what it holds
      await expect(runStatement(pool, 'SELECT 1 / $1::int AS v', [0], 'auto')).rejects.toThrow(/division by zero/);
      expect((await runStatement(pool, 'SELECT 1 / $1::int AS v', [1], 'auto')).rows).toEqual([{ v: 1 }]);
    } finally {
      await pool.end();
    }
  });

  describe('searches', () => {
    const schema = freshSchema('prep');
    const engines = new Map<string, Engine>();
    beforeAll(async () => {
      const writer = await openEngine({ backend: 'postgres', url: cluster.get().url, schema, create: 'if-missing', poolSize: 1 });
      const words = ['gemcitabine', 'trial', 'renal', 'cancer', 'phase', 'results', 'quarter', 'revenue'];
      // one word in every release, the rest rarer: skewed frequencies, where a generic plan could differ
      const releases = Array.from({ length: 120 }, (_, i) =>
        release(`r${i}`, {
          title: i % 9 === 0 ? `Renal cancer trial ${i}` : `Quarter results ${i}`,
          date: `200${i % 10}-0${(i % 9) + 1}-1${i % 10}`,
          company: i % 3 === 0 ? 'Lorus Therapeutics' : 'Axon Enterprise',
          body: `The company reported results. ${words.filter((_, k) => i % (k + 2) === 0).join(' ')} phase ${i % 4} of the study.`,
        }),
      );
      await writer.apply({ upserts: releases.map((r) => ({ release: r, hash: r.id })), removals: [] });
      await writer.commit(meta(releases.length));
      await writer.close();
      for (const mode of PREPARE_MODES) engines.set(mode, await openEngine({ backend: 'postgres', url: cluster.get().url, schema, poolSize: 1, prepare: mode }));
    }, 120_000);
    afterAll(async () => {
      for (const e of engines.values()) await e.close();
    });

    const and = (text: string): EngineSearch['query'] => ({ kind: 'and', items: queryTerms(text).map((term) => ({ kind: 'term' as const, term })) });
    const searches: EngineSearch[] = [
      { query: and('company'), order: 'relevance', offset: 0, limit: 10, facets: ['company', 'year'] },
      { query: and('gemcitabine'), order: 'relevance', offset: 0, limit: 10, facets: ['company', 'year'] },
      { query: and('renal cancer'), order: 'relevance', offset: 0, limit: 10 },
      { query: and('results'), order: 'date', offset: 0, limit: 5 },
      { query: { kind: 'phrase', terms: queryTerms('renal cancer') }, order: 'relevance', offset: 0, limit: 10 },
      { query: { kind: 'term', term: 'res', prefix: true }, order: 'relevance', offset: 0, limit: 10 },
      { query: and('trial'), order: 'relevance', offset: 0, limit: 10, filters: { companies: [['lorus']] } },
    ];

    // what an answer says: a plan may sum a hit's postings in another order (the last bit of a
    // score, the order of its terms), never change the order (ranked by the score to 1e-9), a
    // total or a facet
    const said = (a: EngineAnswer) => ({ ...a, hits: a.hits.map((h) => ({ id: h.id, score: h.score.toPrecision(12), terms: [...h.terms].sort() })) });

    it('answer as unnamed statements do, in every mode, run again past the switch to generic plans', async () => {
      for (let round = 0; round < 8; round++) {
        for (const req of searches) {
          const want = await engines.get('off')!.search(req);
          expect(want.total).toBeGreaterThan(0);
          for (const mode of ['auto', 'custom']) expect(said(await engines.get(mode)!.search(req)), `${mode} ${JSON.stringify(req.query)} round ${round}`).toEqual(said(want));
        }
      }
    });

    it('many distinct shapes on one connection: every one answered', async () => {
      const words = ['gemcitabine', 'trial', 'renal', 'cancer', 'phase', 'results', 'quarter', 'revenue'];
      for (let n = 1; n <= words.length; n++) {
        for (const order of ['relevance', 'date', 'date-asc'] as const) {
          for (const limit of [5, 10, 20]) {
            const req: EngineSearch = { query: { kind: 'or', items: words.slice(0, n).map((term) => ({ kind: 'term' as const, term })) }, order, offset: 0, limit, facets: ['year'] };
            expect(said(await engines.get('auto')!.search(req))).toEqual(said(await engines.get('off')!.search(req)));
          }
        }
      }
    }, 120_000);

    it('a full rebuild (tables swapped under the prepared statements) is served by them at once', async () => {
      const reader = engines.get('auto')!;
      const req: EngineSearch = { query: and('gemcitabine'), order: 'relevance', offset: 0, limit: 10, facets: ['company'] };
      for (let k = 0; k < 7; k++) expect((await reader.search(req)).total).toBeGreaterThan(1);
      const writer = await openEngine({ backend: 'postgres', url: cluster.get().url, schema, create: 'if-missing', poolSize: 1 });
      try {
        await writer.apply({ upserts: [{ release: release('only', { title: 'Gemcitabine alone', date: '2005-01-01', body: 'gemcitabine' }), hash: 'only' }], removals: [] }, { rebuild: true });
        await writer.commit(meta(1));
      } finally {
        await writer.close();
      }
      const after = await reader.search(req);
      expect(after.hits.map((h) => h.id)).toEqual(['only']);
      expect(after).toEqual(await engines.get('off')!.search(req));
    }, 120_000);
  });
});
