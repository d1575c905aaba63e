import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tempIndex, type TempIndex } from '../support/temp-index.js';
import { buildCli } from './build-cli.js';
import { writeNewFiling } from './corpus-fixture.js';
import { runCli } from './run-cli.js';

// `npm start -- --workers 2`: two processes behind one port, each with its own copy of the index.
let build: ReturnType<typeof buildCli>;
let t: TempIndex;
let server: ChildProcess;
let stderr = '';
let base = '';
beforeAll(async () => {
  build = buildCli('serve-cluster');
  t = await tempIndex({ prefix: 'serve-cluster' });
  server = spawn(process.execPath, [build.script('serve'), '--corpus', t.corpusDir, '--index', t.indexDir, '--port', '0', '--workers', '2'], {
    env: { ...process.env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  server.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  await vi.waitFor(() => expect(stderr).toMatch(/serve: ready at (http:\/\/localhost:\d+) \(9 releases\)/), { timeout: 60_000, interval: 50 });
  base = /serve: ready at (http:\/\/localhost:\d+)/.exec(stderr)![1]!;
});
afterAll(() => {
  if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  build?.clean();
  t?.cleanup();
});

/** One request on a connection of its own (so that the cluster spreads them over its workers). */
function get(path: string): Promise<{ status: number; worker: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, worker: String(res.headers['x-worker'] ?? ''), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const workerPids = () => [...stderr.matchAll(/serve: worker (\d+) \(pid (\d+)\) ready/g)].map((m) => ({ id: m[1]!, pid: Number(m[2]) }));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('serve --workers 2', () => {
  it('answers every query the same from either worker', async () => {
    const answers = new Map<string, Set<string>>();
    for (const q of ['lorus', 'GTI-2040', '"renal cell"', 'virul*', 'gemcitabin']) {
      for (let i = 0; i < 6; i++) {
        const r = await get(`/api/search?q=${encodeURIComponent(q)}`);
        expect(r.status).toBe(200);
        const { tookMs: _t, ...rest } = JSON.parse(r.body) as Record<string, unknown>;
        const key = `${q}`;
        if (!answers.has(key)) answers.set(key, new Set());
        answers.get(key)!.add(JSON.stringify(rest));
        answers.set(`${key} workers`, new Set([...(answers.get(`${key} workers`) ?? []), r.worker]));
      }
    }
    for (const [key, values] of answers) {
      if (key.endsWith(' workers')) expect([...values].sort()).toEqual(['1', '2']);
      else expect(values.size, key).toBe(1);
    }
  });

  it('swaps a new index in on each worker with zero failed requests', async () => {
    const failures: string[] = [];
    const totals = new Map<string, number[]>();
    let stop = false;
    const client = async () => {
      while (!stop) {
        try {
          const r = await get('/api/search?q=lorus');
          if (r.status !== 200) failures.push(`status ${r.status}`);
          else (totals.get(r.worker) ?? totals.set(r.worker, []).get(r.worker)!).push((JSON.parse(r.body) as { total: number }).total);
        } catch (err) {
          failures.push((err as Error).message);
        }
      }
    };
    const clients = [client(), client(), client(), client()];
    await vi.waitFor(() => expect([...totals.values()].map((v) => v.length >= 5)).toEqual([true, true]), { timeout: 15_000 });
    writeNewFiling(t.path('new-filing.txt'), 'zymurgical');
    const re = await runCli(build.script('reindex'), ['--corpus', t.corpusDir, '--index', t.indexDir]);
    expect(re.code, re.stderr).toBe(0);
    // both workers come to the new index by themselves
    await vi.waitFor(() => expect([...totals.values()].map((v) => v.filter((n) => n === 10).length >= 5)).toEqual([true, true]), { timeout: 15_000, interval: 25 });
    stop = true;
    await Promise.all(clients);
    expect(failures).toEqual([]);
    // each worker answered from the old index, then from the new one, never the old again
    for (const seen of totals.values()) {
      const first = seen.indexOf(10);
      expect(seen.slice(0, first).every((n) => n === 9)).toBe(true);
      expect(seen.slice(first).every((n) => n === 10)).toBe(true);
    }
  });

  it('replaces a worker that dies, and stops every worker on SIGTERM', async () => {
    const [victim] = workerPids();
    process.kill(victim!.pid, 'SIGKILL');
    await vi.waitFor(() => expect(stderr).toMatch(new RegExp(`worker ${victim!.id} \\(pid ${victim!.pid}\\) was killed \\(SIGKILL\\); starting another`)), { timeout: 10_000 });
    await vi.waitFor(() => expect(workerPids().length).toBe(3), { timeout: 30_000, interval: 50 });
    // two workers answer again, the new one from the current index
    const seen = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const r = await get('/api/search?q=zymurgical');
      expect(r.status).toBe(200);
      expect((JSON.parse(r.body) as { total: number }).total).toBe(1);
      seen.add(r.worker);
    }
    expect(seen.size).toBe(2);
    expect(seen.has(victim!.id)).toBe(false);

    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    await vi.waitFor(() => expect(workerPids().map((w) => alive(w.pid))).toEqual([false, false, false]), { timeout: 5_000 });
  });
});
