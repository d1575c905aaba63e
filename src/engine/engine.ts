import type { Release } from '../clean/release.js';
import type { LeadPart, ReleaseLead } from '../store/release-record.js';

/**
 * The one interface every search backend implements. The search service, the web layer and the
 * CLI see only this; a backend's own folder (`memory/`, and later a server engine) stays behind it.
 * Everything here is plain data, so a backend can translate a query and its filters into its own
 * language (typed arrays in process, SQL, a query DSL) instead of calling back into ours.
 */

/**
 * A query over analysed terms (see `analysis/terms.ts`): terms are already normalised and never
 * tokenized again. `phrase` means the words in this order, side by side, in the title or body.
 * A term's `boost` scales what it adds to a score (a synonym counts less than the word typed).
 */
export type QueryNode =
  | { kind: 'term'; term: string; prefix?: boolean; boost?: number }
  | { kind: 'phrase'; terms: string[] }
  | { kind: 'and' | 'or'; items: QueryNode[] }
  | { kind: 'not'; include: QueryNode; exclude: QueryNode[] }
  | { kind: 'all' };

/** Narrowing a search, as data. Every field given must hold; an empty filter keeps everything. */
export interface EngineFilters {
  /**
   * Words (folded, punctuation-free) each of which must start a word of the release's company
   * name: `['lorus', 'ther']` keeps "Lorus Therapeutics Inc.". Several lists: any of them.
   */
  companies?: string[][];
  /** Ticker symbols (`LOR`) or exchange and symbol (`TSX:LOR`); any of them. */
  tickers?: string[];
  /** Inclusive bounds on the release date as the number YYYYMMDD; an undated release fails any bound. */
  fromDay?: number;
  toDay?: number;
  /** Only releases dated in one of these years. */
  years?: number[];
  /** Only these releases (a release page asking what its search matched). */
  ids?: string[];
  /** Issuers by SEC Central Index Key (`320193`, leading zeros optional); any of them. */
  ciks?: string[];
  /** Form types of a release's filings (`8-K`, `6-K`, `8-K/A`; case aside, exact); any of them. */
  forms?: string[];
  /** Codes a release names, as the analyzer's terms (`gti2040` for `GTI-2040`, `GTI 2040`); any of them. */
  codes?: string[];
  /** Trial registry ids a release names (`NCT05512345`, `2020-001234-56`, `ISRCTN12345678`; case and spaces aside); any of them. */
  trials?: string[];
  /** Trial phases a release names, canonical (`1`, `2`, `2b`, `1/2`, `pivotal`; exact); any of them. */
  phases?: string[];
}

export type Order = 'relevance' | 'date' | 'date-asc';

export const ORDERS: readonly Order[] = ['relevance', 'date', 'date-asc'];

/**
 * `cik`: releases per issuer CIK; `form`: per form type (a release counts once for each of its
 * forms); `issuer`: one count per issuer, keyed `cik:<CIK>` for releases whose issuer's CIK is
 * known and `name:<company>` for the rest (so one issuer is one entry however its name is spelt).
 * `code`: per code a release names (`release.entities.codes`), keyed by the spelling most
 * releases naming it use (ties: the first in code-point order); `trial`: per registry id;
 * `phase`: per canonical phase. A release counts once for each value it names. `quarter`: per
 * quarter of the release date, keyed `2004-Q1` (undated releases left out), so a code's chart
 * costs no release read.
 */
export type FacetName = 'company' | 'year' | 'quarter' | 'cik' | 'form' | 'issuer' | 'code' | 'trial' | 'phase';

/** The `quarter` facet's key of a date as the number YYYYMMDD (undefined when undated). */
export function quarterKey(day: number): string | undefined {
  const month = Math.floor(day / 100) % 100;
  if (day <= 0 || month < 1 || month > 12) return undefined;
  return `${Math.floor(day / 10000)}-Q${Math.floor((month - 1) / 3) + 1}`;
}

/** The `issuer` facet's key of a release. */
export function issuerKey(cik: string, company: string): string | undefined {
  return cik ? `cik:${cik}` : company ? `name:${company}` : undefined;
}

export interface EngineSearch {
  query: QueryNode;
  filters?: EngineFilters;
  order: Order;
  offset: number;
  limit: number;
  /** Which facets to count over every match (not only the page). */
  facets?: readonly FacetName[];
  /**
   * The code and trial facets are shown only as their `facetLimit` most counted values (ties: the
   * value first in code-point order): a backend may return just those, and not build a count for
   * each of the thousands of codes a common word's matches name. Undefined: every value.
   */
  facetLimit?: number;
}

/** One match, best first in the order asked for. */
export interface EngineHit {
  id: string;
  score: number;
  /** The index terms this release matched (prefix and fuzzy expansions included): what to mark. */
  terms: string[];
}

