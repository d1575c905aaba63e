import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildFromCorpus } from '../reindex/build-from-corpus.js';
import { evaluate, parseJudgedQueries, parseJudgedReleases, type EvalReport } from '../eval/evaluate.js';
import type { Engine } from '../engine/engine.js';
import { openEngine } from '../engine/open-engine.js';
import { releaseHash } from '../store/release-hash.js';
import { engineConfig, resolveConfig, UsageError } from './config.js';
import { ENTITY_KINDS, evaluateEntities, parseJudgedEntities, type EntityReport } from '../eval/entity-eval.js';

const HELP = `Usage: npm run eval -- [--corpus DIR] [--judgments DIR] [--json] [--engine memory|postgres] [--database-url URL]

Measure search quality: index the corpus in memory, run every judged query and print nDCG@10 and
precision@5 per query, per group and overall, the queries that must return nothing, and the
spellings of one query that must return identical lists. Two sets, reported apart:
  ours   DIR/seed-queries.tsv + own-queries.tsv, releases in seed-releases.tsv + own-releases.tsv
         (judged after looking at the engine's lists)
  blind  DIR/blind-queries.tsv, releases in blind-releases.tsv (pooled by text from the ingester's
         output and judged by reading before the engine was run; pools in blind-pools.tsv)
And the entities (codes, trials, phases, brands) the releases of DIR/judged-entities.json carry,
against those judged by reading them: precision and recall per kind, with what was wrong.
Default DIR test/fixtures/eval. --json prints the first set's report with the blind one under "blind".
--engine postgres (ENGINE, with --database-url or DATABASE_URL) loads the releases into the
database's schema "eval" (replaced on each run) and runs the queries there.
`;

const fmt = (n: number) => n.toFixed(3);

