import type { EdgarClient } from './edgar-client.js';
import { EdgarHttpError, reasonOf } from './errors.js';
import { dailyIndexPath, parseFormIndex } from './daily-index.js';
import { isWeekend } from './dates.js';
import { downloadFiling } from './download.js';
import { parseCik, type FilingRef } from './filing-ref.js';
import { accessionsInCorpus, planDownloads, selectFilings } from './plan.js';
import { pageOverlaps, parseFilingColumns, parseSubmissions, submissionsPagePath, submissionsPath } from './submissions.js';
import { lookupTicker, parseTickers, TICKERS_PATH, type TickerEntry } from './tickers.js';

export interface FetchRequest {
  tickers: string[];
  /** As typed; a malformed one fails alone. */
  ciks: string[];
  /** Days of the daily index, YYYY-MM-DD. */
  days: string[];
  forms: string[];
  since?: string | undefined;
  until?: string | undefined;
  corpusDir: string;
  /** Downloads at once (they share the client's rate limit). */
  concurrency?: number;
}

/** Hooks for a progress display. */
export interface FetchProgress {
  info(message: string): void;
  warn(message: string): void;
  /** After each download ends; `total` is the number to download. */
  filing(done: number, total: number, bytes: number, label: string): void;
}

export interface FetchedFiling {
  cik: number;
  accession: string;
  form: string;
  filedAt: string;
  /** Relative to the corpus folder. */
  file: string;
  bytes: number;
}

export interface FetchSummary {
  /** Filings of the wanted forms and dates the listings named (each accession once). */
  listed: number;
  downloaded: FetchedFiling[];
  /** Already in the corpus: not downloaded again. */
  present: { cik: number; accession: string; form: string; filedAt: string }[];
  failed: { what: string; reason: string }[];
  /** Days without an index, pages skipped: nothing wrong. */
  notes: string[];
  /** Set when EDGAR refused us (403) and the fetch stopped. */
  stopped?: string;
  bytes: number;
  durationMs: number;
}

const quiet: FetchProgress = { info() {}, warn() {}, filing() {} };

