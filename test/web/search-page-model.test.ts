import { describe, expect, it } from 'vitest';
import type { SearchRequest, SearchResponse } from '../../src/search/search-types.js';
import { searchPageModel, YEARS_SHOWN } from '../../src/web/search-page-model.js';

const req = (over: Partial<SearchRequest> = {}): SearchRequest => ({ q: 'trial', page: 1, size: 10, sort: 'relevance', ...over });
const hit = (i: number) => ({ id: `r${i}`, title: `T${i}`, titleRuns: [{ text: `T${i}`, hit: false }], date: '2004-01-01', company: 'C', tickers: [], score: 1, snippetRuns: [], sources: [] });
function res(over: Partial<SearchResponse> & { n: number }): SearchResponse {
  const { n, ...rest } = over;
  return { query: 'trial', total: n, page: 1, size: 10, tookMs: 1, results: Array.from({ length: Math.min(n, 10) }, (_, i) => hit(i)), facets: { company: [], year: [], form: [] }, messages: [], ...rest };
}

describe('the results header', () => {
  it('says which releases of how many the page shows', () => {
    expect(searchPageModel(req({ page: 2 }), res({ n: 56, page: 2 })).countText).toBe('11–20 of 56 releases');
    expect(searchPageModel(req(), res({ n: 56 })).countText).toBe('1–10 of 56 releases');
    expect(searchPageModel(req({ page: 6 }), { ...res({ n: 56 }), results: [hit(1), hit(2), hit(3), hit(4), hit(5), hit(6)] }).countText).toBe('51–56 of 56 releases');
    expect(searchPageModel(req(), res({ n: 3 })).countText).toBe('3 releases');
    expect(searchPageModel(req(), res({ n: 1 })).countText).toBe('1 release');
    expect(searchPageModel(req(), res({ n: 0 })).countText).toBe('0 releases');
    expect(searchPageModel(req({ page: 2, size: 1000 }), res({ n: 12000 })).countText).toBe('1,001–1,010 of 12,000 releases');
  });

  it('says "about" when the total is an estimate', () => {
    expect(searchPageModel(req({ page: 2 }), res({ n: 4200, totalIsEstimate: true, pageable: 400 })).countText).toBe('11–20 of about 4,200 releases');
    expect(searchPageModel(req(), { ...res({ n: 4200, totalIsEstimate: true }), results: [] }).countText).toBe('about 4,200 releases');
  });
});

describe('the year facet', () => {
  const years = Array.from({ length: 15 }, (_, i) => ({ value: String(2010 - i), count: i + 1 }));

  it('lists every year: the newest shown, the rest under "more years", closed unless one of them is picked', () => {
    const [year] = searchPageModel(req(), res({ n: 56, facets: { company: [], year: years, form: [] } })).facets;
    expect(year!.links.map((l) => l.label)).toEqual(years.slice(0, YEARS_SHOWN).map((y) => `${y.value} (${y.count})`));
    expect(year!.more.map((l) => l.label)).toEqual(years.slice(YEARS_SHOWN).map((y) => `${y.value} (${y.count})`));
    expect(year!.moreLabel).toBe('5 more years');
    expect(year!.moreOpen).toBe(false);
    const picked = searchPageModel(req({ filters: { year: [1997] } }), res({ n: 56, facets: { company: [], year: years, form: [] } })).facets[0]!;
    expect(picked.moreOpen).toBe(true);
    expect(picked.more.find((l) => l.current)).toEqual({ label: '1997 (14)', href: '/search?q=trial', current: true });
  });

  it('a few years need no "more"', () => {
    const [year] = searchPageModel(req(), res({ n: 5, facets: { company: [], year: years.slice(0, 3), form: [] } })).facets;
    expect(year!.links).toHaveLength(3);
    expect(year!.more).toEqual([]);
  });
});
