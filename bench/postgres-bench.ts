/**
 * `npm run bench -- --engine postgres [--releases N] [--json]`: the memory engine and the postgres
 * backend on the same generated corpus in one run: full build, one new filing reindexed, index
 * or database size, query p50/p99 with snippets per query type, the worst query shapes, HTTP at
 * 32 connections with one and two web nodes on the database, and the text index as GIN and as
 * RUM. Uses DATABASE_URL when set, else a throwaway cluster of its own.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { pino } from 'pino';
import type { Release } from '../src/clean/release.js';
import { startCluster, stopCluster } from '../src/cli/pg-cluster.js';
import type { Engine } from '../src/engine/engine.js';
import { openEngine } from '../src/engine/open-engine.js';
import { createDefaultIngester } from '../src/reindex/default-ingester.js';
import { reindex } from '../src/reindex/reindex.js';
import { search } from '../src/search/search.js';
import { releaseHash } from '../src/store/release-hash.js';
import { createApp } from '../src/web/create-app.js';
import { generateCorpus } from './generate-corpus.js';
import { adversarialQueries, querySet, type BenchQuery } from './query-set.js';
import { percentile, round } from './stats.js';

const SEED = 20041;
const log = (msg: string) => process.stderr.write(`bench: ${msg}\n`);

interface Timings {
  p50Ms: number;
  p99Ms: number;
  byType: Record<string, { p50Ms: number; p99Ms: number }>;
  adversarial: Record<string, number>;
}

async function time(engine: Engine, queries: BenchQuery[], repeats: number): Promise<Timings> {
  const run = (q: BenchQuery) => search(engine, { q: q.q, page: 1, size: 10, sort: q.sort ?? 'relevance' });
  for (const q of queries) await run(q);
  const all: number[] = [];
  const byType = new Map<string, number[]>();
  for (let r = 0; r < repeats; r++) {
    for (const q of queries) {
      const t = performance.now();
      await run(q);
      const ms = performance.now() - t;
      all.push(ms);
      byType.set(q.type, [...(byType.get(q.type) ?? []), ms]);
    }
  }
  const adversarial: Record<string, number> = {};
  for (const q of adversarialQueries()) {
    const ms: number[] = [];
    for (let r = 0; r < 4; r++) {
      const t = performance.now();
      await run(q).catch(() => undefined);
      ms.push(performance.now() - t);
    }
    adversarial[q.type] = round(percentile(ms.slice(1), 50), 1);
  }
  return {
    p50Ms: round(percentile(all, 50), 2),
    p99Ms: round(percentile(all, 99), 2),
    byType: Object.fromEntries([...byType].map(([type, xs]) => [type, { p50Ms: round(percentile(xs, 50), 2), p99Ms: round(percentile(xs, 99), 2) }])),
    adversarial,
  };
}

/** Requests per second at 32 connections over `nodes` web servers in this process (round robin by connection). */
async function http(engines: Engine[], queries: BenchQuery[], seconds: number): Promise<{ rps: number; p99Ms: number; errors: number }> {
  const servers = engines.map((engine) => createApp({ getEngine: () => engine, logger: pino({ level: 'silent' }) }).listen(0, '127.0.0.1'));
  await Promise.all(servers.map((s) => new Promise((r) => s.once('listening', r))));
  try {
    const requests = queries.map((q) => ({ method: 'GET' as const, path: `/api/search?q=${encodeURIComponent(q.q)}${q.sort ? `&sort=${q.sort}` : ''}` }));
    const per = Math.max(1, Math.floor(32 / servers.length));
    const results = await Promise.all(
      servers.map((s) => autocannon({ url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, connections: per, duration: seconds, requests })),
    );
    return {
      rps: Math.round(results.reduce((n, r) => n + r.requests.average, 0)),
      p99Ms: Math.max(...results.map((r) => r.latency.p99)),
      errors: results.reduce((n, r) => n + r.errors + r.non2xx, 0),
    };
  } finally {
    for (const s of servers) s.close();
  }
}

async function schemaBytes(url: string, schema: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query(`SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = $1 AND c.relkind IN ('r', 'm')`, [schema]);
    return Number((r.rows[0] as { n: string }).n);
  } finally {
    await client.end();
  }
}

