/** Filters (companies, tickers, day range, ids, CIKs, forms) and facet counts over all matches. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.js';
import { engineWith, matchIds, q, release, search, type ConformanceContext } from './fixtures.js';

// Every body says `oncology`, so a term query and `all` match the same seven releases.
const CORPUS = [
  release('f1', { company: 'Lorus Therapeutics Inc.', tickers: ['TSX:LOR'], date: '2003-06-01', title: 'Lorus news', body: 'An oncology update.' }),
  release('f2', { company: 'LORUS PHARMA LTD', tickers: ['AMEX:LOR'], date: '2003-12-31', title: 'Pharma news', body: 'Oncology sales rose.' }),
  release('f3', { company: 'Genta Incorporated', tickers: ['NASDAQ:GNTA'], date: '2004-01-01', title: 'Genta news', body: 'Genta oncology trial.' }),
  release('f4', { company: 'Theratech Lorus Holdings', tickers: ['NASDAQ:LORX'], date: '2004-07-15', title: 'Holding news', body: 'Oncology assets bought.' }),
  release('f5', { company: 'Florus Therapeutics', tickers: ['TSX:FLO'], date: '', title: 'Undated news', body: 'Oncology without a date.' }),
  release('f6', { company: '', tickers: [], date: '2002-03-03', title: 'Anonymous news', body: 'Oncology from nobody.' }),
  release('f7', { company: 'Genta Incorporated', tickers: ['NASDAQ:GNTA', 'TSX:GNT'], date: '2004-03-03', title: 'Genta again', body: 'More oncology.' }),
];

// Sources with their filing's identity (Source in clean/release.ts), as the SEC header gives it.
const filed = (cik: string, form: string, accession: string) => ({ file: `edgar/${cik}/${accession}.txt`, part: 'EX-99.1', cik, form, accession });
const FILED = [
  release('g1', { company: 'Apple Computer, Inc.', date: '1996-12-20', title: 'Apple to acquire NeXT', body: 'Quarterly results.', sources: [filed('320193', '8-K', '0000320193-96-000027')] }),
  release('g2', { company: 'Apple Inc.', date: '2019-03-04', title: 'Apple results', body: 'Quarterly results.', sources: [filed('320193', '8-K/A', '0000320193-19-000032')] }),
  release('g3', { company: 'Koninklijke Philips N.V.', date: '2024-01-29', title: 'Philips results', body: 'Quarterly results.', sources: [filed('313216', '6-K', '0000313216-24-000010')] }),
  // one release filed twice, under two forms (merged copies): counted once per form
  release('g4', { company: 'Southern Co', date: '2005-01-25', title: 'Southern results', body: 'Quarterly results.', sources: [filed('92122', '8-K', '0000092122-05-000042'), filed('92122', '8-K/A', '0000092122-05-000050')] }),
  // no identity (a CSV export): passes no CIK or form filter, counted in no CIK or form facet
  release('g5', { company: 'Axon Enterprise, Inc.', date: '2020-05-07', title: 'Axon results', body: 'Quarterly results.' }),
];

function describeIdentityFilters(ctx: ConformanceContext): void {
  describe('CIK and form filters', () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await engineWith(ctx, FILED);
    });

    it('ciks: any of them; leading zeros aside; a release without a CIK fails', async () => {
      expect(await matchIds(engine, q.everything, { filters: { ciks: ['320193'] } })).toEqual(['g1', 'g2']);
      expect(await matchIds(engine, q.everything, { filters: { ciks: ['0000320193'] } })).toEqual(['g1', 'g2']);
      expect(await matchIds(engine, q.term('results'), { filters: { ciks: ['313216', '92122'] } })).toEqual(['g3', 'g4']);
      expect(await matchIds(engine, q.everything, { filters: { ciks: ['999'] } })).toEqual([]);
      expect(await matchIds(engine, q.everything, { filters: { ciks: [] } })).toEqual(['g1', 'g2', 'g3', 'g4', 'g5']);
    });

    it('forms: any of them, exact (8-K is not 8-K/A), any case, any of a release\'s sources', async () => {
      expect(await matchIds(engine, q.everything, { filters: { forms: ['8-K'] } })).toEqual(['g1', 'g4']);
      expect(await matchIds(engine, q.everything, { filters: { forms: ['8-k/a'] } })).toEqual(['g2', 'g4']);
      expect(await matchIds(engine, q.everything, { filters: { forms: ['6-K', '8-K'] } })).toEqual(['g1', 'g3', 'g4']);
      expect(await matchIds(engine, q.everything, { filters: { forms: ['10-K'] } })).toEqual([]);
    });

    it('with the other filters and queries: every field given must hold', async () => {
      expect(await matchIds(engine, q.everything, { filters: { ciks: ['320193'], forms: ['8-K'] } })).toEqual(['g1']);
      expect(await matchIds(engine, q.term('apple'), { filters: { ciks: ['320193'], fromDay: 20000101 } })).toEqual(['g2']);
      expect(await matchIds(engine, q.phrase('philips results'), { filters: { forms: ['6-K'] } })).toEqual(['g3']);
      expect(await matchIds(engine, q.phrase('philips results'), { filters: { forms: ['8-K'] } })).toEqual([]);
    });
  });
}

function describeIdentityFacets(ctx: ConformanceContext): void {
  describe('CIK and form facets', () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await engineWith(ctx, FILED);
    });

    it('count releases per CIK and per form (a release once for each of its forms), those without left out', async () => {
      const answer = await search(engine, q.everything, { limit: 1, facets: ['cik', 'form'] });
      expect(answer.total).toBe(5);
      expect(answer.facets.cik).toEqual(new Map([['320193', 2], ['313216', 1], ['92122', 1]]));
      expect(answer.facets.form).toEqual(new Map([['8-K', 2], ['8-K/A', 2], ['6-K', 1]]));
    });

    it('count only the matches, and over a phrase its verified matches', async () => {
      const apple = await search(engine, q.everything, { filters: { ciks: ['320193'] }, facets: ['cik', 'form', 'company'] });
      expect(apple.facets.cik).toEqual(new Map([['320193', 2]]));
      expect(apple.facets.form).toEqual(new Map([['8-K', 1], ['8-K/A', 1]]));
      expect(apple.facets.company).toEqual(new Map([['Apple Computer, Inc.', 1], ['Apple Inc.', 1]]));
      const phrase = await search(engine, q.phrase('southern results'), { facets: ['cik', 'form'] });
      expect(phrase.facets.cik).toEqual(new Map([['92122', 1]]));
      expect(phrase.facets.form).toEqual(new Map([['8-K', 1], ['8-K/A', 1]]));
      const none = await search(engine, q.term('axon'), { facets: ['cik', 'form'] });
      expect(none.total).toBe(1);
      expect(none.facets.cik ?? new Map()).toEqual(new Map());
      expect(none.facets.form ?? new Map()).toEqual(new Map());
    });

    it('count one entry per issuer: by CIK where known (however the name is spelt), else by company name', async () => {
      const answer = await search(engine, q.everything, { limit: 1, facets: ['issuer'] });
      expect(answer.facets.issuer).toEqual(
        new Map([
          ['cik:320193', 2],
          ['cik:313216', 1],
          ['cik:92122', 1],
          ['name:Axon Enterprise, Inc.', 1],
        ]),
      );
      const results = await search(engine, q.term('results'), { filters: { forms: ['8-K/A'] }, facets: ['issuer'] });
      expect(results.facets.issuer).toEqual(new Map([['cik:320193', 1], ['cik:92122', 1]]));
      const phrase = await search(engine, q.phrase('axon results'), { facets: ['issuer'] });
      expect(phrase.facets.issuer).toEqual(new Map([['name:Axon Enterprise, Inc.', 1]]));
    });
  });
}

export function describeFilters(ctx: ConformanceContext): void {
  describeIdentityFilters(ctx);
  describe('filters', () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await engineWith(ctx, CORPUS);
    });

    it('an empty filter keeps everything', async () => {
      expect(await matchIds(engine, q.everything, { filters: {} })).toEqual(['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7']);
      expect(await matchIds(engine, q.term('oncology'), { filters: {} })).toEqual(['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7']);
    });

    it('companies: each word must start a word of the name, in any order, any case in the name', async () => {
      expect(await matchIds(engine, q.everything, { filters: { companies: [['lorus']] } })).toEqual(['f1', 'f2', 'f4']);
      expect(await matchIds(engine, q.everything, { filters: { companies: [['lorus', 'ther']] } })).toEqual(['f1', 'f4']);
      expect(await matchIds(engine, q.everything, { filters: { companies: [['ther', 'lorus']] } })).toEqual(['f1', 'f4']);
      expect(await matchIds(engine, q.everything, { filters: { companies: [['orus']] } })).toEqual([]);
      expect(await matchIds(engine, q.everything, { filters: { companies: [['lorus', 'genta']] } })).toEqual([]);
      expect(await matchIds(engine, q.term('oncology'), { filters: { companies: [['lor', 'pharma']] } })).toEqual(['f2']);
    });

    it('companies: several lists keep a release matching any of them', async () => {
      expect(await matchIds(engine, q.everything, { filters: { companies: [['lorus', 'ther'], ['genta']] } })).toEqual(['f1', 'f3', 'f4', 'f7']);
      expect(await matchIds(engine, q.everything, { filters: { companies: [['florus'], ['pharma']] } })).toEqual(['f2', 'f5']);
    });

    it('tickers: a symbol matches on any exchange, exchange and symbol only there; whole symbols only', async () => {
      expect(await matchIds(engine, q.everything, { filters: { tickers: ['LOR'] } })).toEqual(['f1', 'f2']);
      expect(await matchIds(engine, q.everything, { filters: { tickers: ['TSX:LOR'] } })).toEqual(['f1']);
      expect(await matchIds(engine, q.everything, { filters: { tickers: ['NYSE:LOR'] } })).toEqual([]);
      expect(await matchIds(engine, q.everything, { filters: { tickers: ['LORX'] } })).toEqual(['f4']);
      expect(await matchIds(engine, q.everything, { filters: { tickers: ['GNT'] } })).toEqual(['f7']);
    });

    it('tickers: several keep a release with any of them', async () => {
      expect(await matchIds(engine, q.everything, { filters: { tickers: ['TSX:LOR', 'GNTA'] } })).toEqual(['f1', 'f3', 'f7']);
      expect(await matchIds(engine, q.term('oncology'), { filters: { tickers: ['FLO', 'AMEX:LOR'] } })).toEqual(['f2', 'f5']);
    });

    it('days: inclusive bounds on YYYYMMDD; an undated release fails any bound', async () => {
      expect(await matchIds(engine, q.everything, { filters: { fromDay: 20031231 } })).toEqual(['f2', 'f3', 'f4', 'f7']);
      expect(await matchIds(engine, q.everything, { filters: { toDay: 20031231 } })).toEqual(['f1', 'f2', 'f6']);
      expect(await matchIds(engine, q.everything, { filters: { fromDay: 20030601, toDay: 20031231 } })).toEqual(['f1', 'f2']);
      expect(await matchIds(engine, q.everything, { filters: { fromDay: 20040101, toDay: 20040101 } })).toEqual(['f3']);
      expect(await matchIds(engine, q.everything, { filters: { fromDay: 20040102, toDay: 20040302 } })).toEqual([]);
      expect(await matchIds(engine, q.everything, { filters: { fromDay: 10000101 } })).toEqual(['f1', 'f2', 'f3', 'f4', 'f6', 'f7']);
      expect(await matchIds(engine, q.term('oncology'), { filters: { toDay: 99991231 } })).toEqual(['f1', 'f2', 'f3', 'f4', 'f6', 'f7']);
    });

    it('ids: only those releases, unknown ids ignored', async () => {
      expect(await matchIds(engine, q.everything, { filters: { ids: ['f3', 'f1', 'nope'] } })).toEqual(['f1', 'f3']);
      expect(await matchIds(engine, q.term('genta'), { filters: { ids: ['f1', 'f3', 'f5'] } })).toEqual(['f3']);
      expect(await matchIds(engine, q.everything, { filters: { ids: [] } })).toEqual([]);
    });

    it('every field given must hold', async () => {
      expect(await matchIds(engine, q.everything, { filters: { companies: [['lorus']], fromDay: 20031201 } })).toEqual(['f2', 'f4']);
      expect(await matchIds(engine, q.everything, { filters: { companies: [['genta']], tickers: ['TSX:GNT'] } })).toEqual(['f7']);
      expect(await matchIds(engine, q.everything, { filters: { tickers: ['LOR'], toDay: 20031130 } })).toEqual(['f1']);
      expect(await matchIds(engine, q.everything, { filters: { ids: ['f1', 'f2', 'f3'], companies: [['lorus']], tickers: ['AMEX:LOR'] } })).toEqual(['f2']);
    });

    it('filters apply to every kind of query', async () => {
      const filters = { companies: [['genta']] };
      expect(await matchIds(engine, q.or(q.term('assets'), q.term('trial')), { filters })).toEqual(['f3']);
      expect(await matchIds(engine, q.not(q.term('oncology'), q.term('trial')), { filters })).toEqual(['f7']);
      expect(await matchIds(engine, q.phrase('more oncology'), { filters })).toEqual(['f7']);
      expect(await matchIds(engine, q.prefix('onco'), { filters: { tickers: ['LOR'] } })).toEqual(['f1', 'f2']);
    });
  });
}

export function describeFacets(ctx: ConformanceContext): void {
  describeIdentityFacets(ctx);
  describe('facets', () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await engineWith(ctx, CORPUS);
    });

    const everyCompany = new Map([
      ['Lorus Therapeutics Inc.', 1],
      ['LORUS PHARMA LTD', 1],
      ['Genta Incorporated', 2],
      ['Theratech Lorus Holdings', 1],
      ['Florus Therapeutics', 1],
    ]);
    const everyYear = new Map([
      ['2002', 1],
      ['2003', 2],
      ['2004', 3],
    ]);

    it('counts companies and years over every match, not only the page; no value left out', async () => {
      const answer = await search(engine, q.term('oncology'), { limit: 1, facets: ['company', 'year'] });
      expect(answer.total).toBe(7);
      expect(answer.hits.length).toBe(1);
      expect(answer.facets.company).toEqual(everyCompany);
      expect(answer.facets.year).toEqual(everyYear);
    });

    it('counts the same on any page, past the end and for limit 0', async () => {
      for (const [offset, limit] of [[3, 2], [50, 10], [0, 0]] as const) {
        const answer = await search(engine, q.everything, { offset, limit, facets: ['company', 'year'] });
        expect(answer.total).toBe(7);
        expect(answer.facets.company).toEqual(everyCompany);
        expect(answer.facets.year).toEqual(everyYear);
      }
    });

    it('counts only the matches of the query and filters', async () => {
      const genta = await search(engine, q.everything, { filters: { companies: [['genta']] }, facets: ['company', 'year'] });
      expect(genta.facets.company).toEqual(new Map([['Genta Incorporated', 2]]));
      expect(genta.facets.year).toEqual(new Map([['2004', 2]]));
      const sales = await search(engine, q.or(q.term('sales'), q.term('nobody'), q.term('date')), { facets: ['company', 'year'] });
      expect(sales.facets.company).toEqual(new Map([['LORUS PHARMA LTD', 1], ['Florus Therapeutics', 1]]));
      expect(sales.facets.year).toEqual(new Map([['2003', 1], ['2002', 1]]));
    });

    it('counts a phrase over its verified matches', async () => {
      const answer = await search(engine, q.phrase('oncology update'), { facets: ['company', 'year'] });
      expect(answer.hits.map((h) => h.id)).toEqual(['f1']);
      expect(answer.facets.company).toEqual(new Map([['Lorus Therapeutics Inc.', 1]]));
      expect(answer.facets.year).toEqual(new Map([['2003', 1]]));
    });

    it('counts one facet when only it is asked for', async () => {
      const years = await search(engine, q.everything, { facets: ['year'] });
      expect(years.facets.year).toEqual(everyYear);
      const companies = await search(engine, q.term('genta'), { facets: ['company'] });
      expect(companies.facets.company).toEqual(new Map([['Genta Incorporated', 2]]));
    });

    it('counts releases per quarter of their date (`2004-Q1`), undated ones left out, over every match and with filters', async () => {
      const all = await search(engine, q.everything, { limit: 1, facets: ['quarter'] });
      expect(all.facets.quarter).toEqual(new Map([['2002-Q1', 1], ['2003-Q2', 1], ['2003-Q4', 1], ['2004-Q1', 2], ['2004-Q3', 1]]));
      const genta = await search(engine, q.everything, { offset: 5, filters: { companies: [['genta']] }, facets: ['quarter'] });
      expect(genta.facets.quarter).toEqual(new Map([['2004-Q1', 2]]));
      const phrase = await search(engine, q.phrase('oncology update'), { facets: ['quarter'] });
      expect(phrase.facets.quarter).toEqual(new Map([['2003-Q2', 1]]));
      expect((await search(engine, q.everything, { facets: ['year'] })).facets.quarter).toBeUndefined();
    });

    it('counts nothing when nothing matches', async () => {
      const answer = await search(engine, q.term('xylophone'), { facets: ['company', 'year'] });
      expect(answer.total).toBe(0);
      expect(answer.facets.company ?? new Map()).toEqual(new Map());
      expect(answer.facets.year ?? new Map()).toEqual(new Map());
    });
  });
}
