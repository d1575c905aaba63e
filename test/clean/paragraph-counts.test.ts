import { describe, expect, it } from 'vitest';
import { ParagraphCounts } from '../../src/clean/paragraph-counts.js';

// a small deterministic generator: the same sequence on every run
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('ParagraphCounts', () => {
  it('counts like a map of holder sets, capped, across saves, and names the holders when a fingerprint reaches the cap', () => {
    const rand = lcg(7);
    const cap = 3;
    const model = new Map<number, Set<number>>();
    let counts = new ParagraphCounts(cap);
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 400; i++) {
        const fp = Math.floor(rand() * 150) * 2 ** 30 + 0.5 * (i % 3); // 53-bit-like values, some close together
        const holder = Math.floor(rand() * 40);
        const before = model.get(fp) ?? new Set<number>();
        const crossed = counts.add(fp, holder);
        const expected = before.size === cap - 1 && !before.has(holder) ? [...before] : [];
        expect(crossed.sort()).toEqual(expected.sort());
        model.set(fp, new Set([...before, holder]));
      }
      for (const [fp, holders] of model) expect(counts.count(fp)).toBe(Math.min(holders.size, cap));
      // saved and read back, as the index does between runs
      const a = counts.toArrays();
      expect([...a.fps]).toEqual([...a.fps].sort((x, y) => x - y));
      counts = new ParagraphCounts(cap, a.fps, a.counts, a.holders);
    }
    expect(counts.count(123.25)).toBe(0);
  });
});
