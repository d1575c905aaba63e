import type { Engine } from '../engine/engine.js';
import { identityOf } from './release-identity.js';
import { search } from './search.js';
import type { SearchHit, SearchRequest } from './search-types.js';

/** Every match of a search, not a page: the rows of an export (web and command line alike). */

/** An export stops here, and says so (a header and its last line or record). */
export const EXPORT_CAP = 100_000;
/** Matches asked of the search service at a time. */
export const EXPORT_PAGE = 1000;

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
export function exportRow(hit: SearchHit, release: object | undefined, origin: string): ExportRow {
  const id = identityOf(release ?? hit);
  return {
    id: hit.id,
    date: hit.date,
    filed_at: id.filedAt,
    company: hit.company,
    cik: id.cik,
    form: id.form,
    accession: id.accession,
    tickers: hit.tickers.join(' '),
    title: hit.title,
    url: `${origin}/release/${encodeURIComponent(hit.id)}`,
    sec_url: id.secUrl,
    snippet: hit.snippetRuns.map((r) => r.text).join(''),
  };
}

/**
 * The matches of a search in pages of `pageSize`, in the order asked, at most `cap` rows. Stops
 * when `stopped()` says so (a client gone), between pages. A release that turns up twice (a
 * reindex swapped the generation between pages) is written once.
 */
export async function* exportPages(
  engine: Engine,
  req: ExportRequest,
  opts: { origin: string; cap?: number; pageSize?: number; stopped?: () => boolean },
): AsyncGenerator<ExportPage> {
  const cap = opts.cap ?? EXPORT_CAP;
  const size = opts.pageSize ?? EXPORT_PAGE;
  const seen = new Set<string>();
  for (let page = 1; seen.size < cap; page++) {
    if (opts.stopped?.()) return;
    const out = await search(engine, { ...req, page, size });
    const fresh = out.results.filter((h) => !seen.has(h.id)).slice(0, cap - seen.size);
    const releases = await engine.releases(fresh.map((h) => h.id));
    const rows = fresh.map((h, i) => {
      seen.add(h.id);
      return exportRow(h, releases[i], opts.origin);
    });
    yield { rows, total: out.total };
    if (out.results.length < size || page * size >= out.total) return;
  }
}

/** Whether an export of `exported` rows left matches out (the cap was hit). */
export const capped = (exported: number, total: number, cap = EXPORT_CAP) => exported >= cap && total > exported;

/** The note a capped export ends with. */
export function capNote(total: number, cap = EXPORT_CAP): string {
  return `export capped at ${cap.toLocaleString('en-US')} rows of ${total.toLocaleString('en-US')} matches; narrow the search (company:, year:, from:, to:) for the rest`;
}

/** A file name from the query: `gti-2040.csv`, `releases.csv` for none. */
export function exportFileName(q: string, format: ExportFormat): string {
  const stem = q.normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/[^\x20-\x7e]/g, '').replace(/^-+|-+$/g, '').toLowerCase().slice(0, 60).replace(/-+$/, '');
  return `${stem || 'releases'}.${format}`;
}

// A cell a spreadsheet would run as a formula starts with one of these.
const FORMULA_START = /^[=+\-@\t\r]/;

/** A CSV cell that a spreadsheet shows as text: a leading apostrophe before a formula's first character. */
export const neutralise = (cell: string) => (FORMULA_START.test(cell) ? `'${cell}` : cell);

/** A row with every cell neutralised, in column order (for CSV). */
export const csvCells = (row: ExportRow): string[] => EXPORT_COLUMNS.map((c) => neutralise(row[c]));
