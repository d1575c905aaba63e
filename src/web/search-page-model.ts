import { companyWords } from '../analysis/company-words.js';
import type { FacetCount, SearchFilters, SearchRequest, SearchResponse } from '../search/search-types.js';
import { renderLinkedRuns } from './render-linked-runs.js';
import { normalCode } from '../search/parse-query.js';
import { phaseLabel } from '../analysis/entity-phases.js';
import { identityOf } from '../search/release-identity.js';
import { PAGE_SIZES } from './request-params.js';
import { searchUrl, toggleValue, withFilter, withoutFilters } from './search-links.js';

export interface Link {
  label: string;
  href: string;
  current?: boolean;
}

/** A facet's entries: the first few shown, the rest behind a "more" disclosure (open when one of them is picked). */
export interface Facet {
  name: string;
  links: Link[];
  more: Link[];
  moreLabel: string;
  moreOpen: boolean;
}

/** Facet counts to show: by default the answer's own; the page passes counts made without the facet's own filter, so picking a second value is possible. */
export type PageFacets = SearchResponse['facets'];

export interface ResultCard {
  href: string;
  /** `<mark>`-only HTML built from escaped runs. */
  titleHtml: string;
  snippetHtml: string;
  date: string;
  company: string;
  tickers: string[];
  sources: string[];
  /** The filing's form type, filing date and sec.gov index page ('' when its sources do not give them). */
  form: string;
  filedAt: string;
  secUrl: string;
}

/** Everything the results template shows, computed here so the template stays dumb. */
export interface SearchPageModel {
  q: string;
  pageTitle: string;
  total: number;
  totalIsEstimate: boolean;
  /** "11–20 of 56 releases", "about 4,000 releases", "3 releases". */
  countText: string;
  tookMs: number;
  results: ResultCard[];
  pages: Link[];
  prev?: string;
  next?: string;
  sorts: Link[];
  sizes: Link[];
  facets: Facet[];
  chips: Link[];
  /** With any filter given apart from the query: the same search without them. */
  clearAll?: string;
  /** The date control's values (the URL's from/to). */
  dates: { from: string; to: string };
  /** A correction offered: the query typed found nothing. */
  didYouMean?: Link;
  /** The results are for a corrected query: what they are for, and a link to the query as typed. */
  corrected?: { showing: Link; instead: Link };
  messages: string[];
  hidden: { name: string; value: string }[];
}

const SORT_LABELS = { relevance: 'Relevance', date: 'Newest', 'date-asc': 'Oldest' } as const;
const FILTER_LABELS: Record<keyof SearchFilters, string> = { company: 'company', ticker: 'ticker', from: 'from', to: 'to', year: 'year', cik: 'cik', form: 'form', code: 'code', trial: 'trial', phase: 'phase' };

// A year facet lists every year; the newest this many are shown and the rest folded under "more years".
export const YEARS_SHOWN = 10;

function countText(req: SearchRequest, res: SearchResponse): string {
  const total = `${res.totalIsEstimate ? 'about ' : ''}${res.total.toLocaleString('en-US')} ${res.total === 1 ? 'release' : 'releases'}`;
  const n = res.results.length;
  if (n === 0 || (req.page === 1 && n >= res.total)) return total;
  const first = (req.page - 1) * req.size + 1;
  return `${first.toLocaleString('en-US')}–${(first + n - 1).toLocaleString('en-US')} of ${total}`;
}

/** Company names compare as the filter compares them: case and punctuation aside. */
const sameCompany = (a: string, b: string) => companyWords(a).join(' ') === companyWords(b).join(' ');

function companyLinks(req: SearchRequest, counts: readonly FacetCount[]): Link[] {
  const picked = req.filters?.company ?? [];
  const pickedCiks = req.filters?.cik ?? [];
  const links = counts.map((f) => {
    // an issuer known by its CIK is picked by it, whatever its releases call it
    if (f.cik) return { label: `${f.value} (${f.count})`, href: toggleValue(req, 'cik', f.cik), current: pickedCiks.includes(f.cik) };
    const chosen = picked.find((p) => sameCompany(p, f.value));
    // a picked value toggles off as it was given, so the URL loses exactly that value
    return { label: `${f.value} (${f.count})`, href: toggleValue(req, 'company', chosen ?? f.value), current: chosen !== undefined };
  });
  // a picked company the counts do not list (typed in the URL, or beyond the top ten) stays visible, to be unpicked
  const missing = [
    ...picked.filter((p) => !counts.some((f) => !f.cik && sameCompany(p, f.value))).map((p) => ({ label: p, href: toggleValue(req, 'company', p), current: true })),
    ...pickedCiks.filter((c) => !counts.some((f) => f.cik === c)).map((c) => ({ label: `CIK ${c}`, href: toggleValue(req, 'cik', c), current: true })),
  ];
  return [...missing, ...links];
}

