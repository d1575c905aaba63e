import { describe, expect, it } from 'vitest';
import { buildMemoryIndex } from '../../src/index/memory-store.js';
import { cachedSearch } from '../../src/search/cached-search.js';
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
});
