import type { Draft } from './draft.js';
import { append } from './append.js';

// Two bodies this similar (Jaccard of word 4-gram sets), or one almost inside the other, are one release.
const SAME_JACCARD = 0.6;
const SAME_CONTAINMENT = 0.9;
/** Past this many same-id clusters on one date, only exact ids merge (pairwise would be quadratic). */
export const MAX_PAIRWISE = 400;

/**
 * The body's word 4-grams (words: runs of a-z and 0-9 after lower-casing), each hashed to 32 bits,
 * sorted and without repeats. Words are hashed as they are scanned: no strings are built, which
 * matters at 100,000 releases (a chance collision is harmless).
 */
export function shingles(body: string): Int32Array {
  const text = body.toLowerCase();
  const words = new Int32Array((text.length >> 1) + 1);
  let n = 0;
  let h = 0;
  let inWord = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (!inWord) {
        h = 0x811c9dc5;
        inWord = true;
      }
      h = Math.imul(h ^ c, 0x01000193);
    } else if (inWord) {
      words[n++] = h;
      inWord = false;
    }
  }
  if (n === 0) return new Int32Array(0);
  if (n < 4) {
    let one = 0;
    for (let i = 0; i < n; i++) one = Math.imul(one ^ words[i]!, 0x01000193);
    return Int32Array.of(one);
  }
  const out = new Int32Array(n - 3);
  for (let i = 0; i + 4 <= n; i++) {
    let x = Math.imul(words[i]!, 0x9e3779b1) ^ words[i + 1]!;
    x = Math.imul(x ^ (x >>> 15), 0x85ebca6b) ^ words[i + 2]!;
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) ^ words[i + 3]!;
    out[i] = x ^ (x >>> 16);
  }
  out.sort();
  let u = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[u - 1]) out[u++] = out[i]!;
  return out.subarray(0, u);
}

/** Whether two sorted shingle sets are similar enough to be one release. */
export function similar(a: Int32Array, b: Int32Array): boolean {
  const [small, big] = a.length < b.length ? [a, b] : [b, a];
  if (small.length === 0) return false;
  // both tests need at least this many shared shingles (a Jaccard of 0.6 shares 0.6 of the larger)
  const need = Math.ceil(Math.min(SAME_CONTAINMENT * small.length, SAME_JACCARD * big.length) - 1e-9);
  let inter = 0;
  let i = 0;
  let j = 0;
  while (i < small.length && j < big.length) {
    // not enough left in the smaller set to reach the bound
    if (inter + (small.length - i) < need) return false;
    const x = small[i]!;
    const y = big[j]!;
    if (x === y) {
      inter++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  const union = a.length + b.length - inter;
  return inter / union >= SAME_JACCARD || inter / small.length >= SAME_CONTAINMENT;
}

/**
 * Which of several copies stands for them: the fullest body, ties broken by id and then by text,
 * so the choice never depends on the order files were read in.
 */
export function byFullest(a: Draft, b: Draft): number {
  return b.body.length - a.body.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) || (a.body < b.body ? -1 : a.body > b.body ? 1 : 0);
}

/** The drafts of one date, as clusters of the same id (in order of first appearance). */
export function clustersById(list: readonly Draft[]): Draft[][] {
  const byId = new Map<string, Draft[]>();
  for (const d of list) {
    const c = byId.get(d.id);
    if (c) c.push(d);
    else byId.set(d.id, [d]);
  }
  return [...byId.values()];
}

/** The shingles a cluster is compared by: those of its fullest copy. */
export function clusterShingles(cluster: readonly Draft[]): Int32Array {
  return shingles([...cluster].sort(byFullest)[0]!.body);
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
  for (const list of byDate.values()) append(groups, groupClusters(clustersById(list)));
  return groups;
}

/**
 * Union same-id clusters of one date whose bodies are similar: pairwise up to MAX_PAIRWISE
 * clusters, past it by leaders (groupByLeaders).
 */
export function groupClusters(clusters: readonly Draft[][], sets?: readonly Int32Array[]): Draft[][] {
  if (clusters.length === 1) return [[...clusters[0]!]];
  const shingled = sets ?? clusters.map(clusterShingles);
  if (clusters.length > MAX_PAIRWISE) return groupByLeaders(clusters, shingled);
  const parent = clusters.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < clusters.length; i++) {
    for (let j = i + 1; j < clusters.length; j++) if (find(i) !== find(j) && similar(shingled[i]!, shingled[j]!)) parent[find(j)] = find(i);
  }
  const merged = new Map<number, Draft[]>();
  clusters.forEach((c, i) => {
    const g = merged.get(find(i));
    if (g) append(g, c);
    else merged.set(find(i), [...c]);
  });
  return [...merged.values()];
}

// groupByLeaders: a cluster looks leaders up by its SAMPLE smallest shingles (hashes, so a random
// sample), ignores shingles more than COMMON leaders share (boilerplate: they tell nothing) and
// compares itself with the TRIES leaders that share the most.
const SAMPLE = 16;
const COMMON = 32;
const TRIES = 4;

/**
 * Past MAX_PAIRWISE clusters on one date, comparing every pair is quadratic, and not merging at
 * all let 500 copies of one exhibit each lose every paragraph as "recurring" (a file's releases
 * gone without a word). Instead each cluster, fullest first (so the result does not depend on
 * the order files were read in), joins the first leader it is similar to among the few that
 * share its sampled shingles, or becomes a leader: a bounded number of comparisons per cluster.
 */
export function groupByLeaders(clusters: readonly Draft[][], sets: readonly Int32Array[]): Draft[][] {
  const fullest = clusters.map((c) => [...c].sort(byFullest)[0]!);
  const order = clusters.map((_, i) => i).sort((a, b) => byFullest(fullest[a]!, fullest[b]!) || a - b);
  const groups: Draft[][] = [];
  const leaderSets: Int32Array[] = [];
  const holders = new Map<number, number[]>();
  for (const i of order) {
    const set = sets[i]!;
    const shared = new Map<number, number>();
    for (let k = 0; k < Math.min(SAMPLE, set.length); k++) {
      const list = holders.get(set[k]!);
      if (list && list.length <= COMMON) for (const g of list) shared.set(g, (shared.get(g) ?? 0) + 1);
    }
    const tries = [...shared].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, TRIES);
    const into = tries.find(([g]) => similar(set, leaderSets[g]!));
    if (into) {
      append(groups[into[0]]!, clusters[i]!);
      continue;
    }
    const g = groups.length;
    groups.push([...clusters[i]!]);
    leaderSets.push(set);
    for (const x of set) {
      const list = holders.get(x);
      if (!list) holders.set(x, [g]);
      else if (list.length <= COMMON) list.push(g);
    }
  }
  return groups;
}
