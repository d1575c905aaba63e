import { beforeAll, describe, expect, it } from 'vitest';
import { SearchEngine } from '../../../src/engine/memory/search-engine.js';
import { filesUnder, ingest, INGEST } from '../../support/ingest-fixtures.js';

let engine: SearchEngine;
beforeAll(() => {
  engine = SearchEngine.create();
  for (const r of ingest(filesUnder(INGEST)).releases) engine.add(r);
});

describe('corrections and completions from the term tree', () => {
  it('corrects to the nearest indexed word, the more common one on a tie, never a code', () => {
    expect(engine.correct('gemcitabin')).toBe('gemcitabine');
    expect(engine.correct('revenu')).toBe('revenue');
    expect(engine.correct('anounced')).toBe('announced');
    expect(engine.correct('zzzzqqqq')).toBeUndefined();
    expect(engine.correct('gti2041')).toBeUndefined();
    expect(engine.correct('teh')).toBeUndefined(); // too short to guess
  });

  it('completes a prefix with the words in most releases first, codes as written', () => {
    const the = engine.suggest('th', 3);
    expect(the[0]).toBe('the');
    expect(engine.suggest('gti', 5)).toContain('GTI-2040');
    const pro = engine.suggest('pro', 8);
    expect(pro).toHaveLength(8);
    for (const s of pro) expect(s.toLowerCase().startsWith('pro')).toBe(true);
    expect(engine.suggest('qqqzz', 5)).toEqual([]);
  });
});
