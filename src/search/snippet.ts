import { findSpans } from '../analysis/find-spans.js';
import { runsOf, type Span } from '../analysis/match-spans.js';
import type { TextRun } from './search-types.js';

/** What to highlight: single terms, and phrases as sequences of terms. */
export interface Highlight {
  terms: ReadonlySet<string>;
  phrases: readonly string[][];
}

/**
 * Mark every match in a text (a title, a paragraph): the spans tokenizing it would give, found
 * by tokenizing only around the words that start like a query term (find-spans.ts).
 */
export function markText(text: string, hl: Highlight): TextRun[] {
  return runsOf(text, findSpans(text, hl.terms, hl.phrases));
}

const SNIPPET_LENGTH = 260;
const MIN_LENGTH = 200;
// How much text to show before the first match of a window.
const LEAD = 50;

interface Window {
  from: number;
  to: number;
  distinct: Set<string>;
  count: number;
}

/** The window of about `length` characters starting near span i. */
function windowAt(spans: readonly Span[], i: number, length: number): Window {
  const anchor = spans[i]!.start;
  const distinct = new Set<string>();
  let count = 0;
  let to = anchor;
  for (let j = i; j < spans.length && spans[j]!.end - anchor <= length - LEAD; j++) {
    distinct.add(spans[j]!.term);
    count++;
    to = spans[j]!.end;
  }
  return { from: anchor, to, distinct, count };
}

function better(a: Window, b: Window | undefined): boolean {
  return !b || a.distinct.size > b.distinct.size || (a.distinct.size === b.distinct.size && a.count > b.count);
}

/** Cut [from, to) out to about `length` characters at word boundaries around its matches. */
function cut(text: string, from: number, to: number, length: number): [number, number] {
  let start = Math.max(0, from - LEAD);
  // start at a sentence when one begins shortly before the match, else at a word
  const sentence = text.lastIndexOf('. ', from);
  if (sentence >= 0 && from - sentence <= LEAD * 2 && sentence + 2 <= from) start = sentence + 2;
  else if (start > 0) {
    const space = text.indexOf(' ', start);
    start = space >= 0 && space < from ? space + 1 : from;
  }
  let end = Math.max(to, Math.min(text.length, start + length));
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > to) end = space;
  }
  return [start, end];
}

// Characters of a body read first for an opening snippet (more only when whitespace ate them).
const OPENING_READ = 640;

// only runs and non-space whitespace need replacing: far fewer matches than every space
const tidy = (body: string) => body.replace(/\s{2,}|[^\S ]/g, ' ').trim();

/** The opening of a tidied text as a snippet, nothing marked. */
function opening(text: string, length: number): TextRun[] {
  const end = cut(text, 0, 0, length)[1];
  return wrap(text, runsOf(text, [], 0, end), 0, end);
}

/**
 * The best one or two windows of a body for a query, 200–300 characters in all, cut at word
 * boundaries with `…`, every match flagged. Pure: the body is tokenized once.
 */
export function snippet(body: string, hl: Highlight, length = SNIPPET_LENGTH): TextRun[] {
  // nothing to mark (a search by filters alone, an export): the snippet is the opening, so only
  // as much of the body is tidied as the opening needs
  if (hl.terms.size === 0 && hl.phrases.length === 0 && body.length > OPENING_READ) return openingSnippet(body, true, length)!;
  const text = tidy(body);
  const spans = findSpans(text, hl.terms, hl.phrases);
  if (spans.length === 0) return opening(text, length);
  let best: Window | undefined;
  for (let i = 0; i < spans.length; i++) {
    const w = windowAt(spans, i, length);
    if (better(w, best)) best = w;
  }
  const all = new Set(spans.map((s) => s.term));
  if (best!.distinct.size < all.size) {
    // A second, shorter window for the terms the first one lacks.
    const half = Math.round(length / 2);
    let first: Window | undefined;
    for (let i = 0; i < spans.length; i++) {
      const w = windowAt(spans, i, half);
      if (better(w, first)) first = w;
    }
    let second: Window | undefined;
    for (let i = 0; i < spans.length; i++) {
      const w = windowAt(spans, i, half);
      if (w.from < first!.to + LEAD && w.to > first!.from - half) continue;
      const adds = new Set([...w.distinct].filter((t) => !first!.distinct.has(t)));
      if (adds.size === 0) continue;
      if (!second || adds.size > second.distinct.size) second = { ...w, distinct: adds };
    }
    if (second) {
      const [a, b] = [first!, second].sort((x, y) => x.from - y.from) as [Window, Window];
      const [s1, e1] = cut(text, a.from, a.to, half);
      const [s2, e2] = cut(text, Math.max(b.from, e1 + 1), b.to, half);
      const runs = wrap(text, runsOf(text, spans, s1, e1), s1, e1);
      if (runs[runs.length - 1]?.text === ' …') runs.pop();
      runs.push({ text: ' … ', hit: false });
      const tail = wrap(text, runsOf(text, spans, s2, e2), s2, e2);
      if (tail[0]?.text === '… ') tail.shift();
      return [...runs, ...tail];
    }
  }
  const [start, end] = cut(text, best!.from, best!.to, Math.max(MIN_LENGTH, length));
  return wrap(text, runsOf(text, spans, start, end), start, end);
}

/**
 * The snippet of a body with nothing to mark, from its start: `whole` says whether `start` is the
 * whole body. Undefined when a start that is not whole is too short to tell (the caller reads more).
 */
export function openingSnippet(start: string, whole: boolean, length = SNIPPET_LENGTH): TextRun[] | undefined {
  if (start.length <= OPENING_READ) return whole ? opening(tidy(start), length) : undefined;
  for (let take = OPENING_READ; ; take *= 2) {
    if (take >= start.length && !whole) return undefined;
    const text = tidy(start.slice(0, take));
    if (text.length >= length * 2 || take >= start.length) return opening(text, length);
  }
}

function wrap(text: string, runs: TextRun[], start: number, end: number): TextRun[] {
  if (start > 0) runs.unshift({ text: '… ', hit: false });
  if (end < text.length) runs.push({ text: ' …', hit: false });
  return runs;
}
