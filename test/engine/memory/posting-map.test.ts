import { describe, expect, it } from 'vitest';
import { PostingMap } from '../../../src/engine/memory/posting-map.js';

/** A deterministic generator, so a failure replays. */
function prng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('PostingMap', () => {
  it('behaves as a Map through adds, removals and frequency changes, keeping the view until it must copy', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rand = prng(seed);
      const n = 1 + Math.floor(rand() * 50);
      const docs = new Int32Array(n);
      const freqs = new Uint16Array(n);
      let doc = 0;
      for (let i = 0; i < n; i++) {
        doc += 1 + Math.floor(rand() * 5);
        docs[i] = doc;
        freqs[i] = 1 + Math.floor(rand() * 9);
      }
      const map = new PostingMap({ docs, freqs }, 0, n);
      const want = new Map<number, number>([...docs].map((d, i) => [d, freqs[i]!]));
      let next = doc + 1;
      for (let step = 0; step < 60; step++) {
        const r = rand();
        if (r < 0.4) {
          // MiniSearch adds a new release (a higher number), counting its occurrences one by one
          const d = next++;
          for (let k = 1 + Math.floor(rand() * 3); k > 0; k--) {
            map.set(d, (map.get(d) ?? 0) + 1);
            want.set(d, (want.get(d) ?? 0) + 1);
          }
        } else if (r < 0.8) {
          const keys = [...want.keys()];
          const d = keys.length && rand() < 0.9 ? keys[Math.floor(rand() * keys.length)]! : next + 100;
          expect(map.delete(d)).toBe(want.delete(d));
        } else if (r < 0.85 && want.size) {
          // a frequency change inside the view: kept in the overlay
          const d = [...want.keys()][0]!;
          map.set(d, 7);
          want.set(d, 7);
        } else if (r < 0.95 && want.size) {
          // MiniSearch removing a release takes its occurrences out one by one
          const keys = [...want.keys()];
          const d = keys[Math.floor(rand() * keys.length)]!;
          const f = want.get(d)!;
          if (f <= 1) expect(map.delete(d)).toBe(want.delete(d));
          else {
            map.set(d, f - 1);
            want.set(d, f - 1);
          }
        }
        expect(map.size).toBe(want.size);
        expect([...map.entries()]).toEqual([...want.entries()]);
        expect([...map.keys()]).toEqual([...want.keys()]);
        expect([...map.values()]).toEqual([...want.values()]);
        for (const d of [docs[0]!, docs[n - 1]!, next - 1, next]) {
          expect(map.get(d)).toBe(want.get(d));
          expect(map.has(d)).toBe(want.has(d));
        }
      }
    }
  });

  it('iterates what was there when iteration began, even if a write copies it meanwhile', () => {
    // MiniSearch lowers the frequency of a discarded release while it iterates a posting
    const map = new PostingMap({ docs: Int32Array.of(1, 3, 5), freqs: Uint16Array.of(2, 2, 2) }, 0, 3);
    map.set(8, 1);
    const seen: number[] = [];
    for (const [doc, freq] of map) {
      seen.push(doc);
      if (doc === 1) map.set(1, freq - 1);
    }
    expect(seen).toEqual([1, 3, 5, 8]);
    expect([...map.entries()]).toEqual([[1, 1], [3, 2], [5, 2], [8, 1]]);
  });

  it('exposes its columns only while nothing was written', () => {
    const map = new PostingMap({ docs: Int32Array.of(1, 3), freqs: Uint16Array.of(2, 1) }, 0, 2);
    expect(map.raw).toBeDefined();
    map.set(9, 1);
    expect(map.raw).toBeUndefined();
  });
});
