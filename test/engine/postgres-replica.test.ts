/**
 * A read replica: a real streaming standby (pg_basebackup + standby.signal) of the test's
 * cluster. A node reading the replica serves a commit made through the primary once the replica
 * has replayed it; with replay paused it keeps answering from what it has, and /healthz says it
 * lags (200, with the lag), until replay resumes.
 */
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Release } from '../../src/clean/release.js';
import { startReplica, stopCluster, type Cluster } from '../../src/cli/pg-cluster.js';
import type { CommitMeta, Engine } from '../../src/engine/engine.js';
import { openEngine } from '../../src/engine/open-engine.js';
import { releaseHash } from '../../src/store/release-hash.js';
import { createApp } from '../../src/web/create-app.js';
import { HAVE_PG, useTestCluster } from '../support/pg-cluster.js';
import { seedIndex } from '../support/seed-index.js';

const META: CommitMeta = { corpusDir: '/corpus', code: 'test', files: {}, counts: { files: 0, releases: 0, skippedParts: 0, boilerplateRemoved: 0 } };

/** A seed release under a new id whose headline carries a word no other release has. */
function marked(base: Release, id: string, word: string): { release: Release; hash: string } {
  const release = { ...base, id, title: `${word} ${base.title}` };
  return { release, hash: releaseHash(release) };
}

describe.skipIf(!HAVE_PG)('postgres with a read replica', () => {
  const cluster = useTestCluster();
  let replica: Cluster;
  let writer: Engine;
  let node: Engine;
  let server: ReturnType<ReturnType<typeof createApp>['listen']>;
  let base: string;
  const onReplica = async (sql: string) => {
    const c = new pg.Client({ connectionString: replica.url });
    await c.connect();
    try {
      return (await c.query(sql)).rows as Record<string, unknown>[];
    } finally {
      await c.end();
    }
  };
  const total = async (word: string) => (await node.search({ query: { kind: 'term', term: word }, order: 'relevance', offset: 0, limit: 10 })).total;
  const healthz = async () => {
    const res = await fetch(`${base}/healthz`);
    return { status: res.status, body: (await res.json()) as { status: string; replica?: { lagging: boolean; lagSeconds: number; generation: string; primaryGeneration?: string; replayPaused?: boolean } } };
  };

  beforeAll(async () => {
    const { releases } = seedIndex();
    writer = await openEngine({ backend: 'postgres', url: cluster.get().url, create: 'if-missing', poolSize: 2 });
    await writer.apply({ upserts: releases.map((release) => ({ release, hash: releaseHash(release) })), removals: [] }, { rebuild: true });
    await writer.commit(META);
    // the replica is copied after the first commit, like one added to a running deployment
    replica = await startReplica(cluster.get(), join(cluster.get().dir, 'replica'));
    node = await openEngine({ backend: 'postgres', url: cluster.get().url, replicaUrl: replica.url, watch: true, poolSize: 2 });
    server = createApp({ getEngine: () => node, logger: pino({ level: 'silent' }) }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => {
    server?.close();
    await node?.close();
    await writer?.close();
    if (replica) {
      stopCluster(replica.dir);
      rmSync(replica.dir, { recursive: true, force: true });
    }
  });

  it('reads from a standby, and serves a commit made on the primary once replayed', async () => {
    expect((await onReplica('SELECT pg_is_in_recovery() AS standby'))[0]).toEqual({ standby: true });
    expect(node.stats().generation).toBe(writer.stats().generation);
    expect((await healthz()).body).toMatchObject({ status: 'ok', replica: { lagging: false, lagSeconds: 0, generation: writer.stats().generation } });

    const { releases } = seedIndex();
    await writer.apply({ upserts: [marked(releases[0]!, 'replica-new-1', 'quixotical')], removals: [] });
    const committed = await writer.commit(META);
    const t = performance.now();
    await vi.waitFor(() => expect(node.stats().generation).toBe(committed.generation), { timeout: 2000, interval: 20 });
    expect(performance.now() - t).toBeLessThan(2000);
    expect(await total('quixotical')).toBe(1);
    expect(node.stats().releases).toBe(releases.length + 1);
    // the search read the replica: its tables hold the new release
    expect(await onReplica(`SELECT count(*)::int AS n FROM prsearch.releases WHERE id = 'replica-new-1'`)).toEqual([{ n: 1 }]);
  });

  it('keeps answering while replay is paused, and /healthz says the replica lags', async () => {
    await onReplica('SELECT pg_wal_replay_pause()');
    try {
      const before = node.stats().generation;
      const { releases } = seedIndex();
      await writer.apply({ upserts: [marked(releases[1]!, 'replica-new-2', 'zephyrine')], removals: ['replica-new-1'] });
      const committed = await writer.commit(META);
      await new Promise((resolve) => setTimeout(resolve, 1200));
      // the node still serves what the replica holds
      expect(node.stats().generation).toBe(before);
      expect(await total('quixotical')).toBe(1);
      expect(await total('zephyrine')).toBe(0);
      const lagging = await healthz();
      expect(lagging.status).toBe(200);
      expect(lagging.body.status).toBe('ok');
      expect(lagging.body.replica).toMatchObject({ lagging: true, generation: before, primaryGeneration: committed.generation, replayPaused: true });
      expect(lagging.body.replica!.lagSeconds).toBeGreaterThanOrEqual(1);
      const page = await fetch(`${base}/api/search?q=quixotical`);
      expect(page.status).toBe(200);
      expect(((await page.json()) as { total: number }).total).toBe(1);
    } finally {
      await onReplica('SELECT pg_wal_replay_resume()');
    }
    await vi.waitFor(() => expect(node.stats().generation).toBe(writer.stats().generation), { timeout: 3000, interval: 50 });
    expect(await total('zephyrine')).toBe(1);
    expect(await total('quixotical')).toBe(0);
    expect((await healthz()).body.replica).toMatchObject({ lagging: false, lagSeconds: 0 });
  });

  it('writes never go to the replica: a writer given one works on the primary', async () => {
    const w = await openEngine({ backend: 'postgres', url: cluster.get().url, replicaUrl: replica.url, create: 'if-missing', poolSize: 1 });
    try {
      const last = await w.lastCommit!();
      expect(last.hashes.has('replica-new-2')).toBe(true);
      const lock = await w.lockWriter!();
      await lock.release();
    } finally {
      await w.close();
    }
  });
});
