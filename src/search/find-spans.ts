import { tokenize } from '../index/terms.js';
import { matchSpans, mergeSpans, type Span } from './match-spans.js';

// Accented Latin letters: folding moves offsets, so such texts take the full path.
const ACCENTED = /[\u00c0-\u024f]/;

/** The leading letters (or digits) a word must start with to yield this term (see phrase-check). */
export function termKey(term: string): string | undefined {
  return /^(?:[a-z]{1,3}|\d{1,3})/.exec(term)?.[0];
}

const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13 || c === 0xa0;

/**
 * The same spans as `matchSpans(tokenize(text), terms, phrases)`, found without tokenizing the
 * whole text: only the stretches around words that start like a query term are tokenized. Each
 * stretch runs from whitespace to whitespace, so no word, code or compound is cut.
 */
export function findSpans(text: string, terms: ReadonlySet<string>, phrases: readonly (readonly string[])[] = []): Span[] {
  const keys = new Set<string>();
  for (const t of [...terms, ...phrases.flat()]) {
    const k = termKey(t);
    if (!k) return matchSpans(tokenize(text), terms, phrases);
    keys.add(k);
  }
  if (keys.size === 0 || ACCENTED.test(text)) return matchSpans(tokenize(text), terms, phrases);
  const hay = text.toLowerCase();
  const reach = 48 * Math.max(1, ...phrases.map((p) => p.length)) + 32;
  const starts: number[] = [];
  for (const key of keys) {
    for (let at = hay.indexOf(key); at >= 0; at = hay.indexOf(key, at + 1)) {
      const before = at > 0 ? hay.charCodeAt(at - 1) : 32;
      if ((before >= 97 && before <= 122) || (before >= 48 && before <= 57)) continue;
      starts.push(at);
    }
  }
  if (starts.length === 0) return [];
  starts.sort((a, b) => a - b);
  const spans: Span[] = [];
  let i = 0;
  while (i < starts.length) {
    let from = starts[i]!;
    while (from > 0 && !isSpace(text.charCodeAt(from - 1))) from--;
    // the word before may join this one into a code (`GTI 2040`): start a word earlier
    let back = from - 1;
    while (back > 0 && isSpace(text.charCodeAt(back - 1))) back--;
    while (back > 0 && !isSpace(text.charCodeAt(back - 1))) back--;
    from = Math.max(0, back);
    let to = starts[i]! + reach;
    while (i + 1 < starts.length && starts[i + 1]! <= to) to = starts[++i]! + reach;
    // end after the next whole word, so the last word and a code's number are not cut
    while (to < text.length && !isSpace(text.charCodeAt(to))) to++;
    while (to < text.length && isSpace(text.charCodeAt(to))) to++;
    while (to < text.length && !isSpace(text.charCodeAt(to))) to++;
    // spans per window: a phrase never runs across the gap between two windows
    for (const s of matchSpans(tokenize(text.slice(from, to)), terms, phrases)) spans.push({ start: s.start + from, end: s.end + from, term: s.term });
    i++;
  }
  // windows may overlap
  return mergeSpans(spans);
}
