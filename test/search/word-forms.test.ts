/** Word forms meet: a query word finds the other inflections of its family, the form typed first. */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { familyTerms, MarkedTerms, wordStem } from '../../src/analysis/word-stem.js';
import type { Engine } from '../../src/engine/engine.js';
import { MemoryEngine } from '../../src/engine/memory/memory-engine.js';
import { MAX_QUERY_TERMS } from '../../src/search/limits.js';
import { parseQuery } from '../../src/search/parse-query.js';
import { search } from '../../src/search/search.js';
import { withStems } from '../../src/search/with-stems.js';
import type { SearchResponse } from '../../src/search/search-types.js';
import { filesUnder, ingest } from '../support/ingest-fixtures.js';

const CORPUS = join(import.meta.dirname, '..', '..', 'corpus');
const marked = (r: SearchResponse['results'][number]) => [...r.titleRuns, ...r.snippetRuns].filter((x) => x.hit).map((x) => x.text.toLowerCase());

describe('word stems', () => {
  it('join inflections and -ly / -ment, never derivations that change the meaning', () => {
    expect(wordStem('repurchased')).toBe(wordStem('repurchase'));
    expect(wordStem('curtailed')).toBe(wordStem('curtailment'));
    expect(familyTerms('quarterly')).toEqual(['~quarter', 'quarter']);
    expect(familyTerms('quarter')).toEqual(['~quarter']);
    expect(wordStem('planned')).toBe('~plan');
    for (const w of ['sustainability', 'organization', 'officer', 'university', 'news']) expect(wordStem(w), w).toBeUndefined();
    for (const w of ['gti2040', 'nct01234567', 'fda', 'q3']) expect(familyTerms(w), w).toEqual([]);
  });

  it('fit in the query term budget: a long query gets other forms for its first words only', () => {
    const words = 'reported increased announced acquired completed delivered expected improved launched planned'.split(' ');
    const long = withStems(parseQuery([...words, ...words.map((w) => `${w.slice(0, -2)}ing`), ...words.map((w) => w.replace(/ed$/, 's'))].join(' ')));
    const terms = new Set(long.groups.flat().flatMap((i) => i.terms));
    expect(terms.size).toBe(MAX_QUERY_TERMS);
    expect(long.groups[0]!.length).toBeGreaterThan(1);
  });

  it('mark a word when its stem is marked', () => {
    const set = new MarkedTerms(['~repurchas']);
    expect(set.has('repurchased') && set.has('repurchase') && set.has('repurchases')).toBe(true);
    expect(set.has('purchase')).toBe(false);
    expect(new MarkedTerms(['results']).has('resulted')).toBe(false);
  });
});

describe('a query word in one form finds the others (shipped corpus)', () => {
  let engine: Engine;
  beforeAll(() => {
    const { releases } = ingest(filesUnder(CORPUS), CORPUS);
    engine = MemoryEngine.fromReleases(releases);
  }, 60_000);
  const run = (q: string, size = 50) => search(engine, { q, page: 1, size, sort: 'relevance' });

  it('finds every form, and the same releases from each form of a family', async () => {
    const [a, b] = await Promise.all([run('curtailed'), run('curtailment')]);
    expect(a.total).toBe(b.total);
    expect(new Set(a.results.map((r) => r.id))).toEqual(new Set(b.results.map((r) => r.id)));
    // releases that say only "curtailment" are found by "curtailed"
    const onlyNoun = a.results.filter((r) => !marked(r).includes('curtailed') && marked(r).some((m) => m.startsWith('curtailment')));
    expect(onlyNoun.length).toBeGreaterThan(0);
  });

  it('ranks the form typed above the other forms', async () => {
    const out = await run('repurchased', 50);
    const bodies = await engine.releases(out.results.map((r) => r.id));
    const typed = bodies.map((b) => /\brepurchased\b/i.test(`${b!.title}\n${b!.body}`));
    expect(typed.some((t) => !t)).toBe(true);
    expect(typed[0]).toBe(true);
    // the releases that use the form typed stand, on average, well before those that do not
    const mean = (want: boolean) => typed.reduce((n, t, i) => n + (t === want ? i : 0), 0) / typed.filter((t) => t === want).length;
    expect(mean(true)).toBeLessThan(mean(false));
  });

  it('keeps a name, a word in capitals and a phrase exact', async () => {
    const [name, capitals, phrase] = await Promise.all([run('Toronto Stock Exchange'), run('REPURCHASED'), run('"share repurchase"')]);
    for (const r of name.results) expect(marked(r).filter((m) => m.startsWith('exchang')).every((m) => m === 'exchange')).toBe(true);
    expect(capitals.total).toBeLessThan((await run('repurchased')).total);
    expect(phrase.total).toBeGreaterThan(0);
    for (const r of phrase.results) expect(marked(r).join(' ')).toMatch(/share[- ]re-?purchases?\b/);
  });
});
