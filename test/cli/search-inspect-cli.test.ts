import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../src/engine/open-engine.js';
import { toApiResponse } from '../../src/web/api-response.js';
import { search } from '../../src/search/search.js';
import { buildCli } from './build-cli.js';
import { copySeeds } from './corpus-fixture.js';
import { runCli } from './run-cli.js';

let build: ReturnType<typeof buildCli>;
let root: string;
let corpus: string;
let index: string;

beforeAll(async () => {
  build = buildCli('search-cli');
  root = mkdtempSync(join(tmpdir(), 'search-cli-'));
  corpus = join(root, 'corpus');
  index = join(root, 'index');
  copySeeds(corpus);
  const r = await runCli(build.script('reindex'), ['--corpus', corpus, '--index', index]);
  expect(r.code).toBe(0);
}, 60_000);
afterAll(() => {
  build?.clean();
  rmSync(root, { recursive: true, force: true });
});

describe('npm run search', () => {
  it('prints ranked results with the matches in brackets', async () => {
    const r = await runCli(build.script('search'), ['--index', index, 'GTI 2040 -gemcitabine']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^2 releases · [\d.]+ ms · showing 1–2\n/);
    expect(r.stdout).toContain('[GTI-2040]');
    expect(r.stdout).not.toMatch(/GEMCITABINE/);
  });

  it('--json prints the /api/search object, the same ranking the page shows', async () => {
    const r = await runCli(build.script('search'), ['--index', index, '--json', 'GTI 2040 -gemcitabine']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as ReturnType<typeof toApiResponse>;
    const loaded = await openEngine({ backend: 'memory', indexDir: index });
    try {
      const direct = toApiResponse(await search(loaded, { q: 'GTI 2040 -gemcitabine', page: 1, size: 10, sort: 'relevance' }));
      expect(out.results.map((x) => x.id)).toEqual(direct.results.map((x) => x.id));
      expect({ ...out, tookMs: 0 }).toEqual({ ...direct, tookMs: 0 });
    } finally {
      await loaded.close();
    }
  });

  it('says how to fix a usage error (exit 2) or a missing index (exit 3)', async () => {
    const none = await runCli(build.script('search'), ['--index', index]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/give a query/);
    const sort = await runCli(build.script('search'), ['--index', index, '--sort', 'sideways', 'x']);
    expect(sort.code).toBe(2);
    const missing = await runCli(build.script('search'), ['--index', join(root, 'nothing-here'), 'x']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/npm run reindex/);
  });
});

describe('npm run -s inspect', () => {
  it('--json shows releases and skipped parts without indexing', async () => {
    const r = await runCli(build.script('inspect'), ['--json', '--corpus', corpus, join(corpus, 'seeds', '000_9dfd254e06cbdf3a.txt')]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { releases: Record<string, unknown>[]; skipped: { file: string; part: string; reason: string }[] };
    expect(out.releases).toHaveLength(8);
    for (const rel of out.releases) {
      for (const k of ['id', 'title', 'subtitle', 'date', 'place', 'company', 'tickers', 'body', 'sources', 'removed']) expect(rel).toHaveProperty(k);
    }
    expect(out.releases[0]!['sources']).toEqual([{ file: 'seeds/000_9dfd254e06cbdf3a.txt', part: expect.stringMatching(/^release \d of 8$/) }]);
    expect(out.skipped).toEqual([{ file: 'seeds/000_9dfd254e06cbdf3a.txt', part: 'front matter', reason: 'not a press release: cover page' }]);
  });

  it('refuses a path that is not a file, naming it', async () => {
    const r = await runCli(build.script('inspect'), ['--json', join(root, 'nope.txt')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read .*nope\.txt/);
  });
});
