import { EdgarFormatError } from './errors.js';
import type { FilingRef } from './filing-ref.js';

/** The daily form index of `day` (YYYY-MM-DD), on www.sec.gov. */
export function dailyIndexPath(day: string): string {
  const [y, m, d] = day.split('-');
  const quarter = Math.floor((Number(m) - 1) / 3) + 1;
  return `Archives/edgar/daily-index/${y}/QTR${quarter}/form.${y}${m}${d}.idx`;
}

export interface FormIndex {
  filings: FilingRef[];
  /** Rows that are not `Form Type  Company Name  CIK  Date Filed  File Name` (line number and text). */
  badRows: string[];
}

const HEADER = /^Form Type\s+Company Name\s+CIK\s+Date Filed\s+File Name\s*$/;
const ROW_TAIL = /\s(\d{1,10})\s+(\d{8}|\d{4}-\d{2}-\d{2})\s+(edgar\/data\/\d{1,10}\/(\d{10}-\d{2}-\d{6})\.txt)\s*$/;

/**
 * `form.YYYYMMDD.idx`: a header, a column heading, a line of dashes, then fixed-width rows
 * `Form Type  Company Name  CIK  Date Filed  File Name` (`File Name` under www.sec.gov/Archives/).
 * Throws EdgarFormatError when the text is not such an index; rows that do not parse are listed.
 */
export function parseFormIndex(text: string, what: string, url: string): FormIndex {
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((l) => HEADER.test(l));
  if (at < 0) {
    const kind = /^\s*</.test(text) ? 'is an HTML page' : text.trim() === '' ? 'is empty' : `begins ${JSON.stringify(text.trim().slice(0, 60))}`;
    throw new EdgarFormatError(what, url, `${kind}, not a daily form index (no "Form Type  Company Name  CIK  Date Filed  File Name" heading)`);
  }
  const companyCol = lines[at]!.indexOf('Company Name');
  let start = at + 1;
  if (/^-+\s*$/.test(lines[start] ?? '')) start++;
  const filings: FilingRef[] = [];
  const badRows: string[] = [];
  for (let i = start; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const m = ROW_TAIL.exec(line);
    if (!m) {
      badRows.push(`line ${i + 1}: ${JSON.stringify(line.trim().slice(0, 100))}`);
      continue;
    }
    const head = line.slice(0, m.index);
    // the form type fills its column; a longer one runs into the name, separated by 2+ spaces
    const split = /\s/.test(head[companyCol - 1] ?? ' ') ? companyCol : (/\s{2,}/.exec(head)?.index ?? companyCol);
    const form = head.slice(0, split).trim();
    const company = head.slice(split).trim();
    const date = m[2]!.length === 8 ? `${m[2]!.slice(0, 4)}-${m[2]!.slice(4, 6)}-${m[2]!.slice(6)}` : m[2]!;
    if (!form) {
      badRows.push(`line ${i + 1}: no form type: ${JSON.stringify(line.trim().slice(0, 100))}`);
      continue;
    }
    filings.push({ cik: Number(m[1]), accession: m[4]!, form, filedAt: date, ...(company ? { company } : {}), archivePath: `Archives/${m[3]!}` });
  }
  return { filings, badRows };
}
