import { companyMatches, companyWords } from '../../analysis/company-words.js';
import { plainWords } from '../adjacent-words.js';
import { phraseText, textHasAnyPhrase, textHasPhrase, type PhraseText } from '../../analysis/phrase-check.js';
import { proximityOrder } from './proximity.js';
import type { Release } from '../../clean/release.js';
import type { EngineAnswer, EngineFilters, EngineSearch, FacetName, Order, QueryNode } from '../engine.js';
import type { DocFilter } from './doc-filter.js';
import { ArrayHitSet, type EngineHit, type EngineQuery, type HitSet } from './engine-query.js';
import type { LoadedIndex } from './loaded-index.js';
import type { RequiredPhrase } from './search-engine.js';
import type { ExpansionBudget } from './match-query.js';
import { scaleFacets } from './facet-counts.js';

/** A query node as the term index runs it: a phrase is all its words (the text check comes after). */
function engineQuery(node: QueryNode): EngineQuery {
  switch (node.kind) {
    case 'term':
      return { kind: 'term', term: node.term, ...(node.prefix ? { prefix: true } : {}), ...(node.boost !== undefined && node.boost !== 1 ? { boost: node.boost } : {}) };
    case 'phrase':
      return { kind: 'and', items: node.terms.map((term) => ({ kind: 'term', term })) };
    case 'and':
    case 'or':
      return { kind: node.kind, items: node.items.map(engineQuery) };
    case 'not': {
      // an excluded phrase cannot be excluded word by word: it is checked against the text
      const exclude = node.exclude.filter((e) => e.kind !== 'phrase').map(engineQuery);
      const include = engineQuery(node.include);
      return exclude.length ? { kind: 'not', include, exclude } : include;
    }
    case 'all':
      return { kind: 'all' };
  }
}

const hasPhrase = (node: QueryNode): boolean =>
  node.kind === 'phrase' ||
  ((node.kind === 'and' || node.kind === 'or') && node.items.some(hasPhrase)) ||
  (node.kind === 'not' && (hasPhrase(node.include) || node.exclude.some(hasPhrase)));

/** A phrase, or an OR of phrases only (the spellings of one phrase), as the pair filters take it. */
function asRequired(node: QueryNode): RequiredPhrase | undefined {
  if (node.kind === 'phrase') return node.terms;
  if (node.kind === 'or' && node.items.every((i) => i.kind === 'phrase')) return { anyOf: node.items.map((i) => (i as Extract<QueryNode, { kind: 'phrase' }>).terms) };
  return undefined;
}

/** How many phrases a query holds (each candidate is checked against them). */
function phraseCount(node: QueryNode): number {
  if (node.kind === 'phrase') return 1;
  if (node.kind === 'and' || node.kind === 'or') return node.items.reduce((n, i) => n + phraseCount(i), 0);
  if (node.kind === 'not') return phraseCount(node.include) + node.exclude.reduce((n, e) => n + phraseCount(e), 0);
  return 0;
}

/** Phrases every hit needs (the pair filters drop releases that cannot hold them, unread). */
function requiredPhrases(node: QueryNode): RequiredPhrase[] {
  const top = node.kind === 'not' ? node.include : node;
  const items = top.kind === 'and' ? top.items : [top];
  return items.map(asRequired).filter((r): r is RequiredPhrase => r !== undefined);
}

/** Whether a candidate the term index matched satisfies the query's phrases (words it already did). */
function satisfies(node: QueryNode, text: PhraseText, hit: EngineHit, terms: ReadonlySet<string>): boolean {
  switch (node.kind) {
    case 'term':
      return node.prefix ? hit.terms.some((t) => t.startsWith(node.term)) : terms.has(node.term);
    case 'phrase':
      return textHasPhrase(text, node.terms);
    case 'and':
      return node.items.every((i) => !hasPhrase(i) || satisfies(i, text, hit, terms));
    case 'or': {
      // a phrase and its other spellings (or phrases OR'd): checked in one pass over the text
      const phrases = node.items.flatMap((i) => (i.kind === 'phrase' ? [i.terms] : []));
      if (phrases.length > 1 && textHasAnyPhrase(text, phrases)) return true;
      return node.items.some((i) => (phrases.length > 1 && i.kind === 'phrase' ? false : satisfies(i, text, hit, terms)));
    }
    case 'not':
      return (!hasPhrase(node.include) || satisfies(node.include, text, hit, terms)) && !textHasAnyPhrase(text, node.exclude.flatMap((e) => (e.kind === 'phrase' ? [e.terms] : [])));
    case 'all':
      return true;
  }
}

