import { beforeAll, describe, expect, it } from 'vitest';
import type { Release } from '../../../src/clean/release.js';
import { compareHits, type EngineHit, type EngineQuery } from '../../../src/engine/memory/engine-query.js';
import type { Order } from '../../../src/engine/engine.js';
import type { DocFilter } from '../../../src/engine/memory/doc-filter.js';
import { SearchEngine } from '../../../src/engine/memory/search-engine.js';
import { tokenize } from '../../../src/analysis/terms.js';
import { filesUnder, ingest, INGEST } from '../../support/ingest-fixtures.js';

let releases: Release[];
let built: SearchEngine;
let loaded: SearchEngine;

beforeAll(() => {
  releases = ingest(filesUnder(INGEST)).releases;
  built = SearchEngine.create();
  for (const r of releases) built.add(r);
  loaded = SearchEngine.deserialize(Buffer.concat(built.serialize()));
});

const term = (t: string, extra: { prefix?: boolean; fuzzy?: boolean } = {}): EngineQuery => ({ kind: 'term', term: t, ...extra });

/** Queries of every shape over words of the releases: single, AND, OR, NOT, prefix, fuzzy, all. */
function queries(): EngineQuery[] {
  const words = [...new Set(releases.flatMap((r) => tokenize(`${r.title} ${r.body.slice(0, 400)}`).map((t) => t.term)))].filter((w) => w.length > 2);
  const picked = words.filter((_, i) => i % Math.max(1, Math.floor(words.length / 80)) === 0);
  const out: EngineQuery[] = [{ kind: 'not', include: { kind: 'all' }, exclude: [term('the')] }];
  // ORs of words most releases hold: summed densely (no list of touched releases)
  out.push({ kind: 'or', items: [term('the'), term('of'), term('and'), term('company')] });
  out.push({ kind: 'or', items: [term('the'), { kind: 'and', items: [term('of'), term('said')] }, term('com', { prefix: true }), term('and')] });
  picked.forEach((w, i) => {
    const v = picked[(i * 7 + 3) % picked.length]!;
    const u = picked[(i * 13 + 5) % picked.length]!;
    out.push(term(w), { kind: 'and', items: [term(w), term(v)] }, { kind: 'or', items: [term(w), term(v), term(u)] });
    out.push({ kind: 'and', items: [term(u), { kind: 'or', items: [term(w), term(v)] }, term(u)] });
    out.push(term(w.slice(0, 3), { prefix: true }), term(`${w}e`, { fuzzy: true }), term(w.slice(0, 4), { prefix: true, fuzzy: true }));
    out.push({ kind: 'not', include: { kind: 'or', items: [term(w), term(v)] }, exclude: [term(u)] });
    // many-item ORs and ANDs (summed in one accumulator, intersected in place), one inside another
    out.push({ kind: 'or', items: [term(u), { kind: 'or', items: [term(w), term(v), term(w.slice(0, 3), { prefix: true })] }, term(v), { kind: 'and', items: [term(w), term(v), term(u)] }] });
  });
  return out;
}

const key = (h: EngineHit, exact = true) => `${h.id} ${exact ? h.score : h.score.toPrecision(12)} ${[...h.terms].sort().join(',')} ${h.company} ${h.date}`;

/** `exact`: bit-identical scores (a saved engine); else to 12 digits (removals pending cleanup). */
function expectSameAnswers(engine: SearchEngine, q: EngineQuery, filter?: DocFilter, exact = true): number {
  const want = engine.search(q, filter);
  const set = engine.match(q, filter);
  expect(set.total, JSON.stringify(q)).toBe(want.length);
  for (const order of ['relevance', 'date', 'date-asc'] as Order[]) {
    const got = set.top(want.length, order);
    // the same hits with bit-identical scores and the same matched terms
    expect(got.map((h) => key(h, exact)).sort(), JSON.stringify(q)).toEqual(want.map((h) => key(h, exact)).sort());
    // in the order asked for, and the best k are the first k of the whole order
    const sorted = [...got].sort(compareHits(order));
    expect(got.map((h) => h.id)).toEqual(sorted.map((h) => h.id));
    expect(set.top(3, order).map((h) => h.id)).toEqual(got.slice(0, 3).map((h) => h.id));
  }
  const company = new Map<string, number>();
  for (const h of want) if (h.company) company.set(h.company, (company.get(h.company) ?? 0) + 1);
  expect(set.facets().company).toEqual(company);
  if (want[0]) expect(set.find(want[0].id)?.score).toBeCloseTo(want[0].score, 9);
  return want.length;
}

describe('match: MiniSearch scoring over arrays', () => {
  it('finds exactly what MiniSearch finds, with the same scores and terms, in every query shape', () => {
    let hits = 0;
    const qs = queries();
    expect(qs.length).toBeGreaterThan(300);
    for (const q of qs) hits += expectSameAnswers(built, q);
    expect(hits).toBeGreaterThan(qs.length * 2);
  });

  it('gives the same answers on an engine loaded from its file (postings read from arrays)', () => {
    for (const q of queries().slice(0, 200)) expectSameAnswers(loaded, q);
  });

  it('applies a filter on stored fields as MiniSearch does', () => {
    const year = releases[0]!.date.slice(0, 4);
    const company = releases[0]!.company;
    for (const q of queries().slice(0, 100)) {
      expectSameAnswers(built, q, { fromDay: Number(year) * 10000, toDay: Number(year) * 10000 + 9999 });
      expectSameAnswers(loaded, q, { company: (name) => name === company });
      expectSameAnswers(loaded, q, { company: (name) => name !== company, tickers: (t) => t.length > 0, toDay: 20050630 });
      // a costly query under a filter is matched over the filter's mask: ids, years and companies make it
      expectSameAnswers(loaded, q, { ids: new Set([...releases.slice(0, 40).map((r) => r.id), 'no-such-id']) });
      expectSameAnswers(built, q, { years: new Set([Number(year)]), company: (name) => name === company });
    }
  });

  it('keeps matching MiniSearch after releases are removed and added', () => {
    const engine = SearchEngine.deserialize(Buffer.concat(built.serialize()));
    for (const r of releases.slice(0, 5)) engine.remove(r.id);
    engine.add({ ...releases[7]!, id: 'copy-of-7' });
    // MiniSearch drops removed releases' postings while it searches, adding in another order
    for (const q of queries().slice(0, 200)) expectSameAnswers(engine, q, undefined, false);
    expect(engine.match(term('the')).find(releases[0]!.id)).toBeUndefined();
  });

  it('voids a hit set once the engine runs another query (its arrays are reused)', () => {
    const first = built.match(term('the'));
    expect(first.total).toBeGreaterThan(0);
    built.match(term('company'));
    expect(() => first.total).toThrow(/later query/);
    expect(() => first.top(1, 'relevance')).toThrow(/later query/);
  });

  it('counts the releases holding a term as its matches do, read off the postings', () => {
    const words = ['the', 'taser', 'gemcitabine', 'quarter', 'zzqqxx', 'apple'];
    for (const engine of [built, loaded]) for (const w of words) expect(engine.releasesWith(w), w).toBe(engine.match(term(w)).total);
  });

  it('says which releases hold a term', () => {
    expect(built.hasTerm('gemcitabine')).toBe(true);
    expect(built.hasTerm('zzqqxx')).toBe(false);
  });
});
