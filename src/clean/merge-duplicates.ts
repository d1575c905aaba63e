import type { Draft } from './draft.js';

// Two bodies this similar (Jaccard of word 4-gram sets), or one almost inside the other, are one release.
const SAME_JACCARD = 0.6;
const SAME_CONTAINMENT = 0.9;

function hashWord(w: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 0x01000193);
  return h;
}

/** The body's word 4-grams, each hashed to 32 bits: no strings built (a chance collision is harmless). */
function shingles(body: string): Set<number> {
  const w = (body.toLowerCase().match(/[a-z0-9]+/g) ?? []).map(hashWord);
  const out = new Set<number>();
  for (let i = 0; i + 4 <= w.length; i++) {
    let h = Math.imul(w[i]!, 0x9e3779b1) ^ w[i + 1]!;
    h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) ^ w[i + 2]!;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) ^ w[i + 3]!;
    out.add(h ^ (h >>> 16));
  }
  if (out.size === 0 && w.length) out.add(w.reduce((h, x) => Math.imul(h ^ x, 0x01000193), 0));
  return out;
}

function similar(a: Set<number>, b: Set<number>): boolean {
  let inter = 0;
  const [small, big] = a.size < b.size ? [a, b] : [b, a];
  for (const s of small) if (big.has(s)) inter++;
  const union = a.size + b.size - inter;
  return (union > 0 && inter / union >= SAME_JACCARD) || (small.size > 0 && inter / small.size >= SAME_CONTAINMENT);
}

/**
 * Group drafts that are the same release (same date, nearly the same body): the same release
 * filed twice, in another format, or with a headline typo fixed. Order-independent.
 */
export function groupDuplicates(drafts: readonly Draft[]): Draft[][] {
  const byDate = new Map<string, Draft[]>();
  for (const d of drafts) {
    const list = byDate.get(d.date) ?? [];
    list.push(d);
    byDate.set(d.date, list);
  }
  const groups: Draft[][] = [];
  for (const list of byDate.values()) {
    // exact ids first: cheap and the common case
    const byId = new Map<string, Draft[]>();
    for (const d of list) byId.set(d.id, [...(byId.get(d.id) ?? []), d]);
    const clusters = [...byId.values()];
    if (clusters.length === 1) {
      groups.push(clusters[0]!);
      continue;
    }
    const sets = clusters.map((c) => shingles(c[0]!.body));
    const parent = clusters.map((_, i) => i);
    const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
    // pairwise within one date: few releases share a date
    if (clusters.length <= 400) {
      for (let i = 0; i < clusters.length; i++) {
        for (let j = i + 1; j < clusters.length; j++) if (find(i) !== find(j) && similar(sets[i]!, sets[j]!)) parent[find(j)] = find(i);
      }
    }
    const merged = new Map<number, Draft[]>();
    clusters.forEach((c, i) => merged.set(find(i), [...(merged.get(find(i)) ?? []), ...c]));
    groups.push(...merged.values());
  }
  return groups;
}
