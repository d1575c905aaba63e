/**
 * What entities cost: `npm run -s bench:entities -- [--releases N] [--json]` (default 100,000).
 * Generates a corpus from the shipped releases (bench/generate-corpus.ts), builds it with the real
 * pipeline, then measures on the built index, interleaved in one process so load drifts alike:
 * - extraction's share of the build (extracting every indexed release again, timed alone);
 * - the engine's query p50 over the benchmark's query set with the facets every search asks for,
 *   without and with the code, trial and phase facets, beside the whole search's p50 (snippets);
 * - a code page's p50/p99 (the search-layer call the route makes) for the most named codes and
 *   a sample of the rest: cold (nothing remembered) in wall and CPU time, and remembered.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { sourceReleases } from './source-releases.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Release } from '../src/clean/release.js';
import { extractEntities } from '../src/analysis/entities.js';
import type { Engine, FacetName } from '../src/engine/engine.js';
import { openEngine } from '../src/engine/open-engine.js';
import { createDefaultIngester } from '../src/reindex/default-ingester.js';
import { reindex } from '../src/reindex/reindex.js';
import { codePage } from '../src/search/entity-pages.js';
import { parseQuery } from '../src/search/parse-query.js';
import { filtersOf, queryPlan, search } from '../src/search/search.js';
import { normalCode } from '../src/search/parse-query.js';
import { generateCorpus } from './generate-corpus.js';
import { querySet } from './query-set.js';
import { percentile, round } from './stats.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SEED = 20041;
const log = (msg: string) => process.stderr.write(`bench:entities: ${msg}\n`);
const { values } = parseArgs({ options: { releases: { type: 'string' }, json: { type: 'boolean' }, repeats: { type: 'string' } } });
const n = Number(values.releases ?? 100_000);
const repeats = Number(values.repeats ?? 5);

const BASIC: readonly FacetName[] = ['company', 'year'];
const WITH_ENTITIES: readonly FacetName[] = ['company', 'year', 'code', 'trial', 'phase'];

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'entity-bench-'));
  try {
    const source = await sourceReleases(ROOT);
    const gen = generateCorpus(source, n, SEED, join(work, 'corpus'));
    log(`${n} releases generated (${(gen.bytes / 1e6).toFixed(1)} MB); building`);
    let started = performance.now();
    const summary = await reindex({ corpusDir: join(work, 'corpus'), indexDir: join(work, 'index'), full: true }, await createDefaultIngester());
    const buildMs = performance.now() - started;
    log(`built ${summary.releases.total} releases in ${(buildMs / 1000).toFixed(1)} s`);
    const engine: Engine = await openEngine({ backend: 'memory', indexDir: join(work, 'index') });
    const all = await engine.search({ query: { kind: 'all' }, order: 'relevance', offset: 0, limit: 1_000_000, facets: ['code'] });
    const releases: Release[] = [];
    for (let i = 0; i < all.hits.length; i += 5000) releases.push(...((await engine.releases(all.hits.slice(i, i + 5000).map((h) => h.id))).filter(Boolean) as Release[]));
    started = performance.now();
    let named = 0;
    for (const r of releases) named += extractEntities(r).codes.length;
    const extractMs = performance.now() - started;
    log(`extraction alone: ${(extractMs / 1000).toFixed(1)} s over ${releases.length} releases (${named} code mentions)`);

    const queries = querySet(source, gen.codes, SEED);
    const plans = queries.map((q) => {
      const parsed = parseQuery(q.q);
      const filters = filtersOf(parsed.filters);
      return { q, query: queryPlan(parsed, filters !== undefined), filters };
    }).filter((p) => p.query);
    const engineRun = (facets: readonly FacetName[]) => async () => {
      const times: number[] = [];
      for (const p of plans) {
        const t = performance.now();
        await engine.search({ query: p.query!, ...(p.filters ? { filters: p.filters } : {}), order: p.q.sort ?? 'relevance', offset: 0, limit: 10, facets });
        times.push(performance.now() - t);
      }
      return times;
    };
    const serviceRun = async () => {
      const times: number[] = [];
      for (const p of plans) {
        const t = performance.now();
        await search(engine, { q: p.q.q, page: 1, size: 10, sort: p.q.sort ?? 'relevance' });
        times.push(performance.now() - t);
      }
      return times;
    };
    await engineRun(WITH_ENTITIES)();
    await serviceRun();
    const before: number[] = [];
    const after: number[] = [];
    const service: number[] = [];
    // interleaved rounds: the machine's load falls on both alike
    for (let r = 0; r < repeats; r++) {
      before.push(...(await engineRun(BASIC)()));
      after.push(...(await engineRun(WITH_ENTITIES)()));
      service.push(...(await serviceRun()));
    }
    const codes = [...(all.facets.code ?? [])].sort((a, b) => b[1] - a[1]);
    const sample = [...codes.slice(0, 50), ...codes.filter((_, i) => i % Math.max(1, Math.floor(codes.length / 50)) === 0).slice(0, 50)];
    // JIT warm-up on codes outside the sample, then each sampled page cold (its summary not
    // remembered: a view of the engine whose generation changes on every call) and warm; wall
    // and CPU time both, since on a shared machine the wall clock's tail is mostly waiting for a core
    const inSample = new Set(sample.map(([d]) => d));
    for (const [display] of codes.filter(([d]) => !inSample.has(d)).slice(0, 20)) await codePage(engine, normalCode(display)!);
    let generation = 0;
    const cold: Engine = {
      search: (req) => engine.search(req), releases: (ids) => engine.releases(ids), terms: engine.terms,
      stats: () => ({ ...engine.stats(), generation: `bench-${generation++}` }),
      apply: (c, o) => engine.apply(c, o), commit: (m) => engine.commit(m), refresh: () => engine.refresh(), close: () => engine.close(),
    };
    const pageTimes: number[] = [];
    const pageCpu: number[] = [];
    const warmTimes: number[] = [];
    for (let r = 0; r < repeats; r++) {
      for (const [display] of sample) {
        const cpu = process.cpuUsage();
        const t = performance.now();
        await codePage(cold, normalCode(display)!);
        pageTimes.push(performance.now() - t);
        const used = process.cpuUsage(cpu);
        pageCpu.push((used.user + used.system) / 1000);
        const w = performance.now();
        await codePage(engine, normalCode(display)!);
        warmTimes.push(performance.now() - w);
      }
    }
    const p50 = (xs: number[]) => round(percentile(xs, 50), 3);
    const result = {
      releases: summary.releases.total,
      buildMs: Math.round(buildMs),
      extractMs: Math.round(extractMs),
      extractShareOfBuild: round(extractMs / buildMs, 3),
      codesInIndex: codes.length,
      queries: plans.length,
      engineP50Ms: { basicFacets: p50(before), withEntityFacets: p50(after) },
      engineP95Ms: { basicFacets: round(percentile(before, 95), 3), withEntityFacets: round(percentile(after, 95), 3) },
      searchP50Ms: p50(service),
      entityFacetShareOfSearchP50: round((percentile(after, 50) - percentile(before, 50)) / percentile(service, 50), 3),
      codePage: {
        codes: sample.length, maxReleases: sample[0]?.[1] ?? 0,
        p50Ms: p50(pageTimes), p99Ms: round(percentile(pageTimes, 99), 2), cpuP50Ms: p50(pageCpu), cpuP99Ms: round(percentile(pageCpu, 99), 2),
        rememberedP50Ms: p50(warmTimes), rememberedP99Ms: round(percentile(warmTimes, 99), 2),
      },
    };
    process.stdout.write(`${JSON.stringify(result, null, values.json ? 0 : 2)}\n`);
    await engine.close();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
