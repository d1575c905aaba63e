import { beforeAll, describe, expect, it } from 'vitest';
import type { Release } from '../../../src/clean/release.js';
import type { EngineQuery } from '../../../src/engine/memory/engine-query.js';
import { SearchEngine } from '../../../src/engine/memory/search-engine.js';
import { filesUnder, ingest, INGEST } from '../../support/ingest-fixtures.js';

// A phrase whose words many releases hold has its pair filters tested only where the page needs
// them, and on a sample for the total: the pages must be the ones testing every release gives.
let releases: Release[];
let engine: SearchEngine;
beforeAll(() => {
  releases = ingest(filesUnder(INGEST)).releases;
  engine = SearchEngine.create();
  for (const r of releases) engine.add(r);
});

const and = (terms: readonly string[]): EngineQuery => ({ kind: 'and', items: terms.map((term) => ({ kind: 'term', term })) });
const EVERY = { lazyFrom: Infinity, sample: 1 };
const LAZY = { lazyFrom: 0, sample: 64 };
// phrases of common words, and one no release holds (both words common, never side by side)
const PHRASES = [['of', 'the'], ['the', 'company'], ['in', 'the'], ['said', 'the'], ['the', 'of']];

describe('lazily tested pair filters', () => {
  it('gives the pages, hits and facets that testing every match gives', () => {
    for (const phrase of PHRASES) {
      for (const order of ['relevance', 'date'] as const) {
        const exact = engine.match(and(phrase), undefined, [phrase], undefined, EVERY);
        const total = exact.total;
        const pages = [1, 10, 50].map((k) => exact.top(k, order).map((h) => h.id));
        const facets = exact.facets(['company', 'year']);
        const lazy = engine.match(and(phrase), undefined, [phrase], undefined, LAZY);
        expect(lazy.estimated, phrase.join(' ')).toBe(true);
        for (const [i, k] of [1, 10, 50].entries()) expect(lazy.top(k, order).map((h) => h.id), `${phrase.join(' ')} top ${k}`).toEqual(pages[i]);
        if (total <= 50) {
          // a page longer than the matches tested every one: the total and facets are exact again
          expect(lazy.estimated).toBe(false);
          expect(lazy.total).toBe(total);
          expect(lazy.facets(['company', 'year'])).toEqual(facets);
        } else {
          // a sample of 64: near the true total, never below what the pages found
          expect(lazy.total).toBeGreaterThanOrEqual(50);
          expect(Math.abs(lazy.total - total) / total, phrase.join(' ')).toBeLessThan(0.5);
        }
      }
    }
  });

  it('finds a release only if it passes, and estimates nothing once every match is tested', () => {
    const phrase = ['of', 'the'];
    const passing = new Set(engine.match(and(phrase), undefined, [phrase], undefined, EVERY).top(releases.length, 'relevance').map((h) => h.id));
    const words = new Set(engine.match(and(phrase)).top(releases.length, 'relevance').map((h) => h.id));
    const ruledOut = [...words].filter((id) => !passing.has(id));
    const lazy = engine.match(and(phrase), undefined, [phrase], undefined, LAZY);
    for (const id of ruledOut.slice(0, 20)) expect(lazy.find(id)).toBeUndefined();
    for (const id of [...passing].slice(0, 20)) expect(lazy.find(id)?.id).toBe(id);
    expect(lazy.top(releases.length, 'relevance')).toHaveLength(passing.size);
    expect(lazy.estimated).toBe(false);
    expect(lazy.total).toBe(passing.size);
  });

  it('is used past its threshold only', () => {
    const small = engine.match(and(['of', 'the']), undefined, [['of', 'the']]);
    // the fixtures hold far fewer releases than the default threshold: tested one by one
    expect(small.estimated).toBe(false);
  });
});
