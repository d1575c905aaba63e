import type { SearchFilters, SearchRequest } from '../search/search-types.js';

/** The URL of a results page for this request: every link on the page is a plain, shareable URL. */
export function searchUrl(req: SearchRequest, change: Partial<Omit<SearchRequest, 'filters'>> & { filters?: SearchFilters } = {}): string {
  const next = { ...req, ...change };
  const p = new URLSearchParams();
  if (next.q) p.set('q', next.q);
  const f = next.filters ?? {};
  if (f.company) p.set('company', f.company);
  if (f.ticker) p.set('ticker', f.ticker);
  if (f.year) p.set('year', String(f.year));
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  if (next.sort !== 'relevance') p.set('sort', next.sort);
  if (next.size !== 10) p.set('size', String(next.size));
  if (next.page > 1) p.set('page', String(next.page));
  const qs = p.toString();
  return qs ? `/search?${qs}` : '/search';
}

/** The request with one filter set (a facet link) or removed (a chip), back on page 1. */
export function withFilter(req: SearchRequest, name: keyof SearchFilters, value: string | number | undefined): string {
  const filters: SearchFilters = { ...req.filters };
  if (value === undefined) delete filters[name];
  else (filters as Record<string, string | number>)[name] = value;
  return searchUrl(req, { filters, page: 1 });
}
