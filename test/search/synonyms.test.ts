import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { synonymsOf } from '../../src/analysis/synonyms.js';
import { MemoryEngine } from '../../src/engine/memory/memory-engine.js';
import { search } from '../../src/search/search.js';
import { filesUnder, ingest } from '../support/ingest-fixtures.js';

const CORPUS = join(import.meta.dirname, '..', '..', 'corpus');

describe('synonyms of the trade', () => {
  it('are searched beside the word typed, below it, and the page says so', async () => {
    expect(synonymsOf('lawsuit')).toEqual(['litigation', 'sue', 'sued']);
    expect(synonymsOf('sues')).toEqual([]);
    expect(synonymsOf('sue')).toEqual(['lawsuit', 'litigation', 'sued']);
    const { releases } = ingest(filesUnder(join(CORPUS, 'axon')), CORPUS);
    const engine = MemoryEngine.fromReleases(releases);
    const out = await search(engine, { q: 'lawsuit', page: 1, size: 50, sort: 'relevance' });
    expect(out.messages.join(' ')).toMatch(/Also searched: litigation \(for lawsuit\), sue \(for lawsuit\)/);
    // releases that say only "sues" or "litigation" are found too, below the word typed
    const text = (r: { title: string; subtitle: string; body: string }) => `${r.title} ${r.subtitle} ${r.body}`;
    const withWord = releases.filter((r) => /\blawsuits?\b/i.test(text(r))).length;
    expect(out.total).toBeGreaterThan(withWord);
    const released = await engine.releases(out.results.map((r) => r.id));
    const onlySynonym = released.filter((r) => !/\blawsuits?\b/i.test(text(r!)));
    expect(onlySynonym.length).toBeGreaterThan(0);
    for (const r of onlySynonym) expect(text(r!)).toMatch(/\b(sues?|sued|litigation)\b/i);
    expect(/\blawsuits?\b/i.test(text(released[0]!))).toBe(true);
  });
});
