import type { SearchRequest } from '../search/search-types.js';
import { HttpError } from './http-error.js';
import { parseSearchParams } from './request-params.js';
import { searchUrl } from './search-links.js';

// A results URL is at most a 500-character query, twenty filter values and a few numbers.
const MAX_BACK = 4000;
const BASE = 'http://results.invalid';

/**
 * The results page a release was opened from, from its `back` parameter: only ever a relative
 * `/search?…` URL, rebuilt from the parameters it carries (so nothing but our own parameters,
 * validated as a search request, can come out: never another host, scheme or path). Anything
 * else is undefined, and the caller falls back to a search for the release page's query.
 */
export function resultsPath(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length > MAX_BACK || !raw.startsWith('/search')) return undefined;
  // a backslash or control character is read as a separator by some browsers: refuse, never repair
  if (/[\\\u0000-\u001f\u007f]/.test(raw)) return undefined;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return undefined;
  }
  if (url.origin !== BASE || url.pathname !== '/search') return undefined;
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const had = query[k];
    query[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  let req: SearchRequest;
  try {
    req = parseSearchParams(query);
  } catch (e) {
    if (e instanceof HttpError) return undefined;
    throw e;
  }
  return searchUrl(req);
}
