import { createHash } from 'node:crypto';
import { Router, type Request } from 'express';
import type { Release } from '../clean/release.js';
import type { Engine } from '../engine/engine.js';
import { SearchCache } from '../search/cached-search.js';
import { suggest } from '../search/suggest.js';
import { toApiResponse } from './api-response.js';
import { suggestCompanies } from './company-suggest.js';
import type { AppDeps } from './app-deps.js';
import { HttpError } from './http-error.js';
import { parseSearchParams } from './request-params.js';
import { isReleaseId } from './release-id.js';

const SUGGESTIONS = 8;

/** The engine, or a 503 the page and API explain while it loads. */
export function ready(deps: AppDeps): Engine {
  const engine = deps.getEngine();
  if (!engine) throw new HttpError(503, 'index-loading', 'The index is still loading; try again in a few seconds.');
  return engine;
}

/** The release a route's `:id` names, or a 404. */
export async function releaseOf(engine: Engine, req: Request): Promise<Release> {
  const id = String(req.params['id'] ?? '');
  const [release] = isReleaseId(id) ? await engine.releases([id]) : [undefined];
  if (!release) throw new HttpError(404, 'not-found', `No release has the id "${id.slice(0, 80)}".`);
  return release;
}

// One answer cache per engine (a server holds one): answers as JSON text with `tookMs` 0.
const caches = new WeakMap<Engine, SearchCache>();

/** The search cache of an engine (shared by the page and the API). */
export function cacheOf(engine: Engine): SearchCache {
  let cache = caches.get(engine);
  if (!cache) {
    cache = new SearchCache(engine);
    caches.set(engine, cache);
  }
  return cache;
}

/** The JSON API and the health check. */
export function apiRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get('/healthz', async (_req, res) => {
    const engine = deps.getEngine();
    if (!engine) {
      const reason = deps.loadError?.();
      res.status(503).set({ 'Retry-After': '2', 'Cache-Control': 'no-store' }).json(reason ? { status: 'unavailable', reason } : { status: 'loading' });
      return;
    }
    const down = await engine.check?.().catch((err: unknown) => String((err as Error).message));
    if (down) {
      res.status(503).set({ 'Retry-After': '2', 'Cache-Control': 'no-store' }).json({ status: 'unavailable', reason: down });
      return;
    }
    const { releases, builtAt } = engine.stats();
    // reading from a replica: how far behind the primary it is; a lagging node still answers (200)
    const replica = await engine.replication?.().catch((err: unknown) => ({ reason: String((err as Error).message) }));
    res.set('Cache-Control', 'no-store').json({ status: 'ok', releases, builtAt, ...(replica ? { replica } : {}) });
  });
  r.get('/api/search', async (req, res) => {
    const params = parseSearchParams(req.query);
    const engine = ready(deps);
    // The answer depends only on the index generation and the request (tookMs aside), so the ETag
    // is derived from those: a client revalidating an unchanged search gets a 304 without a search.
    const etag = `W/"${createHash('sha1').update(`${engine.stats().generation}\0${JSON.stringify(params)}`).digest('base64url')}"`;
    res.set({ ETag: etag, 'Cache-Control': 'no-cache' });
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    const { derived, tookMs } = await cacheOf(engine).derived(params, (r) => JSON.stringify(toApiResponse({ ...r, tookMs: 0 })));
    // the first `"tookMs":` is the key: quotes inside filing text are escaped in JSON
    res.type('application/json').send(derived.replace('"tookMs":0', `"tookMs":${tookMs}`));
  });
  r.get('/api/releases/:id', async (req, res) => {
    res.json(await releaseOf(ready(deps), req));
  });
  r.get('/api/suggest', async (req, res) => {
    const q = req.query['q'];
    if (q !== undefined && typeof q !== 'string') throw new HttpError(400, 'bad-parameter', 'Give the parameter "q" once, as plain text.');
    if (!q) {
      res.set('Cache-Control', 'public, max-age=60').json([]);
      return;
    }
    const engine = ready(deps);
    const typed = q.slice(0, 200);
    // `company:lor` completes from the names the index holds; any other last word from the vocabulary
    const out = (await suggestCompanies(engine, typed, SUGGESTIONS)) ?? (await suggest(engine, typed, SUGGESTIONS));
    res.set('Cache-Control', 'public, max-age=60').json(out);
  });
  r.use('/api', () => {
    throw new HttpError(404, 'not-found', 'No such API route. Try /api/search?q=…, /api/releases/ID or /api/suggest?q=….');
  });
  return r;
}
