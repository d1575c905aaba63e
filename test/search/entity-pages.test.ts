import { describe, expect, it } from 'vitest';
import { nearestCodes, type CodeListing } from '../../src/search/code-index.js';
import { withEntities } from '../../src/analysis/entities.js';
import type { Release } from '../../src/clean/release.js';
import { MemoryEngine } from '../../src/engine/memory/memory-engine.js';
import { codePage, MAX_OFFSET, nextOffset, quarterSeries, TIMELINE_SIZE } from '../../src/search/entity-pages.js';
import { quarterChart } from '../../src/web/quarter-chart.js';

const listing = (display: string, key: string, releases: number): CodeListing => ({ display, key, releases, issuers: [], latest: '' });

describe('quarterSeries', () => {
  it('lists the quarter facet from the first quarter to the last, empty quarters at 0', () => {
    expect(quarterSeries(new Map([['2005-Q1', 1], ['2004-Q3', 1], ['2004-Q1', 2]]))).toEqual([
      { quarter: '2004 Q1', count: 2 }, { quarter: '2004 Q2', count: 0 }, { quarter: '2004 Q3', count: 1 }, { quarter: '2004 Q4', count: 0 }, { quarter: '2005 Q1', count: 1 },
    ]);
    expect(quarterSeries(new Map())).toEqual([]);
    expect(quarterSeries(new Map([['2004', 3], ['2004-Q5', 1]]))).toEqual([]);
  });

  it('keeps at most the latest 120 quarters of a code named across centuries', () => {
    const q = quarterSeries(new Map([['1901-Q1', 1], ['2004-Q1', 1]]));
    expect(q).toHaveLength(120);
    expect(q.at(-1)).toEqual({ quarter: '2004 Q1', count: 1 });
  });
});

describe('nearestCodes', () => {
  const known = [listing('GTI-2040', 'gti2040', 3), listing('GTI-2501', 'gti2501', 2), listing('NC 381', 'nc381', 2), listing('X26P', 'x26p', 59)];
  it('closest first, the same letters before others, nothing far away', () => {
    expect(nearestCodes('gti2041', known).map((c) => c.display)).toEqual(['GTI-2040', 'GTI-2501']);
    expect(nearestCodes('nc382', known).map((c) => c.display)[0]).toBe('NC 381');
    expect(nearestCodes('zzzzzz999999', known)).toEqual([]);
    expect(nearestCodes('a'.repeat(500), known)).toEqual([]);
  });
});

describe('quarterChart', () => {
  it('is an SVG with a title, a description and one bar per quarter, labels escaped, no style or script', () => {
    const svg = quarterChart([{ quarter: '2004 Q1', count: 3 }, { quarter: '2004 Q2', count: 0 }, { quarter: '2004 Q3', count: 1 }], '<b>X&Y</b>');
    expect(svg).toMatch(/^<svg class="chart" role="img" aria-labelledby="chart-title chart-desc"/);
    expect(svg).toContain('<title id="chart-title">Releases naming &lt;b&gt;X&amp;Y&lt;/b&gt; per quarter</title>');
    expect(svg).toContain('<desc id="chart-desc">4 releases from 2004 Q1 to 2004 Q3; most in 2004 Q1 (3).</desc>');
    expect((svg.match(/<rect class="bar"/g) ?? []).length).toBe(3);
    expect(svg).not.toMatch(/style=|<script|<b>/);
    expect(quarterChart([], 'x')).toBe('');
  });

  it('narrows its bars to fit many quarters, and labels every fifth year where years are too narrow for a label', () => {
    const series = Array.from({ length: 120 }, (_, i) => ({ quarter: `${1980 + Math.floor(i / 4)} Q${(i % 4) + 1}`, count: i % 7 }));
    const svg = quarterChart(series, 'X2');
    expect(Number(/width="(\d+)"/.exec(svg)![1])).toBeLessThanOrEqual(760);
    expect((svg.match(/<rect class="bar"/g) ?? []).length).toBe(120);
    expect([...svg.matchAll(/<text class="axis"[^>]*>(\d{4})</g)].map((m) => m[1])).toEqual(['1980', '1985', '1990', '1995', '2000', '2005']);
  });
});

// 61 releases naming ABC-123: one a month from 2001-01 (the 5th, 10th, … undated), and one that does not
const monthly = (i: number): Release => {
  const date = i % 5 === 4 ? '' : `${2001 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-15`;
  return withEntities({ id: `abc${String(i).padStart(13, '0')}`, title: `Update ${i} on ABC-123`, subtitle: '', date, place: '', company: i % 2 ? 'Odd Pharma Inc.' : 'Even Bio Inc.', tickers: [], body: `The Phase 2 study of ABC-123 with XYZ-9${i % 3} continues.`, sources: [{ file: `m/${i}.txt`, part: '1' }], removed: [] });
};

describe('codePage', () => {
  const releases = [...Array.from({ length: 61 }, (_, i) => monthly(i)), withEntities({ ...monthly(99), id: 'other0000000001', title: 'Other', body: 'The QQQ-777 study.' })];
  const engine = MemoryEngine.fromReleases(releases);
  const dated = releases.filter((r) => r.date && r.body.includes('ABC-123')).map((r) => r.date).sort();

  it('lists the timeline a page at a time, every release once across the pages, in the order asked', async () => {
    for (const newestFirst of [true, false]) {
      const seen: string[] = [];
      let offset: number | undefined = 0;
      while (offset !== undefined) {
        const page = (await codePage(engine, 'abc123', { newestFirst, offset }))!;
        expect(page.total).toBe(61);
        expect(page.entries.length).toBeLessThanOrEqual(TIMELINE_SIZE);
        expect(page.truncated).toBe(true);
        seen.push(...page.entries.map((e) => e.id));
        offset = nextOffset(page);
      }
      expect(new Set(seen).size).toBe(61);
      const days = seen.map((id) => releases.find((r) => r.id === id)!.date).filter(Boolean);
      expect(days).toEqual(newestFirst ? [...dated].reverse() : dated);
    }
    expect((await codePage(engine, 'abc123', { offset: 60 }))!.entries).toHaveLength(1);
    expect((await codePage(engine, 'abc123', { offset: MAX_OFFSET * 10 }))!.offset).toBe(MAX_OFFSET);
  });

  it('counts every release per quarter, gives the first and latest dated one, and the issuers and codes of all, whatever the page', async () => {
    for (const offset of [0, 50]) {
      const page = (await codePage(engine, 'abc123', { offset }))!;
      expect(page.perQuarter.reduce((n, q) => n + q.count, 0)).toBe(dated.length);
      expect(page.perQuarter[0]).toEqual({ quarter: '2001 Q1', count: 3 });
      // 2001-05 is undated (the fifth release): two in 2001 Q2
      expect(page.perQuarter[1]).toEqual({ quarter: '2001 Q2', count: 2 });
      expect(page.perQuarter.at(-1)!.quarter).toBe('2006 Q1');
      expect(page.first!.date).toBe(dated[0]);
      expect(page.latest!.date).toBe(dated.at(-1));
      expect(page.issuers).toEqual([{ value: 'Even Bio Inc.', count: 31 }, { value: 'Odd Pharma Inc.', count: 30 }]);
      expect(page.coCodes.map((c) => c.value).sort()).toEqual(['XYZ-90', 'XYZ-91', 'XYZ-92']);
      expect(page.coCodes.reduce((n, c) => n + c.count, 0)).toBe(61);
    }
    expect(await codePage(engine, 'zzz999')).toBeUndefined();
  });
});
