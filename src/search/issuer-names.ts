import { tidyCompany } from '../clean/company-name.js';
import type { Engine } from '../engine/engine.js';

// Per engine, the names found for the generation it serves: a new generation starts afresh.
const cache = new WeakMap<Engine, { generation: string; names: Map<string, string> }>();

/**
 * The name an issuer goes by now, for the CIKs asked: the conformed name of its most recently
 * filed source (`APPLE COMPUTER INC` became `APPLE INC`), tidied to title case, else the company
 * its newest release names. Looked up once per CIK and generation (two small engine calls).
 */
export async function issuerNames(engine: Engine, ciks: readonly string[]): Promise<Map<string, string>> {
  const generation = engine.stats().generation;
  let entry = cache.get(engine);
  if (!entry || entry.generation !== generation) {
    entry = { generation, names: new Map() };
    cache.set(engine, entry);
  }
  const { names } = entry;
  const missing = ciks.filter((c) => !names.has(c));
  await Promise.all(
    missing.map(async (cik) => {
      const answer = await engine.search({ query: { kind: 'all' }, filters: { ciks: [cik] }, order: 'date', offset: 0, limit: 1 });
      const [release] = await engine.releases(answer.hits.map((h) => h.id));
      if (!release) return;
      const newest = release.sources.filter((s) => s.cik === cik && s.company).sort((a, b) => (b.filedAt ?? '').localeCompare(a.filedAt ?? ''))[0];
      names.set(cik, newest?.company ? tidyCompany(newest.company) : release.company);
    }),
  );
  return new Map(ciks.flatMap((c) => (names.has(c) ? [[c, names.get(c)!] as const] : [])));
}
