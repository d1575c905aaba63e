/// <reference lib="dom" />
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFeed } from '../support/read-feed.js';
import { startApp, webIndex, type RunningApp } from './start-app.js';

const CHROME = process.env['CHROME_PATH'] ?? '/usr/bin/chromium';

describe.skipIf(!existsSync(CHROME))('following and exporting in Chromium', () => {
  let app: RunningApp;
  let browser: Browser;
  beforeAll(async () => {
    const engine = webIndex();
    app = await startApp(() => engine);
    browser = await chromium.launch({ executablePath: CHROME, args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('discovers the feed of a results page and reads it', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/search?q=Lorus`);
    const href = await page.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel=alternate][type="application/atom+xml"]')?.href);
    expect(href).toBe(`${app.url}/feed.atom?q=Lorus`);
    const xml = await page.evaluate(async (u) => (await fetch(u)).text(), href!);
    expect((await readFeed(xml)).items.length).toBeGreaterThan(0);
    expect(await page.locator('a.follow-link').innerText()).toBe('Follow');
  });

  it('downloads a CSV from the export button that parses', async () => {
    const page = await browser.newPage({ acceptDownloads: true });
    await page.goto(`${app.url}/search?q=GTI-2040`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a.export-csv').click()]);
    expect(download.suggestedFilename()).toBe('gti-2040.csv');
    const rows = parse(readFileSync((await download.path())!), { columns: true }) as { id: string }[];
    expect(rows).toHaveLength(3);
  });
});