export async function postgresBench(source: Release[], n: number, opts: { json: boolean; seconds: number }): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), `bench-pg-${n}-`));
  let clusterDir: string | undefined;
  try {
    let url = process.env['DATABASE_URL'];
    if (!url) {
      // a folder of its own: the postgres user must be able to reach it (a temporary folder is private)
      clusterDir = mkdtempSync(join(tmpdir(), 'bench-pg-cluster-'));
      url = (await startCluster(clusterDir)).url;
      log(`throwaway cluster at ${url}`);
    }
    const corpusDir = join(work, 'corpus');
    const gen = generateCorpus(source, n, SEED, corpusDir);
    const queries = querySet(source, gen.codes, SEED);
    const ingester = await createDefaultIngester();
    const out: Record<string, unknown> = { releasesAsked: n, corpusMb: round(gen.bytes / 1024 / 1024, 1) };

    // memory: the index folder
    const indexDir = join(work, 'index');
    let t = performance.now();
    const memSummary = await reindex({ corpusDir, indexDir, full: true }, ingester);
    const memBuildMs = performance.now() - t;
    log(`memory: built ${memSummary.releases.total} in ${(memBuildMs / 1000).toFixed(1)} s`);
    // postgres: the same corpus (its draft cache in a folder of its own)
    const pgIndexDir = join(work, 'pg-drafts');
    const writer = () => openEngine({ backend: 'postgres', url: url!, schema: 'bench', create: 'replace' });
    t = performance.now();
    const pgSummary = await reindex({ corpusDir, indexDir: pgIndexDir, full: true, database: writer }, ingester);
    const pgBuildMs = performance.now() - t;
    log(`postgres: built ${pgSummary.releases.total} in ${(pgBuildMs / 1000).toFixed(1)} s`);

    const one = generateCorpus(source, 1, SEED + n, join(work, 'one'));
    writeFileSync(join(corpusDir, 'new-filing.csv'), readFileSync(join(one.dir, 'bench-0000.csv')));
    t = performance.now();
    await reindex({ corpusDir, indexDir }, ingester);
    const memIncrementalMs = performance.now() - t;
    t = performance.now();
    await reindex({ corpusDir, indexDir: pgIndexDir, database: () => openEngine({ backend: 'postgres', url: url!, schema: 'bench', create: 'if-missing' }) }, ingester);
    const pgIncrementalMs = performance.now() - t;

    const memory = await openEngine({ backend: 'memory', indexDir });
    const postgres = await openEngine({ backend: 'postgres', url, schema: 'bench', poolSize: 16 });
    log('timing queries');
    const repeats = 3;
    const memTimes = await time(memory, queries, repeats);
    const pgTimes = await time(postgres, queries, repeats);
    log('HTTP at 32 connections');
    const memHttp = await http([memory], queries, opts.seconds);
    const pgHttp1 = await http([postgres], queries, opts.seconds);
    const second = await openEngine({ backend: 'postgres', url, schema: 'bench', poolSize: 16 });
    const pgHttp2 = await http([postgres, second], queries, opts.seconds);
    await second.close();

    // the same releases with the text index as RUM
    log('RUM: loading the same releases');
    const ids = (await postgres.search({ query: { kind: 'all' }, order: 'date', offset: 0, limit: 1_000_000 })).hits.map((h) => h.id);
    const releases = (await postgres.releases(ids)).filter((r): r is Release => r !== undefined);
    let rum: Record<string, unknown> = { skipped: 'the rum extension is not installed (apt-get install postgresql-15-rum)' };
    try {
      const rumEngine = await openEngine({ backend: 'postgres', url, schema: 'bench_rum', create: 'replace', access: 'rum', poolSize: 16 });
      t = performance.now();
      await rumEngine.apply({ upserts: releases.map((release) => ({ release, hash: releaseHash(release) })), removals: [] }, { rebuild: true });
      await rumEngine.commit({ corpusDir, code: 'bench', files: {}, counts: { files: 0, releases: releases.length, skippedParts: 0, boilerplateRemoved: 0 } });
      const rumLoadMs = performance.now() - t;
      const ginEngine = await openEngine({ backend: 'postgres', url, schema: 'bench_gin', create: 'replace', access: 'gin', poolSize: 16 });
      t = performance.now();
      await ginEngine.apply({ upserts: releases.map((release) => ({ release, hash: releaseHash(release) })), removals: [] }, { rebuild: true });
      await ginEngine.commit({ corpusDir, code: 'bench', files: {}, counts: { files: 0, releases: releases.length, skippedParts: 0, boilerplateRemoved: 0 } });
      const ginLoadMs = performance.now() - t;
      const rumTimes = await time(rumEngine, queries, repeats);
      rum = {
        gin: { loadMs: Math.round(ginLoadMs), bytes: await schemaBytes(url, 'bench_gin'), p50Ms: pgTimes.p50Ms, p99Ms: pgTimes.p99Ms },
        rum: { loadMs: Math.round(rumLoadMs), bytes: await schemaBytes(url, 'bench_rum'), p50Ms: rumTimes.p50Ms, p99Ms: rumTimes.p99Ms, byType: rumTimes.byType },
      };
      await rumEngine.close();
      await ginEngine.close();
    } catch (err) {
      if (!/rum/i.test((err as Error).message)) throw err;
    }
    Object.assign(out, {
      releases: pgSummary.releases.total,
      memory: { buildMs: Math.round(memBuildMs), incrementalMs: Math.round(memIncrementalMs), indexBytes: memSummary.indexBytes, query: memTimes, http32: memHttp },
      postgres: { buildMs: Math.round(pgBuildMs), incrementalMs: Math.round(pgIncrementalMs), databaseBytes: await schemaBytes(url, 'bench'), query: pgTimes, http32: { oneNode: pgHttp1, twoNodes: pgHttp2 } },
      textIndex: rum,
    });
    await memory.close();
    await postgres.close();
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      return;
    }
    process.stdout.write(table(out as unknown as BenchOut));
  } finally {
    if (clusterDir) {
      stopCluster(clusterDir);
      rmSync(clusterDir, { recursive: true, force: true });
    }
    rmSync(work, { recursive: true, force: true });
  }
}

