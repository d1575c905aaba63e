/**
 * `npm run bench -- --engine postgres [--releases N] [--json]`: the memory engine and the postgres
 * backend on the same generated corpus in one run: full build, one new filing reindexed, index
 * or database size, query p50/p99 with snippets per query type, the worst query shapes, HTTP at
 * 32 connections with one and two web nodes on the database, and the text index as GIN and as
 * RUM. Uses DATABASE_URL when set, else a throwaway cluster of its own.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
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
import { SearchTimeoutError } from '../src/engine/postgres/pg-errors.js';
import { createDefaultIngester } from '../src/reindex/default-ingester.js';
import { reindex } from '../src/reindex/reindex.js';
import { search } from '../src/search/search.js';
import { codeVersion } from '../src/reindex/code-version.js';
import { readManifest } from '../src/store/manifest.js';
import { releaseHash } from '../src/store/release-hash.js';
import { createApp } from '../src/web/create-app.js';
import { generateCorpus } from './generate-corpus.js';
import { adversarialQueries, querySet, type BenchQuery } from './query-set.js';
import { childrenOf, cpuMs, parentOf } from './cpu-time.js';
import { percentile, round } from './stats.js';

const SEED = 20041;
const log = (msg: string) => process.stderr.write(`bench: ${msg}\n`);

interface Timings {
  p50Ms: number;
  p99Ms: number;
  byType: Record<string, { p50Ms: number; p99Ms: number; timedOut?: number }>;
  adversarial: Record<string, number>;
}

async function time(engine: Engine, queries: BenchQuery[], repeats: number): Promise<Timings> {
  const run = (q: BenchQuery) => search(engine, { q: q.q, page: 1, size: 10, sort: q.sort ?? 'relevance' });
  // a search stopped by the statement timeout counts as the time it took, and is counted
  const stopped = new Map<string, number>();
  const attempt = (q: BenchQuery) =>
    run(q).catch((err: unknown) => {
      if (!(err instanceof SearchTimeoutError)) throw err;
      stopped.set(q.type, (stopped.get(q.type) ?? 0) + 1);
    });
  for (const q of queries) await attempt(q);
  stopped.clear();
  const all: number[] = [];
  const byType = new Map<string, number[]>();
  for (let r = 0; r < repeats; r++) {
    for (const q of queries) {
      const t = performance.now();
      await attempt(q);
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
    byType: Object.fromEntries([...byType].map(([type, xs]) => [type, { p50Ms: round(percentile(xs, 50), 2), p99Ms: round(percentile(xs, 99), 2), ...(stopped.has(type) ? { timedOut: stopped.get(type)! } : {}) }])),
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

/** A prebuilt corpus, memory index and postgres schema to measure instead of building them (100k and up). */
export interface ReuseBuilt {
  corpusDir: string;
  indexDir: string;
  schema: string;
}

/** Web nodes on the postgres index, each a process of its own (bench/pg-serve-child.ts); resolves with their ports. */
async function pgNodes(url: string, schema: string, count: number): Promise<{ ports: number[]; pids: number[]; stop(): Promise<void> }> {
  const script = join(import.meta.dirname, 'pg-serve-child.js');
  const children = Array.from({ length: count }, () => spawn(process.execPath, [script, url, schema, '16'], { stdio: ['ignore', 'pipe', 'inherit'] }));
  const ports = await Promise.all(
    children.map(
      (child) =>
        new Promise<number>((resolve, reject) => {
          let out = '';
          child.stdout!.on('data', (d: Buffer) => {
            out += d.toString();
            const m = /"port":(\d+)/.exec(out);
            if (m) resolve(Number(m[1]));
          });
          child.once('exit', (code) => reject(new Error(`web node exited with ${code}`)));
        }),
    ),
  );
  return {
    ports,
    pids: children.map((c) => c.pid!),
    stop: async () => {
      await Promise.all(children.map((c) => new Promise((resolve) => (c.once('exit', resolve), c.kill('SIGTERM')))));
    },
  };
}

interface HttpResult {
  rps: number;
  p99Ms: number;
  errors: number;
  /** CPU per request (ms) in the web nodes and in the database's processes, and their share of the machine's cores. */
  cpuPerRequestMs?: { web: number; database: number; loadGenerator: number };
  coresBusy?: number;
}

/**
 * Requests per second at 32 connections spread over web nodes already listening (`ports`, their
 * processes `pids`), with the CPU each request cost in the nodes and in the database's
 * backends (`dbServer`: the PostgreSQL server's process, whose children they are).
 */
