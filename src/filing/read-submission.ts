import type { BlockStyle } from './block-style.js';
import type { FilingMeta, FilingPart, Skipped } from './filing-part.js';
import { htmlToBlocks } from './html-to-text.js';
import { checkDeadline } from './ingest-budget.js';
import { filingIdentity, hasIdentity, headerField, isoDate } from './filing-identity.js';

export interface PartsRead {
  parts: FilingPart[];
  skipped: Skipped[];
}

/** The filing-level metadata of an EDGAR SEC header. */
export function submissionMeta(text: string, file = ''): FilingMeta {
  const header = secHeader(text);
  const meta: FilingMeta = {};
  // the filer (of co-registrants, the one the file is saved under): see chooseFiler
  const identity = filingIdentity(file, header);
  if (identity.company) meta.company = identity.company;
  if (identity.cik) meta.cik = identity.cik;
  const form = headerField(header, 'CONFORMED SUBMISSION TYPE');
  if (form) meta.formType = form;
  const filed = isoDate(headerField(header, 'FILED AS OF DATE'));
  if (filed) meta.filedAt = filed;
  if (hasIdentity(identity)) meta.identity = identity;
  return meta;
}

/** The SEC header of a submission (its first 8 K when the header is not closed). */
function secHeader(text: string): string {
  const end = text.indexOf('</SEC-HEADER>');
  return text.slice(0, end > 0 ? end : Math.min(text.length, 8192));
}

// Document types that are never press releases, with the reason a reviewer reads.
const NOT_RELEASE: [RegExp, string][] = [
  [/^EX-101|^XML$|^EX-100/, 'xbrl data'],
  [/^GRAPHIC$|^JPG$|^GIF$|^PNG$/, 'binary: image'],
  [/^ZIP$|^PDF$|^EXCEL$|^XLSX?$|^JSON$/, 'binary: attachment'],
  [/^EX-23/, 'not a press release: consent of accountants'],
  [/^EX-3\b|^EX-3\./, 'not a press release: articles or bylaws'],
  [/^EX-10/, 'not a press release: material contract'],
  [/^EX-4\b|^EX-4\./, 'not a press release: instrument defining rights'],
  [/^EX-1\b|^EX-1\./, 'not a press release: underwriting agreement'],
  [/^EX-16/, 'not a press release: auditor letter'],
  [/^EX-5\b|^EX-5\./, 'not a press release: legal opinion'],
  [/^EX-(2|8|14|21|24|31|32|104)\b/, 'not a press release: exhibit of another kind'],
];

function tag(doc: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^\\n<]*)`, 'i').exec(doc)?.[1]?.trim();
}

/** The text of a document's <TEXT> element, HTML converted; undefined when it is binary. */
function documentText(body: string): { text: string; styles?: Map<string, BlockStyle> } | { skip: string } {
  const t = body.trimStart();
  if (/^begin [0-7]{3} /.test(t)) return { skip: 'binary: uuencoded file' };
  if (/^<XBRL>|^<\?xml/i.test(t) && !/<html/i.test(t.slice(0, 2000))) return { skip: 'xbrl data' };
  if (/<html|<body|<div|<p[\s>]|<table/i.test(t.slice(0, 4000))) return htmlToBlocks(t.replace(/<\/?(XBRL|XML)>/gi, ''));
  return { text: body };
}

/**
 * Read an EDGAR submission: the SEC header, then every <DOCUMENT>. Press-release candidates
 * (the form itself and its EX-99 exhibits) become parts; the rest are skipped with a reason.
 * `deadlineMs`: see ingest-budget.ts (checked between documents).
 */
export function readSubmission(file: string, text: string, deadlineMs?: number): PartsRead {
  const meta = submissionMeta(text, file);
  const parts: FilingPart[] = [];
  const skipped: Skipped[] = [];
  const seen = new Map<string, number>();
  let at = 0;
  for (;;) {
    const open = text.indexOf('<DOCUMENT>', at);
    if (open < 0) break;
    checkDeadline(deadlineMs, `document ${parts.length + skipped.length + 1}`);
    let close = text.indexOf('</DOCUMENT>', open);
    const truncated = close < 0;
    if (truncated) close = text.length;
    const doc = text.slice(open, close);
    at = close + 1;
    const type = (tag(doc, 'TYPE') ?? 'document').toUpperCase();
    const n = (seen.get(type) ?? 0) + 1;
    seen.set(type, n);
    const part = n > 1 ? `${type} #${n}` : type;
    const textOpen = doc.search(/<TEXT>/i);
    if (textOpen < 0) {
      skipped.push({ file, part, reason: truncated ? 'truncated: <DOCUMENT> not closed before the end of the file' : 'no <TEXT> in the document' });
      continue;
    }
    const textClose = doc.search(/<\/TEXT>/i);
    const body = doc.slice(textOpen + 6, textClose > textOpen ? textClose : doc.length);
    const rule = NOT_RELEASE.find(([re]) => re.test(type));
    if (rule) {
      skipped.push({ file, part, reason: rule[1] });
      continue;
    }
    const got = documentText(body);
    if ('skip' in got) {
      skipped.push({ file, part, reason: got.skip });
      continue;
    }
    const docMeta: FilingMeta = { ...meta, formType: type };
    // the document's exhibit (`EX-99.1`) is part of its identity; the form itself is not an exhibit
    if (meta.identity) docMeta.identity = /^EX-/.test(type) ? { ...meta.identity, exhibit: type.replace(/ #\d+$/, '') } : meta.identity;
    parts.push(got.styles ? { file, part, text: got.text, meta: docMeta, styles: got.styles } : { file, part, text: got.text, meta: docMeta });
    if (truncated) skipped.push({ file, part, reason: 'truncated: <DOCUMENT> not closed; read what is there' });
  }
  if (parts.length === 0 && skipped.length === 0) skipped.push({ file, part: 'document', reason: 'no <DOCUMENT> in the submission' });
  return { parts, skipped };
}
