import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSealed } from '../../src/store/checksum.js';
import { readManifest, type Manifest } from '../../src/store/manifest.js';
import { IndexCorruptError } from '../../src/store/store-errors.js';
import { formatSummary } from '../../src/cli/progress-reporter.js';
import { DRAFTS_DIR } from '../../src/reindex/draft-cache.js';
import { verifyIndex } from '../../src/reindex/verify-index.js';
import { writeNewFiling } from '../cli/corpus-fixture.js';
import { flipBytes } from '../support/flip-bytes.js';
import { tempIndex, type TempIndex } from '../support/temp-index.js';

// Issue 21, item 3: eight flipped bytes in any file of a real index (the seed filings) are
// found, never served; the fix named is the one that mends them.
let t: TempIndex;
let m: Manifest;
const file = (name: string) => join(t.indexDir, name);
const FIX = /damaged: .*; rebuild it with `npm run reindex -- --full`/;

beforeEach(async () => {
  t = await tempIndex({ build: true, prefix: 'index-damage' });
  m = readManifest(t.indexDir);
});
afterEach(() => t.cleanup());

async function loadError(): Promise<IndexCorruptError> {
  const err = await t.load().then(
    (index) => (index.close(), undefined),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(IndexCorruptError);
  return err as IndexCorruptError;
}

/** Add a filing that extends the index: the engine file is kept and a delta written beside it. */
async function extend(word: string, n = 1): Promise<Manifest> {
  writeNewFiling(t.path(`seeds/${word}.txt`), word, n);
  const s = await t.reindex();
  expect(s).toMatchObject({ extended: true, releases: { added: 1 } });
  return readManifest(t.indexDir);
}

describe('a damaged index file', () => {
  it('the sound index loads and verifies', async () => {
    (await t.load()).close();
    expect(verifyIndex(t.indexDir)).toMatchObject({ damaged: [], cache: [], releases: m.counts.releases });
  });

  it('a release data file: the damaged release is refused when read (never served with replacement characters), the others still read, verify names it', async () => {
    const index = await t.load();
    const ids = [...index.store.ids()];
    const { table } = index.store;
    const victim = 2;
    const [at, length] = [table.offsets[victim]!, table.lengths[victim]!];
    index.close();
    flipBytes(file(m.data.storeData[0]!.name), at + Math.floor(length / 2));

    const again = await t.load();
    try {
      expect(() => again.store.get(ids[victim]!)).toThrow(IndexCorruptError);
      expect(() => again.store.get(ids[victim]!)).toThrow(new RegExp(`${m.data.storeData[0]!.name}: release ${ids[victim]} fails its checksum.*npm run reindex -- --full`));
      for (const [i, id] of ids.entries()) if (i !== victim) expect(again.store.get(id)?.id).toBe(id);
    } finally {
      again.close();
    }
    const report = verifyIndex(t.indexDir);
    expect(report.damaged).toEqual([`${m.data.storeData[0]!.name}: release ${ids[victim]} fails its checksum (its bytes were changed after it was written)`]);
    expect(report.fix).toMatch(/--full/);

    const s = await t.reindex({ full: true });
    expect(s.mode).toBe('full');
    expect(verifyIndex(t.indexDir).damaged).toEqual([]);
  });

  it('an update that meets a damaged release it would keep or read writes the whole index instead, and says why', async () => {
    const index = await t.load();
    const { table } = index.store;
    const [victim, at, length] = [table.ids[0]!, table.offsets[0]!, table.lengths[0]!];
    index.close();
    flipBytes(file(m.data.storeData[0]!.name), at + Math.floor(length / 2));
    const source = Object.entries(m.files).find(([, e]) => e.releaseIds.includes(victim))![0];
    t.removeFile(source);
    const s = await t.reindex();
    expect(s.mode).toBe('full');
    expect(s.reason).toMatch(new RegExp(`release ${victim} fails its checksum`));
    expect(verifyIndex(t.indexDir)).toMatchObject({ damaged: [] });
    const after = await t.load();
    try {
      expect(after.store.get(victim)).toBeUndefined();
      for (const id of after.store.ids()) expect(after.store.get(id)?.id).toBe(id);
    } finally {
      after.close();
    }
  });

  it('the release table: load refuses with the fix named', async () => {
    flipBytes(file(m.data.storeTable.name));
    const err = await loadError();
    expect(err.message).toMatch(FIX);
    expect(err.detail).toBe(`${m.data.storeTable.name} fails its checksum (its bytes were changed after it was written)`);
    expect(err.fix).toBe('rebuild it with `npm run reindex -- --full`');
    expect(verifyIndex(t.indexDir).damaged).toContain(err.detail);
  });

  it('the engine file: load refuses with the fix named, whichever section the bytes are in', async () => {
    const { bytes } = m.data.engine;
    const original = readFileSync(file(m.data.engine.name));
    // the header's metadata, the postings, the very end (the terms)
    for (const at of [20, Math.floor(bytes / 2), bytes - 12]) {
      flipBytes(file(m.data.engine.name), at);
      const err = await loadError();
      expect(err.message).toMatch(FIX);
      expect(err.detail).toMatch(new RegExp(`${m.data.engine.name} cannot be loaded .*fails its checksum`));
      expect(verifyIndex(t.indexDir).damaged).toEqual([expect.stringMatching(/fails its checksum/)]);
      flipBytes(file(m.data.engine.name), at); // flipped back: sound again
      expect(readFileSync(file(m.data.engine.name)).equals(original)).toBe(true);
    }
    (await t.load()).close();
  });

  it("the engine's delta: load refuses with the fix named", async () => {
    const m2 = await extend('zymurgical');
    expect(m2.data.engineDelta).toBeDefined();
    (await t.load()).close();
    flipBytes(file(m2.data.engineDelta!.name));
    const err = await loadError();
    expect(err.message).toMatch(FIX);
    expect(err.detail).toBe(`${m2.data.engineDelta!.name} fails its checksum (its bytes were changed after it was written)`);
    expect(verifyIndex(t.indexDir).damaged).toEqual([err.detail]);
  });

  it('the cleaning state: verify names it; the next reindex does not trust it, cleans the whole corpus and says why', async () => {
    const state = m.data.finalize!;
    expect(state).toBeDefined();
    flipBytes(file(state.name));
    expect(verifyIndex(t.indexDir).damaged).toEqual([`${state.name} fails its checksum (its bytes were changed after it was written)`]);
    // serving does not read it
    (await t.load()).close();

    writeNewFiling(t.path('seeds/later.txt'), 'zymurgical');
    const s = await t.reindex();
    expect(s).toMatchObject({ extended: false, files: { added: ['seeds/later.txt'] }, releases: { added: 1 } });
    expect(s.notExtended).toMatch(new RegExp(`${state.name} fails its checksum`));
    expect(formatSummary(s)).toMatch(new RegExp(`^whole corpus cleaned again: index in .* is damaged: ${state.name} fails its checksum`, 'm'));
    const m2 = readManifest(t.indexDir);
    expect(m2.data.finalize!.name).not.toBe(state.name);
    expect(verifyIndex(t.indexDir)).toMatchObject({ damaged: [], cache: [] });
    // and the new state is used again
    await extend('quixotic', 2);
  });

  it('a draft cache entry: verify lists it apart (not the index); the next reindex deletes it, reads that file again and says so', async () => {
    const drafts = join(t.indexDir, DRAFTS_DIR);
    const entries = readdirSync(drafts).filter((n) => n.endsWith('.mp'));
    expect(entries).toHaveLength(4);
    for (const n of entries) expect(openSealed(readFileSync(join(drafts, n)))).toBeDefined();
    const victim = entries[0]!;
    flipBytes(join(drafts, victim));
    const report = verifyIndex(t.indexDir);
    expect(report.damaged).toEqual([]);
    expect(report.cache).toEqual([expect.stringMatching(new RegExp(`^drafts/${victim} \\(cached drafts of seeds/\\S+\\) fails its checksum$`))]);
    const corpusFile = /cached drafts of (\S+)\)/.exec(report.cache[0]!)![1]!;

    // a removed file makes the whole corpus be cleaned again, from the cached drafts
    const before = (await t.load());
    const releases = [...before.store.ids()].sort();
    before.close();
    const gone = Object.keys(m.files).find((f) => f !== corpusFile)!;
    t.removeFile(gone);
    const s = await t.reindex();
    expect(s.damagedDrafts).toEqual([corpusFile]);
    expect(formatSummary(s)).toContain(`cached drafts damaged (deleted, the files read again): ${corpusFile}\n`);
    expect(s.bytesRead).toBe(readFileSync(t.path(corpusFile)).length);
    expect(verifyIndex(t.indexDir)).toMatchObject({ damaged: [], cache: [] });
    const after = await t.load();
    try {
      const kept = new Set(readManifest(t.indexDir).files[corpusFile]!.releaseIds);
      expect(kept.size).toBeGreaterThan(0);
      for (const id of kept) expect(releases).toContain(id);
    } finally {
      after.close();
    }
  });
});
