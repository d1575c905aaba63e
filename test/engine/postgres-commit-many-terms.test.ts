/**
 * An incremental commit whose change holds a release with many distinct terms (a long table of
 * figures or codes, whose terms share most of their trigrams) takes time in proportion to the
 * change: the document-frequency update once asked for `term = ANY(every term of the change)`,
 * which the planner answered through the trigram index, one probe per element (a release of
 * 4,000 such terms: 8 s for that statement; this test's first commit of 10,000: 41 s).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Release } from '../../src/clean/release.js';
import type { Engine } from '../../src/engine/engine.js';
import { openEngine } from '../../src/engine/open-engine.js';
import { freshSchema, HAVE_PG, useTestCluster } from '../support/pg-cluster.js';
import { meta, release } from './conformance/fixtures.js';

// words made of letters, all starting `qb…` (a base-26 count): they share trigrams as figures do
const word = (i: number) => {
  let s = '';
  for (let n = i + 26 ** 3; n > 0; n = Math.floor(n / 26)) s = String.fromCharCode(97 + (n % 26)) + s;
  return `q${s}`;
};
const MANY = 10_000;
// the first commit, before: 41 s; after: about a second (shared machine)
const BOUND_MS = 20_000;

describe.skipIf(!HAVE_PG)('postgres: a commit of a release with many distinct terms', () => {
  const cluster = useTestCluster();
  const schema = freshSchema('many');
  let engine: Engine;
  let admin: pg.Client;
  beforeAll(async () => {
    engine = await openEngine({ backend: 'postgres', url: cluster.get().url, schema, create: 'if-missing', poolSize: 2 });
    admin = new pg.Client({ connectionString: cluster.get().url });
    await admin.connect();
    const base: Release[] = Array.from({ length: 40 }, (_, r) => release(`base-${r}`, { title: 'Quarterly report', date: '2004-01-02', body: Array.from({ length: 200 }, (_, k) => word(r * 200 + k)).join(' ') }));
    await engine.apply({ upserts: base.map((r) => ({ release: r, hash: r.id })), removals: [] }, { rebuild: true });
    await engine.commit(meta(base.length));
  }, 120_000);
  afterAll(async () => {
    await engine?.close();
    await admin?.end();
  });

  const termCount = async (like: string) => Number((await admin.query(`SELECT count(*) AS n FROM "${schema}".terms WHERE term LIKE $1`, [like])).rows[0].n);
  const timed = async (f: () => Promise<unknown>) => {
    const t = performance.now();
    await f();
    return performance.now() - t;
  };

  it('adds, rewrites and removes it in time proportional to the change, with the statistics right', async () => {
    // the big release's words come after the base's: `qb…` and on, none shared with the base
    const body = Array.from({ length: MANY }, (_, k) => word(100_000 + k)).join(' ');
    const big = release('big', { title: 'Tables', date: '2004-02-03', body });
    const before = await termCount('q%');
    await engine.apply({ upserts: [{ release: big, hash: 'h1' }], removals: [] });
    const added = await timed(() => engine.commit(meta(41)));
    expect(added).toBeLessThan(BOUND_MS);
    expect(await termCount('q%')).toBe(before + MANY);
    const one = await admin.query(`SELECT df_body, releases FROM "${schema}".terms WHERE term = $1`, [word(100_000 + 17)]);
    expect(one.rows).toEqual([{ df_body: 1, releases: 1 }]);
    expect((await engine.search({ query: { kind: 'term', term: word(100_000 + 17) }, order: 'relevance', offset: 0, limit: 10 })).hits.map((h) => h.id)).toEqual(['big']);

    // rewritten with one word fewer: every term updated, one emptied and deleted
    await engine.apply({ upserts: [{ release: { ...big, body: body.replace(`${word(100_000)} `, '') }, hash: 'h2' }], removals: [] });
    const rewritten = await timed(() => engine.commit(meta(41)));
    expect(rewritten).toBeLessThan(BOUND_MS);
    expect(await termCount('q%')).toBe(before + MANY - 1);
    expect((await admin.query(`SELECT 1 FROM "${schema}".terms WHERE term = $1`, [word(100_000)])).rows).toEqual([]);

    // removed: all its terms gone, the base's kept
    await engine.apply({ upserts: [], removals: ['big'] });
    const removed = await timed(() => engine.commit(meta(40)));
    expect(removed).toBeLessThan(BOUND_MS);
    expect(await termCount('q%')).toBe(before);
    expect((await engine.search({ query: { kind: 'term', term: word(5) }, order: 'relevance', offset: 0, limit: 10 })).hits.map((h) => h.id)).toEqual(['base-0']);
  }, 240_000);
});