/** The filters as the term index evaluates them over arrays. */
export function docFilterOf(f: EngineFilters | undefined): DocFilter | undefined {
  if (!f) return undefined;
  const out: DocFilter = {};
  const lists = f.companies?.filter((l) => l.length > 0);
  if (lists?.length) {
    out.company = (name) => {
      const words = companyWords(name);
      return lists.some((list) => companyMatches(list, words));
    };
  }
  if (f.tickers?.length) {
    const wanted = f.tickers.map((t) => t.toUpperCase().replace(/\s+/g, ''));
    out.tickers = (tickers) => tickers.some((x) => wanted.some((t) => x === t || x.endsWith(`:${t}`)));
  }
  if (f.fromDay !== undefined) out.fromDay = f.fromDay;
  if (f.toDay !== undefined) out.toDay = f.toDay;
  if (f.years?.length) out.years = new Set(f.years);
  if (f.ids) out.ids = new Set(f.ids);
  if (f.ciks?.length) out.ciks = new Set(f.ciks.map((c) => c.trim().replace(/^0+(?=\d)/, '')));
  if (f.forms?.length) out.forms = new Set(f.forms.map((x) => x.trim().toUpperCase()));
  if (f.codes?.length) out.codes = new Set(f.codes.map((x) => x.trim().toLowerCase()));
  if (f.trials?.length) out.trials = new Set(f.trials.map((x) => x.replace(/\s+/g, '').toUpperCase()));
  if (f.phases?.length) out.phases = new Set(f.phases.map((x) => x.trim().toLowerCase()));
  return Object.keys(out).length ? out : undefined;
}

// Checking a phrase reads the release (some 40 µs each), so candidates are checked in the order the
// page shows them, first this many (or twice the hits the page needs), then twice as many at a
// time while the page is not full. Past the candidates checked, the total is estimated from the
// share that passed: the pair filters have already dropped nearly all releases without the
// phrase, so that share is high and a few dozen checks estimate it closely (100 checks were 4 ms
// of a common phrase's 15 at 100k releases).
export const PHRASE_CHECKS = 32;
// Candidates up to this many are all checked (4 ms at most): a phrase with few matches gets an
// exact total, not an estimate from 32 of them.
const EXACT_PHRASE_CHECKS = 100;
// A query's budget of phrase checks: this many, or twice the hits its page needs (deep pages
// cost more, up to the most any page may ask). Bounds the worst phrase (`-"of the"`) to ~40 ms.
const PHRASE_BUDGET = 1000;
// Deep pages of such a phrase check more, up to this many.
const MAX_PHRASE_CHECKS = 20_000;
// Prefix expansion: words per prefix, and postings to score for all a query's prefixes together
// (a 3-letter prefix of a common stem expands to hundreds of words; 125 of them cost seconds).
const WORDS_PER_PREFIX = 64;
// and words all a query's prefixes may stand for together (each one is a term to score and mark)
const WORDS_PER_QUERY = 128;
const PREFIX_POSTINGS = 200_000;
// Postings a whole query may read (work-budget.ts): two words in every release at 100k releases (300,000
// left an OR of eight common-word phrases at 40–52 ms there, too near the 50 ms a query may take).
export const WORK_POSTINGS = 200_000;

interface Executed {
  hits: HitSet;
  estimate?: { total: number; facets: ReturnType<HitSet['facets']>; checked: number };
  limited: string[];
  /** Parts of the query the work budget left out: the total is then a lower bound. */
  cut?: boolean;
}

