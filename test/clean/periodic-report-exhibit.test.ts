import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { neverReleaseReason } from '../../src/clean/not-release-reason.js';
import { filesUnder, ingest, INGEST } from '../support/ingest-fixtures.js';

// Agilent's 8-K of July 2010 (the shipped corpus, cut after the exhibit's first pages): Exhibit
// 99.1 is the annual report's Items 1, 1A, 6, 7 and 8 recast for new segments, 300,000 characters
// that won any query on a word of its risk factors as a "release" headed "FINANCIAL INFORMATION
// FOR THE PERIOD ENDED OCTOBER 31, 2009".
describe('an annual report refiled as an exhibit', () => {
  const { releases, skipped } = ingest(filesUnder(join(INGEST, 'annual-report-exhibit')));

  it('is no release: skipped as a periodic report', () => {
    expect(releases).toEqual([]);
    expect(skipped).toContainEqual(expect.objectContaining({ part: 'A-8K-20100713085735 EX-99.1', reason: 'not a press release: periodic report (annual report items)' }));
  });

  it('is told by an item heading at its top, not by items named in a sentence', () => {
    expect(neverReleaseReason('Exhibit 99.1\n\nFINANCIAL INFORMATION\n\nItem 1.\nBusiness\n\nOverview')).toMatch(/periodic report/);
    expect(neverReleaseReason('ITEM 1A.   RISK FACTORS\n\nOur operations are subject to risks.')).toMatch(/periodic report/);
    expect(neverReleaseReason('Item 7. Management’s Discussion and Analysis of Financial Condition')).toMatch(/periodic report/);
    // a release or a form citing the items, and an 8-K's own items
    expect(neverReleaseReason('ACME Corp. today announced it has revised Item 1, "Business," and Item 1A, "Risk Factors," of its annual report.')).toBeUndefined();
    expect(neverReleaseReason('Item 8.01 Other Events\n\nOn July 13, 2010 the company announced…')).toBeUndefined();
    expect(neverReleaseReason('Item 2.02 Results of Operations and Financial Condition')).toBeUndefined();
  });
});
