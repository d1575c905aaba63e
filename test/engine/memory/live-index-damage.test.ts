import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.js';
import { LiveIndex } from '../../../src/engine/memory/live-index.js';
import { openEngine } from '../../../src/engine/open-engine.js';
import { readManifest, type Manifest } from '../../../src/store/manifest.js';
import { IndexCorruptError } from '../../../src/store/store-errors.js';
import { writeNewFiling } from '../../cli/corpus-fixture.js';
import { flipBytes } from '../../support/flip-bytes.js';
import { tempIndex, type TempIndex } from '../../support/temp-index.js';

// Issue 21, item 3: a swap that meets a damaged generation keeps serving the previous one.
let t: TempIndex;
let live: LiveIndex | undefined;
let engine: Engine | undefined;

beforeEach(async () => {
  t = await tempIndex({ build: true, prefix: 'live-damage' });
});
afterEach(async () => {
  live?.close();
  live = undefined;
  await engine?.close();
  engine = undefined;
  t.cleanup();
});

const logs = () => {
  const lines: string[] = [];
  const log = (o: object, msg: string) => void lines.push(`${msg} ${JSON.stringify(o)}`);
  return { lines, logger: { info: log, warn: log, error: log } };
};

/** A new generation (one filing more, the whole index written again), then damage in `pick` of it. */
async function damagedNext(pick: (m: Manifest) => string): Promise<Manifest> {
  writeNewFiling(t.path('seeds/later.txt'), 'zymurgical');
  await t.reindex({ full: true });
  const m = readManifest(t.indexDir);
  flipBytes(join(t.indexDir, pick(m)));
  return m;
}

const search = (e: Engine, term: string) => e.search({ query: { kind: 'term', term }, order: 'relevance', offset: 0, limit: 10 });

describe('a swap that meets damage', () => {
  for (const [what, pick] of [
    ['engine file', (m: Manifest) => m.data.engine.name],
    ['release table', (m: Manifest) => m.data.storeTable.name],
  ] as const) {
    it(`keeps the previous generation serving when the new one's ${what} is damaged, and says why`, async () => {
      const { lines, logger } = logs();
      live = new LiveIndex(t.indexDir, { logger, graceMs: 0 });
      await live.reload();
      const first = live.current!;
      const before = readManifest(t.indexDir).generation;
      const ids = [...first.store.ids()];

      const m = await damagedNext(pick);
      await live.reload();
      expect(live.current).toBe(first);
      expect(live.generation).toBe(before);
      expect(live.lastError).toBeInstanceOf(IndexCorruptError);
      expect((live.lastError as IndexCorruptError).detail).toMatch(new RegExp(`${pick(m)}.*fails its checksum`));
      expect((live.lastError as IndexCorruptError).fix).toMatch(/npm run reindex -- --full/);
      expect(lines.join('\n')).toMatch(/still serving the old one.*fails its checksum/);
      // the old generation still answers, its releases still read (its files replaced on disk)
      for (const id of ids) expect(first.store.get(id)?.id).toBe(id);
      expect(first.engine.size).toBe(ids.length);
    });
  }

  it('a watching engine keeps answering searches and reads from the previous generation; a repaired index is swapped in', async () => {
    engine = await openEngine({ backend: 'memory', indexDir: t.indexDir, graceMs: 0 });
    const before = await search(engine, 'lorus');
    expect(before.total).toBeGreaterThan(0);
    const generation = engine.stats().generation;

    await damagedNext((m) => m.data.engine.name);
    await engine.refresh();
    expect(engine.stats().generation).toBe(generation);
    expect(await search(engine, 'lorus')).toEqual(before);
    expect((await engine.releases(before.hits.map((h) => h.id))).map((r) => r?.id)).toEqual(before.hits.map((h) => h.id));
    expect((await search(engine, 'zymurgical')).total).toBe(0);

    // mended by the fix named: the new generation is served
    await t.reindex({ full: true });
    await engine.refresh();
    expect(engine.stats().generation).not.toBe(generation);
    expect((await search(engine, 'zymurgical')).total).toBe(1);
  });
});
