import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Release } from '../../src/clean/release.js';
import { FileReleaseStore, writeReleaseStore } from '../../src/store/release-store-file.js';
import { ReleaseStoreWriter } from '../../src/store/release-store-writer.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'store-writer-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const release = (i: number): Release => ({
  id: `r${i}`, title: `Lorus Therapeutics announces ${i}`, subtitle: '', date: '2003-11-07', place: 'TORONTO, CANADA', company: 'Lorus Therapeutics Inc.',
  tickers: ['TSX:LOR'], body: `Virulizin® in ${i} patients — GTI-2040.\n\n${'Lorus Therapeutics Inc. '.repeat(1 + (i % 300))}`,
  sources: [{ file: 'seeds/001_ebb4752fe36ec00b.txt', part: 'document' }], removed: [],
});

describe('ReleaseStoreWriter', () => {
  it('writes, record by record, the files writeReleaseStore writes from the whole list', () => {
    // enough text that the records go out in several runs of writes
    const rs = Array.from({ length: 3_000 }, (_, i) => release(i));
    const whole = writeReleaseStore(join(dir), 'g1', rs.map((r) => ({ id: r.id, hash: `h${r.id}`, release: r })));
    const w = new ReleaseStoreWriter(dir, 'g2');
    for (const r of rs) w.add(r.id, `h${r.id}`, r);
    const streamed = w.finish();
    expect(streamed.storeData[0]!.bytes).toBe(whole.storeData[0]!.bytes);
    expect(streamed.storeData[0]!.bytes).toBeGreaterThan(8 << 20);
    expect(readFileSync(join(dir, streamed.storeData[0]!.name)).equals(readFileSync(join(dir, whole.storeData[0]!.name)))).toBe(true);
    expect(readFileSync(join(dir, streamed.storeTable.name)).equals(readFileSync(join(dir, whole.storeTable.name)))).toBe(true);
    const store = FileReleaseStore.open(dir, streamed.storeData, streamed.storeTable);
    expect(store.get('r2999')).toEqual(rs[2999]);
    store.close();
  });

  it('writes a record larger than a run alone, and multi-byte bodies across runs, as writeReleaseStore does', () => {
    // bodies of 2-, 3- and 4-byte characters, so some meet a run's end where only their measured UTF-8 fits
    const rs = Array.from({ length: 600 }, (_, i) => ({ ...release(i), body: `${'é—𝐀'.repeat(2_000 + i * 7)} ${i}` }));
    rs.splice(300, 0, { ...release(9_999), body: 'Lorus '.repeat(1_000_000) });
    const whole = writeReleaseStore(join(dir), 'g1', rs.map((r) => ({ id: r.id, hash: `h${r.id}`, release: r })));
    const w = new ReleaseStoreWriter(dir, 'g2');
    for (const r of rs) w.add(r.id, `h${r.id}`, r);
    const streamed = w.finish();
    expect(readFileSync(join(dir, streamed.storeData[0]!.name)).equals(readFileSync(join(dir, whole.storeData[0]!.name)))).toBe(true);
    expect(readFileSync(join(dir, streamed.storeTable.name)).equals(readFileSync(join(dir, whole.storeTable.name)))).toBe(true);
    const store = FileReleaseStore.open(dir, streamed.storeData, streamed.storeTable);
    for (const i of [0, 299, 300, 301, 600]) expect(store.get(rs[i]!.id)).toEqual(rs[i]);
    store.close();
  });

  it('leaves nothing behind when a build is given up', () => {
    const w = new ReleaseStoreWriter(dir, 'g3');
    for (let i = 0; i < 10; i++) w.add(`r${i}`, 'h', release(i));
    w.abort();
    expect(readdirSync(dir)).toEqual([]);
  });
});
