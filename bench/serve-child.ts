import { readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadIndex } from '../src/engine/memory/load-index.js';
import { MemoryEngine } from '../src/engine/memory/memory-engine.js';
import { queryTerms } from '../src/analysis/terms.js';
import { search } from '../src/search/search.js';
import { writeFileAtomic } from '../src/store/atomic-write.js';
import { createApp } from '../src/web/create-app.js';
import { Floors } from './floors.js';
import { adversarialQueries, type BenchQuery } from './query-set.js';
import { percentile, round } from './stats.js';

// A fresh process (args: INDEX QUERIES.json REPEATS [no-floors]): load the index the way the server does, measure memory and in-process query
// latency (with snippets, as users get them), the floors, then serve HTTP for the parent's load test.
const [indexDir, queriesFile, repeatsArg, floorsArg] = process.argv.slice(2) as [string, string, string, string?];
// `no-floors`: the floors' inverted index of every body is built in JS and at a million releases
// takes longer, and more memory, than everything else measured here
const withFloors = floorsArg !== 'no-floors';
const queries = JSON.parse(readFileSync(queriesFile, 'utf8')) as BenchQuery[];
const repeats = Number(repeatsArg);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

gc();
let started = performance.now();
const index = await loadIndex(indexDir);
const loadMs = performance.now() - started;
gc();
const mem = process.memoryUsage();

started = performance.now();
// as a build writes it: in chunks (one Buffer of them all passes 2 GiB at a million releases)
const tmp = `bench-save-${process.pid}`;
writeFileAtomic(tmpdir(), tmp, index.engine.serialize(), false);
const saveMs = performance.now() - started;
rmSync(join(tmpdir(), tmp), { force: true });

const engine = MemoryEngine.over(index);
const run = (q: BenchQuery) => search(engine, { q: q.q, page: 1, size: 10, sort: q.sort ?? 'relevance' });
// warm-up (JIT, caches of the term module), and which queries answer nothing: a word most
// releases hold must always find them (the work budget once left `announced today` with none)
const empty: Record<string, number> = {};
for (const q of queries) if ((await run(q)).total === 0) empty[q.type] = (empty[q.type] ?? 0) + 1;
const byType = new Map<string, number[]>();
const all: number[] = [];
for (let r = 0; r < repeats; r++) {
  for (const q of queries) {
    const t = performance.now();
    await run(q);
    const ms = performance.now() - t;
    all.push(ms);
    byType.set(q.type, [...(byType.get(q.type) ?? []), ms]);
  }
}

// the worst shapes within the limits, each alone: median of 5 after a warm-up (before the floors,
// whose second copy of every body would slow the collector as no server is slowed)
const adversarial: Record<string, number> = {};
for (const q of adversarialQueries()) {
  await run(q);
  const ms: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    await run(q);
    ms.push(performance.now() - t);
  }
  adversarial[q.type] = round(percentile(ms, 50), 2);
}

// floors over the same bodies (built after the memory figures and the worst shapes: they hold a
// second copy, dropped before the HTTP load so the server is measured with its own heap only)
function measureFloors(): { scan: number[]; inverted: number[] } {
  const bodies: string[] = [];
  for (const id of index.store.ids()) bodies.push(index.store.get(id)!.body);
  const floors = new Floors(bodies);
  const scan: number[] = [];
  const inverted: number[] = [];
  for (const q of andQueries) {
    const words = q.q.toLowerCase().split(/\s+/);
    let t = performance.now();
    floors.scan(words);
    scan.push(performance.now() - t);
    const terms = queryTerms(q.q);
    t = performance.now();
    for (let r = 0; r < 20; r++) floors.intersect(terms);
    inverted.push((performance.now() - t) / 20);
  }
  return { scan, inverted };
}
const andQueries = queries.filter((q) => ['rare word', 'common word', 'two-word AND'].includes(q.type));
const { scan, inverted } = withFloors ? measureFloors() : { scan: [], inverted: [] };
gc();
const ourAnd: number[] = [];
for (const q of withFloors ? andQueries : []) {
  const t = performance.now();
  await run(q);
  ourAnd.push(performance.now() - t);
}

const app = createApp({ getEngine: () => engine, logger: pino({ level: 'silent' }) });
const server = app.listen(0, '127.0.0.1', () => {
  const result = {
    port: (server.address() as AddressInfo).port,
    index: { loadMs: round(loadMs), saveMs: round(saveMs) },
    rssMb: round(mem.rss / 1024 / 1024, 1),
    heapMb: round(mem.heapUsed / 1024 / 1024, 1),
    query: {
      p50Ms: round(percentile(all, 50), 3),
      p95Ms: round(percentile(all, 95), 3),
      p99Ms: round(percentile(all, 99), 3),
      byType: Object.fromEntries([...byType].map(([type, xs]) => [type, { p50Ms: round(percentile(xs, 50), 3), p99Ms: round(percentile(xs, 99), 3) }])),
      empty,
    },
    adversarial,
    floor: withFloors && { scanP50Ms: round(percentile(scan, 50), 3), invertedP50Ms: round(percentile(inverted, 50), 4), oursAndP50Ms: round(percentile(ourAnd, 50), 3) },
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
