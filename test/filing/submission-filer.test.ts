import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { submissionMeta } from '../../src/filing/read-submission.js';
import { filesUnder, ingest, INGEST } from '../support/ingest-fixtures.js';

// Icahn Enterprises' amendment to its tender offer for CVR Energy shares (SC TO-T/A, January 2025,
// from dgunning/edgartools data/sgml/0001104659-25-002604.txt; the form itself trimmed, its SEC
// header and press-release exhibit kept). The header names CVR Energy as SUBJECT COMPANY twice and
// Icahn Enterprises Holdings under FILED BY: the release is Icahn's.
const TENDER = join(INGEST, 'tender-offer');
const header = readFileSync(join(TENDER, '0001104659-25-002604-sc-to-t-a.txt'), 'latin1');

describe('a submission that names a subject company and a filer', () => {
  it('is the filer\'s: its company and CIK come from FILED BY, not from SUBJECT COMPANY', () => {
    expect(submissionMeta(header)).toEqual({
      company: 'ICAHN ENTERPRISES HOLDINGS L.P.', cik: '1034563', formType: 'SC TO-T/A', filedAt: '2025-01-10',
      identity: {
        company: 'ICAHN ENTERPRISES HOLDINGS L.P.', cik: '1034563', accession: '0001104659-25-002604', form: 'SC TO-T/A', filedAt: '2025-01-10',
        secUrl: 'https://www.sec.gov/Archives/edgar/data/1034563/000110465925002604/0001104659-25-002604-index.htm',
      },
    });
  });

  it('an 8-K, with FILER only, keeps its filer', () => {
    const apple = readFileSync(join(INGEST, 'edgar-full-submissions', '320193-0000320193-96-000027.txt'), 'latin1');
    expect(submissionMeta(apple)).toMatchObject({ company: 'APPLE COMPUTER INC', cik: '320193', formType: '8-K' });
  });

  it('so the issuer\'s "About" blurb is boilerplate, under the short names the release gives it, and the target\'s stays', () => {
    const { releases } = ingest(filesUnder(TENDER));
    expect(releases).toHaveLength(1);
    const r = releases[0]!;
    expect(r.company).toBe('Icahn Enterprises Holdings L.P.');
    expect(r.date).toBe('2025-01-09');
    // "Icahn Enterprises L.P. (NASDAQ: IEP) ("IEP") and Icahn Enterprises Holdings L.P. ("IEH")"
    expect(r.removed).toContainEqual({ kind: 'about-company', text: 'About IEP and IEH' });
    expect(r.body).not.toMatch(/a master limited partnership, is a diversified holding company/);
    expect(r.body.split('\n\n')).toContain('About CVR Energy');
    expect(r.body).toMatch(/Headquartered in Sugar Land, Texas, CVR Energy is a diversified holding company/);
  });
});
