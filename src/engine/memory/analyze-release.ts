import type { Release } from '../../clean/release.js';
import { buildPairFilter } from './pair-filter.js';
import { isCode, tokenize, type Token } from '../../analysis/terms.js';
import { withStems } from '../../analysis/word-stem.js';
import { countedOnce } from '../../analysis/repeated-lines.js';

/** The fields MiniSearch indexes, in its field-number order, and those it stores. */
export const ENGINE_FIELDS = ['title', 'body'] as const;
export const STORED_FIELDS = ['company', 'date', 'tickers', 'cik', 'forms', 'codes', 'codeNames', 'trials', 'phases'] as const;

/** A release as the engine indexes it: its fields' terms, display forms and pair filter. */
export interface AnalyzedRelease {
  id: string;
  /** The headline with its deck: searched with the headline's weight. */
  title: string;
  body: string;
  company: string;
  date: string;
  tickers: string[];
  /** The issuer's CIK (of the first source that has one), '' when none does. */
  cik: string;
  /** Every form type of its sources' filings (`8-K`, `6-K`), upper case, once each. */
  forms: string[];
  /** What it names (from `release.entities`): code keys with their spellings, registry ids, phases. */
  codes: string[];
  codeNames: string[];
  trials: string[];
  phases: string[];
  titleTerms: string[];
  bodyTerms: string[];
  /** How codes and compounds are written here (`gti2040` → `GTI-2040`), first occurrence first. */
  display: [string, string][];
  pairFilter: Uint32Array;
}

/** Tokenize a release once for everything the engine keeps of it. */
export function analyzeRelease(release: Release): AnalyzedRelease {
  const title = release.subtitle ? `${release.title}\n${release.subtitle}` : release.title;
  const titleTokens = tokenize(title);
  const bodyTokens = tokenize(release.body);
  const display: [string, string][] = [];
  displayForms(title, titleTokens, display);
  displayForms(release.body, bodyTokens, display);
  // Pairs along headline, deck and body, and from the headline's last word straight to the
  // body: phrases are checked in the headline and body joined (search.ts).
  const titleWhole = titleTokens.filter((t) => !t.part);
  const bodyWhole = bodyTokens.filter((t) => !t.part);
  const headline = titleWhole.filter((t) => t.end <= release.title.length);
  const junction: [string, string][] = headline.length && bodyWhole.length ? [[headline[headline.length - 1]!.term, bodyWhole[0]!.term]] : [];
  return {
    id: release.id,
    title,
    body: release.body,
    company: release.company,
    date: release.date,
    tickers: release.tickers,
    ...releaseFiling(release),
    ...releaseEntityFields(release),
    // each word's stem beside it (word-stem.ts): a second form that the query asks for at a lower
    // weight; a line the body repeats (a table's line item) counted once (repeated-lines.ts)
    titleTerms: withStems(titleTokens.map((t) => t.term)),
    bodyTerms: withStems(countedOnce(release.body, bodyTokens).map((t) => t.term)),
    display,
    pairFilter: buildPairFilter([...titleWhole, ...bodyWhole].map((t) => t.term), junction),
  };
}

/** The CIK and form types a release's sources give (see Source in clean/release.ts). */
export function releaseFiling(release: Pick<Release, 'sources'>): { cik: string; forms: string[] } {
  const cik = release.sources.find((s) => s.cik)?.cik ?? '';
  const forms = [...new Set(release.sources.flatMap((s) => (s.form ? [s.form.toUpperCase()] : [])))];
  return { cik, forms };
}

/** What the engine stores of an analysed release for filters, facets and sorting (STORED_FIELDS): one rule for every way of building. */
export function storedFields(a: AnalyzedRelease): Record<(typeof STORED_FIELDS)[number], unknown> {
  return { company: a.company, date: a.date, tickers: a.tickers, cik: a.cik, forms: a.forms, codes: a.codes, codeNames: a.codeNames, trials: a.trials, phases: a.phases };
}

/** The entities a release carries, as the engine stores them for filters and facets. */
export function releaseEntityFields(release: Pick<Release, 'entities'>): { codes: string[]; codeNames: string[]; trials: string[]; phases: string[] } {
  const e = release.entities;
  return {
    codes: e?.codes.map((c) => c.key) ?? [],
    codeNames: e?.codes.map((c) => c.display) ?? [],
    trials: e?.trials.map((t) => t.id) ?? [],
    phases: e?.phases.map((p) => p.phase) ?? [],
  };
}

function displayForms(text: string, tokens: readonly Token[], out: [string, string][]): void {
  for (const t of tokens) {
    if (t.part) continue;
    const written = text.slice(t.start, t.end);
    if (written === t.term) continue;
    if (isCode(t.term) || /[\s\-‐‑]/.test(written)) out.push([t.term, written.replace(/\s+/g, ' ')]);
  }
}
