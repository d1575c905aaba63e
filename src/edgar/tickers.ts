import { EdgarFormatError, UnknownTickerError } from './errors.js';

/** Where EDGAR serves its ticker list (on www.sec.gov). */
export const TICKERS_PATH = 'files/company_tickers.json';

export interface TickerEntry {
  cik: number;
  ticker: string;
  title: string;
}

/** A ticker as the list writes it: upper case, a class after a dash (BRK.B = BRK-B). */
export function normalizeTicker(ticker: string): string {
  return ticker.trim().toUpperCase().replace(/[./]/g, '-');
}

/**
 * company_tickers.json (`{"0":{"cik_str":789019,"ticker":"MSFT","title":"MICROSOFT CORP"},…}`)
 * as a map by normalized ticker. Throws EdgarFormatError when it is not in that shape.
 */
export function parseTickers(json: unknown, url: string): Map<string, TickerEntry> {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new EdgarFormatError('the ticker list', url, 'is not an object of {cik_str, ticker, title} rows');
  }
  const out = new Map<string, TickerEntry>();
  for (const [key, row] of Object.entries(json as Record<string, unknown>)) {
    const r = row as { cik_str?: unknown; ticker?: unknown; title?: unknown } | null;
    const cik = typeof r?.cik_str === 'string' ? Number(r.cik_str) : r?.cik_str;
    if (typeof cik !== 'number' || !Number.isInteger(cik) || cik <= 0 || typeof r?.ticker !== 'string') {
      throw new EdgarFormatError('the ticker list', url, `has a malformed row ${JSON.stringify(key)}: ${JSON.stringify(row)?.slice(0, 120)}`);
    }
    const ticker = normalizeTicker(r.ticker);
    if (!out.has(ticker)) out.set(ticker, { cik, ticker: r.ticker, title: typeof r.title === 'string' ? r.title : '' });
  }
  return out;
}

/** The entry of `ticker`, or UnknownTickerError. */
export function lookupTicker(tickers: Map<string, TickerEntry>, ticker: string): TickerEntry {
  const entry = tickers.get(normalizeTicker(ticker));
  if (!entry) throw new UnknownTickerError(ticker);
  return entry;
}
