import { tokenize, type Token } from './terms.js';
import { keyPositions, searchText, separatedStarts, separatorsOf, termKey, type SeparatedStart } from './find-spans.js';
import { hasPhrase } from './match-spans.js';
import { plainPhraseAt, windowStart } from './plain-word.js';

/**
 * A text prepared once for any number of phrase checks: lower-cased and folded at its own offsets
 * (find-spans.ts `searchText`), or, where folding would move them, marked for the full tokenizer
 * (then its tokens, made on first use). A release checked against a phrase and its other
 * spellings, or several phrases, pays for these once.
 */
export interface PhraseText {
  readonly text: string;
  readonly hay: string;
  readonly full: boolean;
  tokens?: Token[];
  /** Its words with a separator among their first letters (find-spans.ts), by the separators looked for, made on first use. */
  separated?: Map<string, SeparatedStart[]>;
}

export const phraseText = (text: string): PhraseText => {
  const hay = searchText(text);
  return { text, hay: hay ?? text, full: hay === undefined };
};

const tokensOf = (t: PhraseText): Token[] => (t.tokens ??= tokenize(t.text));

/**
 * Whether a phrase (normalised terms) occurs in a text, without tokenizing all of it: find where
 * a word starts with the first term's leading letters or digits (also split by hyphens: `re-launching`
 * is `relaunching`), and tokenize only a short window
 * there. A term's indexed form keeps the first three letters of the word as written (the stemmer
 * never changes them), but for a hyphen or an apostrophe among them (`We're` is `were`), and a
 * code keeps its letter prefix (`nc381` is written `NC 381`), so no occurrence is missed. Same
 * answer as `hasPhrase(tokenize(text), terms)`, many times faster on long bodies.
 */
export function textHasPhrase(text: string | PhraseText, terms: readonly string[]): boolean {
  return textHasAnyPhrase(typeof text === 'string' ? phraseText(text) : text, [terms]);
}

/**
 * Whether any of these phrases occurs in the text: one pass over the places where a word starts
 * like one of their first terms (a phrase and its other spellings mostly share it: `"net
 * income"`, `netincome`), each place checked against the phrases that start so. Same answer as
 * `phrases.some((p) => textHasPhrase(text, p))`.
 */
export function textHasAnyPhrase(t: PhraseText, phrases: readonly (readonly string[])[]): boolean {
  const byKey = new Map<string, (readonly string[])[]>();
  for (const terms of phrases) {
    if (terms.length === 0) continue;
    const key = termKey(terms[0]!);
    if (!key || t.full) {
      if (hasPhrase(tokensOf(t), terms)) return true;
      continue;
    }
    (byKey.get(key) ?? byKey.set(key, []).get(key)!).push(terms);
  }
  const { text, hay } = t;
  if (byKey.size === 0) return false;
  const seps = separatorsOf(byKey.keys());
  const made = (t.separated ??= new Map());
  let separated = made.get(seps.join(''));
  if (!separated) made.set(seps.join(''), (separated = separatedStarts(hay, seps)));
  for (const [key, starting] of byKey) {
    for (const at of keyPositions(hay, key, separated)) {
      for (const terms of starting) {
        // plain words are read one by one; only the rest needs the tokenizer
        const plain = plainPhraseAt(text, hay, at, terms);
        if (plain === false) continue;
        if (plain || hasPhrase(tokenize(text.slice(windowStart(text, at), at + 48 * terms.length + 64)), terms)) return true;
      }
    }
  }
  return false;
}
