import { Router } from 'express';
import { highlightForRelease } from '../search/search.js';
import { highlightRelease } from '../search/highlight-release.js';
import { relatedReleases } from '../search/related.js';
import { parseSearchParams } from './request-params.js';
import type { AppDeps } from './app-deps.js';
import { cacheOf, ready, releaseOf } from './api-routes.js';
import { HttpError } from './http-error.js';
import { resultsPath } from './back-link.js';
import { pageFacets } from './page-facets.js';
import { releasePageModel } from './release-page-model.js';
import { searchPageModel } from './search-page-model.js';
import { companyFeedPath, describeSearch, exportPath, feedPath } from './follow-links.js';

const EXAMPLES = ['GTI-2040', '"renal cell"', 'Virulizin -gemcitabine', 'siRNA OR antisense', 'clotrim*', 'company:lorus year:2004'];

/** The base of absolute URLs: the configured public URL, else (for a server used directly) the request's host. */
export function publicOrigin(deps: AppDeps, req: import('express').Request): string {
  return deps.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** The HTML pages. */
export function pageRoutes(deps: AppDeps): Router {
  const r = Router();
  const home = async (req: import('express').Request, res: import('express').Response) => {
    const params = parseSearchParams(req.query);
    const hasFilters = params.filters !== undefined;
    if (!params.q.trim() && !hasFilters) {
      // only the empty home page takes the focus: on a results page the first tab stop is "Skip to results"
      res.render('search', { model: undefined, examples: EXAMPLES, q: '', pageTitle: 'Press-release search', releases: deps.getEngine()?.stats().releases, autofocus: true });
      return;
    }
    const cache = cacheOf(ready(deps));
    const answer = await cache.search(params);
    const model = searchPageModel(params, answer, await pageFacets((r) => cache.search(r), params, answer));
    const follow = { feed: feedPath(params), csv: exportPath(params, 'csv'), json: exportPath(params, 'json'), about: describeSearch(params) };
    const feeds = [{ title: `Press releases: ${follow.about}`, href: follow.feed }];
    res.render('search', { model, examples: EXAMPLES, q: params.q, pageTitle: model.pageTitle, releases: undefined, autofocus: false, follow, feeds });
  };
  r.get('/', home);
  r.get('/search', home);
  r.get('/release/:id', async (req, res) => {
    const engine = ready(deps);
    const release = await releaseOf(engine, req);
    const qRaw = req.query['q'];
    if (qRaw !== undefined && typeof qRaw !== 'string') throw new HttpError(400, 'bad-parameter', 'Give the parameter "q" once.');
    const q = (qRaw ?? '').slice(0, 500);
    const [found, related] = await Promise.all([highlightForRelease(engine, q, release.id), relatedReleases(engine, release)]);
    const model = releasePageModel(release, q, highlightRelease(release, found), resultsPath(req.query['back']), related);
    // the release page offers its issuer's feed, and the feed of the search it was opened from
    const feeds = [
      ...(release.company ? [{ title: `Press releases from ${release.company}`, href: companyFeedPath(release.company) }] : []),
      ...(q.trim() ? [{ title: `Press releases: “${q.trim()}”`, href: feedPath({ q, page: 1, size: 10, sort: 'relevance' }) }] : []),
    ];
    res.render('release', { model, q, pageTitle: model.pageTitle, feeds });
  });
  r.get('/help', (_req, res) => {
    res.render('help', { q: '', pageTitle: 'Search syntax – Press-release search', examples: EXAMPLES });
  });
  r.get('/opensearch.xml', (req, res) => {
    const origin = publicOrigin(deps, req);
    res.type('application/opensearchdescription+xml').render('opensearch', { origin });
  });
  return r;
}
