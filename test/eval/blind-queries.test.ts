import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryEngine } from '../../src/engine/memory/memory-engine.js';
import { evaluate, parseJudgedQueries, parseJudgedReleases, precisionAt, type EvalReport } from '../../src/eval/evaluate.js';
import { FIXTURES, filesUnder, ingest } from '../support/ingest-fixtures.js';

// The engine-blind judged set (issue 22) on the shipped corpus: candidates pooled by text from the
// ingester's output and graded by reading before the engine was run (test/fixtures/eval/blind-*.tsv).
// The threshold is the issue's; it is not lowered to today's score.
const CORPUS = join(import.meta.dirname, '..', '..', 'corpus');
const read = (name: string) => readFileSync(join(FIXTURES, 'eval', name), 'utf8');

describe('the engine-blind judged queries over the shipped corpus', () => {
  const { releases } = ingest(filesUnder(CORPUS), CORPUS);
  const engine = MemoryEngine.fromReleases(releases);
  const queries = parseJudgedQueries(read('blind-queries.tsv'));
  let report: EvalReport;
  beforeAll(async () => {
    report = await evaluate(engine, releases, queries, parseJudgedReleases(read('blind-releases.tsv')));
  });

  it('count precision@5 over the first five results, unjudged ones as not relevant', () => {
    const grades = new Map([['a', 2], ['b', 1], ['c', 0]]);
    expect(precisionAt(['a', 'x', 'b', 'c', 'y', 'b'], grades)).toBe(0.4);
    expect(precisionAt([], grades)).toBe(0);
  });

  it('hold at least 60 queries, ten that must find nothing, and find every judged release', () => {
    expect(queries.length).toBeGreaterThanOrEqual(60);
    expect(report.zeroResult.length).toBeGreaterThanOrEqual(10);
    expect(report.missingKeys).toEqual([]);
  });

  it('find nothing for the queries that must find nothing', () => {
    expect(report.zeroResult.filter((z) => z.total > 0)).toEqual([]);
  });

  it('score nDCG@10 of at least 0.95', () => {
    const weak = report.queries
      .filter((q) => q.ndcg < 0.9)
      .map((q) => `${q.query} ${q.ndcg.toFixed(2)}`)
      .join('; ');
    expect(report.overall, `P@5 ${report.precision5.toFixed(3)}; below 0.9: ${weak}`).toBeGreaterThanOrEqual(0.95);
  });
});
