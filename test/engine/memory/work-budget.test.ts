import { beforeAll, describe, expect, it } from 'vitest';
import type { Release } from '../../../src/clean/release.js';
import type { EngineQuery } from '../../../src/engine/memory/engine-query.js';
import { buildMemoryIndex } from '../../../src/engine/memory/memory-engine.js';
import type { LoadedIndex } from '../../../src/engine/memory/loaded-index.js';
import type { MiniSearchInternals } from '../../../src/engine/memory/term-index.js';
import { searchIndex } from '../../../src/engine/memory/search-index.js';
import { cutToWork, describeItem, queryWork } from '../../../src/engine/memory/work-budget.js';
import type { ExpansionBudget } from '../../../src/engine/memory/match-query.js';
import { parseQuery } from '../../../src/search/parse-query.js';
import { queryPlan } from '../../../src/search/query-plan.js';
import { filesUnder, ingest, INGEST } from '../../support/ingest-fixtures.js';

// A query may read only so many postings: past that, an OR keeps its rarest items and leaves out
// the commonest, an AND or an exclusion is never cut, and the answer says what was left out.
let releases: Release[];
let index: LoadedIndex;
beforeAll(() => {
  releases = ingest(filesUnder(INGEST)).releases;
  index = buildMemoryIndex(releases);
});

const term = (t: string): EngineQuery => ({ kind: 'term', term: t });
// the term index the engine keeps to itself: the budget is a pure function of it
const m = () => (index.engine as unknown as { internals: MiniSearchInternals }).internals;
const noPrefix = () => 0;
const df = (t: string) => queryWork(m(), term(t), noPrefix);
const WORDS = ['the', 'of', 'and', 'company', 'said', 'million', 'patient', 'taser'];
const or = (ws: readonly string[]): EngineQuery => ({ kind: 'or', items: ws.map(term) });

