import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkUserAgent, edgarHosts, parseRetryAfter } from '../../src/edgar/edgar-client.js';
import { dailyIndexPath, parseFormIndex } from '../../src/edgar/daily-index.js';
import { DateInputError, parseDailyDays, parseDay, parseRange } from '../../src/edgar/dates.js';
import { checkFullSubmission } from '../../src/edgar/download.js';
import { EdgarFormatError, UnknownTickerError, UserAgentError } from '../../src/edgar/errors.js';
import { fullSubmissionName, parseFolderIndex } from '../../src/edgar/filing-index.js';
import { CikInputError, corpusFilePath, filingFolderPath, padCik, parseCik, submissionTextPath } from '../../src/edgar/filing-ref.js';
import { DEFAULT_FORMS, FormsInputError, parseForms, planDownloads, selectFilings } from '../../src/edgar/plan.js';
import { pageOverlaps, parseFilingColumns, parseSubmissions, submissionsPath } from '../../src/edgar/submissions.js';
import { lookupTicker, normalizeTicker, parseTickers } from '../../src/edgar/tickers.js';
import { FIXTURES, fullSubmissions } from './edgar-server.js';

const json = (p: string) => JSON.parse(readFileSync(join(FIXTURES, p), 'utf8')) as unknown;
const text = (p: string) => readFileSync(join(FIXTURES, p), 'latin1');
const U = 'http://edgar.test/x';

