import { normalizeTerm, tokenize } from './terms.js';
import { isAlnum, isDigit, isLetter, isSpace, plainPhraseEnd, plainWordEnd, windowStart } from './plain-word.js';
import { matchSpans, mergeSpans, type Span } from './match-spans.js';

// What the tokenizer folds to ASCII (accented Latin letters, `ª º ² ³ ¹`; `¼ ½ ¾` and the
// ligatures `ﬁ ﬂ` to several characters) and Unicode hyphens: the text searched has them folded,
// letter for letter.
const FOLDED = /[\u00aa\u00b2\u00b3\u00b9\u00ba\u00bc-\u00be\u00c0-\u024f\u1e00-\u1eff\u2010\u2011\ufb00-\ufb06]/g;
const foldedChar = new Map<string, string>();

// Each term's key, made once: a snippet asks per hit, a phrase check per candidate.
const keyOf = new Map<string, string | undefined>();
const KEY_CACHE_MAX = 10_000;

/**
 * What a text must hold where a word yields this term (see phrase-check): its leading letters (or
 * digits), up to three, written plainly or with separators between them (`separatedStarts`).
 * Undefined when the term starts with neither.
 */
export function termKey(term: string): string | undefined {
  if (keyOf.has(term)) return keyOf.get(term);
  // a stem (word-stem.ts) starts as its words do
  const k = /^~?(?:[a-z]{1,3}|\d{1,3})/.exec(term)?.[0]?.replace(/^~/, '');
  if (keyOf.size >= KEY_CACHE_MAX) keyOf.clear();
  keyOf.set(term, k);
  return k;
}

/** A word start whose first letters (or digits) have separators between them, and those characters without them. */
export interface SeparatedStart {
  at: number;
  lead: string;
}

// what may stand between a word's first letters: a compound's hyphen (`re-launching` is
// `relaunching`), an inner apostrophe (`We're` is `were`, `O'Reilly` `oreilly`); between digits,
// a hyphen or a thousands separator (`1,234,567`)
const LETTER_GAPS = ['-', "'", '\u2019'];
const DIGIT_GAPS = ['-', ','];
const gapCodes = (gaps: string[]) => new Set(gaps.map((g) => g.charCodeAt(0)));
const letterGaps = gapCodes(LETTER_GAPS);
const digitGaps = gapCodes(DIGIT_GAPS);

/** The separators worth finding for these keys: a comma (in every sentence) only for a number's. */
export function separatorsOf(keys: Iterable<string>): string[] {
  const seps = new Set<string>();
  for (const k of keys) if (k.length > 1) for (const sep of isDigit(k.charCodeAt(0)) ? DIGIT_GAPS : LETTER_GAPS) seps.add(sep);
  return [...seps];
}

/**
 * The word starts of a search text with a separator among their first three letters or digits,
 * found from the separators, which are few: a term's key is then looked for once, written plainly,
 * and matched against these, rather than searched for in each way of writing it (16 for three
 * letters).
 */
export function separatedStarts(hay: string, separators: readonly string[]): SeparatedStart[] {
  const out: SeparatedStart[] = [];
  const seen = new Set<number>();
  for (const sep of separators) {
    for (let s = hay.indexOf(sep); s >= 0; s = hay.indexOf(sep, s + 1)) {
      // the word starts one or two characters before the separator
      for (let at = s - 1; at >= Math.max(0, s - 2); at--) {
        const first = hay.charCodeAt(at);
        const same = isLetter(first) ? isLetter : isDigit(first) ? isDigit : undefined;
        if (!same || (at === s - 2 && !same(hay.charCodeAt(s - 1)))) break;
        const before = at > 0 ? hay.charCodeAt(at - 1) : 32;
        if (isAlnum(before) || seen.has(at)) continue;
        const gaps = same === isLetter ? letterGaps : digitGaps;
        let lead = hay[at]!;
        for (let i = at + 1; lead.length < 3 && i < hay.length; i++) {
          const c = hay.charCodeAt(i);
          if (same(c)) lead += hay[i];
          else if (gaps.has(c) && same(hay.charCodeAt(i + 1))) lead += hay[++i];
          else break;
        }
        seen.add(at);
        out.push({ at, lead });
      }
    }
  }
  return out;
}

