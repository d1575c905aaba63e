import type { Release } from '../clean/release.js';
import { brandKey } from '../analysis/entity-brands.js';
import { queryTerms } from '../analysis/terms.js';

/** The entities a person judged one release to name (see test/fixtures/eval/judged-entities.json). */
export interface JudgedEntities {
  id: string;
  codes: string[];
  trials: string[];
  phases: string[];
  brands: string[];
}

export type EntityKind = 'codes' | 'trials' | 'phases' | 'brands';
export const ENTITY_KINDS: readonly EntityKind[] = ['codes', 'trials', 'phases', 'brands'];

/** Precision and recall of one kind, over every judged release (micro-averaged). */
export interface KindScore {
  precision: number;
  recall: number;
  /** Found and judged, found only, judged only. */
  found: number;
  falsePositives: string[];
  missed: string[];
}

export interface EntityReport {
  releases: number;
  /** Judged releases the corpus did not give. */
  missing: string[];
  kinds: Record<EntityKind, KindScore>;
}

/** Parse the judged file: `{ releases: [{ id, codes, trials, phases, brands }] }`. */
export function parseJudgedEntities(json: string): JudgedEntities[] {
  const data = JSON.parse(json) as { releases?: unknown };
  if (!Array.isArray(data.releases)) throw new Error('judged entities: expected { "releases": [...] }');
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return data.releases.map((r: Record<string, unknown>) => ({ id: String(r['id']), codes: list(r['codes']), trials: list(r['trials']), phases: list(r['phases']), brands: list(r['brands']) }));
}

// How a judged or found value is compared: codes by the analyzer's term, brands folded, ids upper case.
const codeKey = (s: string) => queryTerms(s).join('');
const keyOf: Record<EntityKind, (s: string) => string> = {
  codes: codeKey,
  trials: (s) => s.replace(/\s+/g, '').toUpperCase(),
  phases: (s) => s.trim().toLowerCase(),
  brands: brandKey,
};

function foundOf(release: Release, kind: EntityKind): string[] {
  const e = release.entities;
  if (!e) return [];
  switch (kind) {
    case 'codes':
      return e.codes.map((c) => c.display);
    case 'trials':
      return e.trials.map((t) => t.id);
    case 'phases':
      return e.phases.map((p) => p.phase);
    case 'brands':
      return e.brands.map((b) => b.name);
  }
}

/** Compare the entities releases carry with the judged ones. */
export function evaluateEntities(judged: readonly JudgedEntities[], releases: ReadonlyMap<string, Release>): EntityReport {
  const missing: string[] = [];
  const acc = Object.fromEntries(ENTITY_KINDS.map((k) => [k, { tp: 0, fp: [] as string[], fn: [] as string[] }])) as Record<EntityKind, { tp: number; fp: string[]; fn: string[] }>;
  let n = 0;
  for (const j of judged) {
    const release = releases.get(j.id);
    if (!release) {
      missing.push(j.id);
      continue;
    }
    n++;
    for (const kind of ENTITY_KINDS) {
      const key = keyOf[kind];
      const want = new Map(j[kind].map((v) => [key(v), v]));
      const got = new Map(foundOf(release, kind).map((v) => [key(v), v]));
      for (const [k, v] of got) {
        if (want.has(k)) acc[kind].tp++;
        else acc[kind].fp.push(`${j.id}:${v}`);
      }
      for (const [k, v] of want) if (!got.has(k)) acc[kind].fn.push(`${j.id}:${v}`);
    }
  }
  const kinds = Object.fromEntries(
    ENTITY_KINDS.map((k) => {
      const { tp, fp, fn } = acc[k];
      // nothing found is perfect precision, nothing to find perfect recall
      return [k, { precision: tp + fp.length ? tp / (tp + fp.length) : 1, recall: tp + fn.length ? tp / (tp + fn.length) : 1, found: tp, falsePositives: fp, missed: fn }];
    }),
  ) as Record<EntityKind, KindScore>;
  return { releases: n, missing, kinds };
}