/** List, plan and download; never throws for one item (it lands in `failed`). */
export async function runFetch(client: EdgarClient, req: FetchRequest, progress: FetchProgress = quiet): Promise<FetchSummary> {
  const started = Date.now();
  const s: FetchSummary = { listed: 0, downloaded: [], present: [], failed: [], notes: [], bytes: 0, durationMs: 0 };
  const fail = (what: string, err: unknown) => {
    if (err instanceof EdgarHttpError && err.fatal) {
      s.stopped ??= reasonOf(err);
      return;
    }
    s.failed.push({ what, reason: reasonOf(err) });
    progress.warn(`failed: ${reasonOf(err)}`);
  };
  const refs: FilingRef[] = [];
  const filter = { forms: req.forms, since: req.since, until: req.until };

  // --cik and --ticker: the submissions of each issuer once
  const ciks = new Map<number, string>();
  for (const text of req.ciks) {
    try {
      const cik = parseCik(text);
      if (!ciks.has(cik)) ciks.set(cik, `CIK ${cik}`);
    } catch (err) {
      fail(`--cik ${text}`, err);
    }
  }
  if (req.tickers.length > 0) {
    let tickers: Map<string, TickerEntry> | undefined;
    try {
      tickers = parseTickers(await client.getJson('www', TICKERS_PATH, 'the ticker list'), client.url('www', TICKERS_PATH));
    } catch (err) {
      for (const t of req.tickers) fail(`--ticker ${t}`, err);
    }
    for (const t of tickers ? req.tickers : []) {
      try {
        const e = lookupTicker(tickers!, t);
        if (!ciks.has(e.cik)) ciks.set(e.cik, `${e.ticker} (CIK ${e.cik}, ${e.title})`);
      } catch (err) {
        fail(`--ticker ${t}`, err);
      }
    }
  }
  for (const [cik, label] of ciks) {
    if (s.stopped) break;
    try {
      const url = client.url('data', submissionsPath(cik));
      const sub = parseSubmissions(await client.getJson('data', submissionsPath(cik), `the submissions of ${label}`), cik, url);
      const found = [...selectFilings(sub.filings, filter)];
      for (const page of sub.pages) {
        if (!pageOverlaps(page, req.since, req.until)) {
          s.notes.push(`${label}: page ${page.name} (${page.filingFrom} to ${page.filingTo}) is outside the dates asked; not read`);
          continue;
        }
        const what = `the submissions page ${page.name} of ${label}`;
        try {
          const json = await client.getJson('data', submissionsPagePath(page.name), what);
          found.push(...selectFilings(parseFilingColumns(json, cik, sub.name, what, client.url('data', submissionsPagePath(page.name))), filter));
        } catch (err) {
          fail(what, err);
        }
      }
      progress.info(`${label}: ${found.length} filings of ${req.forms.join(', ')}${dateRange(req)}`);
      refs.push(...found);
    } catch (err) {
      fail(`the submissions of ${label}`, err);
    }
  }

  // --daily: the form index of each day
  for (const day of req.days) {
    if (s.stopped) break;
    if (isWeekend(day)) {
      s.notes.push(`${day} is a weekend day: EDGAR publishes no daily index`);
      continue;
    }
    const what = `the daily index of ${day}`;
    try {
      const path = dailyIndexPath(day);
      const index = parseFormIndex(await client.getText('www', path, what), what, client.url('www', path));
      for (const bad of index.badRows) s.failed.push({ what, reason: `${what}: unreadable row ${bad}` });
      const found = selectFilings(index.filings, { forms: req.forms });
      progress.info(`${day}: ${found.length} filings of ${req.forms.join(', ')} in the daily index (${index.filings.length} rows)`);
      refs.push(...found);
    } catch (err) {
      if (err instanceof EdgarHttpError && err.status === 404) s.notes.push(`${day}: no daily index (a holiday, or not published yet)`);
      else fail(what, err);
    }
  }

  const listed = selectFilings(refs, { forms: req.forms });
  s.listed = listed.length;
  const plan = planDownloads(listed, accessionsInCorpus(req.corpusDir));
  s.present = plan.present.map(({ cik, accession, form, filedAt }) => ({ cik, accession, form, filedAt }));
  if (plan.present.length) progress.info(`${plan.present.length} of ${listed.length} filings already in the corpus`);

  let next = 0;
  let done = 0;
  const worker = async () => {
    while (!s.stopped && next < plan.missing.length) {
      const ref = plan.missing[next++]!;
      try {
        const d = await downloadFiling(client, ref, req.corpusDir);
        s.downloaded.push({ cik: ref.cik, accession: ref.accession, form: ref.form, filedAt: ref.filedAt, file: d.file, bytes: d.bytes });
        s.bytes += d.bytes;
      } catch (err) {
        fail(`filing ${ref.accession}`, err);
      }
      progress.filing(++done, plan.missing.length, s.bytes, `${ref.cik}/${ref.accession}.txt`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, req.concurrency ?? 3) }, worker));
  s.downloaded.sort((a, b) => a.file.localeCompare(b.file));
  s.durationMs = Date.now() - started;
  return s;
}

/** The exit code of a fetch: 0 all fine, 1 some failed, 3 nothing could be fetched (or EDGAR refused us). */
export function fetchExitCode(s: FetchSummary): number {
  if (s.stopped) return s.downloaded.length > 0 ? 1 : 3;
  if (s.failed.length === 0) return 0;
  return s.downloaded.length + s.present.length > 0 ? 1 : 3;
}

function dateRange(req: FetchRequest): string {
  if (!req.since && !req.until) return '';
  return ` filed ${req.since ?? 'any time'} to ${req.until ?? 'today'}`;
}
