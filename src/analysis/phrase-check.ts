import { tokenize } from './terms.js';
import { needsFullPath, termKeys } from './find-spans.js';
import { hasPhrase } from './match-spans.js';
import { plainPhraseAt, windowStart } from './plain-word.js';

/**
 * Whether a phrase (normalised terms) occurs in a text, without tokenizing all of it: find where
 * a word starts with the first term's leading letters or digits (also split by hyphens: `re-launching`
 * is `relaunching`), and tokenize only a short window
 * there. A term's indexed form keeps the first three letters of the word as written (the stemmer
 * never changes them) and a code keeps its letter prefix (`nc381` is written `NC 381`), so no
 * occurrence is missed. Same answer as `hasPhrase(tokenize(text), terms)`, many times faster on
 * long bodies.
 */
export function textHasPhrase(text: string, terms: readonly string[]): boolean {
  if (terms.length === 0) return false;
  const keys = termKeys(terms[0]!);
  if (!keys || needsFullPath(text)) return hasPhrase(tokenize(text), terms);
  const hay = text.toLowerCase();
  const window = 48 * terms.length + 64;
  for (const key of keys) {
    for (let at = hay.indexOf(key); at >= 0; at = hay.indexOf(key, at + 1)) {
      const before = at > 0 ? hay.charCodeAt(at - 1) : 32;
      // a word start: not preceded by a letter or digit
      if ((before >= 97 && before <= 122) || (before >= 48 && before <= 57)) continue;
      // plain words are read one by one; only the rest needs the tokenizer
      const plain = plainPhraseAt(text, hay, at, terms);
      if (plain === false) continue;
      if (plain || hasPhrase(tokenize(text.slice(windowStart(text, at), at + window)), terms)) return true;
    }
  }
  return false;
}
