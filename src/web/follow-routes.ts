import { createHash } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { atomXml, dayTimestamp, type AtomFeed } from '../search/atom-feed.js';
import { EXPORT_CAP, EXPORT_FORMATS, exportFileName, exportPages, type ExportFormat } from '../search/export.js';
import { exportChunks } from '../search/export-write.js';
import { identityOf } from '../search/release-identity.js';
import type { SearchRequest } from '../search/search-types.js';
import type { AppDeps } from './app-deps.js';
import { cacheOf, ready } from './api-routes.js';
import { describeSearch, feedPath } from './follow-links.js';
import { HttpError } from './http-error.js';
import { currentMatches, newSince, readWatches, watchesStamp } from '../watch/watches.js';
import { publicOrigin } from './page-routes.js';
import { parseSearchParams } from './request-params.js';
import { searchUrl } from './search-links.js';

/** Entries in a feed: the newest matches by date. */
export const FEED_SIZE = 50;

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** The host part of tag: URIs (RFC 4151): the public origin's host name. */
const tagHost = (origin: string) => {
  try {
    return new URL(origin).hostname || 'localhost';
  } catch {
    return 'localhost';
  }
};

/** A stable id for a release in every feed: release ids do not change across reindexes. */
export const entryId = (origin: string, id: string) => `tag:${tagHost(origin)},2024:release/${id}`;

/** Resolves when the response can take more, or is closed (at once when it already is: 'close' comes once). */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed || res.writableEnded) {
      resolve();
      return;
    }
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function formatOf(req: Request): ExportFormat {
  const raw = req.query['format'] ?? 'csv';
  const format = EXPORT_FORMATS.find((f) => f === raw);
  if (!format) throw new HttpError(400, 'bad-format', `The parameter "format" must be one of ${EXPORT_FORMATS.join(', ')}.`);
  return format;
}

/** Feeds (`/feed.atom`) and exports (`/api/export`) of a search, with the search's parameters. */
export function followRoutes(deps: AppDeps): Router {
  const r = Router();

  r.get('/feed.atom', async (req, res) => {
    const params = parseSearchParams(req.query);
    const engine = ready(deps);
    const stats = engine.stats();
    const origin = publicOrigin(deps, req);
    const feedReq: SearchRequest = { ...params, page: 1, size: FEED_SIZE, sort: 'date' };
    // the feed changes only with the index generation (and the request): revalidation is a 304
    const etag = `W/"${createHash('sha1').update(`${stats.generation}\0${origin}\0${JSON.stringify(feedReq)}`).digest('base64url')}"`;
    const built = new Date(stats.builtAt);
    res.set({ ETag: etag, 'Cache-Control': 'no-cache' });
    if (!Number.isNaN(built.getTime())) res.set('Last-Modified', built.toUTCString());
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    const answer = await cacheOf(engine).search(feedReq);
    const releases = await engine.releases(answer.results.map((h) => h.id));
    const q = params.q.trim();
    const self = `${origin}${feedPath(params)}`;
    const feed: AtomFeed = {
      id: `tag:${tagHost(origin)},2024:${feedPath(params)}`,
      title: `Press releases: ${describeSearch(params)}`,
      subtitle: `The ${FEED_SIZE} newest press releases filed with the SEC that match this search.`,
      updated: Number.isNaN(built.getTime()) ? new Date(0).toISOString() : built.toISOString(),
      self,
      alternate: `${origin}${searchUrl({ ...params, page: 1, size: 10, sort: 'date' })}`,
      generator: 'press-release-search',
      entries: answer.results.map((hit, i) => {
        const identity = identityOf(releases[i] ?? hit);
        const day = dayTimestamp(hit.date);
        const filed = dayTimestamp(identity.filedAt.slice(0, 10));
        return {
          id: entryId(origin, hit.id),
          title: hit.title || '(untitled release)',
          // an undated release gets a fixed instant, so it never looks updated by a reindex
          updated: filed ?? day ?? '1970-01-01T00:00:00Z',
          ...(day ? { published: day } : {}),
          link: `${origin}/release/${encodeURIComponent(hit.id)}${q ? `?q=${encodeURIComponent(q)}` : ''}`,
          ...(identity.secUrl ? { related: identity.secUrl } : {}),
          author: hit.company || 'Unknown issuer',
          summary: hit.snippetRuns.map((run) => run.text).join(''),
        };
      }),
    };
    res.set('Content-Type', 'application/atom+xml; charset=utf-8').send(atomXml(feed));
  });

  r.get('/api/export', async (req, res) => {
    const format = formatOf(req);
    const bomRaw = req.query['bom'];
    if (bomRaw !== undefined && bomRaw !== '0' && bomRaw !== '1') throw new HttpError(400, 'bad-parameter', 'The parameter "bom" must be 0 or 1.');
    const params = parseSearchParams(req.query);
    const engine = ready(deps);
    const request = { q: params.q, sort: params.sort, ...(params.filters ? { filters: params.filters } : {}), ...(params.asTyped ? { asTyped: true } : {}) };
    let gone = false;
    // 'close' before the response finished: the client went away; the export stops at the next page
    res.on('close', () => {
      if (!res.writableFinished) gone = true;
    });
    const cap = deps.exportCap ?? EXPORT_CAP;
    const pages = exportPages(engine, request, { origin: publicOrigin(deps, req), cap, stopped: () => gone });
    // the first page is searched before anything is sent, so a failing search is still an error response
    const first = await pages.next();
    async function* all() {
      if (first.done) return;
      yield first.value;
      yield* pages;
    }
    res.status(200);
    res.set({
      'Content-Type': CONTENT_TYPES[format],
      'Content-Disposition': `attachment; filename="${exportFileName(params.q, format)}"`,
      'X-Export-Cap': String(cap),
      'X-Total-Matches': String(first.done ? 0 : first.value.total),
      'Cache-Control': 'no-store',
    });
    try {
      for await (const chunk of exportChunks(format, all(), { bom: format === 'csv' && bomRaw === '1', request, cap })) {
        if (gone) break;
        if (!res.write(chunk)) await drained(res);
      }
    } catch (err) {
      // the status is sent: a cut connection, not a file that looks complete
      deps.logger.error({ err }, 'export failed');
      res.destroy();
      return;
    }
    if (!gone) res.end();
  });

  // saved searches, read-only (saving stays a command-line action): counts remembered per generation and file
  let memo: { key: string; rows: { name: string; q: string; fresh: number; since: string; href: string; feed: string }[] } | undefined;
  r.get('/watches', async (_req, res) => {
    const engine = ready(deps);
    const watches = deps.indexDir ? readWatches(deps.indexDir) : [];
    const key = `${engine.stats().generation}\0${deps.indexDir ? watchesStamp(deps.indexDir) : 0}`;
    if (memo?.key !== key) {
      const rows = [];
      for (const w of watches) {
        const request: SearchRequest = { q: w.q, page: 1, size: 10, sort: 'date' };
        rows.push({ name: w.name, q: w.q, fresh: newSince(w.seen, await currentMatches(engine, w.q)).length, since: w.checkedAt.slice(0, 16).replace('T', ' '), href: searchUrl(request), feed: feedPath(request) });
      }
      memo = { key, rows };
    }
    res.render('watches', { q: '', pageTitle: 'Saved searches – Press-release search', watches: memo.rows, feeds: memo.rows.map((w) => ({ title: `Press releases: “${w.q}”`, href: w.feed })) });
  });

  return r;
}
