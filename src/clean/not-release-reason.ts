import type { FilingPart } from '../filing/filing-part.js';

const RELEASE_SIGNALS = /\b(today announced|announced today|announces|announced|reported|reports|press release|for immediate release)\b/i;

/**
 * Why a document without a dateline is not a press release, or undefined when it reads like one
 * (a CSV row with a headline, or an exhibit of prose that announces something).
 */
export function notReleaseReason(part: FilingPart, paragraphs: readonly string[]): string | undefined {
  const text = paragraphs.join('\n');
  const head = text.slice(0, 3000);
  if (part.meta.headline && text.length > 200) return undefined;
  if (/consent of (independent|registered)/i.test(head)) return 'not a press release: consent of accountants';
  if (/\bcharter\b/i.test(head.slice(0, 400)) && /committee/i.test(head)) return 'not a press release: committee charter';
  if (/\bby-?laws\b/i.test(head.slice(0, 400))) return 'not a press release: bylaws';
  if (/\bvotes?\b.*\b(for|against|abstain|broker non-votes)\b/is.test(head) && /annual meeting|special meeting/i.test(head)) return 'not a press release: vote results';
  if (/Report of Foreign (Private )?Issuer|FORM 6-K/i.test(head) && text.length < 6000) return 'not a press release: cover page';
  if (/^8-K/.test(part.meta.formType ?? '') || /CURRENT REPORT|Item \d\.\d\d/i.test(head)) return 'not a press release: form text (no release in it)';
  const digits = (text.match(/\d/g)?.length ?? 0) / Math.max(1, text.length);
  if (digits > 0.15) return 'not a press release: financial data';
  const prose = paragraphs.filter((p) => p.length > 150 && /[.!?]["”]?$/.test(p)).length;
  if (prose >= 2 && RELEASE_SIGNALS.test(text.slice(0, 2000)) && /^EX-99|^document$|^release$/i.test(part.meta.formType ?? part.part)) return undefined;
  return 'not a press release: no dateline or headline';
}

// The items of an annual report (Form 10-K) as headings: a report's parts refiled as an exhibit
// (recast for new segments, say) open with one, where a release opens with its headline.
const ANNUAL_REPORT_ITEM = /^[ \t]*item[ \t]+(?:1A?|7|8)\.?[ \t]*\n?[ \t]*(?:business|risk factors|management['’]s discussion and analysis|financial statements and supplementary data)\b/im;

/**
 * Documents that are never press releases whatever datelines they quote: call transcripts and the
 * parts of periodic reports filed as exhibits (a quarterly report's financial statements, an
 * annual report's items).
 */
export function neverReleaseReason(text: string): string | undefined {
  const head = text.slice(0, 2500);
  if (/\b(CORPORATE PARTICIPANTS|CONFERENCE CALL PARTICIPANTS|FINAL TRANSCRIPT|EDITED TRANSCRIPT|F T INAL RANSCRIPT)\b/.test(head) || /\bConference Call Transcript\b/i.test(head)) {
    return 'not a press release: call transcript';
  }
  if (/^\s*PART I\b[\s.–-]*FINANCIAL INFORMATION\b/m.test(head) || /QUARTERLY REPORT PURSUANT TO SECTION 13/i.test(head)) return 'not a press release: periodic report';
  if (ANNUAL_REPORT_ITEM.test(text.slice(0, 1000))) return 'not a press release: periodic report (annual report items)';
  return undefined;
}
