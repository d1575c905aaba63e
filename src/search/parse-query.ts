import { foldTerm, isCode, MIN_PREFIX_LENGTH, queryTerms, tokenize } from '../analysis/terms.js';
import { phaseFamily } from '../analysis/entity-phases.js';
import type { SearchFilters } from './search-types.js';

/** One thing the user asked for: a word (or code), an exact phrase, or a prefix. */
export interface QueryItem {
  kind: 'word' | 'phrase' | 'prefix';
  /** As typed, for messages and corrections. */
  text: string;
  /** Normalised terms (one for a word or prefix, several for a phrase). */
  terms: string[];
  /** A phrase's other spellings (compounds whole or split), `terms` first; set by the search service. */
  variants?: string[][];
  /** A word searched as a synonym of another (`litigation` for `lawsuit`), at this weight. */
  synonymOf?: { word: string; boost: number };
}

/** A query in the query language, parsed: every group must match; a group is items joined by OR. */
export interface ParsedQuery {
  groups: QueryItem[][];
  excluded: QueryItem[];
  filters: SearchFilters;
  /** Readable notes on syntax that was ignored or repaired. */
  messages: string[];
}

const FIELDS = new Set(['company', 'ticker', 'from', 'to', 'year', 'cik', 'form', 'code', 'trial', 'phase']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

type Lexeme =
  | { kind: 'text'; text: string; negated: boolean }
  | { kind: 'phrase'; text: string; negated: boolean }
  | { kind: 'or' };

/** Split the query into words, phrases, OR and filters, repairing what is malformed. */
function lex(q: string, filters: SearchFilters, messages: string[]): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    let negated = false;
    if (c === '-' && i + 1 < q.length && !/\s/.test(q[i + 1]!)) {
      negated = true;
      i++;
    }
    if (q[i] === '"') {
      const close = q.indexOf('"', i + 1);
      if (close < 0) messages.push('A quote was not closed; the phrase runs to the end of the query.');
      const end = close < 0 ? q.length : close;
      out.push({ kind: 'phrase', text: q.slice(i + 1, end), negated });
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < q.length && !/\s/.test(q[j]!) && q[j] !== '"') j++;
    const word = q.slice(i, j);
    i = j;
    const field = /^([a-z]+):(.*)$/i.exec(word);
    if (field && FIELDS.has(field[1]!.toLowerCase()) && !negated) {
      let value = field[2]!;
      if (!value && q[i] === '"') {
        const close = q.indexOf('"', i + 1);
        const end = close < 0 ? q.length : close;
        value = q.slice(i + 1, end);
        i = end + 1;
      }
      applyFilter(field[1]!.toLowerCase() as keyof SearchFilters, value.trim(), filters, messages);
      continue;
    }
    if (word === 'OR' && !negated) out.push({ kind: 'or' });
    else if (word === '-') messages.push('A lone "-" was ignored: write -word to exclude a word.');
    else out.push({ kind: 'text', text: word, negated });
  }
  return out;
}

const EXAMPLES: Partial<Record<keyof SearchFilters, string>> = { company: 'company:lorus', ticker: 'ticker:LOR', year: 'year:2004', cik: 'cik:320193', form: 'form:6-K', code: 'code:GTI-2040', trial: 'trial:NCT05512345', phase: 'phase:2' };

/** A CIK as the engine holds it (digits, no leading zeros), or undefined when it is not one. */
export function normalCik(value: string): string | undefined {
  const v = value.trim();
  if (!/^\d{1,10}$/.test(v)) return undefined;
  return v.replace(/^0+(?=\d)/, '');
}

/** A form type as the engine holds it (`8-K`, `8-K/A`, `6-K`, upper case), or undefined. */
export function normalForm(value: string): string | undefined {
  const v = value.trim().toUpperCase();
  return /^[A-Z0-9][A-Z0-9-]*(\/A)?$/.test(v) && v.length <= 20 ? v : undefined;
}

