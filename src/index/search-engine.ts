import MiniSearch from 'minisearch';
import type { Release } from '../clean/release.js';
import { TOKENIZER_VERSION, tokenize } from './terms.js';

/** The fields of a release the engine indexes; bodies stay in the release store. */
interface EngineDoc {
  id: string;
  title: string;
  body: string;
  company: string;
  date: string;
}

/** A scored match from the engine, before snippets. */
export interface EngineHit {
  id: string;
  score: number;
  terms: string[];
}

/** Thrown when serialized index bytes cannot be read: the fix is a full reindex. */
export class IndexFormatError extends Error {
  constructor(message: string) {
    super(`${message}; rebuild it with \`npm run reindex -- --full\``);
    this.name = 'IndexFormatError';
  }
}

const OPTIONS = {
  fields: ['title', 'body'],
  storeFields: ['company', 'date'],
  tokenize: (text: string) => tokenize(text).map((t) => t.term),
  processTerm: (term: string) => term,
};

/** The full-text index behind one small interface: add, remove, search, serialize. */
export class SearchEngine {
  private constructor(private readonly ms: MiniSearch<EngineDoc>) {}

  static create(): SearchEngine {
    return new SearchEngine(new MiniSearch<EngineDoc>(OPTIONS));
  }

  static deserialize(bytes: Uint8Array): SearchEngine {
    let parsed: { tokenizerVersion?: unknown; index?: unknown };
    try {
      parsed = JSON.parse(new TextDecoder().decode(bytes)) as typeof parsed;
    } catch (err) {
      throw new IndexFormatError(`search index is not readable (${(err as Error).message})`);
    }
    if (parsed.tokenizerVersion !== TOKENIZER_VERSION) {
      throw new IndexFormatError(`search index was built with tokenizer ${String(parsed.tokenizerVersion)}, this build uses ${TOKENIZER_VERSION}`);
    }
    return new SearchEngine(MiniSearch.loadJS(parsed.index as never, OPTIONS));
  }

  serialize(): Uint8Array {
    return new TextEncoder().encode(JSON.stringify({ tokenizerVersion: TOKENIZER_VERSION, index: this.ms.toJSON() }));
  }

  add(release: Release): void {
    this.ms.add({ id: release.id, title: release.title, body: release.body, company: release.company, date: release.date });
  }

  remove(id: string): void {
    if (this.ms.has(id)) this.ms.discard(id);
  }

  has(id: string): boolean {
    return this.ms.has(id);
  }

  get size(): number {
    return this.ms.documentCount;
  }

  /** All words must match; title matches count double. */
  search(query: string): EngineHit[] {
    return this.ms
      .search(query, { combineWith: 'AND', boost: { title: 2 } })
      .map((r) => ({ id: String(r.id), score: r.score, terms: r.terms }));
  }
}
