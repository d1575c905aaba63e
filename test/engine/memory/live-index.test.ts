import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveIndex } from '../../../src/engine/memory/live-index.js';
import { MANIFEST_FILE, readManifest } from '../../../src/store/manifest.js';
import { tempIndex, type TempIndex } from '../../support/temp-index.js';
import { simpleIngester } from '../../reindex/simple-ingester.js';

let t: TempIndex;
let index: string;
let live: LiveIndex | undefined;

beforeEach(async () => {
  // the seed filings at the top of the corpus, one release each
  t = await tempIndex({ prefix: 'live', files: { '.': 'ingest/seeds' }, ingester: simpleIngester, build: true });
  index = t.indexDir;
});
afterEach(() => {
  live?.close();
  live = undefined;
  t.cleanup();
});

const logs = () => {
  const lines: string[] = [];
  const log = (o: object, msg: string) => void lines.push(`${msg} ${JSON.stringify(o)}`);
  return { lines, logger: { info: log, warn: log, error: log } };
};

describe('LiveIndex', () => {
  it('loads, then swaps in a new generation when the manifest changes', async () => {
    const { lines, logger } = logs();
    live = new LiveIndex(index, { logger, pollMs: 50 });
    expect(live.current).toBeUndefined();
    await live.reload();
    const first = live.current!;
    expect(first.info.releases).toBe(4);
    const oldIds = [...first.store.ids()].sort();
    expect(oldIds).toEqual(Object.values(readManifest(index).files).flatMap((f) => f.releaseIds).sort());
    const kept = first.store.get(oldIds[0]!)!;
    expect(kept.id).toBe(oldIds[0]);
    live.watch();
    t.addFile('extra.txt', 'EXTRA HEADLINE ABOUT PANGOLINS\n\nPangolin body text here.\n');
    await t.reindex();
    // the watcher (or its poll) notices the new manifest and swaps the new generation in
    await vi.waitFor(() => expect(live!.current).not.toBe(first), { timeout: 10_000, interval: 10 });
    expect(live.generation).toBe(readManifest(index).generation);
    expect(live.current!.info.releases).toBe(5);
    const extraIds = readManifest(index).files['extra.txt']!.releaseIds;
    expect(extraIds).toHaveLength(1);
    expect(live.current!.engine.search('pangolin').map((h) => h.id)).toEqual(extraIds);
    // the replaced index still answers for requests that hold it
    expect([...first.store.ids()].sort()).toEqual(oldIds);
    expect(first.store.get(kept.id)).toEqual(kept);
    expect(lines.join('\n')).toMatch(/index swapped \{"releases":5,/);
  });

  it('keeps serving the old index and logs why when the new one cannot be loaded', async () => {
    const { lines, logger } = logs();
    live = new LiveIndex(index, { logger });
    await live.reload();
    const first = live.current;
    expect(first?.info.releases).toBe(4);
    const m = readManifest(index);
    writeFileSync(join(index, MANIFEST_FILE), JSON.stringify({ ...m, generation: 'x-1', data: { ...m.data, engine: { name: 'engine-gone.bin', bytes: 10 } } }));
    await live.reload();
    expect(live.current).toBe(first);
    expect(live.generation).toBe(m.generation);
    expect(lines.join('\n')).toMatch(/still serving the old one.*engine-gone\.bin cannot be read/);
  });
});