function formLinks(req: SearchRequest, counts: readonly FacetCount[]): Link[] {
  const picked = req.filters?.form ?? [];
  const same = (a: string, b: string) => a.toUpperCase() === b.toUpperCase();
  const links = counts.map((f) => {
    const chosen = picked.find((p) => same(p, f.value));
    return { label: `${f.value} (${f.count})`, href: toggleValue(req, 'form', chosen ?? f.value), current: chosen !== undefined };
  });
  const missing = picked.filter((p) => !counts.some((f) => same(p, f.value))).map((p) => ({ label: p, href: toggleValue(req, 'form', p), current: true }));
  return [...missing, ...links];
}

function yearFacet(req: SearchRequest, counts: readonly FacetCount[]): Facet {
  const picked = req.filters?.year ?? [];
  const all = counts.map((f) => ({ year: Number(f.value), label: `${f.value} (${f.count})` }));
  for (const y of picked) if (!all.some((a) => a.year === y)) all.push({ year: y, label: String(y) });
  all.sort((a, b) => b.year - a.year);
  const links = all.map((a) => ({ label: a.label, href: toggleValue(req, 'year', a.year), current: picked.includes(a.year) }));
  const more = links.slice(YEARS_SHOWN);
  return { name: 'Year', links: links.slice(0, YEARS_SHOWN), more, moreLabel: `${more.length} more ${more.length === 1 ? 'year' : 'years'}`, moreOpen: more.some((l) => l.current) };
}

/** A facet of what the matches name: each value toggles its filter (`key` of a value: what the filter holds). */
function entityFacet(req: SearchRequest, name: string, filter: 'code' | 'trial' | 'phase', counts: readonly FacetCount[], key: (value: string) => string, label: (value: string) => string = (v) => v): Facet {
  const picked = req.filters?.[filter] ?? [];
  const links = counts.map((f) => ({ label: `${label(f.value)} (${f.count})`, href: toggleValue(req, filter, key(f.value)), current: picked.includes(key(f.value)) }));
  const missing = picked.filter((p) => !counts.some((f) => key(f.value) === p)).map((p) => ({ label: label(p), href: toggleValue(req, filter, p), current: true }));
  return { name, links: [...missing, ...links], more: [], moreLabel: '', moreOpen: false };
}

function pageLinks(req: SearchRequest, total: number): Link[] {
  const last = Math.max(1, Math.ceil(total / req.size));
  const from = Math.max(1, Math.min(req.page - 2, last - 4));
  const links: Link[] = [];
  for (let p = from; p <= Math.min(last, from + 4); p++) links.push({ label: String(p), href: searchUrl(req, { page: p }), current: p === req.page });
  return links;
}

