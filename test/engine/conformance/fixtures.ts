/**
 * Building blocks of the backend conformance suite: small readable releases, a minimal commit
 * record, query nodes made from typed text the way the search service makes them (through
 * `analysis/terms.ts`, never by hand), and short ways to ask an engine for ids.
 */
import type { Release } from '../../../src/clean/release.js';
import type { CommitMeta, Engine, EngineAnswer, EngineFilters, EngineSearch, FacetName, Order, QueryNode } from '../../../src/engine/engine.js';
import { foldTerm, queryTerms } from '../../../src/analysis/terms.js';
import { releaseHash } from '../../../src/store/release-hash.js';

/** How the suite opens engines: `fresh` gives a new, empty one; `at` opens one over a folder. */
export interface ConformanceContext {
  /** A new engine with nothing committed; closed after the test. */
  fresh(): Promise<Engine>;
  /** An engine over this folder (persistent backends only); closed after the test. */
  at(dir: string): Promise<Engine>;
  /** Close an engine the suite opened (once; the rest are closed after all tests). */
  close(engine: Engine): Promise<void>;
  /** Whether the backend keeps its commits on disk, so a reopened engine sees them. */
  persistent: boolean;
}

/** A release with every field present; only what a test is about needs to be given. */
export function release(id: string, fields: Partial<Omit<Release, 'id'>> = {}): Release {
  return {
    id,
    title: fields.title ?? '',
    subtitle: fields.subtitle ?? '',
    date: fields.date ?? '',
    place: fields.place ?? '',
    company: fields.company ?? '',
    tickers: fields.tickers ?? [],
    body: fields.body ?? '',
    sources: fields.sources ?? [{ file: `filings/${id}.txt`, part: '1' }],
    removed: fields.removed ?? [],
  };
}

/** A minimal valid commit record for a corpus of `releases` releases. */
export function meta(releases: number): CommitMeta {
  return {
    corpusDir: 'corpus',
    code: 'conformance-test',
    files: {},
    counts: { files: 0, releases, skippedParts: 0, boilerplateRemoved: 0 },
  };
}

// The ids each engine holds, as far as the suite committed them: what a caller knows when it
// fills in CommitMeta's counts. An engine reopened over an index is asked instead.
const ledgers = new WeakMap<Engine, Set<string>>();

/** Record that an engine starts empty (opened fresh, or over an empty folder). */
export function startsEmpty(engine: Engine): Engine {
  ledgers.set(engine, new Set());
  return engine;
}

async function heldIds(engine: Engine, ids: readonly string[]): Promise<Set<string>> {
  const ledger = ledgers.get(engine);
  if (ledger) return new Set(ids.filter((id) => ledger.has(id)));
  const held = await engine.releases(ids);
  return new Set(ids.filter((_, i) => held[i] !== undefined));
}

/** Stage upserts and removals, then commit them as one generation. */
export async function commitChanges(engine: Engine, upserts: readonly Release[], removals: readonly string[] = [], opts?: { rebuild?: boolean }): Promise<void> {
  const rebuild = opts?.rebuild === true;
  const before = rebuild ? 0 : (ledgers.get(engine)?.size ?? engine.stats().releases);
  const held = rebuild ? new Set<string>() : await heldIds(engine, [...upserts.map((r) => r.id), ...removals]);
  const after = new Set([...held, ...upserts.map((r) => r.id)]);
  for (const id of removals) if (!upserts.some((r) => r.id === id)) after.delete(id);
  const releases = before - held.size + after.size;
  await engine.apply({ upserts: upserts.map((r) => ({ release: r, hash: releaseHash(r) })), removals }, opts);
  await engine.commit(meta(releases));
  const ledger = ledgers.get(engine);
  if (ledger) {
    if (rebuild) ledger.clear();
    for (const id of removals) ledger.delete(id);
    for (const r of upserts) ledger.add(r.id);
  }
}

/** A fresh engine holding these releases, committed. */
export async function engineWith(ctx: ConformanceContext, releases: readonly Release[]): Promise<Engine> {
  const engine = await ctx.fresh();
  await commitChanges(engine, releases);
  return engine;
}

function one(text: string): string {
  const terms = queryTerms(text);
  if (terms.length !== 1) throw new Error(`test bug: "${text}" is ${terms.length} terms (${terms.join(', ')}), not one`);
  return terms[0]!;
}

/** Query nodes from typed text, analysed as the query parser analyses it. */
export const q = {
  /** One word or code as typed (`GTI 2040`, `trials`). */
  term: (text: string): QueryNode => ({ kind: 'term', term: one(text) }),
  /** All the words of a text (AND), each analysed. */
  all: (text: string): QueryNode => {
    const items = queryTerms(text).map((term): QueryNode => ({ kind: 'term', term }));
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  },
  /** The words of a text in order, side by side. */
  phrase: (text: string): QueryNode => ({ kind: 'phrase', terms: queryTerms(text) }),
  /** Words starting with a typed prefix (folded, as the parser folds `clotrim*`). */
  prefix: (text: string): QueryNode => ({ kind: 'term', term: foldTerm(text), prefix: true }),
  and: (...items: QueryNode[]): QueryNode => ({ kind: 'and', items }),
  or: (...items: QueryNode[]): QueryNode => ({ kind: 'or', items }),
  not: (include: QueryNode, ...exclude: QueryNode[]): QueryNode => ({ kind: 'not', include, exclude }),
  everything: { kind: 'all' } as QueryNode,
};

export interface Ask {
  filters?: EngineFilters;
  order?: Order;
  offset?: number;
  limit?: number;
  facets?: readonly FacetName[];
}

/** The request for a query: relevance order, the first 100 hits, unless told otherwise. */
export function request(query: QueryNode, ask: Ask = {}): EngineSearch {
  const req: EngineSearch = { query, order: ask.order ?? 'relevance', offset: ask.offset ?? 0, limit: ask.limit ?? 100 };
  if (ask.filters) req.filters = ask.filters;
  if (ask.facets) req.facets = ask.facets;
  return req;
}

export function search(engine: Engine, query: QueryNode, ask: Ask = {}): Promise<EngineAnswer> {
  return engine.search(request(query, ask));
}

/** The ids of the hits, in the order the engine gives them. */
export async function hitIds(engine: Engine, query: QueryNode, ask: Ask = {}): Promise<string[]> {
  return (await search(engine, query, ask)).hits.map((h) => h.id);
}

/** The ids of every match, sorted: for tests about which releases match, not their order. */
export async function matchIds(engine: Engine, query: QueryNode, ask: Ask = {}): Promise<string[]> {
  const answer = await search(engine, query, ask);
  const ids = answer.hits.map((h) => h.id).sort();
  if (answer.total !== ids.length) throw new Error(`total ${answer.total} but ${ids.length} hits: ${ids.join(', ')}`);
  return ids;
}

/** An answer in a form that compares whole: ids in order, total, estimate, terms and facets. */
export function comparable(answer: EngineAnswer): unknown {
  return {
    total: answer.total,
    estimated: answer.estimated,
    hits: answer.hits.map((h) => ({ id: h.id, terms: [...h.terms].sort() })),
    facets: Object.fromEntries(Object.entries(answer.facets).map(([name, counts]) => [name, [...counts].sort()])),
  };
}
