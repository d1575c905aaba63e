import { ArrayHitSet, compareHits, type EngineHit, type EngineQuery, type HitOrder, type HitSet } from '../engine/memory/engine-query.js';
import type { DocFilter } from '../engine/memory/doc-filter.js';
import { dayOf } from '../engine/memory/doc-table.js';
import type { Release } from '../clean/release.js';
import type { LoadedIndex } from '../store/release-store.js';
import { foldTerm, isCode, normalizeTerm } from '../analysis/terms.js';
import { textHasPhrase } from '../analysis/phrase-check.js';
import { joinCodes } from './join-codes.js';
import { parseQuery, type ParsedQuery, type QueryItem } from './parse-query.js';
import { renderRuns } from '../web/render-runs.js';
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

/** Filters from the query text and from URL parameters, in the form the engine evaluates over arrays. */
function filterOf(f: SearchFilters): DocFilter | undefined {
  const out: DocFilter = {};
  if (f.company) {
    const words = f.company.split(/\s+/).map(foldTerm).filter(Boolean);
    out.company = (name) => {
      const names = foldTerm(name).split(/[^\p{L}\p{N}]+/u);
      return words.every((w) => names.some((n) => n.startsWith(w)));
    };
  }
  if (f.ticker) {
    const t = f.ticker.toUpperCase().replace(/\s+/g, '');
    out.tickers = (tickers) => tickers.some((x) => x === t || x.endsWith(`:${t}`));
  }
  const days = [f.from ? dayOf(f.from) : 0, f.year ? f.year * 10000 : 0].filter((d) => d > 0);
  if (days.length) out.fromDay = Math.max(...days);
  const ends = [f.to ? dayOf(f.to) : 0, f.year ? f.year * 10000 + 9999 : 0].filter((d) => d > 0);
  if (ends.length) out.toDay = Math.min(...ends);
  return Object.keys(out).length ? out : undefined;
}

// Checking a phrase reads the release (some 40 µs each), so candidates are checked in the order the
// page shows them, first this many (or twice the hits the page needs), then twice as many at a
// time while the page is not full. Past the candidates checked, the total is estimated from the
// share that passed: the pair filters have already dropped nearly all releases without the
// phrase, so that share is high and the estimate close.
export const PHRASE_CHECKS = 100;
// Deep pages of such a phrase check more, up to this many.
const MAX_PHRASE_CHECKS = 20_000;
/** How far the results of an estimated phrase can be paged through. */
export const PHRASE_PAGEABLE = MAX_PHRASE_CHECKS / 2;

/** Hits with phrases checked; when only the first candidates were checked, estimates too. */
interface Executed {
  hits: HitSet;
  estimatedTotal?: number;
  /** Facet counts of all candidates scaled by the share that passed the check. */
  estimatedFacets?: ReturnType<HitSet['facets']>;
  checked?: number;
}

const NO_HITS: HitSet = new ArrayHitSet([]);

