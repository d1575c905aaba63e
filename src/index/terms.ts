/** What a term is: shared by the indexer, the query parser and the highlighter. */

/** Bump whenever tokenization changes: an index built with another version is rebuilt. */
export const TOKENIZER_VERSION = 1;

/** A term found in a text, with its span in that text (UTF-16 offsets). */
export interface Token {
  term: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Split a text into normalised terms with their offsets. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    out.push({ term: normalizeTerm(m[0]), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Fold case and accents. */
export function normalizeTerm(word: string): string {
  return word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}
