import { companyWords } from '../../analysis/company-words.js';
import { isCode, tokenize, type Token } from '../../analysis/terms.js';
import { withStems } from '../../analysis/word-stem.js';
import { countedOnce } from '../../analysis/repeated-lines.js';
import type { Release } from '../../clean/release.js';

/**
 * A release as the postgres backend stores it: the product's analyzer decides every term (never
 * PostgreSQL's parser), handed over as tsvector literals under no text search configuration.
 */
export interface ReleaseRow {
  id: string;
  hash: string;
  /** The release as JSON (text: jsonb refuses `\u0000`, which a filing may hold). */
  doc: string;
  company: string;
  companyWords: string[];
  tickers: string[];
  /** YYYYMMDD, 0 when undated. */
  day: number;
  cik: string;
  forms: string[];
  /** Code keys it names with how it writes each (same order), registry ids, canonical phases. */
  codes: string[];
  codeNames: string[];
  trials: string[];
  phases: string[];
  /** Distinct terms of the headline field (headline and deck) and of the body: BM25's field lengths. */
  lenTitle: number;
  lenBody: number;
  /** Every term, compound parts included, without positions: what a term query matches. */
  terms: string;
  /** The whole terms of headline, deck and body with their positions: what a phrase matches. */
  words: string;
  /**
   * Every two terms of `words` side by side (`a b`: positions p and p + 1), no positions: what
   * narrows a phrase to the releases holding its pairs before `words` is read. INCOMPLETE_PAIRS
   * stands in for the pairs past its byte budget (such a release is always checked by `words`).
   */
  pairs: string;
  /** Term → [occurrences in the headline field, in the body]. */
  postings: Map<string, [number, number]>;
  /** How codes and compounds are written (`gti2040` → `GTI-2040`), first occurrence first. */
  display: [string, string][];
}

// tsvector's limits: positions up to 16,383, 256 positions a lexeme, lexemes under 2 KB, a value
// under 1 MB. A term this long is no word anyone searches for; past the byte budget positions stop.
const MAX_TERM_LENGTH = 200;
const MAX_POSITION = 16_383;
const MAX_POSITIONS = 256;
const MAX_TSVECTOR_BYTES = 900_000;

