/**
 * A Bloom filter per release over the pairs of adjacent words in it: a phrase query rejects the
 * releases that cannot hold its word pairs without reading them. No false negatives: a release
 * that has the phrase always passes; about 1 in 1,000 of those that do not also pass, and are
 * then read and checked as before (each such read costs tens of microseconds: a phrase of two
 * common words has tens of thousands of releases holding both words, and the 1% that 8 bits and
 * 3 probes let through cost it 30 ms).
 *
 * Sized to the release (14 bits per pair, 6 probes), in 32-bit words, concatenated in one array
 * with an offset per release number. A pair's probes all land in one block of 16 words (a cache
 * line's worth), picked by its first hash: a phrase of two common words asks 30,000 filters, and
 * one memory read each instead of six is most of what that costs. Positions are scaled by
 * multiply-shift, so a filter of any size works.
 */

const BITS_PER_PAIR = 14;
const PROBES = 6;
const MIN_WORDS = 4;
const MAX_WORDS = 1 << 15;
// words in a block (filters longer than one are a whole number of blocks)
const BLOCK_WORDS = 16;
// 2^32: a 32-bit hash times the filter's bits over this is a bit number below them
const SPAN = 4294967296;

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
  let words = Math.max(MIN_WORDS, Math.ceil((pairs * BITS_PER_PAIR) / 32));
  if (words > BLOCK_WORDS) words = Math.ceil(words / BLOCK_WORDS) * BLOCK_WORDS;
  words = Math.min(MAX_WORDS, words);
  const bits = new Uint32Array(words);
  const put = ([h1, h2]: [number, number]) => {
    const { base, size, g } = blockOf(h1, words);
    for (let p = 0; p < PROBES; p++) {
      const bit = probe(g, h2, p, size);
      bits[base + (bit >>> 5)] = bits[base + (bit >>> 5)]! | (1 << (bit & 31));
    }
  };
  for (let i = 0; i + 1 < sequence.length; i++) put(pairHash(sequence[i]!, sequence[i + 1]!));
  for (const [a, b] of extra) put(pairHash(a, b));
  return bits;
}

/** Whether a release's filter may hold every pair (hashed with pairHash). */
export function filterMayHold(bits: Uint32Array, from: number, to: number, pairs: readonly [number, number][]): boolean {
  const words = to - from;
  if (words <= 0) return true; // no filter kept for this release: it must be read
  // blockOf and probe inlined: this runs for every release a phrase's words matched
  const blockWords = Math.min(BLOCK_WORDS, words);
  const blocks = words / blockWords;
  const size = blockWords * 32;
  for (let i = 0; i < pairs.length; i++) {
    const h1 = pairs[i]![0];
    const h2 = pairs[i]![1];
    const at = from + Math.floor((h1 * blocks) / SPAN) * blockWords;
    const g = Math.imul(h1 ^ (h1 >>> 16), 0x45d9f3b) >>> 0;
    for (let p = 0; p < PROBES; p++) {
      const bit = Math.floor((((g + Math.imul(p, h2)) >>> 0) * size) / SPAN);
      if ((bits[at + (bit >>> 5)]! & (1 << (bit & 31))) === 0) return false;
    }
  }
  return true;
}

/** The block a pair's probes land in (its first word and bits), and the hash that places them in it (h1 remixed: its high bits chose the block). */
function blockOf(h1: number, words: number): { base: number; size: number; g: number } {
  const blockWords = Math.min(BLOCK_WORDS, words);
  const block = Math.floor((h1 * (words / blockWords)) / SPAN);
  return { base: block * blockWords, size: blockWords * 32, g: Math.imul(h1 ^ (h1 >>> 16), 0x45d9f3b) >>> 0 };
}

/** Probe p: g + p·h2 as 32 bits, scaled to a bit number below `size` (exact in doubles: both below 2^32). */
function probe(g: number, h2: number, p: number, size: number): number {
  return Math.floor((((g + Math.imul(p, h2)) >>> 0) * size) / SPAN);
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
