import { describe, expect, it } from 'vitest';
import { SearchEngine } from '../../src/index/search-engine.js';

describe('SearchEngine serialisation', () => {
  it('round-trips an index with more than 65,535 documents (objects keyed by document)', { timeout: 60_000 }, () => {
    const engine = SearchEngine.create();
    const n = 70_000;
    for (let i = 0; i < n; i++) {
      engine.add({ id: `r${i}`, title: `Release ${i}`, subtitle: '', date: '2004-01-01', place: '', company: 'Acme Inc.', tickers: [], body: `word${i % 500} shared`, sources: [], removed: [] });
    }
    const back = SearchEngine.deserialize(engine.serialize());
    expect(back.size).toBe(n);
    expect(back.search('word7').length).toBe(n / 500);
  });
});
