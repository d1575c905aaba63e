import cluster, { type Worker } from 'node:cluster';
import type { Server } from 'node:http';

/** This process is one of the server's workers (`serve --workers N`, N > 1). */
export const isServeWorker = (): boolean => cluster.isWorker;

/** A worker lived less than this: it is restarted after a growing pause, so a crash loop does not spin. */
const YOUNG_MS = 5_000;
const MAX_PAUSE_MS = 30_000;

type ToPrimary = { ready: number } | { listening: number };

/**
 * In a worker, once it listens: tag each answer with the worker's number (`X-Worker`, 1…N:
 * which process answered, for checking that all of them agree), tell the primary, and resolve
 * when the primary has the index ready (built first when missing or stale).
 */
export function workerListening(server: Server, port: number): Promise<void> {
  const id = String(cluster.worker?.id ?? 0);
  server.prependListener('request', (_req, res) => res.setHeader('X-Worker', id));
  const ready = new Promise<void>((resolve) => {
    const on = (m: unknown) => {
      if ((m as { open?: boolean } | null)?.open !== true) return;
      process.off('message', on);
      resolve();
    };
    process.on('message', on);
  });
  process.send?.({ listening: port } satisfies ToPrimary);
  return ready;
}

/** In a worker that is stopping: let go of the primary's channel too, so the process can end. */
export function workerStopping(): void {
  if (cluster.worker?.isConnected()) cluster.worker.disconnect();
}

/** In a worker: the index is loaded; `releases` it holds. */
export function workerReady(releases: number): void {
  process.send?.({ ready: releases } satisfies ToPrimary);
}

/**
 * The primary of `serve --workers N`: N processes of this same command behind one port (Node's
 * cluster), sharing nothing but the index folder: each loads the index itself and swaps a new
 * generation in on its own (each watches the manifest), so a reindex never fails a request. The
 * primary builds a missing or stale index once (`prepare`, while the workers answer 503), then
 * lets the workers open it; a worker that dies is replaced. SIGHUP is passed on to every worker;
 * SIGINT and SIGTERM stop them all.
 */
export async function runPrimary(workers: number, prepare: () => Promise<void>, log: (line: string) => void): Promise<number> {
  let stopping = false;
  let opened = false;
  let everReady = false;
  let pause = 0;
  const started = new Map<Worker, number>();
  let announced = false;
  let readyCount = 0;
  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => (finish = resolve));

  const start = () => {
    const w = cluster.fork();
    started.set(w, Date.now());
    w.on('message', (m: ToPrimary) => {
      if ('listening' in m) {
        listening.add(w);
        if (opened) w.send({ open: true });
        if (!announced) {
          announced = true;
          port = m.listening;
          log(`serve: listening on http://localhost:${port} (${workers} workers)`);
        }
      }
      if ('ready' in m) {
        everReady = true;
        readyCount++;
        log(`serve: worker ${w.id} (pid ${w.process.pid}) ready`);
        if (readyCount === workers) log(`serve: ready at http://localhost:${port} (${m.ready} releases)`);
      }
    });
  };
  let port = 0;
  const listening = new Set<Worker>();

  cluster.on('exit', (w, code, signal) => {
    const born = started.get(w) ?? 0;
    started.delete(w);
    listening.delete(w);
    if (stopping) {
      if (started.size === 0) finish(0);
      return;
    }
    // a worker that could not load the index, before any did: the others will not either
    if (!everReady && code === 3) {
      stopping = true;
      for (const other of started.keys()) other.kill();
      if (started.size === 0) finish(3);
      return;
    }
    const young = Date.now() - born < YOUNG_MS;
    pause = young ? Math.min(MAX_PAUSE_MS, Math.max(500, pause * 2)) : 0;
    log(`serve: worker ${w.id} (pid ${w.process.pid}) ${signal ? `was killed (${signal})` : `exited with code ${code}`}; starting another${pause ? ` in ${pause / 1000} s` : ''}`);
    setTimeout(start, pause);
  });

  const stop = () => {
    if (stopping) return;
    stopping = true;
    if (started.size === 0) finish(0);
    for (const w of started.keys()) w.process.kill('SIGTERM');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.on('SIGHUP', () => {
    for (const w of started.keys()) w.process.kill('SIGHUP');
  });

  for (let i = 0; i < workers; i++) start();
  await prepare();
  opened = true;
  for (const w of listening) w.send({ open: true });
  return done;
}
