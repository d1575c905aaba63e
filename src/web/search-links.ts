import type { SearchFilters, SearchRequest } from '../search/search-types.js';

/** The URL of a results page for this request: every link on the page is a plain, shareable URL. */
export function searchUrl(req: SearchRequest, change: Partial<Omit<SearchRequest, 'filters'>> & { filters?: SearchFilters } = {}): string {
  const next = { ...req, ...change };
  const p = new URLSearchParams();
  if (next.q) p.set('q', next.q);
  const f = next.filters ?? {};
  for (const c of f.company ?? []) p.append('company', c);
  if (f.ticker) p.set('ticker', f.ticker);
  for (const y of f.year ?? []) p.append('year', String(y));
  for (const c of f.cik ?? []) p.append('cik', c);
  for (const x of f.form ?? []) p.append('form', x);
  for (const x of f.code ?? []) p.append('code', x);
  for (const x of f.trial ?? []) p.append('trial', x);
  for (const x of f.phase ?? []) p.append('phase', x);
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  if (next.sort !== 'relevance') p.set('sort', next.sort);
  if (next.size !== 10) p.set('size', String(next.size));
  if (next.page > 1) p.set('page', String(next.page));
  if (next.asTyped) p.set('spell', '0');
  const qs = p.toString();
  return qs ? `/search?${qs}` : '/search';
}

/** The request with one filter set (a facet link) or removed (a chip), back on page 1. */
export function withFilter(req: SearchRequest, name: 'ticker' | 'from' | 'to', value: string | undefined): string {
  const filters: SearchFilters = { ...req.filters };
  if (value === undefined) delete filters[name];
  else filters[name] = value;
  return searchUrl(req, { filters, page: 1 });
}

/** The request with one value of a many-valued filter added (a facet picked) or taken out (picked again, or its chip), back on page 1. */
export function toggleValue<K extends 'company' | 'year' | 'cik' | 'form' | 'code' | 'trial' | 'phase'>(req: SearchRequest, name: K, value: NonNullable<SearchFilters[K]>[number]): string {
  const filters: SearchFilters = { ...req.filters };
  const now = (filters[name] ?? []) as (typeof value)[];
  const next = now.includes(value) ? now.filter((v) => v !== value) : [...now, value];
  if (next.length) (filters as Record<string, unknown>)[name] = next;
  else delete filters[name];
  return searchUrl(req, { filters, page: 1 });
}

/** The request without any filter (the "clear all" link), back on page 1. */
export function withoutFilters(req: SearchRequest): string {
  const { filters: _f, ...rest } = req;
  void _f;
  return searchUrl({ ...rest }, { page: 1 });
}
