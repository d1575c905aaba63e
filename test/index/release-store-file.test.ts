import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Release } from '../../src/clean/release.js';
import { FileReleaseStore, writeReleaseStore } from '../../src/index/release-store-file.js';

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
    const files = writeReleaseStore(dir, 'g1', rs.map((r, i) => ({ release: r, hash: `h${i}` })));
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
    const files = writeReleaseStore(dir, 'g2', [{ release: release('a1', 'text'), hash: 'h' }]);
    expect(() => FileReleaseStore.open(dir, { ...files.storeData, bytes: files.storeData.bytes + 7 }, files.storeTable)).toThrow(/truncated\?.*--full/);
  });
});
