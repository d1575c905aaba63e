import type { Release } from '../../clean/release.js';
import { analyzeRelease, ENGINE_FIELDS, storedFields } from './analyze-release.js';
import { encodeEngineFile, type EngineContents, type FieldPosting } from './engine-file.js';
import type { EngineSegment } from './engine-segment.js';
import { TOKENIZER_VERSION } from '../../analysis/terms.js';

// A term frequency beyond this is stored as this: BM25 saturates long before.
const MAX_FREQ = 0xffff;

/**
 * Builds the engine file of a whole corpus without MiniSearch's per-token work (a radix-tree
 * lookup and a Map update per word): each release's terms are counted once, appended to flat
 * posting lists, and written as the same file MiniSearch's own index would save to, down to the
 * float sums of its average field lengths. Loading that file gives the engine MiniSearch would have
 * built (test/engine/memory/engine-builder.test.ts compares the two).
 */
/** A growable column of 32-bit integers, in chunks (no copying of what is already there). */
class IntColumn {
  private readonly chunks: Int32Array[] = [];
  private current = new Int32Array(1 << 16);
  private used = 0;
  length = 0;

  push(v: number): void {
    if (this.used === this.current.length) {
      this.chunks.push(this.current);
      this.current = new Int32Array(Math.min(this.current.length * 2, 1 << 22));
      this.used = 0;
    }
    this.current[this.used++] = v;
    this.length++;
  }

  /** The values, in runs (columns pushed together have runs of the same lengths). */
  runs(): Int32Array[] {
    return [...this.chunks, this.current.subarray(0, this.used)];
  }
}

export class EngineBuilder {
  private readonly ids: string[] = [];
  private readonly seen = new Set<string>();
  private readonly fieldLengths: number[][] = [];
  private readonly stored: Record<string, unknown>[] = [];
  private readonly averages: number[] = ENGINE_FIELDS.map(() => 0);
  // Terms numbered in order of first occurrence, as MiniSearch inserts them; each posting is one
  // (term·fields + field, release, frequency) row, inverted by a counting sort in toFile. Rows are
  // appended in release order, so each posting comes out with its releases ascending.
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  /** Per term, its fields in the order first met (MiniSearch's order), as field + 1 digits. */
  private fieldOrder: Int32Array = new Int32Array(1 << 16);
  // let go of once the file is made (toFile): a full build's largest structures
  private keys = new IntColumn();
  private docs = new IntColumn();
  private freqs = new IntColumn();
  private spent = false;
  private readonly filters: Uint32Array[] = [];
  private readonly display = new Map<string, string>();

  get size(): number {
    return this.ids.length;
  }

