import MiniSearch, { type Options, type Query, type SearchOptions, type SearchResult } from 'minisearch';
import type { Release } from '../../clean/release.js';
import { analyzeRelease, ENGINE_FIELDS, STORED_FIELDS, type AnalyzedRelease } from './analyze-release.js';
import { compileDocFilter, docFilterTest, filterMask, type DocFilter } from './doc-filter.js';
import { dayOf, docInfoOf, DocTable, type DocInfo } from './doc-table.js';
import { EngineFileError, readEngineFile, writeEngineFile } from './engine-file.js';
import { ArrayHitSet, type EngineHit, type EngineQuery, type HitSet } from './engine-query.js';
import { keepWhere } from './matches.js';
import { cost, MatchScratch, matchQuery, MAX_MASK_TERMS, queryTermList, type DerivedTerm, type ExpansionBudget, type MatchSettings } from './match-query.js';
import { TermIndex, type MiniSearchInternals } from './term-index.js';
import { correctTerm, suggestTerms } from './term-lookups.js';
import { PairFilters, phrasePairs } from './pair-filter.js';
import { ScoredHitSet } from './scored-hit-set.js';
import { withinBudget } from './work-budget.js';
import { releasesHolding } from './expansion-budget.js';
import { isCode, MIN_PREFIX_LENGTH, queryTerms, TOKENIZER_VERSION, tokenize } from '../../analysis/terms.js';

/** The fields of a release MiniSearch is given; bodies stay in the release store. */
type EngineDoc = Pick<AnalyzedRelease, 'id' | 'title' | 'body' | 'company' | 'date' | 'tickers' | 'cik' | 'forms' | 'codes' | 'codeNames' | 'trials' | 'phases'>;

export type { DocInfo } from './doc-table.js';
export type { EngineHit, EngineQuery, HitSet } from './engine-query.js';

/** Thrown when serialized engine bytes cannot be read (`kind`: of another tokenizer, or damaged); the fix is a full reindex. */
export class IndexFormatError extends Error {
  constructor(readonly kind: 'version' | 'damaged', readonly reason: string) {
    super(`${reason}; rebuild it with \`npm run reindex -- --full\``);
    this.name = 'IndexFormatError';
  }
}

// Title matches count more than body matches: a headline states what the release is about.
export const TITLE_BOOST = 2.5;
// A filter is applied before matching (a mask of the releases it keeps) when the query reads at
// least an eighth of the index's size in postings: the mask costs a few passes over the releases.
const FILTER_FIRST = 8;
// A phrase's words matched in more releases than this have their pair filters tested lazily
// (scored-hit-set.ts): on the matches the best page would take, and on an even sample of this
// many for the total. Each test is a cache miss into the filters (~0.2 µs): two common words held
// together by 46,000 of 100,000 releases cost 9 ms tested one by one.
export const PAIR_TESTS = { lazyFrom: 16_384, sample: 8192 };
// A typo correction may change at most this many letters.
const MAX_FUZZY = 2;

// add() tokenizes each field once, for MiniSearch and for the display forms: the terms are handed
// over to the tokenize callback of this engine's own index instead of being computed twice.
type Handover = { current: Map<string, string[]> | undefined };

function optionsWith(handover: Handover): Options<EngineDoc> {
  return {
    fields: [...ENGINE_FIELDS],
    storeFields: [...STORED_FIELDS],
    tokenize: (text: string) => handover.current?.get(text) ?? tokenize(text).map((t) => t.term),
    processTerm: (term: string) => term,
    // Queries arrive as single normalised terms.
    searchOptions: { tokenize: (q: string) => [q], processTerm: (t: string) => t },
    autoSuggestOptions: { tokenize: (q: string) => [q], processTerm: (t: string) => t },
  };
}

/** A phrase a match must hold, or one of several spellings of it. */
export type RequiredPhrase = readonly string[] | { anyOf: readonly (readonly string[])[] };

function toMiniQuery(q: EngineQuery): Query {
  switch (q.kind) {
    case 'all':
      return MiniSearch.wildcard;
    case 'term': {
      const opts: SearchOptions = { prefix: q.prefix === true && !isCode(q.term) && q.term.length >= MIN_PREFIX_LENGTH };
      if (q.fuzzy && !isCode(q.term)) Object.assign(opts, { fuzzy: 0.2, maxFuzzy: MAX_FUZZY });
      return { ...opts, queries: [q.term] } as Query;
    }
    case 'and':
      return { combineWith: 'AND', queries: q.items.map(toMiniQuery) } as Query;
    case 'or':
      return { combineWith: 'OR', queries: q.items.map(toMiniQuery) } as Query;
    case 'not':
      return { combineWith: 'AND_NOT', queries: [toMiniQuery(q.include), ...q.exclude.map(toMiniQuery)] } as Query;
  }
}

