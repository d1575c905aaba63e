import { companyMatches, companyWords } from '../analysis/company-words.js';
import { isCode, normalizeTerm } from '../analysis/terms.js';
import type { Release } from '../clean/release.js';
import type { Engine, EngineAnswer, EngineFilters, Order, QueryNode } from '../engine/engine.js';
import { joinCodes } from './join-codes.js';
import { MAX_QUERY_TERMS } from './limits.js';
import { isSureCorrection } from './spelling.js';
import { splitCompounds } from './split-compounds.js';
import { joinCandidates, phraseVariants } from './phrase-variants.js';
import { parseQuery, type ParsedQuery, type QueryItem } from './parse-query.js';
import type { FacetCount, SearchFilters, SearchHit, SearchRequest, SearchResponse } from './search-types.js';
import { markText, snippet, type Highlight } from './snippet.js';

const FACET_LIMIT = 10;
// A release page asks which terms its search matched in it; phrases are checked this far.
const RELEASE_PAGE_CHECKS = 100;

function itemNode(item: QueryItem): QueryNode {
  if (item.kind === 'prefix') return { kind: 'term', term: item.terms[0]!, prefix: true };
  if (item.kind === 'phrase') {
    const variants = item.variants ?? [item.terms];
    return variants.length === 1 ? { kind: 'phrase', terms: variants[0]! } : { kind: 'or', items: variants.map((terms) => ({ kind: 'phrase', terms })) };
  }
  return { kind: 'term', term: item.terms[0]! };
}

/** An excluded item as the nodes it excludes (each spelling of a phrase on its own). */
const excludedNodes = (item: QueryItem): QueryNode[] =>
  item.kind === 'phrase' && item.variants && item.variants.length > 1 ? item.variants.map((terms) => ({ kind: 'phrase', terms })) : [itemNode(item)];

/**
 * Each quoted phrase with its other spellings: a compound whole or split, two words joined where
 * the index holds them so, so `"body-worn camera"` and `"body worn camera"` find the same releases.
 * A phrase whose codes the query joined (`"results of gti 2040"`) keeps its one spelling.
 */
async function withPhraseVariants(engine: Engine, parsed: ParsedQuery): Promise<ParsedQuery> {
  const phrases = [...parsed.groups.flat(), ...parsed.excluded].filter((i) => i.kind === 'phrase');
  if (phrases.length === 0) return parsed;
  const known = await engine.terms.known(phrases.flatMap((p) => joinCandidates(p.text)));
  const withVariants = (i: QueryItem): QueryItem => {
    if (i.kind !== 'phrase') return i;
    const variants = phraseVariants(i.text, (a, b) => known.has(a + b));
    if (variants.length < 2 || variants[0]!.join(' ') !== i.terms.join(' ')) return i;
    return { ...i, variants };
  };
  return { ...parsed, groups: parsed.groups.map((g) => g.map(withVariants)), excluded: parsed.excluded.map(withVariants) };
}

/** The parsed query as the engine's query tree; undefined when it asks for nothing. */
export function queryPlan(parsed: ParsedQuery, filtered: boolean): QueryNode | undefined {
  const groups = parsed.groups.map((g): QueryNode => (g.length === 1 ? itemNode(g[0]!) : { kind: 'or', items: g.map(itemNode) }));
  let include: QueryNode;
  if (groups.length > 0) include = groups.length === 1 ? groups[0]! : { kind: 'and', items: groups };
  else if (filtered || parsed.excluded.length > 0) include = { kind: 'all' };
  else return undefined;
  return parsed.excluded.length ? { kind: 'not', include, exclude: parsed.excluded.flatMap(excludedNodes) } : include;
}

/** `YYYY-MM-DD` as the number YYYYMMDD (0 when not a date). */
const dayOf = (date: string) => (/^\d{4}-\d{2}-\d{2}$/.test(date) ? Number(date.replace(/-/g, '')) : 0);


/** Filters from the query text and URL parameters, as the engine's data. */
export function filtersOf(f: SearchFilters): EngineFilters | undefined {
  const out: EngineFilters = {};
  const companies = (f.company ?? []).map(companyWords).filter((w) => w.length > 0);
  if (companies.length) out.companies = companies;
  if (f.ticker) out.tickers = [f.ticker];
  if (f.from) out.fromDay = dayOf(f.from);
  if (f.to) out.toDay = dayOf(f.to);
  if (f.year?.length) out.years = [...f.year];
  return Object.keys(out).length ? out : undefined;
}

/** The query with lower-case codes typed with a space joined where the index holds the code. */
async function withCodesJoined(engine: Engine, parsed: ParsedQuery): Promise<ParsedQuery> {
  // every pair the joiner could ask about, asked in one round trip
  const asked: string[] = [];
  joinCodes(parsed, (t) => {
    asked.push(t);
    return false;
  });
  if (asked.length === 0) return parsed;
  const known = await engine.terms.known(asked);
  return joinCodes(parsed, (t) => known.has(t));
}