/** Where a key stands at a word start of a search text: written plainly, or with separators. */
export function keyPositions(hay: string, key: string, separated: readonly SeparatedStart[]): number[] {
  const out: number[] = [];
  for (let at = hay.indexOf(key); at >= 0; at = hay.indexOf(key, at + 1)) {
    const before = at > 0 ? hay.charCodeAt(at - 1) : 32;
    if (!isAlnum(before)) out.push(at);
  }
  if (key.length > 1) for (const s of separated) if (s.lead.startsWith(key) && !hay.startsWith(key, s.at)) out.push(s.at);
  return out;
}

/**
 * The text lower-cased for finding where words start like a query term, at the text's own
 * offsets: an accented Latin letter folded to its letter (`é` → `e`, as the tokenizer folds it) and
 * a Unicode hyphen read as `-`. Undefined when a character folds to several (`ĳ` → `ij`, `¼` →
 * `1⁄4`): offsets would move, and only the full tokenizer reads such a text. (Before, a text with
 * any accented letter, `São Paulo` in a footer, was tokenized whole: 6% of the bodies a rare word
 * found at 10k, ten times the cost of the others.)
 */
export function searchText(text: string): string | undefined {
  FOLDED.lastIndex = 0;
  if (!FOLDED.test(text)) return text.toLowerCase();
  let moves = false;
  const folded = text.replace(FOLDED, (c) => {
    let f = foldedChar.get(c);
    if (f === undefined) {
      f = c === '\u2010' || c === '\u2011' ? '-' : c.normalize('NFKD').replace(/\p{M}/gu, '');
      foldedChar.set(c, f);
    }
    if (f.length !== 1) moves = true;
    return f;
  });
  return moves ? undefined : folded.toLowerCase();
}

/**
 * The same spans as `matchSpans(tokenize(text), terms, phrases)`, found without tokenizing the
 * whole text: only the stretches around words that start like a query term are tokenized. Each
 * stretch runs from whitespace to whitespace, so no word, code or compound is cut.
 */
export function findSpans(text: string, terms: ReadonlySet<string>, phrases: readonly (readonly string[])[] = []): Span[] {
  // nothing to find (a search by filters alone, as an export of every release is): no text to tokenize
  if (terms.size === 0 && phrases.length === 0) return [];
  // a term is looked for where a word starts like it; a phrase where a word starts like its first term
  const keys = new Set<string>();
  for (const t of terms) {
    const k = termKey(t);
    if (!k) return matchSpans(tokenize(text), terms, phrases);
    keys.add(k);
  }
  const phraseKeys = new Map<string, (readonly string[])[]>();
  for (const p of phrases) {
    if (p.length === 0) continue;
    const k = termKey(p[0]!);
    if (!k) return matchSpans(tokenize(text), terms, phrases);
    (phraseKeys.get(k) ?? phraseKeys.set(k, []).get(k)!).push(p);
  }
  const hay = keys.size === 0 && phraseKeys.size === 0 ? undefined : searchText(text);
  if (hay === undefined) return matchSpans(tokenize(text), terms, phrases);
  const separated = separatedStarts(hay, separatorsOf([...keys, ...phraseKeys.keys()]));
  const reach = 48 * Math.max(1, ...phrases.map((p) => p.length)) + 32;
  const starts: number[] = [];
  const direct: Span[] = [];
  for (const key of keys) {
    for (const at of keyPositions(hay, key, separated)) {
      // a plain word needs no tokenizing: it is one term (most occurrences are)
      const end = plainWordEnd(hay, at);
      if (end < 0) starts.push(at);
      else {
        const term = normalizeTerm(text.slice(at, end));
        if (terms.has(term)) direct.push({ start: at, end, term });
      }
    }
  }
  for (const [key, starting] of phraseKeys) {
    for (const at of keyPositions(hay, key, separated)) {
      // plain words are read one by one (`"of the"` is in most sentences); only the rest is tokenized
      for (const p of starting) {
        const end = plainPhraseEnd(text, hay, at, p);
        if (end === undefined) {
          starts.push(at);
          break;
        }
        if (end >= 0) direct.push({ start: at, end, term: p.join(' ') });
      }
    }
  }
  if (starts.length === 0) return mergeSpans(direct);
  starts.sort((a, b) => a - b);
  const spans: Span[] = direct;
  let i = 0;
  while (i < starts.length) {
    const from = windowStart(text, starts[i]!);
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
