import { EdgarForbiddenError, EdgarFormatError, EdgarHttpError, EdgarNetworkError, ResponseTooLargeError, UserAgentError } from './errors.js';
import { RateLimiter } from './rate-limiter.js';

/** Which EDGAR host serves a path: www.sec.gov (files, Archives) or data.sec.gov (submissions). */
export type EdgarHost = 'www' | 'data';

export const DEFAULT_HOSTS: Record<EdgarHost, string> = { www: 'https://www.sec.gov', data: 'https://data.sec.gov' };
/** The largest answer accepted: a bigger one is no filing this product reads. */
export const MAX_RESPONSE_BYTES = 64 * 2 ** 20;
/** EDGAR's fair-access ceiling, requests per second. */
export const MAX_RATE = 10;

export interface EdgarClientOptions {
  /** EDGAR_USER_AGENT: "Name email@example.com". */
  userAgent: string | undefined;
  /** EDGAR_BASE_URL: every host maps to it (a mirror, a proxy, a test server). */
  baseUrl?: string | undefined;
  /** Requests a second (default 5, at most 10). */
  rate?: number;
  /** Retries of a 429/5xx or a dropped connection before giving up (default 4). */
  maxRetries?: number;
  /** The first backoff when no Retry-After is given; doubled each retry (default 1 s). */
  backoffMs?: number;
  /** The longest single wait; a Retry-After asking for more fails the request (default 60 s). */
  maxWaitMs?: number;
  maxBytes?: number;
  /** The whole request, body included (default 5 min). */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Told before each wait for a retry. */
  onRetry?: (message: string) => void;
}

/** Check EDGAR_USER_AGENT: a name and an email address. */
export function checkUserAgent(value: string | undefined): string {
  const ua = value?.trim();
  if (!ua || !/\S+@\S+\.\S+/.test(ua) || !/[A-Za-z]/.test(ua.replace(/\S+@\S+/, ''))) throw new UserAgentError(value);
  return ua;
}

