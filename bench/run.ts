import { spawn } from 'node:child_process';
import { sourceReleases } from './source-releases.js';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import type { Release } from '../src/clean/release.js';
import { createDefaultIngester } from '../src/reindex/default-ingester.js';
import { reindex } from '../src/reindex/reindex.js';
import { generateCorpus } from './generate-corpus.js';
import { postgresBench } from './postgres-bench.js';
import { corpusRateTable, measureHostileCorpus } from './hostile-corpus.js';
import { linearTable, measureLinearIngest } from './linear-ingest.js';
import { querySet, type BenchQuery } from './query-set.js';
import { round } from './stats.js';

// query types whose words most releases hold (bench/query-set.ts)
const MUST_FIND = ['common word', 'common words AND', 'sorted by date'];
const HELP = `Usage: npm run -s bench -- [--quick] [--json] [--releases N] [--seed S] [--peers] [--jobs N]
       npm run -s bench -- --linear [--json]     (or npm run bench:linear)
       npm run -s bench -- --engine postgres [--releases N] [--json] [--no-rum]   (memory and postgres side by
                 side; DATABASE_URL, or a throwaway cluster; default 10,000 releases)
       npm run -s bench -- --engine postgres --corpus DIR --index DIR --schema S [--no-rum]   (the same on a
                 corpus, memory index and DATABASE_URL schema built before: 100k and up)

Generate a corpus of N releases from the shipped ones, index it with the real pipeline, and
measure build speed, index size, save/load time, memory, query latency per query type (with
snippets), HTTP throughput with autocannon at 1, 8 and 32 connections, and two floors (a linear
scan and a bare inverted index). --quick runs 10,000 releases with short HTTP runs and prints one
JSON object; otherwise every size (1k, 10k, 100k) or --releases N, a Markdown table, and
bench/results/<date>.json. --peers also runs MiniSearch out of the box and FlexSearch 0.8 on the
same corpus and queries, each in a fresh process (index only, a naive first-match snippet), and
prints ours ÷ theirs for p50, p99, build time and RSS (above 1: ours costs more; our build includes
reading and cleaning the filings). --jobs N: ingest workers for the build (default: the cores).
--linear instead ingests each hostile filing shape (bench/hostile-filings.ts)
at 1 MB and 4 MB and reports the ratio of the times (linear: about 4; exit 1 past 4.5), then
reindexes a 90 MB corpus of such files and the shipped corpus end to end and compares their rates.
`;

const ROOT = join(import.meta.dirname, '..', '..');
const SEED = 20041;

interface SizeResult {
  /** The size asked for (merged duplicates make `releases` a little smaller). */
  target?: number;
  releases: number;
  corpusMb: number;
  build: { ms: number; mbPerSec: number };
  index: { bytes: number; saveMs: number; loadMs: number };
  rssMb: number;
  heapMb: number;
  incrementalMs: number;
  /** `empty`: how many queries of each type answered nothing (types not named had none). */
  query: { p50Ms: number; p95Ms: number; p99Ms: number; byType: Record<string, { p50Ms: number; p99Ms: number }>; empty: Record<string, number> };
  floor: { scanP50Ms: number; invertedP50Ms: number; oursAndP50Ms: number };
  /** Median ms of each of the worst query shapes within the limits (bench/query-set.ts). */
  adversarial?: Record<string, number>;
  http: { rps: number; p99Ms: number; byConnections: Record<string, { rps: number; p99Ms: number }> };
  /** --peers: each peer's figures and ours ÷ theirs. */
  peers?: Record<string, PeerFigures>;
}

interface PeerFigures {
  p50Ratio: number;
  p99Ratio: number;
  buildRatio: number;
  rssRatio: number;
  p50Ms: number;
  p99Ms: number;
  buildMs: number;
  buildMbPerSec: number;
  rssMb: number;
}

const PEERS = ['minisearch', 'flexsearch'];

