import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { MemoryEngine } from '../../src/engine/memory/memory-engine.js';
import { companyFacet, search } from '../../src/search/search.js';
import { filesUnder, ingest } from '../support/ingest-fixtures.js';

// Every facet value, picked, returns exactly the count it shows: over the shipped corpus (many
// issuers, names with commas and periods) and for queries of every size.
const CORPUS = join(import.meta.dirname, '..', '..', 'corpus');
const QUERIES = ['trial', 'announced', 'results', 'million', 'company:inc', 'cancer', 'year:2004 OR 2005'];

describe('facet counts', () => {
  let engine: Engine;
  beforeAll(() => {
    const { releases } = ingest(filesUnder(CORPUS), CORPUS);
    engine = MemoryEngine.fromReleases(releases);
  }, 60_000);

  it.each(QUERIES)('"%s": each company and year value returns the count it shows', async (q) => {
    const base = await search(engine, { q, page: 1, size: 10, sort: 'relevance' });
    expect(base.facets.company.length).toBeGreaterThan(1);
    for (const f of base.facets.company) {
      // an issuer known by its CIK is picked by it
      const filters = f.cik ? { cik: [f.cik] } : { company: [f.value] };
      const picked = await search(engine, { q, page: 1, size: 10, sort: 'relevance', filters });
      expect(picked.total, `company ${f.value}`).toBe(f.count);
    }
    for (const f of base.facets.form) {
      const picked = await search(engine, { q, page: 1, size: 10, sort: 'relevance', filters: { form: [f.value] } });
      expect(picked.total, `form ${f.value}`).toBe(f.count);
    }
    for (const f of base.facets.year) {
      const picked = await search(engine, { q, page: 1, size: 10, sort: 'relevance', filters: { year: [Number(f.value)] } });
      expect(picked.total, `year ${f.value}`).toBe(f.count);
    }
    // every year with a match is listed: their counts add up to the dated matches
    const undated = (await search(engine, { q: `${q}`, page: 1, size: 50, sort: 'date-asc' })).results.filter((r) => !r.date).length;
    expect(base.facets.year.reduce((n, f) => n + f.count, 0) + undated).toBe(base.total);
  });

  it('one entry per issuer known by its CIK, named as it is named now, beside the name-grouped rest', async () => {
    const base = await search(engine, { q: 'results', page: 1, size: 10, sort: 'relevance' });
    const apple = base.facets.company.filter((f) => /apple/i.test(f.value));
    // Apple Computer Inc (1996-2004) and Apple Inc. (2011-2024): one CIK, one entry, the newest name
    expect(apple).toEqual([{ value: 'Apple Inc.', count: 4, cik: '320193' }]);
    expect(base.facets.company.some((f) => !f.cik)).toBe(true);
    expect(base.facets.form).toEqual([{ value: '8-K', count: 11 }]);
  });

  it('a name typed as the facet shows it, punctuation and all, finds the same releases', async () => {
    const base = await search(engine, { q: 'announced', page: 1, size: 10, sort: 'relevance' });
    const first = base.facets.company.find((f) => /[,.]/.test(f.value))!;
    expect(first.value).toMatch(/[,.]/);
    const typed = await search(engine, { q: `announced company:"${first.value}"`, page: 1, size: 10, sort: 'relevance' });
    expect(typed.total).toBe(first.count);
  });

  it('two company values give releases of either, and the query says so', async () => {
    const base = await search(engine, { q: 'announced', page: 1, size: 10, sort: 'relevance' });
    const [a, b] = base.facets.company;
    const both = await search(engine, { q: `announced company:"${a!.value}" company:"${b!.value}"`, page: 1, size: 10, sort: 'relevance' });
    expect(both.total).toBeGreaterThanOrEqual(Math.max(a!.count, b!.count));
    expect(both.total).toBeLessThanOrEqual(a!.count + b!.count);
    expect(both.messages.join(' ')).toMatch(/Several company filters/);
  });
});

describe('companyFacet', () => {
  it('merges spellings that differ in case and punctuation, counting what the filter keeps', () => {
    const names = new Map([['Apple Inc.', 3], ['Apple Inc', 2], ['APPLE INC', 1], ['Apple Computer Inc', 4], ['Lorus Therapeutics Inc.', 5]]);
    expect(companyFacet(names)).toEqual([
      { value: 'Apple Inc.', count: 10 },
      { value: 'Lorus Therapeutics Inc.', count: 5 },
      { value: 'Apple Computer Inc', count: 4 },
    ]);
  });
});
