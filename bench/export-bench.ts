/**
 * Export throughput and memory: `npm run -s bench:export -- [--releases N] [--keep DIR]`.
 * Generates a corpus of N releases (default 100,000) from the shipped ones, indexes it with the
 * real pipeline, serves it from disk as `npm start` does, and downloads every release through
 * GET /api/export (CSV, NDJSON and JSON in turn, then CSV of a common word, whose snippets are
 * searched for it), sampling the server process's RSS every 50 ms and counting its CPU time.
 * Prints one JSON object.
 * `--keep DIR` keeps (and reuses) the generated index there (DIR/index).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { sourceReleases } from './source-releases.js';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { openEngine } from '../src/engine/open-engine.js';
import { createDefaultIngester } from '../src/reindex/default-ingester.js';
import { reindex } from '../src/reindex/reindex.js';
import { createApp } from '../src/web/create-app.js';
import { generateCorpus } from './generate-corpus.js';

const ROOT = join(import.meta.dirname, '..', '..');
const log = (msg: string) => process.stderr.write(`bench:export: ${msg}\n`);
const mb = (n: number) => Math.round(n / 1024 / 1024);

const { values } = parseArgs({ options: { releases: { type: 'string' }, keep: { type: 'string' } } });
const n = Number(values.releases ?? 100_000);
const work = values.keep ?? mkdtempSync(join(tmpdir(), `bench-export-${n}-`));
const indexDir = join(work, 'index');
try {
  if (!existsSync(join(indexDir, 'manifest.json'))) {
    log(`${n} releases: generating and indexing`);
    const corpusDir = join(work, 'corpus');
    generateCorpus(await sourceReleases(ROOT), n, 20041, corpusDir);
    await reindex({ corpusDir, indexDir, full: true }, await createDefaultIngester());
  }
  const engine = await openEngine({ backend: 'memory', indexDir });
  const server = createApp({ getEngine: () => engine, logger: pino({ level: 'silent' }) }).listen(0, '127.0.0.1');
  await new Promise<void>((r) => server.once('listening', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  globalThis.gc?.();
  const results: Record<string, unknown> = { releases: engine.stats().releases, rssBeforeMb: mb(process.memoryUsage().rss) };
  // every dated release, newest first (an empty query with a date bound matches them all); the
  // first export reads the store from disk (or the page cache) for the first time and warms the JIT
  const all = 'from=1000-01-01&sort=date';
  const passes = [['csv-first', 'csv', all], ['csv', 'csv', all], ['ndjson', 'ndjson', all], ['json', 'json', all], ['csv-word', 'csv', 'q=million&sort=date']] as const;
  for (const [pass, format, query] of passes) {
    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const started = performance.now();
    const cpu = process.cpuUsage();
    const res = await fetch(`${url}/api/export?${query}&format=${format}`, { headers: { 'Accept-Encoding': 'identity' } });
    if (!res.ok) throw new Error(`${pass}: the export answered ${res.status}: ${await res.text()}`);
    let bytes = 0;
    let lines = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
      for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) lines++;
    }
    const seconds = (performance.now() - started) / 1000;
    // CPU time of this process (server and client): rows per CPU second hardly depends on what
    // else the machine runs, where rows per second does
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    clearInterval(timer);
    // CSV: a header line, and snippets never hold a line break; NDJSON: one line a row; JSON:
    // one line a row between the opening and closing lines
    const rows = format === 'csv' ? lines - 1 : format === 'json' ? lines - 2 : lines;
    results[pass] = { rows, mb: Math.round(bytes / 1024 / 102.4) / 10, seconds: Math.round(seconds * 100) / 100, rowsPerSec: Math.round(rows / seconds), cpuSeconds: Math.round(cpuSeconds * 100) / 100, rowsPerCpuSec: Math.round(rows / cpuSeconds), rssBeforeMb: mb(before), rssPeakMb: mb(peak), rssGrowthMb: mb(peak - before) };
    log(`${pass}: ${JSON.stringify(results[pass])}`);
  }
  process.stdout.write(`${JSON.stringify(results)}\n`);
  server.close();
  await engine.close();
} finally {
  if (!values.keep) rmSync(work, { recursive: true, force: true });
}
