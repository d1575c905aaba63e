import { prominence } from '../filing/block-style.js';
import { contactSignals, headingOf, paragraphKind } from './boilerplate-rules.js';
import { dateIn } from './parse-dateline.js';
import { isTickerLine, parseTickers } from './parse-tickers.js';
import type { Removed } from './release.js';
import { isDeck, isReleaseLabel, isTitleLike, trailingTitle } from './title-like.js';
import type { Para } from './to-paras.js';

/** The headline block above a dateline: where it starts, the headline, its deck and ticker lines. */
export interface Header {
  start: number;
  title: string;
  subtitle: string;
  tickers: string[];
  removed: Removed[];
}

// How far above a dateline the headline may sit (labels, headline, deck, ticker lines).
const MAX_HEADER = 8;
const LONE_BULLET = /^[•·▪◦*–—-]$/;

function isDateOnly(text: string): boolean {
  return text.length < 40 && dateIn(text) !== '';
}

/** Whether two paragraphs are set in different faces (known only for HTML filings). */
function styledApart(a: Para | undefined, b: Para | undefined): boolean {
  return !!a?.style && !!b?.style && a.style.signature !== b.style.signature;
}

/**
 * Of the sentence-case lines stacked just above the dateline, the headline: in an HTML filing the
 * line set most prominently (larger, then bolder; the topmost on a tie), the deck lines under it
 * being set smaller; in plain text, the line just above the dateline. `candidates` run upwards.
 */
function sentenceCaseHeadline(paras: readonly Para[], candidates: readonly number[]): number {
  // only the lines stacked right above the nearest one: a date line or a label breaks the stack
  let run = 1;
  while (run < candidates.length && candidates[run] === candidates[run - 1]! - 1) run++;
  const styled = candidates.slice(0, run).filter((i) => paras[i]!.style);
  if (styled.length < 2) return candidates[0]!;
  let best = styled[0]!;
  for (const i of styled) if (prominence(paras[i]!.style!) >= prominence(paras[best]!.style!)) best = i;
  return best;
}

/** Walk up from a dateline over the headline block: ticker lines, labels, deck lines, the headline. */
export function headerAbove(paras: readonly Para[], dateline: number, floor: number): Header | undefined {
  let titleAt = -1;
  const candidates: number[] = [];
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
      if (!/[.!?]$/.test(t) && !/^\W*\S+\W*$/.test(t) && !isDateOnly(t)) candidates.push(i);
      continue;
    }
    break;
  }
  if (titleAt < 0 && candidates.length) {
    titleAt = sentenceCaseHeadline(paras, candidates);
    start = titleAt;
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
  // ("Rock of Ages Acquires" / "American Monument Corporation"); a deck is longer than that, or
  // (in HTML) set in another face than the headline
  const caps = title === title.toUpperCase() && nextText === nextText.toUpperCase();
  const shortPair = words(title) <= 5 && words(nextText) <= 6 && !isDeck(nextText);
  const sameFace = !styledApart(paras[titleAt], paras[titleAt + 1]);
  if (titleAt + 1 < dateline && isTitleLike(nextText) && (caps || shortPair) && sameFace && !/[.!?]$/.test(title)) {
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

/** Whether a headline is set above a dateline: a title-like line, or (HTML) a bold one, close above it. */
export function headlineAbove(paras: readonly Para[], index: number, floor: number): boolean {
  for (let i = index - 1; i >= floor && i >= index - 4; i--) {
    const p = paras[i]!;
    if (isTickerLine(p.text) || isReleaseLabel(p.text) || isDeck(p.text)) continue;
    if (isTitleLike(p.text) || (p.style?.bold && p.text.length < 250 && !/[.!?]$/.test(p.text))) return true;
  }
  return false;
}
