import type { LoadedIndex } from '../index/loaded-index.js';
import { search } from './search.js';
import type { SearchRequest, SearchResponse } from './search-types.js';

const MAX_ENTRIES = 1000;

// One cache per loaded index: a swapped-in index starts empty, and the old one's cache is
// collected with it.
const caches = new WeakMap<LoadedIndex, Map<string, SearchResponse>>();

/**
 * `search` with a small LRU of recent answers. Search traffic repeats (the same drug code, the
 * next page of the same query), and an index never changes once loaded, so an answer stays right
 * for as long as its index is served. `tookMs` of a cached answer is the time it took now.
 */
export function cachedSearch(index: LoadedIndex, req: SearchRequest): SearchResponse {
  const started = performance.now();
  let cache = caches.get(index);
  if (!cache) {
    cache = new Map();
    caches.set(index, cache);
  }
  const key = JSON.stringify([req.q, req.page, req.size, req.sort, req.filters ?? null]);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return { ...hit, tookMs: Math.round((performance.now() - started) * 100) / 100 };
  }
  const out = search(index, req);
  cache.set(key, out);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return out;
}
