import type { Token } from './terms.js';

/** A stretch of text that matched the query. */
export interface Span {
  start: number;
  end: number;
  term: string;
}

/**
 * The spans of tokens whose term the query matched, merged where they overlap: a matched code
 * `GTI-2040` is one span, not the code plus its parts.
 */
export function matchSpans(tokens: readonly Token[], terms: ReadonlySet<string>, phrases: readonly (readonly string[])[] = []): Span[] {
  const spans: Span[] = [];
  for (const t of tokens) if (terms.has(t.term)) spans.push({ start: t.start, end: t.end, term: t.term });
  if (phrases.length) spans.push(...phraseSpans(tokens, phrases));
  return mergeSpans(spans);
}

/** Spans in text order, overlapping ones merged into one. */
export function mergeSpans(spans: Span[]): Span[] {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) {
      if (s.end > last.end) last.end = s.end;
    } else merged.push({ ...s });
  }
  return merged;
}

/** Where each phrase occurs as consecutive whole terms (parts of compounds skipped). */
export function phraseSpans(tokens: readonly Token[], phrases: readonly (readonly string[])[]): Span[] {
  const whole = tokens.filter((t) => !t.part);
  const out: Span[] = [];
  for (const phrase of phrases) {
    if (phrase.length === 0) continue;
    for (let i = 0; i + phrase.length <= whole.length; i++) {
      let ok = true;
      for (let k = 0; k < phrase.length && ok; k++) ok = whole[i + k]!.term === phrase[k];
      if (ok) out.push({ start: whole[i]!.start, end: whole[i + phrase.length - 1]!.end, term: phrase.join(' ') });
    }
  }
  return out;
}

/** Whether a phrase occurs in the tokens. */
export function hasPhrase(tokens: readonly Token[], phrase: readonly string[]): boolean {
  return phraseSpans(tokens, [phrase]).length > 0;
}

/** A run of text, flagged when it matched the query: snippets are data, templates escape them. */
export interface TextRun {
  text: string;
  hit: boolean;
}

/** The runs of text[from, to) with the spans inside it flagged as hits. */
export function runsOf(text: string, spans: readonly Span[], from = 0, to = text.length): TextRun[] {
  const runs: TextRun[] = [];
  let at = from;
  for (const s of spans) {
    if (s.end <= from || s.start >= to) continue;
    const start = Math.max(s.start, from);
    const end = Math.min(s.end, to);
    if (start > at) runs.push({ text: text.slice(at, start), hit: false });
    runs.push({ text: text.slice(start, end), hit: true });
    at = end;
  }
  if (at < to) runs.push({ text: text.slice(at, to), hit: false });
  return runs;
}
