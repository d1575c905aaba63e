import { isCode, normalizeTerm } from '../analysis/terms.js';
import type { Release } from '../clean/release.js';
import type { Engine, EngineAnswer, EngineSearch, FacetName, Order } from '../engine/engine.js';
import { FACET_LIMIT, facetCiks, facetCounts } from './facets.js';
import { issuerNames } from './issuer-names.js';
import { joinCodes } from './join-codes.js';
import { filtersOf, queryPlan } from './query-plan.js';
import { relax, type Relaxed } from './relax.js';
import { MAX_QUERY_PHRASES, MAX_QUERY_TERMS } from './limits.js';
import { isSureCorrection, transpositions } from './spelling.js';
import { SYNONYM_BOOST, synonymsOf } from '../analysis/synonyms.js';
import { splitCompounds } from './split-compounds.js';
import { withStems } from './with-stems.js';
import { MarkedTerms } from '../analysis/word-stem.js';
import { KnownTerms, type Known } from './known-terms.js';
import { joinCandidates, phraseVariants } from './phrase-variants.js';
import { parseQuery, type ParsedQuery, type QueryItem } from './parse-query.js';
import type { SearchFilters, SearchHit, SearchRequest, SearchResponse } from './search-types.js';
import { markText, snippet, type Highlight } from './snippet.js';

// A release page asks which terms its search matched in it; phrases are checked this far.
const RELEASE_PAGE_CHECKS = 100;

/**
 * Each quoted phrase with its other spellings: a compound whole or split, two words joined where
 * the index holds them so, so `"body-worn camera"` and `"body worn camera"` find the same releases.
 * A phrase whose codes the query joined (`"results of gti 2040"`) keeps its one spelling.
 */
async function withPhraseVariants(terms: Known, parsed: ParsedQuery): Promise<ParsedQuery> {
  const phrases = [...parsed.groups.flat(), ...parsed.excluded].filter((i) => i.kind === 'phrase');
  if (phrases.length === 0) return parsed;
  const known = await terms(phrases.flatMap((p) => joinCandidates(p.text)));
  const withVariants = (i: QueryItem): QueryItem => {
    if (i.kind !== 'phrase') return i;
    const variants = phraseVariants(i.text, (a, b) => known.has(a + b));
    if (variants.length < 2 || variants[0]!.join(' ') !== i.terms.join(' ')) return i;
    return { ...i, variants };
  };
  return { ...parsed, groups: parsed.groups.map((g) => g.map(withVariants)), excluded: parsed.excluded.map(withVariants) };
}

/** The query with lower-case codes typed with a space joined where the index holds the code. */
async function withCodesJoined(terms: Known, parsed: ParsedQuery): Promise<ParsedQuery> {
  // every pair the joiner could ask about, asked in one round trip
  const asked: string[] = [];
  joinCodes(parsed, (t) => {
    asked.push(t);
    return false;
  });
  if (asked.length === 0) return parsed;
  const known = await terms(asked);
  return joinCodes(parsed, (t) => known.has(t));
}

// Words of one query looked up for a correction at most (the first that match nothing).
const MAX_CORRECTED = 8;

/**
 * A query with its words that match nothing replaced by the closest indexed words, and whether
 * every replacement is sure enough to answer it instead of the query typed (spelling.ts).
 */
