import { isWhiteSpace } from './white-space.js';

/** Sentences of a release's text, with their offsets: what an entity is quoted in. */
export interface Sentence {
  text: string;
  start: number;
  end: number;
}

// Words after which a full stop does not end a sentence.
const ABBREVIATIONS = new Set([
  'inc', 'corp', 'co', 'ltd', 'llc', 'plc', 'dr', 'mr', 'mrs', 'ms', 'prof', 'st', 'no', 'nos', 'vs', 'etc', 'approx',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'u.s', 'e.g', 'i.e', 'ph.d', 'sr', 'jr', 'fig', 'al',
]);
// A sentence longer than this is cut into pieces of it (a table flattened into one line).
const MAX_SENTENCE = 2_000;

const LETTER_OR_DOT = /[\p{L}.]/u;

/** The letters and dots right before `at`, at most 12 characters back, folded (`Inc`, `u.s`). */
function wordBefore(text: string, at: number): string {
  const floor = Math.max(0, at - 12);
  let from = at;
  for (; from > floor; from--) {
    const c = text.charCodeAt(from - 1);
    if (c >= 0xd800 && c <= 0xdfff) return (/([\p{L}.]+)$/u.exec(text.slice(floor, at))?.[1] ?? '').toLowerCase(); // a letter beyond 16 bits: let the expression read it
    const ok = c < 128 ? (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 46 : LETTER_OR_DOT.test(text[from - 1]!);
    if (!ok) break;
  }
  return text.slice(from, at).toLowerCase();
}

/** Split a text at paragraph breaks and sentence ends (`. `, `! `, `? ` before a capital, digit or quote). */
export function sentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  const push = (start: number, end: number) => {
    while (start < end && isWhiteSpace(text.charCodeAt(start))) start++;
    while (end > start && isWhiteSpace(text.charCodeAt(end - 1))) end--;
    // a long run is cut at a space, so no word is split between two pieces
    let s = start;
    while (s < end) {
      let e = Math.min(end, s + MAX_SENTENCE);
      if (e < end) {
        const space = text.lastIndexOf(' ', e);
        if (space > s) e = space;
      }
      out.push({ text: text.slice(s, e), start: s, end: e });
      s = e;
      while (s < end && isWhiteSpace(text.charCodeAt(s))) s++;
    }
  };
  const ends = /[.!?]["'”’)]?\s+(?=["“(]?[A-Z0-9])|\n\s*\n|\n(?=[-•*·]\s)/g;
  let start = 0;
  for (const m of text.matchAll(ends)) {
    const at = m.index;
    if (text[at] === '.') {
      const before = wordBefore(text, at);
      // `Inc.`, `Dr.`, `U.S.` and single initials (`J. Smith`) do not end a sentence
      if (ABBREVIATIONS.has(before) || /^\p{L}$/u.test(before)) continue;
    }
    push(start, at + m[0].length);
    start = at + m[0].length;
  }
  push(start, text.length);
  return out;
}

/** A sentence bounded to `max` characters around a span in it, cut at spaces, with `…` where cut. */
export function quoteAround(sentence: string, start: number, end: number, max = 320): string {
  const s = sentence.replace(/\s+/g, ' ');
  if (sentence.length <= max) return s;
  const room = Math.max(0, max - (end - start));
  let from = Math.max(0, start - Math.floor(room / 2));
  let to = Math.min(sentence.length, from + max);
  from = Math.max(0, to - max);
  if (from > 0) from = sentence.indexOf(' ', from) + 1 || from;
  if (to < sentence.length) to = sentence.lastIndexOf(' ', to) > from ? sentence.lastIndexOf(' ', to) : to;
  return `${from > 0 ? '…' : ''}${sentence.slice(from, to).replace(/\s+/g, ' ').trim()}${to < sentence.length ? '…' : ''}`;
}