async function httpAt(ports: number[], pids: number[], dbServer: number | undefined, queries: BenchQuery[], seconds: number): Promise<HttpResult> {
  const requests = queries.map((q) => ({ method: 'GET' as const, path: `/api/search?q=${encodeURIComponent(q.q)}${q.sort ? `&sort=${q.sort}` : ''}` }));
  const per = Math.max(1, Math.floor(32 / ports.length));
  // warm-up: JIT, each node's answer cache, the database's buffers
  await Promise.all(ports.map((port) => autocannon({ url: `http://127.0.0.1:${port}`, connections: per, duration: 2, requests })));
  const backends = dbServer === undefined ? [] : childrenOf(dbServer);
  const web0 = cpuMs(pids);
  const db0 = cpuMs(backends);
  const gen0 = process.cpuUsage();
  const t0 = performance.now();
  const results = await Promise.all(ports.map((port) => autocannon({ url: `http://127.0.0.1:${port}`, connections: per, duration: seconds, requests })));
  const wallMs = performance.now() - t0;
  const web = cpuMs(pids) - web0;
  const db = cpuMs(backends) - db0;
  const gen = process.cpuUsage(gen0);
  const generator = (gen.user + gen.system) / 1000;
  const total = results.reduce((n, r) => n + r.requests.total, 0);
  return {
    rps: Math.round(results.reduce((n, r) => n + r.requests.average, 0)),
    p99Ms: Math.max(...results.map((r) => r.latency.p99)),
    errors: results.reduce((n, r) => n + r.errors + r.non2xx, 0),
    ...(total > 0 ? { cpuPerRequestMs: { web: round(web / total, 2), database: round(db / total, 2), loadGenerator: round(generator / total, 2) }, coresBusy: round((web + db + generator) / wallMs, 2) } : {}),
  };
}

/** The PostgreSQL server process behind a connection string (the parent of a backend), when it runs on this machine. */
async function serverPid(url: string): Promise<number | undefined> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const backend = Number((await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
    return parentOf(backend);
  } finally {
    await client.end();
  }
}

function folderBytes(dir: string, skip: string): number {
  return readdirSync(dir).filter((f) => f !== skip).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
}

