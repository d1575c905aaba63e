import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LiveIndex } from '../../../src/engine/memory/live-index.js';
import { MANIFEST_FILE, readManifest } from '../../../src/store/manifest.js';
import { reindex } from '../../../src/reindex/reindex.js';
import { simpleIngester } from '../../reindex/simple-ingester.js';

const SEEDS = join(import.meta.dirname, '..', '..', 'fixtures', 'ingest', 'seeds');
let root: string;
let corpus: string;
let index: string;
let live: LiveIndex | undefined;
let built = 0;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'live-'));
  corpus = join(root, 'corpus');
  index = join(root, 'index');
  cpSync(SEEDS, corpus, { recursive: true });
  built = (await reindex({ corpusDir: corpus, indexDir: index }, simpleIngester)).releases.total;
});
afterEach(() => {
  live?.close();
  rmSync(root, { recursive: true, force: true });
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
    expect(first.info.releases).toBe(built);
    live.watch();
    writeFileSync(join(corpus, 'extra.txt'), 'EXTRA HEADLINE ABOUT PANGOLINS\n\nPangolin body text here.\n');
    await reindex({ corpusDir: corpus, indexDir: index }, simpleIngester);
    for (let i = 0; i < 100 && live.current === first; i++) await new Promise((r) => setTimeout(r, 20));
    expect(live.current).not.toBe(first);
    expect(live.current!.info.releases).toBe(built + 1);
    expect(live.current!.engine.search('pangolin')).toHaveLength(1);
    // the replaced index still answers for requests that hold it
    expect(first.store.get([...first.store.ids()][0]!)).toBeDefined();
    expect(lines.join('\n')).toMatch(/index swapped/);
  });

  it('keeps serving the old index and logs why when the new one cannot be loaded', async () => {
    const { lines, logger } = logs();
    live = new LiveIndex(index, { logger });
    await live.reload();
    const first = live.current;
    const m = readManifest(index);
    writeFileSync(join(index, MANIFEST_FILE), JSON.stringify({ ...m, generation: 'x-1', data: { ...m.data, engine: { name: 'engine-gone.bin', bytes: 10 } } }));
    await live.reload();
    expect(live.current).toBe(first);
    expect(lines.join('\n')).toMatch(/still serving the old one.*engine-gone\.bin cannot be read/);
  });
});
