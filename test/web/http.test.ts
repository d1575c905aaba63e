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
  it('GET / serves the search page with the box focused, no results', async () => {
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
    expect(html).toMatch(/href="\/release\/[0-9a-f]{16}\?q=GTI-2040&amp;back=%2Fsearch%3Fq%3DGTI-2040"/);
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

/** The text of an HTML fragment, tags dropped and entities read. */
const text = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/\s+/g, ' ').trim();
const page = async (path: string) => {
  const res = await get(path);
  return { res, html: await res.text() };
};
const countOf = (html: string) => text(/<p id="count"[^>]*>([\s\S]*?)<\/p>/.exec(html)![1]!);
/** The facet links of a results page: label, href (entities read), picked or not. */
function facetLinks(html: string): { label: string; href: string; picked: boolean }[] {
  const aside = /<aside id="filters"[\s\S]*?<\/aside>/.exec(html)![0];
  return [...aside.matchAll(/<li><a href="([^"]*)"([^>]*)>([\s\S]*?)<\/a><\/li>/g)].map((m) => ({
    href: m[1]!.replace(/&amp;/g, '&'),
    picked: /aria-current="true"/.test(m[2]!),
    label: text(m[3]!.replace(/<span class="visually-hidden">[\s\S]*?<\/span>/, '')),
  }));
}

