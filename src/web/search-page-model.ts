import type { SearchFilters, SearchRequest, SearchResponse } from '../search/search-types.js';
import { renderRuns } from './render-runs.js';
import { PAGE_SIZES } from './request-params.js';
import { searchUrl, toggleValue, withFilter } from './search-links.js';

export interface Link {
  label: string;
  href: string;
  current?: boolean;
}

export interface ResultCard {
  href: string;
  /** `<mark>`-only HTML built from escaped runs. */
  titleHtml: string;
  snippetHtml: string;
  date: string;
  company: string;
  tickers: string[];
  sources: string[];
}

/** Everything the results template shows, computed here so the template stays dumb. */
export interface SearchPageModel {
  q: string;
  pageTitle: string;
  total: number;
  totalIsEstimate: boolean;
  tookMs: number;
  results: ResultCard[];
  pages: Link[];
  prev?: string;
  next?: string;
  sorts: Link[];
  sizes: Link[];
  facets: { name: string; links: Link[] }[];
  chips: Link[];
  /** A correction offered: the query typed found nothing. */
  didYouMean?: Link;
  /** The results are for a corrected query: what they are for, and a link to the query as typed. */
  corrected?: { showing: Link; instead: Link };
  messages: string[];
  hidden: { name: string; value: string }[];
}

const SORT_LABELS = { relevance: 'Relevance', date: 'Newest', 'date-asc': 'Oldest' } as const;
const FILTER_LABELS: Record<keyof SearchFilters, string> = { company: 'company', ticker: 'ticker', from: 'from', to: 'to', year: 'year' };

function pageLinks(req: SearchRequest, total: number): Link[] {
  const last = Math.max(1, Math.ceil(total / req.size));
  const from = Math.max(1, Math.min(req.page - 2, last - 4));
  const links: Link[] = [];
  for (let p = from; p <= Math.min(last, from + 4); p++) links.push({ label: String(p), href: searchUrl(req, { page: p }), current: p === req.page });
  return links;
}

export function searchPageModel(req: SearchRequest, res: SearchResponse): SearchPageModel {
  // an estimated total pages only through the releases that were checked
  const pageable = res.totalIsEstimate ? Math.min(res.total, res.pageable ?? res.total) : res.total;
  const last = Math.max(1, Math.ceil(pageable / req.size));
  const releaseQuery = req.q ? `?q=${encodeURIComponent(req.q)}` : '';
  const filters = req.filters ?? {};
  const model: SearchPageModel = {
    q: req.q,
    pageTitle: req.q ? `${req.q} – Press-release search` : 'Press-release search',
    total: res.total,
    totalIsEstimate: res.totalIsEstimate === true,
    tookMs: res.tookMs,
    results: res.results.map((r) => ({
      href: `/release/${encodeURIComponent(r.id)}${releaseQuery}`,
      titleHtml: renderRuns(r.titleRuns),
      snippetHtml: renderRuns(r.snippetRuns),
      date: r.date,
      company: r.company,
      tickers: r.tickers,
      sources: r.sources.map((s) => `${s.file} (${s.part})`),
    })),
    pages: pageable > req.size ? pageLinks(req, pageable) : [],
    sorts: (Object.keys(SORT_LABELS) as (keyof typeof SORT_LABELS)[]).map((s) => ({ label: SORT_LABELS[s], href: searchUrl(req, { sort: s, page: 1 }), current: req.sort === s })),
    sizes: PAGE_SIZES.map((n) => ({ label: String(n), href: searchUrl(req, { size: n, page: 1 }), current: req.size === n })),
    facets: [
      { name: 'Company', links: res.facets.company.map((f) => ({ label: `${f.value} (${f.count})`, href: toggleValue(req, 'company', f.value), current: filters.company?.includes(f.value) === true })) },
      { name: 'Year', links: res.facets.year.map((f) => ({ label: `${f.value} (${f.count})`, href: toggleValue(req, 'year', Number(f.value)), current: filters.year?.includes(Number(f.value)) === true })) },
    ].filter((f) => f.links.length > 0),
    chips: [
      ...(filters.company ?? []).map((c) => ({ label: `${FILTER_LABELS.company}: ${c}`, href: toggleValue(req, 'company', c) })),
      ...(filters.year ?? []).map((y) => ({ label: `${FILTER_LABELS.year}: ${y}`, href: toggleValue(req, 'year', y) })),
      ...(['ticker', 'from', 'to'] as const).filter((k) => filters[k] !== undefined).map((k) => ({ label: `${FILTER_LABELS[k]}: ${filters[k]!}`, href: withFilter(req, k, undefined) })),
    ],
    messages: res.messages,
    // the search form resubmits the active filters, sort and page size with a new query
    hidden: [
      ...(filters.company ?? []).map((c) => ({ name: 'company', value: c })),
      ...(filters.year ?? []).map((y) => ({ name: 'year', value: String(y) })),
      ...(['ticker', 'from', 'to'] as const).filter((k) => filters[k] !== undefined).map((k) => ({ name: k, value: filters[k]! })),
      ...(req.sort !== 'relevance' ? [{ name: 'sort', value: req.sort }] : []),
      ...(req.size !== 10 ? [{ name: 'size', value: String(req.size) }] : []),
    ],
  };
  if (req.page > 1) model.prev = searchUrl(req, { page: Math.min(req.page - 1, last) });
  if (req.page < last) model.next = searchUrl(req, { page: req.page + 1 });
  if (res.didYouMean && res.corrected) {
    model.corrected = { showing: { label: res.didYouMean, href: searchUrl(req, { q: res.didYouMean, page: 1 }) }, instead: { label: req.q, href: searchUrl(req, { page: 1, asTyped: true }) } };
  } else if (res.didYouMean) model.didYouMean = { label: res.didYouMean, href: searchUrl(req, { q: res.didYouMean, page: 1 }) };
  return model;
}