/**
 * A query with its words that match nothing replaced by the closest indexed words, and whether
 * every replacement is sure enough to answer it instead of the query typed (spelling.ts).
 */
async function corrected(engine: Engine, q: string, parsed: ParsedQuery): Promise<{ query: string; sure: boolean } | undefined> {
  const words = parsed.groups.flat().filter((i) => i.kind === 'word' && !isCode(i.terms[0]!)).map((i) => i.terms[0]!);
  const known = await engine.terms.known(words);
  const typed = new Map<string, string>();
  for (const w of q.match(/[\p{L}\p{N}'’]+/gu) ?? []) if (!typed.has(normalizeTerm(w))) typed.set(normalizeTerm(w), w);
  const fixes = new Map<string, string>();
  let sure = true;
  for (const term of words) {
    if (known.has(term) || fixes.has(term)) continue;
    const fix = await engine.terms.correct(term);
    if (!fix) continue;
    fixes.set(term, fix.term);
    sure &&= isSureCorrection({ typed: typed.get(term) ?? term, term, fix: fix.term, releases: fix.releases }, engine.stats().releases);
  }
  if (fixes.size === 0) return undefined;
  return { query: q.replace(/[\p{L}\p{N}'’]+/gu, (w) => fixes.get(normalizeTerm(w)) ?? w), sure };
}

interface NameGroup {
  words: string[];
  releases: number;
  spellings: Map<string, number>;
}

/**
 * Company facet entries that count what clicking them returns: the spellings of one name that
 * differ only in case and punctuation are one entry (shown as its most used spelling), and its
 * count is every match the company filter keeps for it (the filter's rule, so a longer name
 * holding the same words is counted too).
 */
export function companyFacet(names: ReadonlyMap<string, number> | undefined, limit = FACET_LIMIT): FacetCount[] {
  const groups = new Map<string, NameGroup>();
  for (const [name, n] of names ?? []) {
    const words = companyWords(name);
    if (!words.length) continue;
    const key = words.join(' ');
    const g = groups.get(key) ?? { words, releases: 0, spellings: new Map<string, number>() };
    g.releases += n;
    g.spellings.set(name, (g.spellings.get(name) ?? 0) + n);
    groups.set(key, g);
  }
  const all = [...groups.values()];
  // a group's count only grows by longer names, so the largest groups are the candidates
  const candidates = [...all].sort((a, b) => b.releases - a.releases).slice(0, limit * 3);
  return candidates
    .map((c) => {
      const value = [...c.spellings].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
      const count = all.reduce((n, g) => (companyMatches(c.words, g.words) ? n + g.releases : n), 0);
      return { value, count };
    })
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
    .slice(0, limit);
}

function facetCounts(facets: EngineAnswer['facets']): SearchResponse['facets'] {
  // every year (a page lists them all, newest first): a year facet cut to ten hid the early ones
  const year = [...(facets.year ?? [])].map(([value, count]) => ({ value, count })).sort((a, b) => b.value.localeCompare(a.value));
  return { company: companyFacet(facets.company), year };
}

/** What to mark in a hit: the terms it matched (expansions included) and the query's phrases. */
function highlightOf(terms: readonly string[] | undefined, parsed: ParsedQuery): Highlight {
  const items = parsed.groups.flat();
  const words = new Set(items.filter((i) => i.kind === 'word').map((i) => i.terms[0]!));
  const prefixes = items.filter((i) => i.kind === 'prefix').map((i) => i.terms[0]!);
  // a word the query has only inside a phrase is marked where the phrase stands, not alone:
  // `"net income"` shows the phrase, not every `net` and `income`
  const alone = (t: string) => words.has(t) || prefixes.some((p) => t.startsWith(p));
  const marked = new Set((terms ?? [...words, ...prefixes]).filter(alone));
  const phrases = items.filter((i) => i.kind === 'phrase').flatMap((i) => i.variants ?? [i.terms]);
  return { terms: marked, phrases };
}

const NOTHING: EngineAnswer = { total: 0, hits: [], facets: {} };

interface Outcome {
  parsed: ParsedQuery;
  answer: EngineAnswer;
  didYouMean?: string;
  /** The answer is for `didYouMean`, not for the query typed. */
  corrected?: boolean;
  messages: string[];
}

interface Window {
  order: Order;
  offset: number;
  limit: number;
  extra?: SearchFilters | undefined;
  ids?: string[];
  /** Never replace a misspelt word (the user asked for the query as typed). */
  asTyped?: boolean | undefined;
}

async function runParsed(engine: Engine, parsed: ParsedQuery, w: Window): Promise<EngineAnswer> {
  const filters = filtersOf({ ...parsed.filters, ...w.extra });
  const query = queryPlan(parsed, filters !== undefined);
  if (!query) return NOTHING;
  const scoped = w.ids ? { ...filters, ids: w.ids } : filters;
  return engine.search({ query, ...(scoped ? { filters: scoped } : {}), order: w.order, offset: w.offset, limit: w.limit, facets: ['company', 'year'] });
}

/** The query cut to MAX_QUERY_TERMS distinct terms (its first words kept), saying so. */
function bounded(parsed: ParsedQuery): ParsedQuery {
  const seen = new Set<string>();
  const fits = (item: QueryItem) => {
    const next = item.terms.filter((t) => !seen.has(t));
    if (seen.size + next.length > MAX_QUERY_TERMS) return false;
    for (const t of next) seen.add(t);
    return true;
  };
  const excluded = parsed.excluded.filter(fits);
  const groups = parsed.groups.map((g) => g.filter(fits)).filter((g) => g.length > 0);
  const dropped = parsed.groups.flat().length + parsed.excluded.length - groups.flat().length - excluded.length;
  if (dropped === 0) return parsed;
  return { ...parsed, groups, excluded, messages: [...parsed.messages, `The query has more than ${MAX_QUERY_TERMS} words; ${dropped} of them were left out.`] };
}

/** Parse, run, and correct a misspelt query that finds nothing. */
async function run(engine: Engine, q: string, w: Window): Promise<Outcome> {
  const typed = await withPhraseVariants(engine, await withCodesJoined(engine, bounded(parseQuery(q))));
  const parsed = await splitCompounds(engine, typed);
  const answer = await runParsed(engine, parsed, w);
  const messages = [...parsed.messages];
  if (answer.limited) messages.push(...answer.limited);
  if (answer.estimated) {
    messages.push(`The phrase matched too many releases to check them all: the ${answer.estimated.checked.toLocaleString('en-US')} ${w.order === 'relevance' ? 'best' : w.order === 'date' ? 'newest' : 'oldest'} were checked, and the total is an estimate.`);
  }
  if (answer.total === 0 && parsed.groups.length > 0) {
    // misspellings are looked for in the words as typed (not split into parts)
    const fixed = await corrected(engine, q, typed);
    if (fixed) {
      const again = await withCodesJoined(engine, parseQuery(fixed.query));
      const fixedAnswer = await runParsed(engine, again, w);
      if (fixedAnswer.total) {
        const didYouMean = fixed.query.trim();
        // a sure correction answers; otherwise nothing is answered and the correction offered
        if (fixed.sure && !w.asTyped) return { parsed: again, answer: fixedAnswer, didYouMean, corrected: true, messages };
        return { parsed: typed, answer: NOTHING, didYouMean, corrected: false, messages };
      }
    }
    return { parsed: typed, answer: NOTHING, messages };
  }
  return { parsed, answer, messages };
}

/** Run one query on an engine: ranked, paged hits with highlighted snippets (as data) and facets. */
export async function search(engine: Engine, req: SearchRequest): Promise<SearchResponse> {
  const started = performance.now();
  const out = await run(engine, req.q, { order: req.sort, offset: (req.page - 1) * req.size, limit: req.size, extra: req.filters, asTyped: req.asTyped });
  const releases = await engine.releases(out.answer.hits.map((h) => h.id));
  const results: SearchHit[] = [];
  out.answer.hits.forEach((hit, i) => {
    const release: Release | undefined = releases[i];
    if (!release) return;
    const hl = highlightOf(hit.terms, out.parsed);
    results.push({
      id: release.id,
      title: release.title,
      titleRuns: markText(release.title, hl),
      date: release.date,
      company: release.company,
      tickers: release.tickers,
      score: Math.round(hit.score * 1000) / 1000,
      snippetRuns: snippet(release.body, hl),
      sources: release.sources,
    });
  });
  const response: SearchResponse = {
    query: req.q,
    total: out.answer.total,
    page: req.page,
    size: req.size,
    tookMs: Math.round((performance.now() - started) * 100) / 100,
    results,
    facets: facetCounts(out.answer.facets),
    messages: out.messages,
  };
  if (out.didYouMean) {
    response.didYouMean = out.didYouMean;
    response.corrected = out.corrected === true;
  }
  if (out.answer.estimated) {
    response.totalIsEstimate = true;
    response.pageable = out.answer.estimated.pageable;
  }
  return response;
}

/** What to mark on one release's page for a query: the same terms its search result matched. */
export async function highlightForRelease(engine: Engine, q: string, id: string): Promise<Highlight> {
  const out = await run(engine, q, { order: 'relevance', offset: 0, limit: RELEASE_PAGE_CHECKS, ids: [id] });
  return highlightOf(out.answer.hits.find((h) => h.id === id)?.terms, out.parsed);
}
