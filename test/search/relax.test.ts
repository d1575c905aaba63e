import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { MemoryEngine } from '../../src/engine/memory/memory-engine.js';
import { search } from '../../src/search/search.js';
import { filesUnder, ingest } from '../support/ingest-fixtures.js';

// No dead ends, and no noise: a query whose words all occur, but never together, answers the
// releases holding all but one of them, and says which was left out.
const CORPUS = join(import.meta.dirname, '..', '..', 'corpus');

describe('a query no release holds whole', () => {
  let engine: Engine;
  beforeAll(() => {
    const { releases } = ingest(filesUnder(CORPUS), CORPUS);
    engine = MemoryEngine.fromReleases(releases);
  }, 60_000);
  const run = (q: string) => search(engine, { q, page: 1, size: 10, sort: 'relevance' });

  it('answers the releases with all but one of its words, saying which', async () => {
    // GTI-2040 releases, and a word no GTI-2040 release uses (it is in the corpus elsewhere)
    const q = 'GTI-2040 renal taser';
    expect((await run('taser')).total).toBeGreaterThan(0);
    const out = await run(q);
    expect(out.relaxed).toEqual({ matched: 2, of: 3, dropped: ['taser'] });
    expect(out.messages.join(' ')).toMatch(/No release has all of the 3 words; showing releases with 2 of them \(without taser\)/);
    const both = await run('GTI-2040 renal');
    expect(out.results.map((r) => r.id)).toEqual(both.results.map((r) => r.id));
  });

  it('never turns nothing into noise: a word found nowhere, two words, a name', async () => {
    const unknown = await run('GTI-2040 renal zzyzxq');
    expect(unknown.total).toBe(0);
    expect(unknown.relaxed).toBeUndefined();
    expect((await run('GTI-2040 taser')).total).toBe(0);
    expect((await run('Lorus Therapeutics Axon')).total).toBe(0);
    expect((await run('lorus therapeutics axon')).relaxed?.dropped.length).toBe(1);
  });
});
