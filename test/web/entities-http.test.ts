import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityIndex } from './entity-index.js';
import { startApp, type RunningApp } from './start-app.js';

// Code, trial and /codes pages and their JSON, over real seed filings and the hostile one.
describe('entity pages over HTTP', () => {
  let app: RunningApp;
  beforeAll(async () => {
    const engine = entityIndex();
    app = await startApp(() => engine);
  });
  afterAll(() => app?.close());

  const get = (path: string) => fetch(`${app.url}${path}`, { redirect: 'manual' });
  const html = async (path: string) => {
    const res = await get(path);
    return { status: res.status, body: await res.text() };
  };

  it('a code page lists every release naming it, with the sentence, phases and trials', async () => {
    const { status, body } = await html('/code/GTI-2040');
    expect(status).toBe(200);
    expect(body).toContain('<h1>GTI-2040</h1>');
    // three seed releases and two written ones name GTI-2040
    expect((body.match(/<li class="card">/g) ?? []).length).toBe(5);
    expect(body).toContain('<mark>GTI-2040</mark>');
    expect(body).toMatch(/Phase 2\/3|Phase 2</);
    expect(body).toContain('<svg class="chart" role="img"');
    expect(body).toContain('<title id="chart-title">Releases naming GTI-2040 per quarter</title>');
    expect(body).toContain('name="code" value="GTI-2040"');
    expect(body).toContain('href="/code/GTI-2501"');
  });

  it('any spelling redirects to the shown one, the page and its JSON', async () => {
    for (const spelling of ['gti2040', 'GTI%202040', 'gti-2040']) {
      const res = await get(`/code/${spelling}`);
      expect(res.status).toBe(301);
      expect(res.headers.get('location')).toBe('/code/GTI-2040');
    }
    expect((await get('/api/codes/gti2040')).headers.get('location')).toBe('/api/codes/GTI-2040');
    expect((await get('/code/gti2040?order=oldest')).headers.get('location')).toBe('/code/GTI-2040?order=oldest');
  });

  it('the JSON: timeline in either order, first and latest, quarters, co-named entities', async () => {
    const res = await get('/api/codes/GTI-2040');
    const page = (await res.json()) as { total: number; first: { date: string }; latest: { date: string }; releases: { date: string; sentences: string[] }[]; perQuarter: { quarter: string; count: number }[]; codes: { value: string }[]; trials: { value: string }[]; brands: { value: string }[] };
    expect(page.total).toBe(5);
    expect(page.first.date).toBe('2004-01-12');
    expect(page.latest.date).toBe('2006-10-01');
    expect(page.releases.map((r) => r.date)).toEqual([...page.releases.map((r) => r.date)].sort().reverse());
    expect(page.releases.every((r) => r.sentences.some((s) => /GTI.2040/.test(s)))).toBe(true);
    expect(page.perQuarter[0]).toEqual({ quarter: '2004 Q1', count: 3 });
    expect(page.perQuarter.at(-1)).toEqual({ quarter: '2006 Q4', count: 1 });
    expect(page.perQuarter.length).toBe(12);
    expect(page.codes.map((c) => c.value)).toEqual(expect.arrayContaining(['GTI-2501', 'XSS-101']));
    expect(page.trials.map((t) => t.value)).toEqual(expect.arrayContaining(['NCT01234567', 'ISRCTN12345678']));
    expect(page.brands.map((b) => b.value)).toContain('Virulizin');
    const oldest = (await (await get('/api/codes/GTI-2040?order=oldest')).json()) as { releases: { date: string }[] };
    expect(oldest.releases.map((r) => r.date)).toEqual([...oldest.releases.map((r) => r.date)].sort());
  });

  it('the timeline is paged: offset and size in the JSON, a bad offset is a 400, a short timeline has no pager', async () => {
    const page = (await (await get('/api/codes/GTI-2040?offset=3')).json()) as { offset: number; size: number; next: number | null; total: number; truncated: boolean; releases: unknown[]; perQuarter: { count: number }[] };
    expect(page).toMatchObject({ offset: 3, size: 25, next: null, total: 5, truncated: true });
    expect(page.releases).toHaveLength(2);
    expect(page.perQuarter.reduce((n, q) => n + q.count, 0)).toBe(5);
    for (const bad of ['-1', 'abc', '99999999', '1.5']) expect((await get(`/code/GTI-2040?offset=${bad}`)).status).toBe(400);
    const { body } = await html('/code/GTI-2040?offset=3&order=oldest');
    expect(body).toContain('Releases 4–5 of 5, oldest first.');
    expect(body).toContain('<a rel="prev" href="/code/GTI-2040?order=oldest">');
    expect(body).not.toContain('rel="next"');
    expect(await html('/code/GTI-2040').then((r) => r.body)).not.toContain('class="pager"');
  });

  it('a trial page links its registry record and the codes beside it', async () => {
    const { status, body } = await html('/trial/NCT01234567');
    expect(status).toBe(200);
    expect(body).toContain('href="https://clinicaltrials.gov/study/NCT01234567"');
    expect(body).toContain('<mark>NCT01234567</mark>');
    expect(body).toContain('href="/code/XSS-101"');
    expect(body).toContain('Phase 2b');
    expect((await get('/trial/nct01234567')).headers.get('location')).toBe('/trial/NCT01234567');
    const json = (await (await get('/api/trials/NCT01234567')).json()) as { total: number; releases: { codes: string[]; phases: string[] }[] };
    expect(json.total).toBe(2);
    expect(json.releases.flatMap((r) => r.phases).sort()).toEqual(['2b', '3', 'pivotal']);
  });

  it('unknown or malformed codes and ids are 404 pages with the nearest codes, never a 500', async () => {
    const near = await html('/code/GTI-2041');
    expect(near.status).toBe(404);
    expect(near.body).toContain('href="/code/GTI-2040"');
    for (const path of ['/code/%3Cscript%3Ealert(1)%3C%2Fscript%3E', `/code/${'A1'.repeat(200)}`, '/code/%E2%80%8B', '/code/..%2F..%2Fetc', '/trial/NCT1', '/trial/%3Cimg%3E', '/trial/NCT99999999']) {
      const res = await html(path);
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('<script>alert');
      expect(res.body).not.toContain('<img>');
    }
    const api = await get('/api/codes/ZZZ-9999');
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('not-found');
    expect((await get('/code/GTI-2040?order=sideways')).status).toBe(400);
  });

  it('every string from a filing is escaped on the code, trial and release pages', async () => {
    for (const path of ['/code/XSS-101', '/trial/NCT01234567', '/trial/2020-001234-56', '/release/made000000000001', '/codes']) {
      const { status, body } = await html(path);
      expect(status, path).toBe(200);
      expect(body, path).not.toMatch(/<script>window|<img src=x|onerror=alert\(1\)>/);
    }
    expect((await html('/code/XSS-101')).body).toContain('&lt;script&gt;window.__pwned=&quot;sentence&quot;&lt;/script&gt;');
  });

  it('/codes lists every code with issuers, releases and latest date; sorts and filters', async () => {
    const { body } = await html('/codes');
    expect(body).toContain('<a href="/code/GTI-2040">GTI-2040</a>');
    const all = (await (await get('/api/codes')).json()) as { codes: { code: string; releases: number; issuers: string[]; latest: string }[] };
    const gti = all.codes.find((c) => c.code === 'GTI-2040')!;
    expect(gti).toEqual({ code: 'GTI-2040', releases: 5, issuers: ['Lorus Therapeutics Inc.', 'Acme Biologics Inc.'], latest: '2006-10-01' });
    expect(all.codes.map((c) => c.releases)).toEqual([...all.codes.map((c) => c.releases)].sort((a, b) => b - a));
    const byName = (await (await get('/api/codes?sort=code')).json()) as { codes: { code: string }[] };
    expect(byName.codes.map((c) => c.code)).toEqual([...byName.codes.map((c) => c.code)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
    const acme = (await (await get('/api/codes?filter=acme')).json()) as { codes: { code: string }[] };
    expect(acme.codes.map((c) => c.code).sort()).toEqual(['GTI-2040', 'XSS-101']);
    expect((await get(`/codes?filter=${'x'.repeat(101)}`)).status).toBe(400);
  });

  it('searches filter by code:, trial:, phase: and URL parameters, and count the entity facets', async () => {
    const api = async (qs: string) => (await (await get(`/api/search?${qs}`)).json()) as { total: number; facets: { codes: { value: string; count: number }[]; trials: { value: string; count: number }[]; phases: { value: string; count: number }[] }; messages: string[] };
    const gti = await api('q=code:gti%202040'.replace('%20', '-'));
    expect(gti.total).toBe(5);
    expect(gti.facets.codes[0]).toEqual({ value: 'GTI-2040', count: 5 });
    expect((await api('q=trial:NCT01234567')).total).toBe(2);
    expect((await api('q=phase:2')).facets.phases.map((p) => p.value)).toEqual(expect.arrayContaining(['2', '2b']));
    // phase:3 is 3 and 2/3 (a Phase II/III program): the pivotal study, Virulizin's Phase III, GTI-2040's II/III
    expect((await api('q=phase:3')).total).toBe(3);
    expect((await api('q=phase:2b')).total).toBe(1);
    expect((await api('code=XSS-101&phase=pivotal')).total).toBe(1);
    const all = await api('q=patients');
    expect(Array.isArray(all.facets.codes) && Array.isArray(all.facets.trials) && Array.isArray(all.facets.phases)).toBe(true);
    expect((await api('q=code:%3Cb%3E')).messages.join(' ')).toMatch(/code:<b>" was ignored/);
    expect((await get('/api/search?code=%3Cb%3E')).status).toBe(400);
    expect((await get('/api/search?trial=NCT1')).status).toBe(400);
    expect((await get('/api/search?phase=9')).status).toBe(400);
  });

  it('result titles and snippets link the codes their release names; the API snippet stays mark-only', async () => {
    const { body } = await html('/search?q=XSS-101');
    expect(body).toMatch(/<a class="code-link" href="\/code\/XSS-101"><mark>XSS-101<\/mark><\/a>|<mark><a class="code-link" href="\/code\/XSS-101">XSS-101<\/a><\/mark>/);
    expect(body).toContain('href="/search?q=XSS-101&amp;code=gti2040"');
    const api = (await (await get('/api/search?q=XSS-101')).json()) as { results: { snippet: string }[] };
    for (const r of api.results) expect(r.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
  });

  it('a release page lists its entities and up to five related releases, shared codes first', async () => {
    const { body } = await html('/release/made000000000001');
    expect(body).toContain('<dt>Codes</dt>');
    expect(body).toContain('href="/code/XSS-101"');
    expect(body).toContain('href="/trial/NCT01234567"');
    const related = body.slice(body.indexOf('Related releases'));
    expect((related.match(/<li>/g) ?? []).length).toBeGreaterThan(0);
    expect((related.match(/<li>/g) ?? []).length).toBeLessThanOrEqual(5);
    expect(related).toMatch(/shares XSS-101/);
  });
});
