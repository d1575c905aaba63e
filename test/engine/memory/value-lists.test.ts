import { describe, expect, it } from 'vitest';
import { ValueLists } from '../../../src/engine/memory/value-lists.js';

// Releases naming 0–4 of 600 codes, a few codes named by many (as a sponsor's lead drug is).
function lists(releases: number, seed: number): (string[] | undefined)[] {
  let x = seed;
  const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
  return Array.from({ length: releases }, () => {
    const n = Math.floor(next() * 5);
    if (n === 0) return undefined;
    const codes = new Set<string>();
    while (codes.size < n) codes.add(`c${next() < 0.3 ? Math.floor(next() * 5) : Math.floor(next() * 600)}`);
    return [...codes];
  });
}

const subset = (releases: number, share: number, seed: number): Int32Array => {
  let x = seed;
  const out: number[] = [];
  for (let doc = 0; doc < releases; doc++) if ((x = (Math.imul(x, 22695477) + 1) >>> 0) / 2 ** 32 < share) out.push(doc);
  return Int32Array.from(out);
};

describe('value lists', () => {
  const values = new ValueLists(lists(5000, 7));
  const name = (v: number) => values.values[v]!;

  it('counts a set by name as counting every value does, in value order, for sets of every size', () => {
    // a few releases (few values held), a tenth (many), most (nearly every value): each branch
    for (const [share, seed] of [[0.002, 1], [0.02, 2], [0.1, 3], [0.9, 4], [0.002, 5], [1, 6]] as const) {
      const docs = subset(5000, share, seed);
      const expected = ValueLists.toMap(values.count(docs), name);
      const got = values.countNamed(docs, docs.length, name);
      expect(got).toEqual(expected);
      expect([...got.keys()]).toEqual([...expected.keys()]);
    }
  });

  it('counts the first n of the releases given, and starts from zero each time', () => {
    const docs = subset(5000, 0.05, 9);
    const half = docs.length >> 1;
    const first = values.countNamed(docs, half, name);
    expect(first).toEqual(ValueLists.toMap(values.count(docs.subarray(0, half)), name));
    // the same call again: nothing left over from the last
    expect(values.countNamed(docs, half, name)).toEqual(first);
    expect(values.countNamed(docs, 0, name).size).toBe(0);
  });

  it('keeps only the most counted values when asked to, ties by name, as the full count ranks them', () => {
    const best = (m: Map<string, number>, limit: number) =>
      [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, limit);
    for (const [share, seed] of [[0.002, 11], [0.05, 12], [0.5, 13], [1, 14]] as const) {
      const docs = subset(5000, share, seed);
      const full = values.countNamed(docs, docs.length, name);
      for (const limit of [0, 1, 3, 10, 10_000]) {
        expect([...values.countNamed(docs, docs.length, name, limit)].sort(), `${share} ${limit}`).toEqual(best(full, limit).sort());
        expect([...ValueLists.top(values.count(docs), name, limit)], `${share} ${limit}`).toEqual(best(full, limit));
      }
    }
  });
});
