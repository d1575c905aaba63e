/** The term dictionary: which terms are indexed, corrections of misspellings, completions. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.js';
import { queryTerms } from '../../../src/analysis/terms.js';
import { commitChanges, engineWith, release, type ConformanceContext } from './fixtures.js';

// Words starting `gem`: gemcitabine in three releases, gemini in one. Written in lower case, so
// the written form and the indexed form are the same word.
const CORPUS = [
  release('d1', { title: 'gemcitabine trial', body: 'patients took gemcitabine daily.' }),
  release('d2', { title: 'weekly update', body: 'gemcitabine doses were raised.' }),
  release('d3', { title: 'combination study', body: 'gemcitabine with cisplatin.' }),
  release('d4', { title: 'gemini project', body: 'the gemini satellite launched.' }),
  release('d5', { title: 'GTI-2040 enters Phase II', body: 'Lorus said GTI-2040 is an antisense drug.' }),
];

export function describeDictionary(ctx: ConformanceContext): void {
  describe('term dictionary', () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await engineWith(ctx, CORPUS);
    });

    it('knows which of the terms asked some release holds', async () => {
      const asked = [...queryTerms('gemcitabine gemini GTI-2040 cisplatin'), 'xylophone', 'gti2041'];
      expect(await engine.terms.known(asked)).toEqual(new Set(['gemcitabine', 'gemini', 'gti2040', 'cisplatin']));
      expect(await engine.terms.known(['xylophone'])).toEqual(new Set());
      expect(await engine.terms.known([])).toEqual(new Set());
    });

    it('corrects a misspelt word to the closest indexed one, with how many releases hold it', async () => {
      expect(await engine.terms.correct('gemcitabin')).toEqual({ term: 'gemcitabine', releases: 3 });
      expect(await engine.terms.correct('gemcitibine')).toEqual({ term: 'gemcitabine', releases: 3 });
      expect(await engine.terms.correct('cisplatn')).toEqual({ term: 'cisplatin', releases: 1 });
      expect(await engine.terms.correct('geminy')).toEqual({ term: 'gemini', releases: 1 });
    });

    it('corrects nothing far from every word, and never a code', async () => {
      expect(await engine.terms.correct('zzzzqqqq')).toBeUndefined();
      expect(await engine.terms.correct('gti2041')).toBeUndefined();
    });

    it('suggests completions of a prefix, most used first, at most as many as asked', async () => {
      expect(await engine.terms.suggest('gem', 10)).toEqual(['gemcitabine', 'gemini']);
      expect(await engine.terms.suggest('gem', 1)).toEqual(['gemcitabine']);
      expect(await engine.terms.suggest('gemi', 10)).toEqual(['gemini']);
      expect(await engine.terms.suggest('qqq', 10)).toEqual([]);
    });

    it('suggests a code as it is written in the releases', async () => {
      const shown = await engine.terms.suggest('gti', 10);
      expect(shown).toContain('GTI-2040');
      expect(shown).not.toContain('gti2040');
      expect(shown.filter((s) => s.toLowerCase().replace(/[^a-z0-9]/g, '') === 'gti2040')).toEqual(['GTI-2040']);
    });

    it('follows commits: a removed word is no longer known, corrected to or suggested', async () => {
      const changing = await engineWith(ctx, CORPUS);
      await commitChanges(changing, [release('d4', { title: 'satellite project', body: 'the satellite launched.' })], ['d3']);
      expect(await changing.terms.known(['gemini', 'satellite', 'cisplatin'])).toEqual(new Set(['satellite']));
      expect(await changing.terms.suggest('gem', 10)).toEqual(['gemcitabine']);
      expect(await changing.terms.correct('gemcitabin')).toEqual({ term: 'gemcitabine', releases: 2 });
      expect(await changing.terms.correct('geminy')).toBeUndefined();
    });
  });
}
