import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryTerms, tokenize } from '../../src/analysis/terms.js';
import { MemoryEngine } from '../../src/engine/memory/memory-engine.js';
import { search } from '../../src/search/search.js';
import { FIXTURES, filesUnder, ingest } from '../support/ingest-fixtures.js';

const CORPUS = join(import.meta.dirname, '..', '..', 'corpus');

describe('figures with thousands separators', () => {
  it('are one term, so a near-miss figure does not match by its fragments', () => {
    expect(queryTerms('$11,903 million')).toEqual(['11903', 'million']);
    expect(queryTerms('1,234,567 shares')).toEqual(['1234567', 'share']);
    // not separators: a list, a year after a comma, a decimal point
    expect(queryTerms('items 1,2,3')).toEqual(['item', '1', '2', '3']);
    expect(queryTerms('May 7, 2004')).toEqual(['may', '7', '2004']);
    expect(tokenize('1,234.5').map((t) => t.term)).toEqual(['1234', '5']);
  });

  it('find the release holding the figure, however it is typed, and no other', async () => {
    const file = join(CORPUS, 'edgar-full-submissions', '92122-0000092122-05-000042.txt');
    const { releases } = ingest([file], CORPUS);
    const engine = MemoryEngine.fromReleases(releases);
    const run = (q: string) => search(engine, { q, page: 1, size: 10, sort: 'relevance' });
    // the release says "61,342" (customers added) and no other 342
    expect(releases[0]!.body).toContain('61,342');
    expect(releases[0]!.body.replace('61,342', '').match(/\b342\b/)).toBeNull();
    const hit = await run('61,342');
    expect(hit.total).toBe(1);
    expect((await run('61342')).results.map((r) => r.id)).toEqual(hit.results.map((r) => r.id));
    expect(hit.results[0]!.snippetRuns.filter((r) => r.hit).map((r) => r.text)).toContain('61,342');
    expect((await run('61,343')).total).toBe(0);
    expect((await run('342')).total).toBe(0);
  });
});

describe('a trial registry id typed with a space', () => {
  it('is the id, as a code typed with a space is the code', async () => {
    const { releases } = ingest([join(FIXTURES, 'ingest', 'contact-blocks', 'beyond-cancer-ex99-1.htm')], FIXTURES);
    const engine = MemoryEngine.fromReleases(releases);
    const ids = async (q: string) => (await search(engine, { q, page: 1, size: 10, sort: 'relevance' })).results.map((r) => r.id);
    const want = await ids('NCT05351502');
    expect(want).toHaveLength(1);
    expect(await ids('NCT 05351502')).toEqual(want);
    expect(await ids('nct 05351502')).toEqual(want);
    expect(await ids('nct05351502')).toEqual(want);
    expect(queryTerms('ISRCTN 12345678')).toEqual(['isrctn12345678']);
    // an eight-digit number after other letters stays two words
    expect(queryTerms('ABC 12345678')).toEqual(['abc', '12345678']);
  });
});

describe('a name a release writes in two words', () => {
  it('is found typed hyphenated or joined, as the phrase of its parts', async () => {
    const { releases } = ingest(filesUnder(join(CORPUS, 'axon')), CORPUS);
    const engine = MemoryEngine.fromReleases(releases);
    const run = (q: string) => search(engine, { q, page: 1, size: 10, sort: 'relevance' });
    const phrase = await run('"Axon Fleet"');
    expect(phrase.total).toBeGreaterThan(5);
    for (const typed of ['Axon-Fleet', 'AxonFleet', 'axonfleet']) {
      const out = await run(typed);
      expect(out.total, typed).toBe(phrase.total);
      expect(out.results.map((r) => r.id), typed).toEqual(phrase.results.map((r) => r.id));
    }
    // a misspelling is still a misspelling, not two parts
    expect((await run('gemcitabin')).total).toBe(0);
  });
});

describe('a quoted phrase', () => {
  it('matches however its compound is written', async () => {
    const { releases } = ingest(filesUnder(join(CORPUS, 'axon')), CORPUS);
    const engine = MemoryEngine.fromReleases(releases);
    const run = (q: string) => search(engine, { q, page: 1, size: 50, sort: 'date' });
    const hyphen = await run('"body-worn camera"');
    const space = await run('"body worn camera"');
    const text = releases.map((r) => `${r.title} ${r.subtitle} ${r.body}`);
    // the corpus writes it both ways
    expect(text.filter((t) => /body-worn camera/i.test(t)).length).toBeGreaterThan(0);
    expect(text.filter((t) => /body worn camera/i.test(t)).length).toBeGreaterThan(0);
    const either = text.filter((t) => /body[-\s‐‑]*worn\s+camera/i.test(t)).length;
    expect(hyphen.total).toBe(either);
    expect(space.total).toBe(either);
    expect(space.results.map((r) => r.id)).toEqual(hyphen.results.map((r) => r.id));
    // and excluding it excludes both spellings
    const without = await run('camera -"body worn camera"');
    for (const r of await engine.releases(without.results.map((x) => x.id))) expect(`${r!.title} ${r!.subtitle} ${r!.body}`).not.toMatch(/body[- ]worn camera/i);
  });
});
