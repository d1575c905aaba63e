import { beforeAll, describe, expect, it } from 'vitest';
import type { Release } from '../../../src/clean/release.js';
import { IndexFormatError, SearchEngine, type EngineHit, type EngineQuery } from '../../../src/engine/memory/search-engine.js';
import { tokenize } from '../../../src/analysis/terms.js';
import { filesUnder, ingest, INGEST } from '../../support/ingest-fixtures.js';

let releases: Release[];
let built: SearchEngine;

beforeAll(() => {
  releases = ingest(filesUnder(INGEST)).releases;
  built = SearchEngine.create();
  for (const r of releases) built.add(r);
});

const roundTrip = (e: SearchEngine) => SearchEngine.deserialize(Buffer.concat(e.serialize()));
const shape = (hits: EngineHit[]) => hits.map((h) => `${h.id} ${h.score.toFixed(9)} ${[...h.terms].sort().join(',')}`);

/** Queries of every kind over words taken from the releases themselves. */
function queries(): EngineQuery[] {
  const words = [...new Set(releases.flatMap((r) => tokenize(r.title).map((t) => t.term)))].filter((w) => w.length > 3).slice(0, 60);
  const term = (t: string, extra: { prefix?: boolean; fuzzy?: boolean } = {}): EngineQuery => ({ kind: 'term', term: t, ...extra });
  const out: EngineQuery[] = [];
  words.forEach((w, i) => {
    const v = words[(i * 7 + 3) % words.length]!;
    out.push(term(w), { kind: 'and', items: [term(w), term(v)] }, { kind: 'or', items: [term(w), term(v)] });
    out.push(term(w.slice(0, 3), { prefix: true }), term(`${w}x`, { fuzzy: true }), { kind: 'not', include: term(w), exclude: [term(v)] });
  });
  return out;
}

describe('engine file', () => {
  it('loads an engine that answers every kind of query exactly as the one that was saved', () => {
    expect(releases.length).toBeGreaterThan(20);
    const loaded = roundTrip(built);
    expect(loaded.size).toBe(built.size);
    const qs = queries();
    let matched = 0;
    for (const q of qs) {
      const want = shape(built.search(q));
      matched += want.length;
      expect(shape(loaded.search(q)), JSON.stringify(q)).toEqual(want);
    }
    expect(matched).toBeGreaterThan(qs.length); // the queries do find releases
    expect(loaded.suggest('gti', 3)).toEqual(built.suggest('gti', 3));
    expect(loaded.info(releases[0]!.id)).toEqual(built.info(releases[0]!.id));
  });

  it('takes additions and removals after loading, and saves them without the removed postings', () => {
    const loaded = roundTrip(built);
    // a release with a word no other one has: its removal must take the word out of the saved index
    const gone = releases.find((r) => r.title.includes('Hold\'em for Heroes'))!;
    expect(gone.title).toMatch(/^TASER Foundation for Fallen Officers/);
    const extra: Release = { ...releases[5]!, id: 'extra-release', title: 'Zyxwvutron approval', body: 'The zyxwvutron filing.' };
    loaded.remove(gone.id);
    loaded.add(extra);
    const mirror = SearchEngine.create();
    for (const r of releases) if (r.id !== gone.id) mirror.add(r);
    mirror.add(extra);

    expect(loaded.search('zyxwvutron').map((h) => h.id)).toEqual(['extra-release']);
    const again = roundTrip(loaded);
    expect(again.has(gone.id)).toBe(false);
    expect(again.size).toBe(releases.length);
    // a word only the removed release had is gone from the saved index, not merely hidden
    const own = tokenize(`${gone.title} ${gone.body}`).map((t) => t.term).find((t) => !releases.some((r) => r !== gone && tokenize(`${r.title}\n${r.subtitle} ${r.body}`).some((x) => x.term === t)));
    expect(own).toBe('fallen');
    expect(built.hasTerm('fallen')).toBe(true);
    expect(again.hasTerm('fallen')).toBe(false);
    for (const q of queries().slice(0, 120)) expect(shape(again.search(q)).length, JSON.stringify(q)).toBe(shape(mirror.search(q)).length);
    expect(again.search('zyxwvutron').map((h) => h.id)).toEqual(['extra-release']);
  });

  it('reads an engine file that does not start on an aligned offset', () => {
    const bytes = Buffer.concat(built.serialize());
    const shifted = new Uint8Array(bytes.length + 1).subarray(1);
    shifted.set(bytes);
    expect(SearchEngine.deserialize(shifted).search('revenue').length).toBe(built.search('revenue').length);
  });

  it('round-trips an index with more than 65,535 releases', { timeout: 60_000 }, () => {
    const engine = SearchEngine.create();
    const n = 70_000;
    for (let i = 0; i < n; i++) {
      engine.add({ id: `r${i}`, title: `Release ${i}`, subtitle: '', date: '2004-01-01', place: '', company: 'Acme Inc.', tickers: [], body: `word${i % 500} shared`, sources: [], removed: [] });
    }
    const back = roundTrip(engine);
    expect(back.size).toBe(n);
    expect(back.search('word7').length).toBe(n / 500);
  });

  it('refuses damaged bytes with an error naming the fix', () => {
    const bytes = Buffer.concat(built.serialize());
    expect(() => SearchEngine.deserialize(bytes.subarray(0, bytes.length - 10))).toThrow(IndexFormatError);
    expect(() => SearchEngine.deserialize(bytes.subarray(0, bytes.length - 10))).toThrow(/reindex -- --full/);
    expect(() => SearchEngine.deserialize(Buffer.from('{"index": []}'))).toThrow(/not an engine file/);
    const wrongFormat = Buffer.from(bytes);
    wrongFormat.writeUInt32LE(99, 4);
    expect(() => SearchEngine.deserialize(wrongFormat)).toThrow(/format 99/);
    // another format is another version's file, not damage: the loader says so
    expect(() => SearchEngine.deserialize(wrongFormat)).toThrow(expect.objectContaining({ kind: 'version' }));
    expect(() => SearchEngine.deserialize(bytes.subarray(0, bytes.length - 10))).toThrow(expect.objectContaining({ kind: 'damaged' }));
  });
});
