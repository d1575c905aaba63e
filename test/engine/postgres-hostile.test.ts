/**
 * Hostile input against the postgres backend: every value goes through parameters or COPY's
 * escaping, so quotes, backslashes, SQL, tsquery operators, tabs, newlines and NUL in queries,
 * filters and filings are data. The tables are intact afterwards and each release round-trips.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryTerms } from '../../src/analysis/terms.js';
import type { Engine, QueryNode } from '../../src/engine/engine.js';
import { openEngine } from '../../src/engine/open-engine.js';
import { search as searchService } from '../../src/search/search.js';
import { releaseHash } from '../../src/store/release-hash.js';
import { release } from './conformance/fixtures.js';
import { HAVE_PG, useTestCluster } from '../support/pg-cluster.js';

const NASTY = [
  "'; DROP TABLE releases; --",
  "Robert'); DELETE FROM terms; --",
  '\\',
  "\\'",
  '$1',
  "' OR '1'='1",
  'a & !b | c <-> d',
  "x':* | 'y",
  '"quoted" \\N \t tab\nnewline\r',
  'nul\u0000byte',
  '{"json": [1, 2]}',
  '{,"}',
  '😀 ünïcödé ‮rtl',
];

const HOSTILE = [
  release('h1', {
    title: "Robert'); DROP TABLE releases;-- announces results",
    subtitle: 'A \\ backslash \\N and \t tab',
    body: "Body with 'quotes', \"doubles\", back\\slashes, \\., a tab\there, CR\r\nand a NUL\u0000 byte. The zircon line ships. x':* | 'y & !z",
    company: "O'Brien \\ Partners\tInc.",
    tickers: ["NYSE:O'B", 'TSX:\\X'],
    place: 'NEW\nYORK',
    date: '2004-01-02',
    sources: [{ file: "weird 'name'\\\t.txt", part: '1', cik: "0'1", form: "8-K'; --" }],
    removed: [{ kind: 'safe-harbor', text: "'); DROP SCHEMA x; --" }],
  }),
  release("h2'; DROP TABLE postings; --", { title: 'Quiet news', body: 'zircon again, and ' + 'long'.repeat(5000) + ' words' }),
  release('h3', { title: 'Normal', body: 'zircon ' + 'filler words '.repeat(20_000) }),
];

describe.skipIf(!HAVE_PG)('postgres backend under hostile input', () => {
  const cluster = useTestCluster();
  let engine: Engine;
  beforeAll(async () => {
    engine = await openEngine({ backend: 'postgres', url: cluster.get().url, schema: 'hostile', create: 'if-missing' });
    await engine.apply({ upserts: HOSTILE.map((r) => ({ release: r, hash: releaseHash(r) })), removals: [] });
    await engine.commit({ corpusDir: "c'; --", code: "x'\\", files: {}, counts: { files: 0, releases: 3, skippedParts: 0, boilerplateRemoved: 0 } });
  });
  afterAll(async () => {
    await engine?.close();
  });

  const ids = async (query: QueryNode, filters = {}) => (await engine.search({ query, filters, order: 'relevance', offset: 0, limit: 10 })).hits.map((h) => h.id).sort();

  it('stores hostile filings as data: each release round-trips whole, and is found by its words', async () => {
    // NUL cannot be stored in text columns, but the release itself keeps it (JSON escapes it)
    expect(await engine.releases(HOSTILE.map((r) => r.id))).toEqual(HOSTILE);
    expect(await ids({ kind: 'term', term: 'zircon' })).toEqual(['h1', "h2'; DROP TABLE postings; --", 'h3'].sort());
    expect(await ids({ kind: 'term', term: 'robert' })).toEqual(['h1']);
    expect(await ids({ kind: 'phrase', terms: queryTerms('the zircon line ships') })).toEqual(['h1']);
    expect(engine.stats().releases).toBe(3);
  });

  it('takes hostile terms, phrases, prefixes and exclusions as words, never as SQL or tsquery syntax', async () => {
    for (const text of NASTY) {
      const nodes: QueryNode[] = [
        { kind: 'term', term: text },
        { kind: 'term', term: text, prefix: true },
        { kind: 'phrase', terms: [text, 'zircon'] },
        { kind: 'not', include: { kind: 'term', term: 'zircon' }, exclude: [{ kind: 'term', term: text }] },
      ];
      expect(await ids(nodes[0]!)).toEqual([]);
      expect(await ids(nodes[2]!)).toEqual([]);
      expect((await ids(nodes[3]!)).length).toBe(3);
      await ids(nodes[1]!);
      expect(await engine.terms.known([text])).toEqual(new Set());
      await engine.terms.correct(text);
      await engine.terms.suggest(text, 5);
    }
  });

  it('takes hostile filter values as values', async () => {
    const all: QueryNode = { kind: 'all' };
    for (const text of NASTY) {
      expect(await ids(all, { companies: [[text]], tickers: [text], ids: [text], ciks: [text], forms: [text] })).toEqual([]);
      expect(await ids(all, { ids: [text] })).toEqual([]);
    }
    expect(await ids(all, { companies: [["o'brien"]] })).toEqual([]);
    expect(await ids(all, { companies: [['o', 'brien']] })).toEqual(['h1']);
    expect(await ids(all, { tickers: ["O'B"] })).toEqual(['h1']);
    expect(await ids(all, { ids: ["h2'; DROP TABLE postings; --"] })).toEqual(["h2'; DROP TABLE postings; --"]);
    expect(await ids(all, { forms: ["8-k'; --"] })).toEqual(['h1']);
  });

  it('answers hostile typed queries through the search service, and every table is still there', async () => {
    for (const q of [...NASTY, `company:"${NASTY[0]}"`, `ticker:${NASTY[1]}`, `"${NASTY[2]}" -'x`, "zircon -'; DROP", 'zirc*']) {
      const r = await searchService(engine, { q, page: 1, size: 10, sort: 'relevance' });
      expect(r.total).toBeGreaterThanOrEqual(0);
    }
    expect((await searchService(engine, { q: 'zircon', page: 1, size: 10, sort: 'relevance' })).total).toBe(3);
    const last = await engine.lastCommit!();
    expect(last.meta?.corpusDir).toBe("c'; --");
    expect(last.hashes.size).toBe(3);
  });

  it('stops a search past the statement timeout with a typed 503 error, and keeps answering', async () => {
    const slow = await openEngine({ backend: 'postgres', url: cluster.get().url, schema: 'hostile', statementTimeoutMs: 1 });
    try {
      // a phrase over every position of a 40,000-word body, with facets: more than a millisecond
      const heavy = { query: { kind: 'or', items: [{ kind: 'phrase', terms: ['filler', 'words', 'filler', 'zircon'] }, { kind: 'term', term: 'fil', prefix: true }] }, order: 'relevance', offset: 0, limit: 10, facets: ['company', 'year', 'cik', 'form'] } as const;
      const err = await slow.search(heavy as never).then(() => undefined, (e: unknown) => e as Error & { status?: number });
      expect(err?.name).toBe('SearchTimeoutError');
      expect(err?.status).toBe(503);
      expect((await engine.search(heavy as never)).total).toBeGreaterThan(0);
    } finally {
      await slow.close();
    }
  });
});
