import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate, ndcgAt, parseJudgedQueries, parseJudgedReleases, type EvalReport } from '../../src/eval/evaluate.js';
import { FIXTURES } from '../support/ingest-fixtures.js';
import { seedIndex } from '../support/seed-index.js';

const read = (name: string) => readFileSync(join(FIXTURES, 'eval', name), 'utf8');

describe('nDCG@10', () => {
  it('is 1 for the ideal order, less for a worse one, 0 when nothing relevant comes back', () => {
    const grades = new Map([['a', 2], ['b', 1]]);
    expect(ndcgAt(['a', 'b'], grades)).toBe(1);
    expect(ndcgAt(['b', 'a'], grades)).toBeLessThan(1);
    expect(ndcgAt(['x', 'y'], grades)).toBe(0);
  });
});

describe('the judged seed queries', () => {
  let report: EvalReport;
  beforeAll(async () => {
    const { engine, releases } = seedIndex();
    report = await evaluate(engine, releases, parseJudgedQueries(read('seed-queries.tsv')), parseJudgedReleases(read('seed-releases.tsv')));
  });

  it('find every judged release', () => {
    expect(report.missingKeys).toEqual([]);
    expect(report.queries.length).toBeGreaterThanOrEqual(20);
  });

  it('score nDCG@10 of at least 0.95 overall', () => {
    const weak = report.queries.filter((q) => q.ndcg < 0.95).map((q) => `${q.query}: ${q.ndcg.toFixed(3)}`);
    expect(report.overall, weak.join('; ')).toBeGreaterThanOrEqual(0.95);
  });

  it('return nothing for boilerplate-only queries', () => {
    expect(report.zeroResult.length).toBeGreaterThan(0);
    for (const z of report.zeroResult) expect(z.total, z.query).toBe(0);
  });

  it('return identical lists for every spelling of a code', () => {
    expect(report.variants.length).toBeGreaterThan(0);
    for (const v of report.variants) expect(v.identical, v.queries.join(' = ')).toBe(true);
  });
});