function hitOf(r: SearchResult): EngineHit {
  const info = docInfoOf(r);
  return { id: String(r.id), score: r.score, terms: r.terms, ...info, day: dayOf(info.date) };
}

/** The full-text index behind one small interface: add, remove, search, serialize. */
export class SearchEngine {
  private readonly internals: MiniSearchInternals;
  // Built on the first query after a change; a served engine never changes.
  private table: DocTable | undefined;
  private scratch: MatchScratch | undefined;
  private readonly settings: MatchSettings;

  private constructor(
    private readonly ms: TermIndex<EngineDoc>,
    private readonly handover: Handover,
    // how codes and compounds were written in the releases (`gti2040` → `GTI-2040`), saved with the index
    private readonly display: Map<string, string>,
    private readonly filters: PairFilters,
  ) {
    this.internals = ms.internals;
    const ids = this.internals._fieldIds;
    const fieldBoost: number[] = [];
    fieldBoost[ids['title']!] = TITLE_BOOST;
    fieldBoost[ids['body']!] = 1;
    this.settings = { fieldBoost, fieldOrder: ENGINE_FIELDS.map((f) => ids[f]!), maxFuzzy: MAX_FUZZY, minPrefixLength: MIN_PREFIX_LENGTH, isCode };
  }

  static create(): SearchEngine {
    const handover: Handover = { current: undefined };
    return new SearchEngine(new TermIndex<EngineDoc>(optionsWith(handover)), handover, new Map(), new PairFilters());
  }

  static deserialize(bytes: Uint8Array): SearchEngine {
    let read: ReturnType<typeof readEngineFile<EngineDoc>>;
    const handover: Handover = { current: undefined };
    try {
      read = readEngineFile<EngineDoc>(bytes, optionsWith(handover));
    } catch (err) {
      if (err instanceof EngineFileError && err.kind === 'format') throw new IndexFormatError('version', err.message);
      const why = err instanceof EngineFileError ? err.message : `damaged: ${(err as Error).message}`;
      throw new IndexFormatError('damaged', `search index is not readable (${why})`);
    }
    if (read.extras.tokenizerVersion !== TOKENIZER_VERSION) {
      throw new IndexFormatError('version', `search index was built with tokenizer ${String(read.extras.tokenizerVersion)}, this build uses ${TOKENIZER_VERSION}`);
    }
    return new SearchEngine(read.ms, handover, new Map(Object.entries(read.extras.display)), read.filters);
  }

  /** The engine file's bytes, as chunks to write in order (engine-file.ts has the layout). */
  serialize(): Uint8Array[] {
    return writeEngineFile(this.ms, this.filters, { tokenizerVersion: TOKENIZER_VERSION, display: Object.fromEntries(this.display) });
  }

  add(release: Release): void {
    this.table = undefined;
    const a = analyzeRelease(release);
    for (const [term, written] of a.display) if (!this.display.has(term)) this.display.set(term, written);
    this.withTerms(a, (doc) => this.ms.add(doc));
    this.filters.set(this.internals._idToShortId.get(release.id)!, a.pairFilter);
  }

  /**
   * Take out a release exactly as it was added: its postings go too (remove only hides it until
   * the engine is saved). For an engine that is used without being saved again.
   */
  unindex(release: Release): void {
    if (!this.ms.has(release.id)) return;
    this.table = undefined;
    this.withTerms(analyzeRelease(release), (doc) => this.ms.remove(doc));
  }

  remove(id: string): void {
    this.table = undefined;
    if (this.ms.has(id)) this.ms.discard(id);
  }

  /** Hand MiniSearch a release (to add or remove) with its terms already computed. */
  private withTerms(a: AnalyzedRelease, write: (doc: EngineDoc) => void): void {
    this.handover.current = new Map([
      [a.title, a.titleTerms],
      [a.body, a.bodyTerms],
    ]);
    try {
      write({ id: a.id, title: a.title, body: a.body, company: a.company, date: a.date, tickers: a.tickers, cik: a.cik, forms: a.forms, codes: a.codes, codeNames: a.codeNames, trials: a.trials, phases: a.phases });
    } finally {
      this.handover.current = undefined;
    }
  }

  has(id: string): boolean {
    return this.ms.has(id);
  }

  get size(): number {
    return this.ms.documentCount;
  }

  /** Stored fields of one release (no body). */
  info(id: string): DocInfo | undefined {
    const f = this.ms.getStoredFields(id);
    if (!f) return undefined;
    return docInfoOf(f);
  }

  /**
   * Matches of a query as MiniSearch itself finds and scores them (BM25, title matches boosted),
   * best first, every one an object: the reference `match` is tested against. A plain string
   * means all its words (AND).
   */
  search(query: string | EngineQuery, filter?: DocFilter): EngineHit[] {
    const q: EngineQuery = typeof query === 'string' ? { kind: 'and', items: queryTerms(query).map((term) => ({ kind: 'term', term })) } : query;
    if (q.kind === 'and' && q.items.length === 0) return [];
    const options: SearchOptions = { boost: { title: TITLE_BOOST } };
    const test = filter && docFilterTest(filter);
    if (test) options.filter = (r) => test(docInfoOf(r), String(r.id));
    return this.ms.search(toMiniQuery(q), options).map(hitOf);
  }

