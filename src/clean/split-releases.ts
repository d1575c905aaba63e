import type { FilingPart, Skipped } from '../filing/filing-part.js';
import { contactSignals } from './boilerplate-rules.js';
import { cleanBody, splitRunOnPara } from './clean-body.js';
import { companyFromText, registrantFromCover, tidyCompany } from './company-name.js';
import type { Draft } from './draft.js';
import { headerAbove, headlineAbove, type Header } from './headline-block.js';
import { isTable } from './paragraphs.js';
import { dateIn, parseDateline, type Dateline } from './parse-dateline.js';
import { isTickerLine, parseTickers } from './parse-tickers.js';
import type { Removed } from './release.js';
import { releaseId } from './release-id.js';
import { isReleaseLabel, isTitleLike } from './title-like.js';
import { ABBREVIATION, toParas, type Para } from './to-paras.js';
import { neverReleaseReason, notReleaseReason } from './not-release-reason.js';
import { checkDeadline } from '../filing/ingest-budget.js';
import { append } from './append.js';

// No press release is this long (the longest real ones, with financial tables, are ~300 KB): the
// rest of an oversized one is cut, which bounds the work a hostile filing can cause.
const MAX_RELEASE_CHARS = 1_000_000;

/** Strip an exhibit label glued to the start of a paragraph (`Exhibit 99.1 Apple Reports …`). */
function stripLabel(p: Para): Removed | undefined {
  const m = /^(Exhibit|EX-)\s*99(\.\d+)?\s+(?=\S)/i.exec(p.text);
  if (!m || p.text.length - m[0].length < 8) return undefined;
  p.text = p.text.slice(m[0].length);
  return { kind: 'exhibit-label', text: m[0].trim() };
}

const PLACE_DASH = /^([A-Z][A-Z.'’ ]{2,30}(?:,\s*[A-Z][A-Za-z.'’ ]{1,30})?|[A-Z][A-Za-z.'’ ]{1,30},\s*(?:the\s+)?[A-Z][A-Za-z.'’ ]{1,30})\s*[–—-]{1,2}\s+(?=[A-Z])/;
const NOT_PLACE = /\b(ended|months|year|quarter|period|statements?|balance|notes?|inception|as of|dated?|fiscal)\b/i;
const PROSE = /[A-Za-z]{3,},? [a-z]{2,},? [a-z]{2,}/;

interface Found {
  index: number;
  dateline: Dateline;
}

function findDatelines(paras: Para[], filedAt: string | undefined): Found[] {
  const out: Found[] = [];
  paras.forEach((p, index) => {
    if (isTable(p.lines) || p.text.slice(0, 200).includes('\t')) return;
    const d = parseDateline(p.text, filedAt);
    // a dateline opens a paragraph of prose, and names a place, not a reporting period
    if (d && p.text.length - d.length > 40 && !NOT_PLACE.test(d.place) && PROSE.test(p.text.slice(d.length, d.length + 300))) out.push({ index, dateline: d });
  });
  if (out.length) return out;
  // `Amsterdam, the Netherlands – Royal Philips …` under a headline under a date line of its own;
  // `Jersey City, New Jersey-- Food Concepts …` or `CUPERTINO, CALIFORNIA — Apple …` with no date
  // at all opens a release only under a headline (its date is then found above it, or the filing's)
  paras.forEach((p, index) => {
    if (out.length || index < 1) return;
    const m = PLACE_DASH.exec(p.text);
    if (!m || p.text.length < 100 || NOT_PLACE.test(m[1]!) || !PROSE.test(p.text.slice(m[0].length, m[0].length + 300))) return;
    const date = paras.slice(Math.max(0, index - 3), index).map((q) => (q.text.length < 40 ? dateIn(q.text) : '')).find(Boolean);
    if ((date && index >= 2) || headlineAbove(paras, index, 0)) out.push({ index, dateline: { place: m[1]!, date: date ?? '', length: m[0].length } });
  });
  return out;
}

// A line that says when the release was issued: `Date: January 26, 1998`, `For Immediate Release: …`
const DATE_LABEL = /^(?:Date|Dated|Release Date|For (?:Immediate )?Release)\b/im;

