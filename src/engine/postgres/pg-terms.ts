import { editDistance } from '../../analysis/edit-distance.js';
import { isCode } from '../../analysis/terms.js';
import { isStem } from '../../analysis/word-stem.js';
import type { TermDictionary } from '../engine.js';
import { ident } from './schema.js';

/** Run a query (the engine's pool, errors mapped): what the dictionary needs of it. */
export type RunQuery = (text: string, values: unknown[]) => Promise<Record<string, unknown>[]>;

// A correction changes at most this many letters (and one per four letters), as in the memory backend.
const MAX_FUZZY = 2;
// Candidates pg_trgm gives for a misspelling before edit distances are counted.
const TRIGRAM_CANDIDATES = 200;


/**
 * The term dictionary over the `terms` table: exact lookups, corrections from pg_trgm candidates
 * ranked by the memory backend's rule (fewest edits, then keeping the first letter, then the most
 * used, headlines counting 2.5×), completions by a range scan of the term index, most used first.
 */
export function pgTerms(schema: string, run: RunQuery): TermDictionary {
  const s = ident(schema);
  return {
    async known(terms) {
      if (terms.length === 0) return new Set();
      const rows = await run(`SELECT term FROM ${s}.terms WHERE term = ANY($1::text[])`, [[...terms]]);
      return new Set(rows.map((r) => r['term'] as string));
    },
    async correct(term) {
      if (isCode(term) || term.length < 4) return undefined;
      const maxDistance = Math.min(MAX_FUZZY, Math.round(term.length * 0.25));
      const rows = await run(
        `SELECT term, df_title * 2.5 + df_body AS weight, releases FROM ${s}.terms
          WHERE term % $1 AND length(term) BETWEEN $2 AND $3
          ORDER BY similarity(term, $1) DESC LIMIT ${TRIGRAM_CANDIDATES}`,
        [term, term.length - maxDistance, term.length + maxDistance],
      );
      let best: { term: string; distance: number; first: boolean; weight: number; releases: number } | undefined;
      for (const row of rows) {
        const t = row['term'] as string;
        if (t === term || isCode(t) || isStem(t)) continue;
        const distance = editDistance(term, t, maxDistance);
        if (distance > maxDistance) continue;
        const weight = Number(row['weight']);
        const first = t[0] === term[0];
        const better = !best || distance < best.distance ||
          (distance === best.distance && (first !== best.first ? first : weight > best.weight || (weight === best.weight && t < best.term)));
        if (better) best = { term: t, distance, first, weight, releases: Number(row['releases']) };
      }
      return best && { term: best.term, releases: best.releases };
    },
    async suggest(prefix, limit) {
      if (!prefix || limit <= 0) return [];
      const rows = await run(
        `SELECT term, shown FROM ${s}.terms WHERE term >= $1 AND term < $1 || chr(1114111)
          ORDER BY df_title * 2.5 + df_body DESC, term LIMIT $2`,
        [prefix.replace(/\u0000/g, ''), Math.min(limit, 1000) * 4],
      );
      const out: string[] = [];
      const seen = new Set<string>();
      for (const row of rows) {
        if (isStem(row['term'] as string)) continue;
        const shown = (row['shown'] as string | null) ?? (row['term'] as string);
        if (seen.has(shown.toLowerCase())) continue;
        seen.add(shown.toLowerCase());
        out.push(shown);
        if (out.length >= limit) break;
      }
      return out;
    },
  };
}