/** A code as the engine holds it (the analyzer's term: `GTI-2040`, `gti 2040` → `gti2040`), or undefined. */
export function normalCode(value: string): string | undefined {
  if (value.length > 40) return undefined;
  const key = queryTerms(value).join('');
  return key.length >= 2 && key.length <= 24 && /\d/.test(key) && /^[\p{L}\p{N}]+$/u.test(key) ? key : undefined;
}

/** A registry id as the engine holds it (`nct 05512345` → `NCT05512345`, EudraCT, ISRCTN), or undefined. */
export function normalTrial(value: string): string | undefined {
  const v = value.replace(/\s+/g, '').toUpperCase();
  return /^(?:NCT\d{8}|ISRCTN\d{5,8}|(?:19|20)\d{2}-\d{6}-\d{2})$/.test(v) ? v : undefined;
}

/** A phase as typed, checked (`2`, `II`, `2b`, `1/2`, `pivotal`), canonical; undefined when it names none. */
export function normalPhase(value: string): string | undefined {
  const family = phaseFamily(value);
  return family.length ? family[0] : undefined;
}

function applyFilter(name: keyof SearchFilters, value: string, filters: SearchFilters, messages: string[]): void {
  if (!value) {
    messages.push(`"${name}:" needs a value, e.g. ${EXAMPLES[name] ?? `${name}:2004-01-31`}.`);
    return;
  }
  if (name === 'year') {
    if (/^\d{4}$/.test(value)) {
      if (filters.year?.length) messages.push(`Several years: releases of any of them are shown (year:${filters.year.join(', year:')} or year:${value}).`);
      filters.year = [...(filters.year ?? []), Number(value)];
    } else messages.push(`"year:${value}" was ignored: write a four-digit year, e.g. year:2004.`);
  } else if (name === 'from' || name === 'to') {
    const date = /^\d{4}$/.test(value) ? (name === 'from' ? `${value}-01-01` : `${value}-12-31`) : value;
    if (ISO_DATE.test(date) && !Number.isNaN(Date.parse(date))) filters[name] = date;
    else messages.push(`"${name}:${value}" was ignored: write a date as YYYY-MM-DD.`);
  } else if (name === 'cik') {
    const cik = normalCik(value);
    if (cik === undefined) messages.push(`"cik:${value}" was ignored: write the issuer's SEC number (up to ten digits), e.g. cik:320193.`);
    else filters.cik = [...new Set([...(filters.cik ?? []), cik])];
  } else if (name === 'form') {
    const form = normalForm(value);
    if (form === undefined) messages.push(`"form:${value}" was ignored: write an SEC form type, e.g. form:8-K or form:6-K.`);
    else filters.form = [...new Set([...(filters.form ?? []), form])];
  } else if (name === 'code') {
    const code = normalCode(value);
    if (code === undefined) messages.push(`"code:${value}" was ignored: write a drug or product code, letters and digits, e.g. code:GTI-2040.`);
    else filters.code = [...new Set([...(filters.code ?? []), code])];
  } else if (name === 'trial') {
    const trial = normalTrial(value);
    if (trial === undefined) messages.push(`"trial:${value}" was ignored: write a registry id, e.g. trial:NCT05512345, trial:2020-001234-56 or trial:ISRCTN12345678.`);
    else filters.trial = [...new Set([...(filters.trial ?? []), trial])];
  } else if (name === 'phase') {
    const phase = normalPhase(value);
    if (phase === undefined) messages.push(`"phase:${value}" was ignored: write a trial phase, e.g. phase:2, phase:2b, phase:1/2 or phase:pivotal.`);
    else filters.phase = [...new Set([...(filters.phase ?? []), phase])];
  } else if (name === 'company') {
    if (filters.company?.length) messages.push(`Several company filters: releases of any of them are shown (${[...filters.company, value].map((c) => `company:${c}`).join(' or ')}).`);
    filters.company = [...(filters.company ?? []), value];
  } else {
    if (filters[name] !== undefined && filters[name] !== value) messages.push(`Two ${name} filters: ${name}:${value} replaced ${name}:${filters[name]}.`);
    filters[name] = value;
  }
}

