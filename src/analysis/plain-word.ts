import { isHyphen, normalizeTerm } from './terms.js';

// character codes of a lower-cased (search) text
export const isAlnum = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
export const isDigit = (c: number) => c >= 48 && c <= 57;
export const isLetter = (c: number) => c >= 97 && c <= 122;
export const isApostrophe = (c: number) => c === 39 || c === 0x2019;

/**
 * The end of the plain ASCII word of letters starting at `at`, or -1 when the tokenizer could read
 * something else there: a code (`GTI 2040`), a compound (`anti-cancer`), a possessive, a trademark
 * mark, or letters outside ASCII. A plain word is one token whatever surrounds it.
 */
export function plainWordEnd(hay: string, at: number): number {
  const before = at > 0 ? hay.charCodeAt(at - 1) : 32;
  if (before === 40 || before >= 128 || before === 39 || isHyphen(before)) return -1;
  let end = at;
  while (end < hay.length && isAlnum(hay.charCodeAt(end))) {
    if (isDigit(hay.charCodeAt(end))) return -1;
    end++;
  }
  // inner apostrophes belong to the word (`company's`)
  while (isApostrophe(hay.charCodeAt(end)) && isLetter(hay.charCodeAt(end + 1))) {
    end++;
    while (isLetter(hay.charCodeAt(end))) end++;
  }
  const after = end < hay.length ? hay.charCodeAt(end) : 32;
  if (after === 40 || after >= 128 || after === 39 || isDigit(after) || isHyphen(after)) return -1;
  // `NC 381`: a word then a number may be one code
  if ((after === 32 || after === 0xa0) && isDigit(hay.charCodeAt(end + 1))) return -1;
  return end;
}

/**
 * Whether a phrase (normalised terms) starts at word start `at`, read word by word where the words
 * are plain; undefined where one is not (then the caller tokenizes a window). `hay` is the
 * text lower-cased and folded at the same offsets (find-spans.ts `searchText`).
 */
export function plainPhraseAt(text: string, hay: string, at: number, terms: readonly string[]): boolean | undefined {
  const end = plainPhraseEnd(text, hay, at, terms);
  return end === undefined ? undefined : end >= 0;
}

/** Where a phrase starting at word start `at` ends (its last word's end), -1 where it does not start there, undefined as in plainPhraseAt. */
export function plainPhraseEnd(text: string, hay: string, at: number, terms: readonly string[]): number | undefined {
  let pos = at;
  for (let k = 0; k < terms.length; k++) {
    const end = plainWordEnd(hay, pos);
    if (end < 0) return undefined;
    const term = normalizeTerm(text.slice(pos, end));
    if (!term) return undefined;
    if (term !== terms[k]) return -1;
    if (k === terms.length - 1) return end;
    // punctuation between words is not a token; letters outside ASCII may be
    pos = end;
    for (;;) {
      if (pos >= hay.length) return -1;
      const c = hay.charCodeAt(pos);
      if (isAlnum(c)) break;
      if (c >= 128) return undefined;
      pos++;
    }
  }
  return pos;
}

export const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13 || c === 0xa0;

/**
 * Where to start tokenizing around a word at `at`: at the whitespace a word earlier, so a window
 * begins neither inside a compound (`anti-cancer`) nor at the number of a code (`GTI 2040`).
 */
export function windowStart(text: string, at: number): number {
  let from = at;
  while (from > 0 && !isSpace(text.charCodeAt(from - 1))) from--;
  let back = from - 1;
  while (back > 0 && isSpace(text.charCodeAt(back - 1))) back--;
  while (back > 0 && !isSpace(text.charCodeAt(back - 1))) back--;
  return Math.max(0, back);
}
