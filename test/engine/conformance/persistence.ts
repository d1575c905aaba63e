/** For backends that keep commits on disk: commit, close, reopen from the same folder, same answers. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Engine, EngineAnswer, EngineSearch } from '../../../src/engine/engine.js';
import { commitChanges, comparable, matchIds, q, release, request, type ConformanceContext } from './fixtures.js';

const CORPUS = [
  release('s1', { title: 'GTI-2040 trial starts', body: 'Lorus began a renal cell carcinoma trial with gemcitabine.', date: '2004-01-05', company: 'Lorus Therapeutics Inc.', tickers: ['TSX:LOR'] }),
  release('s2', { title: 'Quarterly results', body: 'Revenue rose; the renal programme continued.', date: '2004-04-20', company: 'Lorus Therapeutics Inc.', tickers: ['TSX:LOR'] }),
  release('s3', { title: 'Genta news', body: 'Genasense and gemcitabine in melanoma.', date: '2003-09-09', company: 'Genta Incorporated', tickers: ['NASDAQ:GNTA'] }),
  release('s4', { title: 'Undated note', body: 'A note on cell biology and clotrimazole.', company: 'Genta Incorporated' }),
  release('s5', { title: 'Tie', body: 'same words here', date: '2004-06-06' }),
  release('s6', { title: 'Tie', body: 'same words here', date: '2004-06-06' }),
];
// The second commit: s2 rewritten, s3 removed, s7 added.
const S2 = release('s2', { title: 'Quarterly results restated', body: 'Revenue fell; the programme paused.', date: '2004-04-21', company: 'Lorus Therapeutics Inc.', tickers: ['TSX:LOR'] });
const S7 = release('s7', { title: 'GTI 2040 data', body: 'GTI 2040 data in renal cell carcinoma were presented.', date: '2005-02-02', company: 'Lorus Therapeutics Inc.', tickers: ['TSX:LOR', 'AMEX:LOR'] });

const SEARCHES: EngineSearch[] = [
  request(q.everything, { facets: ['company', 'year'] }),
  request(q.term('gemcitabine')),
  request(q.all('GTI 2040'), { order: 'date' }),
  request(q.phrase('renal cell carcinoma'), { facets: ['company', 'year'] }),
  request(q.not(q.everything, q.term('revenue')), { order: 'date-asc' }),
  request(q.or(q.term('melanoma'), q.prefix('clotrim'), q.term('restated'))),
  request(q.all('same words'), { order: 'relevance' }),
  request(q.everything, { filters: { tickers: ['LOR'], fromDay: 20040101 }, order: 'date', offset: 1, limit: 2 }),
];
const IDS = ['s1', 's2', 's3', 's7', 'none'];

/** What an engine answers to the suite's questions: searches (with scores), releases, terms, stats. */
async function answersOf(engine: Engine): Promise<{ searches: unknown[]; scores: number[][]; rest: unknown }> {
  const answers: EngineAnswer[] = await Promise.all(SEARCHES.map((r) => engine.search(r)));
  const { releases, generation, builtAt, backend } = engine.stats();
  return {
    searches: answers.map(comparable),
    scores: answers.map((a) => a.hits.map((h) => h.score)),
    rest: {
      releases: await engine.releases(IDS),
      known: [...(await engine.terms.known(['gemcitabine', 'melanoma', 'gti2040', 'restated', 'xylophone']))].sort(),
      correct: await engine.terms.correct('gemcitabin'),
      suggest: await engine.terms.suggest('gti', 5),
      stats: { releases, generation, builtAt, backend },
    },
  };
}

function expectSameScores(actual: number[][], expected: number[][]): void {
  expect(actual.map((s) => s.length)).toEqual(expected.map((s) => s.length));
  actual.forEach((scores, i) => scores.forEach((s, j) => expect(Math.abs(s - expected[i]![j]!)).toBeLessThanOrEqual(1e-9 * Math.abs(expected[i]![j]!))));
}

export function describePersistence(ctx: ConformanceContext): void {
  describe('persistence', () => {
    const dirs: string[] = [];
    const newDir = () => {
      const dir = mkdtempSync(join(tmpdir(), 'engine-conformance-'));
      dirs.push(dir);
      return dir;
    };
    afterAll(() => {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    });

    it('a reopened engine gives the same answers as the one that committed', async () => {
      const dir = newDir();
      const first = await ctx.at(dir);
      await commitChanges(first, CORPUS);
      await commitChanges(first, [S2, S7], ['s3']);
      const before = await answersOf(first);
      await ctx.close(first);

      const again = await ctx.at(dir);
      const after = await answersOf(again);
      expect(after.searches).toEqual(before.searches);
      expect(after.rest).toEqual(before.rest);
      expectSameScores(after.scores, before.scores);
    });

    it('a reopened engine holds the last commit: updates and removals included', async () => {
      const dir = newDir();
      const first = await ctx.at(dir);
      await commitChanges(first, CORPUS);
      await commitChanges(first, [S2, S7], ['s3']);
      await ctx.close(first);

      const again = await ctx.at(dir);
      expect(again.stats().releases).toBe(6);
      expect(await again.releases(['s2', 's3', 's7'])).toEqual([S2, undefined, S7]);
      expect(await matchIds(again, q.term('melanoma'))).toEqual([]);
      expect(await matchIds(again, q.term('restated'))).toEqual(['s2']);
      expect(await matchIds(again, q.all('GTI-2040'))).toEqual(['s1', 's7']);
      expect(await again.terms.known(['melanoma', 'restated'])).toEqual(new Set(['restated']));
    });

    it('a reopened engine takes further commits, which survive the next reopen', async () => {
      const dir = newDir();
      const first = await ctx.at(dir);
      await commitChanges(first, CORPUS);
      const firstGeneration = first.stats().generation;
      await ctx.close(first);

      const second = await ctx.at(dir);
      expect(second.stats().generation).toBe(firstGeneration);
      await commitChanges(second, [S7], ['s1']);
      const secondGeneration = second.stats().generation;
      expect(secondGeneration).not.toBe(firstGeneration);
      await ctx.close(second);

      const third = await ctx.at(dir);
      expect(third.stats().generation).toBe(secondGeneration);
      expect(await matchIds(third, q.all('GTI 2040'))).toEqual(['s7']);
      expect(await matchIds(third, q.everything)).toEqual(['s2', 's3', 's4', 's5', 's6', 's7']);
    });

    it('a rebuild replaces what was on disk', async () => {
      const dir = newDir();
      const first = await ctx.at(dir);
      await commitChanges(first, CORPUS);
      await commitChanges(first, [S7], [], { rebuild: true });
      await ctx.close(first);

      const again = await ctx.at(dir);
      expect(await matchIds(again, q.everything)).toEqual(['s7']);
      expect(await again.releases(['s1', 's7'])).toEqual([undefined, S7]);
      expect(again.stats().releases).toBe(1);
    });
  });
}
