import type { DocInfo, EngineHit, EngineQuery } from '../index/search-engine.js';
import type { LoadedIndex } from '../index/loaded-index.js';
import { foldTerm, isCode, normalizeTerm } from '../index/terms.js';
import { textHasPhrase } from './phrase-check.js';
import { parseQuery, type ParsedQuery, type QueryItem } from './parse-query.js';
import { renderRuns } from './render-runs.js';
import type { FacetCount, SearchFilters, SearchHit, SearchRequest, SearchResponse } from './search-types.js';
import { markText, snippet, type Highlight } from './snippet.js';

const FACET_LIMIT = 10;

function itemQuery(item: QueryItem): EngineQuery {
  if (item.kind === 'prefix') return { kind: 'term', term: item.terms[0]!, prefix: true };
  if (item.kind === 'phrase') return { kind: 'and', items: item.terms.map((term) => ({ kind: 'term', term })) };
  return { kind: 'term', term: item.terms[0]! };
}

function engineQuery(parsed: ParsedQuery, filtered: boolean): EngineQuery | undefined {
  const groups = parsed.groups.map((g): EngineQuery => (g.length === 1 ? itemQuery(g[0]!) : { kind: 'or', items: g.map(itemQuery) }));
  let include: EngineQuery;
  if (groups.length > 0) include = groups.length === 1 ? groups[0]! : { kind: 'and', items: groups };
  else if (filtered || parsed.excluded.length > 0) include = { kind: 'all' };
  else return undefined;
  const exclude = parsed.excluded.filter((i) => i.kind !== 'phrase').map(itemQuery);
  return exclude.length ? { kind: 'not', include, exclude } : include;
}

/** Filters from the query text and from URL parameters, as one predicate on stored fields. */
function filterOf(f: SearchFilters): ((doc: DocInfo) => boolean) | undefined {
  const tests: ((doc: DocInfo) => boolean)[] = [];
  if (f.company) {
    const words = f.company.split(/\s+/).map(foldTerm).filter(Boolean);
    tests.push((d) => {
      const names = foldTerm(d.company).split(/[^\p{L}\p{N}]+/u);
      return words.every((w) => names.some((n) => n.startsWith(w)));
    });
  }
  if (f.ticker) {
    const t = f.ticker.toUpperCase().replace(/\s+/g, '');
    tests.push((d) => d.tickers.some((x) => x === t || x.endsWith(`:${t}`)));
  }
  if (f.year) {
    const y = String(f.year);
    tests.push((d) => d.date.startsWith(y));
  }
  if (f.from) {
    const from = f.from;
    tests.push((d) => d.date !== '' && d.date >= from);
  }
  if (f.to) {
    const to = f.to;
    tests.push((d) => d.date !== '' && d.date <= to);
  }
  if (tests.length === 0) return undefined;
  return (d) => tests.every((t) => t(d));
}

// Checking a phrase reads the release: past this many candidates (a phrase of common words in a
// large corpus) only the best-scoring ones are checked and the total is estimated from them.
export const PHRASE_CHECKS = 2000;

/** Hits with phrases checked; `estimatedTotal` when only the best candidates were checked. */
interface Executed {
  hits: EngineHit[];
  estimatedTotal?: number;
}

/** The matches of a parsed query, phrases verified against the text. */
function execute(index: LoadedIndex, parsed: ParsedQuery, filters: SearchFilters): Executed {
  const filter = filterOf(filters);
  const q = engineQuery(parsed, filter !== undefined);
  if (!q) return { hits: [] };
  let hits = index.engine.search(q, filter);
  let estimatedTotal: number | undefined;
  const phraseGroups = parsed.groups.filter((g) => g.some((i) => i.kind === 'phrase'));
  const excludedPhrases = parsed.excluded.filter((i) => i.kind === 'phrase');
  if (hits.length && (phraseGroups.length || excludedPhrases.length)) {
    const candidates = hits.length;
    if (candidates > PHRASE_CHECKS) hits = hits.slice(0, PHRASE_CHECKS); // the best, as the engine gives them best first
    hits = hits.filter((hit) => {
      const release = index.store.get(hit.id);
      if (!release) return false;
      const text = `${release.title}\n\n${release.body}`;
      const matched = new Set(hit.terms);
      for (const g of phraseGroups) {
        const ok = g.some((i) => (i.kind === 'phrase' ? textHasPhrase(text, i.terms) : i.kind === 'word' ? matched.has(i.terms[0]!) : hit.terms.some((t) => t.startsWith(i.terms[0]!))));
        if (!ok) return false;
      }
      return !excludedPhrases.some((i) => textHasPhrase(text, i.terms));
    });
    if (candidates > PHRASE_CHECKS) estimatedTotal = Math.round((hits.length / PHRASE_CHECKS) * candidates);
  }
  return estimatedTotal === undefined ? { hits } : { hits, estimatedTotal };
}

