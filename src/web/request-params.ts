import { ORDERS } from '../engine/engine.js';
import type { SearchFilters, SearchRequest } from '../search/search-types.js';
import { HttpError } from './http-error.js';
import { normalCik, normalCode, normalForm, normalPhase, normalTrial } from '../search/parse-query.js';

import { MAX_FILTER_LENGTH, MAX_PAGE, MAX_PAGE_SIZE, MAX_QUERY_LENGTH, PAGE_SIZES } from '../search/limits.js';

export { MAX_QUERY_LENGTH, PAGE_SIZES } from '../search/limits.js';
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

type Query = Record<string, unknown>;

/** One string parameter: a repeated parameter is a client error, not silently merged. */
function param(query: Query, name: string, max: number): string | undefined {
  const v = query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new HttpError(400, 'bad-parameter', `Give the parameter "${name}" once, as plain text.`);
  if (v.length > max) {
    throw new HttpError(400, name === 'q' ? 'query-too-long' : 'bad-parameter', name === 'q'
      ? `The query is ${v.length} characters long; the limit is ${max}. Shorten it and search again.`
      : `The parameter "${name}" is longer than ${max} characters.`);
  }
  return v;
}

// Facets pick several companies or years; more than this many values is not a person's request.
const MAX_VALUES = 20;

/** A parameter that may be given several times (company=A&company=B), each value bounded. */
function params(query: Query, name: string, max: number): string[] {
  const v = query[name];
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  if (list.length > MAX_VALUES || list.some((x) => typeof x !== 'string')) {
    throw new HttpError(400, 'bad-parameter', `Give the parameter "${name}" at most ${MAX_VALUES} times, as plain text.`);
  }
  return (list as string[]).map((x) => {
    if (x.length > max) throw new HttpError(400, 'bad-parameter', `The parameter "${name}" is longer than ${max} characters.`);
    return x.trim();
  }).filter(Boolean);
}

/** An integer parameter clamped into [min, max]; junk falls back to the default. */
function intParam(query: Query, name: string, fallback: number, min: number, max: number): number {
  const raw = param(query, name, 12);
  if (raw === undefined || !/^\s*\d+\s*$/.test(raw)) return fallback;
  return Math.min(max, Math.max(min, Number(raw)));
}

function dateParam(query: Query, name: string): string | undefined {
  const v = param(query, name, 10)?.trim();
  if (!v) return undefined;
  if (!ISO_DATE.test(v) || Number.isNaN(Date.parse(v))) {
    throw new HttpError(400, 'bad-date', `The parameter "${name}" must be a date written YYYY-MM-DD, e.g. 2004-01-31.`);
  }
  return v;
}

/** Read and bound a search request from URL parameters. Throws HttpError(400) with a readable message. */
export function parseSearchParams(query: Query): SearchRequest {
  const q = param(query, 'q', MAX_QUERY_LENGTH) ?? '';
  const size = intParam(query, 'size', PAGE_SIZES[0], 1, MAX_PAGE_SIZE);
  const page = intParam(query, 'page', 1, 1, MAX_PAGE);
  const sortRaw = param(query, 'sort', 20);
  const sort = ORDERS.find((s) => s === sortRaw) ?? 'relevance';
  const filters: SearchFilters = {};
  const company = params(query, 'company', MAX_FILTER_LENGTH);
  if (company.length) filters.company = [...new Set(company)];
  const ticker = param(query, 'ticker', MAX_FILTER_LENGTH)?.trim();
  if (ticker) filters.ticker = ticker;
  const from = dateParam(query, 'from');
  if (from) filters.from = from;
  const to = dateParam(query, 'to');
  if (to) filters.to = to;
  const years = params(query, 'year', 4);
  if (years.some((y) => !/^\d{4}$/.test(y))) throw new HttpError(400, 'bad-year', 'The parameter "year" must be a four-digit year, e.g. 2004.');
  if (years.length) filters.year = [...new Set(years.map(Number))];
  const ciks = params(query, 'cik', 10).map((c) => {
    const cik = normalCik(c);
    if (cik === undefined) throw new HttpError(400, 'bad-cik', 'The parameter "cik" must be an SEC Central Index Key (up to ten digits), e.g. 320193.');
    return cik;
  });
  if (ciks.length) filters.cik = [...new Set(ciks)];
  const forms = params(query, 'form', 20).map((f) => {
    const form = normalForm(f);
    if (form === undefined) throw new HttpError(400, 'bad-form', 'The parameter "form" must be an SEC form type, e.g. 8-K or 6-K.');
    return form;
  });
  if (forms.length) filters.form = [...new Set(forms)];
  const checked = (name: string, max: number, normal: (v: string) => string | undefined, example: string) =>
    params(query, name, max).map((v) => {
      const n = normal(v);
      if (n === undefined) throw new HttpError(400, `bad-${name}`, `The parameter "${name}" must be ${example}.`);
      return n;
    });
  const codes = checked('code', 40, normalCode, 'a drug or product code, letters and digits, e.g. GTI-2040');
  if (codes.length) filters.code = [...new Set(codes)];
  const trials = checked('trial', 20, normalTrial, 'a trial registry id, e.g. NCT05512345, 2020-001234-56 or ISRCTN12345678');
  if (trials.length) filters.trial = [...new Set(trials)];
  const phases = checked('phase', 12, normalPhase, 'a trial phase, e.g. 2, 2b, 1/2 or pivotal');
  if (phases.length) filters.phase = [...new Set(phases)];
  const req: SearchRequest = Object.keys(filters).length ? { q, page, size, sort, filters } : { q, page, size, sort };
  // `spell=0`: the query as typed ("search instead for …")
  if (param(query, 'spell', 1) === '0') req.asTyped = true;
  return req;
}