/** One peer library on the same corpus and queries, in a fresh process. */
async function runPeer(lib: string, corpusDir: string, queriesFile: string, repeats: number) {
  const child = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=8192', join(import.meta.dirname, 'peer-child.js'), lib, corpusDir, queriesFile, String(repeats)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`peer ${lib} exited with ${code}`)));
  });
  return JSON.parse(line) as { build: { ms: number; mbPerSec: number }; rssMb: number; query: { p50Ms: number; p99Ms: number } };
}

const log = (msg: string) => process.stderr.write(`bench: ${msg}\n`);

function dirBytes(dir: string): number {
  let n = 0;
  for (const name of readdirSync(dir)) {
    const s = statSync(join(dir, name));
    n += s.isDirectory() ? dirBytes(join(dir, name)) : s.size;
  }
  return n;
}

async function serveChild(indexDir: string, queries: BenchQuery[], repeats: number, work: string) {
  const file = join(work, 'queries.json');
  writeFileSync(file, JSON.stringify(queries));
  const child = spawn(process.execPath, ['--expose-gc', '--max-semi-space-size=16', '--max-old-space-size=8192', join(import.meta.dirname, 'serve-child.js'), indexDir, file, String(repeats)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bench child exited with ${code}`)));
  });
  return { child, result: JSON.parse(line) as Omit<SizeResult, 'releases' | 'corpusMb' | 'build' | 'incrementalMs' | 'http'> & { port: number; index: { loadMs: number; saveMs: number } } };
}

async function loadTest(port: number, queries: BenchQuery[], connections: number, seconds: number) {
  const requests = queries.map((q) => ({ method: 'GET' as const, path: `/api/search?q=${encodeURIComponent(q.q)}${q.sort ? `&sort=${q.sort}` : ''}` }));
  const r = await autocannon({ url: `http://127.0.0.1:${port}`, connections, duration: seconds, requests });
  return { rps: Math.round(r.requests.average), p99Ms: r.latency.p99, errors: r.errors + r.non2xx };
}

async function measure(source: Release[], n: number, quick: boolean, peers: boolean, jobs: number): Promise<SizeResult> {
  const work = mkdtempSync(join(tmpdir(), `bench-${n}-`));
  try {
    const corpusDir = join(work, 'corpus');
    const indexDir = join(work, 'index');
    log(`${n} releases: generating`);
    const gen = generateCorpus(source, n, SEED, corpusDir);
    const corpusMb = gen.bytes / 1024 / 1024;
    log(`${n} releases: ${corpusMb.toFixed(1)} MB; ingest + build`);
    const ingester = await createDefaultIngester();
    let started = performance.now();
    const summary = await reindex({ corpusDir, indexDir, full: true, jobs }, ingester);
    const buildMs = performance.now() - started;
    log(`${n} releases: built ${summary.releases.total} in ${(buildMs / 1000).toFixed(1)} s`);
    // one new filing, reindexed incrementally (not in --quick: its JSON has no such field)
    let incrementalMs = 0;
    if (!quick) {
      const one = generateCorpus(source, 1, SEED + n, join(work, 'one'));
      writeFileSync(join(corpusDir, 'new-filing.csv'), readFileSync(join(one.dir, 'bench-0000.csv')));
      started = performance.now();
      await reindex({ corpusDir, indexDir, jobs }, ingester);
      incrementalMs = performance.now() - started;
    }
    const queries = querySet(source, gen.codes, SEED);
    log(`${n} releases: loading in a fresh process, ${queries.length} queries`);
    const { child, result } = await serveChild(indexDir, queries, quick ? 2 : 5, work);
    // words in most releases find them at any size: an empty answer there is a defect, not a figure
    for (const type of MUST_FIND) if (result.query.empty[type]) log(`${n} releases: WARNING: ${result.query.empty[type]} "${type}" queries answered nothing`);
    let peerFigures: Record<string, PeerFigures> | undefined;
    try {
      const byConnections: Record<string, { rps: number; p99Ms: number }> = {};
      for (const c of [1, 8, 32]) {
        const r = await loadTest(result.port, queries, c, quick ? 1.5 : 8);
        if (r.errors) log(`${r.errors} failed HTTP requests at ${c} connections`);
        byConnections[String(c)] = { rps: r.rps, p99Ms: r.p99Ms };
      }
      if (peers) {
        peerFigures = {};
        for (const lib of PEERS) {
          log(`${n} releases: peer ${lib}`);
          const p = await runPeer(lib, corpusDir, join(work, 'queries.json'), quick ? 2 : 5);
          const ratio = (a: number, b: number) => round(a / Math.max(b, 1e-6), 2);
          peerFigures[lib] = {
            p50Ratio: ratio(result.query.p50Ms, p.query.p50Ms),
            p99Ratio: ratio(result.query.p99Ms, p.query.p99Ms),
            buildRatio: ratio(buildMs, p.build.ms),
            rssRatio: ratio(result.rssMb, p.rssMb),
            p50Ms: p.query.p50Ms,
            p99Ms: p.query.p99Ms,
            buildMs: p.build.ms,
            buildMbPerSec: p.build.mbPerSec,
            rssMb: p.rssMb,
          };
        }
      }
      return {
        target: n,
        releases: summary.releases.total,
        corpusMb: round(corpusMb, 1),
        build: { ms: Math.round(buildMs), mbPerSec: round(corpusMb / (buildMs / 1000), 2) },
        index: { bytes: dirBytes(indexDir), saveMs: result.index.saveMs, loadMs: result.index.loadMs },
        rssMb: result.rssMb,
        heapMb: result.heapMb,
        incrementalMs: Math.round(incrementalMs),
        query: result.query,
        ...(result.adversarial ? { adversarial: result.adversarial } : {}),
        floor: result.floor,
        http: { ...byConnections['32']!, byConnections },
        ...(peerFigures ? { peers: peerFigures } : {}),
      };
    } finally {
      child.kill('SIGTERM');
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function table(results: SizeResult[]): string {
  const rows: [string, (r: SizeResult) => string][] = [
    ['corpus', (r) => `${r.corpusMb} MB`],
    ['ingest + build', (r) => `${(r.build.ms / 1000).toFixed(1)} s · ${r.build.mbPerSec} MB/s`],
    ['index on disk', (r) => `${(r.index.bytes / 1024 / 1024).toFixed(1)} MB`],
    ['save / load', (r) => `${r.index.saveMs} ms / ${r.index.loadMs} ms`],
    ['RSS / heap after load', (r) => `${r.rssMb} MB / ${r.heapMb} MB`],
    ['query p50 / p95 / p99 (with snippets)', (r) => `${r.query.p50Ms} / ${r.query.p95Ms} / ${r.query.p99Ms} ms`],
    ...Object.keys(results[0]!.query.byType).map((type): [string, (r: SizeResult) => string] => [`· ${type} p50 / p99`, (r) => `${r.query.byType[type]?.p50Ms} / ${r.query.byType[type]?.p99Ms} ms`]),
    ...Object.keys(results[0]!.adversarial ?? {}).map((type): [string, (r: SizeResult) => string] => [`worst shape: ${type}`, (r) => `${r.adversarial?.[type] ?? '–'} ms`]),
    ['AND queries p50: ours / inverted-index floor / linear scan', (r) => `${r.floor.oursAndP50Ms} / ${r.floor.invertedP50Ms} / ${r.floor.scanP50Ms} ms`],
    ['HTTP req/s · p99 at 1 / 8 / 32 connections', (r) => ['1', '8', '32'].map((c) => `${r.http.byConnections[c]?.rps} · ${r.http.byConnections[c]?.p99Ms} ms`).join(' / ')],
    ['incremental reindex, one new filing', (r) => `${r.incrementalMs} ms`],
    ...PEERS.filter((lib) => results.some((r) => r.peers?.[lib])).map((lib): [string, (r: SizeResult) => string] => [
      `${lib}: p50 / p99 · build · RSS (ours ÷ theirs)`,
      (r) => {
        const p = r.peers?.[lib];
        return p ? `${p.p50Ms} / ${p.p99Ms} ms (${p.p50Ratio}× / ${p.p99Ratio}×) · ${(p.buildMs / 1000).toFixed(1)} s (${p.buildRatio}×) · ${p.rssMb} MB (${p.rssRatio}×)` : '–';
      },
    ]),
  ];
  const head = `| releases | ${results.map((r) => r.releases.toLocaleString('en-US')).join(' | ')} |\n|---|${results.map(() => '---|').join('')}`;
  return `${head}\n${rows.map(([name, f]) => `| ${name} | ${results.map(f).join(' | ')} |`).join('\n')}\n`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { engine: { type: 'string' }, linear: { type: 'boolean' }, quick: { type: 'boolean' }, json: { type: 'boolean' }, releases: { type: 'string' }, corpus: { type: 'string' }, index: { type: 'string' }, schema: { type: 'string' }, 'no-rum': { type: 'boolean' }, seed: { type: 'string' }, peers: { type: 'boolean' }, jobs: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.linear) {
    const results = await measureLinearIngest(log);
    const { table, ok } = linearTable(results);
    const corpora = await measureHostileCorpus(join(ROOT, 'corpus'), log);
    process.stdout.write(values.json ? `${JSON.stringify({ results, ok, corpora })}\n` : `${table}\n${corpusRateTable(corpora)}`);
    return ok ? 0 : 1;
  }
  if (values.engine === 'postgres') {
    const n = Number(values.releases ?? 10_000);
    if (!Number.isInteger(n) || n < 1) {
      process.stderr.write('bench: --releases must be a whole number, e.g. --releases 10000\n');
      return 2;
    }
    // --corpus, --index and --schema: measure a corpus, memory index and database schema built before
    const reuse = values.schema ? { corpusDir: values.corpus ?? '', indexDir: values.index ?? '', schema: values.schema } : undefined;
    if (reuse && (!reuse.corpusDir || !reuse.indexDir)) {
      process.stderr.write('bench: --schema needs --corpus DIR and --index DIR (the corpus and memory index it was built from)\n');
      return 2;
    }
    await postgresBench(await sourceReleases(ROOT), n, { json: values.json === true, seconds: values.quick ? 2 : 8, ...(reuse ? { reuse } : {}), rum: values['no-rum'] !== true });
    return 0;
  }
  if (values.engine !== undefined && values.engine !== 'memory') {
    process.stderr.write('bench: --engine must be memory or postgres\n');
    return 2;
  }
  const sizes = values.quick ? [10_000] : values.releases ? [Number(values.releases)] : [1_000, 10_000, 100_000];
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    process.stderr.write('bench: --releases must be a whole number, e.g. --releases 50000\n');
    return 2;
  }
  const source = await sourceReleases(ROOT);
  log(`${source.length} source releases from corpus/`);
  const results: SizeResult[] = [];
  const jobs = values.jobs === undefined ? Math.max(1, availableParallelism()) : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) {
    process.stderr.write('bench: --jobs must be a whole number, e.g. --jobs 2\n');
    return 2;
  }
  for (const n of sizes) results.push(await measure(source, n, values.quick === true, values.peers === true, jobs));
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 1024 ** 3)} GB, Node ${process.version}`;
  if (values.quick || values.json) {
    const { heapMb: _h, incrementalMs: _i, target: _t, ...first } = results[0]!;
    void _h;
    void _i;
    void _t;
    const out = values.quick ? { ...first, http: { rps: first.http.rps, p99Ms: first.http.p99Ms } } : { machine, results };
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return 0;
  }
  const dir = join(import.meta.dirname, '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().slice(0, 10)}.json`);
  // runs of one day accumulate: a size measured again replaces its earlier figures
  let all = results;
  if (existsSync(file)) {
    const earlier = (JSON.parse(readFileSync(file, 'utf8')) as { results: (SizeResult & { target?: number })[] }).results;
    const sizesNow = new Set(sizes);
    all = [...earlier.filter((r) => !sizesNow.has(r.target ?? r.releases)), ...results].sort((a, b) => a.releases - b.releases);
  }
  writeFileSync(file, `${JSON.stringify({ machine, date: new Date().toISOString(), results: all }, null, 2)}\n`);
  process.stdout.write(`Machine: ${machine}\n\n${table(all)}\nwritten to ${file}\n`);
  return 0;
}

process.exitCode = await main();
