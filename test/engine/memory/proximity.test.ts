import { describe, expect, it } from 'vitest';
import { analyzeRelease } from '../../../src/engine/memory/analyze-release.js';
import { MemoryEngine } from '../../../src/engine/memory/memory-engine.js';
import { filterMayHold, phrasePairs } from '../../../src/engine/memory/pair-filter.js';
import { APART, fillerWord, SIDE_BY_SIDE } from '../conformance/proximity.js';
import { q, release } from '../conformance/fixtures.js';

// The memory backend boosts the best matches by what their pair filters may hold and then reads
// the head's text: releases whose filter passes a pair they do not have must lose the boost.
describe('proximity over pair filters', () => {
  const pair = phrasePairs(['alpha', 'beta']);
  // about one release in a thousand passes a pair it does not hold: looked for among many like APART's
  // (ids before the side-by-side ones': a lifted one would come first)
  const like = Array.from({ length: 20_000 }, (_, i) =>
    release(`f${String(i).padStart(5, '0')}`, { title: 'Note', body: `Alpha gamma beta delta ${Array.from({ length: 10 }, (_, k) => fillerWord(50_000 + i * 10 + k)).join(' ')}.`, date: '2010-01-01' }),
  );
  const passing = like.filter((r) => {
    const bits = analyzeRelease(r).pairFilter;
    return filterMayHold(bits, 0, bits.length, pair);
  });

  it('the fixture has releases whose filter passes the pair without holding it', () => {
    expect(passing.length).toBeGreaterThan(2);
  });

  it('those are not lifted: the head is what the text says', async () => {
    const engine = MemoryEngine.fromReleases([...APART, ...passing, ...SIDE_BY_SIDE]);
    const answer = await engine.search({ query: q.all('alpha beta'), order: 'relevance', offset: 0, limit: 30 });
    const ids = answer.hits.map((h) => h.id);
    expect(ids.slice(0, 5)).toEqual(SIDE_BY_SIDE.map((r) => r.id));
    // every other release ties on BM25 and none has the pair: id order (a lifted one, tied with
    // the five and first by id, would come first)
    expect(ids.slice(5)).toEqual(APART.slice(0, 25).map((r) => r.id));
    await engine.close();
  });
});
