import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Release } from '../../src/clean/release.js';
import { charBoundary, leadOf, OPENING_BYTES, packRecord, packRecordInto, WINDOW_BYTES } from '../../src/store/release-record.js';
import { FileReleaseStore, writeReleaseStore } from '../../src/store/release-store-file.js';
import { IndexCorruptError } from '../../src/store/store-errors.js';
import { flipBytes } from '../support/flip-bytes.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'record-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// every character of the body two or three bytes in UTF-8: a cut by bytes falls inside characters
const LONG = 'Virulizin® — phase II in 東京. '.repeat(600);
const release = (id: string, body: string, extra: Partial<Release> = {}): Release => ({
  id, title: `Lorus Therapeutics ${id}`, subtitle: 'A deck', date: '2003-11-07', place: 'TORONTO, CANADA', company: 'Lorus Therapeutics Inc.',
  tickers: ['TSX:LOR', 'AMEX:LRP'], body,
  sources: [{ file: 'edgar/1/0000950123-04-000001.txt', part: 'EX-99.1', cik: '1', form: '8-K', accession: '0000950123-04-000001', filedAt: '2004-03-04', secUrl: 'https://www.sec.gov/Archives/edgar/data/1/000095012304000001/0000950123-04-000001-index.htm' }],
  removed: [{ kind: 'contact', text: 'Grace Tse' }],
  ...extra,
});

function open(rs: Release[]) {
  const files = writeReleaseStore(dir, 'g1', rs.map((r) => ({ id: r.id, release: r, hash: `h-${r.id}` })));
  return { files, store: FileReleaseStore.open(dir, files.storeData, files.storeTable) };
}

describe('a record packed into a run buffer', () => {
  it('is the bytes packRecord makes, at any offset, or undefined when it does not fit', () => {
    const r = release('r1', LONG);
    const alone = packRecord(r);
    const target = Buffer.alloc(alone.bytes.length * 2 + 5);
    const first = packRecordInto(r, target, 5)!;
    expect(first.length).toBe(alone.bytes.length);
    expect(target.subarray(5, 5 + first.length).equals(alone.bytes)).toBe(true);
    expect({ head: first.head, body: first.body, crcs: first.crcs }).toEqual({ head: alone.head, body: alone.body, crcs: alone.crcs });
    // room for all but the last byte: the body's UTF-8 is measured, the tail does not fit
    expect(packRecordInto(r, target, target.length - alone.bytes.length + 1)).toBeUndefined();
    expect(packRecordInto(r, target, target.length - alone.bytes.length)!.length).toBe(alone.bytes.length);
    expect(packRecordInto(r, Buffer.alloc(10), 0)).toBeUndefined();
  });
});

describe('a release record read in part', () => {
  it('gives the listed fields and the start of the body, cut at a character, and the whole release back unchanged', () => {
    const rs = [release('long', LONG), release('short', 'GTI-2040 in renal cell carcinoma.'), release('empty', '')];
    const { store } = open(rs);
    try {
      for (const r of rs) expect(store.get(r.id)).toStrictEqual(r);
      expect(Object.keys(store.get('long')!)).toEqual(Object.keys(rs[0]!));
      const opening = store.lead('long', 'opening')!;
      const window = store.lead('long', 'window')!;
      expect({ ...opening, body: '' }).toEqual({ ...leadOf(rs[0]!), body: '', whole: false });
      expect(opening.identity).toMatchObject({ cik: '1', form: '8-K', filedAt: '2004-03-04' });
      for (const [lead, bytes] of [[opening, OPENING_BYTES], [window, WINDOW_BYTES]] as const) {
        expect(LONG.startsWith(lead.body)).toBe(true);
        expect(lead.body).not.toContain('\uFFFD');
        expect(Buffer.byteLength(lead.body)).toBeGreaterThan(bytes - 4);
        expect(Buffer.byteLength(lead.body)).toBeLessThanOrEqual(bytes);
      }
      expect(store.lead('short', 'opening')).toEqual({ ...leadOf(rs[1]!), whole: true });
      expect(store.lead('empty', 'window')).toEqual({ ...leadOf(rs[2]!), whole: true });
      expect(store.lead('none', 'opening')).toBeUndefined();
    } finally {
      store.close();
    }
  });

  it('checks the bytes a lead reads: damage there is refused, damage past them only when the release is read whole', () => {
    const { files, store } = open([release('a', LONG)]);
    const { heads, lengths } = store.table;
    store.close();
    const data = join(dir, files.storeData[0]!.name);
    // in the tail (past the body): the lead reads, the release does not
    flipBytes(data, lengths[0]! - 20);
    let again = FileReleaseStore.open(dir, files.storeData, files.storeTable);
    expect(again.lead('a', 'window')?.title).toBe('Lorus Therapeutics a');
    expect(() => again.get('a')).toThrow(/release a fails its checksum/);
    again.close();
    // in the body's first bytes: both refuse
    flipBytes(data, heads[0]! + 10);
    again = FileReleaseStore.open(dir, files.storeData, files.storeTable);
    expect(() => again.lead('a', 'opening')).toThrow(IndexCorruptError);
    expect(() => again.get('a')).toThrow(IndexCorruptError);
    again.close();
  });

  it('never cuts a character in two', () => {
    const bytes = Buffer.from('a®東😀', 'utf8'); // 1 + 2 + 3 + 4 bytes
    const ends = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((end) => charBoundary(bytes, 0, end));
    expect(ends).toEqual([1, 1, 3, 3, 3, 6, 6, 6, 6, 10]);
  });
});