/** The matches of a parsed query, phrases verified against the text, in `order` as far as checked. */
function execute(index: LoadedIndex, parsed: ParsedQuery, filters: SearchFilters, wanted: number, order: HitOrder): Executed {
  const filter = filterOf(filters);
  const q = engineQuery(parsed, filter !== undefined);
  if (!q) return { hits: NO_HITS };
  const phraseGroups = parsed.groups.filter((g) => g.some((i) => i.kind === 'phrase'));
  // phrases every hit needs: the engine drops releases whose word-pair filter rules them out
  const required = phraseGroups.filter((g) => g.length === 1).map((g) => g[0]!.terms);
  const matched = index.engine.match(q, filter, required);
  const excludedPhrases = parsed.excluded.filter((i) => i.kind === 'phrase');
  if (matched.total === 0 || (!phraseGroups.length && !excludedPhrases.length)) return { hits: matched };
  const passes = (hit: EngineHit): boolean => {
    const release = index.store.get(hit.id);
    if (!release) return false;
    const text = `${release.title}\n\n${release.body}`;
    const terms = new Set(hit.terms);
    for (const g of phraseGroups) {
      const ok = g.some((i) => (i.kind === 'phrase' ? textHasPhrase(text, i.terms) : i.kind === 'word' ? terms.has(i.terms[0]!) : hit.terms.some((t) => t.startsWith(i.terms[0]!))));
      if (!ok) return false;
    }
    return !excludedPhrases.some((i) => textHasPhrase(text, i.terms));
  };
  const candidates = matched.total;
  const hits: EngineHit[] = [];
  const seen = new Set<string>();
  let checked = 0;
  let batch = Math.min(MAX_PHRASE_CHECKS, Math.max(PHRASE_CHECKS, 2 * wanted));
  for (;;) {
    // a longer head extends the shorter one; the ids guard against near-tied scores reordering
    const head = matched.top(batch, order);
    for (const hit of head) {
      if (seen.has(hit.id)) continue;
      seen.add(hit.id);
      if (passes(hit)) hits.push(hit);
    }
    checked = head.length;
    if (checked >= candidates || hits.length >= wanted || batch >= MAX_PHRASE_CHECKS) break;
    batch = Math.min(MAX_PHRASE_CHECKS, batch * 2);
  }
  const verified = new ArrayHitSet(hits);
  if (checked >= candidates) return { hits: verified };
  const share = hits.length / checked;
  const scale = (m: Map<string, number>) => new Map([...m].map(([k, v]) => [k, Math.round(v * share)] as const).filter(([, v]) => v > 0));
  const all = matched.facets();
  return {
    hits: verified,
    estimatedTotal: Math.round(share * candidates),
    estimatedFacets: { company: scale(all.company), year: scale(all.year) },
    checked,
  };
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

function facetCounts({ company, year }: ReturnType<HitSet['facets']>): { company: FacetCount[]; year: FacetCount[] } {
  const top = (m: Map<string, number>, byValue: boolean) =>
    [...m]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => (byValue ? b.value.localeCompare(a.value) : b.count - a.count || a.value.localeCompare(b.value)))
      .slice(0, FACET_LIMIT);
  return { company: top(company, false), year: top(year, true) };
}

/** What to mark in a hit: the terms it matched (expansions included) and the query's phrases. */
function highlightOf(hit: EngineHit | undefined, parsed: ParsedQuery): Highlight {
  const items = parsed.groups.flat();
  const words = new Set(items.filter((i) => i.kind === 'word').map((i) => i.terms[0]!));
  const prefixes = items.filter((i) => i.kind === 'prefix').map((i) => i.terms[0]!);
  // a word the query has only inside a phrase is marked where the phrase stands, not alone:
  // `"net income"` shows the phrase, not every `net` and `income`
  const alone = (t: string) => words.has(t) || prefixes.some((p) => t.startsWith(p));
  const terms = new Set((hit?.terms ?? [...words, ...prefixes]).filter(alone));
  const phrases = items.filter((i) => i.kind === 'phrase').map((i) => i.terms);
  return { terms, phrases };
}

interface Outcome extends Omit<Executed, 'checked'> {
  parsed: ParsedQuery;
  didYouMean?: string;
  messages: string[];
}

/** Parse, run, and correct a misspelt query that finds nothing; `wanted`: hits the page needs. */
function run(index: LoadedIndex, q: string, extra: SearchFilters | undefined, wanted: number, order: HitOrder): Outcome {
  const isIndexed = (term: string) => index.engine.hasTerm(term);
  const parsed = joinCodes(parseQuery(q), isIndexed);
  const filters = { ...parsed.filters, ...extra };
  const executed = execute(index, parsed, filters, wanted, order);
  const hits = executed.hits;
  const messages = [...parsed.messages];
  if (executed.estimatedTotal !== undefined) {
    messages.push(`The phrase matched too many releases to check them all: the ${(executed.checked ?? PHRASE_CHECKS).toLocaleString('en-US')} ${order === 'relevance' ? 'best' : order === 'date' ? 'newest' : 'oldest'} were checked, and the total is an estimate.`);
  }
  if (hits.total === 0 && parsed.groups.length > 0) {
    const fixed = correct(index, q, parsed);
    if (fixed) {
      const again = joinCodes(parseQuery(fixed), isIndexed);
      const fixedHits = execute(index, again, { ...again.filters, ...extra }, wanted, order).hits;
      if (fixedHits.total) {
        messages.push(`No results for "${q.trim()}"; showing results for "${fixed.trim()}".`);
        return { parsed: again, hits: fixedHits, didYouMean: fixed.trim(), messages };
      }
    }
    // the engine's hit sets last until its next query, and the correction ran queries
    return { parsed, hits: NO_HITS, messages };
  }
  const { checked: _checked, ...rest } = executed;
  void _checked;
  return { ...rest, parsed, messages };
}

