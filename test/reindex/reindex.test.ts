import { appendFileSync, copyFileSync, readdirSync, readFileSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IndexCorruptError, IndexLockedError, IndexVersionError } from '../../src/store/store-errors.js';
import { acquireIndexLock } from '../../src/store/index-lock.js';
import { loadIndex } from '../../src/engine/memory/load-index.js';
import { MANIFEST_FILE, readManifest } from '../../src/store/manifest.js';
import { NothingIndexedError, type ReindexProgress } from '../../src/reindex/reindex.js';
import { SEEDS, tempIndex, type TempIndex, type TempReindexOptions } from '../support/temp-index.js';
import { simpleIngester } from './simple-ingester.js';

let t: TempIndex;
let corpus: string;
let index: string;

beforeEach(async () => {
  t = await tempIndex({ prefix: 'reindex', ingester: simpleIngester });
  ({ corpusDir: corpus, indexDir: index } = t);
});
afterEach(() => t.cleanup());

const run = (extra: TempReindexOptions = {}) => t.reindex(extra);

describe('reindex', () => {
  it('builds an index that loads and finds the seeds', async () => {
    const s = await run();
    expect(s.mode).toBe('full');
    expect(s.files.added).toHaveLength(4);
    const idx = await loadIndex(index);
    expect(idx.info.releases).toBe(s.releases.total);
    // the simple ingester makes one release of each file: the 6-K and the exhibit that name the drug
    const m = readManifest(index);
    const idOf = (file: string) => m.files[`seeds/${file}`]!.releaseIds;
    expect(idx.engine.search('GTI-2040').map((h) => h.id).sort()).toEqual([...idOf('000_9dfd254e06cbdf3a.txt'), ...idOf('003_bef9167ec3356df1.txt')].sort());
    const hit = idx.engine.search('gemcitabine')[0];
    expect(idx.store.get(hit!.id)?.body).toMatch(/gemcitabine/i);
    idx.close();
  });

  it('reads only new and changed files, removes releases of deleted ones, keeps the rest', async () => {
    await run();
    const first = readManifest(index);
    const s2 = await run();
    expect(s2).toMatchObject({ mode: 'incremental', files: { added: [], changed: [], removed: [], unchanged: 4 } });
    expect(s2.releases).toMatchObject({ added: 0, updated: 0, removed: 0 });
    // nothing changed: nothing rewritten
    expect(readManifest(index).generation).toBe(first.generation);
    expect(s2.releases.total).toBe(first.counts.releases);

    copyFileSync(join(SEEDS, '001_ebb4752fe36ec00b.txt'), join(corpus, 'new.txt'));
    appendFileSync(join(corpus, 'new.txt'), '\n\nAn extra paragraph about zymurgy.\n');
    appendFileSync(join(corpus, 'seeds', '003_bef9167ec3356df1.txt'), '\n\nA correction about xylophones.\n');
    unlinkSync(join(corpus, 'seeds', '002_5f77f99c70e75657.txt'));
    const s3 = await run();
    expect(s3.mode).toBe('incremental');
    expect(s3.files).toMatchObject({ added: ['new.txt'], changed: ['seeds/003_bef9167ec3356df1.txt'], removed: ['seeds/002_5f77f99c70e75657.txt'], unchanged: 2 });
    // new.txt and the changed 003 are new releases; 002's and the old 003's are gone
    expect(s3.releases).toEqual({ added: 2, updated: 0, removed: 2, total: 4 });
    const m = readManifest(index);
    expect(m.generation).not.toBe(first.generation);
    expect(Object.keys(m.files).sort()).toEqual(['new.txt', 'seeds/000_9dfd254e06cbdf3a.txt', 'seeds/001_ebb4752fe36ec00b.txt', 'seeds/003_bef9167ec3356df1.txt']);
    const idx = await loadIndex(index);
    expect(idx.engine.search('zymurgy')).toHaveLength(1);
    expect(idx.engine.search('xylophones')).toHaveLength(1);
    // the incremental engine answers like a full rebuild of the same corpus
    const full = await run({ full: true });
    const again = await loadIndex(index);
    expect(again.info.releases).toBe(idx.info.releases);
    expect(again.engine.search('lorus').map((h) => h.id).sort()).toEqual(idx.engine.search('lorus').map((h) => h.id).sort());
    expect(full.mode).toBe('full');
    idx.close();
    again.close();
    // old generations are cleaned, only the current one stays
    expect(readdirSync(index).filter((n) => /^(engine|releases)-/.test(n))).toHaveLength(3);
  });

  it('a release filed again in a new filing gains a source, not a second copy', async () => {
    await run();
    const before = await loadIndex(index);
    copyFileSync(join(corpus, 'seeds', '001_ebb4752fe36ec00b.txt'), join(corpus, 'refiled.txt'));
    const s = await run();
    expect(s.releases).toMatchObject({ added: 0, updated: 1, removed: 0, total: before.info.releases });
    const after = await loadIndex(index);
    const id = readManifest(index).files['refiled.txt']!.releaseIds[0]!;
    expect(after.store.get(id)!.sources.map((x) => x.file).sort()).toEqual(['refiled.txt', 'seeds/001_ebb4752fe36ec00b.txt']);
    before.close();
    after.close();
  });

  it('with FILE… reads only those files; --dry-run writes nothing', async () => {
    await run();
    appendFileSync(join(corpus, 'seeds', '000_9dfd254e06cbdf3a.txt'), '\n\nQuokka news.\n');
    appendFileSync(join(corpus, 'seeds', '001_ebb4752fe36ec00b.txt'), '\n\nWombat news.\n');
    const gen = readManifest(index).generation;
    const dry = await run({ dryRun: true });
    expect(dry.files.changed).toHaveLength(2);
    expect(readManifest(index).generation).toBe(gen);
    const s = await run({ files: ['seeds/001_ebb4752fe36ec00b.txt'] });
    expect(s.files.changed).toEqual(['seeds/001_ebb4752fe36ec00b.txt']);
    const idx = await loadIndex(index);
    expect(idx.engine.search('wombat')).toHaveLength(1);
    expect(idx.engine.search('quokka')).toHaveLength(0);
    idx.close();
  });

  it('a second reindex waits for the lock or says who holds it; a dead holder is taken over', async () => {
    await run();
    const lock = await acquireIndexLock(index);
    // waited its 100 ms, then refused, naming the holder (this process)
    const refused = await run({ lockWaitMs: 100 }).then(() => undefined, (err: unknown) => err);
    expect(refused).toBeInstanceOf(IndexLockedError);
    expect(refused).toMatchObject({ pid: process.pid, message: expect.stringContaining(`another reindex (pid ${process.pid}) is writing ${index}`) });

    const stages: string[] = [];
    const progress: ReindexProgress = { stage: (name) => void stages.push(name), file: () => {}, warn: () => {} };
    // its first try at the lock is made on the call; let the event loop turn once past it
    const waiting = run({ lockWaitMs: 30_000, progress });
    await new Promise((r) => setImmediate(r));
    // blocked at the lock: it has not begun to scan the corpus
    expect(stages).toEqual([]);
    lock.release();
    await expect(waiting).resolves.toMatchObject({ mode: 'incremental', files: { unchanged: 4 } });
    expect(stages).toEqual(['scan', 'done']);

    // a lock file left by a process that no longer exists
    writeFileSync(join(index, '.lock'), '999999999\n2020-01-01T00:00:00Z\n');
    const warnings: string[] = [];
    await run({ progress: { stage: () => {}, file: () => {}, warn: (m) => warnings.push(m) } });
    expect(warnings).toEqual(['took over the lock of a reindex that died']);
  });

  it('an index of another format or tokenizer version is refused by the loader and rebuilt by reindex', async () => {
    await run();
    const m = JSON.parse(readFileSync(join(index, MANIFEST_FILE), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(index, MANIFEST_FILE), JSON.stringify({ ...m, tokenizerVersion: -1 }));
    await expect(loadIndex(index)).rejects.toThrow(IndexVersionError);
    await expect(loadIndex(index)).rejects.toThrow(/tokenizer version -1.*npm run reindex -- --full/);
    const s = await run();
    expect(s.mode).toBe('full');
    expect(s.reason).toMatch(/tokenizer version -1/);
    writeFileSync(join(index, MANIFEST_FILE), JSON.stringify({ ...m, formatVersion: 99 }));
    await expect(loadIndex(index)).rejects.toThrow(/format version 99/);
  });

  it('a truncated or garbled index file gives a clear error naming the fix, and reindex repairs it', async () => {
    await run();
    const m = readManifest(index);
    truncateSync(join(index, m.data.engine.name), Math.floor(m.data.engine.bytes / 2));
    await expect(loadIndex(index)).rejects.toThrow(IndexCorruptError);
    await expect(loadIndex(index)).rejects.toThrow(/truncated.*npm run reindex -- --full/);
    const s = await run();
    expect(s.mode).toBe('full');
    (await loadIndex(index)).close();

    const m2 = readManifest(index);
    const bytes = readFileSync(join(index, m2.data.storeTable.name));
    bytes.fill(0xc1, 0, bytes.length); // 0xc1 is never valid msgpack
    writeFileSync(join(index, m2.data.storeTable.name), bytes);
    await expect(loadIndex(index)).rejects.toThrow(/(cannot be decoded|fails its checksum).*--full/);
    writeFileSync(join(index, MANIFEST_FILE), '{"formatVersion": 1, "tokeni');
    await expect(loadIndex(index)).rejects.toThrow(/manifest.json is not valid JSON.*--full/);
  });

  it('a file that cannot be ingested is reported and skipped, the rest indexed; if all fail, nothing is written', async () => {
    const picky = {
      ...simpleIngester,
      ingestFile: (file: string, bytes: Uint8Array) => {
        if (file.endsWith('002_5f77f99c70e75657.txt')) throw new Error('unexpected token');
        return simpleIngester.ingestFile(file, bytes);
      },
    };
    const s = await run({ ingester: picky });
    expect(s.files.failed).toEqual([{ file: 'seeds/002_5f77f99c70e75657.txt', reason: 'cannot be ingested (unexpected token)' }]);
    expect(s.releases.total).toBe(3); // one release of each of the other three files
    const gen = readManifest(index).generation;
    const broken = { ...simpleIngester, ingestFile: () => { throw new Error('boom'); } };
    await expect(run({ full: true, ingester: broken })).rejects.toThrow(NothingIndexedError);
    expect(readManifest(index).generation).toBe(gen);
    (await loadIndex(index)).close();
  });

  it('leaves nothing of removed releases in the saved engine: the same answers as a full build', async () => {
    const one = readFileSync(join(SEEDS, '001_ebb4752fe36ec00b.txt'), 'latin1');
    for (let i = 0; i < 60; i++) writeFileSync(join(corpus, `copy${i}.txt`), `${one}\n\nExtra note number w${i}q.\n`);
    const built = await run();
    expect(built.releases.total).toBe(64); // the 4 seeds and 60 copies, each with a note of its own
    for (let i = 0; i < 55; i++) unlinkSync(join(corpus, `copy${i}.txt`));
    const s = await run();
    expect(s.mode).toBe('incremental');
    expect(s.releases).toEqual({ added: 0, updated: 0, removed: 55, total: 9 });
    const idx = await loadIndex(index);
    expect(idx.engine.size).toBe(s.releases.total);
    expect(idx.engine.search('w3q')).toHaveLength(0);
    expect(idx.engine.hasTerm('w3q')).toBe(false);
    expect(idx.engine.search('w57q')).toHaveLength(1);
    const incremental = idx.engine.search('gemcitabine').map((h) => `${h.id} ${h.score.toFixed(9)}`);
    expect(incremental).toHaveLength(7); // two seeds and the five copies of 001 that are left
    idx.close();
    await run({ full: true });
    const full = await loadIndex(index);
    expect(full.engine.search('gemcitabine').map((h) => `${h.id} ${h.score.toFixed(9)}`)).toEqual(incremental);
    full.close();
  });
});
