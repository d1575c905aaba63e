import type { FilingPart, Skipped } from './filing-part.js';
import { declaredCharset, decodeText, utf16Bom } from './decode-text.js';
import { filingIdentity, hasIdentity } from './filing-identity.js';
import { htmlToBlocks } from './html-to-text.js';
import { IngestBudgetError } from './ingest-budget.js';
import { readCsv } from './read-csv.js';
import { readLee8k } from './read-lee-8k.js';
import { readSubmission } from './read-submission.js';
import { sniffFormat } from './sniff-format.js';

export interface FilingRead {
  parts: FilingPart[];
  skipped: Skipped[];
}

/** Filings larger than this are read up to this size only. */
export const MAX_FILING_BYTES = 64 * 1024 * 1024;
// A line this long is not prose: minified data or a binary blob.
const MAX_LINE = 1_000_000;

/**
 * Whether bytes (or, for UTF-16, the characters decoded) look binary: NULs or many control
 * characters in the first 8 K. UTF-16 text is half NUL bytes, so it is judged decoded.
 */
function looksBinary(units: Uint8Array | string): boolean {
  const n = Math.min(units.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = typeof units === 'string' ? units.charCodeAt(i) : units[i]!;
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return n > 0 && control / n > 0.1;
}

/** Drop absurdly long lines (a 10 MB line is not prose) so that later line-based passes stay linear. */
function boundLines(text: string, skipped: Skipped[], file: string): string {
  if (text.length < MAX_LINE) return text;
  let long = false;
  const out = text.split('\n').map((line) => {
    if (line.length <= MAX_LINE) return line;
    long = true;
    return '';
  });
  if (long) skipped.push({ file, part: 'document', reason: `a line longer than ${MAX_LINE.toLocaleString('en-US')} characters was dropped (not prose)` });
  return out.join('\n');
}

/** The exhibit a plain-text document says it is (`Exhibit 99.1` near its top). */
function exhibitLabel(text: string): string | undefined {
  const m = /^\s*(Exhibit|EXHIBIT)\s+(\d+(?:\.\d+)?)\s*$/m.exec(text.slice(0, 3000));
  return m ? `Exhibit ${m[2]}` : undefined;
}

/**
 * Read one filing into plain-text parts (documents that may hold press releases) and skipped
 * parts with reasons. Never throws for bad input; past `deadlineMs`, throws IngestBudgetError.
 */
export function readFiling(file: string, bytes: Uint8Array, deadlineMs?: number): FilingRead {
  const skipped: Skipped[] = [];
  const utf16 = utf16Bom(bytes);
  // a UTF-16 file is sniffed on its decoded characters: its bytes alternate with NULs
  // (and one with a UTF-8 byte-order mark past it, or `<SEC-DOCUMENT>` would not be at the start)
  const bom8 = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const first = utf16 ? decodeText(bytes.subarray(0, 8194)) : Buffer.from(bytes.subarray(bom8, bom8 + 4096)).toString('latin1');
  if (bytes.length === 0 || !/\S/.test(first.slice(0, 4096))) {
    return { parts: [], skipped: [{ file, part: 'document', reason: 'empty file' }] };
  }
  if (looksBinary(utf16 ? first : bytes)) return { parts: [], skipped: [{ file, part: 'document', reason: 'binary: not a text filing' }] };
  let data = bytes;
  if (data.length > MAX_FILING_BYTES) {
    data = data.subarray(0, MAX_FILING_BYTES);
    skipped.push({ file, part: 'document', reason: `larger than ${MAX_FILING_BYTES / 1024 / 1024} MB: read the first ${MAX_FILING_BYTES / 1024 / 1024} MB` });
  }
  const head = first.slice(0, 4096);
  const format = sniffFormat(file, head);
  let text: string;
  try {
    text = decodeText(data, format === 'html' && !utf16 ? declaredCharset(head) : undefined);
  } catch (err) {
    return { parts: [], skipped: [{ file, part: 'document', reason: `cannot be decoded (${(err as Error).message})` }] };
  }
  text = boundLines(text.replace(/\r\n?/g, '\n'), skipped, file);
  try {
    let read: FilingRead;
    if (format === 'submission') read = readSubmission(file, text, deadlineMs);
    else if (format === 'lee-8k') read = readLee8k(file, text);
    else if (format === 'csv') read = readCsv(file, text);
    else if (format === 'html') {
      const html = htmlToBlocks(text);
      read = { parts: [{ file, part: 'document', text: html.text, meta: {}, styles: html.styles }], skipped: [] };
    }
    else read = { parts: [{ file, part: exhibitLabel(text) ?? 'document', text, meta: {} }], skipped: [] };
    // a file saved under EDGAR's own name is identified by it where its header is missing
    const named = filingIdentity(file);
    const parts = hasIdentity(named) ? read.parts.map((p) => (p.meta.identity ? p : { ...p, meta: { ...p.meta, identity: named } })) : read.parts;
    return { parts, skipped: [...skipped, ...read.skipped] };
  } catch (err) {
    if (err instanceof IngestBudgetError) throw err;
    return { parts: [], skipped: [...skipped, { file, part: 'document', reason: `cannot be read (${(err as Error).message})` }] };
  }
}