// How many of the best hits are checked for the query's words standing together, and the boost
// they get when they do (`Fort Smith` the city, not `Fort Worth … Rick Smith`).
const ADJACENT_CHECKS = 30;
const ADJACENT_BOOST = 3;

/**
 * For a query of 2–4 plain words, boost the best hits whose text has the words side by side, as
 * Lucene's phrase-field boost does: cheap (a few windows of the best releases) and often decisive.
 * `best` is the head of the relevance order; a boost only lifts hits within it.
 */
function boostAdjacent(index: LoadedIndex, parsed: ParsedQuery, best: EngineHit[]): void {
  const groups = parsed.groups;
  if (groups.length < 2 || groups.length > 4 || groups.some((g) => g.length !== 1 || g[0]!.kind !== 'word')) return;
  const phrase = groups.map((g) => g[0]!.terms[0]!);
  const top = best.slice(0, ADJACENT_CHECKS);
  for (const hit of top) {
    const r = index.store.get(hit.id);
    if (r && textHasPhrase(`${r.title}\n\n${r.subtitle}\n\n${r.body}`, phrase)) hit.score *= ADJACENT_BOOST;
  }
  top.sort(compareHits('relevance'));
  best.splice(0, top.length, ...top);
}

// Releases one search keeps once read (a deep page of a phrase reads thousands; those are not kept).
const READ_ONCE_MAX = 1000;

/**
 * The index with each release read from the store at most once: the phrase check, the adjacency
 * boost and the page's snippets read the same best hits.
 */
function readingOnce(index: LoadedIndex): LoadedIndex {
  const store = index.store;
  const read = new Map<string, Release | undefined>();
  const get = (id: string): Release | undefined => {
    if (read.has(id)) return read.get(id);
    const release = store.get(id);
    if (read.size < READ_ONCE_MAX) read.set(id, release);
    return release;
  };
  return { ...index, store: { get, ids: () => store.ids(), get size() { return store.size; } } };
}

/** Run one query against a loaded index: ranked, paged hits with highlighted snippets and facets. */
export function search(loaded: LoadedIndex, req: SearchRequest): SearchResponse {
  const started = performance.now();
  const index = readingOnce(loaded);
  const out = run(index, req.q, req.filters, req.page * req.size, req.sort);
  const from = (req.page - 1) * req.size;
  // only the hits up to this page are put in order, with the boosted head on relevance
  const ordered = out.hits.top(req.sort === 'relevance' ? Math.max(from + req.size, ADJACENT_CHECKS) : from + req.size, req.sort);
  if (req.sort === 'relevance') boostAdjacent(index, out.parsed, ordered);
  const results: SearchHit[] = [];
  for (const hit of ordered.slice(from, from + req.size)) {
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
    total: out.estimatedTotal ?? out.hits.total,
    page: req.page,
    size: req.size,
    tookMs: Math.round((performance.now() - started) * 100) / 100,
    results,
    facets: facetCounts(out.estimatedFacets ?? out.hits.facets()),
    messages: out.messages,
  };
  if (out.didYouMean) response.didYouMean = out.didYouMean;
  if (out.estimatedTotal !== undefined) response.totalIsEstimate = true;
  return response;
}

/** What to mark on one release's page for a query: the same terms its search result matched. */
export function highlightForRelease(index: LoadedIndex, q: string, id: string): Highlight {
  const out = run(index, q, undefined, PHRASE_CHECKS, 'relevance');
  return highlightOf(out.hits.find(id), out.parsed);
}
