import { contactSignals } from './boilerplate-rules.js';
import { isTickerLine } from './parse-tickers.js';

/** Labels above a headline that are not part of it. */
export function isReleaseLabel(text: string): boolean {
  const t = text.trim();
  if (t.length < 80 && /^(For Immediate Release|For Release|Release Date)\b/i.test(t)) return true;
  return /^(FOR IMMEDIATE RELEASE|IMMEDIATE RELEASE|NEWS RELEASES?|PRESS RELEASES?|NEWS|For Release\b.*|Embargoed\b.*|Exhibit\s+\d+(\.\d+)?(\s+(PRESS|NEWS)\s+RELEASES?)?|EX-99(\.\d+)?)\s*:?$/i.test(t);
}

/** A deck line under a headline: `- Novel derivative of … --`. */
export function isDeck(text: string): boolean {
  return /^[-–—•*]/.test(text.trim()) && text.length < 400;
}

/** Whether a paragraph reads as a headline: short, no sentence end, in capitals or title case. */
export function isTitleLike(text: string): boolean {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length < 8 || t.length > 350 || isTickerLine(t) || isReleaseLabel(t) || isDeck(t) || contactSignals(t) > 0) return false;
  if (/^\[[^\]]*\]$/.test(t)) return false; // an image placeholder: `[Alcoa logo]`
  if (/^(Dated|By|Name|Title)\s*:|\/s\//.test(t)) return false; // a form's signature block
  if (/[.!]$/.test(t) && !/\b(Inc|Corp|Co|Ltd|N\.V|S\.A)\.$/i.test(t)) return false;
  // rows of an exhibit index ("Exhibit  Document  Page / 99.1  Text of Press Release dated …  5")
  if (/^Exhibit\b.*\b(Page|Description|Document)\b/i.test(t) || /\b(Text of|Copy of) (the )?Press Release\b/i.test(t)) return false;
  if (/:$/.test(t) || /^(INDEX TO EXHIBITS|EXHIBIT INDEX|SIGNATURES?|TABLE OF CONTENTS|News|Press information|Media Release)$/i.test(t)) return false;
  const letters = t.replace(/[^A-Za-z]/g, '');
  if (letters.length < 6) return false;
  const upper = t.replace(/[^A-Z]/g, '').length / letters.length;
  if (upper >= 0.6) return true;
  const words = t.split(' ').filter((w) => /[A-Za-z]/.test(w));
  const small = /^(a|an|the|and|or|of|in|on|at|to|for|with|by|from|as|its|vs\.?|via|into|over|after|per|than|up)$/i;
  const capital = words.filter((w) => /^[^a-z]*[A-Z0-9]/.test(w) || small.test(w)).length;
  return words.length >= 3 && capital / words.length >= 0.8;
}

const SMALL_WORD = /^(a|an|the|and|or|of|in|on|at|to|for|with|by|from|as|its|vs\.?|via|into|over|after|per|than|up)$/i;

/**
 * The headline at the end of a paragraph of collapsed text (`… Dan@TASER.com TASER International,
 * Inc. Declares 2-For-1 Stock Split`): the longest run of capitalised words that closes it, cut at
 * an address, a phone number or a label (`CONTACT:`). Undefined when the run is cut by a lower-case
 * word (the middle of a headline) or is not 3–25 words long.
 */
export function trailingTitle(text: string): string | undefined {
  const t = text.trim();
  if (/[.!?:;]$/.test(t) && !/\b(Inc|Corp|Co|Ltd)\.$/i.test(t)) return undefined;
  const words = t.split(/\s+/);
  let from = words.length;
  while (from > 0) {
    const w = words[from - 1]!;
    if (/@|\d{3}[-.)]\s?\d{3}|:$/.test(w)) break;
    // a lower-case word inside the run: this is the middle of a headline or of prose, not its start
    if (!/^[^a-z]*[A-Z0-9$]/.test(w) && !SMALL_WORD.test(w)) return undefined;
    from--;
  }
  // a headline starts with a capitalised word, not a small one
  while (from < words.length && SMALL_WORD.test(words[from]!)) from++;
  const run = words.slice(from);
  if (run.length < 3 || run.length > 25 || run.length === words.length) return undefined;
  return run.join(' ');
}
