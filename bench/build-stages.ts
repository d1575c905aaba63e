import { parseArgs } from 'node:util';
import { createDefaultIngester } from '../src/reindex/default-ingester.js';
import type { PoolKind } from '../src/reindex/ingest-pool.js';
import { reindex } from '../src/reindex/reindex.js';

// Time each stage of a full build (wall clock and this process's CPU), with --jobs N ingest
// workers: on a shared machine the wall clock says little, this process's CPU per stage says
// what the critical path is. Usage: node dist/bench/build-stages.js --corpus DIR --index DIR [--jobs N] [--pool thread]
const { values } = parseArgs({ options: { corpus: { type: 'string' }, index: { type: 'string' }, jobs: { type: 'string' }, pool: { type: 'string' } } });
if (!values.corpus || !values.index) {
  process.stderr.write('usage: build-stages --corpus DIR --index DIR [--jobs N] [--pool process|thread]\n');
  process.exit(2);
}
const stages: { name: string; wallMs: number; cpuMs: number; rssMbAtEnd: number; heapMbAtEnd: number; buffersMbAtEnd: number }[] = [];
const mb = (n: number) => Math.round(n / 1024 / 1024);
let at = { name: 'start', t: performance.now(), cpu: process.cpuUsage() };
const mark = (name: string) => {
  const cpu = process.cpuUsage(at.cpu);
  // memory as each stage ends: what the build holds from one stage to the next
  const m = process.memoryUsage();
  stages.push({ name: at.name, wallMs: Math.round(performance.now() - at.t), cpuMs: Math.round((cpu.user + cpu.system) / 1000), rssMbAtEnd: mb(m.rss), heapMbAtEnd: mb(m.heapUsed), buffersMbAtEnd: mb(m.arrayBuffers) });
  at = { name, t: performance.now(), cpu: process.cpuUsage() };
};
const started = performance.now();
const summary = await reindex(
  {
    corpusDir: values.corpus,
    indexDir: values.index,
    full: true,
    jobs: Number(values.jobs ?? 1),
    progress: { stage: (name) => mark(name), file: () => {}, warn: (m) => process.stderr.write(`${m}\n`) },
  },
  await createDefaultIngester((values.pool ?? 'process') as PoolKind),
);
const cpu = process.cpuUsage();
process.stdout.write(
  `${JSON.stringify({ jobs: Number(values.jobs ?? 1), releases: summary.releases.total, wallMs: Math.round(performance.now() - started), mainCpuMs: Math.round((cpu.user + cpu.system) / 1000), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), stages: stages.filter((s) => s.name !== 'start') })}\n`,
);