async function corrected(engine: Engine, terms: Known, q: string, parsed: ParsedQuery): Promise<{ query: string; sure: boolean } | undefined> {
  const words = parsed.groups.flat().filter((i) => i.kind === 'word' && !isCode(i.terms[0]!)).map((i) => i.terms[0]!);
  const known = await terms(words);
  const typed = new Map<string, string>();
  for (const w of q.match(/[\p{L}\p{N}'’]+/gu) ?? []) if (!typed.has(normalizeTerm(w))) typed.set(normalizeTerm(w), w);
  const fixes = new Map<string, string>();
  let sure = true;
  let tried = 0;
  for (const term of words) {
    if (known.has(term) || fixes.has(term)) continue;
    // each lookup walks the term tree: a query of thirty unknown words is no typo to fix word by word
    if (++tried > MAX_CORRECTED) break;
    // two letters swapped is the commonest slip, and a fuzzy lookup counts it as two edits
    const swapped = [...(await terms(transpositions(term)))].sort()[0];
    const fix = swapped ? { term: swapped, releases: (await engine.search({ query: { kind: 'term', term: swapped }, order: 'relevance', offset: 0, limit: 0 })).total } : await engine.terms.correct(term);
    if (!fix) continue;
    fixes.set(term, fix.term);
    sure &&= isSureCorrection({ typed: typed.get(term) ?? term, term, fix: fix.term, releases: fix.releases }, engine.stats().releases);
  }
  if (fixes.size === 0) return undefined;
  return { query: q.replace(/[\p{L}\p{N}'’]+/gu, (w) => fixes.get(normalizeTerm(w)) ?? w), sure };
}

/** What to mark in a hit: the terms it matched (expansions included) and the query's phrases. */
export function highlightOf(terms: readonly string[] | undefined, parsed: ParsedQuery): Highlight {
  const items = parsed.groups.flat();
  const words = new Set(items.filter((i) => i.kind === 'word').map((i) => i.terms[0]!));
  const prefixes = items.filter((i) => i.kind === 'prefix').map((i) => i.terms[0]!);
  // a word the query has only inside a phrase is marked where the phrase stands, not alone:
  // `"net income"` shows the phrase, not every `net` and `income`
  const alone = (t: string) => words.has(t) || prefixes.some((p) => t.startsWith(p));
  // a release matching hundreds of a prefix's words marks the first of them: enough to read by
  const marked = new MarkedTerms((terms ?? [...words, ...prefixes]).filter(alone).slice(0, MAX_MARKED_TERMS));
  const phrases = items.filter((i) => i.kind === 'phrase').flatMap((i) => i.variants ?? [i.terms]);
  return { terms: marked, phrases };
}

// Terms one snippet marks at most (each costs a pass over the windows where it may stand).
const MAX_MARKED_TERMS = 64;

const NOTHING: EngineAnswer = { total: 0, hits: [], facets: {} };

interface Outcome {
  parsed: ParsedQuery;
  answer: EngineAnswer;
  didYouMean?: string;
  /** The answer is for `didYouMean`, not for the query typed. */
  corrected?: boolean;
  relaxed?: Relaxed;
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
  /** Only the total is wanted. */
  countOnly?: boolean;
}

// Every search counts what its matches name (codes, trials, phases) beside issuers and years.
const SEARCH_FACETS: readonly FacetName[] = ['company', 'year', 'issuer', 'form', 'code', 'trial', 'phase'];

/** The search a window asks for, everything but the query tree. */
function searchOf(parsed: ParsedQuery, w: Window): Omit<EngineSearch, 'query'> {
  const filters = filtersOf({ ...parsed.filters, ...w.extra });
  const scoped = w.ids ? { ...filters, ids: w.ids } : filters;
  // a count alone (whether a correction finds anything) needs no page and no facets
  if (w.countOnly) return { ...(scoped ? { filters: scoped } : {}), order: w.order, offset: 0, limit: 0 };
  return { ...(scoped ? { filters: scoped } : {}), order: w.order, offset: w.offset, limit: w.limit, facets: SEARCH_FACETS, facetLimit: FACET_LIMIT };
}

async function runParsed(engine: Engine, parsed: ParsedQuery, w: Window): Promise<EngineAnswer> {
  const query = queryPlan(parsed, filtersOf({ ...parsed.filters, ...w.extra }) !== undefined);
  if (!query) return NOTHING;
  return engine.search({ query, ...searchOf(parsed, w) });
}

/**
 * Each word with a synonym of the trade the index holds (src/analysis/synonyms.ts) gets it beside
 * it, OR'd at a lower weight; the page says which were added.
 */
export async function withSynonyms(terms: Known, parsed: ParsedQuery): Promise<ParsedQuery> {
  const words = parsed.groups.flat().filter((i) => i.kind === 'word' && !i.synonymOf);
  const candidates = [...new Set(words.flatMap((i) => synonymsOf(i.terms[0]!)))];
  if (candidates.length === 0) return parsed;
  const known = await terms(candidates);
  const added: string[] = [];
  // synonyms fit in what is left of the query's term budget, as other word forms do (with-stems.ts)
  const used = new Set([...parsed.groups.flat(), ...parsed.excluded].flatMap((i) => i.terms));
  const groups = parsed.groups.map((g) => {
    const present = new Set(g.flatMap((i) => i.terms));
    const extra: QueryItem[] = [];
    for (const item of g) {
      if (item.kind !== 'word' || item.synonymOf) continue;
      for (const s of synonymsOf(item.terms[0]!)) {
        if (!known.has(s) || present.has(s) || used.size >= MAX_QUERY_TERMS) continue;
        present.add(s);
        used.add(s);
        extra.push({ kind: 'word', text: s, terms: [s], synonymOf: { word: item.text, boost: SYNONYM_BOOST } });
        added.push(`${s} (for ${item.text})`);
      }
    }
    return extra.length ? [...g, ...extra] : g;
  });
  if (added.length === 0) return parsed;
  return { ...parsed, groups, messages: [...parsed.messages, `Also searched: ${added.join(', ')}.`] };
}

/** The query cut to MAX_QUERY_TERMS distinct terms (its first words kept), saying so. */
function bounded(parsed: ParsedQuery): ParsedQuery {
  const seen = new Set<string>();
  let phrases = 0;
  const fits = (item: QueryItem) => {
    const next = item.terms.filter((t) => !seen.has(t));
    if (seen.size + next.length > MAX_QUERY_TERMS) return false;
    if (item.kind === 'phrase' && ++phrases > MAX_QUERY_PHRASES) return false;
    for (const t of next) seen.add(t);
    return true;
  };
  const excluded = parsed.excluded.filter(fits);
  const groups = parsed.groups.map((g) => g.filter(fits)).filter((g) => g.length > 0);
  const dropped = parsed.groups.flat().length + parsed.excluded.length - groups.flat().length - excluded.length;
  if (dropped === 0) return parsed;
  return { ...parsed, groups, excluded, messages: [...parsed.messages, `The query has more than ${MAX_QUERY_TERMS} words or ${MAX_QUERY_PHRASES} phrases; ${dropped} of them were left out.`] };
}

/** Parse, run, and correct a misspelt query that finds nothing. */
async function run(engine: Engine, q: string, w: Window): Promise<Outcome> {
  // every rewriting step's question to the dictionary, asked in one round trip where foreseen
  const dictionary = new KnownTerms(engine);
  const terms = dictionary.known;
  const first = bounded(parseQuery(q));
  await dictionary.prefetch(first);
  const typed = await withPhraseVariants(terms, await withCodesJoined(terms, first));
  // a compound split into its parts may take the query past its terms again
  const parsed = withStems(await withSynonyms(terms, bounded(await splitCompounds(terms, typed))));
  const answer = await runParsed(engine, parsed, w);
  const messages = [...parsed.messages];
  if (answer.limited) messages.push(...answer.limited);
  // an estimate of the work budget's has its note among `limited`
  if (answer.estimated && !answer.estimated.cut) {
    messages.push(`The phrase matched too many releases to check them all: the ${answer.estimated.checked.toLocaleString('en-US')} ${w.order === 'relevance' ? 'best' : w.order === 'date' ? 'newest' : 'oldest'} were checked, and the total is an estimate.`);
  }
  if (answer.total === 0 && parsed.groups.length > 0) {
    // misspellings are looked for in the words as typed (not split into parts)
    const fixed = await corrected(engine, terms, q, typed);
    if (fixed) {
      // bounded as the query typed is: a corrected query is as long (the engine's fast path scores at most MAX_QUERY_TERMS terms)
      const again = withStems(await withCodesJoined(terms, bounded(parseQuery(fixed.query))));
      // a correction that is only offered is only counted: its page and facets are never shown
      const answers = fixed.sure && !w.asTyped;
      const fixedAnswer = await runParsed(engine, again, answers ? w : { ...w, countOnly: true });
      if (fixedAnswer.total) {
        const didYouMean = fixed.query.trim();
        // a sure correction answers; otherwise nothing is answered and the correction offered
        if (answers) return { parsed: again, answer: fixedAnswer, didYouMean, corrected: true, messages };
        return { parsed: typed, answer: NOTHING, didYouMean, corrected: false, messages };
      }
    }
    // every word occurs somewhere, but no release holds them all: the releases holding the most
    const loose = await relax(engine, parsed, searchOf(parsed, w));
    if (loose) {
      const { matched, of, dropped } = loose.relaxed;
      messages.push(`No release has all of the ${of} words; showing releases with ${matched} of them (without ${dropped.join(', ')}).`);
      return { parsed, answer: loose.answer, relaxed: loose.relaxed, messages };
    }
    return { parsed: typed, answer: NOTHING, messages };
  }
  return { parsed, answer, messages };
}

/** Run one query on an engine: ranked, paged hits with highlighted snippets (as data) and facets. */
export async function search(engine: Engine, req: SearchRequest): Promise<SearchResponse> {
  const started = performance.now();
  const out = await run(engine, req.q, { order: req.sort, offset: (req.page - 1) * req.size, limit: req.size, extra: req.filters, asTyped: req.asTyped });
  const [releases, names] = await Promise.all([engine.releases(out.answer.hits.map((h) => h.id)), issuerNames(engine, facetCiks(out.answer.facets))]);
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
      codes: (release.entities?.codes ?? []).map((c) => ({ key: c.key, display: c.display })),
    });
  });
  const response: SearchResponse = {
    query: req.q,
    total: out.answer.total,
    page: req.page,
    size: req.size,
    tookMs: Math.round((performance.now() - started) * 100) / 100,
    results,
    facets: facetCounts(out.answer.facets, names),
    messages: out.messages,
  };
  if (out.relaxed) response.relaxed = out.relaxed;
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

export { companyFacet } from './facets.js';
export { filtersOf, queryPlan } from './query-plan.js';
