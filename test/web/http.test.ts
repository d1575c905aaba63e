import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { startApp, webIndex, type RunningApp } from './start-app.js';

let app: RunningApp;
let index: Engine;
let serving: Engine | undefined;

beforeAll(async () => {
  index = webIndex();
  serving = index;
  app = await startApp(() => serving);
});
afterAll(() => app.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(app.url + path, { headers, redirect: 'manual' });
const json = async (path: string) => {
  const res = await get(path);
  return { res, body: (await res.json()) as any };
};

/** A raw request, so paths like /../ reach the server as written. */
function raw(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${app.url}${path}`, { path, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET /healthz', () => {
  it('answers 200 with the release count and build time once the index is loaded', async () => {
    const { res, body } = await json('/healthz');
    expect(res.status).toBe(200);
    expect(body).toEqual({ status: 'ok', releases: 10, builtAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
  });

  it('answers 503 while the index is loading, and the API says so in JSON', async () => {
    serving = undefined;
    try {
      expect((await get('/healthz')).status).toBe(503);
      const { res, body } = await json('/api/search?q=GTI');
      expect(res.status).toBe(503);
      expect(body.error.code).toBe('index-loading');
      expect(res.headers.get('retry-after')).toBe('2');
    } finally {
      serving = index;
    }
  });
});

describe('GET /api/search', () => {
  it('returns the contract shape, with <mark>-only snippets', async () => {
    const { res, body } = await json('/api/search?q=GTI-2040&page=1&size=10');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(body).toMatchObject({ query: 'GTI-2040', total: 3, page: 1, size: 10, tookMs: expect.any(Number) });
    expect(body.results).toHaveLength(3);
    for (const r of body.results) {
      expect(Object.keys(r).sort()).toEqual(['company', 'date', 'id', 'score', 'snippet', 'sources', 'tickers', 'title']);
      expect(r.snippet).toContain('<mark>GTI-2040</mark>');
      expect(r.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    }
    expect(body.facets.company[0]).toEqual({ value: 'Lorus Therapeutics Inc.', count: 3 });
  });

  it('carries an ETag and answers 304 to a matching If-None-Match', async () => {
    const first = await get('/api/search?q=antisense');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    // node:http, not fetch: fetch adds Cache-Control: no-cache to conditional requests
    expect((await raw('/api/search?q=antisense', { 'If-None-Match': etag! })).status).toBe(304);
    expect((await raw('/api/search?q=antisense&page=2', { 'If-None-Match': etag! })).status).toBe(200);
  });

  it('takes sort, size, page and the filters as parameters', async () => {
    const { body } = await json('/api/search?q=Lorus&sort=date&size=3&page=2&year=2004');
    expect(body.size).toBe(3);
    expect(body.page).toBe(2);
    for (const r of body.results) expect(r.date.startsWith('2004')).toBe(true);
    const dates = body.results.map((r: { date: string }) => r.date);
    expect(dates).toEqual([...dates].sort().reverse());
    const { body: ranged } = await json('/api/search?q=Lorus&from=2004-01-01&to=2004-01-31&company=lorus&ticker=LOR');
    for (const r of ranged.results) expect(r.date >= '2004-01-01' && r.date <= '2004-01-31').toBe(true);
  });

  it('says "did you mean" for a misspelling', async () => {
    const { body } = await json('/api/search?q=gemcitibine');
    expect(body.didYouMean).toBe('gemcitabine');
    expect(body.total).toBeGreaterThan(0);
  });

  it('refuses a query over 500 characters with a readable 400', async () => {
    const { res, body } = await json(`/api/search?q=${'a'.repeat(501)}`);
    expect(res.status).toBe(400);
    expect(body.error).toEqual({ code: 'query-too-long', message: expect.stringMatching(/limit is 500/) });
  });

  it('clamps page and size, and refuses a bad date or a repeated parameter with 400', async () => {
    const { body } = await json('/api/search?q=Lorus&size=100000&page=-4');
    expect(body.size).toBe(50);
    expect(body.page).toBe(1);
    expect((await get('/api/search?q=Lorus&from=2004-99-99')).status).toBe(400);
    expect((await get('/api/search?q=a&q=b')).status).toBe(400);
  });

  it('answers malformed queries without an error status', async () => {
    for (const q of ['"unbalanced', '-', '*', 'OR', 'company:', '%$#@!'.repeat(100)]) {
      const res = await get(`/api/search?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
    }
  });
});

describe('GET /api/releases/:id and /api/suggest', () => {
  it('returns a release as JSON, and a JSON 404 for an unknown id', async () => {
    const { body: search } = await json('/api/search?q=GTI-2501');
    const { res, body } = await json(`/api/releases/${search.results[0].id}`);
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ id: search.results[0].id, title: expect.stringContaining('GTI-2501'), company: 'Lorus Therapeutics Inc.' });
    const missing = await json('/api/releases/ffffffffffffffff');
    expect(missing.res.status).toBe(404);
    expect(missing.body.error.code).toBe('not-found');
    expect((await get('/api/releases/..%2f..%2fetc%2fpasswd')).status).toBe(404);
  });

  it('suggests completions, drug codes included', async () => {
    const { res, body } = await json('/api/suggest?q=gti');
    expect(res.status).toBe(200);
    expect(body).toEqual(expect.arrayContaining(['GTI-2040']));
    expect((await json('/api/suggest?q=')).body).toEqual([]);
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const { res, body } = await json('/api/nope');
    expect(res.status).toBe(404);
    expect(body.error.code).toBe('not-found');
  });
});

