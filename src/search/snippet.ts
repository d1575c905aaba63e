import { tokenize } from '../index/terms.js';
import type { TextRun } from './search-types.js';

/** Split a text into runs, flagging every token whose term is in `terms`. */
export function markTerms(text: string, terms: ReadonlySet<string>): TextRun[] {
  const runs: TextRun[] = [];
  let at = 0;
  for (const t of tokenize(text)) {
    if (!terms.has(t.term)) continue;
    if (t.start > at) runs.push({ text: text.slice(at, t.start), hit: false });
    runs.push({ text: text.slice(t.start, t.end), hit: true });
    at = t.end;
  }
  if (at < text.length) runs.push({ text: text.slice(at), hit: false });
  return runs;
}

/** The window of about `length` characters with the most matched terms, cut at word boundaries. */
export function snippet(body: string, terms: ReadonlySet<string>, length = 260): TextRun[] {
  const text = body.replace(/\s+/g, ' ').trim();
  const hits = tokenize(text).filter((t) => terms.has(t.term));
  let best = 0;
  let bestCount = -1;
  for (let i = 0; i < hits.length; i++) {
    const start = hits[i]!.start;
    let n = 0;
    for (let j = i; j < hits.length && hits[j]!.end - start <= length; j++) n++;
    if (n > bestCount) {
      bestCount = n;
      best = start;
    }
  }
  let from = Math.max(0, best - 40);
  if (from > 0) {
    const space = text.indexOf(' ', from);
    from = space >= 0 && space < best ? space + 1 : best;
  }
  let to = Math.min(text.length, from + length);
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    if (space > from) to = space;
  }
  const runs = markTerms(text.slice(from, to), terms);
  if (from > 0) runs.unshift({ text: '… ', hit: false });
  if (to < text.length) runs.push({ text: ' …', hit: false });
  return runs;
}
