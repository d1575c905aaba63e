import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Release } from '../../src/clean/release.js';
import { FileReleaseStore, readStoreTable, writeReleaseStore } from '../../src/store/release-store-file.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'store-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const release = (id: string, body: string): Release => ({
  id, title: `Lorus Therapeutics ${id}`, subtitle: '', date: '2003-11-07', place: 'TORONTO, CANADA', company: 'Lorus Therapeutics Inc.',
  tickers: ['TSX:LOR'], body, sources: [{ file: 'seeds/001_ebb4752fe36ec00b.txt', part: 'document' }], removed: [{ kind: 'contact', text: 'Grace Tse' }],
});

describe('FileReleaseStore', () => {
  it('reads back each release on demand, with its hash, and refuses reads once closed', () => {
    const rs = [release('a1', 'Virulizin® compassionate use — 10 countries.'), release('b2', 'GTI-2040 in renal cell carcinoma.\n\nSecond paragraph.')];
    const files = writeReleaseStore(dir, 'g1', rs.map((r, i) => ({ id: r.id, release: r, hash: `h${i}` })));
    const store = FileReleaseStore.open(dir, files.storeData, files.storeTable);
    expect(store.size).toBe(2);
    expect([...store.ids()]).toEqual(['a1', 'b2']);
    expect(store.get('b2')).toEqual(rs[1]);
    expect(store.get('a1')).toEqual(rs[0]);
    expect(store.get('zz')).toBeUndefined();
    expect(store.hashOf('b2')).toBe('h1');
    store.close();
    expect(() => store.get('a1')).toThrow(/closed/);
  });

  it('detects a data file that does not match the manifest size', () => {
    const files = writeReleaseStore(dir, 'g2', [{ id: "a1", release: release("a1", "text"), hash: "h" }]);
    const [data] = files.storeData;
    expect(() => FileReleaseStore.open(dir, [{ ...data!, bytes: data!.bytes + 7 }], files.storeTable)).toThrow(/truncated\?.*--full/);
  });

  it('writes only new and changed releases on an update, leaving the previous generation readable', () => {
    const rs = Array.from({ length: 20 }, (_, i) => release(`r${i}`, `Body ${i}. ${'Lorus '.repeat(50)}`));
    const g1 = writeReleaseStore(dir, 'g1', rs.map((r) => ({ id: r.id, release: r, hash: `h-${r.id}` })));
    const old = FileReleaseStore.open(dir, g1.storeData, g1.storeTable);
    const previous = { table: readStoreTable(dir, g1.storeTable), dataFiles: g1.storeData };
    // one changed, one removed, one added
    const next = [...rs.slice(1, 19), { ...rs[19]!, body: 'Revised.' }, release('new', 'A new release.')];
    const hashed = next.map((r) => ({ id: r.id, release: r, hash: r.id === 'r19' ? 'h-r19-v2' : `h-${r.id}` }));
    const g2 = writeReleaseStore(dir, 'g2', hashed, previous);
    expect(g2.storeData.map((f) => f.name)).toEqual([g1.storeData[0]!.name, 'releases-g2.dat']);
    expect(g2.storeData[1]!.bytes).toBeLessThan(g1.storeData[0]!.bytes / 5);
    const store = FileReleaseStore.open(dir, g2.storeData, g2.storeTable);
    for (const r of next) expect(store.get(r.id)).toEqual(r);
    expect(store.get('r0')).toBeUndefined();
    expect(old.get('r19')).toEqual(rs[19]);
    store.close();
    old.close();
  });

  it('copies the live records into one file once most bytes are stale', () => {
    let rs = Array.from({ length: 10 }, (_, i) => release(`r${i}`, `Body ${i}.`));
    let files = writeReleaseStore(dir, 'g0', rs.map((r) => ({ id: r.id, release: r, hash: "v0" })));
    for (let g = 1; g <= 12; g++) {
      // every release changes each time: the old files are soon mostly dead
      rs = rs.map((r) => ({ ...r, body: `${r.body} v${g}` }));
      const previous = { table: readStoreTable(dir, files.storeTable), dataFiles: files.storeData };
      files = writeReleaseStore(dir, `g${g}`, rs.map((r) => ({ id: r.id, release: r, hash: `v${g}` })), previous);
      expect(files.storeData.length).toBeLessThanOrEqual(2);
      const store = FileReleaseStore.open(dir, files.storeData, files.storeTable);
      for (const r of rs) expect(store.get(r.id)).toEqual(r);
      store.close();
    }
  });
});
