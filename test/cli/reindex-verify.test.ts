import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readManifest, type Manifest } from '../../src/store/manifest.js';
import { flipBytes } from '../support/flip-bytes.js';
import { tempIndex, type TempIndex } from '../support/temp-index.js';
import { buildCli } from './build-cli.js';
import { runCli } from './run-cli.js';

// `npm run reindex -- --verify` (issue 21, item 3): checks an index without rebuilding it.
let build: ReturnType<typeof buildCli>;
let t: TempIndex;
let m: Manifest;
const verify = (...args: string[]) => runCli(build.script('reindex'), ['--corpus', t.corpusDir, '--index', t.indexDir, '--verify', ...args]);

beforeAll(() => {
  build = buildCli('reindex-verify');
});
afterAll(() => build?.clean());
beforeEach(async () => {
  t?.cleanup();
  t = await tempIndex({ build: true, prefix: 'reindex-verify' });
  m = readManifest(t.indexDir);
  return () => t.cleanup();
});

describe('npm run reindex -- --verify', () => {
  it('is documented, and a sound index exits 0 having checked every file and record', async () => {
    expect((await runCli(build.script('reindex'), ['--help'])).stdout).toContain('--verify');
    const r = await verify();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`generation ${m.generation}: checked manifest.json, ${m.data.engine.name}, .*${m.data.storeTable.name}, ${m.data.finalize!.name} \\(${m.counts.releases} release records\\)`));
    expect(r.stdout).toMatch(/the index is sound\n$/);
    const json = JSON.parse((await verify('--json')).stdout) as { damaged: string[]; releases: number };
    expect(json).toMatchObject({ damaged: [], releases: m.counts.releases });
  });

  for (const [what, pick] of [
    ['a release data file', (x: Manifest) => x.data.storeData[0]!.name],
    ['the release table', (x: Manifest) => x.data.storeTable.name],
    ['the engine file', (x: Manifest) => x.data.engine.name],
    ['the cleaning state', (x: Manifest) => x.data.finalize!.name],
  ] as const) {
    it(`reports damage in ${what}, naming the file and the fix, and exits 3; nothing is changed`, async () => {
      const name = pick(m);
      flipBytes(join(t.indexDir, name));
      const r = await verify();
      expect(r.code).toBe(3);
      expect(r.stdout).toMatch(new RegExp(`^damaged: ${name.replace('.', '\\.')}.*fails its checksum`, 'm'));
      expect(r.stdout).toMatch(/1 problem found; rebuild it with `npm run reindex -- --full`\n$/);
      expect(readManifest(t.indexDir).generation).toBe(m.generation);
      // mended by the fix it names
      await t.reindex({ full: true });
      expect((await verify()).code).toBe(0);
    });
  }

  it('exits 3 when there is no index, saying how to build one', async () => {
    const r = await runCli(build.script('reindex'), ['--index', join(t.root, 'none'), '--verify']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/damaged: no index in .*none\n.*build it with `npm run reindex`/);
  });
});