/** The origin each host maps to, EDGAR_BASE_URL (when set) for all of them. */
export function edgarHosts(baseUrl: string | undefined): Record<EdgarHost, string> {
  if (baseUrl === undefined || baseUrl.trim() === '') return DEFAULT_HOSTS;
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new TypeError(`EDGAR_BASE_URL must be an http(s) URL such as https://www.sec.gov, got ${JSON.stringify(baseUrl)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`EDGAR_BASE_URL must be an http(s) URL, got ${JSON.stringify(baseUrl)}`);
  const base = url.href.replace(/\/+$/, '');
  return { www: base, data: base };
}

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date), or undefined. */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);

class Retryable extends Error {
  constructor(
    readonly error: Error,
    readonly retryAfterMs?: number,
  ) {
    super(error.message);
  }
}

/** HTTP GETs to EDGAR, within its fair-access rules: user agent, rate, retries, size cap. */
export class EdgarClient {
  readonly userAgent: string;
  readonly hosts: Record<EdgarHost, string>;
  private readonly limiter: RateLimiter;
  private readonly o: Required<Omit<EdgarClientOptions, 'baseUrl' | 'userAgent' | 'onRetry'>> & { onRetry: ((message: string) => void) | undefined };

  constructor(options: EdgarClientOptions) {
    this.userAgent = checkUserAgent(options.userAgent);
    this.hosts = edgarHosts(options.baseUrl);
    const rate = options.rate ?? 5;
    if (!(rate > 0 && rate <= MAX_RATE)) throw new RangeError(`the request rate must be above 0 and at most ${MAX_RATE} a second (EDGAR's limit), got ${rate}`);
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    this.o = {
      rate,
      maxRetries: options.maxRetries ?? 4,
      backoffMs: options.backoffMs ?? 1000,
      maxWaitMs: options.maxWaitMs ?? 60_000,
      maxBytes: options.maxBytes ?? MAX_RESPONSE_BYTES,
      timeoutMs: options.timeoutMs ?? 300_000,
      sleep,
      onRetry: options.onRetry,
    };
    this.limiter = new RateLimiter(rate, Date.now, sleep);
  }

  url(host: EdgarHost, path: string): string {
    return `${this.hosts[host]}/${path.replace(/^\/+/, '')}`;
  }

  /** The body of `path`; `what` names the request in errors ("submissions of CIK 320193"). */
  async get(host: EdgarHost, path: string, what: string): Promise<Buffer> {
    const url = this.url(host, path);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(url, what);
      } catch (err) {
        if (!(err instanceof Retryable)) throw err;
        if (attempt >= this.o.maxRetries) throw withNote(err.error, `gave up after ${attempt + 1} attempts`);
        const wait = err.retryAfterMs ?? Math.min(this.o.maxWaitMs, this.o.backoffMs * 2 ** attempt);
        if (wait > this.o.maxWaitMs) {
          throw withNote(err.error, `EDGAR asked to retry after ${Math.round(wait / 1000)} s, longer than the ${this.o.maxWaitMs / 1000} s this fetch waits; run it again later`);
        }
        this.o.onRetry?.(`${err.message}; retrying in ${(wait / 1000).toFixed(1)} s (${err.retryAfterMs !== undefined ? 'Retry-After' : 'backoff'}, attempt ${attempt + 2} of ${this.o.maxRetries + 1})`);
        await this.o.sleep(wait);
      }
    }
  }

  async getText(host: EdgarHost, path: string, what: string): Promise<string> {
    return (await this.get(host, path, what)).toString('utf8');
  }

  async getJson(host: EdgarHost, path: string, what: string): Promise<unknown> {
    const text = await this.getText(host, path, what);
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      const kind = /^\s*</.test(text) ? 'is an HTML or XML page, not JSON' : `is not valid JSON (${(err as Error).message})`;
      throw new EdgarFormatError(what, this.url(host, path), kind);
    }
  }

  private async once(url: string, what: string): Promise<Buffer> {
    await this.limiter.take();
    let res: Response;
    try {
      res = await fetch(url, { headers: { 'User-Agent': this.userAgent, Accept: '*/*' }, redirect: 'manual', signal: AbortSignal.timeout(this.o.timeoutMs) });
    } catch (err) {
      throw new Retryable(new EdgarNetworkError(what, url, causeOf(err)));
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel();
      const to = res.headers.get('location') ?? '';
      throw new EdgarHttpError(what, url, res.status, `redirected to ${to}; a fetch only reads the EDGAR host it was given`);
    }
    if (res.status === 403) {
      await res.body?.cancel();
      throw new EdgarForbiddenError(what, url);
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      const error = new EdgarHttpError(what, url, res.status, res.statusText);
      if (RETRY_STATUSES.has(res.status)) throw new Retryable(error, parseRetryAfter(res.headers.get('retry-after')));
      throw error;
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (declared > this.o.maxBytes) {
      await res.body?.cancel();
      throw new ResponseTooLargeError(what, url, this.o.maxBytes);
    }
    return this.readCapped(res, url, what);
  }

  private async readCapped(res: Response, url: string, what: string): Promise<Buffer> {
    if (!res.body) return Buffer.alloc(0);
    const chunks: Buffer[] = [];
    let total = 0;
    const reader = res.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > this.o.maxBytes) {
          await reader.cancel();
          throw new ResponseTooLargeError(what, url, this.o.maxBytes);
        }
        chunks.push(Buffer.from(value));
      }
    } catch (err) {
      if (err instanceof ResponseTooLargeError) throw err;
      throw new Retryable(new EdgarNetworkError(what, url, `the connection closed after ${total} bytes of the answer (${causeOf(err)})`));
    }
    return Buffer.concat(chunks, total);
  }
}

function causeOf(err: unknown): string {
  const e = err as Error & { cause?: Error & { code?: string } };
  if (e?.name === 'TimeoutError') return 'timed out';
  const cause = e?.cause ? `: ${e.cause.code ?? e.cause.message}` : '';
  return `${e?.message ?? String(err)}${cause}`;
}

function withNote<E extends Error>(err: E, note: string): E {
  err.message = `${err.message}; ${note}`;
  return err;
}
