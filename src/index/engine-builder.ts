import type { Release } from '../clean/release.js';
import { analyzeRelease, ENGINE_FIELDS } from './analyze-release.js';
import { encodeEngineFile, type EngineContents, type FieldPosting } from './engine-file.js';
import { TOKENIZER_VERSION } from './terms.js';

// A term frequency beyond this is stored as this: BM25 saturates long before.
const MAX_FREQ = 0xffff;

/**
 * Builds the engine file of a whole corpus without MiniSearch's per-token work (a radix-tree
 * lookup and a Map update per word): each release's terms are counted once, appended to flat
 * posting lists, and written as the same file MiniSearch's own index would save to, down to the
 * float sums of its average field lengths. Loading that file gives the engine MiniSearch would have
 * built (test/index/engine-builder.test.ts compares the two).
 */
export class EngineBuilder {
  private readonly ids: string[] = [];
  private readonly seen = new Set<string>();
  private readonly fieldLengths: number[][] = [];
  private readonly stored: Record<string, unknown>[] = [];
  private readonly averages: number[] = ENGINE_FIELDS.map(() => 0);
  // term → its fields in the order first met, each [field, doc, freq, doc, freq, …]; the Map is
  // in order of first occurrence, as MiniSearch inserts terms
  private readonly postings = new Map<string, number[][]>();
  private readonly filters: Uint32Array[] = [];
  private readonly display = new Map<string, string>();

  get size(): number {
    return this.ids.length;
  }

  add(release: Release): void {
    if (this.seen.has(release.id)) throw new Error(`duplicate release id ${release.id}`);
    this.seen.add(release.id);
    const a = analyzeRelease(release);
    const doc = this.ids.length;
    this.ids.push(a.id);
    this.stored.push({ company: a.company, date: a.date, tickers: a.tickers });
    for (const [term, written] of a.display) if (!this.display.has(term)) this.display.set(term, written);
    this.filters.push(a.pairFilter);
    const lengths: number[] = [];
    [a.titleTerms, a.bodyTerms].forEach((terms, field) => {
      // MiniSearch's field length: distinct tokens; its running average, summed the same way
      const counts = new Map<string, number>();
      for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
      lengths[field] = counts.size;
      this.averages[field] = (this.averages[field]! * doc + counts.size) / (doc + 1);
      for (const [term, freq] of counts) {
        if (!term) continue;
        let perField = this.postings.get(term);
        if (!perField) this.postings.set(term, (perField = []));
        let flat = perField.find((f) => f[0] === field);
        if (!flat) perField.push((flat = [field]));
        flat.push(doc, freq);
      }
    });
    this.fieldLengths.push(lengths);
  }

  /** The engine file's bytes, as chunks to write in order. */
  toFile(): Uint8Array[] {
    const terms: string[] = [];
    const lists: FieldPosting[][] = [];
    for (const [term, perField] of this.postings) {
      const list: FieldPosting[] = [];
      for (const flat of perField) {
        const n = (flat.length - 1) / 2;
        const docs = new Int32Array(n);
        const freqs = new Uint16Array(n);
        for (let i = 0; i < n; i++) {
          docs[i] = flat[1 + 2 * i]!;
          freqs[i] = Math.min(flat[2 + 2 * i]!, MAX_FREQ);
        }
        list.push({ field: flat[0]!, docs, freqs });
      }
      terms.push(term);
      lists.push(list);
    }
    const contents: EngineContents = {
      fieldIds: Object.fromEntries(ENGINE_FIELDS.map((f, i) => [f, i])),
      averageFieldLength: this.averages,
      nextId: this.ids.length,
      documentCount: this.ids.length,
      shortIds: this.ids.map((_, i) => i),
      ids: this.ids,
      fieldLengths: this.fieldLengths,
      stored: this.stored,
      terms,
      postings: lists,
      filter: (doc) => this.filters[doc]!,
    };
    return encodeEngineFile(contents, { tokenizerVersion: TOKENIZER_VERSION, display: Object.fromEntries(this.display) });
  }
}
