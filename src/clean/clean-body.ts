import { continuesSafeHarbor, continuesFooter, headingOf, isContactLine, isOtherHeading, paragraphKind, type Heading } from './boilerplate-rules.js';
import { companyWords } from './company-name.js';
import { isTable, reflow } from './paragraphs.js';
import { parseDateline } from './parse-dateline.js';
import { isTickerLine, parseTickers } from './parse-tickers.js';
import type { Removed } from './release.js';
import { splitRunOn } from './split-run-on.js';
import type { Para } from './to-paras.js';
import { append } from './append.js';

export interface BodyOut {
  paragraphs: string[];
  keep: number[];
  removed: Removed[];
  tickers: string[];
}

/** A run-on paragraph cut at the section headings inside it; each heading opens its own paragraph. */
export function splitRunOnPara(p: Para): Para[] {
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

const EXCHANGE = '(?:NYSE(?: American| Arca)?|NASDAQ|Nasdaq|AMEX|TSX(?:-V)?|OTC(?: ?BB)?|LSE)';
// `Icahn Enterprises L.P. (NASDAQ: IEP) ("IEP")`: a name, its ticker, the short name the release gives it
const DEFINED_NAME = new RegExp(`((?:[A-Z][\\w&.'’-]*,?[ \\t]+){0,5}?[A-Z][\\w&.'’-]*)[ \\t]*(?:\\(${EXCHANGE}\\s*:\\s*([A-Z.]{1,6})\\)[ \\t]*)?\\((?:the[ \\t]+)?[“"]([A-Z][\\w&.-]{1,20})[”"]\\)`, 'g');

/**
 * The words a release uses for its issuer: the words of the company's name, plus the short names
 * and tickers the release defines for a name sharing the company's first word (`Icahn Enterprises
 * L.P. (NASDAQ: IEP) ("IEP")` makes "About IEP and IEH" the issuer's own blurb).
 */
export function issuerWords(company: string, text: string): Set<string> {
  const words = companyWords(company);
  const first = [...words][0];
  if (!first) return words;
  for (const m of text.slice(0, 3000).matchAll(DEFINED_NAME)) {
    if (!companyWords(m[1]!).has(first)) continue;
    if (m[2]) words.add(m[2].toLowerCase().replace(/\./g, ''));
    words.add(m[3]!.toLowerCase());
  }
  return words;
}

/**
 * Classify body paragraphs: boilerplate sections and paragraphs are removed, the rest kept.
 * `fromDateline`: the body starts at the release's dateline, so a form's SIGNATURES heading after
 * it means the form has resumed (its signatures, its exhibit index) and the release has ended.
 */
export function cleanBody(paras: readonly Para[], company: string, fromDateline = false): BodyOut {
  const words = issuerWords(company, paras.map((p) => p.text).join('\n'));
  const out: BodyOut = { paragraphs: [], keep: [], removed: [], tickers: [] };
  let section: { drop?: string; keep?: boolean; sticky?: boolean } = {};
  paras.forEach((p, at) => {
    append(out.removed, p.marks);
    if (section.sticky) {
      out.removed.push({ kind: section.drop!, text: p.text });
      return;
    }
    const firstLine = p.lines[0]?.trim() ?? '';
    const heading: Heading | undefined = headingOf(firstLine) ?? (p.lines.length === 1 ? headingOf(p.text) : undefined);
    const restText = heading && p.lines.length > 1 ? reflow(p.lines.slice(1)) : '';
    if (!heading && (section.drop === 'contact' || section.drop === 'social-links' || section.drop === 'investor-note')) {
      // A contact block's name, agency and title lines, and a footer's link names, follow their
      // label as short lines of their own; the block ends at the first paragraph that is not one.
      const next = paras.slice(at + 1, at + 3).map((q) => q.text);
      const continues = section.drop === 'contact' ? isContactLine(p.text, next) : continuesFooter(p.text, section.drop);
      if (continues && !isTable(p.lines)) {
        const kind = paragraphKind(p.text);
        out.removed.push({ kind: kind === 'text' ? section.drop : kind, text: p.text });
        return;
      }
      section = {};
    }
    if (heading) {
      if (heading.kind === 'about') {
        const subject = companyWords(heading.subject);
        const first = [...subject][0];
        const isCompany = subject.size > 0 && first !== undefined && words.has(first);
        section = isCompany || (words.size === 0 && /^(the company|us|our company)$/i.test(heading.subject)) ? { drop: 'about-company' } : { keep: true };
      } else if (heading.kind === 'safe-harbor') section = { drop: 'safe-harbor' };
      else if (heading.kind === 'contact') section = { drop: 'contact' };
      else if (heading.kind === 'signature') section = { drop: 'signature', sticky: fromDateline };
      else if (heading.kind === 'footer') section = { drop: heading.footer };
      if (section.drop) {
        out.removed.push({ kind: section.drop, text: p.text });
        return;
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
      return;
    }
    const dl = text.length < 200 ? parseDateline(text) : undefined;
    if (dl && text.trim().length - dl.length < 3) {
      // a dateline standing alone (the text after it was cut into the next paragraph)
      out.removed.push({ kind: 'dateline', text });
      return;
    }
    if (/^\[[^\]]{1,80}\]$/.test(text.trim())) {
      out.removed.push({ kind: 'image-placeholder', text });
      return;
    }
    const kind = paragraphKind(text);
    if (kind !== 'text') {
      out.removed.push({ kind, text });
      if (kind === 'safe-harbor') section = { drop: 'safe-harbor' };
      if (kind === 'social-links') section = { drop: 'social-links' };
      return;
    }
    if (section.drop === 'safe-harbor' && !continuesSafeHarbor(text)) section = {};
    if (section.drop) {
      out.removed.push({ kind: section.drop, text });
      return;
    }
    if (section.keep) out.keep.push(out.paragraphs.length);
    out.paragraphs.push(text);
  });
  // a label left dangling at the end once its links or contacts went ("Connect with TASER:")
  while (out.paragraphs.length > 1 && (/^.{0,80}:$/.test(out.paragraphs.at(-1)!) || (/^[^.!?]{0,40}$/.test(out.paragraphs.at(-1)!) && out.paragraphs.at(-1)!.split(/\s+/).length <= 4))) {
    out.removed.push({ kind: 'dangling-label', text: out.paragraphs.pop()! });
    if (out.keep.at(-1) === out.paragraphs.length) out.keep.pop();
  }
  return out;
}