export function searchPageModel(req: SearchRequest, res: SearchResponse, facets: PageFacets = res.facets): SearchPageModel {
  // an estimated total pages only through the releases that were checked
  const pageable = res.totalIsEstimate ? Math.min(res.total, res.pageable ?? res.total) : res.total;
  const last = Math.max(1, Math.ceil(pageable / req.size));
  // a release page links back to exactly this results page (page, sort, size, filters)
  const pairs: [string, string][] = [...(req.q ? [['q', req.q] as [string, string]] : []), ['back', searchUrl(req)]];
  const releaseQuery = `?${new URLSearchParams(pairs).toString()}`;
  const filters = req.filters ?? {};
  const model: SearchPageModel = {
    q: req.q,
    pageTitle: req.q ? `${req.q} – Press-release search` : 'Press-release search',
    total: res.total,
    totalIsEstimate: res.totalIsEstimate === true,
    countText: countText(req, res),
    tookMs: res.tookMs,
    results: res.results.map((r) => ({
      href: `/release/${encodeURIComponent(r.id)}${releaseQuery}`,
      titleHtml: renderLinkedRuns(r.titleRuns, r.codes ?? []),
      snippetHtml: renderLinkedRuns(r.snippetRuns, r.codes ?? []),
      date: r.date,
      company: r.company,
      tickers: r.tickers,
      sources: r.sources.map((s) => `${s.file} (${s.part})`),
      ...(({ form, filedAt, secUrl }) => ({ form, filedAt, secUrl }))(identityOf(r)),
    })),
    pages: pageable > req.size ? pageLinks(req, pageable) : [],
    sorts: (Object.keys(SORT_LABELS) as (keyof typeof SORT_LABELS)[]).map((s) => ({ label: SORT_LABELS[s], href: searchUrl(req, { sort: s, page: 1 }), current: req.sort === s })),
    sizes: PAGE_SIZES.map((n) => ({ label: String(n), href: searchUrl(req, { size: n, page: 1 }), current: req.size === n })),
    facets: [
      { name: 'Company', links: companyLinks(req, facets.company), more: [], moreLabel: '', moreOpen: false },
      yearFacet(req, facets.year),
      { name: 'Form', links: formLinks(req, facets.form), more: [], moreLabel: '', moreOpen: false },
      entityFacet(req, 'Codes', 'code', facets.codes ?? [], (v) => normalCode(v) ?? v),
      entityFacet(req, 'Trials', 'trial', facets.trials ?? [], (v) => v),
      entityFacet(req, 'Phases', 'phase', facets.phases ?? [], (v) => v, phaseLabel),
    ].filter((f) => f.links.length > 0),
    dates: { from: filters.from ?? '', to: filters.to ?? '' },
    chips: [
      ...(filters.company ?? []).map((c) => ({ label: `${FILTER_LABELS.company}: ${c}`, href: toggleValue(req, 'company', c) })),
      ...(filters.year ?? []).map((y) => ({ label: `${FILTER_LABELS.year}: ${y}`, href: toggleValue(req, 'year', y) })),
      ...(filters.cik ?? []).map((c) => {
        const named = facets.company.find((f) => f.cik === c);
        return { label: named ? `${FILTER_LABELS.company}: ${named.value} (CIK ${c})` : `${FILTER_LABELS.cik}: ${c}`, href: toggleValue(req, 'cik', c) };
      }),
      ...(filters.form ?? []).map((f) => ({ label: `${FILTER_LABELS.form}: ${f}`, href: toggleValue(req, 'form', f) })),
      ...(filters.code ?? []).map((c) => ({ label: `${FILTER_LABELS.code}: ${(facets.codes ?? []).find((f) => normalCode(f.value) === c)?.value ?? c}`, href: toggleValue(req, 'code', c) })),
      ...(filters.trial ?? []).map((t) => ({ label: `${FILTER_LABELS.trial}: ${t}`, href: toggleValue(req, 'trial', t) })),
      ...(filters.phase ?? []).map((ph) => ({ label: `${FILTER_LABELS.phase}: ${phaseLabel(ph)}`, href: toggleValue(req, 'phase', ph) })),
      ...(['ticker', 'from', 'to'] as const).filter((k) => filters[k] !== undefined).map((k) => ({ label: `${FILTER_LABELS[k]}: ${filters[k]!}`, href: withFilter(req, k, undefined) })),
    ],
    messages: res.messages,
    // the search form resubmits the active filters, sort and page size with a new query (from
    // and to are the date control's own inputs, which belong to the same form)
    hidden: [
      ...(filters.company ?? []).map((c) => ({ name: 'company', value: c })),
      ...(filters.year ?? []).map((y) => ({ name: 'year', value: String(y) })),
      ...(filters.cik ?? []).map((c) => ({ name: 'cik', value: c })),
      ...(filters.form ?? []).map((f) => ({ name: 'form', value: f })),
      ...(filters.code ?? []).map((c) => ({ name: 'code', value: c })),
      ...(filters.trial ?? []).map((t) => ({ name: 'trial', value: t })),
      ...(filters.phase ?? []).map((ph) => ({ name: 'phase', value: ph })),
      ...(['ticker'] as const).filter((k) => filters[k] !== undefined).map((k) => ({ name: k, value: filters[k]! })),
      ...(req.sort !== 'relevance' ? [{ name: 'sort', value: req.sort }] : []),
      ...(req.size !== 10 ? [{ name: 'size', value: String(req.size) }] : []),
    ],
  };
  if (model.chips.length) model.clearAll = withoutFilters(req);
  if (req.page > 1) model.prev = searchUrl(req, { page: Math.min(req.page - 1, last) });
  if (req.page < last) model.next = searchUrl(req, { page: req.page + 1 });
  if (res.didYouMean && res.corrected) {
    model.corrected = { showing: { label: res.didYouMean, href: searchUrl(req, { q: res.didYouMean, page: 1, asTyped: false }) }, instead: { label: req.q, href: searchUrl(req, { page: 1, asTyped: true }) } };
  } else if (res.didYouMean) model.didYouMean = { label: res.didYouMean, href: searchUrl(req, { q: res.didYouMean, page: 1, asTyped: false }) };
  return model;
}