describe('ticker list (company_tickers.json)', () => {
  const tickers = parseTickers(json('files/company_tickers.json'), U);
  it('maps tickers to CIK and title', () => {
    expect(lookupTicker(tickers, 'AAPL')).toEqual({ cik: 320193, ticker: 'AAPL', title: 'Apple Inc.' });
    expect(lookupTicker(tickers, 'aapl').cik).toBe(320193);
    expect(lookupTicker(tickers, 'BRK.B').cik).toBe(1067983);
    expect(normalizeTicker(' brk/b ')).toBe('BRK-B');
  });
  it('an unknown ticker says so and what to do', () => {
    expect(() => lookupTicker(tickers, 'ZZZZQ')).toThrow(UnknownTickerError);
    expect(() => lookupTicker(tickers, 'ZZZZQ')).toThrow(/"ZZZZQ" is not in EDGAR's ticker list .*--cik/);
  });
  it('refuses a list in another shape', () => {
    expect(() => parseTickers([], U)).toThrow(EdgarFormatError);
    expect(() => parseTickers({ 0: { cik_str: 'abc', ticker: 'X' } }, U)).toThrow(/malformed row "0"/);
  });
});

describe('submissions JSON', () => {
  it('reads filings.recent and the pages of filings.files', () => {
    const s = parseSubmissions(json('submissions/CIK0000320193.json'), 320193, U);
    expect(s.name).toBe('Apple Inc.');
    expect(s.tickers).toEqual(['AAPL']);
    expect(s.filings.map((f) => `${f.form} ${f.accession} ${f.filedAt}`)).toEqual([
      '4 0000320193-19-000041 2019-03-18',
      '8-K 0000320193-19-000032 2019-03-04',
      '10-Q 0000320193-19-000010 2019-01-30',
      '8-K 0001193125-15-410853 2015-12-22',
      '8-K 0001193125-11-009392 2011-01-18',
    ]);
    expect(s.filings[1]).toEqual({ cik: 320193, accession: '0000320193-19-000032', form: '8-K', filedAt: '2019-03-04', company: 'Apple Inc.' });
    expect(s.pages).toEqual([{ name: 'CIK0000320193-submissions-001.json', filingFrom: '1996-12-24', filingTo: '2000-01-24' }]);
    const page = parseFilingColumns(json('submissions/CIK0000320193-submissions-001.json'), 320193, 'Apple Inc.', 'page', U);
    expect(page.map((f) => f.accession)).toEqual(['0000912057-00-002128', '0000912057-99-010244', '0000320193-99-000010', '0000320193-96-000027']);
    expect(submissionsPath(320193)).toBe('submissions/CIK0000320193.json');
  });
  it('a page is read only when it may hold the dates asked', () => {
    const page = { name: 'p.json', filingFrom: '1996-12-24', filingTo: '2000-01-24' };
    expect(pageOverlaps(page, undefined, undefined)).toBe(true);
    expect(pageOverlaps(page, '2000-01-24', undefined)).toBe(true);
    expect(pageOverlaps(page, '2000-01-25', undefined)).toBe(false);
    expect(pageOverlaps(page, undefined, '1996-12-23')).toBe(false);
  });
  it('malformed listings are EdgarFormatErrors naming what was asked', () => {
    expect(() => parseSubmissions({ cik: '1' }, 1, U)).toThrow(/the submissions of CIK 1: .* is not a submissions listing \(no "filings" object\)/);
    expect(() => parseSubmissions({ filings: { recent: { accessionNumber: ['x'], filingDate: ['2020-01-01'], form: ['8-K'] } } }, 1, U)).toThrow(/malformed filing at row 0/);
    expect(() => parseSubmissions({ filings: { recent: { accessionNumber: [], filingDate: [1], form: [] } } }, 1, U)).toThrow(/different lengths/);
    expect(() => parseSubmissions({ filings: { recent: {}, files: 'x' } }, 1, U)).toThrow(EdgarFormatError);
  });
});

describe('daily form index (form.YYYYMMDD.idx)', () => {
  it('is found under its year and quarter', () => {
    expect(dailyIndexPath('2020-03-18')).toBe('Archives/edgar/daily-index/2020/QTR1/form.20200318.idx');
    expect(dailyIndexPath('2004-07-14')).toBe('Archives/edgar/daily-index/2004/QTR3/form.20040714.idx');
    expect(dailyIndexPath('2004-12-31')).toBe('Archives/edgar/daily-index/2004/QTR4/form.20041231.idx');
  });
  it('parses the fixed-width rows, forms with spaces included', () => {
    const idx = parseFormIndex(text('Archives/edgar/daily-index/2004/QTR1/form.20040108.idx'), 'idx', U);
    expect(idx.badRows).toEqual([]);
    expect(idx.filings.map((f) => f.form)).toEqual(['10-Q', '4', '8-K', 'SC 13G']);
    expect(idx.filings[2]).toEqual({
      cik: 723533,
      accession: '0000723533-04-000001',
      form: '8-K',
      filedAt: '2004-01-08',
      company: 'EXPERTELLIGENCE INC',
      archivePath: 'Archives/edgar/data/723533/0000723533-04-000001.txt',
    });
  });
  it('reads a long form type and name that run past their columns', () => {
    const head = text('Archives/edgar/daily-index/2004/QTR1/form.20040108.idx').split('\n').slice(0, 10).join('\n');
    const row = `SC 14D9/A-LONG  A COMPANY WITH A NAME LONGER THAN ITS COLUMN OF SIXTY-TWO CHARACTERS INC 12345  20040108    edgar/data/12345/0000012345-04-000001.txt`;
    const idx = parseFormIndex(`${head}\n${row}\n`, 'idx', U);
    expect(idx.filings[0]).toMatchObject({ form: 'SC 14D9/A-LONG', company: 'A COMPANY WITH A NAME LONGER THAN ITS COLUMN OF SIXTY-TWO CHARACTERS INC', cik: 12345 });
  });
  it('lists rows it cannot read and refuses what is no index', () => {
    const good = text('Archives/edgar/daily-index/2004/QTR3/form.20040722.idx');
    const idx = parseFormIndex(`${good}8-K         TRUNCATED ROW   123\n`, 'idx', U);
    expect(idx.filings).toHaveLength(1);
    expect(idx.badRows).toEqual([expect.stringMatching(/^line 12: "8-K\s+TRUNCATED ROW\s+123"$/)]);
    expect(() => parseFormIndex('<html><title>Error</title></html>', 'the daily index of 2004-01-09', U)).toThrow(/the daily index of 2004-01-09: .* is an HTML page, not a daily form index/);
    expect(() => parseFormIndex('', 'idx', U)).toThrow(/is empty/);
  });
});

describe('filing folder index.json', () => {
  it('lists the files and finds the full submission', () => {
    const names = parseFolderIndex(json('Archives/edgar/data/723533/000121390009002194/index.json'), 'folder', U);
    expect(names).toContain('f8k080309_expertil.htm');
    expect(fullSubmissionName(names, '0001213900-09-002194')).toBe('0001213900-09-002194.txt');
    expect(fullSubmissionName(names, '0001213900-09-002195')).toBeUndefined();
    expect(() => parseFolderIndex({ directory: {} }, 'folder', U)).toThrow(EdgarFormatError);
  });
});

describe('filing paths', () => {
  const ref = { cik: 320193, accession: '0000320193-19-000032' };
  it('match EDGAR and the corpus layout (CIK without leading zeros)', () => {
    expect(submissionTextPath(ref)).toBe('Archives/edgar/data/320193/0000320193-19-000032.txt');
    expect(filingFolderPath(ref)).toBe('Archives/edgar/data/320193/000032019319000032');
    expect(corpusFilePath(ref)).toBe('edgar/320193/0000320193-19-000032.txt');
    expect(padCik(320193)).toBe('0000320193');
  });
  it('parseCik takes 1 to 10 digits, leading zeros optional', () => {
    expect(parseCik('0000320193')).toBe(320193);
    expect(parseCik(' 723533 ')).toBe(723533);
    for (const bad of ['', 'abc', '12345678901', '-5', '3.2', '0']) expect(() => parseCik(bad)).toThrow(CikInputError);
    expect(() => parseCik('AAPL')).toThrow(/--cik "AAPL" is not a CIK: a CIK is 1 to 10 digits/);
  });
});

describe('dates', () => {
  const today = '2026-12-01';
  it('takes real days up to today', () => {
    expect(parseDay('2024-02-29', '--since', today)).toBe('2024-02-29');
    expect(() => parseDay('2023-02-29', '--since', today)).toThrow(/--since must be a date written YYYY-MM-DD/);
    expect(() => parseDay('2024-1-5', '--since', today)).toThrow(DateInputError);
    expect(() => parseDay('2026-12-02', '--until', today)).toThrow(/--until 2026-12-02 is in the future \(today is 2026-12-01\)/);
    expect(() => parseDay('1980-01-01', '--since', today)).toThrow(/before EDGAR began/);
  });
  it('refuses a reversed range', () => {
    expect(parseRange('2020-01-01', '2020-12-31', today)).toEqual({ since: '2020-01-01', until: '2020-12-31' });
    expect(parseRange(undefined, '2020-12-31', today)).toEqual({ until: '2020-12-31' });
    expect(() => parseRange('2021-01-01', '2020-12-31', today)).toThrow(/--since 2021-01-01 is after --until 2020-12-31: the range is reversed/);
  });
  it('--daily days and ranges, in order, each once', () => {
    expect(parseDailyDays(['2004-07-14..2004-07-16', '2004-07-15', '2004-01-08'], today)).toEqual(['2004-01-08', '2004-07-14', '2004-07-15', '2004-07-16']);
    expect(parseDailyDays(['2004-02-28..2004-03-01'], today)).toEqual(['2004-02-28', '2004-02-29', '2004-03-01']);
    expect(() => parseDailyDays(['2004-07-16..2004-07-14'], today)).toThrow(/reversed range/);
    expect(() => parseDailyDays(['2026-11-30..2026-12-05'], today)).toThrow(/in the future/);
    expect(() => parseDailyDays(['2000-01-01..2004-01-01'], today)).toThrow(/more than 366 days/);
  });
});

describe('forms and the plan', () => {
  const refs = [
    { cik: 1, accession: '0000000001-20-000001', form: '8-K', filedAt: '2020-01-02' },
    { cik: 1, accession: '0000000001-20-000002', form: '10-K', filedAt: '2020-02-02' },
    { cik: 2, accession: '0000000001-20-000001', form: '8-K', filedAt: '2020-01-02' },
    { cik: 1, accession: '0000000001-20-000003', form: '6-K', filedAt: '2020-03-02' },
    { cik: 1, accession: '0000000001-20-000004', form: '8-K/A', filedAt: '2020-04-02' },
  ];
  it('--forms defaults to 8-K and 6-K, and is checked', () => {
    expect(parseForms(undefined)).toEqual(DEFAULT_FORMS);
    expect(parseForms('8-k, 8-K/A,sc  13g')).toEqual(['8-K', '8-K/A', 'SC 13G']);
    expect(() => parseForms('8-K,,6-K')).toThrow(FormsInputError);
    expect(() => parseForms('8-K;rm -rf')).toThrow(/--forms takes form types separated by commas/);
  });
  it('selects forms and dates, each accession once', () => {
    expect(selectFilings(refs, { forms: DEFAULT_FORMS }).map((r) => r.accession.slice(-1))).toEqual(['1', '3']);
    expect(selectFilings(refs, { forms: ['8-K', '8-K/A'], since: '2020-02-01' }).map((r) => r.accession.slice(-1))).toEqual(['4']);
    expect(selectFilings(refs, { forms: ['8-K', '6-K', '10-K'], until: '2020-02-02' }).map((r) => r.accession.slice(-1))).toEqual(['1', '2']);
  });
  it('downloads only what the corpus does not hold', () => {
    const plan = planDownloads(selectFilings(refs, { forms: DEFAULT_FORMS }), new Set(['0000000001-20-000003']));
    expect(plan.missing.map((r) => r.accession)).toEqual(['0000000001-20-000001']);
    expect(plan.present.map((r) => r.accession)).toEqual(['0000000001-20-000003']);
  });
});

describe('fair-access settings', () => {
  it('EDGAR_USER_AGENT must name someone and an email', () => {
    expect(checkUserAgent(' Jane Doe jane@example.com ')).toBe('Jane Doe jane@example.com');
    expect(() => checkUserAgent(undefined)).toThrow(UserAgentError);
    expect(() => checkUserAgent(undefined)).toThrow(/EDGAR_USER_AGENT is not set/);
    expect(() => checkUserAgent('curl/8.0')).toThrow(/EDGAR_USER_AGENT must hold a name and an email address/);
    expect(() => checkUserAgent('jane@example.com')).toThrow(UserAgentError);
  });
  it('EDGAR_BASE_URL maps every host; the defaults are sec.gov', () => {
    expect(edgarHosts(undefined)).toEqual({ www: 'https://www.sec.gov', data: 'https://data.sec.gov' });
    expect(edgarHosts('http://127.0.0.1:8080/mirror/')).toEqual({ www: 'http://127.0.0.1:8080/mirror', data: 'http://127.0.0.1:8080/mirror' });
    expect(() => edgarHosts('ftp://x')).toThrow(/EDGAR_BASE_URL must be an http\(s\) URL/);
    expect(() => edgarHosts('not a url')).toThrow(/EDGAR_BASE_URL/);
  });
  it('Retry-After in seconds or as a date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('a full submission or not', () => {
  it('accepts the corpus full submissions (SGML and PEM-wrapped)', () => {
    for (const file of fullSubmissions().values()) expect(() => checkFullSubmission(readFileSync(file), 'f', U)).not.toThrow();
  });
  it('refuses an HTML error page, naming its title', () => {
    const page = Buffer.from('<!DOCTYPE html>\n<html><head><title>SEC.gov | Request Rate Threshold Exceeded</title></head></html>');
    expect(() => checkFullSubmission(page, 'filing 0000320193-19-000032', U)).toThrow(/filing 0000320193-19-000032: .* is an HTML page \("SEC.gov \| Request Rate Threshold Exceeded"\), not a full submission/);
    expect(() => checkFullSubmission(Buffer.from('PK\u0003\u0004'), 'f', U)).toThrow(/is not a full submission/);
    expect(() => checkFullSubmission(Buffer.alloc(0), 'f', U)).toThrow(/is empty/);
  });
});
