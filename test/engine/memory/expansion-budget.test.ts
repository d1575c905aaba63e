import { beforeAll, describe, expect, it } from 'vitest';
import type { EngineQuery } from '../../../src/engine/memory/engine-query.js';
import type { ExpansionBudget } from '../../../src/engine/memory/match-query.js';
import { SearchEngine } from '../../../src/engine/memory/search-engine.js';
import { filesUnder, ingest, INGEST } from '../../support/ingest-fixtures.js';

// The work a query's prefixes may cost is one budget of postings, shared max-min fairly among
// them: prefixes that fit together are never cut, a broad one cannot spend what the next needs,
// and none spends past the budget. What a run spent is what it took from the budget.
let engine: SearchEngine;
beforeAll(() => {
  const built = SearchEngine.create();
  for (const r of ingest(filesUnder(INGEST)).releases) built.add(r);
  engine = SearchEngine.deserialize(Buffer.concat(built.serialize()));
});

const HUGE = 1e9;
const prefix = (p: string): EngineQuery => ({ kind: 'term', term: p, prefix: true });
const orOf = (ps: string[]): EngineQuery => ({ kind: 'or', items: ps.map(prefix) });
const PREFIXES = ['com', 'pro', 'con'];

function run(q: EngineQuery, postings: number, perPrefix = 10_000): { budget: ExpansionBudget; spent: number; total: number } {
  const budget: ExpansionBudget = { perPrefix, postings, limited: [] };
  const total = engine.match(q, undefined, [], budget).total;
  return { budget, spent: postings - budget.postings, total };
}

describe('the expansion budget', () => {
  it('cuts nothing when the prefixes fit together, however unequal their needs', () => {
    const needs = PREFIXES.map((p) => run(prefix(p), HUGE).spent);
    expect(new Set(needs).size).toBe(needs.length);
    const exact = run(orOf(PREFIXES), needs.reduce((a, b) => a + b, 0));
    expect(exact.budget.limited).toEqual([]);
    expect(exact.total).toBe(engine.match(orOf(PREFIXES)).total);
  });

  it('never spends past the budget, and leaves every prefix a share', () => {
    const all = run(orOf(PREFIXES), HUGE).spent;
    const quarter = run(orOf(PREFIXES), Math.floor(all / 4));
    expect(quarter.budget.postings).toBeGreaterThanOrEqual(0);
    expect(quarter.budget.limited.map((l) => l.prefix).sort()).toEqual([...PREFIXES].sort());
    for (const l of quarter.budget.limited) expect(l.kept).toBeGreaterThan(0);
    expect(quarter.total).toBeLessThanOrEqual(run(orOf(PREFIXES), HUGE).total);
  });

  it('leaves out a prefix whose words fit nowhere, and records it', () => {
    const none = run(orOf(PREFIXES), 0);
    expect(none.budget.limited.map((l) => [l.prefix, l.kept]).sort()).toEqual(PREFIXES.map((p) => [p, 0]).sort());
    // what is left: the prefixes as words themselves
    expect(none.total).toBe(engine.match({ kind: 'or', items: PREFIXES.map((term) => ({ kind: 'term', term })) }).total);
  });

  it('takes the most used word first, even past its share when the whole budget holds it', () => {
    const top = run(prefix('com'), HUGE, 1);
    const words = top.budget.limited[0]!.of;
    const alone = run(prefix('com'), top.spent);
    expect(alone.budget.limited).toEqual([{ prefix: 'com', kept: 1, of: words }]);
    expect(alone.spent).toBe(top.spent);
    // with a second prefix, com's fair share is less than its most used word; the budget still holds it
    const pro = run(prefix('pro'), HUGE, 1).spent;
    const both = run(orOf(['com', 'pro']), top.spent + pro);
    expect(both.budget.limited.map((l) => [l.prefix, l.kept]).sort()).toEqual([['com', 1], ['pro', 1]]);
    expect(both.budget.postings).toBe(0);
  });

  it('charges nothing for prefixes an AND reads only over what its word matched', () => {
    const and: EngineQuery = { kind: 'and', items: [{ kind: 'term', term: 'the' }, ...PREFIXES.map(prefix)] };
    const narrowed = run(and, 0);
    // no postings to spend, yet every prefix is searched with its words: the AND's word is read first
    expect(narrowed.spent).toBe(0);
    expect(narrowed.budget.limited.filter((l) => l.kept === 0)).toEqual([]);
    expect(narrowed.total).toBe(engine.match(and).total);
    // alone, the same prefixes draw on the budget and are cut
    expect(run(orOf(PREFIXES), 0).budget.limited.every((l) => l.kept === 0)).toBe(true);
  });
});

