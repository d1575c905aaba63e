import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../../src/engine/engine.js';
import { MemoryEngine } from '../../src/engine/memory/memory-engine.js';
import { search } from '../../src/search/search.js';
import { FIXTURES, filesUnder, ingest } from '../support/ingest-fixtures.js';

// The ids and totals every judged query (and one of each syntax) returns on the shipped corpus, in
// each order, pages 1 and 2: a change to the engine or the search service must not move them. A
// change that is meant to (cleaning, ranking) rewrites the file with UPDATE_ANSWERS=1 and says so.
const CORPUS = join(import.meta.dirname, '..', '..', 'corpus');
const FILE = join(FIXTURES, 'eval', 'judged-answers.json');

type Answers = Record<string, { total: number; ids: string[] }>;

describe('the answers to the judged queries', () => {
  const want = JSON.parse(readFileSync(FILE, 'utf8')) as Answers;
  const got: Answers = {};

  beforeAll(async () => {
    const { releases } = ingest(filesUnder(CORPUS), CORPUS);
    const engine = MemoryEngine.fromReleases(releases);
    for (const key of Object.keys(want)) {
      const [q, sort, page] = key.split(' | ') as [string, Order, string];
      const r = await search(engine, { q, page: Number(page), size: 10, sort });
      got[key] = { total: r.total, ids: r.results.map((h) => h.id) };
    }
    if (process.env['UPDATE_ANSWERS'] === '1') writeFileSync(FILE, JSON.stringify(got, null, 0));
  }, 120_000);

  it('cover the judged queries in every order', () => {
    expect(Object.keys(want).length).toBeGreaterThanOrEqual(400);
  });

  it('are the same ids in the same order, with the same totals', () => {
    const moved = Object.keys(want).filter((k) => JSON.stringify(want[k]) !== JSON.stringify(got[k]));
    expect(moved.slice(0, 5).map((k) => `${k}: ${JSON.stringify(want[k])} -> ${JSON.stringify(got[k])}`)).toEqual([]);
    expect(moved).toHaveLength(0);
  });
});