export interface EngineAnswer {
  /** How many releases match (an estimate when `estimated` is set). */
  total: number;
  /**
   * Set when the total and facets are estimated: a phrase with more candidates than a backend
   * verified. `checked`: how many candidates were verified, in the order asked for; `pageable`:
   * how far into the order results can be asked for. `cut`: parts of the query were left out for
   * their cost (said in `limited`), and the total counts what the rest matched.
   */
  estimated?: { checked: number; pageable: number; cut?: true };
  hits: EngineHit[];
  /** Where the query cost more than a search may, and what was done about it (readable). */
  limited?: string[];
  /**
   * Set when the facet counts were scaled up from a sample of this many matches (a backend
   * bounding the cost of facets over very many matches); the total is exact.
   */
  facetsSampled?: number;
  /** Counts per value over all matches (releases without a value left out). */
  facets: Partial<Record<FacetName, Map<string, number>>>;
}

/** The indexed vocabulary: spelling and completion read it. */
export interface TermDictionary {
  /** Which of these terms some release holds. */
  known(terms: readonly string[]): Promise<Set<string>>;
  /** The closest indexed word to a misspelt one, with how many releases hold it (never for codes). */
  correct(term: string): Promise<{ term: string; releases: number } | undefined>;
  /** Completions of a prefix, as written in the releases (`gti` → `GTI-2040`), most used first. */
  suggest(prefix: string, limit: number): Promise<string[]>;
}

/** What a backend says about the generation it serves. */
export interface EngineStats {
  backend: string;
  releases: number;
  /** ISO timestamp of the commit that made this generation. */
  builtAt: string;
  /** Changes whenever a commit becomes visible: caches key on it. */
  generation: string;
}

/** Changes to stage: releases to add or replace (with their content hash), and ids to remove. */
export interface EngineChanges {
  upserts: readonly { release: Release; hash: string }[];
  removals: readonly string[];
}

/**
 * What a commit records beside the releases: the corpus bookkeeping that reindex plans the next
 * run from. Opaque to the engine; it stores it with the generation and gives it back.
 */
export interface CommitMeta {
  corpusDir: string;
  /** Fingerprint of the code that decided what was indexed. */
  code: string;
  files: Record<string, import('../store/manifest.js').FileEntry>;
  counts: import('../store/manifest.js').Manifest['counts'];
  /** The ingester's state for cleaning new files alone (undefined: none to keep). */
  ingestState?: unknown;
}

/** What a backend that keeps its own commit records says about the last one (see `Engine.lastCommit`). */
export interface LastCommit {
  /** The record the last commit stored; undefined before the first commit. */
  meta: CommitMeta | undefined;
  /** The content hash of every release the generation holds, by id. */
  hashes: Map<string, string>;
}

export interface Engine {
  /** Matches of a query, filtered, ordered and paged, with facet counts. */
  search(req: EngineSearch): Promise<EngineAnswer>;
  /** The clean releases by id (undefined where there is none), in the order asked. */
  releases(ids: readonly string[]): Promise<(Release | undefined)[]>;
  /**
   * What a list of many releases shows (an export's rows): the listed fields and at least `part`
   * of each body (`whole` says when it is all of it), in the order asked. Optional: without it,
   * `releases` serves (search/export.ts).
   */
  leads?(ids: readonly string[], part: LeadPart): Promise<(ReleaseLead | undefined)[]>;
  readonly terms: TermDictionary;
  stats(): EngineStats;
  /**
   * Stage changes for the next commit. With `rebuild`, the upserts are the whole new corpus and
   * nothing of the current generation is kept. Searches keep answering from the current generation.
   */
  apply(changes: EngineChanges, opts?: { rebuild?: boolean }): Promise<void>;
  /** Make the staged changes visible as one generation, all or nothing. */
  commit(meta: CommitMeta): Promise<EngineStats>;
  /** Serve the newest generation another process committed, now (a server's SIGHUP); a failure keeps the current one. */
  refresh(): Promise<void>;
  /**
   * A backend that keeps the commit records itself (a database, shared by many machines) gives
   * the last one here, and reindex plans from it. Absent where the index folder's manifest holds
   * them (the memory backend).
   */
  lastCommit?(): Promise<LastCommit>;
  /**
   * Such a backend's writer lock: held until `release`, refused with an error naming the holder
   * while another writer (on any machine) holds it.
   */
  lockWriter?(): Promise<{ release(): Promise<void> }>;
  /** For a backend behind a network: undefined when it can answer now, else why not (a server's /healthz). */
  check?(): Promise<string | undefined>;
  /** For a backend reading from a replica: how far behind its primary it is (a server's /healthz); undefined without one. */
  replication?(): Promise<ReplicaStatus | undefined>;
  close(): Promise<void>;
}

/** A read replica's state as /healthz reports it: searches keep answering while it lags. */
export interface ReplicaStatus {
  /** The replica serves an older generation than the primary holds, or its replay is stuck. */
  lagging: boolean;
  /** How long the newest commit has waited to be seen on the replica (0 when it is up to date). */
  lagSeconds: number;
  /** The generation the replica holds, and the primary's (undefined when the primary cannot be asked). */
  generation: string;
  primaryGeneration?: string;
  /** Replay stopped on the replica (pg_wal_replay_pause). */
  replayPaused?: boolean;
  /** Why the lag is unknown (the primary cannot be reached). */
  reason?: string;
}
