import { spawn } from 'node:child_process';
import { sourceReleases } from './source-releases.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { generateCorpus } from './generate-corpus.js';
import { querySet } from './query-set.js';

// HTTP throughput of the real server (`serve --workers N`) on a built index, at 32 connections,
// for each N, with the benchmark's query set, and the memory of each worker. Usage:
//   node dist/bench/cluster-bench.js --index DIR --corpus DIR [--workers 1,2] [--seconds 10]
const { values } = parseArgs({ options: { index: { type: 'string' }, corpus: { type: 'string' }, workers: { type: 'string' }, seconds: { type: 'string' }, connections: { type: 'string' } } });
if (!values.index || !values.corpus) {
  process.stderr.write('usage: cluster-bench --index DIR --corpus DIR [--workers 1,2] [--seconds 10] [--connections 32]\n');
  process.exit(2);
}
const ROOT = join(import.meta.dirname, '..', '..');
const SEED = 20041;

// CPU seconds a process has used (user + system), from /proc (clock ticks of 10 ms)
const cpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const rssMb = (pid: number) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);

const source = await sourceReleases(ROOT);
// the benchmark corpus's codes (generated first from the seed, before any release)
const empty = mkdtempSync(join(tmpdir(), 'cluster-bench-'));
const codes = generateCorpus(source, 0, SEED, empty).codes;
rmSync(empty, { recursive: true, force: true });
const queries = querySet(source, codes, SEED);
const requests = queries.map((q) => ({ method: 'GET' as const, path: `/api/search?q=${encodeURIComponent(q.q)}${q.sort ? `&sort=${q.sort}` : ''}` }));
const seconds = Number(values.seconds ?? 10);
const connections = Number(values.connections ?? 32);
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
  await autocannon({ url, connections, duration: 2, requests }); // warm-up: JIT, each worker's answer cache
  const pids = n === 1 ? [child.pid!] : [...stderr.matchAll(/worker \d+ \(pid (\d+)\) ready/g)].map((m) => Number(m[1]));
  // what serving a request costs the workers and what generating it costs this process: on a
  // machine whose cores the load generator shares, these say what the workers would serve alone
  const serverCpu = () => pids.reduce((s, pid) => s + cpuSeconds(pid), n === 1 ? 0 : cpuSeconds(child.pid!));
  const cpu0 = serverCpu();
  const gen0 = process.cpuUsage();
  const r = await autocannon({ url, connections, duration: seconds, requests });
  const gen = process.cpuUsage(gen0);
  const served = r.requests.total || 1;
  const serverCpuMsPerRequest = Math.round(((serverCpu() - cpu0) * 1000 * 1000) / served) / 1000;
  const generatorCpuMsPerRequest = Math.round(((gen.user + gen.system) / 1000 / served) * 1000) / 1000;
  const out = { workers: n, connections, rps: Math.round(r.requests.average), p50Ms: r.latency.p50, p99Ms: r.latency.p99, errors: r.errors + r.non2xx, readyMs, rssMbPerWorker: pids.map(rssMb), serverCpuMsPerRequest, generatorCpuMsPerRequest };
  results.push(out);
  process.stderr.write(`${JSON.stringify(out)}\n`);
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}
const [one, two] = results;
process.stdout.write(`${JSON.stringify({ results, ratio: one && two ? Math.round((two.rps / one.rps) * 100) / 100 : undefined })}\n`);
