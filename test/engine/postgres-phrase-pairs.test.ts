/**
 * Phrases on the postgres backend are narrowed by the pairs of words side by side (`pairs`) and
 * checked by their positions (`words`). The answers equal those of the positions alone, on a
 * database built with pairs and on one migrated from the schema before them (no pairs known: every
 * release a candidate), and a release whose pairs did not all fit is still found.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine, QueryNode } from '../../src/engine/engine.js';
import { openEngine } from '../../src/engine/open-engine.js';
import { SCHEMA_VERSION } from '../../src/engine/postgres/schema.js';
import { freshSchema, HAVE_PG, useTestCluster } from '../support/pg-cluster.js';
import { release } from './conformance/fixtures.js';

// distinct long words, so many that their pairs pass the pairs' byte budget (not the words')
const letters = (i: number) => Array.from({ length: 4 }, (_, k) => String.fromCharCode(97 + (Math.floor(i / 26 ** k) % 26))).join('');
const longWord = (i: number) => `${'longwordfiller'.repeat(2)}${letters(i)}`;

const RELEASES = [
  release('p1', { title: 'Cash investment grows', body: 'The cash investment in the new plant was large. Net income rose.' }),
  release('p2', { title: 'Investment in cash', body: 'An investment of cash, not a cash investment plan... income net of taxes.' }),
  release('p3', { title: 'Quarterly results', body: 'Net income for the quarter; the net loss narrowed. Phase 2 trial of GTI-2040 began.' }),
  release('p4', { title: 'Long', body: `${Array.from({ length: 7_000 }, (_, i) => longWord(i)).join(' ')} net income at the very end` }),
];

const PHRASES: string[][] = [['cash', 'investment'], ['investment', 'cash'], ['net', 'income'], ['income', 'net'], ['net', 'income', 'rose'], ['gti2040', 'began'], [longWord(10), longWord(11)], [longWord(11), longWord(10)], ['missing', 'words']];

describe.skipIf(!HAVE_PG)('postgres: phrases narrowed by word pairs', () => {
  const cluster = useTestCluster();
  const schema = freshSchema();
  let engine: Engine;
  let client: pg.Client;
  beforeAll(async () => {
    engine = await openEngine({ backend: 'postgres', url: cluster.get().url, schema, create: 'if-missing', poolSize: 2 });
    await engine.apply({ upserts: RELEASES.map((r) => ({ release: r, hash: r.id })), removals: [] }, { rebuild: true });
    await engine.commit({ corpusDir: '/corpus', code: 'test', files: {}, counts: { files: 0, releases: RELEASES.length, skippedParts: 0, boilerplateRemoved: 0 } });
    client = new pg.Client({ connectionString: cluster.get().url });
    await client.connect();
  }, 60_000);
  afterAll(async () => {
    await engine?.close();
    await client?.end();
  });

  const phrase = (terms: string[]): QueryNode => ({ kind: 'phrase', terms });
  /** Each phrase's matches by the positions alone, as SQL reads them. */
  async function byPositions(): Promise<string[][]> {
    const out: string[][] = [];
    for (const terms of PHRASES) {
      const rows = await client.query(`SELECT id FROM "${schema}".releases WHERE words @@ $1::tsquery ORDER BY id`, [terms.map((t) => `'${t}'`).join(' <-> ')]);
      out.push(rows.rows.map((r: { id: string }) => r.id));
    }
    return out;
  }
  async function byEngine(e: Engine): Promise<string[][]> {
    const out: string[][] = [];
    for (const terms of PHRASES) out.push((await e.search({ query: phrase(terms), order: 'relevance', offset: 0, limit: 10 })).hits.map((h) => h.id).sort());
    // and as an exclusion
    out.push((await e.search({ query: { kind: 'not', include: { kind: 'all' }, exclude: [phrase(['net', 'income'])] }, order: 'date', offset: 0, limit: 10 })).hits.map((h) => h.id).sort());
    return out;
  }

  it('finds what the positions alone find, the long release whose pairs did not all fit included', async () => {
    const incomplete = await client.query(`SELECT id FROM "${schema}".releases WHERE pairs @@ $1::tsquery`, ["' '"]);
    expect(incomplete.rows.map((r: { id: string }) => r.id)).toEqual(['p4']);
    const expected = await byPositions();
    expect(expected[2]).toEqual(['p1', 'p3', 'p4']);
    expect(expected[6]).toEqual(['p4']);
    const got = await byEngine(engine);
    expect(got.slice(0, PHRASES.length)).toEqual(expected);
    expect(got[PHRASES.length]).toEqual(['p2']);
  });

  it('migrates a database of the schema before pairs, with the same answers', async () => {
    const before = await byEngine(engine);
    await client.query(`ALTER TABLE "${schema}".releases DROP COLUMN pairs`);
    await client.query(`UPDATE "${schema}".meta SET schema_version = $1`, [SCHEMA_VERSION - 1]);
    await expect(openEngine({ backend: 'postgres', url: cluster.get().url, schema, poolSize: 1 })).rejects.toThrow(/schema version 4/);
    const migrated = await openEngine({ backend: 'postgres', url: cluster.get().url, schema, create: 'if-missing', poolSize: 2 });
    try {
      expect((await client.query(`SELECT schema_version FROM "${schema}".meta`)).rows[0]).toEqual({ schema_version: SCHEMA_VERSION });
      expect(await byEngine(migrated)).toEqual(before);
    } finally {
      await migrated.close();
    }
  });
});
