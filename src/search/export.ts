import type { Release } from '../clean/release.js';
import type { Engine, EngineFilters, QueryNode } from '../engine/engine.js';
import { joinCodes } from './join-codes.js';
import { MAX_QUERY_TERMS } from './limits.js';
import { parseQuery, type ParsedQuery, type QueryItem } from './parse-query.js';
import { leadOf, type LeadPart, type ReleaseLead } from '../store/release-record.js';
import { filtersOf, highlightOf, queryPlan, search, withSynonyms } from './search.js';
import { withStems } from './with-stems.js';
import type { SearchRequest, TextRun } from './search-types.js';
import { openingSnippet, snippet, type Highlight } from './snippet.js';
import { splitCompounds } from './split-compounds.js';

/** Every match of a search, not a page: the rows of an export (web and command line alike). */

/** An export stops here, and says so (a header and its last line or record). */
export const EXPORT_CAP = 100_000;
/**
 * Rows made and written at a time: few enough that a page's releases die young (1,000 kept
 * several megabytes alive across collections, which an export of 100,000 paid in old-space
 * collections and RSS), enough that each write is worth a turn of the event loop.
 */
export const EXPORT_PAGE = 250;

export const EXPORT_FORMATS = ['csv', 'ndjson', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_COLUMNS = ['id', 'date', 'filed_at', 'company', 'cik', 'form', 'accession', 'tickers', 'title', 'url', 'sec_url', 'snippet'] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];
export type ExportRow = Record<ExportColumn, string>;

/** A search to export: the search's query, filters and order (its page and size are not used). */
export type ExportRequest = Pick<SearchRequest, 'q' | 'sort' | 'filters' | 'asTyped'>;

export interface ExportPage {
  rows: ExportRow[];
  /** The search's total (an estimate for a phrase with too many candidates). */
  total: number;
}

/** One row: the snippet as plain text, `url` the release page (`origin` + path; origin '' gives a relative link). */
export function releaseRow(release: Release, snippetRuns: readonly TextRun[], origin: string): ExportRow {
  return leadRow(leadOf(release), snippetRuns, origin);
}

function leadRow(lead: ReleaseLead, snippetRuns: readonly TextRun[], origin: string): ExportRow {
  const id = lead.identity;
  let text = '';
  for (const r of snippetRuns) text += r.text;
  return {
    id: lead.id,
    date: lead.date,
    filed_at: id.filedAt,
    company: lead.company,
    cik: id.cik,
    form: id.form,
    accession: id.accession,
    tickers: lead.tickers.join(' '),
    title: lead.title,
    url: `${origin}/release/${encodeURIComponent(lead.id)}`,
    sec_url: id.secUrl,
    snippet: text,
  };
}

const marksNothing = (hl: Highlight) => hl.terms.size === 0 && hl.phrases.length === 0;

/**
 * A row's snippet from its lead: with nothing to mark, the body's opening (as the search shows
 * it); else the search's snippet of the lead's body, which is the whole body but for about one
 * release in a hundred, where the query is looked for in its first WINDOW_BYTES (release-record.ts).
 * Undefined when the lead is too short to tell (the whole release is read then).
 */
function leadSnippet(lead: ReleaseLead, hl: Highlight): TextRun[] | undefined {
  if (marksNothing(hl)) return openingSnippet(lead.body, lead.whole);
  const runs = snippet(lead.body, hl);
  // the window's end is not the body's: the snippet says there is more
  if (!lead.whole && runs.at(-1)?.text !== ' …') runs.push({ text: ' …', hit: false });
  return runs;
}

/** An engine's leads, or leads made from its releases where it has no cheaper way. */
function leadsOf(engine: Engine): (ids: readonly string[], part: LeadPart) => Promise<(ReleaseLead | undefined)[]> {
  if (engine.leads) return (ids, part) => engine.leads!(ids, part);
  return async (ids) => (await engine.releases(ids)).map((r) => r && leadOf(r));
}

/**
 * The search an export runs: the query as the search service reads it (codes typed with a space
 * joined, compounds split, at most MAX_QUERY_TERMS terms; a sure correction of a query that finds
 * nothing is followed, as the results page does), as the engine's query tree and filters, and what
 * to mark for the snippets. The steps mirror `search.ts`; test/search/export.test.ts holds the
 * export's ids to the search's for every query kind.
 */
async function exportPlan(engine: Engine, req: ExportRequest): Promise<{ query: QueryNode; filters?: EngineFilters; parsed: ParsedQuery } | undefined> {
  const first = await search(engine, { ...req, page: 1, size: 1 });
  const q = first.didYouMean && first.corrected ? first.didYouMean : req.q;
  let parsed = bounded(parseQuery(q));
  const asked: string[] = [];
  joinCodes(parsed, (t) => {
    asked.push(t);
    return false;
  });
  if (asked.length) {
    const known = await engine.terms.known(asked);
    parsed = joinCodes(parsed, (t) => known.has(t));
  }
  // a corrected query is not split again (search.ts answers the correction as parsed)
  if (q === req.q) {
    const known = (t: readonly string[]) => engine.terms.known(t);
    parsed = await withSynonyms(known, await splitCompounds(known, parsed));
  }
  parsed = withStems(parsed);
  const filters = filtersOf({ ...parsed.filters, ...req.filters });
  const query = queryPlan(parsed, filters !== undefined);
  return query ? { query, ...(filters ? { filters } : {}), parsed } : undefined;
}

