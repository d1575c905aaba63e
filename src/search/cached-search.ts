import type { Engine } from '../engine/engine.js';
import { search } from './search.js';
import type { SearchRequest, SearchResponse } from './search-types.js';

const MAX_ENTRIES = 1000;

interface Entry<T> {
  response: Promise<SearchResponse>;
  /** Something derived from the answer once (the API's JSON text), made on first use. */
  derived?: T;
}

/**
 * `search` with a small LRU of recent answers per engine generation. Search traffic repeats (the
 * same drug code, the next page of the same query), and a generation never changes once
 * committed, so an answer stays right for as long as its generation is served.
 */
export class SearchCache<T = string> {
  private generation = '';
  private entries = new Map<string, Entry<T>>();

  constructor(private readonly engine: Engine) {}

  private lookup(req: SearchRequest): { entry: Entry<T>; hit: boolean } {
    const generation = this.engine.stats().generation;
    if (generation !== this.generation) {
      this.generation = generation;
      this.entries = new Map();
    }
    const key = JSON.stringify([req.q, req.page, req.size, req.sort, req.filters ?? null, req.asTyped === true]);
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
      return { entry, hit: true };
    }
    const entries = this.entries;
    const fresh: Entry<T> = { response: search(this.engine, req) };
    // a failed search is not remembered
    fresh.response.catch(() => entries.delete(key));
    entries.set(key, fresh);
    if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    return { entry: fresh, hit: false };
  }

  /** The answer to a search; `tookMs` of a remembered answer is the time it took now. */
  async search(req: SearchRequest): Promise<SearchResponse> {
    const started = performance.now();
    const { entry, hit } = this.lookup(req);
    const response = await entry.response;
    return hit ? { ...response, tookMs: round(performance.now() - started) } : response;
  }

  /**
   * The answer and a value derived from it once per entry (the `/api/search` JSON text, so a
   * repeated search is not serialized again), with how long this call took.
   */
  async derived(req: SearchRequest, derive: (r: SearchResponse) => T): Promise<{ response: SearchResponse; derived: T; tookMs: number }> {
    const started = performance.now();
    const { entry, hit } = this.lookup(req);
    const response = await entry.response;
    entry.derived ??= derive(response);
    return { response, derived: entry.derived, tookMs: hit ? round(performance.now() - started) : response.tookMs };
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;
