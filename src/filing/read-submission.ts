import type { BlockStyle } from './block-style.js';
import type { FilingMeta, FilingPart, Skipped } from './filing-part.js';
import { htmlToBlocks } from './html-to-text.js';

export interface PartsRead {
  parts: FilingPart[];
  skipped: Skipped[];
}

function headerField(header: string, name: string): string | undefined {
  const m = new RegExp(`^\\s*${name}:\\s*(.+?)\\s*$`, 'm').exec(header);
  return m?.[1];
}

function isoDate(yyyymmdd: string | undefined): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(yyyymmdd ?? '');
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/**
 * The header section naming who made the filing. A tender offer (SC TO-T, SC TO-C), a 13D or a
 * merger communication names the SUBJECT COMPANY (the target) first and the filer under FILED BY;
 * a press release in it is the filer's, so its company, CIK and "About" blurb are the filer's.
 */
function filerSection(header: string): string {
  const at = header.search(/^[ \t]*(FILED BY|FILER):[ \t]*$/m);
  if (at < 0) return header;
  const rest = header.slice(at);
  // the section runs to the next top-level one (`SUBJECT COMPANY:`, `REPORTING-OWNER:`, …)
  const body = rest.indexOf('\n') + 1;
  const next = body > 0 ? rest.slice(body).search(/^[A-Z][A-Z -]+:[ \t]*$/m) : -1;
  return next < 0 ? rest : rest.slice(0, body + next);
}

/** The filing-level metadata of an EDGAR SEC header. */
export function submissionMeta(text: string): FilingMeta {
  const end = text.indexOf('</SEC-HEADER>');
  const header = text.slice(0, end > 0 ? end : Math.min(text.length, 8192));
  const meta: FilingMeta = {};
  const filer = filerSection(header);
  const company = headerField(filer, 'COMPANY CONFORMED NAME') ?? headerField(header, 'COMPANY CONFORMED NAME');
  if (company) meta.company = company;
  const cik = headerField(filer, 'CENTRAL INDEX KEY') ?? headerField(header, 'CENTRAL INDEX KEY');
  if (cik) meta.cik = cik.replace(/^0+/, '');
  const form = headerField(header, 'CONFORMED SUBMISSION TYPE');
  if (form) meta.formType = form;
  const filed = isoDate(headerField(header, 'FILED AS OF DATE'));
  if (filed) meta.filedAt = filed;
  return meta;
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
 */
export function readSubmission(file: string, text: string): PartsRead {
  const meta = submissionMeta(text);
  const parts: FilingPart[] = [];
  const skipped: Skipped[] = [];
  const seen = new Map<string, number>();
  let at = 0;
  for (;;) {
    const open = text.indexOf('<DOCUMENT>', at);
    if (open < 0) break;
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
    parts.push(got.styles ? { file, part, text: got.text, meta: docMeta, styles: got.styles } : { file, part, text: got.text, meta: docMeta });
    if (truncated) skipped.push({ file, part, reason: 'truncated: <DOCUMENT> not closed; read what is there' });
  }
  if (parts.length === 0 && skipped.length === 0) skipped.push({ file, part: 'document', reason: 'no <DOCUMENT> in the submission' });
  return { parts, skipped };
}
