import { describe, expect, it } from 'vitest';
import { buildMemoryIndex } from '../../src/store/memory-store.js';
import { toApiResponse } from '../../src/web/api-response.js';
import { cachedSearch, cachedSearchJson } from '../../src/search/cached-search.js';
import { search } from '../../src/search/search.js';
import { seedIndex } from '../support/seed-index.js';

describe('cachedSearch', () => {
  const req = { q: 'GTI-2040', page: 1, size: 10, sort: 'relevance' as const };

  it('answers as search does, the second time from the cache', () => {
    const { index } = seedIndex();
    const first = cachedSearch(index, req);
    const second = cachedSearch(index, req);
    const { tookMs: _a, ...a } = first;
    const { tookMs: _b, ...b } = second;
    expect(b).toEqual(a);
    const { tookMs: _c, ...direct } = search(index, req);
    expect(a).toEqual(direct);
    expect(second.results).toBe(first.results);
  });

  it('keeps answers per index: a new index is searched afresh', () => {
    const { index, releases } = seedIndex();
    const smaller = buildMemoryIndex(releases.filter((r) => !/GTI-2040/.test(`${r.title} ${r.body}`)));
    expect(cachedSearch(index, req).total).toBe(3);
    expect(cachedSearch(smaller, req).total).toBe(0);
  });

  it('gives the API JSON of the same answer, kept as text, with the time of this call written in', () => {
    const { index } = seedIndex();
    const want = toApiResponse(search(index, req));
    for (let i = 0; i < 2; i++) {
      const got = JSON.parse(cachedSearchJson(index, req)) as ReturnType<typeof toApiResponse>;
      expect(typeof got.tookMs).toBe('number');
      expect({ ...got, tookMs: 0 }).toEqual({ ...want, tookMs: 0 });
    }
  });
});