  /**
   * The matches of a query with MiniSearch's scores, as a HitSet: the same answers as `search`,
   * computed over arrays (match-query.ts), with only the hits asked for made into objects.
   * `phrases` must all occur (an `anyOf` entry: one of its spellings): releases whose pair filter
   * rules one out are dropped unread (the rest still need their text checked). The set is valid
   * until the next `match` on this engine.
   */
  match(whole: EngineQuery, filter?: DocFilter, phrases: readonly RequiredPhrase[] = [], budget?: ExpansionBudget, pairTests = PAIR_TESTS): HitSet {
    const query = budget ? withinBudget(this.internals, this.settings, whole, budget) : whole;
    if (queryTermList(query).length > MAX_MASK_TERMS) return new ArrayHitSet(this.search(query, filter), (key) => this.codeName(key));
    if (!this.table || !this.scratch) {
      this.table = new DocTable(this.internals);
      this.scratch = new MatchScratch(this.table.ids.length);
    }
    const derived: DerivedTerm[] = [];
    const pairs = phrases.filter((p): p is readonly string[] => !('anyOf' in p)).flatMap(phrasePairs);
    const alternatives = phrases.filter((p): p is { anyOf: readonly (readonly string[])[] } => 'anyOf' in p).map((p) => p.anyOf.map(phrasePairs));
    const keep = filter && compileDocFilter(filter, this.table);
    const f = this.filters;
    const mayHold = pairs.length || alternatives.length
      ? (doc: number) => f.mayHold(doc, pairs) && alternatives.every((spellings) => spellings.some((p) => f.mayHold(doc, p)))
      : undefined;
    // a query reading many postings under a filter scores only the releases the filter keeps
    // (`company:rock year:2006` keeps a few dozen of 100,000): the mask costs a few passes over arrays
    const only = keep && cost(this.internals, query) >= this.table.ids.length / FILTER_FIRST ? filterMask(filter, this.table, keep, (id) => this.internals._idToShortId.get(id)) : undefined;
    const matched = matchQuery(this.internals, this.table, this.scratch, this.settings, query, derived, keep, budget, only);
    // the pair filters are tested after matching, once it is known how many releases they apply to
    const lazy = mayHold && matched.docs.length > pairTests.lazyFrom;
    const matches = mayHold && !lazy ? keepWhere(matched, mayHold) : matched;
    return new ScoredHitSet(matches, this.table, derived, queryTermList(query), this.scratch, lazy ? { passes: mayHold, sample: pairTests.sample } : undefined);
  }

  /**
   * How many of these word pairs (hashed, phrasePairs) a release's pair filter may hold: never
   * fewer than it holds, now and then more (about 1 in 1,000 absent pairs passes).
   */
  pairsMayHold(id: string, doc: number | undefined, pairs: readonly [number, number][]): number {
    const n = doc ?? this.internals._idToShortId.get(id);
    if (n === undefined) return pairs.length;
    let held = 0;
    for (const p of pairs) if (this.filters.mayHold(n, [p])) held++;
    return held;
  }

  /** The spelling shown for a code key: the one most releases use. */
  codeName(key: string): string {
    if (!this.table || !this.scratch) {
      this.table = new DocTable(this.internals);
      this.scratch = new MatchScratch(this.table.ids.length);
    }
    return this.table.codeName(key);
  }

  /** How many releases hold this exact term (a correction's count: no release scored). */
  releasesWith(term: string): number {
    const data = this.internals._index.get(term);
    if (!data) return 0;
    const counted = this.internals._dirtCount === 0 ? releasesHolding(data, this.internals._nextId + 1) : undefined;
    return counted ?? this.match({ kind: 'term', term }).total;
  }

  /** Whether any release holds this exact term. */
  hasTerm(term: string): boolean {
    // postings of removed releases linger only in an engine being updated (never in a saved one)
    if (this.internals._dirtCount > 0) return this.match({ kind: 'term', term }).total > 0;
    return this.internals._index.get(term) !== undefined;
  }

  /**
   * The closest indexed word to a misspelt one (never for codes), or undefined; read off the term
   * tree, no release scored (term-lookups.ts has the order of preference).
   */
  correct(term: string): string | undefined {
    return correctTerm(this.internals, this.settings, term);
  }

  /** Completions of a prefix, as written in the releases (`gti` → `GTI-2040`), most used first. */
  suggest(prefix: string, limit: number): string[] {
    return suggestTerms(this.internals, this.settings, this.display, prefix, limit);
  }
}
