import { describe, expect, it } from 'vitest';
import { nearestCodes, type CodeListing } from '../../src/search/code-index.js';
import { quarters } from '../../src/search/entity-pages.js';
import { quarterChart } from '../../src/web/quarter-chart.js';

const listing = (display: string, key: string, releases: number): CodeListing => ({ display, key, releases, issuers: [], latest: '' });

describe('quarters', () => {
  it('counts per quarter from the first to the last, empty quarters at 0, undated left out', () => {
    expect(quarters(['2004-02-17', '2004-01-12', '2004-07-01', '', '2005-01-31'])).toEqual([
      { quarter: '2004 Q1', count: 2 }, { quarter: '2004 Q2', count: 0 }, { quarter: '2004 Q3', count: 1 }, { quarter: '2004 Q4', count: 0 }, { quarter: '2005 Q1', count: 1 },
    ]);
    expect(quarters([''])).toEqual([]);
  });

  it('keeps at most the latest 120 quarters of a code named across centuries', () => {
    const q = quarters(['1901-01-01', '2004-01-01']);
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
});
