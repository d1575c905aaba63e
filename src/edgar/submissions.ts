import { EdgarFormatError } from './errors.js';
import { padCik, isAccession, type FilingRef } from './filing-ref.js';

/** The submissions JSON of an issuer, on data.sec.gov. */
export function submissionsPath(cik: number): string {
  return `submissions/CIK${padCik(cik)}.json`;
}

/** An older-history page named in `filings.files`, on data.sec.gov. */
export function submissionsPagePath(name: string): string {
  return `submissions/${name}`;
}

export interface SubmissionsPage {
  name: string;
  filingFrom?: string;
  filingTo?: string;
}

export interface Submissions {
  cik: number;
  name: string;
  tickers: string[];
  /** `filings.recent`. */
  filings: FilingRef[];
  /** `filings.files`: pages of older filings. */
  pages: SubmissionsPage[];
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Parallel arrays (`accessionNumber`, `filingDate`, `form`, …), as `filings.recent` and each
 * `filings.files` page hold them, as filing references of `cik`.
 */
export function parseFilingColumns(columns: unknown, cik: number, company: string, what: string, url: string): FilingRef[] {
  if (!isObject(columns)) throw new EdgarFormatError(what, url, 'holds no filing columns (accessionNumber, filingDate, form)');
  const { accessionNumber: acc, filingDate: dates, form: forms } = columns;
  if (!Array.isArray(acc) || !Array.isArray(dates) || !Array.isArray(forms)) {
    throw new EdgarFormatError(what, url, 'lacks the accessionNumber, filingDate and form arrays of a submissions listing');
  }
  if (dates.length !== acc.length || forms.length !== acc.length) {
    throw new EdgarFormatError(what, url, `has filing columns of different lengths (${acc.length} accession numbers, ${dates.length} dates, ${forms.length} forms)`);
  }
  return acc.map((a, i) => {
    const date = dates[i];
    const form = forms[i];
    if (typeof a !== 'string' || !isAccession(a) || typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date) || typeof form !== 'string') {
      throw new EdgarFormatError(what, url, `has a malformed filing at row ${i}: ${JSON.stringify([a, date, form])}`);
    }
    return { cik, accession: a, form, filedAt: date, ...(company ? { company } : {}) };
  });
}

/** `CIK##########.json` of data.sec.gov. */
export function parseSubmissions(json: unknown, cik: number, url: string): Submissions {
  const what = `the submissions of CIK ${cik}`;
  if (!isObject(json) || !isObject(json['filings'])) throw new EdgarFormatError(what, url, 'is not a submissions listing (no "filings" object)');
  const name = typeof json['name'] === 'string' ? json['name'] : '';
  const filings = json['filings'];
  const files = filings['files'] ?? [];
  if (!Array.isArray(files)) throw new EdgarFormatError(what, url, 'has a "filings.files" that is not a list of pages');
  const pages = files.map((f, i) => {
    if (!isObject(f) || typeof f['name'] !== 'string' || !/^[\w.-]+\.json$/.test(f['name'])) {
      throw new EdgarFormatError(what, url, `has a malformed page entry filings.files[${i}]: ${JSON.stringify(f)?.slice(0, 120)}`);
    }
    const page: SubmissionsPage = { name: f['name'] };
    if (typeof f['filingFrom'] === 'string') page.filingFrom = f['filingFrom'];
    if (typeof f['filingTo'] === 'string') page.filingTo = f['filingTo'];
    return page;
  });
  return {
    cik,
    name,
    tickers: Array.isArray(json['tickers']) ? json['tickers'].filter((t): t is string => typeof t === 'string') : [],
    filings: parseFilingColumns(filings['recent'], cik, name, what, url),
    pages,
  };
}

/** Whether a page may hold filings in [since, until] (a page without dates may). */
export function pageOverlaps(page: SubmissionsPage, since: string | undefined, until: string | undefined): boolean {
  if (since && page.filingTo && page.filingTo < since) return false;
  if (until && page.filingFrom && page.filingFrom > until) return false;
  return true;
}
