import type { Token } from './terms.js';

/**
 * The tokens of a text less those on the second and later copies of a line it repeats: what a
 * release's term frequencies are counted from. An earnings release prints one line item in every
 * table (`Acquisition related and other` in four of Oracle's), and BM25 would read each copy as
 * the release saying more about it. Lines are compared with their spacing tidied; a line that
 * holds no term does not matter. Phrases, snippets and pair filters still read the whole text.
 */
export function countedOnce(text: string, tokens: readonly Token[]): Token[] {
  const repeats = repeatedLineSpans(text);
  if (repeats.length === 0) return [...tokens];
  const out: Token[] = [];
  let r = 0;
  // tokens and spans are both in text order: one merge
  for (const t of tokens) {
    while (r < repeats.length && repeats[r]![1] <= t.start) r++;
    const span = repeats[r];
    if (span && t.start >= span[0] && t.start < span[1]) continue;
    out.push(t);
  }
  return out;
}

/** [start, end) of every line that repeats an earlier line of the text, in order. */
export function repeatedLineSpans(text: string): [number, number][] {
  const seen = new Set<string>();
  const spans: [number, number][] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).trim();
    if (line) {
      const key = /\s\s|\t/.test(line) ? line.replace(/\s+/g, ' ') : line;
      if (seen.has(key)) spans.push([start, end]);
      else seen.add(key);
    }
    start = end + 1;
  }
  return spans;
}
