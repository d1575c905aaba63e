import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { Document } from 'flexsearch';
import MiniSearch from 'minisearch';
import type { BenchQuery } from './query-set.js';
import { percentile, round } from './stats.js';

// One peer library in a fresh process, out of the box, on the benchmark's generated corpus and
// query set: build time (index only: the peers read the CSV rows as they are, with no cleaning),
// RSS after the build, and query latency with a naive snippet (the first match of a query word),
// so that each returns something to show. Prints one JSON line.
//   node dist/bench/peer-child.js minisearch|flexsearch CORPUS_DIR QUERIES_JSON REPEATS
const [lib, corpusDir, queriesFile, repeatsArg] = process.argv.slice(2) as [string, string, string, string];
const queries = JSON.parse(readFileSync(queriesFile, 'utf8')) as BenchQuery[];
const repeats = Number(repeatsArg);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

type Doc = {
  id: number;
  title: string;
  text: string;
};
const docs: Doc[] = [];
let bytes = 0;
for (const name of readdirSync(corpusDir).filter((n) => n.endsWith('.csv')).sort()) {
  const text = readFileSync(join(corpusDir, name), 'utf8');
  bytes += Buffer.byteLength(text);
  for (const row of parse(text, { columns: true }) as { text: string; headline: string }[]) docs.push({ id: docs.length, title: row.headline, text: row.text });
}

/** The words a peer is given: quotes, `*` and our filters (`company:`, `year:`) taken off. */
const words = (q: string) => q.replace(/"/g, ' ').split(/\s+/).filter((w) => w && !/^[a-z]+:/.test(w)).map((w) => w.replace(/\*$/, ''));

function snippet(doc: Doc, ws: string[]): string {
  const lower = doc.text.toLowerCase();
  const at = Math.max(0, ws.map((w) => lower.indexOf(w.toLowerCase())).find((i) => i >= 0) ?? 0);
  return doc.text.slice(Math.max(0, at - 100), at + 150);
}

type Search = (q: BenchQuery) => number[];
gc();
const before = process.memoryUsage().rss;
const started = performance.now();
let search: Search;
if (lib === 'minisearch') {
  const ms = new MiniSearch<Doc>({ fields: ['title', 'text'] });
  ms.addAll(docs);
  search = (q) => {
    const ws = words(q.q);
    return ms
      .search(ws.join(' '), { combineWith: 'AND', prefix: q.q.includes('*'), fuzzy: q.type.startsWith('misspelling') ? 0.2 : false })
      .slice(0, 10)
      .map((r) => r.id as number);
  };
} else if (lib === 'flexsearch') {
  const fx = new Document({ document: { id: 'id', index: ['title', 'text'] }, tokenize: 'strict' });
  for (const d of docs) fx.add(d);
  search = (q) => {
    const out = new Set<number>();
    for (const field of fx.search(words(q.q).join(' '), { limit: 10 }) as { result: number[] }[]) for (const id of field.result) out.add(id);
    return [...out].slice(0, 10);
  };
} else {
  process.stderr.write(`peer-child: unknown library ${lib}\n`);
  process.exit(2);
}
const buildMs = performance.now() - started;
gc();
const rssMb = process.memoryUsage().rss / 1024 / 1024;
const run = (q: BenchQuery) => {
  const ws = words(q.q);
  return search(q).map((id) => snippet(docs[id]!, ws));
};
for (const q of queries) run(q); // warm-up
const all: number[] = [];
const byType = new Map<string, number[]>();
for (let r = 0; r < repeats; r++) {
  for (const q of queries) {
    const t = performance.now();
    run(q);
    const ms = performance.now() - t;
    all.push(ms);
    byType.set(q.type, [...(byType.get(q.type) ?? []), ms]);
  }
}
process.stdout.write(
  `${JSON.stringify({
    lib,
    docs: docs.length,
    build: { ms: Math.round(buildMs), mbPerSec: round(bytes / 1024 / 1024 / (buildMs / 1000), 2) },
    rssMb: round(rssMb, 1),
    rssBeforeBuildMb: round(before / 1024 / 1024, 1),
    query: {
      p50Ms: round(percentile(all, 50), 3),
      p99Ms: round(percentile(all, 99), 3),
      byType: Object.fromEntries([...byType].map(([type, xs]) => [type, { p50Ms: round(percentile(xs, 50), 3), p99Ms: round(percentile(xs, 99), 3) }])),
    },
  })}\n`,
);
