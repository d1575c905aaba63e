import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from './build-cli.js';
import { copySeeds } from './corpus-fixture.js';
import { runCli } from './run-cli.js';

const HOSTILE = join(import.meta.dirname, '..', 'fixtures', 'hostile', 'xss-8k-ex99.htm');

describe('npm run watch, with a real reindex', () => {
  const cli = buildCli('watch-cli');
  const work = mkdtempSync(join(tmpdir(), 'watch-cli-'));
  const corpus = join(work, 'corpus');
  const index = join(work, 'index');
  const dirs = ['--corpus', corpus, '--index', index];
  const reindex = (...args: string[]) => runCli(cli.script('reindex'), [...dirs, ...args]);
  const watch = (...args: string[]) => runCli(join(cli.dir, 'src', 'cli', 'watch.js'), ['--index', index, '--public-url', 'https://s.example', ...args]);

  beforeAll(async () => {
    copySeeds(corpus);
    expect((await reindex()).code).toBe(0);
  }, 120_000);
  afterAll(() => {
    cli.clean();
    rmSync(work, { recursive: true, force: true });
  });

  it('reports exactly the releases a reindex added, once, and survives reindex --full', async () => {
    expect((await watch('add', 'acme', 'XSS-101 OR melanoma')).code).toBe(0);
    expect((await watch('add', 'lorus', 'company:lorus')).stdout).toMatch(/saved lorus: company:lorus \(\d+ releases match now/);
    let check = await watch('check', '--json');
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout).watches.map((w: { new: unknown[] }) => w.new.length)).toEqual([0, 0]);

    copyFileSync(HOSTILE, join(corpus, 'xss-8k-ex99.htm'));
    const re = await reindex();
    expect(re.code).toBe(0);
    expect(re.stdout).toMatch(/New for your saved searches: 1 new release\n {2}acme \(XSS-101 OR melanoma\): 1 new since/);
    expect(re.stdout).toContain('ACME BIOLOGICS ANNOUNCES');

    check = await watch('check', '--json');
    const out = JSON.parse(check.stdout) as { watches: { name: string; new: { id: string; title: string; date: string; company: string; url: string }[] }[] };
    const acme = out.watches.find((w) => w.name === 'acme')!;
    expect(acme.new).toHaveLength(1);
    expect(acme.new[0]).toMatchObject({ date: '2004-03-03', company: expect.stringContaining('Acme'), url: expect.stringMatching(/^https:\/\/s\.example\/release\/[0-9a-f]{16}\?q=XSS-101%20OR%20melanoma$/) });
    expect(out.watches.find((w) => w.name === 'lorus')!.new).toEqual([]);
    // a check marks them seen
    expect((await watch('check')).stdout).toMatch(/^New for your saved searches: nothing new\n/);

    expect((await reindex('--full')).code).toBe(0);
    expect(existsSync(join(index, 'watches.json'))).toBe(true);
    expect((await watch('list')).stdout).toMatch(/^acme\tXSS-101 OR melanoma\t0 new since .*\nlorus\tcompany:lorus\t0 new since/);
  }, 120_000);

  it('search --all --format writes every match as CSV or NDJSON', async () => {
    const search = (...args: string[]) => runCli(cli.script('search'), ['--index', index, ...args]);
    const total = Number(/^(\d+) releases/.exec((await search('Lorus')).stdout)![1]);
    const { parse } = await import('csv-parse/sync');
    const csv = await search('--all', '--format', 'csv', '--sort', 'date', 'Lorus');
    expect(csv.code).toBe(0);
    const rows = parse(csv.stdout, { columns: true }) as { id: string; url: string }[];
    expect(rows).toHaveLength(total);
    expect(rows[0]!.url).toMatch(/^\/release\/[0-9a-f]{16}$/);
    const nd = await search('--all', '--format', 'ndjson', 'Lorus');
    expect(nd.stdout.trim().split('\n')).toHaveLength(total);
    const bad = await search('--all', '--format', 'xlsx', 'Lorus');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/csv, ndjson, json/);
  }, 60_000);

  it('refuses bad, duplicate and unknown names with a clear message and exit code 2', async () => {
    const dup = await watch('add', 'acme', 'anything');
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/a saved search named acme exists already/);
    const bad = await watch('add', 'no spaces!', 'x');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/letters, digits, - or _/);
    const unknown = await watch('remove', 'nosuch');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no saved search is named "nosuch" \(saved: acme, lorus\)/);
    expect((await watch('frobnicate')).code).toBe(2);
    // the /watches page lists them, read-only, with counts, results and feed links
    const { openEngine } = await import('../../src/engine/open-engine.js');
    const { createApp } = await import('../../src/web/create-app.js');
    const { pino } = await import('pino');
    const engine = await openEngine({ backend: 'memory', indexDir: index });
    const server = createApp({ getEngine: () => engine, logger: pino({ level: 'silent' }), indexDir: index }).listen(0, '127.0.0.1');
    await new Promise<void>((r) => server.once('listening', () => r()));
    const html = await (await fetch(`http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}/watches`)).text();
    server.close();
    await engine.close();
    expect(html).toContain('href="/search?q=XSS-101+OR+melanoma&amp;sort=date"');
    expect(html).toContain('href="/feed.atom?q=XSS-101+OR+melanoma"');
    expect(html).toMatch(/<td>0 <span class="hint">\(checked/);

    expect((await watch('remove', 'lorus')).code).toBe(0);
    expect((await watch('list')).stdout).not.toContain('lorus');
  }, 60_000);
});
