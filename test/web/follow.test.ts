import { request } from 'node:http';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import type { Release } from '../../src/clean/release.js';
import { MemoryEngine } from '../../src/engine/memory/memory-engine.js';
import { EXPORT_COLUMNS } from '../../src/search/export.js';
import { createApp } from '../../src/web/create-app.js';
import { FIXTURES, filesUnder, ingest, INGEST } from '../support/ingest-fixtures.js';
import { readFeed } from '../support/read-feed.js';
import { startApp, type RunningApp } from './start-app.js';

// A release whose text holds what XML 1.0 forbids and what a spreadsheet would run.
const NASTY: Release = {
  id: 'ffff0000ffff0000',
  title: '=HYPERLINK("http://evil.example","click") \u0001bell\u0007 & <b>bold</b> ]]> \ud800lone',
  subtitle: '',
  date: '2005-06-07',
  place: '',
  company: '@Nasty & Sons <Holdings>',
  tickers: ['NYSE:NST'],
  body: '-2+3 NASTYCODE-1 results\u000b with a vertical tab, a form feed\u000c, a NUL\u0000 and DEL\u007f; "quotes", commas, and\nnewlines.',
  sources: [{ file: 'nasty.htm', part: 'EX-99.1' }],
  removed: [],
};

let app: RunningApp;
let engine: MemoryEngine;

