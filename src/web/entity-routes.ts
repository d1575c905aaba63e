import { Router, type Request, type Response } from 'express';
import { codeIndex, nearestCodes, type CodeListing } from '../search/code-index.js';
import { codePage, MAX_OFFSET, nextOffset, TIMELINE_SIZE, trialPage, type EntityPage, type TimelineWindow } from '../search/entity-pages.js';
import { normalCode, normalTrial } from '../search/parse-query.js';
import type { AppDeps } from './app-deps.js';
import { ready } from './api-routes.js';
import { entityPageModel } from './entity-page-model.js';
import { HttpError } from './http-error.js';
import { codeHref } from './render-linked-runs.js';
import { codesPageModel } from './codes-page-model.js';

// A code or id in a path longer than this is not one.
const MAX_PATH_VALUE = 60;

function pathValue(req: Request): string {
  const v = String(req.params['value'] ?? '');
  return v.slice(0, MAX_PATH_VALUE + 1);
}

/** The order and the start of the timeline asked for (`order=oldest`, `offset=25`). */
function timelineWindow(req: Request): Required<TimelineWindow> {
  const o = req.query['order'];
  if (o !== undefined && o !== 'oldest' && o !== 'newest') throw new HttpError(400, 'bad-order', 'The parameter "order" must be newest or oldest.');
  const at = req.query['offset'];
  if (at !== undefined && (typeof at !== 'string' || !/^\d{1,6}$/.test(at) || Number(at) > MAX_OFFSET)) {
    throw new HttpError(400, 'bad-offset', `The parameter "offset" must be a whole number from 0 to ${MAX_OFFSET}.`);
  }
  return { newestFirst: o !== 'oldest', offset: at === undefined ? 0 : Number(at) };
}

/** The JSON of a code's or trial's page. */
function pageJson(page: EntityPage) {
  return {
    kind: page.kind, key: page.key, display: page.display, total: page.total, truncated: page.truncated,
    offset: page.offset, size: TIMELINE_SIZE, next: nextOffset(page) ?? null,
    first: page.first ? { id: page.first.id, date: page.first.date } : null,
    latest: page.latest ? { id: page.latest.id, date: page.latest.date } : null,
    perQuarter: page.perQuarter, issuers: page.issuers, codes: page.coCodes, trials: page.coTrials, brands: page.brands,
    releases: page.entries.map((e) => ({ id: e.id, date: e.date, company: e.company, title: e.title, sentences: e.sentences, phases: e.phases, [page.kind === 'code' ? 'trials' : 'codes']: e.beside })),
  };
}

/** A 404 for a code no release names (or that is no code), with the nearest known ones. */
async function missing(res: Response, deps: AppDeps, asked: string, json: boolean): Promise<void> {
  const engine = ready(deps);
  const key = normalCode(asked) ?? asked.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  const near: CodeListing[] = key ? nearestCodes(key, (await codeIndex(engine)).codes) : [];
  res.status(404);
  const message = `No release names the code "${asked.slice(0, MAX_PATH_VALUE)}".`;
  if (json) {
    res.json({ error: { code: 'not-found', message }, nearest: near.map((c) => ({ code: c.display, releases: c.releases })) });
    return;
  }
  res.render('entity-missing', { q: '', pageTitle: '404 – Press-release search', message, near: near.map((c) => ({ label: c.display, href: codeHref(c.display), releases: c.releases })), what: 'code' });
}

/** Code and trial pages, their JSON, and the list of every code. */
export function entityRoutes(deps: AppDeps): Router {
  const r = Router();
  const code = (json: boolean) => async (req: Request, res: Response) => {
    const asked = pathValue(req);
    const key = asked.length <= MAX_PATH_VALUE ? normalCode(asked) : undefined;
    const window = timelineWindow(req);
    const page = key ? await codePage(ready(deps), key, window) : undefined;
    if (!page) return missing(res, deps, asked, json);
    // any spelling is the one page: the shown spelling is its address
    if (asked !== page.display) {
      const qs = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      res.redirect(301, `${json ? `/api/codes/${encodeURIComponent(page.display)}` : codeHref(page.display)}${qs}`);
      return;
    }
    if (json) {
      res.json(pageJson(page));
      return;
    }
    const model = entityPageModel(page, window.newestFirst);
    res.render('entity', { model, q: '', pageTitle: model.pageTitle });
  };
  const trial = (json: boolean) => async (req: Request, res: Response) => {
    const asked = pathValue(req);
    const id = asked.length <= MAX_PATH_VALUE ? normalTrial(asked) : undefined;
    const window = timelineWindow(req);
    const page = id ? await trialPage(ready(deps), id, window) : undefined;
    if (!page) {
      const message = id ? `No release names the trial ${id}.` : `"${asked.slice(0, MAX_PATH_VALUE)}" is not a trial registry id (NCT and eight digits, a EudraCT number such as 2020-001234-56, or ISRCTN and its digits).`;
      if (json) throw new HttpError(404, 'not-found', message);
      res.status(404).render('entity-missing', { q: '', pageTitle: '404 – Press-release search', message, near: [], what: 'trial', registryUrl: id?.startsWith('NCT') ? `https://clinicaltrials.gov/study/${id}` : undefined });
      return;
    }
    if (asked !== page.key) {
      res.redirect(301, json ? `/api/trials/${encodeURIComponent(page.key)}` : `/trial/${encodeURIComponent(page.key)}`);
      return;
    }
    if (json) {
      res.json(pageJson(page));
      return;
    }
    const names = new Map(page.coCodes.map((c) => [normalCode(c.value) ?? c.value, c.value] as const));
    const model = entityPageModel(page, window.newestFirst, names);
    res.render('entity', { model, q: '', pageTitle: model.pageTitle });
  };
  r.get('/code/:value', code(false));
  r.get('/api/codes/:value', code(true));
  r.get('/trial/:value', trial(false));
  r.get('/api/trials/:value', trial(true));
  r.get(['/codes', '/api/codes'], async (req, res) => {
    const index = await codeIndex(ready(deps));
    const model = codesPageModel(index, req.query);
    if (req.path.startsWith('/api/')) {
      res.json({ total: index.total, listed: model.rows.length, codes: model.rows.map((c) => ({ code: c.display, releases: c.releases, issuers: c.issuers, latest: c.latest })) });
      return;
    }
    res.render('codes', { model, q: '', pageTitle: 'Codes – Press-release search' });
  });
  return r;
}