  /** The corpus-wide number of a term, numbered on first sight (in the order `add` meets terms). */
  private termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.termIds.set(term, id);
      this.terms.push(term);
      if (id === this.fieldOrder.length) {
        const grown = new Int32Array(id * 2);
        grown.set(this.fieldOrder);
        this.fieldOrder = grown;
      }
    }
    return id;
  }

  add(release: Release): void {
    if (this.seen.has(release.id)) throw new Error(`duplicate release id ${release.id}`);
    this.seen.add(release.id);
    const a = analyzeRelease(release);
    const doc = this.ids.length;
    this.ids.push(a.id);
    this.stored.push(storedFields(a));
    for (const [term, written] of a.display) if (!this.display.has(term)) this.display.set(term, written);
    this.filters.push(a.pairFilter);
    const lengths: number[] = [];
    const fields = ENGINE_FIELDS.length;
    [a.titleTerms, a.bodyTerms].forEach((terms, field) => {
      // MiniSearch's field length: distinct tokens; its running average, summed the same way
      const counts = new Map<string, number>();
      for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
      lengths[field] = counts.size;
      this.averages[field] = (this.averages[field]! * doc + counts.size) / (doc + 1);
      for (const [term, freq] of counts) {
        if (!term) continue;
        const id = this.termId(term);
        this.noteField(id, field);
        this.keys.push(id * fields + field);
        this.docs.push(doc);
        this.freqs.push(Math.min(freq, MAX_FREQ));
      }
    });
    this.fieldLengths.push(lengths);
  }

  /**
   * Add the releases of a segment (analyzed elsewhere): its rows replayed in order, its local term
   * numbers mapped to the corpus's as they are first met, so the file is the one `add` makes.
   */
  addSegment(seg: EngineSegment): void {
    const fields = ENGINE_FIELDS.length;
    const base = this.ids.length;
    for (const id of seg.ids) {
      if (this.seen.has(id)) throw new Error(`duplicate release id ${id}`);
      this.seen.add(id);
      this.ids.push(id);
    }
    for (const s of seg.stored) this.stored.push(s);
    for (const [term, written] of seg.display) if (!this.display.has(term)) this.display.set(term, written);
    for (let i = 0; i < seg.ids.length; i++) this.filters.push(seg.filters.subarray(seg.filterStarts[i]!, seg.filterStarts[i + 1]!));
    for (let i = 0; i < seg.ids.length; i++) {
      const doc = base + i;
      const lengths: number[] = [];
      for (let f = 0; f < fields; f++) {
        const n = seg.lengths[i * fields + f]!;
        lengths[f] = n;
        this.averages[f] = (this.averages[f]! * doc + n) / (doc + 1);
      }
      this.fieldLengths.push(lengths);
    }
    const global = new Int32Array(seg.terms.length).fill(-1);
    for (let r = 0; r < seg.keys.length; r++) {
      const key = seg.keys[r]!;
      const local = Math.floor(key / fields);
      const field = key - local * fields;
      let id = global[local]!;
      if (id < 0) {
        const term = seg.terms[local]!;
        id = this.termId(term);
        global[local] = id;
      }
      this.noteField(id, field);
      this.keys.push(id * fields + field);
      this.docs.push(base + seg.docs[r]!);
      this.freqs.push(Math.min(seg.freqs[r]!, MAX_FREQ));
    }
  }

  /** Record that a term occurs in a field, keeping the fields in the order first met. */
  private noteField(id: number, field: number): void {
    let order = this.fieldOrder[id]!;
    for (let rest = order; rest > 0; rest = Math.floor(rest / 10)) if ((rest % 10) - 1 === field) return;
    let digits = 1;
    while (digits <= order) digits *= 10;
    order += (field + 1) * digits;
    this.fieldOrder[id] = order;
  }

  /**
   * The engine file's bytes, as chunks to write in order. Once only: the rows are let go of as
   * the postings are laid out (at a million releases they are gigabytes).
   */
  toFile(): Uint8Array[] {
    if (this.spent) throw new Error('EngineBuilder.toFile can be called once');
    this.spent = true;
    const fields = ENGINE_FIELDS.length;
    const keyCount = this.terms.length * fields;
    // counting sort of the rows by (term, field), straight into the file's layout: each term's
    // fields in the order first met, releases ascending within each (rows are in release order)
    const count = new Int32Array(keyCount);
    for (const run of this.keys.runs()) for (let j = 0; j < run.length; j++) count[run[j]!]!++;
    const at = new Float64Array(keyCount);
    const order = (id: number): number[] => {
      const out: number[] = [];
      for (let o = this.fieldOrder[id]!; o > 0; o = Math.floor(o / 10)) out.push((o % 10) - 1);
      return out;
    };
    let total = 0;
    for (let id = 0; id < this.terms.length; id++) {
      for (const field of order(id)) {
        at[id * fields + field] = total;
        total += count[id * fields + field]!;
      }
    }
    const starts = at.slice();
    const docs = new Int32Array(total);
    const freqs = new Uint16Array(total);
    const [keyRuns, docRuns, freqRuns] = [this.keys.runs(), this.docs.runs(), this.freqs.runs()];
    this.keys = this.docs = this.freqs = new IntColumn();
    for (let c = 0; c < keyRuns.length; c++) {
      const [k, d, f] = [keyRuns[c]!, docRuns[c]!, freqRuns[c]!];
      for (let j = 0; j < k.length; j++) {
        const pos = at[k[j]!]!++;
        docs[pos] = d[j]!;
        freqs[pos] = f[j]!;
      }
      keyRuns[c] = docRuns[c] = freqRuns[c] = new Int32Array(0);
    }
    const lists: FieldPosting[][] = this.terms.map((_, id) =>
      order(id).map((field) => {
        const k = id * fields + field;
        const from = starts[k]!;
        const to = from + count[k]!;
        return { field, docs: docs.subarray(from, to), freqs: freqs.subarray(from, to) };
      }),
    );
    const contents: EngineContents = {
      fieldIds: Object.fromEntries(ENGINE_FIELDS.map((f, i) => [f, i])),
      averageFieldLength: this.averages,
      nextId: this.ids.length,
      documentCount: this.ids.length,
      shortIds: this.ids.map((_, i) => i),
      ids: this.ids,
      fieldLengths: this.fieldLengths,
      stored: this.stored,
      terms: this.terms,
      postings: lists,
      filter: (doc) => this.filters[doc]!,
      laidOut: { docs, freqs },
    };
    return encodeEngineFile(contents, { tokenizerVersion: TOKENIZER_VERSION, display: Object.fromEntries(this.display) });
  }
}
