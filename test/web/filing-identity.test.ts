import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Release } from '../../src/clean/release.js';
import { MemoryEngine } from '../../src/engine/memory/memory-engine.js';
import { parseQuery } from '../../src/search/parse-query.js';
import { dateNote } from '../../src/search/release-identity.js';
import { FIXTURES, filesUnder, ingest, INGEST } from '../support/ingest-fixtures.js';
import { startApp, type RunningApp } from './start-app.js';

// Real full submissions (Apple, Cisco, Southern Co, …: identity from their SEC headers) and the
// seeds (plain text: no identity), ingested for real.
const { releases } = ingest([...filesUnder(join(INGEST, 'edgar-full-submissions')), ...filesUnder(join(FIXTURES, 'filing-identity')), ...filesUnder(join(INGEST, 'seeds'))], FIXTURES);
const NEXT = releases.find((r) => /NeXT/.test(r.title))!;
const CISCO = releases.find((r) => /COMBINET/i.test(r.title))!;
const APPLE_URL = 'https://www.sec.gov/Archives/edgar/data/320193/000032019396000027/0000320193-96-000027-index.htm';

let app: RunningApp;
beforeAll(async () => {
  app = await startApp(() => MemoryEngine.fromReleases(releases));
});
afterAll(() => app.close());

const json = async (path: string) => (await fetch(`${app.url}${path}`)).json() as Promise<any>;
const html = async (path: string) => (await fetch(`${app.url}${path}`)).text();

describe('cik: and form: in the query language', () => {
  it('read as filters, leading zeros aside, repeated: any of them; bad values ignored with a message', () => {
    expect(parseQuery('results cik:0000320193 cik:92122 form:8-k').filters).toEqual({ cik: ['320193', '92122'], form: ['8-K'] });
    expect(parseQuery('form:6-K form:8-K/A').filters).toEqual({ form: ['6-K', '8-K/A'] });
    const bad = parseQuery('cik:apple form:"<b>"');
    expect(bad.filters).toEqual({});
    expect(bad.messages.join(' ')).toMatch(/cik:apple" was ignored.*form:<b>" was ignored/);
  });

  it('narrow the results, in the query and as URL parameters', async () => {
    const inQuery = await json('/api/search?q=cik:320193&size=50');
    expect(inQuery.total).toBeGreaterThan(0);
    expect(inQuery.results.every((r: any) => r.cik === '320193')).toBe(true);
    const asParam = await json('/api/search?cik=320193&size=50');
    expect(asParam.results.map((r: any) => r.id)).toEqual(inQuery.results.map((r: any) => r.id));
    const two = await json('/api/search?cik=320193&cik=858877&size=50');
    expect(two.total).toBe(inQuery.total + 1);
    expect((await json('/api/search?form=6-K')).total).toBe(0);
    expect((await json('/api/search?form=8-K&size=50')).total).toBe(releases.filter((r) => r.sources.some((s) => s.form === '8-K')).length);
    expect((await fetch(`${app.url}/api/search?cik=apple`)).status).toBe(400);
  });

  it('the filter shows as a chip and the search form keeps it', async () => {
    const page = await html('/search?q=apple&cik=320193&form=8-K');
    // the chip names the issuer the CIK stands for
    expect(page).toMatch(/company: Apple [^<]*\(CIK 320193\)/);
    expect(page).toMatch(/name="cik" value="320193"/);
    expect(page).toMatch(/name="form" value="8-K"/);
  });
});

describe('identity shown', () => {
  it('/api/search: cik, accession, form, filedAt, secUrl of the first source, and every source\'s fields; none invented', async () => {
    const res = await json(`/api/search?q=${encodeURIComponent('"agrees to acquire NeXT"')}`);
    const hit = res.results.find((r: any) => r.id === NEXT.id);
    expect(hit).toMatchObject({ cik: '320193', accession: '0000320193-96-000027', form: '8-K', filedAt: '1996-12-24', secUrl: APPLE_URL });
    expect(hit.sources[0]).toMatchObject({ cik: '320193', company: 'APPLE COMPUTER INC', exhibit: 'EX-99', secUrl: APPLE_URL });
    const seeds = (await json('/api/search?q=lorus&size=50')).results.filter((r: any) => r.sources.every((s: any) => s.file.startsWith('ingest/seeds/')));
    expect(seeds.length).toBeGreaterThan(0);
    for (const r of seeds) for (const k of ['cik', 'accession', 'form', 'filedAt', 'secUrl']) expect(r).not.toHaveProperty(k);
  });

  it('/api/releases/:id carries the sources with their identity', async () => {
    const r = await json(`/api/releases/${NEXT.id}`);
    expect(JSON.stringify(r)).toContain(APPLE_URL);
    expect(JSON.stringify(r)).toContain('"accession":"0000320193-96-000027"');
  });

  it('each result shows form, filing date and a "View on EDGAR" link (noopener noreferrer)', async () => {
    const page = await html(`/search?q=${encodeURIComponent('NeXT Software')}`);
    expect(page).toContain('Form 8-K, filed <time datetime="1996-12-24">1996-12-24</time>');
    expect(page).toContain(`<a class="edgar" href="${APPLE_URL}" rel="noopener noreferrer">View on EDGAR</a>`);
  });

  it('the release page shows them too, and a dateline far from the filing date is flagged, not replaced', async () => {
    const page = await html(`/release/${NEXT.id}`);
    expect(page).toMatch(/<dt>Form<\/dt><dd>8-K<\/dd>/);
    expect(page).toContain('<dt>Filed</dt><dd><time datetime="1996-12-24">');
    expect(page).toContain(`href="${APPLE_URL}" rel="noopener noreferrer">View on EDGAR</a>`);
    expect(page).not.toContain('date-note');
    // Cisco's Combinet release: dateline August 10, 1995, in a filing of December 6, 1995
    expect(CISCO.date).toBe('1995-08-10');
    expect(dateNote(CISCO)).toMatch(/1995-08-10, 118 days before the filing date 1995-12-06/);
    const cisco = await html(`/release/${CISCO.id}`);
    expect(cisco).toContain('<time datetime="1995-08-10">1995-08-10</time> <span class="date-note" role="note">');
    expect(cisco).toContain('118 days before the filing date 1995-12-06');
  });

  it('escapes what a source says, and links only web addresses', async () => {
    const hostile: Release = {
      ...NEXT, id: 'hostile-identity', title: 'Zanzibar quarterly', body: 'Zanzibar results.',
      sources: [{ file: 'x.txt', part: 'EX-99.1', form: '8-K"><script>alert(1)</script>', filedAt: '2020-01-01', secUrl: 'https://www.sec.gov/"><script>alert(2)</script>' }, { file: 'y.txt', part: 'EX-99', secUrl: 'javascript:alert(3)' }],
    };
    const other = await startApp(() => MemoryEngine.fromReleases([hostile]));
    try {
      for (const path of ['/search?q=zanzibar', '/release/hostile-identity']) {
        const page = await (await fetch(`${other.url}${path}`)).text();
        expect(page).not.toMatch(/<script>alert/);
        expect(page).not.toContain('javascript:alert');
        expect(page).toContain('&lt;script&gt;alert(1)');
      }
    } finally {
      await other.close();
    }
  });
});
