import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Release } from '../../clean/release.js';
import { copyBatch, type CopyBatch } from './copy-batch.js';

const WORKER = fileURLToPath(new URL('./row-worker.js', import.meta.url));
/** Releases per batch: big enough that a message costs little beside the work, small enough to stream. */
const BATCH = 256;
// Fewer releases than this are turned into rows in this thread: a worker costs more than it saves.
const MIN_RELEASES = 2_000;

type Upsert = { release: Release; hash: string };

/**
 * The releases as COPY batches, in order: on worker threads (one per core, each with two batches
 * in hand so none waits for the next) while this thread streams the batches to PostgreSQL, or
 * here when the load is small (or the compiled worker is missing, as under a TypeScript runner).
 */
export async function* copyBatches(upserts: readonly Upsert[], rels: readonly number[], workers = availableParallelism(), minReleases = MIN_RELEASES): AsyncGenerator<CopyBatch> {
  const count = Math.ceil(upserts.length / BATCH);
  const slice = (i: number) => ({ upserts: upserts.slice(i * BATCH, (i + 1) * BATCH), rels: rels.slice(i * BATCH, (i + 1) * BATCH) });
  if (upserts.length < minReleases || workers < 1 || !existsSync(WORKER)) {
    for (let i = 0; i < count; i++) {
      const { upserts: u, rels: r } = slice(i);
      yield copyBatch(u, r, false);
    }
    return;
  }
  const pool = Array.from({ length: Math.min(workers, 16) }, () => {
    const worker = new Worker(WORKER);
    // each worker answers its messages in the order sent
    const waiting: { resolve(b: CopyBatch): void; reject(e: Error): void }[] = [];
    const fail = (err: Error) => {
      for (const w of waiting.splice(0)) w.reject(err);
    };
    worker.on('message', (b: CopyBatch) => waiting.shift()?.resolve(b));
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a bulk-load worker exited with code ${code}`)));
    return { worker, waiting };
  });
  const inFlight: Promise<CopyBatch>[] = [];
  let sent = 0;
  const send = () => {
    const w = pool[sent % pool.length]!;
    const task = slice(sent++);
    const p = new Promise<CopyBatch>((resolve, reject) => w.waiting.push({ resolve, reject }));
    // observed at once: a failure surfaces when its turn comes, never as an unhandled rejection
    p.catch(() => {});
    w.worker.postMessage(task);
    inFlight.push(p);
  };
  try {
    while (sent < count && inFlight.length < pool.length * 2) send();
    while (inFlight.length) {
      const batch = await inFlight.shift()!;
      if (sent < count) send();
      yield batch;
    }
  } finally {
    for (const w of pool) {
      w.worker.removeAllListeners('exit');
      await w.worker.terminate();
    }
  }
}
