/**
 * Export throughput and memory: `npm run -s bench:export -- [--releases N] [--keep DIR]`.
 * Generates a corpus of N releases (default 100,000) from the shipped ones, indexes it with the
 * real pipeline, serves it from disk as `npm start` does, and downloads every release through
 * GET /api/export (CSV, then NDJSON), sampling the server process's RSS every 50 ms. Prints one
 * JSON object. `--keep DIR` keeps (and reuses) the generated index there.
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
  // every dated release, newest first (an empty query with a date bound matches them all)
  // the first pass warms the JIT and the page cache; the second and third are measured
  for (const [pass, format] of [['warm-up', 'csv'], ['csv', 'csv'], ['ndjson', 'ndjson']] as const) {
    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const started = performance.now();
    const res = await fetch(`${url}/api/export?from=1000-01-01&sort=date&format=${format}`, { headers: { 'Accept-Encoding': 'identity' } });
    let bytes = 0;
    let lines = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
    }
    const seconds = (performance.now() - started) / 1000;
    clearInterval(timer);
    // CSV: a header line, and snippets never hold a line break; NDJSON: one line a row
    const rows = format === 'csv' ? lines - 1 : lines;
    if (pass === 'warm-up') continue;
    results[format] = { rows, mb: Math.round(bytes / 1024 / 102.4) / 10, seconds: Math.round(seconds * 100) / 100, rowsPerSec: Math.round(rows / seconds), rssBeforeMb: mb(before), rssPeakMb: mb(peak), rssGrowthMb: mb(peak - before) };
    log(`${format}: ${JSON.stringify(results[format])}`);
  }
  process.stdout.write(`${JSON.stringify(results)}\n`);
  server.close();
  await engine.close();
} finally {
  if (!values.keep) rmSync(work, { recursive: true, force: true });
}
