import { normalizeTerm, tokenize } from './terms.js';
import { isSpace, plainPhraseEnd, plainWordEnd, windowStart } from './plain-word.js';
import { matchSpans, mergeSpans, type Span } from './match-spans.js';

// What the tokenizer folds to ASCII (accented Latin letters, `ª º ² ³ ¹`; `¼ ½ ¾` and the
// ligatures `ﬁ ﬂ` to several characters) and Unicode hyphens: the text searched has them folded,
// letter for letter.
const FOLDED = /[\u00aa\u00b2\u00b3\u00b9\u00ba\u00bc-\u00be\u00c0-\u024f\u1e00-\u1eff\u2010\u2011\ufb00-\ufb06]/g;
const foldedChar = new Map<string, string>();

// Each term's keys, made once: a snippet asks for them per hit, a phrase check per candidate.
const keysOf = new Map<string, string[] | undefined>();
const KEYS_CACHE_MAX = 10_000;

/**
 * What a text must contain where a word yields this term (see phrase-check): its leading letters
 * (or digits), with or without a hyphen in each gap between them, since `re-launching` is the
 * compound `relaunching`; a word also with an apostrophe there (`We're` is `were`, `O'Reilly`
 * `oreilly`), a number with a thousands separator (`1,234,567`). Undefined when the term starts
 * with neither.
 */
export function termKeys(term: string): string[] | undefined {
  if (keysOf.has(term)) return keysOf.get(term);
  // a stem (word-stem.ts) starts as its words do
  const k = /^~?(?:[a-z]{1,3}|\d{1,3})/.exec(term)?.[0]?.replace(/^~/, '');
  let keys: string[] | undefined;
  if (k) {
    const gaps = /\d/.test(k[0]!) ? ['', '-', ','] : ['', '-', "'", '\u2019'];
    keys = [k[0]!];
    for (const c of k.slice(1)) keys = keys.flatMap((head) => gaps.map((gap) => `${head}${gap}${c}`));
  }
  if (keysOf.size >= KEYS_CACHE_MAX) keysOf.clear();
  keysOf.set(term, keys);
  return keys;
}

/** Which keys a text can hold: one with a separator the text lacks is not looked for. */
export function keyFilter(hay: string): (key: string) => boolean {
  const lacks = ['-', "'", '\u2019', ','].filter((c) => !hay.includes(c));
  return lacks.length === 0 ? () => true : (key) => !lacks.some((c) => key.includes(c));
}

/**
 * The text lower-cased for finding where words start like a query term, at the text's own
 * offsets: an accented Latin letter folded to its letter (`é` → `e`, as the tokenizer folds it) and
 * a Unicode hyphen read as `-`. Undefined when a character folds to
 * several (`ĳ` → `ij`, `¼` → `1⁄4`): offsets would move, and only the full tokenizer reads such a
 * text. (Before, a text with any accented letter, `São Paulo` in a footer, was tokenized whole:
 * 6% of the bodies a rare word found at 10k, ten times the cost of the others.)
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
    const ks = termKeys(t);
    if (!ks) return matchSpans(tokenize(text), terms, phrases);
    for (const k of ks) keys.add(k);
  }
  const phraseKeys = new Map<string, (readonly string[])[]>();
  for (const p of phrases) {
    if (p.length === 0) continue;
    const ks = termKeys(p[0]!);
    if (!ks) return matchSpans(tokenize(text), terms, phrases);
    for (const k of ks) (phraseKeys.get(k) ?? phraseKeys.set(k, []).get(k)!).push(p);
  }
  const hay = keys.size === 0 && phraseKeys.size === 0 ? undefined : searchText(text);
  if (hay === undefined) return matchSpans(tokenize(text), terms, phrases);
  const reach = 48 * Math.max(1, ...phrases.map((p) => p.length)) + 32;
  const starts: number[] = [];
  const direct: Span[] = [];
  const wordStart = (at: number) => {
    const before = at > 0 ? hay.charCodeAt(at - 1) : 32;
    return !((before >= 97 && before <= 122) || (before >= 48 && before <= 57));
  };
  const holds = keyFilter(hay);
  for (const key of keys) {
    if (!holds(key)) continue;
    for (let at = hay.indexOf(key); at >= 0; at = hay.indexOf(key, at + 1)) {
      if (!wordStart(at)) continue;
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
    if (!holds(key)) continue;
    for (let at = hay.indexOf(key); at >= 0; at = hay.indexOf(key, at + 1)) {
      if (!wordStart(at)) continue;
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
