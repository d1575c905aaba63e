import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countedOnce, repeatedLineSpans } from '../../src/analysis/repeated-lines.js';
import { tokenize } from '../../src/analysis/terms.js';
import { analyzeRelease } from '../../src/engine/memory/analyze-release.js';
import { releaseRow } from '../../src/engine/postgres/release-row.js';
import { release } from '../engine/conformance/fixtures.js';

// Oracle's fiscal 2014 fourth-quarter release (June 2014, the shipped corpus), its GAAP and
// non-GAAP statements of operations: every table prints the line item `Acquisition related and
// other` (one with a note mark), and `Restructuring`, again.
const TABLES = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'analysis', 'oracle-2014-q4-tables.txt'), 'utf8');
const count = (terms: readonly string[], term: string) => terms.filter((t) => t === term).length;

describe('a line a release repeats counts once', () => {
  it('in the tables of an earnings release: each line item once, whatever its copies', () => {
    const all = tokenize(TABLES).map((t) => t.term);
    const once = countedOnce(TABLES, tokenize(TABLES)).map((t) => t.term);
    // `Acquisition related and other (2)`, its note (`… due to an acquisition related item`), and
    // `Acquisition related and other` twice
    expect(count(all, 'acquisition')).toBe(5);
    expect(count(once, 'acquisition')).toBe(4);
    expect(count(all, 'restructuring')).toBe(2);
    expect(count(once, 'restructuring')).toBe(1);
    // the figures of the rows differ, so they all stay
    expect(count(once, '1,349')).toBe(count(all, '1,349'));
  });

  it('compares lines with their spacing tidied, and only whole lines', () => {
    const text = 'Net income\n  Net   income \nNet income rose\n\nNet income';
    expect(repeatedLineSpans(text).map(([a, b]) => text.slice(a, b))).toEqual(['  Net   income ', 'Net income']);
    expect(countedOnce(text, tokenize(text)).map((t) => t.term)).toEqual(['net', 'income', 'net', 'income', 'rose']);
  });

  it('is how both backends count the terms of a body', () => {
    const r = release('o1', { title: 'Oracle Reports Q4', body: TABLES });
    const analysed = analyzeRelease(r);
    expect(count(analysed.bodyTerms, 'acquisition')).toBe(4);
    expect(releaseRow(r, 'h').postings.get('acquisition')).toEqual([0, 4]);
    expect(releaseRow(r, 'h').postings.get('restructuring')).toEqual([0, 1]);
  });
});
