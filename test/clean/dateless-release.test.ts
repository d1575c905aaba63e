import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder, ingest, INGEST } from '../support/ingest-fixtures.js';

// Food Concepts' 8-K of February 1998 (the whole submission): "Item 5. Press Release" quotes the
// release under a "Date: January 26, 1998" line and a contact; its dateline is only a place and a
// dash ("Jersey City, New Jersey-- Food Concepts, Inc., …"); the form's signatures and exhibit
// index follow it.
describe('a release whose dateline has no date', () => {
  const { releases, skipped } = ingest(filesUnder(join(INGEST, 'dateless-8k')));

  it('is accepted under its headline, dated from the Date: line above it', () => {
    expect(releases).toHaveLength(1);
    const r = releases[0]!;
    expect(r).toMatchObject({ title: 'Food Concepts Announces New Majority Shareholder', date: '1998-01-26', place: 'Jersey City, New Jersey', company: 'Food Concepts Inc', tickers: ['OTCBB:JAVA'] });
    expect(r.sources).toEqual([{
      file: 'dateless-8k/703901-0000703901-98-000003.txt', part: '8-K',
      cik: '703901', company: 'FOOD CONCEPTS INC', accession: '0000703901-98-000003', form: '8-K', filedAt: '1998-02-03',
      secUrl: 'https://www.sec.gov/Archives/edgar/data/703901/000070390198000003/0000703901-98-000003-index.htm',
    }]);
  });

  it('ends where the form resumes: its signatures and exhibit index are not the release', () => {
    const r = releases[0]!;
    expect(r.body).toBe('Food Concepts, Inc., (OTC BB: JAVA), announces that Bishop Management, Inc. has acquired a majority interest in Food Concepts and is currently looking for acquisitions in an effort to bolster shareholder equity through a diversification of holdings and business operations for Food Concepts.');
    expect(r.removed.map((x) => x.kind)).toContain('signature');
    // the cover page above the release is reported, not indexed
    expect(skipped).toEqual([expect.objectContaining({ part: '8-K front matter', reason: expect.stringMatching(/^not a press release/) })]);
  });

  it('takes the filing date when nothing above it is dated (Apple, 2024: "CUPERTINO, CALIFORNIA — Apple® …")', () => {
    const apple = ingest(filesUnder(join(INGEST, 'headline-deck'))).releases;
    expect(apple.map((r) => [r.date, r.place])).toEqual([['2024-02-01', 'Cupertino, California']]);
  });
});