const QUOTED = /['\\]/;

/** The lexeme of `pairs` a release holds when not every pair fitted: it is then a candidate for every phrase. */
export const INCOMPLETE_PAIRS = ' ';

/** The lexeme of `pairs` for two terms side by side (terms hold no space). */
export const pairOf = (a: string, b: string) => `${a} ${b}`;

/** A lexeme as a tsvector or tsquery literal quotes it. */
export function lexeme(term: string): string {
  if (!QUOTED.test(term)) return `'${term}'`;
  return `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** NUL cannot be stored in a text column: dropped from the values filters and facets read. */
const clean = (s: string) => (s.includes('\u0000') ? s.replace(/\u0000/g, '') : s);

export function dayOf(date: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? Number(date.slice(0, 4)) * 10000 + Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10)) : 0;
}

/** Tokenize a release once for everything the database keeps of it. */
export function releaseRow(release: Release, hash: string): ReleaseRow {
  const titleText = release.subtitle ? `${release.title}\n${release.subtitle}` : release.title;
  const titleTokens = tokenize(titleText);
  const bodyTokens = tokenize(release.body);
  const postings = new Map<string, [number, number]>();
  // each word's stem beside it (word-stem.ts), as the memory backend indexes it: a second form
  // the query asks for at a lower weight; a line the body repeats counted once (repeated-lines.ts)
  const titleTerms = withStems(titleTokens.map((t) => t.term));
  const bodyTerms = withStems(countedOnce(release.body, bodyTokens).map((t) => t.term));
  const count = (terms: readonly string[], field: 0 | 1) => {
    for (const term of terms) {
      if (term.length > MAX_TERM_LENGTH) continue;
      let p = postings.get(term);
      if (!p) postings.set(term, (p = [0, 0]));
      p[field]++;
    }
  };
  count(titleTerms, 0);
  count(bodyTerms, 1);
  // phrases are checked over headline, deck and body joined, as the memory backend checks them
  // (the tokens of that joined text are the headline field's then the body's: no term spans the
  // blank lines between them, a code or compound joining words one character apart; tested)
  const joined = [...titleTokens, ...bodyTokens].filter((t) => !t.part && t.term.length <= MAX_TERM_LENGTH);
  const positions = new Map<string, number[]>();
  let bytes = 0;
  joined.forEach((t, i) => {
    let list = positions.get(t.term);
    if (!list) {
      bytes += t.term.length * 3 + 8;
      if (bytes > MAX_TSVECTOR_BYTES) return;
      positions.set(t.term, (list = []));
    }
    if (list.length < MAX_POSITIONS && bytes < MAX_TSVECTOR_BYTES) {
      list.push(Math.min(i + 1, MAX_POSITION));
      bytes += 2;
    }
  });
  const words = [...positions].map(([term, at]) => `${lexeme(term)}:${(at[at.length - 1] === MAX_POSITION ? [...new Set(at)] : at).join(',')}`).join(' ');
  const pairs = pairsOf(positions);
  let termBytes = 0;
  const terms = [...postings.keys()].filter((t) => (termBytes += t.length * 3 + 8) < MAX_TSVECTOR_BYTES).map(lexeme).join(' ');
  const display: [string, string][] = [];
  displayForms(titleText, titleTokens, display);
  displayForms(release.body, bodyTokens, display);
  const { cik, forms } = releaseFiling(release);
  return {
    id: clean(release.id),
    hash,
    doc: JSON.stringify(release),
    company: clean(release.company),
    companyWords: companyWords(clean(release.company)),
    tickers: release.tickers.map(clean),
    day: dayOf(release.date),
    cik: clean(cik),
    forms: forms.map(clean),
    codes: (release.entities?.codes ?? []).map((c) => clean(c.key)),
    codeNames: (release.entities?.codes ?? []).map((c) => clean(c.display)),
    trials: (release.entities?.trials ?? []).map((t) => clean(t.id)),
    phases: (release.entities?.phases ?? []).map((p) => clean(p.phase)),
    lenTitle: new Set(titleTerms).size,
    lenBody: new Set(bodyTerms).size,
    terms,
    words,
    pairs,
    postings,
    display,
  };
}

/**
 * The pairs of terms at adjacent positions of `words` (exactly what `a <-> b` matches there: from
 * the positions kept, capped as tsvector caps them), as a tsvector literal.
 */
function pairsOf(positions: ReadonlyMap<string, readonly number[]>): string {
  const at = new Map<number, string[]>();
  for (const [term, list] of positions) {
    for (const p of list) {
      const terms = at.get(p);
      if (terms) terms.push(term);
      else at.set(p, [term]);
    }
  }
  const pairs = new Set<string>();
  let bytes = 0;
  let complete = true;
  for (const [p, firsts] of at) {
    const seconds = at.get(p + 1);
    if (!seconds) continue;
    for (const a of firsts) {
      for (const b of seconds) {
        const pair = pairOf(a, b);
        if (pairs.has(pair)) continue;
        bytes += pair.length * 3 + 8;
        if (bytes > MAX_TSVECTOR_BYTES) {
          complete = false;
          break;
        }
        pairs.add(pair);
      }
      if (!complete) break;
    }
    if (!complete) break;
  }
  if (!complete) pairs.add(INCOMPLETE_PAIRS);
  return [...pairs].map(lexeme).join(' ');
}

/** The CIK (first source with one) and form types (upper case, once each) of a release's sources. */
function releaseFiling(release: Pick<Release, 'sources'>): { cik: string; forms: string[] } {
  const cik = release.sources.find((s) => s.cik)?.cik ?? '';
  const forms = [...new Set(release.sources.flatMap((s) => (s.form ? [s.form.toUpperCase()] : [])))];
  return { cik, forms };
}

function displayForms(text: string, tokens: readonly Token[], out: [string, string][]): void {
  for (const t of tokens) {
    if (t.part || t.term.length > MAX_TERM_LENGTH) continue;
    const written = text.slice(t.start, t.end);
    if (written === t.term) continue;
    if (isCode(t.term) || /[\s\-‐‑]/.test(written)) out.push([t.term, clean(written.replace(/\s+/g, ' '))]);
  }
}
