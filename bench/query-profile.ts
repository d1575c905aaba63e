import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Release } from '../src/clean/release.js';
import { loadIndex } from '../src/engine/memory/load-index.js';
import { MemoryEngine } from '../src/engine/memory/memory-engine.js';
import { listCorpusFiles } from '../src/reindex/corpus-files.js';
import { createDefaultIngester } from '../src/reindex/default-ingester.js';
import { search } from '../src/search/search.js';
import { generateCorpus } from './generate-corpus.js';
import { querySet } from './query-set.js';
import { percentile, round } from './stats.js';

// In-process query latency of an index built from the benchmark corpus, per query type (run it
// under --cpu-prof to see where a query's time goes). Usage: node dist/bench/query-profile.js INDEX_DIR [REPEATS]
const [indexDir, repeatsArg] = process.argv.slice(2) as [string, string | undefined];
const ROOT = join(import.meta.dirname, '..', '..');
const SEED = 20041;
const ingester = await createDefaultIngester();
const drafts: unknown[] = [];
for (const f of listCorpusFiles(join(ROOT, 'corpus'))) drafts.push(...ingester.ingestFile(f, readFileSync(join(ROOT, 'corpus', f))).drafts);
const source: Release[] = ingester.finalize(drafts);
const empty = mkdtempSync(join(tmpdir(), 'query-profile-'));
const codes = generateCorpus(source, 0, SEED, empty).codes;
rmSync(empty, { recursive: true, force: true });
const queries = querySet(source, codes, SEED);
const engine = MemoryEngine.over(await loadIndex(indexDir));
const run = (q: (typeof queries)[number]) => search(engine, { q: q.q, page: 1, size: 10, sort: q.sort ?? 'relevance' });
for (const q of queries) await run(q);
const all: number[] = [];
const byType = new Map<string, number[]>();
for (let r = 0; r < Number(repeatsArg ?? 5); r++) {
  for (const q of queries) {
    const t = performance.now();
    await run(q);
    const ms = performance.now() - t;
    all.push(ms);
    byType.set(q.type, [...(byType.get(q.type) ?? []), ms]);
  }
}
process.stdout.write(`${JSON.stringify({ p50Ms: round(percentile(all, 50), 3), p99Ms: round(percentile(all, 99), 3), byType: Object.fromEntries([...byType].map(([t, xs]) => [t, round(percentile(xs, 50), 3)])) })}\n`);
