import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildFromCorpus } from '../reindex/build-from-corpus.js';
import { evaluate, parseJudgedQueries, parseJudgedReleases } from '../eval/evaluate.js';

const HELP = `Usage: npm run eval -- [--corpus DIR] [--judgments DIR] [--json]

Measure search quality: index the corpus in memory, run every judged query and print nDCG@10 per
query, per group and overall, the queries that must return nothing, and the spellings of one
query that must return identical lists. Judgments: DIR/seed-queries.tsv (+ own-queries.tsv) and
DIR/seed-releases.tsv (+ own-releases.tsv); default test/fixtures/eval.
`;

const fmt = (n: number) => n.toFixed(3);

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: process.argv.slice(2), options: { corpus: { type: 'string' }, judgments: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
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
  if (queries.length === 0) {
    process.stderr.write(`eval: no judged queries in ${dir}; pass --judgments DIR\n`);
    return 2;
  }
  const started = performance.now();
  const { engine, releases } = await buildFromCorpus(resolve(values.corpus ?? process.env['CORPUS_DIR'] ?? 'corpus'));
  process.stderr.write(`eval: indexed ${releases.length} releases in ${Math.round(performance.now() - started)} ms\n`);
  const report = await evaluate(engine, releases, queries, judged);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  for (const q of report.queries) process.stdout.write(`${fmt(q.ndcg)}  ${q.group.padEnd(8)} ${q.query}  (${q.total} results)\n`);
  process.stdout.write('\nmust return nothing:\n');
  for (const z of report.zeroResult) process.stdout.write(`  ${z.total === 0 ? 'ok  ' : 'FAIL'} ${z.query} (${z.total} results)\n`);
  process.stdout.write('\nspellings that must return identical lists:\n');
  for (const v of report.variants) process.stdout.write(`  ${v.identical ? 'ok  ' : 'FAIL'} ${v.queries.join(' = ')}\n`);
  if (report.missingKeys.length) process.stdout.write(`\njudged releases not found in the index: ${report.missingKeys.join(', ')}\n`);
  process.stdout.write('\nnDCG@10 by group:\n');
  for (const [g, v] of Object.entries(report.byGroup)) process.stdout.write(`  ${g.padEnd(10)} ${fmt(v)}\n`);
  process.stdout.write(`overall nDCG@10: ${fmt(report.overall)} over ${report.queries.length} queries\n`);
  return 0;
}

process.exitCode = await main();