describe('the results page (issue 19)', () => {
  it('says which releases of how many a later page shows', async () => {
    expect(countOf((await page('/search?q=Lorus&size=3&page=2')).html)).toMatch(/^4–6 of 9 releases · /);
    expect(countOf((await page('/search?q=Lorus&size=3&page=3')).html)).toMatch(/^7–9 of 9 releases · /);
    expect(countOf((await page('/search?q=Lorus&size=3')).html)).toMatch(/^1–3 of 9 releases · /);
    // everything on one page: just the total
    expect(countOf((await page('/search?q=Lorus')).html)).toMatch(/^9 releases · /);
  });

  it('lets several years be picked: the others stay listed with their counts, picked ones are marked and a link clears them all', async () => {
    const { html } = await page('/search?q=Lorus&year=2004');
    const links = facetLinks(html);
    const y2004 = links.find((l) => l.label.includes('2004'))!;
    const y2003 = links.find((l) => l.label.includes('2003'))!;
    expect(y2004).toMatchObject({ label: '✓2004 (4)', picked: true, href: '/search?q=Lorus' });
    // counted as if no year were picked: picking it too adds its 5 releases
    expect(y2003).toMatchObject({ label: '2003 (5)', picked: false, href: '/search?q=Lorus&year=2004&year=2003' });
    expect(countOf((await page(y2003.href)).html)).toMatch(/^9 releases/);
    const both = facetLinks((await page(y2003.href)).html).filter((l) => l.picked).map((l) => l.label);
    expect(both).toEqual(['✓2004 (4)', '✓2003 (5)']);
    // "Clear all filters" at the chips and in the filters column, back to the bare query
    expect(html.match(/<a class="clear-all" href="\/search\?q=Lorus">Clear all filters<\/a>/g)).toHaveLength(2);
    expect((await page('/search?q=Lorus')).html).not.toContain('Clear all filters');
  });

  it('lets several companies be picked, and a company picked in the URL stays listed to be unpicked', async () => {
    const { html } = await page('/search?q=the&company=Acme%20Biologics%20Inc.');
    expect(countOf(html)).toMatch(/^1 release /);
    const links = facetLinks(html).filter((l) => !/^✓?\d{4} /.test(l.label));
    expect(links).toEqual([
      { label: 'Lorus Therapeutics Inc. (9)', picked: false, href: '/search?q=the&company=Acme+Biologics+Inc.&company=Lorus+Therapeutics+Inc.' },
      { label: '✓Acme Biologics Inc. (1)', picked: true, href: '/search?q=the' },
    ]);
    expect(countOf((await page(links[0]!.href)).html)).toMatch(/^10 releases/);
    // typed in another case and punctuation: still the picked entry, and unpicking removes what was typed
    const typed = facetLinks((await page('/search?q=the&company=ACME%20biologics%2C%20inc')).html).filter((l) => l.picked);
    expect(typed).toEqual([{ label: '✓Acme Biologics Inc. (1)', picked: true, href: '/search?q=the' }]);
    // a shorter name is another filter (it keeps every name starting so): listed picked as typed
    const short = facetLinks((await page('/search?q=the&company=acme%20bio')).html).filter((l) => l.picked);
    expect(short).toEqual([{ label: '✓acme bio', picked: true, href: '/search?q=the' }]);
    const unknown = facetLinks((await page('/search?q=the&company=Nobody%20Corp')).html).find((l) => l.picked)!;
    expect(unknown).toEqual({ label: '✓Nobody Corp', picked: true, href: '/search?q=the' });
  });

  it('has a from/to date control in the filters that belongs to the search form, shows the active dates as chips and keeps them', async () => {
    const { html } = await page('/search?q=Lorus');
    expect(html).toMatch(/<input id="from" name="from" type="date" form="search-form" value="">/);
    expect(html).toMatch(/<input id="to" name="to" type="date" form="search-form" value="">/);
    expect(html).toMatch(/<form id="search-form"[^>]*action="\/search" method="get"/);
    expect(html).toMatch(/<button type="submit" form="search-form">/);
    // what the form submits: the query and the two dates
    const dated = await page('/search?q=Lorus&from=2004-01-01&to=2004-12-31');
    expect(countOf(dated.html)).toMatch(/^4 releases/);
    expect(dated.html).toMatch(/<input id="from"[^>]*value="2004-01-01">/);
    expect(dated.html).toMatch(/<input id="to"[^>]*value="2004-12-31">/);
    expect(dated.html).toContain('aria-label="Remove filter from: 2004-01-01"');
    expect(dated.html).toContain('aria-label="Remove filter to: 2004-12-31"');
    // the dates are the control's own inputs, not hidden copies: a new search would send them twice
    expect(dated.html).not.toMatch(/type="hidden" name="(from|to)"/);
    // empty dates as a form without script submits them: no filter, no error
    expect(countOf((await page('/search?q=Lorus&from=&to=')).html)).toMatch(/^9 releases/);
  });

  it('links each result to its release with the results URL, and the release page goes back to exactly it', async () => {
    const results = '/search?q=the&company=Lorus+Therapeutics+Inc.&year=2004&year=2003&sort=date-asc&size=3&page=2';
    const { html } = await page(results);
    const href = /<li class="card">[\s\S]*?<a href="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
    expect(new URL(href, app.url).searchParams.get('back')).toBe(results);
    const release = (await page(href)).html;
    expect(release).toContain(`<a href="${results.replace(/&/g, '&amp;')}">‹ Back to results</a>`);
  });

  it('never lets the back link leave the results pages, whatever `back` holds', async () => {
    const { body } = await json('/api/search?q=GTI-2040');
    const id = body.results[0].id;
    const backOf = async (back: string) => {
      const html = (await page(`/release/${id}?q=GTI-2040&back=${encodeURIComponent(back)}`)).html;
      return /<p class="back"><a href="([^"]*)">/.exec(html)![1]!.replace(/&amp;/g, '&');
    };
    for (const evil of ['https://evil.example/search?q=x', '//evil.example/search', '/\\evil.example', '/search\\..\\evil', '/search//evil.example', '/searchx?q=1', 'javascript:alert(1)', '/search/../release', '/search?q=a&q=b', '/search?from=not-a-date', `/search?q=${'x'.repeat(600)}`, '/search?q=a\n']) {
      expect(await backOf(evil), evil).toBe('/search?q=GTI-2040');
    }
    // a results URL comes back rebuilt from its parameters: only ours, quotes and tags escaped
    expect(await backOf('/search?q="><script>&sort=date&junk=1')).toBe('/search?q=%22%3E%3Cscript%3E&sort=date');
    expect(await backOf('/search?q=GTI&page=3&size=20&year=2004')).toBe('/search?q=GTI&year=2004&size=20&page=3');
  });

  it('completes a company filter from the issuers the index holds, never from words', async () => {
    expect((await json('/api/suggest?q=company:lor')).body).toEqual(['company:"Lorus Therapeutics Inc."']);
    expect((await json('/api/suggest?q=gti%20company:ac')).body).toEqual(['gti company:"Acme Biologics Inc."']);
    expect((await json('/api/suggest?q=company:%22lorus%20th')).body).toEqual(['company:"Lorus Therapeutics Inc."']);
    // no issuer is called that: nothing, though words start so ("loris" is not a name)
    expect((await json('/api/suggest?q=company:loris')).body).toEqual([]);
    expect((await json('/api/suggest?q=company:zzz')).body).toEqual([]);
    // what it offers finds the releases
    const { body } = await json(`/api/search?q=${encodeURIComponent('company:"Lorus Therapeutics Inc."')}`);
    expect(body.total).toBe(9);
    // anything else still completes words
    expect((await json('/api/suggest?q=company:lorus%20gti')).body).toEqual(expect.arrayContaining(['company:lorus GTI-2040']));
  });

  it('focuses the search box only on the empty home page', async () => {
    expect((await page('/')).html).toMatch(/<input id="q"[^>]* autofocus/);
    expect((await page('/search?q=Lorus')).html).not.toMatch(/autofocus/);
    expect((await page('/search?q=nothingmatchesthis')).html).not.toMatch(/autofocus/);
    const { body } = await json('/api/search?q=GTI-2040');
    expect((await page(`/release/${body.results[0].id}?q=GTI-2040`)).html).not.toMatch(/autofocus/);
  });

  it('a 400 page keeps the query typed in the search box, escaped', async () => {
    const typed = `"<b>x</b>" ${'gti '.repeat(150)}`;
    const { res, html } = await page(`/search?q=${encodeURIComponent(typed)}&sort=date`);
    expect(res.status).toBe(400);
    expect(html).toMatch(/limit is 500/);
    const value = /<input id="q" name="q" type="search" value="([^"]*)"/.exec(html)![1]!;
    expect(value).toBe(typed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;'));
    expect(html).not.toContain('<b>x</b>');
  });

  it('a search while the index loads gets a 503 page that keeps the query and reloads itself', async () => {
    serving = undefined;
    try {
      const { res, html } = await page('/search?q=%22renal%20cell%22&year=2004');
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('2');
      expect(html).toMatch(/<meta http-equiv="refresh" content="3">/);
      expect(html).toMatch(/<input id="q" name="q" type="search" value="&#34;renal cell&#34;"/);
      // the refresh reloads the same URL: no inline script (the CSP forbids it)
      expect(html).not.toMatch(/<script(?![^>]*src=)/);
      expect(res.headers.get('content-security-policy')).not.toMatch(/unsafe-inline/);
    } finally {
      serving = index;
    }
    expect((await page('/search?q=Lorus')).html).not.toMatch(/http-equiv="refresh"/);
  });
});