/** A query with its misspelt words (that match nothing) replaced by the closest indexed words. */
function correct(index: LoadedIndex, q: string, parsed: ParsedQuery): string | undefined {
  const fixes = new Map<string, string>();
  for (const g of parsed.groups) {
    for (const item of g) {
      if (item.kind !== 'word') continue;
      const term = item.terms[0]!;
      if (isCode(term) || index.engine.hasTerm(term)) continue;
      const fix = index.engine.correct(term);
      if (fix) fixes.set(term, fix);
    }
  }
  if (fixes.size === 0) return undefined;
  return q.replace(/[\p{L}\p{N}'’]+/gu, (w) => fixes.get(normalizeTerm(w)) ?? w);
}

function facetCounts(hits: readonly EngineHit[]): { company: FacetCount[]; year: FacetCount[] } {
  const company = new Map<string, number>();
  const year = new Map<string, number>();
  for (const h of hits) {
    if (h.company) company.set(h.company, (company.get(h.company) ?? 0) + 1);
    const y = h.date.slice(0, 4);
    if (y) year.set(y, (year.get(y) ?? 0) + 1);
  }
  const top = (m: Map<string, number>, byValue: boolean) =>
    [...m]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => (byValue ? b.value.localeCompare(a.value) : b.count - a.count || a.value.localeCompare(b.value)))
      .slice(0, FACET_LIMIT);
  return { company: top(company, false), year: top(year, true) };
}

// Scores this close are a tie: the newer release comes first.
const TIE = 1e-9;

/**
 * Hits in the order asked for. The engine gives them best first, so relevance only needs its ties
 * (scores this close) put newest first: a pass over runs of equal scores, not a sort of every hit.
 */
function order(hits: EngineHit[], sort: SearchRequest['sort']): EngineHit[] {
  if (sort === 'date') return hits.sort((a, b) => b.day - a.day || b.score - a.score);
  if (sort === 'date-asc') return hits.sort((a, b) => a.day - b.day || b.score - a.score);
  for (let i = 0; i < hits.length; ) {
    let j = i + 1;
    while (j < hits.length && Math.abs(hits[i]!.score - hits[j]!.score) <= TIE * hits[i]!.score) j++;
    if (j - i > 1) {
      const run = hits.slice(i, j).sort((a, b) => b.day - a.day);
      for (let k = 0; k < run.length; k++) hits[i + k] = run[k]!;
    }
    i = j;
  }
  return hits;
}

/** What to mark in a hit: the terms it matched (expansions included) and the query's phrases. */
function highlightOf(hit: EngineHit | undefined, parsed: ParsedQuery): Highlight {
  const terms = new Set(hit?.terms ?? parsed.groups.flat().flatMap((i) => (i.kind === 'phrase' ? [] : i.terms)));
  const phrases = parsed.groups.flat().filter((i) => i.kind === 'phrase').map((i) => i.terms);
  return { terms, phrases };
}

interface Outcome {
  parsed: ParsedQuery;
  hits: EngineHit[];
  estimatedTotal?: number;
  didYouMean?: string;
  messages: string[];
}

/** Parse, run, and correct a misspelt query that finds nothing. */
function run(index: LoadedIndex, q: string, extra: SearchFilters | undefined): Outcome {
  const parsed = parseQuery(q);
  const filters = { ...parsed.filters, ...extra };
  const executed = execute(index, parsed, filters);
  const hits = executed.hits;
  const messages = [...parsed.messages];
  if (executed.estimatedTotal !== undefined) {
    messages.push(`The phrase matched too many releases to check them all: the ${PHRASE_CHECKS.toLocaleString('en-US')} best were checked, and the total is an estimate.`);
  }
  if (hits.length === 0 && parsed.groups.length > 0) {
    const fixed = correct(index, q, parsed);
    if (fixed) {
      const again = parseQuery(fixed);
      const fixedHits = execute(index, again, { ...again.filters, ...extra }).hits;
      if (fixedHits.length) {
        messages.push(`No results for "${q.trim()}"; showing results for "${fixed.trim()}".`);
        return { parsed: again, hits: fixedHits, didYouMean: fixed.trim(), messages };
      }
    }
  }
  return executed.estimatedTotal === undefined ? { parsed, hits, messages } : { parsed, hits, messages, estimatedTotal: executed.estimatedTotal };
}

// How many of the best hits are checked for the query's words standing together, and the boost
// they get when they do (`Fort Smith` the city, not `Fort Worth … Rick Smith`).
const ADJACENT_CHECKS = 30;
const ADJACENT_BOOST = 3;

/**
 * For a query of 2–4 plain words, boost the best hits whose text has the words side by side, as
 * Lucene's phrase-field boost does: cheap (a few windows of the best releases) and often decisive.
 */
function boostAdjacent(index: LoadedIndex, out: Outcome): void {
  const groups = out.parsed.groups;
  if (groups.length < 2 || groups.length > 4 || groups.some((g) => g.length !== 1 || g[0]!.kind !== 'word')) return;
  const phrase = groups.map((g) => g[0]!.terms[0]!);
  // hits come best first; a boost only lifts one of the first few, so only those need re-sorting
  const top = out.hits.slice(0, ADJACENT_CHECKS);
  for (const hit of top) {
    const r = index.store.get(hit.id);
    if (r && textHasPhrase(`${r.title}\n\n${r.subtitle}\n\n${r.body}`, phrase)) hit.score *= ADJACENT_BOOST;
  }
  top.sort((a, b) => b.score - a.score);
  out.hits.splice(0, top.length, ...top);
}

/** Run one query against a loaded index: ranked, paged hits with highlighted snippets and facets. */
export function search(index: LoadedIndex, req: SearchRequest): SearchResponse {
  const started = performance.now();
  const out = run(index, req.q, req.filters);
  if (req.sort === 'relevance') boostAdjacent(index, out);
  const hits = order(out.hits, req.sort);
  const from = (req.page - 1) * req.size;
  const results: SearchHit[] = [];
  for (const hit of hits.slice(from, from + req.size)) {
    const release = index.store.get(hit.id);
    if (!release) continue;
    const hl = highlightOf(hit, out.parsed);
    const snippetRuns = snippet(release.body, hl);
    results.push({
      id: release.id,
      title: release.title,
      titleRuns: markText(release.title, hl),
      date: release.date,
      company: release.company,
      tickers: release.tickers,
      score: Math.round(hit.score * 1000) / 1000,
      snippet: renderRuns(snippetRuns),
      snippetRuns,
      sources: release.sources,
    });
  }
  const response: SearchResponse = {
    query: req.q,
    total: out.estimatedTotal ?? hits.length,
    page: req.page,
    size: req.size,
    tookMs: Math.round((performance.now() - started) * 100) / 100,
    results,
    facets: facetCounts(hits),
    messages: out.messages,
  };
  if (out.didYouMean) response.didYouMean = out.didYouMean;
  if (out.estimatedTotal !== undefined) response.totalIsEstimate = true;
  return response;
}

/** What to mark on one release's page for a query: the same terms its search result matched. */
export function highlightForRelease(index: LoadedIndex, q: string, id: string): Highlight {
  const out = run(index, q, undefined);
  return highlightOf(out.hits.find((h) => h.id === id), out.parsed);
}
