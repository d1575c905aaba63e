import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Release } from '../../src/clean/release.js';
import { openEngine } from '../../src/engine/open-engine.js';
import { search } from '../../src/search/search.js';
import { readManifest } from '../../src/store/manifest.js';
import { queryTerms } from '../../src/analysis/terms.js';
import { writeNewFiling } from '../cli/corpus-fixture.js';
import { tempIndex, type TempIndex, type TempReindexOptions } from '../support/temp-index.js';

const LATER = 'ingest/recurring/later.csv';
let t: TempIndex;
let root: string;
let index: string;

beforeEach(async () => {
  // the real ingester, on filings whose paragraphs recur across files (test/fixtures/ingest/recurring)
  t = await tempIndex({ prefix: 'extend', files: { 'edgar-html': 'ingest/edgar-html', 'taser/earlier.csv': 'ingest/recurring/earlier.csv' } });
  ({ root, indexDir: index } = t);
});
afterEach(() => t.cleanup());

const run = (indexDir = index, extra: TempReindexOptions = {}) => t.reindex({ indexDir, ...extra });

/** Every release of an index, and the answers to a few queries with their scores. */
async function contents(indexDir: string, queries = ['taser', 'orders', 'revenue', 'police department']): Promise<{ releases: Release[]; answers: string[][] }> {
  const idx = await t.load(indexDir);
  try {
    const releases = [...idx.store.ids()].sort().map((id) => idx.store.get(id)!);
    const answers = queries.map((q) =>
      idx.engine
        .match({ kind: 'and', items: queryTerms(q).map((term) => ({ kind: 'term' as const, term })) })
        .top(50, 'relevance')
        .map((h) => `${h.id} ${h.score.toFixed(9)}`),
    );
    expect(answers.flat().length).toBeGreaterThan(5);
    expect(idx.engine.size).toBe(releases.length);
    return { releases, answers };
  } finally {
    idx.close();
  }
}

describe('adding new filings to an index', () => {
  it('cleans only the new files against the saved state and gives the index a full rebuild would', async () => {
    const first = await run();
    // nothing new: the summary still tells what the index holds
    const same = await run();
    expect(same).toMatchObject({ boilerplateRemoved: first.boilerplateRemoved, releases: { total: first.releases.total } });
    expect(same.skippedParts).toEqual(first.skippedParts);
    // every paragraph the cleaner removed, as the stored releases list them
    const { releases } = await contents(index);
    expect(first.boilerplateRemoved).toBe(releases.reduce((n, r) => n + r.removed.length, 0));
    expect(first.boilerplateRemoved).toBeGreaterThan(0);
    const engineFile = readManifest(index).data.engine.name;
    t.addFixture('taser/later.csv', LATER);
    const s = await run();
    expect(s).toMatchObject({ mode: 'incremental', extended: true, files: { added: ["taser/later.csv"], unchanged: 4 } });
    // two new releases, and indexed ones that lost a paragraph the new filing makes recur
    expect(s.releases.added).toBe(2);
    expect(s.releases.updated).toBeGreaterThanOrEqual(2);
    const m = readManifest(index);
    expect(m.data.engine.name).toBe(engineFile);
    // the engine file is kept; the new releases (and the ones cleaned again) are in a delta
    const delta = `engine-${m.generation}.delta`;
    expect(m.data.engineDelta).toEqual({ name: delta, bytes: statSync(join(index, delta)).size });
    expect(m.files['taser/later.csv']!.releaseIds).toHaveLength(2);

    const fresh = join(root, 'fresh');
    const full = await run(fresh, { full: true });
    expect(s.releases.total).toBe(full.releases.total);
    expect(s.boilerplateRemoved).toBe(full.boilerplateRemoved);
    expect(await contents(index)).toEqual(await contents(fresh));
    expect(m.counts).toEqual(readManifest(fresh).counts);
  });

  it('says why when a new file repeats an indexed release, and cleans the whole corpus instead', async () => {
    await run();
    t.addFixture('philips-again.html', 'ingest/edgar-html/philips-6k.html');
    const s = await run();
    expect(s).toMatchObject({ mode: 'incremental', extended: false, notExtended: expect.stringMatching(/already indexed/) });
    expect(await contents(index)).toEqual(await contents((await run(join(root, 'fresh'), { full: true }), join(root, 'fresh'))));
  });

  it('takes the same way when the new file is named on the command line', async () => {
    await run();
    t.addFixture('taser/later.csv', LATER);
    const s = await run(index, { files: ['taser/later.csv'] });
    expect(s).toMatchObject({ mode: 'incremental', extended: true, releases: { added: 2 } });
    expect(await contents(index)).toEqual(await contents((await run(join(root, 'fresh'), { full: true }), join(root, 'fresh'))));
  });

  it('writes nothing on a dry run, and a later delta keeps earlier ones', async () => {
    await run();
    const before = readManifest(index).generation;
    t.addFixture('taser/later.csv', LATER);
    const dry = await run(index, { dryRun: true });
    expect(dry).toMatchObject({ extended: true, dryRun: true, releases: { added: 2 } });
    expect(readManifest(index).generation).toBe(before);
    await run();
    // a second new filing: the delta now covers both
    t.addFixture('stanford-8k', 'ingest/stanford-8k');
    const s = await run();
    expect(s.extended).toBe(true);
    expect(await contents(index)).toEqual(await contents((await run(join(root, 'fresh'), { full: true }), join(root, 'fresh'))));
    expect(readdirSync(index).filter((f) => /\.(delta|state)$/.test(f))).toHaveLength(2);
  });
});

