/** The backend conformance suite against the postgres backend, on a throwaway cluster. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openEngine } from '../../src/engine/open-engine.js';
import { freshSchema, HAVE_PG, useTestCluster } from '../support/pg-cluster.js';
import { commitChanges, release, search, startsEmpty } from './conformance/fixtures.js';
import { describeEngineConformance } from './engine-conformance.js';

describe.skipIf(!HAVE_PG)('postgres backend', () => {
  const cluster = useTestCluster();
  // a new engine gets a schema of its own; one opened over a folder, the schema named after it
  // (the folder stays empty: the data lives in the database)
  const schemaOf = (dir: string) => `d_${createHash('sha1').update(dir).digest('hex').slice(0, 16)}`;
  describeEngineConformance(
    'postgres',
    (dir) => openEngine({ backend: 'postgres', url: cluster.get().url, schema: dir ? schemaOf(dir) : freshSchema(), create: 'if-missing', poolSize: 4, boundedFrom: 0 }),
    { persistent: true },
  );

  // companies by a hash of the number, not in a cycle a stride of the sample could alias with
  const companyOf = (i: number) => ['Alpha Corp', 'Beta Inc', 'Gamma Ltd'][createHash('sha1').update(String(i)).digest()[0]! % 3]!;
  const releases = Array.from({ length: 60 }, (_, i) => release(`r${String(i).padStart(2, '0')}`, { title: `Widget news ${i}`, body: `The widget shipped. Item ${i}.`, company: companyOf(i), date: `200${i % 10}-01-15` }));

  it('past the sample size, facets are counted over every n-th match and scaled, the total exact and the answer marked', async () => {
    const schema = freshSchema('facets');
    const open = (facetSample?: number) => openEngine({ backend: 'postgres', url: cluster.get().url, schema, create: 'if-missing', poolSize: 2, ...(facetSample ? { facetSample } : {}) });
    const writer = startsEmpty(await open());
    await commitChanges(writer, releases);
    await writer.close();
    const ask = { kind: 'term' as const, term: 'widget' };
    const exact = await open();
    const sampled = await open(10);
    try {
      const a = await search(exact, ask, { facets: ['company', 'year'] });
      expect(a.total).toBe(60);
      expect(a.facetsSampled).toBeUndefined();
      expect([...a.facets.company!.values()].reduce((x, y) => x + y, 0)).toBe(60);
      const b = await search(sampled, ask, { facets: ['company', 'year'] });
      // every 6th of the 60 matches (60 / 10): ten counted, each standing for six
      expect(b.total).toBe(60);
      expect(b.facetsSampled).toBe(10);
      const counts = [...b.facets.company!.values()];
      expect(counts.every((c) => c % 6 === 0)).toBe(true);
      expect(counts.reduce((x, y) => x + y, 0)).toBe(60);
      for (const [name, c] of b.facets.company!) expect(Math.abs(c - a.facets.company!.get(name)!)).toBeLessThanOrEqual(30);
      // and the hits are the same: only the facets are sampled
      expect(b.hits).toEqual(a.hits);
    } finally {
      await exact.close();
      await sampled.close();
    }
  });
});
