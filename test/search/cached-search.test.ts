import { describe, expect, it } from 'vitest';
import { MemoryEngine } from '../../src/engine/memory/memory-engine.js';
import { SearchCache } from '../../src/search/cached-search.js';
import { search } from '../../src/search/search.js';
import { toApiResponse } from '../../src/web/api-response.js';
import { seedIndex } from '../support/seed-index.js';

describe('SearchCache', () => {
  const req = { q: 'GTI-2040', page: 1, size: 10, sort: 'relevance' as const };

  it('answers as search does, the second time from the cache', async () => {
    const { releases } = seedIndex();
    const cache = new SearchCache(MemoryEngine.fromReleases(releases));
    const first = await cache.search(req);
    const second = await cache.search(req);
    const { tookMs: _a, ...a } = first;
    const { tookMs: _b, ...b } = second;
    expect(b).toEqual(a);
    const { tookMs: _c, ...direct } = await search(MemoryEngine.fromReleases(releases), req);
    expect(a).toEqual(direct);
    expect(second.results).toBe(first.results);
  });

  it('keeps answers per generation: a commit makes the next search run afresh', async () => {
    const { releases } = seedIndex();
    const engine = MemoryEngine.fromReleases(releases);
    const cache = new SearchCache(engine);
    expect((await cache.search(req)).total).toBe(3);
    const gti = releases.filter((r) => /GTI-2040/.test(`${r.title} ${r.body}`));
    await engine.apply({ upserts: [], removals: gti.map((r) => r.id) });
    expect((await cache.search(req)).total).toBe(3);
    await engine.commit({ corpusDir: '', code: '', files: {}, counts: { files: 0, releases: 0, skippedParts: 0, boilerplateRemoved: 0 } });
    expect((await cache.search(req)).total).toBe(0);
  });

  it('derives the API JSON of an answer once and keeps it with the answer', async () => {
    const { engine } = seedIndex();
    const cache = new SearchCache(engine);
    const want = toApiResponse(await search(engine, req));
    let derived = 0;
    const texts: string[] = [];
    for (let i = 0; i < 2; i++) {
      const got = await cache.derived(req, (r) => {
        derived++;
        return JSON.stringify(toApiResponse({ ...r, tookMs: 0 }));
      });
      expect(typeof got.tookMs).toBe('number');
      texts.push(got.derived);
      expect({ ...(JSON.parse(got.derived) as object), tookMs: 0 }).toEqual({ ...want, tookMs: 0 });
    }
    expect(derived).toBe(1);
    expect(texts[1]).toBe(texts[0]);
  });
});
