import { describe, expect, it } from 'vitest';
import { search } from '../../src/search/search.js';
import { renderRuns } from '../../src/web/render-runs.js';
import type { SearchRequest } from '../../src/search/search-types.js';
import { seedIndex } from '../support/seed-index.js';

const { engine } = seedIndex();
const run = (q: string, more: Partial<SearchRequest> = {}) => search(engine, { q, page: 1, size: 10, sort: 'relevance', ...more });
const titles = async (q: string, more: Partial<SearchRequest> = {}) => (await run(q, more)).results.map((r) => r.title);
const ids = async (q: string) => (await run(q)).results.map((r) => r.id);

describe('search on the seed releases', () => {
  it('finds the three GTI-2040 releases, the two about it first, with every occurrence marked', async () => {
    const out = (await run('GTI-2040'));
    expect(out.total).toBe(3);
    expect(out.results.slice(0, 2).map((r) => r.title).join(' | ')).toMatch(/GTI-2040.*\|.*GTI-2040/);
    for (const r of out.results) {
      expect(renderRuns(r.snippetRuns)).toContain('<mark>GTI-2040</mark>');
      expect(renderRuns(r.snippetRuns).replace(/<mark>GTI-2040<\/mark>/g, '')).not.toMatch(/GTI-2040/);
      expect(renderRuns(r.snippetRuns).replace(/<\/?mark>/g, '').length).toBeGreaterThanOrEqual(150);
      expect(renderRuns(r.snippetRuns).replace(/<\/?mark>/g, '').length).toBeLessThanOrEqual(320);
    }
  });

  it('gives the same results in the same order for every spelling of a code', async () => {
    expect((await ids('GTI 2040'))).toEqual((await ids('GTI-2040')));
    expect((await ids('gti2040'))).toEqual((await ids('GTI-2040')));
    expect((await ids('NC381'))).toEqual((await ids('NC 381')));
    expect((await ids('NC 381')).length).toBeGreaterThan(0);
    expect((await ids('Virulizin®'))).toEqual((await ids('Virulizin(R)')));
    // typed in lower case with a space: the code, since the index holds it
    expect((await ids('gti 2040'))).toEqual((await ids('GTI-2040')));
    expect((await ids('nc 381'))).toEqual((await ids('NC 381')));
    expect((await ids('"results of gti 2040"'))).toEqual((await ids('"results of GTI-2040"')));
  });

  it('never matches a code that differs in a digit, nor corrects one', async () => {
    expect((await run('GTI-2041')).total).toBe(0);
    expect((await run('GTI-2041')).didYouMean).toBeUndefined();
    expect((await run('NC 382')).total).toBe(0);
  });

  it('requires every word (AND), and OR widens', async () => {
    const both = (await run('GTI-2040 gemcitabine')).total;
    expect(both).toBeLessThan((await run('GTI-2040')).total);
    expect((await run('antisense OR clotrimazole')).total).toBeGreaterThanOrEqual(Math.max((await run('antisense')).total, (await run('clotrimazole')).total));
  });

  it('checks phrases against the text, not just both words anywhere', async () => {
    const phrase = (await run('"renal cell"'));
    expect(phrase.total).toBeGreaterThan(0);
    for (const r of phrase.results) expect(renderRuns(r.snippetRuns)).toMatch(/<mark>renal cell<\/mark>/i);
    expect((await run('"cell renal"')).total).toBe(0);
  });

  it('excludes with a minus', async () => {
    const without = (await titles('GTI-2040 -gemcitabine'));
    expect(without).toHaveLength(2);
    for (const t of without) expect(t).not.toMatch(/GEMCITABINE/);
  });

  it('expands a prefix of 3 letters or more', async () => {
    expect((await run('clotrim*')).total).toBeGreaterThan(0);
    expect(renderRuns((await run('clotrim*')).results[0]!.snippetRuns)).toMatch(/<mark>clotrimazole<\/mark>/i);
  });

  it('corrects a misspelt word that finds nothing, and says so', async () => {
    const out = (await run('gemcitibine'));
    expect(out.didYouMean).toBe('gemcitabine');
    expect(out.total).toBeGreaterThan(0);
    expect(renderRuns(out.results[0]!.snippetRuns)).toMatch(/<mark>gemcitabine<\/mark>/i);
  });

  it('filters by company, ticker and dates, and counts facets by company and year', async () => {
    const all = (await run('Lorus'));
    expect(all.facets.year).toEqual(expect.arrayContaining([{ value: '2003', count: expect.any(Number) }, { value: '2004', count: expect.any(Number) }]));
    expect(all.facets.company[0]).toEqual({ value: 'Lorus Therapeutics Inc.', count: all.total });
    const y2004 = (await run('Lorus year:2004'));
    expect(y2004.total).toBe(all.facets.year.find((f) => f.value === '2004')!.count);
    for (const r of y2004.results) expect(r.date.startsWith('2004')).toBe(true);
    expect((await run('Lorus', { filters: { from: '2004-01-01', to: '2004-01-31' } })).results.every((r) => r.date >= '2004-01-01' && r.date <= '2004-01-31')).toBe(true);
    expect((await run('Lorus company:apple')).total).toBe(0);
    expect((await run('Lorus ticker:LOR')).total).toBe(all.total);
  });

  it('sorts by date both ways', async () => {
    const newest = (await run('Lorus', { sort: 'date', size: 50 })).results.map((r) => r.date);
    expect(newest).toEqual([...newest].sort().reverse());
    const oldest = (await run('Lorus', { sort: 'date-asc', size: 50 })).results.map((r) => r.date);
    expect(oldest).toEqual([...oldest].sort());
  });

  it('pages through results without overlap', async () => {
    const p1 = (await run('Lorus', { size: 3 })).results.map((r) => r.id);
    const p2 = (await run('Lorus', { size: 3, page: 2 })).results.map((r) => r.id);
    expect(p1).toHaveLength(3);
    expect(p2.filter((id) => p1.includes(id))).toEqual([]);
  });

  it('ranks a title match above a body mention', async () => {
    expect((await run('siRNA')).results[0]!.title).toMatch(/siRNA/);
  });

  it('answers malformed queries with results or a message, never an exception', async () => {
    for (const q of ['"unbalanced', '-', '*', 'OR', 'company:', '%$#@!'.repeat(100), '-gemcitabine']) {
      const out = (await run(q));
      expect(out.total + out.messages.length, q).toBeGreaterThan(0);
    }
  });

  it('marks a phrase where it stands, not its words alone; a word outside the phrase alone', async () => {
    const out = (await run('"renal cell" carcinoma'));
    expect(out.results.length).toBeGreaterThan(0);
    for (const r of out.results) {
      const marks = [...renderRuns(r.snippetRuns).matchAll(/<mark>(.*?)<\/mark>/g)].map((m) => m[1]!.toLowerCase());
      expect(marks.length, renderRuns(r.snippetRuns)).toBeGreaterThan(0);
      for (const m of marks) expect(['renal cell', 'carcinoma'], renderRuns(r.snippetRuns)).toContain(m);
    }
  });

  it('escapes filing text in snippets: only <mark> tags survive', async () => {
    for (const r of (await run('Lorus', { size: 50 })).results) expect(renderRuns(r.snippetRuns).replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
  });
});

describe('a phrase with more candidates than can be checked', () => {
  // every release has both words; every other one has them as the phrase
  const corpus = async (n: number) => {
    const { MemoryEngine } = await import('../../src/engine/memory/memory-engine.js');
    const base = seedIndex().releases[0]!;
    const releases = Array.from({ length: n }, (_, i) => ({
      ...base,
      id: i.toString(16).padStart(16, '0'),
      body: i % 2 === 0 ? `Quarterly net income rose ${i} percent.` : `Income was net of charges for item ${i}.`,
    }));
    return MemoryEngine.fromReleases(releases);
  };

  it('reads only the releases whose word pairs allow the phrase: an exact count past the bound', async () => {
    const { PHRASE_CHECKS } = await import('../../src/engine/memory/search-index.js');
    // more releases with both words than the bound, fewer with the phrase
    const n = 2 * Math.floor(0.8 * PHRASE_CHECKS);
    const out = await search(await corpus(n), { q: '"net income"', page: 1, size: 10, sort: 'relevance' });
    expect(out.totalIsEstimate).toBeUndefined();
    expect(out.total).toBe(n / 2);
  });

  it('checks every candidate of a phrase with few, for an exact total', async () => {
    const { PHRASE_CHECKS } = await import('../../src/engine/memory/search-index.js');
    // between the first batch and a hundred candidates, half of them holding the phrase
    const n = 2 * (PHRASE_CHECKS + 10);
    const out = await search(await corpus(2 * n), { q: '"net income"', page: 1, size: 10, sort: 'relevance' });
    expect(out.totalIsEstimate).toBeUndefined();
    expect(out.total).toBe(n);
  });

  it('checks the best-scoring ones, estimates the total, and says so', async () => {
    const { PHRASE_CHECKS } = await import('../../src/engine/memory/search-index.js');
    const n = 2 * PHRASE_CHECKS + 1000;
    const big = await corpus(n);
    const out = await search(big, { q: '"net income"', page: 1, size: 10, sort: 'relevance' });
    expect(out.totalIsEstimate).toBe(true);
    expect(out.total).toBeGreaterThan(n * 0.4);
    expect(out.total).toBeLessThan(n * 0.65);
    expect(out.messages.join(' ')).toMatch(/estimate/);
    for (const r of out.results) expect(renderRuns(r.snippetRuns)).toMatch(/<mark>net income<\/mark>/);
    // facets are estimated alike; a deep page checks as many as it needs
    expect(Math.abs(out.facets.company[0]!.count - out.total)).toBeLessThan(out.total * 0.1);
    const deep = await search(big, { q: '"net income"', page: Math.floor(n / 2 / 10), size: 10, sort: 'relevance' });
    expect(deep.results).toHaveLength(10);
    for (const r of deep.results) expect(renderRuns(r.snippetRuns)).toMatch(/<mark>net income<\/mark>/);
  });

  it('checks more while the page is not full, in the order the page shows', async () => {
    const { MemoryEngine } = await import('../../src/engine/memory/memory-engine.js');
    const base = seedIndex().releases[0]!;
    // every release has the phrase; all but one in twenty also the excluded one
    const day = (i: number) => new Date(Date.UTC(2000, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    const n = 2000;
    const releases = Array.from({ length: n }, (_, i) => ({
      ...base,
      id: i.toString(16).padStart(16, '0'),
      date: day(i),
      // the same length: equal scores, so the newest come first and the two kinds interleave
      body: `Net income ${i % 20 === 0 ? 'rose' : 'fell'} sharply, item ${i}.`,
    }));
    const index = MemoryEngine.fromReleases(releases);
    const q = '"net income" -"income fell"';
    const byRelevance = await search(index, { q, page: 1, size: 10, sort: 'relevance' });
    expect(byRelevance.results).toHaveLength(10);
    for (const r of byRelevance.results) expect(renderRuns(r.snippetRuns)).toMatch(/<mark>Net income<\/mark> rose/);
    expect(byRelevance.totalIsEstimate).toBe(true);
    expect(byRelevance.total).toBeGreaterThan(50);
    expect(byRelevance.total).toBeLessThan(200);
    // by date: the newest releases with the phrase, not the newest of the best-scoring
    const byDate = await search(index, { q, page: 1, size: 10, sort: 'date' });
    expect(byDate.results.map((r) => r.date)).toEqual(Array.from({ length: 10 }, (_, k) => day(n - 20 - 20 * k)));
    expect(byDate.messages.join(' ')).toMatch(/newest were checked/);
  });
});
