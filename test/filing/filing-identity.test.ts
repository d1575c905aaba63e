import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filingIdentity } from '../../src/filing/filing-identity.js';
import { readFiling } from '../../src/filing/read-filing.js';
import { FIXTURES, INGEST } from '../support/ingest-fixtures.js';

// Real full submissions from corpus/edgar-full-submissions/ (saved under EDGAR's `<cik>-<accession>.txt`).
const DIR = join(FIXTURES, 'filing-identity');
const read = (dir: string, name: string) => readFileSync(join(dir, name), 'latin1');
const headerOf = (text: string) => text.slice(0, text.indexOf('</SEC-HEADER>'));

describe('filingIdentity', () => {
  it('reads CIK, conformed name, accession, form and filing date from the SEC header, and links the index page', () => {
    const apple = read(join(INGEST, 'edgar-full-submissions'), '320193-0000320193-96-000027.txt');
    expect(filingIdentity('edgar-full-submissions/320193-0000320193-96-000027.txt', headerOf(apple))).toEqual({
      cik: '320193',
      company: 'APPLE COMPUTER INC',
      accession: '0000320193-96-000027',
      form: '8-K',
      filedAt: '1996-12-24',
      secUrl: 'https://www.sec.gov/Archives/edgar/data/320193/000032019396000027/0000320193-96-000027-index.htm',
    });
  });

  it('takes the filer\'s CIK, not the filer agent\'s number that starts the accession (Cisco, filed by agent 891618)', () => {
    const cisco = read(DIR, '858877-0000891618-95-000727.txt');
    expect(filingIdentity('x/858877-0000891618-95-000727.txt', headerOf(cisco))).toMatchObject({
      cik: '858877', company: 'CISCO SYSTEMS INC', accession: '0000891618-95-000727', filedAt: '1995-12-06',
      secUrl: 'https://www.sec.gov/Archives/edgar/data/858877/000089161895000727/0000891618-95-000727-index.htm',
    });
  });

  it('of co-registrants (Southern Co with six subsidiaries), picks the one the file is saved under, else the filer agent', () => {
    const southern = headerOf(read(DIR, '92122-0000092122-05-000042.txt'));
    expect(filingIdentity('edgar-full-submissions/92122-0000092122-05-000042.txt', southern)).toMatchObject({ cik: '92122', company: 'SOUTHERN CO' });
    // saved as Georgia Power's copy: Georgia Power
    expect(filingIdentity('edgar/data/41091/0000092122-05-000042.txt', southern)).toMatchObject({ cik: '41091', company: 'GEORGIA POWER CO' });
    // no CIK in the name: the filer agent (0000092122…) is Southern Co, one of the filers
    expect(filingIdentity('0000092122-05-000042.txt', southern)).toMatchObject({ cik: '92122', company: 'SOUTHERN CO' });
  });

  it('the header wins over the file name', () => {
    const apple = headerOf(read(join(INGEST, 'edgar-full-submissions'), '320193-0000320193-99-000010.txt'));
    expect(filingIdentity('edgar/999/0000000999-01-000001.txt', apple)).toMatchObject({ cik: '320193', accession: '0000320193-99-000010' });
  });

  it('without a header, reads EDGAR-style names only, and invents nothing else', () => {
    const url = 'https://www.sec.gov/Archives/edgar/data/320193/000032019319000032/0000320193-19-000032-index.htm';
    const want = { cik: '320193', accession: '0000320193-19-000032', secUrl: url };
    expect(filingIdentity('edgar-full-submissions/320193-0000320193-19-000032.txt')).toEqual(want);
    expect(filingIdentity('mirror/edgar/data/320193/0000320193-19-000032.txt')).toEqual(want);
    expect(filingIdentity('edgar/320193/0000320193-19-000032.txt')).toEqual(want);
    expect(filingIdentity('edgar\\data\\0000320193\\000032019319000032\\0000320193-19-000032.txt')).toEqual(want);
    // an accession alone: no CIK, so no link (its first ten digits are the filer agent's, not the issuer's)
    expect(filingIdentity('downloads/0000320193-19-000032.txt')).toEqual({ accession: '0000320193-19-000032' });
    expect(filingIdentity('stanford-8k/A.txt')).toEqual({});
    expect(filingIdentity('edgar-html/alnylam-0001193125-23-194715-ex99-1.htm')).toEqual({});
    expect(filingIdentity('axon/axon-website-press-releases.csv')).toEqual({});
  });
});

describe('identity on the parts read', () => {
  it('each document of a submission carries the filing\'s identity, exhibits their exhibit', () => {
    const bytes = readFileSync(join(DIR, '92122-0000092122-05-000042.txt'));
    const { parts } = readFiling('edgar-full-submissions/92122-0000092122-05-000042.txt', bytes);
    const ex = parts.find((p) => p.part === 'EX-99.01');
    expect(ex?.meta.identity).toEqual({
      cik: '92122', company: 'SOUTHERN CO', accession: '0000092122-05-000042', form: '8-K', filedAt: '2005-01-25', exhibit: 'EX-99.01',
      secUrl: 'https://www.sec.gov/Archives/edgar/data/92122/000009212205000042/0000092122-05-000042-index.htm',
    });
    expect(parts.find((p) => p.part === '8-K')?.meta.identity?.exhibit).toBeUndefined();
  });

  it('a document saved without its header under an EDGAR name gets CIK, accession and link, nothing more', () => {
    // Alnylam's EX-99.1 (its <DOCUMENT> without the SEC header) as if saved by a mirror under EDGAR's path
    const bytes = readFileSync(join(INGEST, 'edgar-html', 'alnylam-0001193125-23-194715-ex99-1.htm'));
    const { parts } = readFiling('edgar/data/1178670/0001193125-23-194715.txt', bytes);
    expect(parts.length).toBeGreaterThan(0);
    for (const p of parts) {
      expect(p.meta.identity).toEqual({
        cik: '1178670', accession: '0001193125-23-194715', exhibit: 'EX-99.1',
        secUrl: 'https://www.sec.gov/Archives/edgar/data/1178670/000119312523194715/0001193125-23-194715-index.htm',
      });
    }
    // under its own name: nothing
    expect(readFiling('edgar-html/alnylam-0001193125-23-194715-ex99-1.htm', bytes).parts.every((p) => p.meta.identity === undefined)).toBe(true);
  });
});
