import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestPool, type PoolKind } from '../../src/reindex/ingest-pool.js';
import { overBudgetReason, sha256 } from '../../src/reindex/ingest-task.js';

// The pool's own guarantees, with a stand-in worker speaking its protocol: a file whose worker
// hangs past the budget or dies is reported as failed, the worker replaced, the next file served.
let dir: string;
let script: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ingest-pool-'));
  script = join(dir, 'worker.mjs');
  writeFileSync(
    script,
    `import { parentPort } from 'node:worker_threads';
const send = (m) => (parentPort ? parentPort.postMessage(m) : process.send(m));
const on = (f) => (parentPort ? parentPort.on('message', f) : process.on('message', f));
on(({ id, task }) => {
  if (task.file === 'hang') for (;;);
  if (task.file === 'crash') process.exit(3);
  send({ id, outcome: { kind: 'drafts', hash: 'h', bytes: 1, fromCache: false, result: { drafts: [{ file: task.file, pid: process.pid }], skipped: [] } } });
});
send({ ready: true });
`,
  );
  for (const f of ['a', 'b', 'hang', 'crash']) writeFileSync(join(dir, f), f);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const task = (file: string) => ({ file, path: join(dir, file), dryRun: true });

describe.each<PoolKind>(['process', 'thread'])('IngestPool (%s)', (kind) => {
  it('spreads files over its workers and survives a hang and a crash', async () => {
    const pool = new IngestPool(2, { indexDir: dir, code: 'x', budgetMs: 100 }, script, kind, 200);
    try {
      const [a, b] = await Promise.all([pool.run(task('a')), pool.run(task('b'))]);
      expect(a).toMatchObject({ kind: 'drafts', result: { drafts: [{ file: 'a' }] } });
      expect(b).toMatchObject({ kind: 'drafts', result: { drafts: [{ file: 'b' }] } });
      const started = performance.now();
      const [hang, crash, after] = await Promise.all([pool.run(task('hang')), pool.run(task('crash')), pool.run(task('a'))]);
      expect(hang).toEqual({ kind: 'failed', hash: sha256(Buffer.from('hang')), bytes: 4, reason: overBudgetReason(100) });
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(crash).toMatchObject({ kind: 'failed', hash: sha256(Buffer.from('crash')), reason: expect.stringMatching(/cannot be ingested \(the ingest worker exited with code 3\)/) });
      expect(after).toMatchObject({ kind: 'drafts', result: { drafts: [{ file: 'a' }] } });
      // both replacements answer
      const more = await Promise.all([pool.run(task('a')), pool.run(task('b')), pool.run(task('a'))]);
      expect(more.map((o) => o.kind)).toEqual(['drafts', 'drafts', 'drafts']);
      expect(pool.size).toBe(2);
    } finally {
      pool.close();
    }
  });
});
