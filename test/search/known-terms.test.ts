import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { search } from '../../src/search/search.js';
import { seedIndex } from '../support/seed-index.js';

/** The seed engine, counting its term dictionary's round trips. */
function counting(): { engine: Engine; calls: string[][] } {
  const { engine } = seedIndex();
  const calls: string[][] = [];
  const terms = { ...engine.terms, known: (t: readonly string[]) => (calls.push([...t]), engine.terms.known(t)) };
  return { engine: new Proxy(engine, { get: (e, k) => (k === 'terms' ? terms : Reflect.get(e, k, e)) }), calls };
}

describe('a query asks the term dictionary once', () => {
  it.each([
    ['lorus gemcitabine'], // words: compounds and synonyms asked about
    ['"renal cell" carcinoma'], // a phrase's joined spellings too
    ['gti 2040 trial'], // a code typed with a space
    ['antisense -prostate'],
  ])('%s', async (q) => {
    const { engine, calls } = counting();
    const plain = await search(seedIndex().engine, { q, page: 1, size: 10, sort: 'relevance' });
    const answer = await search(engine, { q, page: 1, size: 10, sort: 'relevance' });
    expect(calls).toHaveLength(1);
    // and answers what the query answered before (the same engine, without counting)
    expect({ ...answer, tookMs: 0 }).toEqual({ ...plain, tookMs: 0 });
    expect(answer.total).toBeGreaterThan(0);
  });
});
