import { beforeAll, describe, expect, it } from 'vitest';
import type { FacetName } from '../../../src/engine/engine.js';
import { DocTable } from '../../../src/engine/memory/doc-table.js';
import type { EngineQuery } from '../../../src/engine/memory/engine-query.js';
import { countedOneByOne, facetCounts } from '../../../src/engine/memory/facet-counts.js';
import { SearchEngine } from '../../../src/engine/memory/search-engine.js';
import { ValueLists } from '../../../src/engine/memory/value-lists.js';
import type { MiniSearchInternals } from '../../../src/engine/memory/term-index.js';
import { filesUnder, ingestAnalysed, INGEST } from '../../support/ingest-fixtures.js';

// A set holding most of the index is counted as every release less those it lacks: the answer
// must be the one counting release by release gives, for every facet, whatever the set.
const EVERY: FacetName[] = ['company', 'year', 'quarter', 'cik', 'form', 'issuer', 'code', 'trial', 'phase'];
let engine: SearchEngine;
let table: DocTable;
beforeAll(() => {
  const built = SearchEngine.create();
  const { releases } = ingestAnalysed(filesUnder(INGEST));
  for (const r of releases) built.add(r);
  // one removed: the complement must leave out releases no longer in the index
  built.remove(releases[3]!.id);
  engine = built;
  table = new DocTable((engine as unknown as { internals: MiniSearchInternals }).internals);
});

const term = (t: string): EngineQuery => ({ kind: 'term', term: t });
const docsOf = (q: EngineQuery) => {
  const set = engine.match(q);
  return Int32Array.from(set.top(set.total, 'relevance').map((h) => table.numbers.get(h.id)!)).sort();
};

describe('facet counts', () => {
  it('counts a set of most releases as all less the rest, exactly', () => {
    const queries: EngineQuery[] = [term('the'), { kind: 'or', items: [term('the'), term('of'), term('and')] }, { kind: 'all' }, { kind: 'not', include: { kind: 'all' }, exclude: [term('gemcitabine')] }];
    for (const q of queries) {
      const docs = docsOf(q);
      expect(docs.length, JSON.stringify(q)).toBeGreaterThan(table.live.length / 2);
      for (const asked of [EVERY, ['company' as const], ['code' as const, 'form' as const]]) {
        expect(facetCounts(table, docs, asked), JSON.stringify(q)).toEqual(countedOneByOne(table, docs, asked));
      }
    }
  });

  it('counts a small set release by release', () => {
    const docs = docsOf(term('antisense'));
    expect(docs.length).toBeGreaterThan(0);
    expect(docs.length).toBeLessThan(table.live.length / 2);
    const counts = facetCounts(table, docs, EVERY);
    expect([...counts.company.values()].reduce((a, b) => a + b, 0)).toBe(docs.length);
    // the list facets of a few releases visit only their values: the same as counting over all values
    expect(counts.code).toEqual(ValueLists.toMap(table.codes.count(docs), (k) => table.codeDisplay[k]!));
    expect([...counts.code.keys()]).toEqual([...ValueLists.toMap(table.codes.count(docs), (k) => table.codeDisplay[k]!).keys()]);
    expect(counts.trial).toEqual(ValueLists.toMap(table.trials.count(docs), (k) => table.trials.values[k]!));
    expect(counts.phase).toEqual(ValueLists.toMap(table.phases.count(docs), (k) => table.phases.values[k]!));
    expect(counts.code.size).toBeGreaterThan(0);
  });

  it('cuts the code and trial facets to their most counted values when given a limit, and only those', () => {
    const top = (m: Map<string, number>, limit: number) => [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit);
    for (const q of [term('the'), term('clinical'), { kind: 'all' } as EngineQuery]) {
      const docs = docsOf(q);
      const full = facetCounts(table, docs, EVERY);
      const cut = facetCounts(table, docs, EVERY, 2);
      expect(full.code.size, JSON.stringify(q)).toBeGreaterThan(2);
      expect([...cut.code].sort(), JSON.stringify(q)).toEqual(top(full.code, 2).sort());
      expect([...cut.trial].sort()).toEqual(top(full.trial, 2).sort());
      // the other facets are whole
      for (const f of ['company', 'year', 'quarter', 'cik', 'form', 'issuer', 'phase'] as const) expect(cut[f]).toEqual(full[f]);
    }
  });
});
