/**
 * The commands on PostgreSQL, as separate processes on a throwaway cluster: reindex incremental
 * against the database (new, changed, removed filings), a second reindex refused by the advisory
 * lock, a reindex killed with SIGKILL while writing leaving the previous generation serving, two
 * servers on one database answering alike and seeing a reindex within two seconds, and the
 * database going away: 503s with the reason, never a stack or the connection string's password.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort, stopCluster } from '../../src/cli/pg-cluster.js';
import { openEngine } from '../../src/engine/open-engine.js';
import type { Engine } from '../../src/engine/engine.js';
import { filesUnder, INGEST, ingest } from '../support/ingest-fixtures.js';
import { HAVE_PG, useTestCluster } from '../support/pg-cluster.js';
import { tempIndex, type TempIndex } from '../support/temp-index.js';
import { buildCli } from './build-cli.js';
import { writeNewFiling } from './corpus-fixture.js';
import { runAndKill, runCli } from './run-cli.js';

const SEED_RELEASES = 9;

describe.skipIf(!HAVE_PG)('the commands on postgres', () => {
  const cluster = useTestCluster();
  let build: ReturnType<typeof buildCli>;
  let t: TempIndex;
  const started: ChildProcess[] = [];
  const pg = () => ['--engine', 'postgres', '--database-url', cluster.get().url];
  const reader = () => openEngine({ backend: 'postgres', url: cluster.get().url });
  const withEngine = async <T>(f: (e: Engine) => Promise<T>): Promise<T> => {
    const e = await reader();
    try {
      return await f(e);
    } finally {
      await e.close();
    }
  };
  const total = (q: string) => withEngine(async (e) => (await e.search({ query: { kind: 'term', term: q }, order: 'relevance', offset: 0, limit: 10 })).total);

  beforeAll(async () => {
    build = buildCli('postgres-cli');
    t = await tempIndex({ prefix: 'postgres-cli' });
    mkdirSync(join(t.corpusDir, 'new'));
  }, 120_000);
  afterAll(() => {
    for (const s of started) if (s.exitCode === null && s.signalCode === null) s.kill('SIGKILL');
    build?.clean();
    t?.cleanup();
  });

  /** Start the built server on a free port; resolves with its base URL once it listens. */
  async function startServer(args: string[]): Promise<{ base: string; child: ChildProcess; output: () => string }> {
    const child = spawn(process.execPath, [build.script('serve'), '--port', '0', '--index', t.indexDir, '--corpus', t.corpusDir, ...args], {
      env: { ...process.env, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.push(child);
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const base = await vi.waitFor(() => {
      const m = /listening on (http:\/\/localhost:\d+)/.exec(output);
      if (!m) throw new Error(`not listening yet:\n${output}`);
      return m[1]!;
    }, { timeout: 20_000, interval: 20 });
    return { base, child, output: () => output };
  }

  it('reindex builds the database index, then follows new, changed and removed filings', async () => {
    const first = await runCli(build.script('reindex'), ['--corpus', t.corpusDir, '--index', t.indexDir, ...pg(), '--json']);
    expect(first.stderr).not.toMatch(/Error:/);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ mode: 'full', releases: { total: SEED_RELEASES } });
    expect(await withEngine(async (e) => e.stats().releases)).toBe(SEED_RELEASES);

    const again = await runCli(build.script('reindex'), ['--corpus', t.corpusDir, '--index', t.indexDir, ...pg(), '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ mode: 'incremental', files: { unchanged: 4 }, releases: { total: SEED_RELEASES } });

    writeNewFiling(join(t.corpusDir, 'new', 'a.txt'), 'zymurgical', 1);
    const added = JSON.parse((await runCli(build.script('reindex'), ['--corpus', t.corpusDir, '--index', t.indexDir, ...pg(), '--json'])).stdout);
    expect(added).toMatchObject({ mode: 'incremental', files: { added: ['new/a.txt'] }, releases: { added: 1, updated: 0, removed: 0, total: SEED_RELEASES + 1 } });
    expect(await total('zymurgical')).toBe(1);

    appendFileSync(join(t.corpusDir, 'new', 'a.txt'), '\nThe zymurgical programme also covers quokkas.\n');
    const changed = JSON.parse((await runCli(build.script('reindex'), ['--corpus', t.corpusDir, '--index', t.indexDir, ...pg(), '--json'])).stdout);
    expect(changed).toMatchObject({ files: { changed: ['new/a.txt'] }, releases: { total: SEED_RELEASES + 1 } });
    expect(changed.releases.updated + changed.releases.added).toBe(1);
    expect(await total('quokka')).toBe(1);

    t.removeFile('new/a.txt');
    const removed = JSON.parse((await runCli(build.script('reindex'), ['--corpus', t.corpusDir, '--index', t.indexDir, ...pg(), '--json'])).stdout);
    expect(removed).toMatchObject({ files: { removed: ['new/a.txt'] }, releases: { removed: 1, total: SEED_RELEASES } });
    expect(await total('zymurgical')).toBe(0);
    expect(await withEngine(async (e) => (await e.terms.known(['zymurgical', 'quokka'])).size)).toBe(0);

    const found = await runCli(build.script('search'), [...pg(), '--json', 'lorus']);
    expect(found.code).toBe(0);
    expect(JSON.parse(found.stdout).total).toBe(SEED_RELEASES);
  });

  it('a second reindex is refused while one holds the writer lock', async () => {
    await withEngine(async (e) => {
      const lock = await e.lockWriter!();
      try {
        writeNewFiling(join(t.corpusDir, 'new', 'b.txt'), 'xenolithic', 2);
        const refused = await runCli(build.script('reindex'), ['--corpus', t.corpusDir, '--index', t.indexDir, ...pg()]);
        expect(refused.code).toBe(3);
        expect(refused.stderr).toMatch(/another reindex .* is writing/);
      } finally {
        await lock.release();
      }
      t.removeFile('new/b.txt');
    });
  });

  it('a reindex killed with SIGKILL while writing leaves the previous generation serving; the next run completes', async () => {
    const before = await withEngine(async (e) => e.stats());
    mkdirSync(join(t.corpusDir, 'many'), { recursive: true });
    for (let i = 0; i < 30; i++) writeNewFiling(join(t.corpusDir, 'many', `f${String(i).padStart(2, '0')}.txt`), `quasar${i}x`, i);
    const killed = await runAndKill(build.script('reindex'), ['--corpus', t.corpusDir, '--index', t.indexDir, ...pg()], /reindex: write /);
    expect(killed.killed).toBe(true);
    expect(killed.signal).toBe('SIGKILL');
    // the transaction died with its connection: the old generation, whole
    const after = await withEngine(async (e) => ({ stats: e.stats(), found: (await e.search({ query: { kind: 'term', term: 'quasar7x' }, order: 'relevance', offset: 0, limit: 1 })).total }));
    expect(after.stats.generation).toBe(before.generation);
    expect(after.stats.releases).toBe(before.releases);
    expect(after.found).toBe(0);
    // and no lock is left behind
    const next = await runCli(build.script('reindex'), ['--corpus', t.corpusDir, '--index', t.indexDir, ...pg(), '--json']);
    expect(next.code).toBe(0);
    expect(JSON.parse(next.stdout).releases.total).toBe(before.releases + 30);
    expect(await total('quasar7x')).toBe(1);
  });

  it('a full build makes its rows on worker threads, in order, the same rows as made in one thread', async () => {
    // the compiled build (the worker is a compiled file), against the source's pure function
    const built = (await import(join(build.dir, 'src', 'engine', 'postgres', 'copy-batches.js'))) as typeof import('../../src/engine/postgres/copy-batches.js');
    const { copyBatch } = await import('../../src/engine/postgres/copy-batch.js');
    const held = ingest(filesUnder(INGEST)).releases;
    // (more than one batch to each worker; the size below which one thread does it all set to 0)
    const upserts = Array.from({ length: 1200 }, (_, i) => ({ release: { ...held[i % held.length]!, id: `copy-${i}` }, hash: `h${i}` }));
    const rels = upserts.map((_, i) => 1000 + i);
    let releases = '';
    let postings = '';
    let lenTitle = 0;
    let batches = 0;
    for await (const b of built.copyBatches(upserts, rels, 2, 0)) {
      releases += b.releases;
      postings += b.postings;
      lenTitle += b.lenTitle;
      batches++;
    }
    const here = copyBatch(upserts, rels, false);
    expect(batches).toBeGreaterThan(4);
    expect(releases).toBe(here.releases);
    expect(postings).toBe(here.postings);
    expect(lenTitle).toBe(here.lenTitle);
  }, 60_000);

  it('two servers on one database answer alike and see a reindex within two seconds', async () => {
    const [a, b] = await Promise.all([startServer(pg()), startServer(pg())]);
    // each server runs a worker per core, and a worker answers 503 until it has connected: one
    // worker's /healthz is not its sibling's, so a search is asked until it is answered
    const ask = (base: string, q: string) =>
      vi.waitFor(
        async () => {
          const res = await fetch(`${base}/api/search?q=${encodeURIComponent(q)}&size=50`);
          expect(res.status).toBe(200);
          return (await res.json()) as { total: number; results: { id: string; snippet: string }[]; facets: unknown };
        },
        { timeout: 20_000, interval: 50 },
      );
    await vi.waitFor(async () => expect((await fetch(`${a.base}/healthz`)).status).toBe(200), { timeout: 20_000, interval: 50 });
    await vi.waitFor(async () => expect((await fetch(`${b.base}/healthz`)).status).toBe(200), { timeout: 20_000, interval: 50 });
    for (const q of ['lorus', '"renal cell"', 'GTI-2040 -gemcitabine', 'quasar*', 'virulizin OR antisense']) {
      const [x, y] = await Promise.all([ask(a.base, q), ask(b.base, q)]);
      const strip = (r: typeof x) => ({ total: r.total, results: r.results.map((h) => [h.id, h.snippet]), facets: r.facets });
      expect(strip(x)).toEqual(strip(y));
    }
    writeNewFiling(join(t.corpusDir, 'new', 'c.txt'), 'pyroclastic', 3);
    const re = await runCli(build.script('reindex'), ['--corpus', t.corpusDir, '--index', t.indexDir, ...pg()]);
    expect(re.code).toBe(0);
    const landed = Date.now();
    await Promise.all(
      [a, b].map((s) => vi.waitFor(async () => expect((await ask(s.base, 'pyroclastic')).total).toBe(1), { timeout: 2000, interval: 25 })),
    );
    expect(Date.now() - landed).toBeLessThan(2000);
    for (const s of [a, b]) s.child.kill('SIGTERM');
  });

  it('with the database unreachable a server answers 503 with the reason, retries, and never shows the password', async () => {
    const port = await freePort();
    const url = `postgres://reader:sekret-pw-42@127.0.0.1:${port}/prsearch`;
    const s = await startServer(['--engine', 'postgres', '--database-url', url]);
    const health = await vi.waitFor(async () => {
      const res = await fetch(`${s.base}/healthz`);
      const body = (await res.json()) as { status: string; reason?: string };
      expect(res.status).toBe(503);
      expect(body.reason).toBeDefined();
      return body;
    }, { timeout: 10_000, interval: 100 });
    expect(health.status).toBe('unavailable');
    expect(health.reason).toMatch(/unavailable|ECONNREFUSED|connect/i);
    const api = await fetch(`${s.base}/api/search?q=lorus`);
    expect(api.status).toBe(503);
    const body = await api.text();
    expect(JSON.parse(body)).toMatchObject({ error: { code: expect.any(String) } });
    // still up after a few retries
    await new Promise((r) => setTimeout(r, 2500));
    expect(s.child.exitCode).toBeNull();
    expect(s.output()).toMatch(/retrying/);
    for (const text of [s.output(), JSON.stringify(health), body]) expect(text).not.toContain('sekret-pw-42');
    s.child.kill('SIGTERM');
  });

  it('a database lost while serving: searches are a 503 JSON error, /healthz 503, no stack', async () => {
    const s = await startServer(pg());
    await vi.waitFor(async () => expect((await fetch(`${s.base}/healthz`)).status).toBe(200), { timeout: 20_000, interval: 50 });
    expect((await fetch(`${s.base}/api/search?q=lorus`)).status).toBe(200);
    stopCluster(cluster.get().dir);
    const api = await fetch(`${s.base}/api/search?q=antisense`);
    expect(api.status).toBe(503);
    const body = (await api.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unavailable');
    expect(JSON.stringify(body)).not.toMatch(/\n\s+at /);
    const page = await fetch(`${s.base}/search?q=antisense`);
    expect(page.status).toBe(503);
    expect(await page.text()).not.toMatch(/\n\s+at /);
    expect((await fetch(`${s.base}/healthz`)).status).toBe(503);
    expect(s.child.exitCode).toBeNull();
    s.child.kill('SIGTERM');
  });
});
