import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadIndex } from '../../src/engine/memory/load-index.js';
import { tempIndex, type TempIndex } from '../support/temp-index.js';
import { buildCli } from './build-cli.js';
import { writeNewFiling } from './corpus-fixture.js';
import { runAndKill, runCli } from './run-cli.js';

let build: ReturnType<typeof buildCli>;
let t: TempIndex | undefined;
beforeAll(() => {
  build = buildCli('reindex-crash');
});
afterEach(() => t?.cleanup());
afterAll(() => build?.clean());

const NEW_FILES = 30;
const outcomes: string[] = [];

// Where to kill: after the first file, in the middle of reading, at each later stage, and while writing.
const KILL_POINTS: [string, RegExp][] = [
  ['after 1 file', /file 1\//],
  ['after 15 files', /file 15\//],
  ['at finalize', /reindex: finalize/],
  ['while indexing', /reindex: index /],
  ['while writing', /reindex: write /],
];

describe('reindex killed with SIGKILL', () => {
  it.each(KILL_POINTS)('%s leaves an index with the old or the new contents, and the next run completes', async (_name, when) => {
    // the seed filings; indexed by the built command, not in-process
    t = await tempIndex({ prefix: 'reindex-crash' });
    const { corpusDir: corpus, indexDir: index } = t;
    const first = await runCli(build.script('reindex'), ['--corpus', corpus, '--index', index]);
    expect(first.stderr).not.toMatch(/Error:/);
    expect(first.code).toBe(0);
    const old = await loadIndex(index);
    const oldCount = old.info.releases;
    old.close();
    expect(oldCount).toBe(9); // the seed filings' distinct releases

    mkdirSync(join(corpus, 'new'));
    for (let i = 0; i < NEW_FILES; i++) writeNewFiling(join(corpus, 'new', `f${String(i).padStart(2, '0')}.txt`), `quasar${i}x`, i);
    const killed = await runAndKill(build.script('reindex'), ['--corpus', corpus, '--index', index], when);
    expect(killed.killed).toBe(true);
    expect(killed.signal).toBe('SIGKILL');

    const after = await loadIndex(index);
    const n = after.info.releases;
    const found = after.engine.search('quasar7x').length;
    after.close();
    // either the old generation (no new release) or the complete new one
    expect([oldCount, oldCount + NEW_FILES]).toContain(n);
    expect(found).toBe(n === oldCount ? 0 : 1);
    outcomes.push(n === oldCount ? 'old' : 'new');

    const next = await runCli(build.script('reindex'), ['--corpus', corpus, '--index', index]);
    expect(next.code).toBe(0);
    const done = await loadIndex(index);
    expect(done.info.releases).toBe(oldCount + NEW_FILES);
    expect(done.engine.search('quasar7x')).toHaveLength(1);
    done.close();
    expect(readdirSync(index).filter((f) => f.startsWith('.tmp-'))).toEqual([]);
  });

  it('was killed before the new index landed at least once (the kills are real)', () => {
    expect(outcomes).toHaveLength(KILL_POINTS.length);
    expect(outcomes).toContain('old');
  });
});
