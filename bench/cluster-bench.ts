import { spawn } from 'node:child_process';
import { sourceReleases } from './source-releases.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { generateCorpus } from './generate-corpus.js';
import { querySet } from './query-set.js';
import { wrkLoad } from './wrk-load.js';
import { cpuMs } from './cpu-time.js';

// HTTP throughput of the real server (`serve --workers N`) on a built index, at 32 connections,
// for each N, with the benchmark's query set, and the memory of each worker. Usage:
//   node dist/bench/cluster-bench.js --index DIR --corpus DIR [--workers 1,2] [--seconds 10] [--generator autocannon|wrk]
// `--pages N` asks every query for N pages, so that answers are searched, not served from the
// workers' answer caches (as long as a run asks fewer requests than that). With `--generator wrk` (apt-get install wrk) the load comes from a C program that leaves the
// cores to the server: autocannon, in this process, takes most of one.
const { values } = parseArgs({ options: { index: { type: 'string' }, corpus: { type: 'string' }, workers: { type: 'string' }, seconds: { type: 'string' }, connections: { type: 'string' }, generator: { type: 'string' }, warmup: { type: 'string' }, pages: { type: 'string' } } });
if (!values.index || !values.corpus) {
  process.stderr.write('usage: cluster-bench --index DIR --corpus DIR [--workers 1,2] [--seconds 10] [--connections 32] [--generator autocannon|wrk] [--warmup 6] [--pages N]\n');
  process.exit(2);
}
const ROOT = join(import.meta.dirname, '..', '..');
const SEED = 20041;

const rssMb = (pid: number) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);

const source = await sourceReleases(ROOT);
// the benchmark corpus's codes (generated first from the seed, before any release)
const empty = mkdtempSync(join(tmpdir(), 'cluster-bench-'));
const codes = generateCorpus(source, 0, SEED, empty).codes;
rmSync(empty, { recursive: true, force: true });
const queries = querySet(source, codes, SEED);
const pathOf = (q: (typeof queries)[number], page: number) => `/api/search?q=${encodeURIComponent(q.q)}${q.sort ? `&sort=${q.sort}` : ''}${page > 1 ? `&page=${page}` : ''}`;
// --pages N: each query asked for pages 1..N, every request a different answer (none from a
// worker's answer cache while the run asks fewer than their number); the warm-up asks other pages
const pages = Number(values.pages ?? 1);
const pagesOf = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i).flatMap((page) => queries.map((q) => ({ method: 'GET' as const, path: pathOf(q, page) })));
const requests = pagesOf(1, pages);
const warmupRequests = pages > 1 ? pagesOf(pages + 1, pages + 2) : requests;
const seconds = Number(values.seconds ?? 10);
const warmup = Number(values.warmup ?? 6);
const connections = Number(values.connections ?? 32);
const generator = values.generator ?? 'autocannon';
if (generator !== 'autocannon' && generator !== 'wrk') {
  process.stderr.write(`cluster-bench: --generator is autocannon or wrk, not ${generator}\n`);
  process.exit(2);
}
async function load(url: string, seconds: number, asked = requests) {
  if (generator === 'wrk') return wrkLoad(url, asked.map((q) => q.path), connections, seconds);
  const gen0 = process.cpuUsage();
  const r = await autocannon({ url, connections, duration: seconds, requests: asked });
  const gen = process.cpuUsage(gen0);
  return { rps: Math.round(r.requests.average), p50Ms: r.latency.p50, p99Ms: r.latency.p99, errors: r.errors + r.non2xx, total: r.requests.total, generatorCpuSeconds: (gen.user + gen.system) / 1e6 };
}
const results = [];
for (const n of (values.workers ?? '1,2').split(',').map(Number)) {
  const child = spawn(process.execPath, ['--max-semi-space-size=16', join(ROOT, 'dist', 'src', 'cli', 'serve.js'), '--index', values.index, '--corpus', values.corpus, '--port', '0', '--workers', String(n)], {
    env: { ...process.env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const started = performance.now();
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /serve: ready at http:\/\/localhost:(\d+)/.exec(stderr);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${stderr}`)));
  });
  const readyMs = Math.round(performance.now() - started);
  const url = `http://127.0.0.1:${port}`;
  // warm-up: JIT and each worker's answer cache (two workers each meet every query cold once:
  // 2 s left their first slow answers queued behind each other, timeouts of over 2 s in wrk)
  await load(url, warmup, warmupRequests);
  const pids = n === 1 ? [child.pid!] : [...stderr.matchAll(/worker \d+ \(pid (\d+)\) ready/g)].map((m) => Number(m[1]));
  // what serving a request costs the workers and what generating it costs this process: on a
  // machine whose cores the load generator shares, these say what the workers would serve alone
  const serverCpu = () => cpuMs(n === 1 ? pids : [...pids, child.pid!]) / 1000;
  const cpu0 = serverCpu();
  const r = await load(url, seconds);
  const served = r.total || 1;
  const serverCpuMsPerRequest = Math.round(((serverCpu() - cpu0) * 1000 * 1000) / served) / 1000;
  const generatorCpuMsPerRequest = Math.round(((r.generatorCpuSeconds * 1000) / served) * 1000) / 1000;
  const { rps, p50Ms, p99Ms, errors } = r;
  const out = { workers: n, connections, generator, distinctRequests: requests.length, served: r.total, rps, p50Ms, p99Ms, errors, readyMs, rssMbPerWorker: pids.map(rssMb), serverCpuMsPerRequest, generatorCpuMsPerRequest };
  results.push(out);
  process.stderr.write(`${JSON.stringify(out)}\n`);
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}
const [one, two] = results;
process.stdout.write(`${JSON.stringify({ results, ratio: one && two ? Math.round((two.rps / one.rps) * 100) / 100 : undefined })}\n`);
