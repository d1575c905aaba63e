import type { FilingPart, Skipped } from '../filing/filing-part.js';
import { continuesSafeHarbor, contactSignals, headingOf, isOtherHeading, paragraphKind, type Heading } from './boilerplate-rules.js';
import { companyFromText, companyWords, registrantFromCover, tidyCompany } from './company-name.js';
import type { Draft } from './draft.js';
import { lineMark } from './line-marks.js';
import { isTable, joinBrokenParagraphs, reflow } from './paragraphs.js';
import { dateIn, parseDateline, type Dateline } from './parse-dateline.js';
import { isTickerLine, parseTickers } from './parse-tickers.js';
import type { Removed } from './release.js';
import { releaseId } from './release-id.js';
import { splitRunOn } from './split-run-on.js';
import { isDeck, isReleaseLabel, isTitleLike, trailingTitle } from './title-like.js';
import { neverReleaseReason, notReleaseReason } from './not-release-reason.js';

interface Para {
  lines: string[];
  text: string;
  /** Layout marks dropped just before this paragraph. */
  marks: Removed[];
}

// How far above a dateline the headline may sit (labels, headline, deck, ticker lines).
const MAX_HEADER = 8;
const LONE_BULLET = /^[•·▪◦*–—-]$/;
// No press release is this long (the longest real ones, with financial tables, are ~300 KB): the
// rest of an oversized one is cut, which bounds the work a hostile filing can cause.
const MAX_RELEASE_CHARS = 1_000_000;
const MONTH = '(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\\.?';
// In text whose line breaks were lost (PDF or HTML extractions), a dateline or an exhibit label starts a paragraph.
const COLLAPSED_BREAKS = new RegExp(`(?<=[a-z0-9.,)"”]\\s)(?=[A-Z][A-Z.'’ -]{2,30},\\s+(?:[A-Z][A-Za-z.]+,?\\s+){0,3}${MONTH}\\s+\\d{1,2}\\b)|(?=\\bExhibit\\s+99\\.\\d+\\b)`, 'g');

/** Restore paragraph breaks in text that lost them: at datelines, exhibit labels and sentence ends. */
function expandCollapsed(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line.length < 3000
        ? line
        : line
            .replace(COLLAPSED_BREAKS, '\n\n')
            // a sentence end, not an abbreviation (`TASER International, Inc. (NASDAQ: TASR)`)
            .replace(/([.!?]["”]?)\s+(?=[A-Z(“"])/g, (m: string, end: string, at: number, all: string) => (ABBREVIATION.test(all.slice(Math.max(0, at - 8), at + 1)) ? m : `${end}\n\n`)),
    )
    .join('\n');
}

function toParas(text: string): Para[] {
  const lines = expandCollapsed(text).split('\n');
  // Group lines into paragraphs at blank lines; a dropped mark goes with the paragraph after it.
  const raw: { lines: string[]; marks: Removed[] }[] = [];
  let cur: { lines: string[]; marks: Removed[] } = { lines: [], marks: [] };
  let pending: Removed[] = [];
  for (const line of lines) {
    const kind = lineMark(line);
    if (kind) pending.push({ kind, text: line.trim() });
    if (kind || line.trim() === '') {
      if (cur.lines.length) raw.push(cur);
      cur = { lines: [], marks: [] };
      continue;
    }
    if (cur.lines.length === 0) {
      cur.marks = pending;
      pending = [];
    }
    cur.lines.push(line.replace(/\s+$/, ''));
  }
  if (cur.lines.length) raw.push(cur);
  // marks after the last paragraph (`-30-`) end the last release
  if (pending.length && raw.length) raw[raw.length - 1]!.marks.push(...pending);
  const joined = joinBrokenParagraphs(raw.map((r) => r.lines));
  // joinBrokenParagraphs only appends whole paragraphs: walk both lists to carry the marks along
  const paras: Para[] = [];
  let k = 0;
  for (const lines of joined) {
    const marks: Removed[] = [];
    let n = 0;
    while (n < lines.length && k < raw.length) {
      marks.push(...raw[k]!.marks);
      n += raw[k]!.lines.length;
      k++;
    }
    paras.push({ lines, text: reflow(lines), marks });
  }
  return paras;
}

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

function isDateOnly(text: string): boolean {
  return text.length < 40 && dateIn(text) !== '';
}

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
  // `Amsterdam, the Netherlands – Royal Philips …` under a headline under a date line of its own
  paras.forEach((p, index) => {
    if (out.length || index < 2) return;
    const m = PLACE_DASH.exec(p.text);
    if (!m || p.text.length < 100 || NOT_PLACE.test(m[1]!)) return;
    const date = paras.slice(Math.max(0, index - 3), index).map((q) => (q.text.length < 40 ? dateIn(q.text) : '')).find(Boolean);
    if (date) out.push({ index, dateline: { place: m[1]!, date, length: m[0].length } });
  });
  return out;
}

interface Header {
  start: number;
  title: string;
  subtitle: string;
  tickers: string[];
  removed: Removed[];
}

