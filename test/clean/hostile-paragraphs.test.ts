import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/clean/ingest-file.js';
import { IngestBudgetError } from '../../src/filing/ingest-budget.js';
import { joinBrokenParagraphs, reflow } from '../../src/clean/paragraphs.js';

// The inputs that made cleaning quadratic (issue 21): a release followed by megabytes of
// 240-character lines, with no blank line (one paragraph) or a blank line after each (paragraphs
// joined back as "broken" because none ends a sentence). Speed is measured in the benchmark
// (`npm run bench:linear`), not here: these tests pin what the linear code makes of them.
const RELEASE = `ACME WIDGETS REPORTS RECORD THIRD QUARTER

NEW YORK, NY, OCTOBER 14, 2004 - Acme Widgets Inc. (NASDAQ: ACMW) today reported record
revenue for its third quarter ended September 30, 2004.

`;
const LINE = 'the company said revenue rose in the quarter and sales of new products grew in every market '.repeat(3).slice(0, 240);
const hostile = (lines: number, sep: string) => RELEASE + `${LINE}${sep}`.repeat(lines);

describe('reflow and joinBrokenParagraphs on long paragraphs', () => {
  it('reflows as before: words broken at a hyphen joined, compounds and dashes kept', () => {
    expect(reflow(['the treat-', 'ment worked', 'a well-', 'known anti-', 'inflammatory', 'drug —', 'and/', 'or more'])).toBe(
      'the treatment worked a well-known anti-inflammatory drug —and/or more',
    );
    expect(reflow(['', 'first', '  ', 'next'])).toBe('first next');
    expect(reflow(['Revenue   12   14', 'Income   3   4'])).toBe('Revenue   12   14\nIncome   3   4');
  });

  it('reflows 20,000 lines into one line, hyphenated breaks joined', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => (i % 2 ? 'ment of the' : 'treat-'));
    const text = reflow(lines);
    expect(text).toBe(Array.from({ length: 10_000 }, () => 'treatment of the').join(' '));
  });

  it('joins 20,000 one-line paragraphs that do not end a sentence into one, and keeps a table apart', () => {
    const paras = Array.from({ length: 20_000 }, () => [LINE]);
    expect(joinBrokenParagraphs(paras)).toEqual([Array.from({ length: 20_000 }, () => LINE)]);
    const table = [['Revenue   12   14', 'costs   3   4']];
    expect(joinBrokenParagraphs([['net sales rose by'], ...table, ['and fell']])).toEqual([['net sales rose by'], ...table, ['and fell']]);
  });
});

describe('ingest of hostile filings', () => {
  it.each([
    ['no blank line', '\n'],
    ['a blank line after each line', '\n\n'],
  ])('a release followed by 2 MB of 240-character lines (%s) gives the release, the excess cut and reported', (_name, sep) => {
    const out = ingestFile('hostile.txt', Buffer.from(hostile(8_700, sep)));
    expect(out.skipped).toEqual([]);
    expect(out.drafts).toHaveLength(1);
    expect(out.drafts[0]!.title).toBe('ACME WIDGETS REPORTS RECORD THIRD QUARTER');
    expect(out.drafts[0]!.body).toMatch(/^Acme Widgets Inc\..*2004\.$/);
    expect(out.drafts[0]!.removed.map((r) => r.kind)).toContain('over-length');
  });

  it('150,000 one-line paragraphs of bare numbers do not overflow the stack (no push(...) of every mark)', () => {
    const text = RELEASE + Array.from({ length: 150_000 }, (_, i) => `${i % 100}\n\n`).join('');
    const out = ingestFile('numbers.txt', Buffer.from(text));
    expect(out.skipped.map((s) => s.reason).join()).not.toMatch(/call stack/);
    expect(out.drafts).toHaveLength(1);
  });

  it('stops with IngestBudgetError once its deadline has passed, instead of reading on', () => {
    expect(() => ingestFile('hostile.txt', Buffer.from(hostile(100, '\n')), { deadlineMs: performance.now() - 1 })).toThrow(IngestBudgetError);
    expect(ingestFile('hostile.txt', Buffer.from(hostile(100, '\n')), { deadlineMs: performance.now() + 60_000 }).drafts).toHaveLength(1);
  });
});
