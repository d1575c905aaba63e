import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { HttpError } from './http-error.js';

function wantsJson(path: string): boolean {
  return path.startsWith('/api/') || path === '/healthz';
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
    res.render('error', { status, message, requestId: id, q: '', pageTitle: `${status} – Press-release search` });
  };
}
