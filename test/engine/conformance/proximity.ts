/**
 * Proximity (engine/adjacent-words.ts): in a query of plain words, each pair typed side by side
 * that a release also has side by side lifts it, over the best matches by BM25, not only the
 * first page's; the head of the order is exact whatever shortcut a backend takes to it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.js';
import { engineWith, hitIds, q, release, type ConformanceContext } from './fixtures.js';

// consonants only: no stem or plural of such a word is indexed beside it, so every release has the same length
const LETTERS = 'bcfhjkmnpqrtvwxz';

/** A word different for every n (`qzb`, `qzc`, …): no code, no stem, no plural. */
export function fillerWord(n: number): string {
  let s = '';
  do {
    s = LETTERS[n % LETTERS.length]! + s;
    n = Math.floor(n / LETTERS.length);
  } while (n > 0);
  return `qz${s}`;
}

/**
 * Ten filler words for release i: unique pairs, so each release's pair filter has other bits set
 * (now and then one passes a pair it does not hold).
 */
const filler = (i: number) => Array.from({ length: 10 }, (_, k) => fillerWord(i * 10 + k)).join(' ');

// 300 releases with the words apart and the same BM25 as the 5 with them side by side (same
// length, same frequencies), 60 that score higher on BM25 alone (the words twice, apart), and
// releases holding three, two or no pairs of `omega kappa lambda mu`.
export const APART = Array.from({ length: 300 }, (_, i) => release(`a${String(i).padStart(3, '0')}`, { title: 'Note', body: `Alpha gamma beta delta ${filler(i)}.`, date: '2010-01-01' }));
export const SIDE_BY_SIDE = Array.from({ length: 5 }, (_, i) => release(`s${i}`, { title: 'Note', body: `Alpha beta gamma delta ${filler(1000 + i)}.`, date: '2010-01-01' }));
const STRONGER = Array.from({ length: 60 }, (_, i) => release(`h${String(i).padStart(2, '0')}`, { title: 'Note', body: `Alpha delta beta. Beta delta alpha ${filler(2000 + i)}.`, date: '2010-01-01' }));
const THREE = [
  release('t2', { title: 'Three', body: 'Omega kappa lambda mu zeta.', date: '2011-01-01' }),
  release('t1', { title: 'Three', body: 'Omega kappa lambda zeta mu.', date: '2011-01-01' }),
  release('t0', { title: 'Three', body: 'Omega mu kappa zeta lambda.', date: '2011-01-01' }),
];

export function describeProximity(ctx: ConformanceContext): void {
  describe('proximity', () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await engineWith(ctx, [...APART, ...SIDE_BY_SIDE, ...STRONGER, ...THREE]);
    });

    it('releases with the two words side by side come first, from below the best 30 by BM25', async () => {
      const ids = await hitIds(engine, q.all('alpha beta'), { limit: 30 });
      expect(ids.slice(0, 5)).toEqual(['s0', 's1', 's2', 's3', 's4']);
      // then the stronger BM25 matches, then the rest in id order: no release with the words apart is lifted
      expect(ids.slice(5, 30)).toEqual(STRONGER.slice(0, 25).map((r) => r.id));
    });

    it('the same on the second page of the head', async () => {
      const first = await hitIds(engine, q.all('alpha beta'), { limit: 30 });
      expect(await hitIds(engine, q.all('alpha beta'), { offset: 10, limit: 10 })).toEqual(first.slice(10, 20));
    });

    it('a pair typed in the other order is not side by side', async () => {
      const ids = await hitIds(engine, q.all('beta alpha'), { limit: 30 });
      expect(ids.slice(0, 5)).not.toContain('s0');
    });

    it('four words: three pairs side by side above two, two above none', async () => {
      const ids = await hitIds(engine, q.all('omega kappa lambda mu'), { limit: 10 });
      expect(ids).toEqual(['t2', 't1', 't0']);
    });

    it('a release lifted by its pair outranks releases holding a word in the headline, whose BM25 is higher', async () => {
      // (the headline field is boosted: a backend that ranks its holders first, and the rest only
      // when they could score above them, must count the lift proximity may give the rest)
      const headline = Array.from({ length: 12 }, (_, i) => release(`k${String(i).padStart(2, '0')}`, { title: 'Sigma update', body: `Tau figures filler words here and there ${i}.`, date: '2012-01-01' }));
      const both = Array.from({ length: 20 }, (_, i) => release(`m${String(i).padStart(2, '0')}`, { title: 'Note', body: `Sigma gamma tau delta words ${i}.`, date: '2012-01-01' }));
      const paired = release('p0', { title: 'Note', body: 'sigma tau sigma tau sigma tau.', date: '2012-01-01' });
      const lifted = await engineWith(ctx, [...headline, ...both, paired]);
      const ids = await hitIds(lifted, q.all('sigma tau'), { limit: 10 });
      expect(ids[0]).toBe('p0');
      expect(ids.slice(1)).toEqual(headline.slice(0, 9).map((r) => r.id));
    });

    it('date order is left as it is', async () => {
      const ids = await hitIds(engine, q.all('omega kappa lambda mu'), { order: 'date-asc', limit: 10 });
      expect(ids).toEqual(['t0', 't1', 't2']);
    });
  });
}
