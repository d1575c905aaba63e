/** Reading: AND, OR, NOT, phrases, prefixes, and drug codes however they are written. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.js';
import { normalizeTerm, queryTerms } from '../../../src/analysis/terms.js';
import { engineWith, hitIds, matchIds, q, release, search, type ConformanceContext } from './fixtures.js';

const CORPUS = [
  release('p1', { title: 'Phase II trial in renal cell carcinoma', body: 'The trial enrols patients with renal cell carcinoma. Gemcitabine is given weekly.' }),
  release('p2', { title: 'Cell biology update', body: 'Researchers studied renal function and the cell cycle.' }),
  release('p3', { title: 'Cell renal study', body: 'A cell renal model was described.' }),
  release('p4', { title: 'Gemcitabine combination', body: 'Gemcitabine and cisplatin were combined in the siRNA arm.' }),
  release('p5', { title: 'Antisense programme', body: 'The antisense drug clotrimazole was tested with gemcitabine.' }),
  release('p6', { title: 'Clotrimoxin results', body: 'Clotrimoxin showed activity; no antisense drug was used.' }),
  release('p7', { title: 'Quarterly revenue', body: 'Revenue rose in the quarter.' }),
  release('p8', { title: 'Renal cell update', body: 'No further news today.' }),
  release('p9', { title: 'Annual meeting', subtitle: 'Shareholders elect directors', body: 'The meeting was held.' }),
];

export function describeQueries(ctx: ConformanceContext): void {
  describe('queries', () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await engineWith(ctx, CORPUS);
    });

    it('a term finds the releases holding it, in the title or the body', async () => {
      expect(await matchIds(engine, q.term('gemcitabine'))).toEqual(['p1', 'p4', 'p5']);
      expect(await matchIds(engine, q.term('antisense'))).toEqual(['p5', 'p6']);
      expect(await matchIds(engine, q.term('quarterly'))).toEqual(['p7']);
      // typed text is analysed: a plural finds the singular that was written
      expect(await matchIds(engine, q.term('trials'))).toEqual(['p1']);
      // the deck under the headline is searched with it
      expect(await matchIds(engine, q.term('shareholders'))).toEqual(['p9']);
    });

    it('an unknown term finds nothing', async () => {
      const answer = await search(engine, q.term('xylophone'));
      expect(answer.total).toBe(0);
      expect(answer.hits).toEqual([]);
    });

    it('AND keeps releases holding every item', async () => {
      expect(await matchIds(engine, q.and(q.term('gemcitabine'), q.term('antisense')))).toEqual(['p5']);
      expect(await matchIds(engine, q.all('renal cell'))).toEqual(['p1', 'p2', 'p3', 'p8']);
      expect(await matchIds(engine, q.and(q.term('gemcitabine'), q.term('revenue')))).toEqual([]);
    });

    it('OR keeps releases holding any item', async () => {
      expect(await matchIds(engine, q.or(q.term('sirna'), q.term('antisense')))).toEqual(['p4', 'p5', 'p6']);
      expect(await matchIds(engine, q.or(q.term('revenue'), q.term('xylophone')))).toEqual(['p7']);
    });

    it('NOT drops releases holding any excluded item', async () => {
      expect(await matchIds(engine, q.not(q.term('gemcitabine'), q.term('antisense')))).toEqual(['p1', 'p4']);
      expect(await matchIds(engine, q.not(q.term('gemcitabine'), q.term('antisense'), q.term('cisplatin')))).toEqual(['p1']);
      expect(await matchIds(engine, q.not(q.everything, q.term('gemcitabine')))).toEqual(['p2', 'p3', 'p6', 'p7', 'p8', 'p9']);
      expect(await matchIds(engine, q.not(q.term('revenue'), q.term('xylophone')))).toEqual(['p7']);
    });

    it('nests: AND of an OR and a term, OR of a phrase and a term', async () => {
      expect(await matchIds(engine, q.and(q.or(q.term('sirna'), q.term('antisense')), q.term('gemcitabine')))).toEqual(['p4', 'p5']);
      expect(await matchIds(engine, q.or(q.phrase('renal cell'), q.term('clotrimoxin')))).toEqual(['p1', 'p6', 'p8']);
    });

    it('all matches every release', async () => {
      expect(await matchIds(engine, q.everything)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9']);
    });

    it('a phrase needs its words in order and side by side, in the title or the body', async () => {
      // p2 has the words apart, p3 reversed; p8 has the phrase only in its title
      expect(await matchIds(engine, q.phrase('renal cell'))).toEqual(['p1', 'p8']);
      expect(await matchIds(engine, q.phrase('cell renal'))).toEqual(['p3']);
      expect(await matchIds(engine, q.phrase('renal cell carcinoma'))).toEqual(['p1']);
      expect(await matchIds(engine, q.phrase('carcinoma renal'))).toEqual([]);
      expect(await matchIds(engine, q.phrase('renal function'))).toEqual(['p2']);
    });

    it('a phrase in the deck under the headline matches, as its words do', async () => {
      expect(await matchIds(engine, q.all('shareholders elect directors'))).toEqual(['p9']);
      expect(await matchIds(engine, q.phrase('shareholders elect directors'))).toEqual(['p9']);
    });

    it('a phrase combines with terms and can be excluded', async () => {
      expect(await matchIds(engine, q.and(q.phrase('renal cell'), q.term('gemcitabine')))).toEqual(['p1']);
      expect(await matchIds(engine, q.not(q.all('renal cell'), q.phrase('renal cell')))).toEqual(['p2', 'p3']);
      expect(await matchIds(engine, q.not(q.phrase('renal cell'), q.term('gemcitabine')))).toEqual(['p8']);
    });

    it('a phrase answer is exact on a small corpus: total counted, not estimated', async () => {
      const answer = await search(engine, q.phrase('renal cell'), { limit: 1 });
      expect(answer.total).toBe(2);
      expect(answer.estimated).toBeUndefined();
      expect(answer.hits.length).toBe(1);
    });

    it('a prefix finds the words that start with it, and says which it matched', async () => {
      expect(await matchIds(engine, q.prefix('clotrim'))).toEqual(['p5', 'p6']);
      expect(await matchIds(engine, q.prefix('gemcit'))).toEqual(['p1', 'p4', 'p5']);
      expect(await matchIds(engine, q.prefix('xylo'))).toEqual([]);
      const hits = (await search(engine, q.prefix('clotrim'))).hits;
      const termsOf = Object.fromEntries(hits.map((h) => [h.id, [...h.terms].sort()]));
      expect(termsOf).toEqual({ p5: [normalizeTerm('clotrimazole')], p6: [normalizeTerm('clotrimoxin')] });
    });

    it('a prefix combines like a term; without the prefix flag the same text is a whole word', async () => {
      expect(await matchIds(engine, q.and(q.prefix('clotrim'), q.term('gemcitabine')))).toEqual(['p5']);
      expect(await matchIds(engine, q.not(q.prefix('clotrim'), q.term('gemcitabine')))).toEqual(['p6']);
      expect(await matchIds(engine, q.term('clotrim'))).toEqual([]);
    });

    it('hits name the terms they matched', async () => {
      const hits = (await search(engine, q.or(q.term('sirna'), q.term('antisense')))).hits;
      const termsOf = Object.fromEntries(hits.map((h) => [h.id, [...h.terms].sort()]));
      expect(termsOf).toEqual({ p4: ['sirna'], p5: ['antisense'], p6: ['antisense'] });
    });
  });
}

const SPELLINGS = ['GTI-2040', 'GTI 2040', 'GTI2040', 'gti2040', 'gti-2040', 'Gti-2040'];

const CODES = [
  release('c1', { title: 'GTI-2040 enters Phase II', body: 'Lorus said GTI-2040 is an antisense drug.' }),
  release('c2', { title: 'Trial news', body: 'Results for GTI 2040 in renal cancer were presented.' }),
  release('c3', { title: 'Data', body: 'The GTI2040 data were presented in Orlando.' }),
  release('c4', { title: 'Other compound', body: 'GTI-2041 is a different compound.' }),
  release('c5', { title: 'Numbers', body: 'The gti plant made 2040 units.' }),
];

export function describeCodes(ctx: ConformanceContext): void {
  describe('drug and trial codes', () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await engineWith(ctx, CODES);
    });

    it('every spelling of a code is one term, found in the same releases in the same order', async () => {
      for (const s of SPELLINGS) expect(queryTerms(s)).toEqual(['gti2040']);
      const answers = await Promise.all(SPELLINGS.map((s) => hitIds(engine, q.all(s))));
      for (const ids of answers) expect(ids).toEqual(answers[0]);
      expect([...answers[0]!].sort()).toEqual(['c1', 'c2', 'c3']);
    });

    it('a neighbouring code is another term', async () => {
      expect(await matchIds(engine, q.all('GTI-2041'))).toEqual(['c4']);
      expect(await matchIds(engine, q.all('GTI 2042'))).toEqual([]);
    });

    it('a phrase over a code matches however the code was written and typed', async () => {
      expect(await matchIds(engine, q.phrase('GTI 2040 in renal'))).toEqual(['c2']);
      expect(await matchIds(engine, q.phrase('gti-2040 in renal'))).toEqual(['c2']);
      expect(await matchIds(engine, q.phrase('GTI-2040 data'))).toEqual(['c3']);
      expect(await matchIds(engine, q.phrase('gti2040 is an antisense drug'))).toEqual(['c1']);
    });
  });
}