describe('the work budget', () => {
  it('counts a query as the postings its terms read', () => {
    const sum = WORDS.reduce((n, w) => n + df(w), 0);
    expect(df('the')).toBeGreaterThan(df('patient'));
    expect(queryWork(m(), or(WORDS), noPrefix)).toBe(sum);
    // an AND reads its other items only over what its rarest matched: what lies outside it at an
    // eighth of a posting, what lies inside it scored
    const rarest = Math.min(...WORDS.map(df));
    const share = Math.min(1, rarest / m()._documentCount + 1 / 8);
    expect(queryWork(m(), { kind: 'and', items: WORDS.map(term) }, noPrefix)).toBeCloseTo(rarest + (sum - rarest) * share, 6);
  });

  it('leaves a query that fits as it is', () => {
    const q = or(WORDS);
    const cut = cutToWork(m(), q, queryWork(m(), q, noPrefix), noPrefix);
    expect(cut.query).toBe(q);
    expect(cut.dropped).toEqual([]);
  });

  it('keeps the rarest items of an OR within the limit, in the query order, and names the rest', () => {
    const sorted = [...WORDS].sort((a, b) => df(a) - df(b));
    const limit = df(sorted[0]!) + df(sorted[1]!) + df(sorted[2]!);
    const { query, dropped } = cutToWork(m(), or(WORDS), limit, noPrefix);
    const kept = query.kind === 'or' ? query.items.map(describeItem) : [describeItem(query)];
    expect(new Set(kept)).toEqual(new Set(sorted.slice(0, 3)));
    expect(kept).toEqual(WORDS.filter((w) => kept.includes(w)));
    expect(queryWork(m(), query, noPrefix)).toBeLessThanOrEqual(limit);
    // the commonest first
    expect(dropped.map(describeItem)).toEqual(sorted.slice(3).reverse());
  });

  it('keeps one item of an OR whatever it costs', () => {
    const { query, dropped } = cutToWork(m(), or(['the', 'of']), 1, noPrefix);
    expect(query).toEqual(df('the') <= df('of') ? term('the') : term('of'));
    expect(dropped).toHaveLength(1);
  });

  it('never cuts an AND or an exclusion, only the ORs inside them', () => {
    const and: EngineQuery = { kind: 'and', items: [term('the'), term('of')] };
    expect(cutToWork(m(), and, 1, noPrefix).query).toEqual(and);
    const not: EngineQuery = { kind: 'not', include: or(WORDS), exclude: [term('the'), term('and')] };
    const cut = cutToWork(m(), not, df('patient') + df('taser') + df('the') + df('and'), noPrefix);
    expect(cut.query.kind).toBe('not');
    if (cut.query.kind === 'not') expect(cut.query.exclude).toEqual(not.exclude);
    expect(cut.dropped.length).toBeGreaterThan(0);
    // an OR an AND starts from is cut; one it reads narrowed is not
    // (a prefix counts as costly as a word in every release: the OR of rarer words is read first)
    const rarer = [...WORDS].sort((a, b) => df(a) - df(b)).slice(0, 3);
    expect(queryWork(m(), or(rarer), noPrefix)).toBeLessThan(m()._documentCount * 2);
    const started: EngineQuery = { kind: 'and', items: [{ kind: 'term', term: 'com', prefix: true }, or(rarer)] };
    const c2 = cutToWork(m(), started, queryWork(m(), started, noPrefix) / 3, noPrefix);
    expect(c2.query.kind).toBe('and');
    if (c2.query.kind === 'and') expect(c2.query.items[0]).toEqual(started.items[0]);
    expect(c2.dropped.length).toBeGreaterThan(0);
    const narrowed: EngineQuery = { kind: 'and', items: [term('taser'), or(WORDS)] };
    expect(cutToWork(m(), narrowed, df('taser') + 1, noPrefix).dropped).toEqual([]);
  });

  it('keeps a word with its other forms whole: an AND of two common words still finds them together', () => {
    // as the search builds `company said`: each word ORed with its stem at a lower weight
    const forms = (w: string, stem: string): EngineQuery => ({ kind: 'or', items: [term(w), { kind: 'term', term: `~${stem}`, boost: 0.5 }, { kind: 'term', term: stem, boost: 0.5 }] });
    const and: EngineQuery = { kind: 'and', items: [forms('company', 'compani'), forms('said', 'said')] };
    const cut = cutToWork(m(), and, 1, noPrefix);
    expect(cut.query).toEqual(and);
    expect(cut.dropped).toEqual([]);
    const req = { query: { kind: 'and' as const, items: [{ kind: 'term' as const, term: 'company' }, { kind: 'term' as const, term: 'said' }] }, order: 'relevance' as const, offset: 0, limit: 10 };
    const whole = searchIndex(index, (id) => index.store.get(id), req);
    expect(whole.total).toBeGreaterThan(10);
    const tight = searchIndex(index, (id) => index.store.get(id), { ...req, query: and }, 1);
    expect(tight.total).toBeGreaterThanOrEqual(whole.total);
    expect(tight.estimated).toBeUndefined();
    // in an OR of words, such a word is left out whole, named as typed
    const either = cutToWork(m(), { kind: 'or', items: [forms('company', 'compani'), term('taser')] }, df('taser'), noPrefix);
    expect(either.query).toEqual(term('taser'));
    expect(either.dropped.map(describeItem)).toEqual(['company']);
  });

  it('answers a search past its work with what the rest matched, an estimated total and a note', () => {
    const query = queryPlan(parseQuery(WORDS.join(' OR ')), false)!;
    const req = { query, order: 'relevance' as const, offset: 0, limit: 10, facets: ['company' as const] };
    const whole = searchIndex(index, (id) => index.store.get(id), req);
    expect(whole.estimated).toBeUndefined();
    const sorted = [...WORDS].sort((a, b) => df(a) - df(b));
    const cut = searchIndex(index, (id) => index.store.get(id), req, df(sorted[0]!) + df(sorted[1]!) + df(sorted[2]!));
    expect(cut.estimated?.cut).toBe(true);
    expect(cut.total).toBeLessThan(whole.total);
    expect(cut.estimated?.pageable).toBe(cut.total);
    const note = cut.limited?.join(' ') ?? '';
    expect(note).toContain(`left out (${sorted.slice(3).reverse().join(', ')})`);
    // what it found is what the kept words find, facets counted over it
    const rest = searchIndex(index, (id) => index.store.get(id), { ...req, query: queryPlan(parseQuery(sorted.slice(0, 3).join(' OR ')), false)! });
    expect(cut.total).toBe(rest.total);
    expect(cut.hits.map((h) => h.id).sort()).toEqual(rest.hits.map((h) => h.id).sort());
    expect([...(cut.facets.company ?? new Map()).values()].reduce((a, b) => a + b, 0)).toBe([...(rest.facets.company ?? new Map()).values()].reduce((a, b) => a + b, 0));
  });

  it('shares the words a query may expand to among its prefixes', () => {
    const prefixes: EngineQuery = { kind: 'or', items: ['com', 'pro', 'con'].map((p) => ({ kind: 'term', term: p, prefix: true })) };
    const words = (budget: ExpansionBudget) => index.engine.match(prefixes, undefined, [], budget).top(1000, 'relevance').flatMap((h) => h.terms);
    const free = new Set(words({ perPrefix: 64, postings: 1e9, limited: [] }));
    const shared = new Set(words({ perPrefix: 64, postings: 1e9, limited: [], words: 6 }));
    expect(free.size).toBeGreaterThan(9);
    // each prefix two of its words, and the prefix itself as a word where it is one
    expect(shared.size).toBeLessThanOrEqual(9);
    expect([...shared].every((w) => free.has(w))).toBe(true);
  });
});