describe('a new filing in an indexed corpus', () => {
  it('is cleaned on its own against the saved state (extended), and its release is then found by a search', async () => {
    const seeds = await tempIndex({ prefix: 'extend-seeds', build: true });
    try {
      const before = readManifest(seeds.indexDir);
      expect(before.counts.releases).toBe(9);
      writeNewFiling(seeds.path('later.txt'), 'zymurgical');
      const s = await seeds.reindex();
      expect(s).toMatchObject({
        mode: 'incremental',
        extended: true,
        files: { added: ['later.txt'], changed: [], removed: [], unchanged: 4, failed: [] },
        releases: { added: 1, updated: 0, removed: 0, total: 10 },
      });
      expect(s.notExtended).toBeUndefined();
      expect(s.bytesRead).toBe(statSync(seeds.path('later.txt')).size); // only the new file was read
      const m = readManifest(seeds.indexDir);
      expect(m.data.engine.name).toBe(before.data.engine.name);
      expect(m.data.engineDelta?.name).toBe(`engine-${m.generation}.delta`);
      const ids = m.files['later.txt']!.releaseIds;
      expect(ids).toHaveLength(1);

      // the search service, on the index as the server opens it
      const engine = await openEngine({ backend: 'memory', indexDir: seeds.indexDir });
      try {
        const found = await search(engine, { q: 'zymurgical', page: 1, size: 10, sort: 'relevance' });
        expect(found.total).toBe(1);
        expect(found.results.map((r) => r.id)).toEqual(ids);
        // the indexed releases are found as before: the headline of the seed the new filing imitates
        const old = await search(engine, { q: '"pancreatic cancer awareness month"', page: 1, size: 10, sort: 'relevance' });
        expect(old.results.map((r) => r.id)).toEqual(m.files['seeds/001_ebb4752fe36ec00b.txt']!.releaseIds);
        expect((await search(engine, { q: 'lorus', page: 1, size: 20, sort: 'relevance' })).total).toBe(10);
      } finally {
        await engine.close();
      }
      const idx = await seeds.load();
      try {
        expect(idx.store.get(ids[0]!)).toMatchObject({ title: expect.stringMatching(/zymurgical results/i), company: 'Lorus Therapeutics Inc.', sources: [{ file: 'later.txt' }] });
      } finally {
        idx.close();
      }
      // the same index a full rebuild of the corpus gives
      const fresh = join(seeds.root, 'fresh');
      await seeds.reindex({ indexDir: fresh, full: true });
      const queries = ['zymurgical', 'lorus', 'gemcitabine', 'gti 2040'];
      expect(await contents(seeds.indexDir, queries)).toEqual(await contents(fresh, queries));
    } finally {
      seeds.cleanup();
    }
  });
});