export async function postgresBench(source: Release[], n: number, opts: { json: boolean; seconds: number; reuse?: ReuseBuilt; rum?: boolean }): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), `bench-pg-${n}-`));
  let clusterDir: string | undefined;
  try {
    let url = process.env['DATABASE_URL'];
    if (!url) {
      if (opts.reuse) throw new Error('--schema measures a database already built: set DATABASE_URL');
      // a folder of its own: the postgres user must be able to reach it (a temporary folder is private)
      clusterDir = mkdtempSync(join(tmpdir(), 'bench-pg-cluster-'));
      url = (await startCluster(clusterDir)).url;
      log(`throwaway cluster at ${url}`);
    }
    const schema = opts.reuse?.schema ?? 'bench';
    const corpusDir = join(work, 'corpus');
    const indexDir = join(work, 'index');
    const pgIndexDir = join(work, 'pg-drafts');
    const ingester = await createDefaultIngester();
    const out: Record<string, unknown> = { releasesAsked: n };
    let memBuildMs: number | undefined;
    let pgBuildMs: number | undefined;
    let codes: ReturnType<typeof generateCorpus>['codes'];
    if (opts.reuse) {
      // the built corpus (hard-linked, as reindex follows no symbolic link: the new filing below
      // must not land in it), a copy of the memory index and the draft cache (an incremental
      // reindex writes them)
      mkdirSync(corpusDir);
      let bytes = 0;
      for (const f of readdirSync(opts.reuse.corpusDir)) {
        try {
          linkSync(join(opts.reuse.corpusDir, f), join(corpusDir, f));
        } catch {
          copyFileSync(join(opts.reuse.corpusDir, f), join(corpusDir, f));
        }
        bytes += statSync(join(opts.reuse.corpusDir, f)).size;
      }
      out['corpusMb'] = round(bytes / 1024 / 1024, 1);
      // (an index of other ingest code is only read: no reindex of it is measured)
      if (readManifest(opts.reuse.indexDir).codeVersion === codeVersion()) cpSync(opts.reuse.indexDir, indexDir, { recursive: true });
      else symlinkSync(opts.reuse.indexDir, indexDir);
      cpSync(join(opts.reuse.indexDir, 'drafts'), join(pgIndexDir, 'drafts'), { recursive: true });
      codes = generateCorpus(source, 0, SEED, join(work, 'codes')).codes;
      log(`measuring the built index ${opts.reuse.indexDir} and schema ${schema}`);
    } else {
      const gen = generateCorpus(source, n, SEED, corpusDir);
      codes = gen.codes;
      out['corpusMb'] = round(gen.bytes / 1024 / 1024, 1);
      let t = performance.now();
      const memSummary = await reindex({ corpusDir, indexDir, full: true }, ingester);
      memBuildMs = performance.now() - t;
      log(`memory: built ${memSummary.releases.total} in ${(memBuildMs / 1000).toFixed(1)} s`);
      // postgres: the same corpus (its draft cache in a folder of its own)
      t = performance.now();
      await reindex({ corpusDir, indexDir: pgIndexDir, full: true, database: () => openEngine({ backend: 'postgres', url: url!, schema, create: 'replace' }) }, ingester);
      pgBuildMs = performance.now() - t;
      log(`postgres: built in ${(pgBuildMs / 1000).toFixed(1)} s`);
    }
    const queries = querySet(source, codes, SEED);

    const one = generateCorpus(source, 1, SEED + n, join(work, 'one'));
    writeFileSync(join(corpusDir, 'new-filing.csv'), readFileSync(join(one.dir, 'bench-0000.csv')));
    let t = performance.now();
    // a memory index built by other ingest code is rebuilt whole by any reindex: not an incremental figure
    const stale = opts.reuse !== undefined && readManifest(opts.reuse.indexDir).codeVersion !== codeVersion();
    if (stale) log('memory: the index was built by other ingest code; its incremental reindex is not measured');
    const memInc = stale ? undefined : await reindex({ corpusDir, indexDir }, ingester);
    const memIncrementalMs = stale ? undefined : performance.now() - t;
    t = performance.now();
    const pgInc = await reindex({ corpusDir, indexDir: pgIndexDir, database: () => openEngine({ backend: 'postgres', url: url!, schema, create: 'if-missing' }) }, ingester);
    const pgIncrementalMs = performance.now() - t;
    log(`one new filing: memory ${memIncrementalMs === undefined ? '–' : Math.round(memIncrementalMs)} ms (${memInc?.extended ? 'new files alone' : 'whole corpus'}), postgres ${Math.round(pgIncrementalMs)} ms (${pgInc.extended ? 'new files alone' : `whole corpus: ${pgInc.notExtended ?? pgInc.reason ?? ''}`})`);

    const memory = await openEngine({ backend: 'memory', indexDir });
    const postgres = await openEngine({ backend: 'postgres', url, schema, poolSize: 16 });
    log('timing queries');
    const repeats = 3;
    const memTimes = await time(memory, queries, repeats);
    const pgTimes = await time(postgres, queries, repeats);
    log('HTTP at 32 connections');
    const memHttp = await http([memory], queries, opts.seconds);
    const single = await pgNodes(url, schema, 1);
    const dbServer = await serverPid(url);
    const pgHttp1 = await httpAt(single.ports, single.pids, dbServer, queries, opts.seconds).finally(() => single.stop());
    const pair = await pgNodes(url, schema, 2);
    const pgHttp2 = await httpAt(pair.ports, pair.pids, dbServer, queries, opts.seconds).finally(() => pair.stop());

    let rum: Record<string, unknown> = { skipped: opts.rum === false ? 'not measured in this run' : 'the rum extension is not installed (apt-get install postgresql-15-rum)' };
    if (opts.rum !== false) rum = await rumAgainstGin(postgres, url, corpusDir, pgTimes, queries, repeats);
    Object.assign(out, {
      releases: pgInc.releases.total,
      memory: { buildMs: memBuildMs && Math.round(memBuildMs), incrementalMs: memIncrementalMs && Math.round(memIncrementalMs), indexBytes: folderBytes(indexDir, 'drafts'), query: memTimes, http32: memHttp },
      postgres: { buildMs: pgBuildMs && Math.round(pgBuildMs), incrementalMs: Math.round(pgIncrementalMs), extended: pgInc.extended, databaseBytes: await schemaBytes(url, schema), query: pgTimes, http32: { oneNode: pgHttp1, twoNodes: pgHttp2 } },
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

/** The same releases with the text index as RUM and as GIN, loaded and timed. */
async function rumAgainstGin(postgres: Engine, url: string, corpusDir: string, pgTimes: Timings, queries: BenchQuery[], repeats: number): Promise<Record<string, unknown>> {
  log('RUM: loading the same releases');
  const ids = (await postgres.search({ query: { kind: 'all' }, order: 'date', offset: 0, limit: 1_000_000 })).hits.map((h) => h.id);
  const releases = (await postgres.releases(ids)).filter((r): r is Release => r !== undefined);
  try {
    const rumEngine = await openEngine({ backend: 'postgres', url, schema: 'bench_rum', create: 'replace', access: 'rum', poolSize: 16 });
    let t = performance.now();
    await rumEngine.apply({ upserts: releases.map((release) => ({ release, hash: releaseHash(release) })), removals: [] }, { rebuild: true });
    await rumEngine.commit({ corpusDir, code: 'bench', files: {}, counts: { files: 0, releases: releases.length, skippedParts: 0, boilerplateRemoved: 0 } });
    const rumLoadMs = performance.now() - t;
    const ginEngine = await openEngine({ backend: 'postgres', url, schema: 'bench_gin', create: 'replace', access: 'gin', poolSize: 16 });
    t = performance.now();
    await ginEngine.apply({ upserts: releases.map((release) => ({ release, hash: releaseHash(release) })), removals: [] }, { rebuild: true });
    await ginEngine.commit({ corpusDir, code: 'bench', files: {}, counts: { files: 0, releases: releases.length, skippedParts: 0, boilerplateRemoved: 0 } });
    const ginLoadMs = performance.now() - t;
    const rumTimes = await time(rumEngine, queries, repeats);
    const out = {
      gin: { loadMs: Math.round(ginLoadMs), bytes: await schemaBytes(url, 'bench_gin'), p50Ms: pgTimes.p50Ms, p99Ms: pgTimes.p99Ms },
      rum: { loadMs: Math.round(rumLoadMs), bytes: await schemaBytes(url, 'bench_rum'), p50Ms: rumTimes.p50Ms, p99Ms: rumTimes.p99Ms, byType: rumTimes.byType },
    };
    await rumEngine.close();
    await ginEngine.close();
    return out;
  } catch (err) {
    if (!/rum/i.test((err as Error).message)) throw err;
    return { skipped: 'the rum extension is not installed (apt-get install postgresql-15-rum)' };
  }
}

interface BenchOut {
  releases: number;
  corpusMb: number;
  memory: { buildMs?: number; incrementalMs?: number; indexBytes: number; query: Timings; http32: { rps: number; p99Ms: number } };
  postgres: { buildMs?: number; incrementalMs: number; databaseBytes: number; query: Timings; http32: { oneNode: HttpResult; twoNodes: HttpResult } };
  textIndex: { gin?: { loadMs: number; bytes: number; p50Ms: number; p99Ms: number }; rum?: { loadMs: number; bytes: number; p50Ms: number; p99Ms: number }; skipped?: string };
}

const cpuText = (h: HttpResult) => (h.cpuPerRequestMs ? `${h.cpuPerRequestMs.web} + ${h.cpuPerRequestMs.database} ms (+ ${h.cpuPerRequestMs.loadGenerator} load generator; ${h.coresBusy} cores busy)` : 'not measured');

function table(r: BenchOut): string {
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
  const rows: [string, string, string][] = [
    ['ingest + build', r.memory.buildMs === undefined ? 'built before' : `${(r.memory.buildMs / 1000).toFixed(1)} s`, r.postgres.buildMs === undefined ? 'built before' : `${(r.postgres.buildMs / 1000).toFixed(1)} s`],
    ['one new filing, reindexed', r.memory.incrementalMs === undefined ? 'not measured' : `${r.memory.incrementalMs} ms`, `${r.postgres.incrementalMs} ms`],
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
    ['CPU per request: web node + database, one node / two', '–', [r.postgres.http32.oneNode, r.postgres.http32.twoNodes].map(cpuText).join(' / ')],
  ];
  const text = r.textIndex.gin && r.textIndex.rum
    ? `\nText index: GIN ${mb(r.textIndex.gin.bytes)}, load ${(r.textIndex.gin.loadMs / 1000).toFixed(1)} s, query p50/p99 ${r.textIndex.gin.p50Ms}/${r.textIndex.gin.p99Ms} ms; RUM ${mb(r.textIndex.rum.bytes)}, load ${(r.textIndex.rum.loadMs / 1000).toFixed(1)} s, query p50/p99 ${r.textIndex.rum.p50Ms}/${r.textIndex.rum.p99Ms} ms\n`
    : `\nText index: ${r.textIndex.skipped ?? ''}\n`;
  return `${r.releases.toLocaleString('en-US')} releases (${r.corpusMb} MB)\n\n| | memory | postgres |\n|---|---|---|\n${rows.map((row) => `| ${row.join(' | ')} |`).join('\n')}\n${text}`;
}
