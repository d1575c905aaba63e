import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { HttpError } from './http-error.js';

function wantsJson(path: string): boolean {
  return path.startsWith('/api/') || path === '/healthz';
}

// A page that finds the index loading reloads itself after this many seconds.
const RETRY_SECONDS = 3;
// More than a person types; the box holds the query of a too-long request, not a megabyte of it.
const MAX_KEPT = 5000;

/** The query a failed page was asked for (the first, when repeated), to put back in the search box. */
function typedQuery(query: unknown): string {
  const q = typeof query === 'object' && query !== null ? (query as Record<string, unknown>)['q'] : undefined;
  const first = Array.isArray(q) ? q[0] : q;
  return typeof first === 'string' ? first.slice(0, MAX_KEPT) : '';
}

/** Unknown paths: an HTML 404 page, or a JSON error under /api. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not-found', `Nothing lives at ${req.path.slice(0, 200)}.`));
};

/** Every error ends here: a page or JSON with a readable message; never a stack trace. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    let status = 500;
    let code = 'internal';
    let message = 'Something went wrong on our side. The error was logged; try again.';
    if (err instanceof HttpError) {
      ({ status, code, message } = err);
    } else if (typeof err === 'object' && err !== null && 'status' in err && err.status === 503) {
      // the engine's backend cannot answer now (a database down, a search over its time limit)
      status = 503;
      code = 'unavailable';
      message = err instanceof Error && err.name === 'SearchTimeoutError' ? err.message : 'The search service cannot reach its database right now. Try again in a moment.';
      logger.warn({ reqId: String(req.id ?? ''), reason: err instanceof Error ? err.message : String(err) }, 'backend unavailable');
    } else if (typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number' && err.status >= 400 && err.status < 500) {
      // errors raised by Express itself on malformed requests (bad URL encoding, …)
      status = err.status;
      code = 'bad-request';
      message = 'The request could not be read.';
    }
    const id = String(req.id ?? '');
    // a 503 while the index loads is expected, not a failure worth an error line
    if (status >= 500 && status !== 503) logger.error({ reqId: id, err }, 'request failed');
    if (res.headersSent) return;
    if (status === 503) res.set('Retry-After', '2');
    res.status(status);
    if (wantsJson(req.path)) {
      res.json({ error: { code, message } });
      return;
    }
    // the page keeps what was typed in the search box (escaped by the template, however long), and a
    // page asked for while the index loads reloads itself until it can answer (no script: the CSP allows none inline)
    res.render('error', { status, message, requestId: id, q: typedQuery(req.query), pageTitle: `${status} – Press-release search`, refresh: status === 503 ? RETRY_SECONDS : undefined });
  };
}