/** Words typed next to each other are read together, so `GTI 2040` is the code `gti2040` (`gti 2040`: join-codes.ts). */
function itemsOfText(text: string): QueryItem[] {
  // each word keeps the text it was typed as (`Axon-Fleet`), for messages and compound splitting
  return tokenize(text)
    .filter((t) => !t.part)
    .map((t) => ({ kind: 'word' as const, text: text.slice(t.start, t.end), terms: [t.term] }));
}

function prefixItem(word: string, messages: string[]): QueryItem | undefined {
  const base = word.replace(/\*+$/, '');
  const folded = foldTerm(base);
  if (/^[\p{L}]+$/u.test(folded) && folded.length >= MIN_PREFIX_LENGTH) return { kind: 'prefix', text: word, terms: [folded] };
  if (base && (isCode(folded) || /[^\p{L}]/u.test(folded))) {
    messages.push(`"${word}": only words (not codes) can end with *; searched for ${base} exactly.`);
  } else if (base) {
    messages.push(`"${word}": write at least ${MIN_PREFIX_LENGTH} letters before *; searched for ${base} exactly.`);
  } else {
    messages.push('A lone "*" was ignored.');
  }
  return undefined;
}

/** Parse a query in the query language. Never throws: anything malformed becomes a message. */
export function parseQuery(q: string): ParsedQuery {
  const filters: SearchFilters = {};
  const messages: string[] = [];
  const lexemes = lex(q, filters, messages);
  // Sequence of positive items with OR markers between them.
  const seq: (QueryItem | 'or')[] = [];
  const excluded: QueryItem[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length) seq.push(...itemsOfText(run.join(' ')));
    run = [];
  };
  for (const lx of lexemes) {
    if (lx.kind === 'or') {
      flush();
      seq.push('or');
      continue;
    }
    if (lx.kind === 'text' && !lx.negated && !lx.text.endsWith('*')) {
      run.push(lx.text);
      continue;
    }
    flush();
    let items: QueryItem[];
    if (lx.kind === 'phrase') {
      const terms = queryTerms(lx.text);
      items = terms.length > 1 ? [{ kind: 'phrase', text: lx.text, terms }] : terms.map((t) => ({ kind: 'word' as const, text: t, terms: [t] }));
    } else if (lx.text.endsWith('*')) {
      const p = prefixItem(lx.text, messages);
      items = p ? [p] : itemsOfText(lx.text.replace(/\*+$/, ''));
    } else {
      // a negated word may be a compound (`-anti-cancer`): exclude it as written
      const terms = queryTerms(lx.text);
      items = terms.length > 1 ? [{ kind: 'phrase', text: lx.text, terms }] : terms.map((t) => ({ kind: 'word' as const, text: t, terms: [t] }));
    }
    if (lx.negated) excluded.push(...items);
    else seq.push(...items);
  }
  flush();
  const groups: QueryItem[][] = [];
  let pendingOr = false;
  for (const s of seq) {
    if (s === 'or') {
      if (groups.length === 0) messages.push('"OR" needs a word on each side; it was ignored.');
      else pendingOr = true;
      continue;
    }
    if (pendingOr) groups[groups.length - 1]!.push(s);
    else groups.push([s]);
    pendingOr = false;
  }
  if (pendingOr) messages.push('"OR" needs a word on each side; it was ignored.');
  if (q.trim() && groups.length === 0 && excluded.length === 0 && Object.keys(filters).length === 0 && messages.length === 0) {
    messages.push('The query has no words to search for.');
  }
  return { groups, excluded, filters, messages };
}