describe('the pages', () => {
  it('GET / serves the search page with the box, no results', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<input[^>]+name="q"/);
    expect(html).toMatch(/autofocus/);
  });

  it('GET /search?q= lists marked results with the query in the title and the box', async () => {
    const res = await get('/search?q=GTI-2040');
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toMatch(/<title>[^<]*GTI-2040/);
    expect(html).toMatch(/value="GTI-2040"/);
    expect(html.match(/<mark>GTI-2040<\/mark>/g)!.length).toBeGreaterThanOrEqual(3);
    expect(html).toMatch(/aria-live/);
    expect(html).toMatch(/href="\/release\/[0-9a-f]{16}\?q=GTI-2040"/);
  });

  it('GET /release/:id marks the query and shows what was removed', async () => {
    const { body } = await json('/api/search?q=GTI-2040');
    const res = await get(`/release/${body.results[0].id}?q=GTI-2040`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toMatch(/<mark[^>]*>GTI-2040<\/mark>/);
    expect(html).toMatch(/<details/);
    expect(html).toMatch(/boilerplate/i);
  });

  it('unknown release and unknown path give an HTML 404 page', async () => {
    for (const path of ['/release/ffffffffffffffff', '/release/not-an-id', '/nowhere']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
    }
  });

  it('GET /help and /opensearch.xml', async () => {
    expect((await get('/help')).status).toBe(200);
    const os = await get('/opensearch.xml');
    expect(os.headers.get('content-type')).toMatch(/opensearchdescription\+xml/);
    expect(await os.text()).toMatch(/template="http:\/\/127\.0\.0\.1:\d+\/search\?q=\{searchTerms\}"/);
  });

  it('a query over 500 characters gets a readable 400 page', async () => {
    const res = await get(`/search?q=${'x'.repeat(600)}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/limit is 500/);
  });
});

describe('HTTP hygiene and safety', () => {
  it('sends the security headers on pages', async () => {
    const res = await get('/search?q=GTI');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).toMatch(/style-src 'self'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('x-request-id')).toMatch(/^[\w-]+$/);
  });

  it('compresses and caches static files', async () => {
    const res = await get('/static/app.css', { 'Accept-Encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const big = await get('/search?q=Lorus&size=50', { 'Accept-Encoding': 'gzip' });
    expect(big.headers.get('content-encoding')).toBe('gzip');
  });

  it('never reads files outside the app for traversal paths', async () => {
    for (const path of ['/static/../package.json', '/static/..%2fpackage.json', '/static/%2e%2e/%2e%2e/etc/passwd', '/../../etc/passwd', '/static/..%5c..%5cpackage.json']) {
      const res = await raw(path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.body, path).not.toMatch(/"dependencies"|root:x:0/);
    }
  });

  it('shows a hostile filing as text: titles, snippets and bodies escaped everywhere', async () => {
    const page = await (await get('/search?q=XSS-101')).text();
    expect(page).toContain('&lt;script&gt;');
    expect(page).not.toMatch(/<script>window\.__pwned/);
    expect(page).not.toMatch(/<img src=x/);
    expect(page).not.toMatch(/href="javascript:/i);
    const { body } = await json('/api/search?q=XSS-101');
    const release = await (await get(`/release/${body.results[0].id}?q=XSS-101`)).text();
    expect(release).toContain('&lt;%= process.exit(1) %&gt;');
    expect(release).toContain('{{constructor.constructor');
    expect(release).not.toMatch(/<svg onload/);
    expect(release).not.toMatch(/<\/textarea><svg/);
  });

  it('an unexpected error is a 500 page without a stack trace, logged with the request id', async () => {
    const failing: Engine = Object.create(index) as Engine;
    failing.releases = () => Promise.reject(new Error('disk failure at /secret/path'));
    serving = failing;
    try {
      const res = await get('/release/0123456789abcdef', { 'X-Request-Id': 'req-test-500' });
      const html = await res.text();
      expect(res.status).toBe(500);
      expect(html).not.toMatch(/secret|at Object|\.ts:\d+|Error:/);
      expect(html).toContain('req-test-500');
      expect(app.logs.some((l) => l.includes('"reqId":"req-test-500"') && l.includes('disk failure'))).toBe(true);
      const api = await get('/api/releases/0123456789abcdef');
      expect(api.status).toBe(500);
      expect(await api.json()).toEqual({ error: { code: 'internal', message: expect.any(String) } });
    } finally {
      serving = index;
    }
  });
});
