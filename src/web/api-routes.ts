import { createHash } from 'node:crypto';
import { Router, type Request } from 'express';
import type { LoadedIndex } from '../store/release-store.js';
import { cachedSearchJson } from '../search/cached-search.js';
import { suggest } from '../search/suggest.js';
import type { AppDeps } from './app-deps.js';
import { HttpError } from './http-error.js';
import { parseSearchParams } from './request-params.js';
import { isReleaseId } from './release-id.js';

const SUGGESTIONS = 8;

function ready(deps: AppDeps): LoadedIndex {
  const index = deps.getIndex();
  if (!index) throw new HttpError(503, 'index-loading', 'The index is still loading; try again in a few seconds.');
  return index;
}

function releaseOf(index: LoadedIndex, req: Request) {
  const id = String(req.params['id'] ?? '');
  const release = isReleaseId(id) ? index.store.get(id) : undefined;
  if (!release) throw new HttpError(404, 'not-found', `No release has the id "${id.slice(0, 80)}".`);
  return release;
}

/** The JSON API and the health check. */
export function apiRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => {
    const index = deps.getIndex();
    if (!index) {
      res.status(503).set('Retry-After', '2').json({ status: 'loading' });
      return;
    }
    res.set('Cache-Control', 'no-store').json({ status: 'ok', releases: index.info.releases, builtAt: index.info.builtAt });
  });
  r.get('/api/search', (req, res) => {
    const params = parseSearchParams(req.query);
    const index = ready(deps);
    // The answer depends only on the index generation and the request (tookMs aside), so the ETag
    // is derived from those: a client revalidating an unchanged search gets a 304 without a search.
    const etag = `W/"${createHash('sha1').update(`${index.info.builtAt}\0${index.info.releases}\0${JSON.stringify(params)}`).digest('base64url')}"`;
    res.set({ ETag: etag, 'Cache-Control': 'no-cache' });
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.type('application/json').send(cachedSearchJson(index, params));
  });
  r.get('/api/releases/:id', (req, res) => {
    res.json(releaseOf(ready(deps), req));
  });
  r.get('/api/suggest', (req, res) => {
    const q = req.query['q'];
    if (q !== undefined && typeof q !== 'string') throw new HttpError(400, 'bad-parameter', 'Give the parameter "q" once, as plain text.');
    res.set('Cache-Control', 'public, max-age=60').json(q ? suggest(ready(deps), q.slice(0, 200), SUGGESTIONS) : []);
  });
  r.use('/api', () => {
    throw new HttpError(404, 'not-found', 'No such API route. Try /api/search?q=…, /api/releases/ID or /api/suggest?q=….');
  });
  return r;
}

export { releaseOf, ready };
