/** What a term is: shared by the indexer, the query parser and the highlighter. */
import pluralize from 'pluralize';

/** Bump whenever tokenization changes: an index built with another version is rebuilt. */
export const TOKENIZER_VERSION = 7;

/** A term found in a text, with its span in that text (UTF-16 offsets). */
export interface Token {
  term: string;
  start: number;
  end: number;
  /**
   * Set on the pieces of a compound that is also emitted whole (`gti`, `2040` of `GTI-2040`;
   * `anti`, `cancer` of `anti-cancer`): indexed so a piece finds the compound, skipped in
   * queries and phrases, where the whole is what the user meant.
   */
  part?: true;
}

// Trademark marks are not part of a name: `Virulizin(R)'s` is `virulizin`.
const MARKS = /(?:\((?:R|TM|SM)\)|[®™℠])(?:['’]s\b)?/giu;
// A word: letters and digits, with inner apostrophes (`company's`). `words` scans for exactly this.
export const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
const HAS_DIGIT = /\p{N}/u;
const LETTERS = /^\p{L}+$/u;
const DIGITS = /^\p{N}+$/u;
// A code's letter prefix and number: short, as in `NC 381`, `GTI 2040`, `MK 0431`.
const MAX_CODE_LETTERS = 6;
const MAX_CODE_DIGITS = 6;
// Trial registries whose ids are a prefix and eight digits: ClinicalTrials.gov, ISRCTN.
const REGISTRY_PREFIXES = new Set(['nct', 'isrctn']);
const REGISTRY_DIGITS = 8;
// Dates are not codes: `May 2004`, `June 30` stay two words.
const NOT_CODE_PREFIXES = new Set([
  'jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'june', 'july', 'march', 'april', 'and', 'or', 'the', 'of', 'in', 'on', 'at', 'to', 'for', 'by', 'no', 'fy', 'q',
]);

// Singular forms are memoised: pluralize runs a list of regexes, and a corpus has few distinct words.
const singularCache = new Map<string, string>();
const SINGULAR_CACHE_MAX = 200_000;

/** Fold case and accents. */
export function foldTerm(word: string): string {
  // ASCII fast path: most words need only lower-casing.
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(word)) return word.toLowerCase();
  return word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The singular of a folded word, so plural and possessive forms find each other. Codes stay as they are. */
export function stem(term: string): string {
  if (term.length < 4 || HAS_DIGIT.test(term)) return term;
  let s = singularCache.get(term);
  if (s === undefined) {
    // Light: only the plural, and never to something shorter than three letters (`bus`, `gas`).
    s = pluralize.singular(term);
    if (s.length < 3 || !s.startsWith(term.slice(0, Math.min(3, term.length - 1)))) s = term;
    if (singularCache.size >= SINGULAR_CACHE_MAX) singularCache.clear();
    singularCache.set(term, s);
  }
  return s;
}

// Words repeat: normalising each distinct word once makes tokenizing (index build, snippets,
// phrase checks) several times faster.
const termCache = new Map<string, string>();
const TERM_CACHE_MAX = 500_000;

/** A word as indexed: folded, possessive dropped, singular. */
export function normalizeTerm(word: string): string {
  let t = termCache.get(word);
  if (t === undefined) {
    t = computeTerm(word);
    if (termCache.size >= TERM_CACHE_MAX) termCache.clear();
    termCache.set(word, t);
  }
  return t;
}

function computeTerm(word: string): string {
  let w = foldTerm(word).replace(/['’]/g, "'");
  if (w.endsWith("'s")) w = w.slice(0, -2);
  else if (w.endsWith("'")) w = w.slice(0, -1);
  w = w.replace(/'/g, '');
  return stem(w);
}

export interface Word {
  text: string;
  start: number;
  end: number;
}

const LETTER = /^\p{L}$/u;
const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;

/** Code units of the word character at i (a letter, or also a number), 0 if there is none. */
function wordChar(s: string, i: number, lettersOnly: boolean): number {
  const c = s.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (!lettersOnly && c >= 48 && c <= 57) ? 1 : 0;
  if (Number.isNaN(c)) return 0;
  const ch = String.fromCodePoint(s.codePointAt(i)!);
  return (lettersOnly ? LETTER : LETTER_OR_NUMBER).test(ch) ? ch.length : 0;
}

/**
 * The words of a text, as WORD matches them (letters and digits, with inner apostrophes), found by
 * scanning character codes: Unicode is asked only about characters outside ASCII. Several times
 * faster than the regular expression on long texts (tested against it).
 */
export function words(text: string): Word[] {
  const clean = text.includes('(') || /[®™℠]/u.test(text) ? text.replace(MARKS, (m) => ' '.repeat(m.length)) : text;
  const out: Word[] = [];
  const n = clean.length;
  let i = 0;
  while (i < n) {
    let k = wordChar(clean, i, false);
    if (k === 0) {
      i++;
      continue;
    }
    const start = i;
    i += k;
    while ((k = wordChar(clean, i, false))) i += k;
    // inner apostrophes, each followed by letters (`company's`, `rock'n'roll`)
    for (;;) {
      const c = clean.charCodeAt(i);
      if ((c !== 39 && c !== 0x2019) || !(k = wordChar(clean, i + 1, true))) break;
      i += 1 + k;
      while ((k = wordChar(clean, i, true))) i += k;
    }
    out.push({ text: clean.slice(start, i), start, end: i });
  }
  return out;
}

/**
 * Whether a word of letters and a number written apart (`NC 381`, `gti 2040`, `NCT 01234567`) may
 * be one code, case aside: the one rule the tokenizer (in capitals) and the query's code joining
 * both apply. A trial registry id is its prefix and eight digits.
 */
export function mayBeCodeParts(letters: string, digits: string): boolean {
  if (!LETTERS.test(letters) || !DIGITS.test(digits)) return false;
  const registry = digits.length === REGISTRY_DIGITS && REGISTRY_PREFIXES.has(letters.toLowerCase());
  if (letters.length > MAX_CODE_LETTERS || (digits.length > MAX_CODE_DIGITS && !registry)) return false;
  return !NOT_CODE_PREFIXES.has(letters.toLowerCase());
}

/**
 * Whether two adjacent words form a code: `GTI`+`2040`, `NC`+`381` (letters then a number). Across
 * a space the letters must be capitals, as codes are written: in running text a word and a number
 * (`sales rose 5%`, `more than 50`) stay two words, so phrases over them still match.
 */
function isCodePair(a: Word, b: Word, gap: string): boolean {
  const spaced = gap === ' ' || gap === '\u00a0';
  if (!(spaced || gap === '-' || gap === '‐' || gap === '‑')) return false;
  const first = b.text.charCodeAt(0);
  if (first < 48 || first > 57) {
    if (first < 128) return false; // ASCII and not a digit: no regex needed
  }
  if (spaced && a.text.toUpperCase() !== a.text) return false;
  return mayBeCodeParts(a.text, b.text);
}

/**
 * Split a text into terms with their offsets.
 * - Codes: `GTI-2040`, `GTI 2040` and `GTI2040` all give the term `gti2040` (plus `gti`, `2040` as parts);
 *   across a space only in capitals (`rose 5` is two words).
 * - Hyphenated words: `anti-cancer` gives `anticancer` (plus `anti`, `cancer` as parts); `G0-G1` gives `g0g1`.
 * - Trademark marks are dropped; case and accents fold; plurals and possessives become the singular.
 */
export function tokenize(text: string): Token[] {
  const ws = words(text);
  const out: Token[] = [];
  let i = 0;
  while (i < ws.length) {
    // `1,234,567` is one number: its groups alone would match other figures
    const groups = thousandsRun(text, ws, i);
    if (groups > 0) {
      const last = ws[i + groups]!;
      out.push({ term: ws.slice(i, i + groups + 1).map((w) => w.text).join(''), start: ws[i]!.start, end: last.end });
      i += groups + 1;
      continue;
    }
    // A run of words joined by single hyphens is one compound.
    let j = i;
    while (j + 1 < ws.length && ws[j + 1]!.start - ws[j]!.end === 1 && isHyphen(text.charCodeAt(ws[j]!.end))) j++;
    if (j === i && i + 1 < ws.length && ws[i + 1]!.start - ws[i]!.end === 1) {
      if (isCodePair(ws[i]!, ws[i + 1]!, text[ws[i]!.end]!)) j = i + 1;
    }
    if (j === i) {
      const w = ws[i]!;
      const term = normalizeTerm(w.text);
      if (term) out.push({ term, start: w.start, end: w.end });
    } else {
      const group = ws.slice(i, j + 1);
      const whole = normalizeTerm(group.map((w) => w.text).join(''));
      out.push({ term: whole, start: group[0]!.start, end: group[group.length - 1]!.end });
      for (const w of group) {
        const term = normalizeTerm(w.text);
        if (term && term !== whole) out.push({ term, start: w.start, end: w.end, part: true });
      }
    }
    i = j + 1;
  }
  return out;
}

const isDigits = (s: string) => {
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) return false;
  }
  return s.length > 0;
};

/**
 * How many `,ddd` groups follow the number at word `i` (`1,234,567`: two), 0 when it is not a
 * number written with thousands separators (1–3 digits, then groups of exactly three).
 */
function thousandsRun(text: string, ws: readonly Word[], i: number): number {
  const first = ws[i]!.text;
  if (first.length > 3 || !isDigits(first)) return 0;
  let n = 0;
  for (let j = i + 1; j < ws.length; j++) {
    const w = ws[j]!;
    const prev = ws[j - 1]!;
    if (w.start - prev.end !== 1 || text.charCodeAt(prev.end) !== 44 || w.text.length !== 3 || !isDigits(w.text)) break;
    n++;
  }
  return n;
}

/** The hyphens that join the words of a compound. */
export function isHyphen(code: number): boolean {
  return code === 0x2d || code === 0x2010 || code === 0x2011;
}

/** The terms of a text as the index holds them (compounds and their parts). */
export function indexTerms(text: string): string[] {
  return tokenize(text).map((t) => t.term);
}

/** The terms a user meant by a piece of query text: compounds whole, without their parts. */
export function queryTerms(text: string): string[] {
  return tokenize(text)
    .filter((t) => !t.part)
    .map((t) => t.term);
}

/** Whether a term holds a digit: codes are never expanded by prefix or fuzzy matching. */
export function isCode(term: string): boolean {
  return HAS_DIGIT.test(term);
}

/** Prefix queries shorter than this would expand to a large part of the vocabulary. */
export const MIN_PREFIX_LENGTH = 3;