function print(title: string, report: EvalReport): void {
  const out = (s: string) => process.stdout.write(s);
  out(`== ${title}\n`);
  for (const q of report.queries) out(`${fmt(q.ndcg)}  p5 ${q.p5.toFixed(1)}  ${q.group.padEnd(11)} ${q.query}  (${q.total} results)\n`);
  out('\nmust return nothing:\n');
  for (const z of report.zeroResult) out(`  ${z.total === 0 ? 'ok  ' : 'FAIL'} ${z.query} (${z.total} results)\n`);
  if (report.variants.length) {
    out('\nspellings that must return identical lists:\n');
    for (const v of report.variants) out(`  ${v.identical ? 'ok  ' : 'FAIL'} ${v.queries.join(' = ')}\n`);
  }
  if (report.missingKeys.length) out(`\njudged releases not found in the index: ${report.missingKeys.join(', ')}\n`);
  out('\nby group:        nDCG@10  P@5\n');
  for (const [g, v] of Object.entries(report.byGroup)) out(`  ${g.padEnd(14)} ${fmt(v)}    ${fmt(report.precision5ByGroup[g] ?? 0)}\n`);
  const empty = report.zeroResult.filter((z) => z.total === 0).length;
  out(
    `overall nDCG@10: ${fmt(report.overall)}, P@5: ${fmt(report.precision5)} (ceiling ${fmt(report.precision5Ceiling)}) over ${report.queries.length} queries; ` +
      `must be empty: ${empty} of ${report.zeroResult.length}\n\n`,
  );
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: process.argv.slice(2), options: { corpus: { type: 'string' }, engine: { type: 'string' }, 'database-url': { type: 'string' }, judgments: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    process.stderr.write(`eval: ${(err as Error).message}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const dir = resolve(values.judgments ?? 'test/fixtures/eval');
  const read = (name: string) => {
    try {
      return readFileSync(join(dir, name), 'utf8');
    } catch {
      return '';
    }
  };
  const queries = [...parseJudgedQueries(read('seed-queries.tsv')), ...parseJudgedQueries(read('own-queries.tsv'))];
  const judged = [...parseJudgedReleases(read('seed-releases.tsv')), ...parseJudgedReleases(read('own-releases.tsv'))];
  const blindQueries = parseJudgedQueries(read('blind-queries.tsv'));
  const blindJudged = parseJudgedReleases(read('blind-releases.tsv'));
  if (queries.length === 0 && blindQueries.length === 0) {
    process.stderr.write(`eval: no judged queries in ${dir}; pass --judgments DIR\n`);
    return 2;
  }
  const started = performance.now();
  let config;
  try {
    config = resolveConfig({ engine: values.engine, 'database-url': values['database-url'] }, process.env, process.cwd());
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`eval: ${err.message}\n`);
    return 2;
  }
  const built = await buildFromCorpus(resolve(values.corpus ?? process.env['CORPUS_DIR'] ?? 'corpus'));
  const { releases } = built;
  let engine: Engine = built.engine;
  if (config.engine === 'postgres') {
    const pg = await openEngine(engineConfig(config, { writer: 'replace', schema: 'eval' }));
    await pg.apply({ upserts: releases.map((release) => ({ release, hash: releaseHash(release) })), removals: [] }, { rebuild: true });
    await pg.commit({ corpusDir: 'eval', code: 'eval', files: {}, counts: { files: 0, releases: releases.length, skippedParts: 0, boilerplateRemoved: 0 } });
    await built.engine.close();
    engine = pg;
  }
  process.stderr.write(`eval: indexed ${releases.length} releases (${engine.stats().backend}) in ${Math.round(performance.now() - started)} ms\n`);
  const report = await evaluate(engine, releases, queries, judged);
  const blind = blindQueries.length ? await evaluate(engine, releases, blindQueries, blindJudged) : undefined;
  const judgedEntities = read('judged-entities.json');
  let entities: EntityReport | undefined;
  if (judgedEntities) {
    const list = parseJudgedEntities(judgedEntities);
    const stored = await engine.releases(list.map((j) => j.id));
    entities = evaluateEntities(list, new Map(stored.flatMap((r) => (r ? [[r.id, r] as const] : []))));
  }
  await engine.close();
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ ...report, ...(blind ? { blind } : {}), ...(entities ? { entities } : {}) }, null, 2)}\n`);
    return 0;
  }
  if (queries.length) print('our judged queries (seed + own; judged after seeing the engine\'s lists)', report);
  if (blind) print('engine-blind judged queries (pooled by text, judged before the engine ran)', blind);
  if (queries.length) process.stdout.write(`ours:  nDCG@10 ${fmt(report.overall)}  P@5 ${fmt(report.precision5)}  must be empty ${report.zeroResult.filter((z) => z.total === 0).length}/${report.zeroResult.length}\n`);
  if (blind) process.stdout.write(`blind: nDCG@10 ${fmt(blind.overall)}  P@5 ${fmt(blind.precision5)} (ceiling ${fmt(blind.precision5Ceiling)})  must be empty ${blind.zeroResult.filter((z) => z.total === 0).length}/${blind.zeroResult.length}\n`);
  if (entities) printEntities(entities);
  return 0;
}

function printEntities(report: EntityReport): void {
  const out = (s: string) => process.stdout.write(s);
  out(`\n== entities of ${report.releases} judged releases (judged by reading)\n`);
  for (const kind of ENTITY_KINDS) {
    const k = report.kinds[kind];
    out(`${kind.padEnd(7)} precision ${fmt(k.precision)}  recall ${fmt(k.recall)}  (${k.found} right, ${k.falsePositives.length} wrong, ${k.missed.length} missed)\n`);
    if (k.falsePositives.length) out(`        wrong:  ${k.falsePositives.join(', ')}\n`);
    if (k.missed.length) out(`        missed: ${k.missed.join(', ')}\n`);
  }
  if (report.missing.length) out(`judged releases not in the corpus: ${report.missing.join(', ')}\n`);
}

process.exitCode = await main();
