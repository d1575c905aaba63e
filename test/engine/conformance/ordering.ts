/** Orders (relevance, date, date ascending), deterministic ties, and paging through windows. */
import { beforeAll, describe, expect, it } from 'vitest';
import { ORDERS, type Engine, type QueryNode } from '../../../src/engine/engine.js';
import { engineWith, hitIds, q, release, search, type ConformanceContext } from './fixtures.js';

// `vaccine` in one headline (v1) and four bodies; the body-only v2 is newer than v1.
const VACCINES = [
  release('v1', { title: 'Vaccine approved', body: 'The regulator approved it.', date: '2004-05-01' }),
  release('v2', { title: 'Annual report', body: 'The vaccine programme continued.', date: '2004-06-01' }),
  release('v3', { title: 'Quarter', body: 'Vaccine sales grew.', date: '2003-01-15' }),
  release('v4', { title: 'Plans', body: 'A vaccine plant opens.', date: '2005-09-30' }),
  release('v5', { title: 'Board', body: 'Vaccine board named.', date: '2004-05-02' }),
];
// Six releases alike in all but their ids (given out of order), and so tied in every order.
const TIES = ['t4', 't1', 't6', 't2', 't5', 't3'].map((id) => release(id, { title: 'Tie', body: 'zeta eta theta', date: '2004-04-04' }));
const CORPUS = [...VACCINES, ...TIES];

/** Every hit of a query by pages of `size`, as the pages give them. */
async function byPages(engine: Engine, query: QueryNode, order: (typeof ORDERS)[number], size: number): Promise<{ ids: string[]; totals: number[] }> {
  const ids: string[] = [];
  const totals: number[] = [];
  for (let offset = 0; offset < 100; offset += size) {
    const answer = await search(engine, query, { order, offset, limit: size });
    totals.push(answer.total);
    ids.push(...answer.hits.map((h) => h.id));
    if (answer.hits.length < size) break;
  }
  return { ids, totals };
}

export function describeOrders(ctx: ConformanceContext): void {
  describe('orders', () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await engineWith(ctx, CORPUS);
    });

    it('relevance: a headline match outranks body-only matches, even newer ones', async () => {
      const ids = await hitIds(engine, q.term('vaccine'));
      expect([...ids].sort()).toEqual(['v1', 'v2', 'v3', 'v4', 'v5']);
      expect(ids[0]).toBe('v1');
      expect(await hitIds(engine, q.term('vaccine'), { filters: { ids: ['v1', 'v2'] } })).toEqual(['v1', 'v2']);
    });

    it('relevance: scores never rise down the list', async () => {
      const scores = (await search(engine, q.or(q.term('vaccine'), q.term('theta')))).hits.map((h) => h.score);
      expect(scores.length).toBe(11);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    });

    it('date: newest first; date-asc: oldest first', async () => {
      expect(await hitIds(engine, q.term('vaccine'), { order: 'date' })).toEqual(['v4', 'v2', 'v5', 'v1', 'v3']);
      expect(await hitIds(engine, q.term('vaccine'), { order: 'date-asc' })).toEqual(['v3', 'v1', 'v5', 'v2', 'v4']);
    });

    it('date orders sort every match, not only the best by relevance', async () => {
      expect(await hitIds(engine, q.term('vaccine'), { order: 'date', limit: 2 })).toEqual(['v4', 'v2']);
      expect(await hitIds(engine, q.term('vaccine'), { order: 'date-asc', limit: 2 })).toEqual(['v3', 'v1']);
      const both = await hitIds(engine, q.or(q.term('vaccine'), q.term('theta')), { order: 'date' });
      // the ties (2004-04-04) fall between v1 (2004-05-01) and v3 (2003-01-15)
      expect(both.slice(0, 4)).toEqual(['v4', 'v2', 'v5', 'v1']);
      expect([...both.slice(4, 10)].sort()).toEqual(['t1', 't2', 't3', 't4', 't5', 't6']);
      expect(both.slice(10)).toEqual(['v3']);
    });

    it('ties come in one order, the same on every call and in every engine built alike', async () => {
      const twin = await engineWith(ctx, CORPUS);
      for (const order of ORDERS) {
        const first = await hitIds(engine, q.term('theta'), { order });
        expect([...first].sort()).toEqual(['t1', 't2', 't3', 't4', 't5', 't6']);
        expect(await hitIds(engine, q.term('theta'), { order })).toEqual(first);
        expect(await hitIds(engine, q.all('zeta theta'), { order })).toEqual(first);
        expect(await hitIds(twin, q.term('theta'), { order })).toEqual(first);
      }
    });
  });
}

