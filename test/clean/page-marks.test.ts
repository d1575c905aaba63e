import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineMark, lineMarks } from '../../src/clean/line-marks.js';
import { filesUnder, ingest, INGEST } from '../support/ingest-fixtures.js';

// Oracle's Q4 FY2022 earnings release (EX-99.1, June 2022; trimmed to its first page and the top
// of its first table) puts every table cell in a <p> of its own, so cells like "856" stand alone on
// a line; the page number "1" stands alone before the page break the filing marks with
// `<hr style="page-break-after:always">`.
describe('page numbers and table cells', () => {
  const { releases } = ingest(filesUnder(join(INGEST, 'page-numbers')));
  const r = releases[0]!;
  const body = r.body.split('\n\n');

  it('keeps every table cell of three digits or fewer', () => {
    expect(releases).toHaveLength(1);
    // Hardware revenue: $856 million this year, $882 million last year
    const at = body.indexOf('Hardware');
    expect(body.slice(at, at + 7)).toEqual(['Hardware', '856', '7%', '882', '8%', '(3%)', '2%']);
    expect(r.removed.filter((x) => x.kind === 'page-mark')).toEqual([{ kind: 'page-mark', text: '1' }]);
  });

  it('removes a number where it stands alone at a page boundary', () => {
    // Apple's 1996 8-K in EDGAR plain text: the page number, then <PAGE>, mid-sentence
    expect(lineMarks(['merger, the advanced software from NeXT will be married with Apple\'s', '\t\t\t\t5', '<PAGE>  ', 'very high-volume hardware platforms and marketing channels to create '])).toEqual([undefined, 'page-mark', 'page-mark', undefined]);
    // Agilent's EX-99.1 of August 2006 as the Lee et al. corpus extracted it: the page break is lost,
    // its number sits between two paragraphs of prose
    expect(lineMarks([
      'Included in GAAP results are $86 million of charges related principally to the spinoff of Verigy Ltd. On a comparable basis, the company earned $95 million, or $0.19 per share, one year ago.(1)',
      '1',
      '"Agilent performed well in the third quarter of 2006," said Bill Sullivan, Agilent president and chief executive officer.',
    ])[1]).toBe('page-mark');
    // at the top of a page, after the break
    expect(lineMarks(['(more)', '', '\f', '', '4', '', 'Consolidated Operating Profit'])[4]).toBe('page-mark');
  });

  it('keeps a number among the figures and row labels of a table', () => {
    expect(lineMarks(['Hardware', '856', '7%', '882', '8%'])).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(lineMarks(['Total employees', '145', 'Average tenure'])[1]).toBeUndefined();
  });

  it('removes a running page header, not a reference to a page', () => {
    // Applied Materials' earnings releases head each page "Applied Materials, Inc. Page 2 of 12"
    expect(lineMark('Applied Materials, Inc. Page 2 of 12')).toBe('page-header');
    expect(lineMark('Apple Inc. - Page 2')).toBe('page-header');
    expect(lineMark('Page 3 of 12')).toBe('page-mark');
    expect(lineMark('see Page 2')).toBeUndefined();
    expect(lineMark('Revenue grew 12%, as shown on Page 2')).toBeUndefined();
  });
});
