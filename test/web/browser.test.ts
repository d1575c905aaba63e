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
    await page.locator('.facets a', { hasText: /^2004/ }).first().click();
    await page.waitForURL(/year=2004/);
    for (const d of await page.locator('.card time').allInnerTexts()) expect(d.startsWith('2004')).toBe(true);
    expect(await page.locator('.chip').count()).toBe(1);
    await page.locator('.chip').click();
    await page.waitForURL((u) => !u.search.includes('year='));
    const total = (text: string) => text.split(' ')[0];
    expect(total(await page.locator('#count').innerText())).toBe(total(before));
    expect(await page.locator('.chip').count()).toBe(0);
  });

  it('offers "did you mean" for a misspelling, as a link', async () => {
    await page.goto(`${app.url}/search?q=gemcitibine`);
    const dym = page.locator('.dym a');
    expect(await dym.innerText()).toBe('gemcitabine');
    await dym.click();
    await page.waitForURL(/q=gemcitabine/);
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

  it('renders the results page at desktop and phone widths (screenshots saved)', async () => {
    mkdirSync(SHOTS, { recursive: true });
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: width === 360 ? 780 : 900 });
      await page.goto(`${app.url}/search?q=GTI-2040`);
      // nothing wider than the viewport: no horizontal scrolling on a phone
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.screenshot({ path: join(SHOTS, `results-${width}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