/**
 * The date written above a dateline that has none: a labelled date line (`Date: January 26, 1998`)
 * in the headline block first, else the nearest short paragraph holding a date.
 */
function dateAbove(paras: readonly Para[], index: number): string {
  const above = paras.slice(Math.max(0, index - 12), index).reverse().filter((p) => p.text.length < 120);
  const labelled = above.find((p) => p.lines.some((l) => DATE_LABEL.test(l.trim()) && dateIn(l)));
  if (labelled) return dateIn(labelled.lines.find((l) => DATE_LABEL.test(l.trim()) && dateIn(l))!);
  return above.map((p) => dateIn(p.text)).find(Boolean) ?? '';
}

/** The first sentence of a text, as a fallback headline. */
function firstSentence(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  // skip image placeholders ("[Alcoa logo]"), labels ("Highlights:") and one- or two-word lines
  const first = lines.find((l) => !/^\[[^\]]*\]$/.test(l) && !/:$/.test(l) && !/^(Dated|By|Name|Title)\s*:|\/s\//.test(l) && l.split(/\s+/).length >= 4) ?? lines[0] ?? '';
  for (const m of first.matchAll(/[.!?](?=\s|$)/g)) {
    const end = m.index + 1;
    if (end > 200) break;
    if (end < 20 || ABBREVIATION.test(first.slice(0, end))) continue;
    return first.slice(0, end).trim();
  }
  return (first.length > 120 ? `${first.slice(0, 120).replace(/\s\S*$/, '')} …` : first).trim();
}

function draftOf(part: FilingPart, company: string, header: Header | undefined, dateline: Dateline | undefined, body: Para[], index: number, total: number, near = ''): Draft | undefined {
  const removed: Removed[] = [...(header?.removed ?? [])];
  let length = 0;
  const cut = body.findIndex((p) => (length += p.text.length) > MAX_RELEASE_CHARS);
  if (cut >= 0) {
    const dropped = body.splice(Math.max(1, cut)).reduce((n, p) => n + p.text.length, 0);
    removed.push({ kind: 'over-length', text: `${dropped.toLocaleString('en-US')} characters after the first ${MAX_RELEASE_CHARS.toLocaleString('en-US')} were cut` });
  }
  if (dateline && body[0]) {
    const first = body[0];
    const rest = first.text.slice(dateline.length).trim();
    // keep the paragraph's lines (a heading line inside it still counts) when the dateline fits on the first
    const line0 = first.lines[0] ?? '';
    const lines = first.lines.length > 1 && line0.trim().length >= dateline.length && first.text.startsWith(line0.trim().slice(0, dateline.length))
      ? [line0.trim().slice(dateline.length).trim(), ...first.lines.slice(1)].filter((l) => l.trim())
      : [rest];
    body[0] = { ...first, text: rest, lines };
  }
  const label = body[0] ? stripLabel(body[0]) : undefined;
  if (label) removed.push(label);
  const firstText = body[0]?.text ?? '';
  const who = company || companyFromText(body.map((b) => b.text).join('\n')) || '';
  const cleaned = cleanBody(body.flatMap(splitRunOnPara), who, dateline !== undefined);
  append(removed, cleaned.removed);
  if (cleaned.paragraphs.length === 0) return undefined;
  const text = cleaned.paragraphs.join('\n\n');
  // an export's own headline column is authoritative; a filing's headline comes from its text
  const title = (part.meta.headline || header?.title || firstSentence(text)).replace(/^[\s/|–—-]+/, '').replace(/^(Exhibit|EX-)\s*99(\.\d+)?\s+/i, '').trim();
  const date = dateline?.date || near || part.meta.filedAt || '';
  const tickers = [...new Set([...(header?.tickers ?? []), ...cleaned.tickers, ...parseTickers(firstText)])];
  return {
    id: releaseId(date, text),
    title,
    subtitle: header?.subtitle ?? '',
    date,
    place: dateline?.place ? tidyPlace(dateline.place) : '',
    company: who,
    tickers,
    body: text,
    sources: [{ file: part.file, part: total > 1 ? `${part.part === 'document' ? 'release' : `${part.part} release`} ${index + 1} of ${total}` : part.part, ...part.meta.identity }],
    removed,
    keep: cleaned.keep,
  };
}

