import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { MemoryEngine } from '../../src/engine/memory/memory-engine.js';
import { MAX_QUERY_TERMS } from '../../src/search/limits.js';
import { search } from '../../src/search/search.js';
import { filesUnder, ingest } from '../support/ingest-fixtures.js';

// Expensive query shapes are bounded and say so; their cost is measured in the benchmark
// (bench/query-set.ts adversarialQueries), not here.
const CORPUS = join(import.meta.dirname, '..', '..', 'corpus');

describe('the cost budget of a query', () => {
  let engine: Engine;
  beforeAll(() => {
    const { releases } = ingest(filesUnder(CORPUS), CORPUS);
    engine = MemoryEngine.fromReleases(releases);
  }, 60_000);
  const run = (q: string) => search(engine, { q, page: 1, size: 10, sort: 'relevance' });

  it('searches the first words of a query with more than the most terms, and says how many were left out', async () => {
    const words = 'company said that will best interest shareholders employees report results quarter year market sales growth revenue product trial patient data study phase clinical drug new million increase customers business police officers cameras software'.split(' ');
    expect(words.length).toBeGreaterThan(MAX_QUERY_TERMS);
    const out = await run(words.join(' OR '));
    expect(out.messages).toContain(`The query has more than ${MAX_QUERY_TERMS} words or 8 phrases; ${words.length - MAX_QUERY_TERMS} of them were left out.`);
    const first = await run(words.slice(0, MAX_QUERY_TERMS).join(' OR '));
    expect(out.total).toBe(first.total);
    expect(out.results.map((r) => r.id)).toEqual(first.results.map((r) => r.id));
  });

  it('expands a broad prefix to its most used words, and says so', async () => {
    const out = await run('con*');
    const note = out.messages.find((m) => m.startsWith('con* stands for'));
    expect(note).toMatch(/^con\* stands for [\d,]+ words; the 64 most used were searched\.$/);
    expect(out.total).toBeGreaterThan(100);
    // a narrow prefix is expanded whole, with no note
    const narrow = await run('clotrim*');
    expect(narrow.messages).toEqual([]);
    expect(narrow.total).toBeGreaterThan(0);
  });

  it('checks a phrase of common words in a bounded number of candidates, estimating the rest', async () => {
    // nearly every release has the phrases: the candidates are all releases, the budget the checks
    const out = await run('-"of the" -"in the" -"to the"');
    expect(out.results.length).toBeGreaterThan(0);
    const released = await engine.releases(out.results.map((r) => r.id));
    for (const r of released) expect(`${r!.title}\n${r!.body}`).not.toMatch(/\b(of|in|to)\s+the\b/i);
    if (out.totalIsEstimate) expect(out.messages.join(' ')).toMatch(/estimate/);
  });
});