export function describePaging(ctx: ConformanceContext): void {
  describe('paging', () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await engineWith(ctx, CORPUS);
    });

    const queries: [string, QueryNode][] = [
      ['all', q.everything],
      ['a term', q.term('theta')],
      ['an OR', q.or(q.term('vaccine'), q.term('eta'))],
      ['a NOT', q.not(q.everything, q.term('board'))],
      ['a phrase', q.phrase('eta theta')],
    ];
    const counts: Record<string, number> = { all: 11, 'a term': 6, 'an OR': 11, 'a NOT': 10, 'a phrase': 6 };

    for (const order of ORDERS) {
      for (const [label, query] of queries) {
        it(`windows of ${label} in ${order} order concatenate to the full list, without duplicates`, async () => {
          const full = await search(engine, query, { order, limit: 100 });
          expect(full.total).toBe(counts[label]);
          expect(full.hits.length).toBe(counts[label]);
          expect(new Set(full.hits.map((h) => h.id)).size).toBe(counts[label]);
          for (const size of [1, 2, 3, 4]) {
            const paged = await byPages(engine, query, order, size);
            expect(paged.ids).toEqual(full.hits.map((h) => h.id));
            expect(new Set(paged.totals)).toEqual(new Set([counts[label]]));
          }
        });
      }
    }

    it('a window past the end is empty; limit 0 counts without hits', async () => {
      for (const order of ORDERS) {
        for (const [offset, limit] of [[11, 5], [40, 10], [0, 0], [5, 0]] as const) {
          const answer = await search(engine, q.everything, { order, offset, limit });
          expect(answer.total).toBe(11);
          expect(answer.hits).toEqual([]);
        }
      }
    });

    it('a window over the end holds what is left', async () => {
      const full = await hitIds(engine, q.everything, { order: 'date' });
      expect(await hitIds(engine, q.everything, { order: 'date', offset: 9, limit: 5 })).toEqual(full.slice(9));
      expect(full.slice(9).length).toBe(2);
    });
  });
}

// Two hundred releases with both words, one in four with them side by side: more candidates
// than a backend may verify for one page, so the total may be an estimate, but never the hits.
const MANY = Array.from({ length: 200 }, (_, i) =>
  release(`m${String(i).padStart(3, '0')}`, {
    title: `Report ${i}`,
    body: i % 4 === 0 ? 'Net income rose this quarter.' : 'Net sales rose and income fell.',
    date: `${1990 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-15`,
  }),
);
const WITH_PHRASE = MANY.filter((_, i) => i % 4 === 0).map((r) => r.id);

export function describeManyCandidates(ctx: ConformanceContext): void {
  describe('a phrase with many candidates', () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await engineWith(ctx, MANY);
    });

    it('every hit has the phrase; the total is exact unless marked estimated', async () => {
      const answer = await search(engine, q.phrase('net income'), { limit: 10, facets: ['year'] });
      expect(answer.hits.length).toBe(10);
      for (const h of answer.hits) expect(WITH_PHRASE).toContain(h.id);
      if (answer.estimated === undefined) expect(answer.total).toBe(50);
      else {
        expect(answer.estimated.checked).toBeGreaterThanOrEqual(10);
        expect(answer.estimated.checked).toBeLessThanOrEqual(200);
        expect(answer.total).toBeGreaterThanOrEqual(10);
        expect(answer.total).toBeLessThanOrEqual(200);
      }
    });

    it('the first page in date order is the newest releases with the phrase', async () => {
      const newest = [...WITH_PHRASE].reverse().slice(0, 10);
      expect(await hitIds(engine, q.phrase('net income'), { order: 'date', limit: 10 })).toEqual(newest);
      expect(await hitIds(engine, q.phrase('net income'), { order: 'date-asc', limit: 10 })).toEqual(WITH_PHRASE.slice(0, 10));
    });

    for (const order of ORDERS) {
      it(`pages of it in ${order} order hold each release with the phrase once, and no other`, async () => {
        const paged = await byPages(engine, q.phrase('net income'), order, 10);
        expect([...paged.ids].sort()).toEqual(WITH_PHRASE);
      });
    }
  });
}

