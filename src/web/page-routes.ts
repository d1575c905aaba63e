import { Router } from 'express';
import { highlightForRelease } from '../search/search.js';
import { highlightRelease } from '../search/highlight-release.js';
import { parseSearchParams } from './request-params.js';
import type { AppDeps } from './app-deps.js';
import { cacheOf, ready, releaseOf } from './api-routes.js';
import { HttpError } from './http-error.js';
import { releasePageModel } from './release-page-model.js';
import { searchPageModel } from './search-page-model.js';

const EXAMPLES = ['GTI-2040', '"renal cell"', 'Virulizin -gemcitabine', 'siRNA OR antisense', 'clotrim*', 'company:lorus year:2004'];

/** The HTML pages. */
export function pageRoutes(deps: AppDeps): Router {
  const r = Router();
  const home = async (req: import('express').Request, res: import('express').Response) => {
    const params = parseSearchParams(req.query);
    const hasFilters = params.filters !== undefined;
    if (!params.q.trim() && !hasFilters) {
      res.render('search', { model: undefined, examples: EXAMPLES, q: '', pageTitle: 'Press-release search', releases: deps.getEngine()?.stats().releases });
      return;
    }
    const model = searchPageModel(params, await cacheOf(ready(deps)).search(params));
    res.render('search', { model, examples: EXAMPLES, q: params.q, pageTitle: model.pageTitle, releases: undefined });
  };
  r.get('/', home);
  r.get('/search', home);
  r.get('/release/:id', async (req, res) => {
    const engine = ready(deps);
    const release = await releaseOf(engine, req);
    const qRaw = req.query['q'];
    if (qRaw !== undefined && typeof qRaw !== 'string') throw new HttpError(400, 'bad-parameter', 'Give the parameter "q" once.');
    const q = (qRaw ?? '').slice(0, 500);
    const hl = highlightRelease(release, await highlightForRelease(engine, q, release.id));
    const model = releasePageModel(release, q, hl);
    res.render('release', { model, q, pageTitle: model.pageTitle });
  });
  r.get('/help', (_req, res) => {
    res.render('help', { q: '', pageTitle: 'Search syntax – Press-release search', examples: EXAMPLES });
  });
  r.get('/opensearch.xml', (req, res) => {
    const origin = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    res.type('application/opensearchdescription+xml').render('opensearch', { origin });
  });
  return r;
}
