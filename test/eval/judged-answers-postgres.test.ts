/**
 * The pinned answers to the judged queries (judged-answers.json, recorded on the memory engine)
 * hold on PostgreSQL too: the same ids in the same order with the same totals, and on every
 * page the same snippets, facets, corrections and messages as the memory engine gives.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine, Order } from '../../src/engine/engine.js';
import { MemoryEngine } from '../../src/engine/memory/memory-engine.js';
import { openEngine } from '../../src/engine/open-engine.js';
import { search } from '../../src/search/search.js';
import { releaseHash } from '../../src/store/release-hash.js';
import { FIXTURES, filesUnder, ingest } from '../support/ingest-fixtures.js';
import { HAVE_PG, useTestCluster } from '../support/pg-cluster.js';

const CORPUS = join(import.meta.dirname, '..', '..', 'corpus');
const FILE = join(FIXTURES, 'eval', 'judged-answers.json');

type Answers = Record<string, { total: number; ids: string[] }>;

describe.skipIf(!HAVE_PG)('the answers to the judged queries, on postgres', () => {
  const cluster = useTestCluster();
  const want = JSON.parse(readFileSync(FILE, 'utf8')) as Answers;
  const got: Answers = {};
  const pages: { key: string; memory: unknown; postgres: unknown }[] = [];
  let pg: Engine | undefined;

  beforeAll(async () => {
    const { releases } = ingest(filesUnder(CORPUS), CORPUS);
    const memory = MemoryEngine.fromReleases(releases);
    // the headline candidates tried for every query (by default only for common words, which this corpus has few of)
    pg = await openEngine({ backend: 'postgres', url: cluster.get().url, schema: 'judged', create: 'if-missing', boundedFrom: 0 });
    await pg.apply({ upserts: releases.map((release) => ({ release, hash: releaseHash(release) })), removals: [] }, { rebuild: true });
    await pg.commit({ corpusDir: 'corpus', code: 'test', files: {}, counts: { files: 0, releases: releases.length, skippedParts: 0, boilerplateRemoved: 0 } });
    const view = (r: Awaited<ReturnType<typeof search>>) => ({
      total: r.total,
      results: r.results.map((h) => ({ id: h.id, titleRuns: h.titleRuns, snippetRuns: h.snippetRuns })),
      facets: r.facets,
      didYouMean: r.didYouMean,
      corrected: r.corrected,
      relaxed: r.relaxed,
      messages: r.messages,
    });
    for (const key of Object.keys(want)) {
      const [q, sort, page] = key.split(' | ') as [string, Order, string];
      const r = await search(pg, { q, page: Number(page), size: 10, sort });
      got[key] = { total: r.total, ids: r.results.map((h) => h.id) };
      pages.push({ key, memory: view(await search(memory, { q, page: Number(page), size: 10, sort })), postgres: view(r) });
    }
  }, 300_000);
  afterAll(async () => {
    await pg?.close();
  });

  it('are the same ids in the same order, with the same totals', () => {
    expect(Object.keys(got).length).toBeGreaterThanOrEqual(400);
    const moved = Object.keys(want).filter((k) => JSON.stringify(want[k]) !== JSON.stringify(got[k]));
    expect(moved.slice(0, 5).map((k) => `${k}: ${JSON.stringify(want[k])} -> ${JSON.stringify(got[k])}`)).toEqual([]);
    expect(moved).toHaveLength(0);
  });

  it('mark the same words in the same snippets, with the same facets and corrections', () => {
    expect(pages.length).toBeGreaterThanOrEqual(400);
    const differ = pages.filter((p) => JSON.stringify(p.memory) !== JSON.stringify(p.postgres));
    expect(differ.slice(0, 3)).toEqual([]);
  });
});
