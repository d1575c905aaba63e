/** The issuer read from a release's text, and one spelling per issuer within a filing. */
import { describe, expect, it } from 'vitest';
import { canonicalCompanies } from '../../src/clean/canonical-companies.js';
import { companyFromText } from '../../src/clean/company-name.js';

describe('companyFromText', () => {
  it('reads a name with its ticker', () => {
    expect(companyFromText('SCOTTSDALE, Ariz., Feb. 26, 2013 TASER International, Inc. (NASDAQ: TASR), a market leader')).toBe('TASER International, Inc.');
  });

  it('keeps a name whole across a trademark sign (a release of TASER, 2012)', () => {
    expect(companyFromText('SCOTTSDALE, Ariz. TASER ® International, Inc. (Nasdaq: TASR and TASRW) today announced')).toBe('TASER International, Inc.');
    expect(companyFromText('Virulizin(R) maker Lorus(R) Therapeutics Inc. (TSX: LOR) said')).toBe('Lorus Therapeutics Inc.');
    expect(companyFromText('Axon™ Enterprise, Inc. (Nasdaq: AXON) today')).toBe('Axon Enterprise, Inc.');
  });

  it('does not join a trademarked product to the sentence after it', () => {
    // the sign is followed by a lower-case word: nothing is removed, the name is the one with the ticker
    expect(companyFromText('The TASER® device is sold by TASER International, Inc. (NASDAQ: TASR).')).toBe('TASER International, Inc.');
  });
});

describe('canonicalCompanies', () => {
  const item = (company: string, body = '') => ({ company, body, sources: [{ file: 'axon.csv' }] });

  it('strips a label read in front of a more frequent name', () => {
    const items = [item('Alcoa Inc.'), item('Alcoa Inc.'), item('FOR IMMEDIATE RELEASE Alcoa Inc.')];
    expect(canonicalCompanies(items)).toEqual(['Alcoa Inc.', 'Alcoa Inc.', 'Alcoa Inc.']);
  });

  it('never cuts a frequent name down to a rarer name it ends with', () => {
    // 2 releases misread as "International, Inc." must not turn 5 "TASER International, Inc." into it
    const items = [...Array.from({ length: 5 }, () => item('TASER International, Inc.')), item('International, Inc.'), item('International, Inc.')];
    const out = canonicalCompanies(items);
    expect(out.slice(0, 5)).toEqual(Array(5).fill('TASER International, Inc.'));
    expect(out).not.toContain('Communications TASER International, Inc.');
  });

  it('folds a glued label into the frequent name', () => {
    const items = [item('TASER International, Inc.'), item('TASER International, Inc.'), item('TASER International, Inc.'), item('Communications TASER International, Inc.')];
    expect(canonicalCompanies(items)).toEqual(Array(4).fill('TASER International, Inc.'));
  });
});
