import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Release } from '../../src/clean/release.js';
import { evaluateEntities, parseJudgedEntities, type EntityReport } from '../../src/eval/entity-eval.js';
import { FIXTURES, filesUnder, ingestAnalysed } from '../support/ingest-fixtures.js';

// The entities of releases of the shipped corpus, judged by reading them
// (test/fixtures/eval/judged-entities.json), against what ingest finds: the targets hold.
const CORPUS = join(import.meta.dirname, '..', '..', 'corpus');
const judged = parseJudgedEntities(readFileSync(join(FIXTURES, 'eval', 'judged-entities.json'), 'utf8'));

describe('entities of the judged releases', () => {
  let report: EntityReport;
  beforeAll(() => {
    const { releases } = ingestAnalysed(filesUnder(CORPUS), CORPUS);
    report = evaluateEntities(judged, new Map<string, Release>(releases.map((r) => [r.id, r])));
  }, 120_000);

  it('are judged for at least 40 releases, all of them in the corpus', () => {
    expect(judged.length).toBeGreaterThanOrEqual(40);
    expect(report.missing).toEqual([]);
    expect(report.releases).toBe(judged.length);
  });

  it('codes: precision at least 0.95, recall at least 0.9', () => {
    expect(report.kinds.codes.found).toBeGreaterThanOrEqual(40);
    expect(report.kinds.codes.precision, report.kinds.codes.falsePositives.join(', ')).toBeGreaterThanOrEqual(0.95);
    expect(report.kinds.codes.recall, report.kinds.codes.missed.join(', ')).toBeGreaterThanOrEqual(0.9);
  });

  it('registry ids: none wrong, none missed; phases at least 0.9 both ways', () => {
    expect(report.kinds.trials.falsePositives).toEqual([]);
    expect(report.kinds.trials.missed).toEqual([]);
    expect(report.kinds.phases.precision).toBeGreaterThanOrEqual(0.9);
    expect(report.kinds.phases.recall).toBeGreaterThanOrEqual(0.9);
  });

  it('brands: precision and recall at least 0.85', () => {
    expect(report.kinds.brands.precision).toBeGreaterThanOrEqual(0.85);
    expect(report.kinds.brands.recall).toBeGreaterThanOrEqual(0.85);
  });
});

describe('evaluateEntities', () => {
  it('counts right, wrong and missed by the analyzer term, and nothing to find as perfect', () => {
    const release = { id: 'r1', entities: { codes: [{ key: 'gti2040', display: 'GTI 2040', count: 1, phases: [], trials: [], sentences: [] }, { key: 'q4', display: 'Q4', count: 1, phases: [], trials: [], sentences: [] }], trials: [], phases: [], brands: [] } } as unknown as Release;
    const r = evaluateEntities([{ id: 'r1', codes: ['GTI-2040', 'NC 381'], trials: [], phases: [], brands: [] }, { id: 'gone', codes: [], trials: [], phases: [], brands: [] }], new Map([['r1', release]]));
    expect(r.kinds.codes).toMatchObject({ precision: 0.5, recall: 0.5, found: 1, falsePositives: ['r1:Q4'], missed: ['r1:NC 381'] });
    expect(r.kinds.trials).toMatchObject({ precision: 1, recall: 1 });
    expect(r.missing).toEqual(['gone']);
  });
});