/** Walk up from a dateline over the headline block: ticker lines, labels, deck lines, the headline. */
function headerAbove(paras: Para[], dateline: number, floor: number): Header | undefined {
  let titleAt = -1;
  let candidate = -1;
  let start = dateline;
  for (let i = dateline - 1; i >= floor && i >= dateline - MAX_HEADER; i--) {
    const t = paras[i]!.text;
    if (isTickerLine(t) || isReleaseLabel(t) || isDeck(t)) {
      start = i;
      continue;
    }
    if (isTitleLike(t)) {
      titleAt = i;
      start = i;
      // The headline is the topmost of the title-like lines above the dateline; the ones below it
      // (with or without dashes) are its deck.
      for (let j = i - 1, steps = 0; j >= floor && steps < 16; j--, steps++) {
        const u = paras[j]!.text;
        // a deck item, or the text of a bullet printed as its own paragraph (`•` then the item)
        if (isDeck(u) || (j > floor && LONE_BULLET.test(paras[j - 1]!.text))) continue;
        if (!isTitleLike(u) || isReleaseLabel(u)) break;
        titleAt = j;
        start = j;
      }
      break;
    }
    if (t.length < 250 && contactSignals(t) === 0 && paragraphKind(t) === 'text' && !headingOf(t)) {
      // a sentence-case subtitle between the headline and the dateline, or a sentence-case headline
      if (candidate < 0 && !/[.!?]$/.test(t) && !/^\W*\S+\W*$/.test(t) && !isDateOnly(t)) candidate = i;
      continue;
    }
    break;
  }
  if (titleAt < 0 && candidate >= 0) {
    titleAt = candidate;
    start = candidate;
  }
  if (titleAt < 0) {
    // collapsed text: the headline closes the paragraph before the dateline
    const before = dateline - 1 >= floor ? paras[dateline - 1]!.text : '';
    const tail = before.length > 80 ? trailingTitle(before) : undefined;
    return tail ? { start: dateline, title: tail, subtitle: '', tickers: [], removed: [] } : undefined;
  }
  // labels just above the headline belong to this release
  while (start - 1 >= floor && isReleaseLabel(paras[start - 1]!.text)) start--;
  const removed: Removed[] = [];
  const tickers: string[] = [];
  const deck: string[] = [];
  let title = paras[titleAt]!.text;
  let titleEnd = titleAt;
  const nextText = paras[titleAt + 1]?.text ?? '';
  const words = (t: string) => t.split(/\s+/).length;
  // a headline in capitals broken over two paragraphs, or a short title-case one
  // ("Rock of Ages Acquires" / "American Monument Corporation"); a deck is longer than that
  const caps = title === title.toUpperCase() && nextText === nextText.toUpperCase();
  const shortPair = words(title) <= 5 && words(nextText) <= 6 && !isDeck(nextText);
  if (titleAt + 1 < dateline && isTitleLike(nextText) && (caps || shortPair) && !/[.!?]$/.test(title)) {
    title = `${title} ${nextText}`;
    titleEnd = titleAt + 1;
  }
  if (start < titleAt || titleEnd + 1 < dateline) {
    for (let i = start; i < dateline; i++) {
      if (i >= titleAt && i <= titleEnd) continue;
      const t = paras[i]!.text;
      if (i < titleAt) removed.push({ kind: isReleaseLabel(t) ? 'exhibit-label' : 'header', text: t });
      else if (isTickerLine(t)) {
        tickers.push(...parseTickers(t));
        removed.push({ kind: 'ticker-line', text: t });
      } else if (isReleaseLabel(t)) removed.push({ kind: 'exhibit-label', text: t });
      else deck.push(t.replace(/^[-–—•*\s]+/, '').replace(/[-–—\s]+$/, ''));
    }
  }
  return { start, title: title.replace(/\s+/g, ' ').trim(), subtitle: deck.filter(Boolean).join(' · ').trim(), tickers, removed };
}

interface BodyOut {
  paragraphs: string[];
  keep: number[];
  removed: Removed[];
  tickers: string[];
}

/** A run-on paragraph cut at the section headings inside it; each heading opens its own paragraph. */
function splitRunOnPara(p: Para): Para[] {
  // a heading line inside a paragraph (text extracted without blank lines) opens a new one
  const at = p.lines.findIndex((l, i) => i > 0 && headingOf(l) !== undefined);
  if (at > 0) {
    const head: Para = { lines: p.lines.slice(0, at), text: reflow(p.lines.slice(0, at)), marks: p.marks };
    const tail: Para = { lines: p.lines.slice(at), text: reflow(p.lines.slice(at)), marks: [] };
    return [...splitRunOnPara(head), ...splitRunOnPara(tail)];
  }
  if (p.text.length < 600) return [p];
  const pieces = splitRunOn(p.text);
  if (pieces.length < 2) return [p];
  return pieces.map((piece, i) => {
    const marks = i === 0 ? p.marks : [];
    if (!piece.heading) return { lines: [piece.text], text: piece.text, marks };
    return { lines: piece.text ? [piece.heading, piece.text] : [piece.heading], text: `${piece.heading} ${piece.text}`.trim(), marks };
  });
}

