/**
 * What can go wrong talking to EDGAR, each error saying what was asked and what to do about it.
 * `fatal` errors stop the whole fetch (EDGAR refused us); the others fail one item and the rest
 * of the fetch continues.
 */

/** EDGAR (or the server at EDGAR_BASE_URL) answered with an HTTP error for one request. */
export class EdgarHttpError extends Error {
  readonly fatal: boolean = false;
  constructor(
    readonly what: string,
    readonly url: string,
    readonly status: number,
    detail: string,
  ) {
    super(`${what}: ${url} answered ${status}${detail ? ` (${detail})` : ''}`);
    this.name = 'EdgarHttpError';
  }
}

/** 403: EDGAR blocks the client (no proper User-Agent, or too many requests). Stops the fetch. */
export class EdgarForbiddenError extends EdgarHttpError {
  override readonly fatal = true;
  constructor(what: string, url: string) {
    super(
      what,
      url,
      403,
      'Forbidden: EDGAR refuses clients whose User-Agent does not name a person or company with an email address, ' +
        'and clients that send more than 10 requests a second. Set EDGAR_USER_AGENT="Your Name you@example.com", ' +
        'keep --rate at 10 or below, and wait about 10 minutes before fetching again',
    );
    this.name = 'EdgarForbiddenError';
  }
}

/** The connection failed or closed before the whole answer arrived (after the retries). */
export class EdgarNetworkError extends Error {
  constructor(
    readonly what: string,
    readonly url: string,
    detail: string,
  ) {
    super(`${what}: ${url}: ${detail}`);
    this.name = 'EdgarNetworkError';
  }
}

/** An answer larger than the fetch accepts (64 MB). */
export class ResponseTooLargeError extends Error {
  constructor(
    readonly what: string,
    readonly url: string,
    readonly limit: number,
  ) {
    super(`${what}: ${url} is larger than ${Math.round(limit / 2 ** 20)} MB, more than any filing this fetch accepts; skipped`);
    this.name = 'ResponseTooLargeError';
  }
}

/** An answer that is not what EDGAR serves there (malformed JSON or index, an HTML page). */
export class EdgarFormatError extends Error {
  constructor(
    readonly what: string,
    readonly url: string,
    detail: string,
  ) {
    super(`${what}: ${url} ${detail}`);
    this.name = 'EdgarFormatError';
  }
}

/** A ticker the ticker list does not hold. */
export class UnknownTickerError extends Error {
  constructor(readonly ticker: string) {
    super(`ticker ${JSON.stringify(ticker)} is not in EDGAR's ticker list (company_tickers.json); check the spelling, or pass the company's --cik`);
    this.name = 'UnknownTickerError';
  }
}

/** EDGAR_USER_AGENT unset or not "Name email". */
export class UserAgentError extends Error {
  constructor(value: string | undefined) {
    super(
      value === undefined || value.trim() === ''
        ? 'EDGAR_USER_AGENT is not set: EDGAR requires every request to name who sends it. Set it to your name (or company) and an email address, e.g. EDGAR_USER_AGENT="Jane Doe jane@example.com"'
        : `EDGAR_USER_AGENT must hold a name and an email address, e.g. "Jane Doe jane@example.com"; got ${JSON.stringify(value)}`,
    );
    this.name = 'UserAgentError';
  }
}

/** The one-line reason of an error, for the summary. */
export function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
