/// <reference lib="dom" />
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityIndex } from './entity-index.js';
import { startApp, type RunningApp } from './start-app.js';

// Code, trial and /codes pages in a real browser (Debian's Chromium through playwright-core), in
// light and dark colour schemes; the screenshots are for a person to look at.
const CHROME = process.env['CHROME_PATH'] ?? '/usr/bin/chromium';
const HAVE_CHROME = existsSync(CHROME);
const SHOTS = join(import.meta.dirname, '..', '..', 'test-output', 'screenshots');

describe.skipIf(!HAVE_CHROME)('entity pages in Chromium', () => {
  let app: RunningApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  async function open(scheme: 'light' | 'dark'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, colorScheme: scheme });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(5000);
    // a CSP violation (inline script or style) is reported as a console error
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => {
      errors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    return page;
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const engine = entityIndex();
    app = await startApp(() => engine);
    browser = await chromium.launch({
      executablePath: CHROME,
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 60_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await app?.close();
  });

  it('from a search: the code facet filters, a code in a snippet opens its page', async () => {
    const page = await open('light');
    await page.goto(`${app.url}/search?q=patients`);
    const facet = page.locator('#filters a', { hasText: /^GTI-2040 \(\d+\)/ });
    await facet.click();
    await page.waitForURL(/[?&]code=gti2040/);
    await expect.poll(() => page.locator('.chips .chip').first().innerText()).toMatch(/^code: GTI-2040/);
    await page.goto(`${app.url}/search?q=XSS-101`);
    await page.locator('.snippet a.code-link', { hasText: 'XSS-101' }).first().click();
    await page.waitForURL(/\/code\/XSS-101$/);
    expect(await page.locator('h1').innerText()).toBe('XSS-101');
    expect(errors).toEqual([]);
  });

  it('a code page: timeline, chart with its text, scoped search, any spelling, in light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await open(scheme);
      await page.goto(`${app.url}/code/gti%202040`);
      await page.waitForURL(/\/code\/GTI-2040$/);
      expect(await page.locator('.timeline .card').count()).toBe(5);
      expect(await page.locator('svg.chart rect.bar').count()).toBe(12);
      expect(await page.locator('svg.chart').getAttribute('aria-labelledby')).toBe('chart-title chart-desc');
      // the bars take the link colour, which the dark scheme changes: visible on either background
      const [bar, bg] = await page.evaluate(() => [getComputedStyle(document.querySelector('svg.chart rect.bar')!).fill, getComputedStyle(document.body).backgroundColor]);
      expect(bar).not.toBe(bg);
      expect(bg).toBe(scheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)');
      await page.screenshot({ path: join(SHOTS, `code-page-${scheme}.png`), fullPage: true });
      await page.goto(`${app.url}/trial/NCT01234567`);
      await page.screenshot({ path: join(SHOTS, `trial-page-${scheme}.png`), fullPage: true });
      await page.goto(`${app.url}/codes`);
      await page.screenshot({ path: join(SHOTS, `codes-page-${scheme}.png`), fullPage: true });
      await page.goto(`${app.url}/search?q=patients`);
      expect(await page.locator('#filters h2', { hasText: 'Codes' }).count()).toBe(1);
      await page.screenshot({ path: join(SHOTS, `results-entity-facets-${scheme}.png`), fullPage: true });
    }
    const page = await open('light');
    await page.goto(`${app.url}/code/GTI-2040`);
    await page.fill('#scoped-q', 'gemcitabine');
    await page.press('#scoped-q', 'Enter');
    await page.waitForURL(/\/search\?q=gemcitabine&code=GTI-2040/);
    expect(await page.locator('.card').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it('/codes sorts by a column and filters; the hostile release runs no script anywhere', async () => {
    const page = await open('light');
    await page.goto(`${app.url}/codes`);
    await page.locator('th a', { hasText: 'Code' }).click();
    await page.waitForURL(/sort=code/);
    const names = await page.locator('.code-table tbody td:first-child').allInnerTexts();
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
    await page.fill('#code-filter', 'acme');
    await page.press('#code-filter', 'Enter');
    await page.waitForURL(/filter=acme/);
    expect((await page.locator('.code-table tbody td:first-child').allInnerTexts()).sort()).toEqual(['GTI-2040', 'XSS-101']);
    for (const path of ['/code/XSS-101', '/trial/NCT01234567', '/release/made000000000001', '/code/%3Cscript%3E']) {
      // the last is a 404 on purpose, which Chromium reports as a failed load
      await page.goto(`${app.url}${path}`);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    }
    expect(errors.filter((e) => !/Failed to load resource: the server responded with a status of 404/.test(e))).toEqual([]);
  });
});
