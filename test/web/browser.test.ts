/// <reference lib="dom" />
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryEngine } from '../../src/engine/memory/memory-engine.js';
import { FIXTURES, filesUnder, ingest, INGEST } from '../support/ingest-fixtures.js';
import { startApp, type RunningApp } from './start-app.js';

// The page in a real browser: Debian's Chromium driven by playwright-core.
const CHROME = process.env['CHROME_PATH'] ?? '/usr/bin/chromium';
const HAVE_CHROME = existsSync(CHROME);
if (!HAVE_CHROME) process.stderr.write(`browser tests skipped: no Chromium at ${CHROME}; install it with \`apt-get install chromium\` (or set CHROME_PATH)\n`);

/** The total a results header states: "3 releases", "11–20 of 56 releases", "about 4,000 releases". */
const totalOf = (text: string) => Number(/^(?:[\d,]+–[\d,]+ of )?(?:about )?([\d,]+) releases?/.exec(text)![1]!.replace(/,/g, ''));

const SHOTS = join(import.meta.dirname, '..', '..', 'test-output', 'screenshots');

describe.skipIf(!HAVE_CHROME)('the search page in Chromium', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    // every trimmed real filing plus a hostile one: several issuers and years for the facets
    const { releases } = ingest([...filesUnder(INGEST).filter((f) => !f.endsWith('.json')), join(FIXTURES, 'hostile', 'xss-8k-ex99.htm')], FIXTURES);
    const index = MemoryEngine.fromReleases(releases);
    app = await startApp(() => index);
    browser = await chromium.launch({
      executablePath: CHROME,
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(5000);
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('dialog', (d) => {
      errors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('searches by typing and pressing Enter, and shows marked snippets', async () => {
    await page.goto(app.url);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('q');
    await page.keyboard.type('GTI-2040');
    // Enter with no suggestion chosen searches what was typed, even while suggestions are shown
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=GTI-2040/);
    expect(await page.title()).toContain('GTI-2040');
    expect(await page.locator('#count').innerText()).toMatch(/^3 releases · \d+ ms/);
    expect(await page.locator('.card').count()).toBe(3);
    expect(await page.locator('.card .snippet mark').first().innerText()).toBe('GTI-2040');
    expect(await page.inputValue('#q')).toBe('GTI-2040');
  });

  it('"/" focuses the search box', async () => {
    await page.locator('h2 a').first().focus();
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
  });

  it('pages and sorts with plain links that keep the query', async () => {
    await page.goto(`${app.url}/search?q=Lorus&size=3`);
    const first = await page.locator('.card h2').allInnerTexts();
    await page.locator('.pager a[rel=next]').click();
    await page.waitForURL(/page=2/);
    expect(page.url()).toContain('q=Lorus');
    const second = await page.locator('.card h2').allInnerTexts();
    expect(second.filter((t) => first.includes(t))).toEqual([]);
    await page.locator('.controls a', { hasText: 'Newest' }).click();
    await page.waitForURL(/sort=date/);
    const dates = await page.locator('.card time').allInnerTexts();
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('narrows by a facet, shows it as a chip, and the chip removes it', async () => {
    await page.goto(`${app.url}/search?q=announced`);
    const before = await page.locator('#count').innerText();
    // 2004 is older than the ten newest years: behind "more years", which opens without script
    const more = page.locator('.facets details.more');
    expect(await more.getAttribute('open')).toBeNull();
    await more.locator('summary').click();
    await page.locator('.facets a', { hasText: /^2004/ }).first().click();
    await page.waitForURL(/year=2004/);
    for (const d of await page.locator('.card time').allInnerTexts()) expect(d.startsWith('2004')).toBe(true);
    expect(await page.locator('.chip').count()).toBe(1);
    // the picked year is marked, its disclosure open, and it has a visible check
    const picked = page.locator('.facets a[aria-current=true]');
    expect(await picked.locator('.check').innerText()).toBe('✓');
    expect(await more.getAttribute('open')).toBe('');
    await page.locator('.chip').click();
    await page.waitForURL((u) => !u.search.includes('year='));
    const total = (text: string) => text.split(' ')[0];
    expect(total(await page.locator('#count').innerText())).toBe(total(before));
    expect(await page.locator('.chip').count()).toBe(0);
  });

  it('picking a company facet value returns exactly the count it shows, for every company of two queries', async () => {
    for (const q of ['announced', 'the']) {
      await page.goto(`${app.url}/search?q=${q}`);
      const companies = page.locator('.facets h2:text-is("Company") + ul a');
      const labels = await companies.allInnerTexts();
      expect(labels.length, q).toBeGreaterThanOrEqual(8);
      for (let i = 0; i < labels.length; i++) {
        await page.goto(`${app.url}/search?q=${q}`);
        const link = page.locator('.facets h2:text-is("Company") + ul a').nth(i);
        const label = await link.innerText();
        const [, name, shown] = /^(.*) \((\d+)\)$/.exec(label)!;
        // an issuer known by its CIK is picked by it, the others by name
        await link.click();
        await page.waitForURL(/company=|cik=/);
        expect(totalOf(await page.locator('#count').innerText()), `${q}: ${label}`).toBe(Number(shown));
        expect(await page.locator('.card').count()).toBe(Math.min(10, Number(shown)));
        // the picked value is marked and clears back to the query
        expect(await page.locator('.facets a[aria-current=true]').innerText()).toContain(name!);
        await page.locator('.chips a.clear-all').click();
        await page.waitForURL((u) => !u.search.includes('company=') && !u.search.includes('cik='));
      }
    }
  });

  it('picks a second company and a second year: releases of either', async () => {
    await page.goto(`${app.url}/search?q=announced`);
    const count = async (label: RegExp) => Number(/\((\d+)\)/.exec(await page.locator('.facets a', { hasText: label }).first().innerText())![1]);
    const lorus = await count(/^Lorus/);
    const taser = await count(/^TASER/);
    await page.locator('.facets a', { hasText: /^Lorus/ }).click();
    await page.waitForURL(/company=/);
    await page.locator('.facets a', { hasText: /^TASER/ }).click();
    await page.waitForURL(/company=.*company=/);
    expect(totalOf(await page.locator('#count').innerText())).toBe(lorus + taser);
    expect(await page.locator('.facets a[aria-current=true]').count()).toBe(2);
    // and two years on top: releases of either company in either year
    const y2004 = await count(/^2004/);
    await page.locator('.facets a', { hasText: /^2004/ }).click();
    await page.waitForURL(/year=2004/);
    const y2003 = await count(/^2003/);
    await page.locator('.facets a', { hasText: /^2003/ }).click();
    await page.waitForURL(/year=2004&year=2003/);
    expect(totalOf(await page.locator('#count').innerText())).toBe(y2004 + y2003);
    for (const d of await page.locator('.card time').allInnerTexts()) expect(d.startsWith('2004') || d.startsWith('2003')).toBe(true);
    expect(await page.locator('.facets a[aria-current=true]').count()).toBe(4);
    await page.locator('.facets .clear-all').click();
    await page.waitForURL((u) => !u.search.includes('company=') && !u.search.includes('year='));
    expect(await page.locator('.facets a[aria-current=true]').count()).toBe(0);
  });

  it('narrows by the from/to date control, with the query in the box', async () => {
    await page.goto(`${app.url}/search?q=announced`);
    const all = totalOf(await page.locator('#count').innerText());
    const yearCount = async (y: string) => Number(/\((\d+)\)/.exec((await page.locator('.facets a', { hasText: new RegExp(`^${y} `) }).textContent()) ?? '')![1]);
    const in2003and2004 = (await yearCount('2003')) + (await yearCount('2004'));
    await page.locator('#from').fill('2003-01-01');
    await page.locator('#to').fill('2004-12-31');
    await page.locator('.dates button').click();
    await page.waitForURL(/from=2003-01-01/);
    const url = new URL(page.url());
    expect([...url.searchParams]).toEqual([['q', 'announced'], ['from', '2003-01-01'], ['to', '2004-12-31']]);
    const dates = await page.locator('.card time').allInnerTexts();
    expect(dates.length).toBeGreaterThan(0);
    for (const d of dates) expect(d >= '2003-01-01' && d <= '2004-12-31', d).toBe(true);
    // exactly the releases of 2003 and 2004 the year facet counted
    expect(totalOf(await page.locator('#count').innerText())).toBe(in2003and2004);
    expect(all).toBeGreaterThan(in2003and2004);
    expect(await page.locator('.chip').allInnerTexts()).toEqual(['from: 2003-01-01 ×', 'to: 2004-12-31 ×']);
    expect(await page.inputValue('#from')).toBe('2003-01-01');
    // a new query keeps the dates; one date cleared drops only it, and empty dates stay out of the URL
    await page.locator('#q').fill('trial');
    await page.locator('#to').fill('');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=trial/);
    expect([...new URL(page.url()).searchParams]).toEqual([['q', 'trial'], ['from', '2003-01-01']]);
    for (const d of await page.locator('.card time').allInnerTexts()) expect(d >= '2003-01-01').toBe(true);
  });

  it('"Back to results" returns to the same page, sort, size and filters', async () => {
    const results = '/search?q=the&year=2009&year=2004&sort=date-asc&size=3&page=2';
    await page.goto(app.url + results);
    const cards = await page.locator('.card h2').allInnerTexts();
    const count = await page.locator('#count').innerText();
    expect(count).toMatch(/^4–6 of \d+ releases/);
    await page.locator('.card h2 a').nth(1).click();
    await page.waitForURL(/\/release\//);
    await page.locator('.back a').click();
    await page.waitForURL(/\/search/);
    const back = new URL(page.url());
    expect([...back.searchParams].sort()).toEqual([...new URL(app.url + results).searchParams].sort());
    expect(await page.locator('.card h2').allInnerTexts()).toEqual(cards);
    expect((await page.locator('#count').innerText()).split(' · ')[0]).toBe(count.split(' · ')[0]);
  });

  it('answers a sure misspelling with the correction, and offers the query as typed', async () => {
    await page.goto(`${app.url}/search?q=gemcitibine`);
    const dym = page.locator('.dym');
    expect(await dym.innerText()).toBe('Showing results for gemcitabine. Search instead for gemcitibine.');
    expect(await page.locator('.card').count()).toBeGreaterThan(0);
    await dym.locator('a', { hasText: 'gemcitibine' }).click();
    await page.waitForURL(/q=gemcitibine&spell=0/);
    expect(await page.locator('.card').count()).toBe(0);
    expect(await page.locator('.dym a').innerText()).toBe('gemcitabine');
    await page.locator('.dym a').click();
    await page.waitForURL(/q=gemcitabine$/);
    expect(await page.locator('.card').count()).toBeGreaterThan(0);
  });

  it('autocompletes drug codes with the keyboard', async () => {
    await page.goto(app.url);
    await page.locator('#q').fill('');
    await page.locator('#q').pressSequentially('gti');
    await page.locator('#suggestions li').first().waitFor();
    const options = await page.locator('#suggestions li').allInnerTexts();
    expect(options).toContain('GTI-2040');
    const at = options.indexOf('GTI-2040');
    for (let i = 0; i <= at; i++) await page.keyboard.press('ArrowDown');
    expect(await page.getAttribute('#q', 'aria-activedescendant')).toBe(`sugg-${at}`);
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=GTI-2040/);
    expect(await page.locator('.card').count()).toBe(3);
  });

  it('jumps between the matches of a release with the links and the n / p keys', async () => {
    await page.goto(`${app.url}/search?q=GTI-2040`);
    await page.locator('.card h2 a').first().click();
    await page.waitForURL(/\/release\/[0-9a-f]{16}\?q=GTI-2040/);
    // the keys work once the page's module has run (it is deferred): wait for the load event
    await page.waitForLoadState('load');
    const marks = await page.locator('.body mark').count();
    expect(marks).toBeGreaterThan(1);
    const at = (hash: RegExp) => expect.poll(() => page.url()).toMatch(hash);
    await page.keyboard.press('n');
    await at(/#m1$/);
    await page.keyboard.press('n');
    await at(/#m2$/);
    await page.keyboard.press('p');
    await at(/#m1$/);
    await page.locator('[data-nav=next]').click();
    await at(/#m2$/);
    expect(await page.locator('mark.current').count()).toBe(1);
    await page.locator('details.removed summary').click();
    expect(await page.locator('details.removed li').count()).toBeGreaterThan(0);
  });

  it('shows a hostile filing as text, and nothing in it runs', async () => {
    await page.goto(`${app.url}/search?q=XSS-101`);
    const card = page.locator('.card').first();
    expect(await card.locator('h2').innerText()).toContain("<script>window.__pwned='title'</script>");
    await card.locator('h2 a').click();
    await page.waitForURL(/\/release\//);
    const body = await page.locator('.body').innerText();
    expect(body).toContain('<img src=x onerror="window.__pwned=\'img\'">');
    expect(body).toContain('<%= process.exit(1) %>');
    expect(body).toContain("{{constructor.constructor('window.__pwned=1')()}}");
    expect(await page.locator('.body img, .body svg, .body script, .body a[href^="javascript"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(errors.filter((e) => !/favicon/.test(e))).toEqual([]);
  });

  it('at phone width: Syntax visible, a Filters control at the top, examples unbroken, and "Skip to results" the first tab stop', async () => {
    await page.setViewportSize({ width: 375, height: 780 });
    try {
      await page.goto(app.url);
      // the empty home page takes the focus for typing
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('q');
      const syntax = page.locator('.help-link');
      expect(await syntax.isVisible()).toBe(true);
      const box = (await syntax.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(375);
      // every example on one line: none breaks after a hyphen
      const lines = await page.locator('.intro a.example code').evaluateAll((els) => els.map((e) => [e.textContent, e.getClientRects().length] as const));
      expect(lines.length).toBeGreaterThan(3);
      for (const [ex, n] of lines) expect(n, ex ?? '').toBe(1);

      await page.goto(`${app.url}/search?q=announced`);
      await page.waitForLoadState('load');
      expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to results');
      expect(await page.locator('.help-link').isVisible()).toBe(true);
      // the facets are below the results; the control above the results jumps to them
      const jump = page.locator('.filters-jump');
      expect(await jump.isVisible()).toBe(true);
      expect((await jump.boundingBox())!.y).toBeLessThan(300);
      expect((await page.locator('#filters').boundingBox())!.y).toBeGreaterThan(780);
      await jump.click();
      await page.waitForURL(/#filters$/);
      const filters = await page.locator('#filters').evaluate((e) => e.getBoundingClientRect().top);
      expect(filters).toBeGreaterThanOrEqual(0);
      expect(filters).toBeLessThan(100);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      // the syntax page and a page that finds nothing fit too, their examples unbroken
      for (const path of ['/help', '/search?q=nothingmatchesthisatall']) {
        await page.goto(app.url + path);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(375);
        for (const n of await page.locator('main a code').evaluateAll((els) => els.map((e) => e.getClientRects().length))) expect(n, path).toBe(1);
      }
      await page.goto(`${app.url}/search?q=announced`);
      // at desktop width the facets stand beside the results: no control needed
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(await jump.isVisible()).toBe(false);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('renders the results page at desktop and phone widths (screenshots saved)', async () => {
    mkdirSync(SHOTS, { recursive: true });
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: width === 375 ? 780 : 900 });
      await page.goto(`${app.url}/search?q=announced&year=2004`);
      // nothing wider than the viewport: no horizontal scrolling on a phone
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.screenshot({ path: join(SHOTS, `results-${width}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
