/**
 * A Bloom filter per release over the pairs of adjacent words in it: a phrase query rejects the
 * releases that cannot hold its word pairs without reading them. No false negatives: a release
 * that has the phrase always passes; about 3% of those that do not also pass, and are then read
 * and checked as before.
 *
 * Sized to the release (8 bits per pair, 3 probes), in 32-bit words, concatenated in one array
 * with an offset per release number.
 */

const BITS_PER_PAIR = 8;
const PROBES = 3;
const MIN_WORDS = 4;
const MAX_WORDS = 1 << 14;

/** The two hashes of an adjacent pair of terms; the probes are h1 + i·h2. */
export function pairHash(a: string, b: string): [number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  const add = (s: string) => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
    }
  };
  add(a);
  h1 = Math.imul(h1 ^ 0x1f, 0x01000193);
  h2 = Math.imul(h2 ^ 0x1f, 0x5bd1e995);
  add(b);
  return [h1 >>> 0, (h2 | 1) >>> 0];
}

/** The filter words of one release: the pairs along its term sequence, and any extra pairs. */
export function buildPairFilter(sequence: readonly string[], extra: readonly [string, string][] = []): Uint32Array {
  const pairs = Math.max(1, sequence.length - 1 + extra.length);
  let words = MIN_WORDS;
  while (words * 32 < pairs * BITS_PER_PAIR && words < MAX_WORDS) words *= 2;
  const bits = new Uint32Array(words);
  const mask = words * 32 - 1;
  const put = ([h1, h2]: [number, number]) => {
    for (let p = 0; p < PROBES; p++) {
      const bit = (h1 + p * h2) & mask;
      bits[bit >>> 5] = bits[bit >>> 5]! | (1 << (bit & 31));
    }
  };
  for (let i = 0; i + 1 < sequence.length; i++) put(pairHash(sequence[i]!, sequence[i + 1]!));
  for (const [a, b] of extra) put(pairHash(a, b));
  return bits;
}

/** Whether a release's filter may hold every pair (hashed with pairHash). */
export function filterMayHold(bits: Uint32Array, from: number, to: number, pairs: readonly [number, number][]): boolean {
  const mask = (to - from) * 32 - 1;
  if (mask < 0) return true; // no filter kept for this release: it must be read
  for (const [h1, h2] of pairs) {
    for (let p = 0; p < PROBES; p++) {
      const bit = (h1 + p * h2) & mask;
      if ((bits[from + (bit >>> 5)]! & (1 << (bit & 31))) === 0) return false;
    }
  }
  return true;
}

/** The pairs of adjacent terms of a phrase, hashed. */
export function phrasePairs(terms: readonly string[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < terms.length; i++) out.push(pairHash(terms[i]!, terms[i + 1]!));
  return out;
}

/**
 * The filters of all releases by release number: those loaded from the engine file (one array and
 * offsets) and those added since (their own arrays).
 */
export class PairFilters {
  private readonly added = new Map<number, Uint32Array>();

  constructor(
    private readonly bits: Uint32Array = new Uint32Array(0),
    private readonly offsets: Uint32Array = new Uint32Array(1),
  ) {}

  set(doc: number, filter: Uint32Array): void {
    this.added.set(doc, filter);
  }

  /** One release's filter words (empty when none is kept). */
  get(doc: number): Uint32Array {
    const own = this.added.get(doc);
    if (own) return own;
    if (doc + 1 >= this.offsets.length) return new Uint32Array(0);
    return this.bits.subarray(this.offsets[doc]!, this.offsets[doc + 1]!);
  }

  mayHold(doc: number, pairs: readonly [number, number][]): boolean {
    const own = this.added.size > 0 ? this.added.get(doc) : undefined;
    if (own) return filterMayHold(own, 0, own.length, pairs);
    if (doc + 1 >= this.offsets.length) return true;
    return filterMayHold(this.bits, this.offsets[doc]!, this.offsets[doc + 1]!, pairs);
  }
}
