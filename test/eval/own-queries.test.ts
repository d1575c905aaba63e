import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryEngine } from '../../src/engine/memory/memory-engine.js';
import { evaluate, parseJudgedQueries, parseJudgedReleases, type EvalReport } from '../../src/eval/evaluate.js';
import { FIXTURES, filesUnder, ingest } from '../support/ingest-fixtures.js';

// Our own judged queries over the other issuers, on the shipped corpus (what `npm run eval` runs).
const CORPUS = join(import.meta.dirname, '..', '..', 'corpus');
const read = (name: string) => readFileSync(join(FIXTURES, 'eval', name), 'utf8');

describe('the judged queries over the whole shipped corpus', () => {
  const { releases } = ingest(filesUnder(CORPUS), CORPUS);
  const engine = MemoryEngine.fromReleases(releases);
  const judged = [...parseJudgedReleases(read('seed-releases.tsv')), ...parseJudgedReleases(read('own-releases.tsv'))];
  let own: EvalReport;
  let seeds: EvalReport;
  beforeAll(async () => {
    own = await evaluate(engine, releases, parseJudgedQueries(read('own-queries.tsv')), judged);
    seeds = await evaluate(engine, releases, parseJudgedQueries(read('seed-queries.tsv')), judged);
  });

  it('find every judged release', () => {
    expect(own.missingKeys).toEqual([]);
    expect(own.queries.length).toBeGreaterThanOrEqual(30);
  });

  it('score nDCG@10 of at least 0.95 on our queries and on the seed queries', () => {
    expect(own.overall, own.queries.filter((q) => q.ndcg < 0.9).map((q) => q.query).join('; ')).toBeGreaterThanOrEqual(0.95);
    const judgedSeeds = seeds.queries;
    expect(judgedSeeds.reduce((s, q) => s + q.ndcg, 0) / judgedSeeds.length).toBeGreaterThanOrEqual(0.95);
  });

  it('keep every spelling of a code identical', () => {
    for (const v of seeds.variants) expect(v.identical, v.queries.join(' = ')).toBe(true);
  });
});