/** The query cut to MAX_QUERY_TERMS distinct terms, as search.ts cuts it. */
function bounded(parsed: ParsedQuery): ParsedQuery {
  const seen = new Set<string>();
  const fits = (item: QueryItem) => {
    const next = item.terms.filter((t) => !seen.has(t));
    if (seen.size + next.length > MAX_QUERY_TERMS) return false;
    for (const t of next) seen.add(t);
    return true;
  };
  const excluded = parsed.excluded.filter(fits);
  const groups = parsed.groups.map((g) => g.filter(fits)).filter((g) => g.length > 0);
  return { ...parsed, groups, excluded };
}

/**
 * The matches of a search in pages of `pageSize` rows, in the order asked, at most `cap`: one
 * engine search for the ids (no facets, no paging again from the top), then a page at a time the
 * releases' leads read (never whole records) and their snippets made. Stops when `stopped()` says
 * so (a client gone), between pages.
 */
export async function* exportPages(
  engine: Engine,
  req: ExportRequest,
  opts: { origin: string; cap?: number; pageSize?: number; stopped?: () => boolean },
): AsyncGenerator<ExportPage> {
  const cap = opts.cap ?? EXPORT_CAP;
  const size = opts.pageSize ?? EXPORT_PAGE;
  const plan = await exportPlan(engine, req);
  if (!plan) {
    yield { rows: [], total: 0 };
    return;
  }
  const answer = await engine.search({ query: plan.query, ...(plan.filters ? { filters: plan.filters } : {}), order: req.sort, offset: 0, limit: cap });
  const hits = answer.hits;
  if (hits.length === 0) yield { rows: [], total: answer.total };
  const leads = leadsOf(engine);
  // most hits mark the same terms: one highlight per set of terms
  const highlights = new Map<string, Highlight>();
  const highlight = (terms: readonly string[]) => {
    const key = terms.join('\0');
    let hl = highlights.get(key);
    if (!hl) {
      hl = highlightOf(terms, plan.parsed);
      if (highlights.size < 1000) highlights.set(key, hl);
    }
    return hl;
  };
  for (let at = 0; at < hits.length; at += size) {
    if (opts.stopped?.()) return;
    const page = hits.slice(at, at + size);
    const marks = page.map((h) => highlight(h.terms));
    const part: LeadPart = marks.every(marksNothing) ? 'opening' : 'window';
    const found = await leads(page.map((h) => h.id), part);
    const rows: ExportRow[] = [];
    for (let i = 0; i < page.length; i++) {
      const lead = found[i];
      if (!lead) continue;
      const hl = marks[i]!;
      let runs = leadSnippet(lead, hl);
      if (!runs) {
        const [release] = await engine.releases([lead.id]);
        runs = release ? snippet(release.body, hl) : [];
      }
      rows.push(leadRow(lead, runs, opts.origin));
    }
    yield { rows, total: answer.total };
  }
}

/** The ids of every match of a search (at most `cap`), in its order: what a saved search remembers. */
export async function matchingIds(engine: Engine, req: ExportRequest, cap = EXPORT_CAP): Promise<string[]> {
  const plan = await exportPlan(engine, req);
  if (!plan) return [];
  const answer = await engine.search({ query: plan.query, ...(plan.filters ? { filters: plan.filters } : {}), order: req.sort, offset: 0, limit: cap });
  return answer.hits.map((h) => h.id);
}

/** Whether an export of `exported` rows left matches out (the cap was hit). */
export const capped = (exported: number, total: number, cap = EXPORT_CAP) => exported >= cap && total > exported;

/** The note a capped export ends with. */
export function capNote(total: number, cap = EXPORT_CAP): string {
  return `export capped at ${cap.toLocaleString('en-US')} rows of ${total.toLocaleString('en-US')} matches; narrow the search (company:, year:, from:, to:) for the rest`;
}

/** A file name from the query: `gti-2040.csv`, `releases.csv` for none. */
export function exportFileName(q: string, format: ExportFormat): string {
  const stem = q.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^a-zA-Z0-9]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase().slice(0, 60).replace(/-+$/, '');
  return `${stem || 'releases'}.${format}`;
}

// A cell a spreadsheet would run as a formula starts with one of these.
const FORMULA_START = /^[=+\-@\t\r]/;

/** A CSV cell that a spreadsheet shows as text: a leading apostrophe before a formula's first character. */
export const neutralise = (cell: string) => (FORMULA_START.test(cell) ? `'${cell}` : cell);

/** A row with every cell neutralised, in column order (for CSV). */
export const csvCells = (row: ExportRow): string[] => EXPORT_COLUMNS.map((c) => neutralise(row[c]));
