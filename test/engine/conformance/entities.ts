/**
 * Filters and facets over what releases name (`release.entities`, found at ingest by
 * analysis/entities.ts): codes by the analyzer's term, trial registry ids, canonical phases.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Release } from '../../../src/clean/release.js';
import type { Engine } from '../../../src/engine/engine.js';
import { withEntities } from '../../../src/analysis/entities.js';
import { commitChanges, engineWith, matchIds, q, release, search, type ConformanceContext } from './fixtures.js';

const named = (id: string, fields: Partial<Omit<Release, 'id'>>): Release => withEntities(release(id, fields));

// Every body says `study`. GTI-2040 is written three ways; two releases write `GTI-2040`, so that
// is the spelling its facet shows.
const CORPUS = [
  named('e1', { company: 'Lorus Therapeutics Inc.', date: '2003-06-01', title: 'GTI-2040 enters Phase II', body: 'The Phase II study of GTI-2040 in renal cell carcinoma (NCT00056173) began.' }),
  named('e2', { company: 'Lorus Therapeutics Inc.', date: '2004-01-10', title: 'Study results', body: 'Results of the GTI 2040 study. A Phase I/II trial of GTI-2501 is planned.' }),
  named('e3', { company: 'Lorus Therapeutics Inc.', date: '2004-03-03', title: 'GTI-2040 and NC 381', body: 'A new study of GTI-2040 and of NC381.' }),
  named('e4', { company: 'Alnylam Pharmaceuticals, Inc.', date: '2023-06-24', title: 'Zilebesiran study', body: 'The pivotal Phase 3 study (NCT05103332) of ALN-AGT01 and a Phase 2b study with EudraCT 2021-001234-56.' }),
  named('e5', { company: 'Axon Enterprise, Inc.', date: '2020-05-07', title: 'Quarterly results', body: 'No codes in this study; Form 8-K and ISO 9001 are not codes.' }),
];

export function describeEntityFilters(ctx: ConformanceContext): void {
  describe('code, trial and phase filters', () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await engineWith(ctx, CORPUS);
    });

    it('codes: by the analyzer term, whatever the spelling written; any of them', async () => {
      expect(await matchIds(engine, q.everything, { filters: { codes: ['gti2040'] } })).toEqual(['e1', 'e2', 'e3']);
      expect(await matchIds(engine, q.term('study'), { filters: { codes: ['nc381', 'gti2501'] } })).toEqual(['e2', 'e3']);
      expect(await matchIds(engine, q.everything, { filters: { codes: ['aln-agt01'.replace('-', '')] } })).toEqual(['e4']);
      expect(await matchIds(engine, q.everything, { filters: { codes: ['xyz999'] } })).toEqual([]);
      expect(await matchIds(engine, q.everything, { filters: { codes: [] } })).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
    });

    it('a code filter does not match a word that is only part of a code, nor a form name', async () => {
      expect(await matchIds(engine, q.everything, { filters: { codes: ['gti'] } })).toEqual([]);
      expect(await matchIds(engine, q.everything, { filters: { codes: ['8k'] } })).toEqual([]);
      expect(await matchIds(engine, q.everything, { filters: { codes: ['iso9001'] } })).toEqual([]);
    });

    it('trials: registry ids, case and spaces aside; any of them', async () => {
      expect(await matchIds(engine, q.everything, { filters: { trials: ['NCT00056173'] } })).toEqual(['e1']);
      expect(await matchIds(engine, q.everything, { filters: { trials: ['nct05103332', '2021-001234-56'] } })).toEqual(['e4']);
      expect(await matchIds(engine, q.everything, { filters: { trials: ['NCT 00056173'] } })).toEqual(['e1']);
      expect(await matchIds(engine, q.everything, { filters: { trials: ['NCT99999999'] } })).toEqual([]);
    });

    it('phases: canonical values, exact; any of them', async () => {
      expect(await matchIds(engine, q.everything, { filters: { phases: ['2'] } })).toEqual(['e1']);
      expect(await matchIds(engine, q.everything, { filters: { phases: ['1/2'] } })).toEqual(['e2']);
      expect(await matchIds(engine, q.everything, { filters: { phases: ['3', 'pivotal'] } })).toEqual(['e4']);
      expect(await matchIds(engine, q.everything, { filters: { phases: ['2b', '2'] } })).toEqual(['e1', 'e4']);
    });

    it('combine with each other, with other filters and with phrases', async () => {
      expect(await matchIds(engine, q.everything, { filters: { codes: ['gti2040'], phases: ['2'] } })).toEqual(['e1']);
      expect(await matchIds(engine, q.everything, { filters: { codes: ['gti2040'], fromDay: 20040101 } })).toEqual(['e2', 'e3']);
      expect(await matchIds(engine, q.phrase('new study'), { filters: { codes: ['gti2040'] } })).toEqual(['e3']);
      expect(await matchIds(engine, q.phrase('new study'), { filters: { codes: ['gti2501'] } })).toEqual([]);
    });

    it('follow changes: a release upserted without the code leaves the filter, a removed one too', async () => {
      const e = await engineWith(ctx, CORPUS);
      await commitChanges(e, [named('e3', { company: 'Lorus Therapeutics Inc.', date: '2004-03-03', title: 'NC 381 alone', body: 'A new study of NC381.' })], ['e2']);
      expect(await matchIds(e, q.everything, { filters: { codes: ['gti2040'] } })).toEqual(['e1']);
      expect(await matchIds(e, q.everything, { filters: { codes: ['nc381'] } })).toEqual(['e3']);
      const facets = (await search(e, q.everything, { facets: ['code'] })).facets.code;
      expect(facets?.get('GTI-2040')).toBe(1);
      expect(facets?.has('GTI-2501')).toBe(false);
    });
  });
}

export function describeEntityFacets(ctx: ConformanceContext): void {
  describe('code, trial and phase facets', () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await engineWith(ctx, CORPUS);
    });

    it('count releases per code (by the spelling most releases use), per trial id, per phase', async () => {
      const answer = await search(engine, q.everything, { limit: 1, facets: ['code', 'trial', 'phase'] });
      expect(answer.total).toBe(5);
      expect(answer.facets.code).toEqual(new Map([['GTI-2040', 3], ['GTI-2501', 1], ['NC 381', 1], ['ALN-AGT01', 1]]));
      expect(answer.facets.trial).toEqual(new Map([['NCT00056173', 1], ['NCT05103332', 1], ['2021-001234-56', 1]]));
      expect(answer.facets.phase).toEqual(new Map([['2', 1], ['1/2', 1], ['3', 1], ['pivotal', 1], ['2b', 1]]));
    });

    it('over the matches only, filters and phrases included; none when nothing names one', async () => {
      const gti = await search(engine, q.term('study'), { filters: { codes: ['gti2040'] }, facets: ['code', 'phase'] });
      expect(gti.facets.code).toEqual(new Map([['GTI-2040', 3], ['GTI-2501', 1], ['NC 381', 1]]));
      expect(gti.facets.phase).toEqual(new Map([['2', 1], ['1/2', 1]]));
      const phrase = await search(engine, q.phrase('new study'), { facets: ['code', 'trial'] });
      expect(phrase.facets.code).toEqual(new Map([['GTI-2040', 1], ['NC 381', 1]]));
      expect(phrase.facets.trial ?? new Map()).toEqual(new Map());
      const axon = await search(engine, q.term('codes'), { facets: ['code', 'trial', 'phase'] });
      expect(axon.total).toBe(1);
      expect(axon.facets.code ?? new Map()).toEqual(new Map());
      expect(axon.facets.phase ?? new Map()).toEqual(new Map());
    });

    it('only the facets asked for are answered', async () => {
      const answer = await search(engine, q.everything, { facets: ['company'] });
      expect(answer.facets.code).toBeUndefined();
      expect(answer.facets.trial).toBeUndefined();
    });
  });
}