/** Classify body paragraphs: boilerplate sections and paragraphs are removed, the rest kept. */
function cleanBody(paras: readonly Para[], company: string): BodyOut {
  const words = companyWords(company);
  const out: BodyOut = { paragraphs: [], keep: [], removed: [], tickers: [] };
  let section: { drop?: string; keep?: boolean } = {};
  for (const p of paras) {
    out.removed.push(...p.marks);
    const firstLine = p.lines[0]?.trim() ?? '';
    const heading: Heading | undefined = headingOf(firstLine) ?? (p.lines.length === 1 ? headingOf(p.text) : undefined);
    const restText = heading && p.lines.length > 1 ? reflow(p.lines.slice(1)) : '';
    if (heading) {
      if (heading.kind === 'about') {
        const subject = companyWords(heading.subject);
        const first = [...subject][0];
        const isCompany = subject.size > 0 && first !== undefined && words.has(first);
        section = isCompany || words.size === 0 && /^(the company|us|our company)$/i.test(heading.subject) ? { drop: 'about-company' } : { keep: true };
      } else if (heading.kind === 'safe-harbor') section = { drop: 'safe-harbor' };
      else if (heading.kind === 'contact') section = { drop: 'contact' };
      else if (heading.kind === 'signature') section = { drop: 'signature' };
      if (section.drop) {
        out.removed.push({ kind: section.drop, text: p.text });
        continue;
      }
      // a kept heading: its text is part of the body
    } else if (isOtherHeading(p.text) && !isTable(p.lines)) {
      section = {};
    }
    if (heading && restText && section.keep) {
      // "About GTI-2040" with its text on the next line: the heading is a paragraph of its own
      out.keep.push(out.paragraphs.length);
      out.paragraphs.push(firstLine.replace(/^#+\s*/, ''));
    }
    const text = heading && restText && section.keep ? restText : p.text;
    if (isTickerLine(text)) {
      out.tickers.push(...parseTickers(text));
      out.removed.push({ kind: 'ticker-line', text });
      continue;
    }
    const dl = text.length < 200 ? parseDateline(text) : undefined;
    if (dl && text.trim().length - dl.length < 3) {
      // a dateline standing alone (the text after it was cut into the next paragraph)
      out.removed.push({ kind: 'dateline', text });
      continue;
    }
    if (/^\[[^\]]{1,80}\]$/.test(text.trim())) {
      out.removed.push({ kind: 'image-placeholder', text });
      continue;
    }
    const kind = paragraphKind(text);
    if (kind !== 'text') {
      out.removed.push({ kind, text });
      if (kind === 'safe-harbor') section = { drop: 'safe-harbor' };
      continue;
    }
    if (section.drop === 'safe-harbor' && !continuesSafeHarbor(text)) section = {};
    if (section.drop) {
      // a contact section ends at the first paragraph of prose
      if (section.drop === 'contact' && /[.!?]["”]?\s+[A-Z]/.test(text) && text.length > 200) section = {};
      else {
        out.removed.push({ kind: section.drop, text });
        continue;
      }
    }
    if (section.keep) out.keep.push(out.paragraphs.length);
    out.paragraphs.push(text);
  }
  // a label left dangling at the end once its links or contacts went ("Connect with TASER:")
  while (out.paragraphs.length > 1 && (/^.{0,80}:$/.test(out.paragraphs.at(-1)!) || /^[^.!?]{0,40}$/.test(out.paragraphs.at(-1)!) && out.paragraphs.at(-1)!.split(/\s+/).length <= 4)) {
    out.removed.push({ kind: 'dangling-label', text: out.paragraphs.pop()! });
    if (out.keep.at(-1) === out.paragraphs.length) out.keep.pop();
  }
  return out;
}

/** The first sentence of a text, as a fallback headline. */
// a period that does not end a sentence: "Dr. Arthur Levinson", "Mountain View, Calif.", "J. Smith"
const ABBREVIATION = /\b(?:Dr|Mr|Mrs|Ms|Prof|Inc|Corp|Co|Ltd|No|St|Jr|Sr|vs|Calif|Mass|Ariz|Fla|Ill|Mich|Wash|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|[A-Z])\.$/;

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
  const cleaned = cleanBody(body.flatMap(splitRunOnPara), who);
  removed.push(...cleaned.removed);
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
    sources: [{ file: part.file, part: total > 1 ? `${part.part === 'document' ? 'release' : `${part.part} release`} ${index + 1} of ${total}` : part.part }],
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
 */
export function splitReleases(part: FilingPart): { drafts: Draft[]; skipped: Skipped[] } {
  const never = part.meta.headline ? undefined : neverReleaseReason(part.text);
  if (never) return { drafts: [], skipped: [{ file: part.file, part: part.part, reason: never }] };
  const paras = toParas(part.text);
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
    const near = f.dateline.date ? '' : paras.slice(Math.max(0, f.index - 12), f.index).map((p) => (p.text.length < 120 ? dateIn(p.text) : '')).find(Boolean) ?? '';
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