interface BenchOut {
  releases: number;
  corpusMb: number;
  memory: { buildMs: number; incrementalMs: number; indexBytes: number; query: Timings; http32: { rps: number; p99Ms: number } };
  postgres: { buildMs: number; incrementalMs: number; databaseBytes: number; query: Timings; http32: { oneNode: { rps: number; p99Ms: number }; twoNodes: { rps: number; p99Ms: number } } };
  textIndex: { gin?: { loadMs: number; bytes: number; p50Ms: number; p99Ms: number }; rum?: { loadMs: number; bytes: number; p50Ms: number; p99Ms: number }; skipped?: string };
}

function table(r: BenchOut): string {
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
  const rows: [string, string, string][] = [
    ['ingest + build', `${(r.memory.buildMs / 1000).toFixed(1)} s`, `${(r.postgres.buildMs / 1000).toFixed(1)} s`],
    ['one new filing, reindexed', `${r.memory.incrementalMs} ms`, `${r.postgres.incrementalMs} ms`],
    ['index folder / database', mb(r.memory.indexBytes), mb(r.postgres.databaseBytes)],
    ['query p50 / p99 (with snippets)', `${r.memory.query.p50Ms} / ${r.memory.query.p99Ms} ms`, `${r.postgres.query.p50Ms} / ${r.postgres.query.p99Ms} ms`],
    ...Object.keys(r.memory.query.byType).map((type): [string, string, string] => [
      `· ${type}`,
      `${r.memory.query.byType[type]?.p50Ms} / ${r.memory.query.byType[type]?.p99Ms} ms`,
      `${r.postgres.query.byType[type]?.p50Ms} / ${r.postgres.query.byType[type]?.p99Ms} ms`,
    ]),
    ...Object.keys(r.memory.query.adversarial).map((type): [string, string, string] => [`worst shape: ${type}`, `${r.memory.query.adversarial[type]} ms`, `${r.postgres.query.adversarial[type]} ms`]),
    ['HTTP at 32 connections, one node', `${r.memory.http32.rps} req/s · p99 ${r.memory.http32.p99Ms} ms`, `${r.postgres.http32.oneNode.rps} req/s · p99 ${r.postgres.http32.oneNode.p99Ms} ms`],
    ['HTTP at 32 connections, two nodes', '–', `${r.postgres.http32.twoNodes.rps} req/s · p99 ${r.postgres.http32.twoNodes.p99Ms} ms`],
  ];
  const text = r.textIndex.gin && r.textIndex.rum
    ? `\nText index: GIN ${mb(r.textIndex.gin.bytes)}, load ${(r.textIndex.gin.loadMs / 1000).toFixed(1)} s, query p50/p99 ${r.textIndex.gin.p50Ms}/${r.textIndex.gin.p99Ms} ms; RUM ${mb(r.textIndex.rum.bytes)}, load ${(r.textIndex.rum.loadMs / 1000).toFixed(1)} s, query p50/p99 ${r.textIndex.rum.p50Ms}/${r.textIndex.rum.p99Ms} ms\n`
    : `\nText index: ${r.textIndex.skipped ?? ''}\n`;
  return `${r.releases.toLocaleString('en-US')} releases (${r.corpusMb} MB)\n\n| | memory | postgres |\n|---|---|---|\n${rows.map((row) => `| ${row.join(' | ')} |`).join('\n')}\n${text}`;
}
