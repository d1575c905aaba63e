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
    expect((await watch('remove', 'lorus')).code).toBe(0);
    expect((await watch('list')).stdout).not.toContain('lorus');
  }, 60_000);
});
