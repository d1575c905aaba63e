/**
 * A release as the postgres backend's rows: the phrase positions are made from the headline
 * field's and the body's tokens, which must be those of tokenizing the three texts joined (as the
 * memory backend checks phrases), on every fixture filing's releases and on joins made to tempt a
 * code or compound across the blank lines.
 */
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/analysis/terms.js';
import type { Release } from '../../src/clean/release.js';
import { INCOMPLETE_PAIRS, releaseRow } from '../../src/engine/postgres/release-row.js';
import { filesUnder, INGEST, ingest } from '../support/ingest-fixtures.js';
import { release } from './conformance/fixtures.js';

/** The positions tsvector as built from the joined text, by the rule the rows follow. */
function wordsOfJoined(r: Release): Map<string, number[]> {
  const joined = tokenize(`${r.title}\n\n${r.subtitle}\n\n${r.body}`).filter((t) => !t.part && t.term.length <= 200);
  const out = new Map<string, number[]>();
  joined.forEach((t, i) => {
    const list = out.get(t.term) ?? [];
    if (list.length < 256) list.push(Math.min(i + 1, 16_383));
    out.set(t.term, list);
  });
  return out;
}

/** A `words` literal read back: term → positions. */
function parseWords(words: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const m of words.matchAll(/'((?:[^']|'')*)':([\d,]+)/g)) out.set(m[1]!.replace(/''/g, "'").replace(/\\\\/g, '\\'), m[2]!.split(',').map(Number));
  return out;
}

describe('postgres release rows', () => {
  const fixtures = ingest(filesUnder(INGEST)).releases;
  const tempting = [
    release('a', { title: 'Update on GTI', subtitle: '2040 results', body: 'GTI\n2040 and NC 381 rose 5%, anti-\ncancer' }),
    release('b', { title: 'Sales of 1', subtitle: '234 units', body: '567,890 units (R) and more' }),
    release('c', { title: 'Lorus-', subtitle: '-Therapeutics', body: '-2040 is here' }),
    release('d', { title: '', subtitle: '', body: 'only a body, ABC 123' }),
  ];

  it('holds the positions of the joined text for every fixture release', () => {
    expect(fixtures.length).toBeGreaterThan(20);
    for (const r of [...fixtures, ...tempting]) expect(parseWords(releaseRow(r, 'h').words), r.id).toEqual(wordsOfJoined(r));
  });

  it('holds as pairs exactly the terms side by side in its positions, and marks a release whose pairs did not all fit', () => {
    const lexemes = (v: string) => new Set([...v.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'").replace(/\\\\/g, '\\')));
    const long = release('long', { title: 'Many pairs', subtitle: '', body: Array.from({ length: 60_000 }, (_, i) => `w${i}x`).join(' ') });
    for (const r of [...fixtures, ...tempting, long]) {
      const row = releaseRow(r, 'h');
      const at = new Map<number, string[]>();
      for (const [term, list] of parseWords(row.words)) {
        // a pair's lexeme joins two terms with a space: no term holds one
        expect(term, r.id).not.toMatch(/\s/);
        for (const p of list) at.set(p, [...(at.get(p) ?? []), term]);
      }
      const expected = new Set<string>();
      for (const [p, firsts] of at) for (const a of firsts) for (const b of at.get(p + 1) ?? []) expected.add(`${a} ${b}`);
      const pairs = lexemes(row.pairs);
      if (pairs.has(INCOMPLETE_PAIRS)) {
        expect(r.id).toBe('long');
        for (const p of pairs) if (p !== INCOMPLETE_PAIRS) expect(expected.has(p)).toBe(true);
      } else expect(pairs, r.id).toEqual(expected);
    }
  });
});