// Two-letter region codes after a comma stay in capitals: `SAN JOSE, CA` → `San Jose, CA`.
function tidyPlace(place: string): string {
  return place
    .replace(/\s+/g, ' ')
    .trim()
    .split(', ')
    .map((part, i) => (i > 0 && /^[A-Z]{2}\.?$/.test(part) ? part : part.replace(/\b([A-Z])([A-Z]+)\b/g, (_m, a: string, r: string) => a + r.toLowerCase())))
    .join(', ');
}

/**
 * Split one document into the press releases it holds. A release starts at its headline block
 * above a dateline and runs to the next release's headline. A document with no dateline is one
 * release when its container says so (a CSV row with a headline) or it reads like one.
 * `deadlineMs`: see ingest-budget.ts (checked after the paragraphs and between releases).
 */
export function splitReleases(part: FilingPart, deadlineMs?: number): { drafts: Draft[]; skipped: Skipped[] } {
  const never = part.meta.headline ? undefined : neverReleaseReason(part.text);
  if (never) return { drafts: [], skipped: [{ file: part.file, part: part.part, reason: never }] };
  const paras = toParas(part);
  checkDeadline(deadlineMs, `${part.part}: paragraphs`);
  const company = part.meta.company ? tidyCompany(part.meta.company) : registrantFromCover(part.text) ?? '';
  const found = findDatelines(paras, part.meta.filedAt);
  const drafts: Draft[] = [];
  if (found.length === 0) {
    const reason = notReleaseReason(part, paras.map((p) => p.text));
    if (reason) return { drafts, skipped: [{ file: part.file, part: part.part, reason }] };
    let start = 0;
    while (start < paras.length && (isReleaseLabel(paras[start]!.text) || isTickerLine(paras[start]!.text))) start++;
    const first = paras[start];
    const header = !part.meta.headline && first && isTitleLike(first.text) ? { start, title: first.text, subtitle: '', tickers: [], removed: [] } : undefined;
    const d = draftOf(part, company, header, undefined, paras.slice(header ? start + 1 : start), 0, 1);
    if (!d) return { drafts, skipped: [{ file: part.file, part: part.part, reason: 'nothing left after removing boilerplate' }] };
    return { drafts: [d], skipped: [] };
  }
  const headers: (Header | undefined)[] = [];
  let floor = 0;
  for (const f of found) {
    const h = headerAbove(paras, f.index, floor);
    headers.push(h);
    floor = f.index + 1;
  }
  found.forEach((f, k) => {
    const next = found[k + 1];
    const end = next ? headers[k + 1]?.start ?? next.index : paras.length;
    // a dateline without a date: take one written just above it (`For Immediate Release: …`)
    checkDeadline(deadlineMs, `${part.part}: release ${k + 1} of ${found.length}`);
    const near = f.dateline.date ? '' : dateAbove(paras, f.index);
    const d = draftOf(part, company, headers[k], f.dateline, paras.slice(f.index, end), k, found.length, near);
    if (d) drafts.push(d);
  });
  // What comes before the first release (a cover page, an exhibit index) is reported, not dropped.
  const front = paras.slice(0, headers[0]?.start ?? found[0]!.index).map((p) => p.text);
  const skipped: Skipped[] = [];
  if (front.join(' ').length > 200) {
    const reason = notReleaseReason(part, front);
    const generic = !reason || /no dateline or headline/.test(reason);
    if (generic && contactSignals(front.join('\n')) >= 2 && drafts[0]) {
      // a contact table printed above the headline belongs to the release below it
      drafts[0].removed.unshift(...front.map((text) => ({ kind: 'contact', text })));
    } else {
      skipped.push({ file: part.file, part: part.part === 'document' ? 'front matter' : `${part.part} front matter`, reason: reason ?? 'not a press release: front matter before the first release' });
    }
  }
  return { drafts, skipped };
}