/** The matches of a query, phrases verified against the text, in `order` as far as checked. */
function execute(index: LoadedIndex, read: (id: string) => Release | undefined, req: EngineSearch, work: number): Executed {
  const filter = docFilterOf(req.filters);
  const budget: ExpansionBudget = { perPrefix: WORDS_PER_PREFIX, postings: PREFIX_POSTINGS, limited: [], work, words: WORDS_PER_QUERY };
  const matched = index.engine.match(engineQuery(req.query), filter, requiredPhrases(req.query), budget);
  const limited = prefixNotes(budget.limited);
  const dropped = budget.dropped ?? [];
  if (dropped.length) limited.push(droppedNote(dropped));
  const cut = dropped.length > 0;
  // (a lazily tested set's total costs a sample: the checks below find its matches first)
  if (!hasPhrase(req.query) || (!matched.estimated && matched.total === 0)) return { hits: matched, limited, cut };
  const passes = (hit: EngineHit): boolean => {
    const release = read(hit.id);
    // the text the term index holds: the title field carries the subtitle too
    return release !== undefined && satisfies(req.query, phraseText(`${release.title}\n\n${release.subtitle}\n\n${release.body}`), hit, new Set(hit.terms));
  };
  const wanted = req.offset + req.limit;
  const hits: EngineHit[] = [];
  const seen = new Set<string>();
  let checked = 0;
  let exhausted = false;
  // each candidate is checked against every phrase of the query, and a query of many phrases is
  // one of common words (no pair filter narrows it): fewer candidates the more phrases
  const phrases = Math.max(1, phraseCount(req.query));
  const most = Math.min(MAX_PHRASE_CHECKS, Math.max(Math.ceil(PHRASE_BUDGET / (phrases * phrases)), 2 * wanted));
  const few = !matched.estimated && matched.total <= EXACT_PHRASE_CHECKS ? matched.total : 0;
  let batch = Math.min(most, Math.max(PHRASE_CHECKS, 2 * wanted, few));
  for (;;) {
    // a longer head extends the shorter one; the ids guard against near-tied scores reordering
    const head = matched.top(batch, req.order);
    for (const hit of head) {
      if (seen.has(hit.id)) continue;
      seen.add(hit.id);
      if (passes(hit)) hits.push(hit);
    }
    checked = head.length;
    // fewer than asked: there are no more (a lazily tested set knows its total only then)
    exhausted = head.length < batch || (!matched.estimated && checked >= matched.total);
    if (exhausted || hits.length >= wanted || batch >= most) break;
    batch = Math.min(most, batch * 2);
  }
  const verified = new ArrayHitSet(hits, (key) => index.engine.codeName(key));
  if (exhausted) return { hits: verified, limited, cut };
  const candidates = Math.max(checked, matched.total);
  if (hits.length < wanted) limited.push(`The phrase was checked in the ${checked.toLocaleString('en-US')} best candidates of ${matched.estimated ? 'about ' : ''}${candidates.toLocaleString('en-US')}; a narrower query finds the rest.`);
  const share = hits.length / checked;
  const all = matched.facets(req.facets ?? []);
  const facets = scaleFacets(all, share);
  return { hits: verified, estimate: { total: Math.round(share * candidates), facets, checked }, limited, cut };
}

/** What the page says of prefixes searched with fewer words than they stand for: each, or past three a summary. */
function prefixNotes(cuts: ExpansionBudget['limited']): string[] {
  if (cuts.length > 3) {
    const none = cuts.filter((l) => !l.kept).length;
    return [`${cuts.length.toLocaleString('en-US')} of the query's prefixes stand for more words than a search may read: each was searched with its most used words${none ? `, and ${none.toLocaleString('en-US')} with none` : ''} (${cuts.slice(0, 5).map((l) => `${l.prefix}*`).join(', ')}…).`];
  }
  return cuts.map((l) =>
    l.kept
      ? `${l.prefix}* stands for ${l.of.toLocaleString('en-US')} words; the ${l.kept} most used were searched.`
      : `${l.prefix}* stands for ${l.of.toLocaleString('en-US')} words, too many to search beside the query's other prefixes; it was left out.`,
  );
}

/** What the page says of the parts of a query left out for its cost (work-budget.ts). */
function droppedNote(dropped: readonly string[]): string {
  const named = dropped.slice(0, 8).join(', ');
  const more = dropped.length > 8 ? ` and ${(dropped.length - 8).toLocaleString('en-US')} more` : '';
  return `The query reads more than a search may: ${dropped.length === 1 ? 'its commonest part was' : `${dropped.length.toLocaleString('en-US')} of its commonest parts were`} left out (${named}${more}), and the total counts the releases the rest matched.`;
}

/**
 * Run one search on a loaded generation: match over the term index's arrays, verify phrases,
 * boost adjacent words on relevance, page, and count the facets asked for. `read` gives releases
 * (the engine's read-once cache, so the page's snippets do not read them again).
 */
export function searchIndex(index: LoadedIndex, read: (id: string) => Release | undefined, req: EngineSearch, work = WORK_POSTINGS): EngineAnswer {
  const { hits, estimate, limited, cut } = execute(index, read, req, work);
  const order: Order = req.order;
  const end = req.offset + req.limit;
  // only the hits up to this page are put in order; on relevance, words side by side count more
  const words = order === 'relevance' ? plainWords(req.query) : undefined;
  const ordered = words ? proximityOrder(index.engine, read, hits, words, end) : hits.top(end, order);
  const answer: EngineAnswer = {
    total: estimate?.total ?? hits.total,
    hits: ordered.slice(req.offset, end).map((h) => ({ id: h.id, score: h.score, terms: h.terms })),
    facets: {},
  };
  if (estimate) answer.estimated = { checked: estimate.checked, pageable: MAX_PHRASE_CHECKS / 2 };
  // every release the rest matched was checked and can be paged; releases only the parts left out match are not counted
  else if (cut) answer.estimated = { checked: hits.total, pageable: hits.total, cut: true };
  if (limited.length) answer.limited = limited;
  if (req.facets?.length) {
    const counts = estimate?.facets ?? hits.facets(req.facets, req.facetLimit);
    for (const name of req.facets as readonly FacetName[]) answer.facets[name] = counts[name];
  }
  return answer;
}
