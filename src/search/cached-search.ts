import type { LoadedIndex } from '../store/release-store.js';
import { toApiResponse } from '../web/api-response.js';
import { search } from './search.js';
import type { SearchRequest, SearchResponse } from './search-types.js';

const MAX_ENTRIES = 1000;

interface Entry {
  response: SearchResponse;
  /** The API's JSON of the answer with `tookMs` 0, made on first use. */
  json?: string;
}

// One cache per loaded index: a swapped-in index starts empty, and the old one's cache is
// collected with it.
const caches = new WeakMap<LoadedIndex, Map<string, Entry>>();

const round = (ms: number) => Math.round(ms * 100) / 100;

function lookup(index: LoadedIndex, req: SearchRequest): { entry: Entry; hit: boolean } {
  let cache = caches.get(index);
  if (!cache) {
    cache = new Map();
    caches.set(index, cache);
  }
  const key = JSON.stringify([req.q, req.page, req.size, req.sort, req.filters ?? null]);
  const entry = cache.get(key);
  if (entry) {
    cache.delete(key);
    cache.set(key, entry);
    return { entry, hit: true };
  }
  const fresh: Entry = { response: search(index, req) };
  cache.set(key, fresh);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return { entry: fresh, hit: false };
}

/**
 * `search` with a small LRU of recent answers. Search traffic repeats (the same drug code, the
 * next page of the same query), and an index never changes once loaded, so an answer stays right
 * for as long as its index is served. `tookMs` of a cached answer is the time it took now.
 */
export function cachedSearch(index: LoadedIndex, req: SearchRequest): SearchResponse {
  const started = performance.now();
  const { entry, hit } = lookup(index, req);
  return hit ? { ...entry.response, tookMs: round(performance.now() - started) } : entry.response;
}

/**
 * The `/api/search` JSON of `cachedSearch`'s answer. The text is kept with the answer, so a
 * repeated search is not serialized again; only its `tookMs` is written in.
 */
export function cachedSearchJson(index: LoadedIndex, req: SearchRequest): string {
  const started = performance.now();
  const { entry, hit } = lookup(index, req);
  entry.json ??= JSON.stringify(toApiResponse({ ...entry.response, tookMs: 0 }));
  const tookMs = hit ? round(performance.now() - started) : entry.response.tookMs;
  // the first `"tookMs":` is the key: quotes inside filing text are escaped in JSON
  return entry.json.replace('"tookMs":0', `"tookMs":${tookMs}`);
}
