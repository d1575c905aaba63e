import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Release } from '../../src/clean/release.js';
import { createDefaultIngester } from '../../src/reindex/default-ingester.js';
import { loadIndex } from '../../src/engine/memory/load-index.js';
import { readManifest } from '../../src/store/manifest.js';
import { reindex } from '../../src/reindex/reindex.js';
import { queryTerms } from '../../src/analysis/terms.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const RECURRING = join(FIXTURES, 'reindex', 'recurring');
let root: string;
let corpus: string;
let index: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'extend-'));
  corpus = join(root, 'corpus');
  index = join(root, 'index');
  mkdirSync(join(corpus, 'taser'), { recursive: true });
  cpSync(join(FIXTURES, 'ingest', 'edgar-html'), join(corpus, 'edgar-html'), { recursive: true });
  cpSync(join(RECURRING, 'earlier.csv'), join(corpus, 'taser', 'earlier.csv'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const run = async (indexDir = index, extra: { full?: boolean; dryRun?: boolean } = {}) =>
  reindex({ corpusDir: corpus, indexDir, ...extra }, await createDefaultIngester());

/** Every release of an index, and the answers to a few queries with their scores. */
async function contents(indexDir: string): Promise<{ releases: Release[]; answers: string[][] }> {
  const idx = await loadIndex(indexDir);
  try {
    const releases = [...idx.store.ids()].sort().map((id) => idx.store.get(id)!);
    const answers = ['taser', 'orders', 'revenue', 'police department'].map((q) =>
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
    expect(first.boilerplateRemoved).toBeGreaterThan(0);
    const engineFile = readManifest(index).data.engine.name;
    cpSync(join(RECURRING, 'later.csv'), join(corpus, 'taser', 'later.csv'));
    const s = await run();
    expect(s).toMatchObject({ mode: 'incremental', extended: true, files: { added: ["taser/later.csv"], unchanged: 4 } });
    // two new releases, and indexed ones that lost a paragraph the new filing makes recur
    expect(s.releases.added).toBe(2);
    expect(s.releases.updated).toBeGreaterThanOrEqual(2);
    const m = readManifest(index);
    expect(m.data.engine.name).toBe(engineFile);
    expect(m.data.engineDelta).toBeDefined();
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
    cpSync(join(corpus, 'edgar-html', 'philips-6k.html'), join(corpus, 'philips-again.html'));
    const s = await run();
    expect(s).toMatchObject({ mode: 'incremental', extended: false, notExtended: expect.stringMatching(/already indexed/) });
    expect(await contents(index)).toEqual(await contents((await run(join(root, 'fresh'), { full: true }), join(root, 'fresh'))));
  });

  it('takes the same way when the new file is named on the command line', async () => {
    await run();
    cpSync(join(RECURRING, 'later.csv'), join(corpus, 'taser', 'later.csv'));
    const s = await reindex({ corpusDir: corpus, indexDir: index, files: ['taser/later.csv'] }, await createDefaultIngester());
    expect(s).toMatchObject({ mode: 'incremental', extended: true, releases: { added: 2 } });
    expect(await contents(index)).toEqual(await contents((await run(join(root, 'fresh'), { full: true }), join(root, 'fresh'))));
  });

  it('writes nothing on a dry run, and a later delta keeps earlier ones', async () => {
    await run();
    const before = readManifest(index).generation;
    cpSync(join(RECURRING, 'later.csv'), join(corpus, 'taser', 'later.csv'));
    const dry = await run(index, { dryRun: true });
    expect(dry).toMatchObject({ extended: true, dryRun: true, releases: { added: 2 } });
    expect(readManifest(index).generation).toBe(before);
    await run();
    // a second new filing: the delta now covers both
    cpSync(join(FIXTURES, 'ingest', 'stanford-8k'), join(corpus, 'stanford-8k'), { recursive: true });
    const s = await run();
    expect(s.extended).toBe(true);
    expect(await contents(index)).toEqual(await contents((await run(join(root, 'fresh'), { full: true }), join(root, 'fresh'))));
    expect(readdirSync(index).filter((f) => /\.(delta|state)$/.test(f))).toHaveLength(2);
  });
});