beforeAll(async () => {
  const { releases } = ingest([...filesUnder(join(INGEST, 'seeds')), join(FIXTURES, 'hostile', 'xss-8k-ex99.htm')], FIXTURES);
  engine = MemoryEngine.fromReleases([...releases, NASTY]);
  app = await startApp(() => engine);
});
afterAll(() => app.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(app.url + path, { headers });
const csvOf = (text: string) => parse(text, { columns: true, bom: true }) as Record<(typeof EXPORT_COLUMNS)[number], string>[];

describe('GET /feed.atom', () => {
  it('is an Atom feed of the newest matches that a feed library reads, with stable ids', async () => {
    const res = await get('/feed.atom?q=Lorus');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await res.text();
    const feed = await readFeed(xml);
    expect(feed.meta['#type']).toBe('atom');
    expect(feed.meta.title).toContain('Lorus');
    expect(feed.meta.xmlurl).toBe(`${app.url}/feed.atom?q=Lorus`);
    expect(feed.meta.link).toBe(`${app.url}/search?q=Lorus&sort=date`);
    const total = ((await (await get('/api/search?q=Lorus')).json()) as { total: number }).total;
    expect(feed.items.length).toBe(Math.min(total, 50));
    const dates = feed.items.map((i) => i.pubdate!.toISOString().slice(0, 10));
    expect(dates).toEqual([...dates].sort().reverse());
    for (const item of feed.items) {
      expect(item.guid).toMatch(/^tag:127\.0\.0\.1,2024:release\/[0-9a-f]{16}$/);
      expect(item.link).toMatch(new RegExp(`^${app.url}/release/[0-9a-f]{16}\\?q=Lorus$`));
      expect(item.author).toBeTruthy();
      expect(item.summary).not.toMatch(/<mark>/);
    }
    // the same release keeps its id in another feed
    const again = await readFeed(await (await get('/feed.atom?q=Lorus+Virulizin')).text());
    for (const i of again.items) expect(feed.items.map((x) => x.guid)).toContain(i.guid);
  });

  it('answers 304 to a conditional request on the same generation', async () => {
    const res = await get('/feed.atom?q=GTI-2040');
    const etag = res.headers.get('etag')!;
    const modified = res.headers.get('last-modified')!;
    expect(etag).toMatch(/^W\/"/);
    expect(new Date(modified).getTime()).not.toBeNaN();
    // fetch adds `Cache-Control: no-cache` to a conditional request unless one is given (as a feed reader's client does not)
    const revalidate = { 'Cache-Control': 'max-age=0' };
    expect((await get('/feed.atom?q=GTI-2040', { ...revalidate, 'If-None-Match': etag })).status).toBe(304);
    expect((await get('/feed.atom?q=GTI-2040', { ...revalidate, 'If-Modified-Since': modified })).status).toBe(304);
    expect((await get('/feed.atom?q=GTI-2041', { ...revalidate, 'If-None-Match': etag })).status).toBe(200);
  });

  it('keeps hostile filings and forbidden characters from breaking the document', async () => {
    for (const path of ['/feed.atom?q=XSS-101', '/feed.atom?q=NASTYCODE-1', '/feed.atom?company=Nasty', '/feed.atom?q=nothingmatchesthis', '/feed.atom', '/feed.atom?q=%22unbalanced']) {
      const xml = await (await get(path)).text();
      const feed = await readFeed(xml);
      expect(xml, path).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
      if (path.includes('XSS')) {
        expect(feed.items).toHaveLength(1);
        // the tags are text (escaped); feedparser reads titles as HTML and strips them
        expect(xml).toContain('&lt;script&gt;window.__pwned=&apos;title&apos;&lt;/script&gt;');
        expect(feed.items[0]!.title).toContain("window.__pwned='title'");
        expect(xml).not.toMatch(/<script|<img|<svg/);
      }
      if (path.includes('NASTY')) {
        expect(xml).toContain('<title type="text">=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;) bell &amp; &lt;b&gt;bold&lt;/b&gt; ]]&gt; lone</title>');
        expect(feed.items[0]!.title).toContain('=HYPERLINK("http://evil.example","click") bell &');
        expect(feed.items[0]!.author).toContain('@Nasty & Sons <Holdings>');
      }
      if (path.includes('nothing')) expect(feed.items).toEqual([]);
    }
  });

  it('is refused with the search\'s messages on bad input', async () => {
    expect((await get(`/feed.atom?q=${'x'.repeat(501)}`)).status).toBe(400);
    expect((await get('/feed.atom?from=2004-13-45')).status).toBe(400);
  });
});

describe('GET /api/export', () => {
  it('streams every match as CSV that a CSV parser reads, with the cap stated', async () => {
    const res = await get('/api/export?q=Lorus&format=csv&sort=date');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="lorus.csv"');
    expect(res.headers.get('x-export-cap')).toBe('100000');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes[0]).not.toBe(0xef);
    const text = bytes.toString('utf8');
    const rows = csvOf(text);
    const api = (await (await get('/api/search?q=Lorus&sort=date&size=50')).json()) as { total: number; results: { id: string }[] };
    expect(rows.map((r) => r.id)).toEqual(api.results.map((r) => r.id));
    expect(rows.length).toBe(api.total);
    expect(Object.keys(rows[0]!)).toEqual([...EXPORT_COLUMNS]);
    expect(rows[0]!.url).toBe(`${app.url}/release/${rows[0]!.id}`);
    expect(rows[0]!.snippet).not.toMatch(/<mark>|\[/);
  });

  it('neutralises formula cells, keeps the text otherwise, and adds a BOM on request', async () => {
    const bytes = Buffer.from(await (await get('/api/export?q=NASTYCODE-1&bom=1')).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    const [row] = csvOf(text);
    expect(row!.title.startsWith(`'=HYPERLINK(`)).toBe(true);
    expect(row!.company).toBe(`'@Nasty & Sons <Holdings>`);
    expect(row!.snippet.startsWith(`'-2+3`)).toBe(true);
    expect(row!.snippet).toContain('"quotes", commas');
    expect(row!.tickers).toBe('NYSE:NST');
  });

  it('writes NDJSON and JSON with the same rows', async () => {
    const csv = csvOf(await (await get('/api/export?q=GTI-2040')).text());
    const nd = (await (await get('/api/export?q=GTI-2040&format=ndjson')).text()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    const json = (await (await get('/api/export?q=GTI-2040&format=json')).json()) as { results: Record<string, string>[]; exported: number; capped: boolean };
    expect(nd.map((r) => r.id)).toEqual(csv.map((r) => r.id));
    expect(json.results).toEqual(nd);
    expect(json.exported).toBe(csv.length);
    expect(json.capped).toBe(false);
    expect(csv.length).toBe(3);
    expect(nd[0]).toEqual(Object.fromEntries(EXPORT_COLUMNS.map((c) => [c, expect.any(String)])));
  });

  it('of no matches is a valid empty file in every format', async () => {
    const csv = await (await get('/api/export?q=nothingmatchesthis')).text();
    expect(csv).toBe(`${EXPORT_COLUMNS.join(',')}\n`);
    expect(await (await get('/api/export?q=nothingmatchesthis&format=ndjson')).text()).toBe('');
    expect(await (await get('/api/export?q=nothingmatchesthis&format=json')).json()).toEqual({ query: 'nothingmatchesthis', results: [], exported: 0, total: 0, capped: false });
  });

  it('refuses an unknown format naming the allowed ones, and bad search input as search does', async () => {
    const res = await get('/api/export?q=Lorus&format=xlsx');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/csv, ndjson, json/);
    expect((await get(`/api/export?q=${'x'.repeat(501)}`)).status).toBe(400);
    expect((await get('/api/export?q=a&format=csv&format=json')).status).toBe(400);
  });
});

describe('feeds and exports behind a configured public URL', () => {
  it('build absolute links from it, never from the Host header', async () => {
    const server = createApp({ getEngine: () => engine, logger: pino({ level: 'silent' }), publicUrl: 'https://search.example.com/prs' }).listen(0, '127.0.0.1');
    await new Promise<void>((r) => server.once('listening', () => r()));
    const { port } = server.address() as AddressInfo;
    const viaHost = (path: string) => new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, headers: { Host: 'evil.example' } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.end();
    });
    try {
      const xml = await viaHost('/feed.atom?q=GTI-2040');
      const csv = await viaHost('/api/export?q=GTI-2040');
      for (const text of [xml, csv]) expect(text).not.toContain('evil.example');
      const feed = await readFeed(xml);
      expect(feed.meta.xmlurl).toBe('https://search.example.com/prs/feed.atom?q=GTI-2040');
      expect(feed.items[0]!.link).toMatch(/^https:\/\/search\.example\.com\/prs\/release\//);
      expect(feed.items[0]!.guid).toMatch(/^tag:search\.example\.com,2024:release\//);
      expect(csvOf(csv)[0]!.url).toMatch(/^https:\/\/search\.example\.com\/prs\/release\//);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('the pages offer them', () => {
  it('the results page: feed autodiscovery, a Follow link and export buttons', async () => {
    const html = await (await get('/search?q=GTI-2040&sort=date&page=1')).text();
    expect(html).toContain('<link rel="alternate" type="application/atom+xml" title="Press releases: “GTI-2040”" href="/feed.atom?q=GTI-2040">');
    expect(html).toMatch(/<a class="follow-link" href="\/feed\.atom\?q=GTI-2040"[^>]*>Follow<\/a>/);
    expect(html).toContain('href="/api/export?q=GTI-2040&amp;sort=date&amp;format=csv"');
    expect(html).toContain('href="/api/export?q=GTI-2040&amp;sort=date&amp;format=json"');
  });

  it('the release page: its issuer\'s feed and its search\'s', async () => {
    const { results } = (await (await get('/api/search?q=NASTYCODE-1')).json()) as { results: { id: string }[] };
    const html = await (await get(`/release/${results[0]!.id}?q=NASTYCODE-1`)).text();
    expect(html).toContain('<link rel="alternate" type="application/atom+xml" title="Press releases from @Nasty &amp; Sons &lt;Holdings&gt;" href="/feed.atom?company=%40Nasty+%26+Sons+%3CHoldings%3E">');
    expect(html).toContain('href="/feed.atom?q=NASTYCODE-1"');
  });
});
